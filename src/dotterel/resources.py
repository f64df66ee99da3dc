"""Reading the packaged lexicons: TSV files validated line by line.

Every data file under ``dotterel/data`` is a UTF-8 TSV with a header line, ``#`` comments
and blank lines allowed.  A malformed line raises :class:`DataFileError` naming
``file:line``; a packaged file that fails to load is a bug, a user file is a user error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import DataFileError

PLOVER_CATEGORIES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
NON_STATE_CODES = frozenset("IGO UNO EUR NGO ISM IMG MNC".split())


@dataclass(frozen=True)
class Row:
    origin: str  # "file:line"
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values[key]


def data_path(name: str, data_dir: Path | None) -> Path | None:
    """The file ``name`` in a user data directory, or None for the packaged one."""
    return None if data_dir is None else Path(data_dir) / name


# The data directory of the coder now running (``Coder`` with ``Options(data_dir=...)``), read by
# the loaders that rules deep in the stages call (``vocab()``, the time words): a context
# variable, so each thread or task sees only the coder it runs, and None means the packaged data.
_ACTIVE_DATA_DIR: ContextVar[Path | None] = ContextVar("dotterel_data_dir", default=None)


def active_data_dir() -> Path | None:
    """The data directory of the coder now running (None: the packaged data)."""
    return _ACTIVE_DATA_DIR.get()


@contextmanager
def data_dir_scope(data_dir: Path | None) -> Iterator[None]:
    """Run a block with ``data_dir`` as the active data directory (see ``active_data_dir``)."""
    token = _ACTIVE_DATA_DIR.set(None if data_dir is None else Path(data_dir))
    try:
        yield
    finally:
        _ACTIVE_DATA_DIR.reset(token)


def copy_packaged_data(target: Path) -> Path:
    """Copy the packaged data files into ``target`` (created), to edit and pass as a data dir."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for entry in resources.files("dotterel.data").iterdir():
        if entry.is_file():
            (target / entry.name).write_bytes(entry.read_bytes())
    return target


def _read_lines(name: str, path: Path | None) -> tuple[str, list[str]]:
    if path is not None:
        return str(path), path.read_text(encoding="utf-8").splitlines()
    text = resources.files("dotterel.data").joinpath(name).read_text(encoding="utf-8")
    return f"dotterel/data/{name}", text.splitlines()


def read_tsv(name: str, columns: tuple[str, ...], path: Path | None = None) -> Iterator[Row]:
    """Yield the rows of a TSV data file, checking the header and the column count."""
    label, lines = _read_lines(name, path)
    header_seen = False
    for lineno, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.rstrip("\n").split("\t")]
        if not header_seen:
            if tuple(cells[: len(columns)]) != columns:
                raise DataFileError(f"{label}:{lineno}", f"header must be {'|'.join(columns)}, got {'|'.join(cells)}")
            header_seen = True
            continue
        if len(cells) > len(columns) or not cells[0]:
            raise DataFileError(f"{label}:{lineno}", f"expected {len(columns)} tab-separated columns, got {len(cells)}")
        cells += [""] * (len(columns) - len(cells))
        yield Row(f"{label}:{lineno}", dict(zip(columns, cells)))
    if not header_seen:
        raise DataFileError(label, "file has no header line")


def check_code(row: Row, key: str, allowed: frozenset[str] | None = None, optional: bool = False) -> str | None:
    """Validate a three-letter code cell; return it or None if empty and optional."""
    value = row[key]
    if not value and optional:
        return None
    if len(value) != 3 or not value.isupper() or (allowed is not None and value not in allowed):
        raise DataFileError(row.origin, f"bad {key} '{value}'")
    return value


def check_scale(row: Row, key: str, what: str) -> float:
    """A number on the -10..10 conflict-cooperation scales (PLOVER scores, Goldstein weights)."""
    try:
        value = float(row[key])
    except ValueError:
        raise DataFileError(row.origin, f"bad {what} '{row[key]}'") from None
    if not -10 <= value <= 10:
        raise DataFileError(row.origin, f"{what} {value} outside -10..10")
    return value


def check_choice(row: Row, key: str, allowed: tuple[str, ...] | frozenset[str], optional: bool = False) -> str | None:
    value = row[key]
    if not value and optional:
        return None
    if value not in allowed:
        raise DataFileError(row.origin, f"bad {key} '{value}' (expected one of {', '.join(sorted(allowed))})")
    return value
