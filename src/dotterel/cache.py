"""On-disk caches that survive crashes, races and garbage.

A cache file is written to a unique temporary file in the same directory and renamed over
the final name (atomic on POSIX and Windows), so a reader sees the old file or the new
one, never half of one.  Builders take an exclusive lock file first, so four processes
started together on an empty cache build it once: the first builds, the others wait and
then load its result.  Whatever goes wrong while loading (truncated, corrupt or foreign
file, a class that moved) is reported once and the cache is rebuilt.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from . import errors

log = logging.getLogger(__name__)
T = TypeVar("T")
CACHE_ENV = "DOTTEREL_CACHE_DIR"
_MAGIC = "dotterel-cache"


def cache_dir() -> Path:
    """``$DOTTEREL_CACHE_DIR``, else ``$XDG_CACHE_HOME/dotterel``, else ``~/.cache/dotterel``."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dotterel"


def load(path: Path, kind: type[T], tag: str) -> T | None:
    """The cached object, or None when there is none or it cannot be used (reported once)."""
    try:
        with path.open("rb") as handle:
            magic, found_tag, value = pickle.load(handle)
        if magic != _MAGIC or found_tag != tag or not isinstance(value, kind):
            raise ValueError("written by another version or program")
        return value
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - any failure to load means: rebuild
        log.warning(errors.W101.format(path=path, detail=f"{exc.__class__.__name__}: {exc}"[:200]))
        return None


def save(path: Path, value: object, tag: str) -> bool:
    """Write atomically: a unique temporary file in the same directory, then rename."""
    tmp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((_MAGIC, tag, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        return True
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:  # unwritable, or unpicklable
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


def load_or_build(path: Path, kind: type[T], tag: str, build: Callable[[], T], what: str) -> T:
    """Load the cache at ``path``, else build it once (under a lock), save it and say so."""
    seen = _stamp(path)
    value = load(path, kind, tag)
    if value is not None:
        return value
    with _locked(path):
        if _stamp(path) not in (None, seen):  # another process built it while we waited
            value = load(path, kind, tag)
            if value is not None:
                return value
        log.info(errors.W103.format(what=what, path=path))
        started = time.monotonic()
        value = build()
        save(path, value, tag)
        log.info(errors.W104.format(what=what, seconds=time.monotonic() - started))
        return value


def _stamp(path: Path) -> tuple | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)
