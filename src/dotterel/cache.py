"""On-disk caches that survive crashes, races and garbage.

A cache file is written to a unique temporary file in the same directory and renamed over
the final name (atomic on POSIX and Windows), so a reader sees the old file or the new
one, never half of one.  Builders take an exclusive lock file first, so four processes
started together on an empty cache build it once: the first builds, the others wait and
then load its result.  Whatever goes wrong while loading (truncated, corrupt or foreign
file, one written by another version) is reported once and the cache is rebuilt.

The file's format belongs to its user: ``load_or_build`` takes a ``read(path)`` that returns
the value or raises, and a ``write(value, handle)`` that writes it to a binary file handle.
No pickles: a cache directory another user can write must not be able to run code here.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TypeVar

from . import errors

log = logging.getLogger(__name__)
T = TypeVar("T")
CACHE_ENV = "DOTTEREL_CACHE_DIR"
Reader = Callable[[Path], T]
Writer = Callable[[T, BinaryIO], None]


def cache_dir() -> Path:
    """``$DOTTEREL_CACHE_DIR``, else ``$XDG_CACHE_HOME/dotterel``, else ``~/.cache/dotterel``."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dotterel"


def load(path: Path, read: Reader) -> T | None:
    """The cached object, or None when there is none or it cannot be used (reported once)."""
    try:
        return read(path)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - any failure to load means: rebuild
        log.warning(errors.W101.format(path=path, detail=f"{exc.__class__.__name__}: {exc}"[:200]))
        return None


def save(path: Path, value: T, write: Writer) -> bool:
    """Write atomically: a unique temporary file in the same directory, then rename."""
    tmp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            write(value, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        return True
    except (OSError, ValueError, TypeError, AttributeError) as exc:  # unwritable, or a value it cannot write
        log.warning(errors.W102.format(path=path, detail=getattr(exc, "strerror", None) or exc.__class__.__name__))
        return False
    finally:
        if tmp_name is not None:  # whatever happened, no half-written temporary file is left behind
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


@contextmanager
def _locked(path: Path):
    """An exclusive lock on ``path + '.lock'`` (POSIX flock; elsewhere, or if the directory
    is read-only, no lock: atomic renames alone still keep the cache whole)."""
    handle = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(str(path) + ".lock", "a+b")
    except OSError:
        handle = None
    try:
        if handle is not None:
            try:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            except (ImportError, OSError):
                pass
        yield
    finally:
        if handle is not None:
            handle.close()  # closing releases the lock


def load_or_build(path: Path, read: Reader, write: Writer, build: Callable[[], T], what: str) -> T:
    """Load the cache at ``path``, else build it once (under a lock), save it and say so.

    ``read(path)`` gives the cached value or raises (the file is then rebuilt);
    ``write(value, handle)`` writes it; ``build()`` gives a value of the kind ``read`` gives."""
    seen = _stamp(path)
    value = load(path, read)
    if value is not None:
        return value
    with _locked(path):
        if _stamp(path) not in (None, seen):  # another process built it while we waited
            value = load(path, read)
            if value is not None:
                return value
        log.info(errors.W103.format(what=what, path=path))
        started = time.monotonic()
        value = build()
        save(path, value, write)
        log.info(errors.W104.format(what=what, seconds=time.monotonic() - started))
        return value


def _stamp(path: Path) -> tuple | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)
