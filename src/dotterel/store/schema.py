"""Opening a store file and bringing its schema up to date.

The schema is built by numbered migrations, ``migrations/NNNN_name.sql``, applied in order,
each in its own transaction together with its row in ``schema_version``: a migration either
happens entirely or not at all.  A file is only ever opened for writing once it is known to be
a dotterel store (or is new): anything else is inspected read-only and left untouched.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .. import errors
from ..errors import StoreError

logger = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of every DuckDB database file


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The packaged migrations, in order; their numbers must run 1, 2, 3 ... without gaps."""
    found = []
    for entry in resources.files("dotterel.store.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise StoreError(f"dotterel/store/migrations/{migration.name}", f"expected migration number {expected:04d}")
    return found


def latest_version() -> int:
    return len(migrations())


def _duckdb():
    import duckdb  # heavy: imported when a store is opened

    return duckdb


def _connect(path: Path, read_only: bool):
    duckdb = _duckdb()
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            holder = re.search(r"\(PID (\d+)\)", text)
            detail = f"PID {holder.group(1)}" if holder else "locked"
            raise StoreError(str(path), errors.E104.format(detail=detail)) from None
        if "not a valid DuckDB database" in text:
            raise StoreError(str(path), errors.E102) from None
        raise StoreError(str(path), errors.E106.format(detail=_first_line(text))) from None
    except duckdb.Error as exc:
        raise StoreError(str(path), errors.E106.format(detail=_first_line(str(exc)))) from None
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error:  # pragma: no cover - older DuckDB
        pass
    return con


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def stored_version(con) -> int | None:
    """The store's schema version; 0 for an empty database; None if it holds other tables."""
    tables = {row[0] for row in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    if not tables:
        return 0
    if not {"schema_version", "store_meta"} <= tables:
        return None
    app = con.execute("SELECT value FROM store_meta WHERE key = 'application'").fetchone()
    if app is None or app[0] != "dotterel":
        return None
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def open_connection(path: str | Path, read_only: bool = False):
    """Open (creating or upgrading when writable) a store; returns (connection, schema version)."""
    path = Path(path)
    latest = latest_version()
    if path.exists():
        if path.is_dir():
            raise StoreError(str(path), errors.E106.format(detail="it is a directory"))
        with path.open("rb") as handle:
            header = handle.read(16)
        if len(header) < 12 or header[8:12] != DUCKDB_MAGIC:
            raise StoreError(str(path), errors.E102)
        probe = _connect(path, read_only=True)
        try:
            version = stored_version(probe)
        finally:
            probe.close()
        if version is None:
            raise StoreError(str(path), errors.E101)
        if version > latest:
            raise StoreError(str(path), errors.E103.format(found=version, known=latest))
        if read_only:
            if version == 0:
                raise StoreError(str(path), errors.E101)
            if version < latest:
                raise StoreError(str(path), errors.E106.format(
                    detail=f"schema version {version} needs upgrading to {latest}: open it once for writing"))
            return _connect(path, read_only=True), version
    elif read_only:
        raise StoreError(str(path), errors.E105)
    elif not path.parent.exists():
        raise StoreError(str(path), errors.E106.format(detail=f"no such directory {path.parent}"))
    con = _connect(path, read_only=False)
    try:
        version = stored_version(con)
        if version is None:  # another process filled the file between the probe and now
            raise StoreError(str(path), errors.E101)
        version = migrate(con, version, str(path))
    except BaseException:
        con.close()
        raise
    return con, version


def migrate(con, current: int, label: str) -> int:
    """Apply every migration newer than ``current``, each in one transaction."""
    duckdb = _duckdb()
    for migration in migrations():
        if migration.version <= current:
            continue
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)")
            con.execute(migration.sql)
            con.execute("INSERT INTO schema_version VALUES (?, ?, current_timestamp::TIMESTAMP)",
                        [migration.version, migration.name])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            raise StoreError(label, errors.E107.format(name=migration.name, detail=_first_line(str(exc)),
                                                        version=current)) from None
        logger.info("%s: applied migration %s", label, migration.name)
        current = migration.version
    return current
