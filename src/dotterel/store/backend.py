"""The storage-backend seam: what a store must do, and the one registry stores are opened from.

``StoreBackend`` is the interface the rest of dotterel uses: ``dotterel ingest`` and
``store.ingest`` (``has_article``, ``ingest_coded_many``), the service (``has_article``,
``ingest_coded``, ``query_events``, ``get_event``, ``dyads``, ``stats``), ``dotterel watch`` and
its feed state (``ingest_coded``, ``execute``, ``transaction``), the read commands and exports
(``query_events``, ``iter_events``, ``dyads``, ``stats``), and every caller's lifecycle
(``close``, ``with``).

A store is named by a path (the default backend, DuckDB) or by ``SCHEME:LOCATION``
(``duckdb:events.duckdb``; ``duckdb://events.duckdb`` too).  ``BACKENDS`` maps each scheme to
``"module:Class"``, imported only when a store of that scheme is opened; the class's
``open(location, read_only=False)`` returns a ``StoreBackend``.  Adding a storage backend is
one class implementing ``StoreBackend`` and one line in ``BACKENDS``; the CLI (``--db``) and
the service open stores only through ``open_store``.

The exports and charts that run their own SQL (Parquet, GDELT, the map) go through the
protocol too (``filter_sql``, ``reading``), so they hold no DuckDB connection of their own; the
SQL they and ``execute``/``transaction`` send is DuckDB's dialect (the feed state's tables are
created by the store's migrations).  A backend in another SQL engine answers that SQL or
translates it; one without SQL would override the exports too.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from types import MappingProxyType
from typing import Protocol, runtime_checkable

from .. import errors
from ..errors import StoreError
from ..records import Article, Event

# scheme -> "module:Class"; the one place a new storage backend is registered
BACKENDS = MappingProxyType({
    "duckdb": "dotterel.store.core:Store",
})
DEFAULT_BACKEND = "duckdb"  # a store named by a plain path
# a scheme of two or more characters, so that a Windows drive letter ('C:\\...') stays a path; a path
# whose first part holds a colon is written './name:with:colons'
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]+):")


@runtime_checkable
class StoreBackend(Protocol):
    """An open event store.  Every method may raise ``StoreError`` (one line naming the store);
    a read-only store refuses writes with ``errors.E110``."""

    read_only: bool

    def close(self) -> None:
        """Release the store; closing twice is harmless."""

    def __enter__(self) -> StoreBackend: ...

    def __exit__(self, *exc) -> None: ...

    # ---------------------------------------------------------------- writing
    def has_article(self, article: Article) -> bool:
        """Is this text already stored from this source (so the caller need not code it)?"""

    def ingest_coded(self, article: Article, events: list[Event]) -> str:
        """Store one coded article in one transaction: 'new', 'duplicate' or 'near-duplicate'."""

    def ingest_coded_many(self, pairs: list[tuple[Article, list[Event]]]) -> list[tuple[str, int, int]]:
        """Store coded articles in one transaction (all or none): per article (status, new events,
        new mentions)."""

    def ingest(self, articles: Iterable[Article], coder, on_error=None, progress=None, batch_size: int = 1):
        """Code and store articles (``dotterel.store.ingest.ingest_articles``): an ``IngestReport``."""

    def ingest_pairs(self, pairs, on_error=None, progress=None, batch_size: int = 1):
        """Store already-coded (article, events) pairs: an ``IngestReport``."""

    def execute(self, query: str, params: list | tuple | None = ()) -> list[tuple]:
        """One parameterised SQL statement (the feed state, benchmarks); its rows."""

    def transaction(self) -> AbstractContextManager:
        """A block written whole or not at all."""

    # ---------------------------------------------------------------- reading
    def query_events(self, actor=None, recipient=None, event=None, since=None, until=None, country=None,
                     limit: int | None = 100, offset: int = 0) -> list[dict]:
        """Merged events as PLOVER dicts plus id, num_mentions, num_sources, num_articles and score,
        in date order."""

    def iter_events(self, page: int = 5000, **filters) -> Iterator[dict]:
        """Every merged event matching ``filters`` (as for ``query_events``), in the same order, read a
        page at a time (the JSONL and CSV exports)."""

    def get_event(self, event_id: str) -> dict | None:
        """One merged event with every mention (an id merged into another event finds that one)."""

    def dyads(self, by: str = "day", actor=None, recipient=None, since=None, until=None) -> list[dict]:
        """Counts and scores per period and (actor code, recipient code)."""

    def stats(self) -> dict:
        """Counts of articles, events, mentions and more."""

    # ---------------------------------------------------------------- SQL for exports and charts
    def filter_sql(self, actor=None, recipient=None, event=None, since=None, until=None, country=None
                   ) -> tuple[str, list]:
        """The WHERE clause over ``events e`` and its bound parameters (GDELT and Parquet exports,
        the map chart)."""

    def reading(self) -> AbstractContextManager:
        """A DB-API connection for read-only SQL (the exports' own queries, e.g. Parquet COPY)."""


def split_store_url(url: str | Path) -> tuple[str, str]:
    """``(scheme, location)`` of a store name: a plain path is the default backend's."""
    text = str(url)
    m = _SCHEME.match(text)
    if m is None:
        return DEFAULT_BACKEND, text
    location = text[m.end():]
    return m.group(1).lower(), location[2:] if location.startswith("//") else location


def backend_class(scheme: str, url: str | Path = "") -> type:
    """The class registered for a scheme; an unknown one is ``StoreError`` E115."""
    if scheme not in BACKENDS:
        raise StoreError(str(url or scheme), errors.E115.format(
            scheme=scheme, known=", ".join(f"{s}:PATH" for s in BACKENDS)))
    module, _, name = BACKENDS[scheme].partition(":")
    return getattr(importlib.import_module(module), name)


def store_location(url: str | Path) -> Path:
    """Where a store named ``url`` lives on disk (what files kept beside it, the API token, are named after)."""
    return Path(split_store_url(url)[1])


def open_store(url: str | Path, read_only: bool = False) -> StoreBackend:
    """Open (a writable one: create or upgrade) the store named ``url``: a path or ``SCHEME:LOCATION``."""
    scheme, location = split_store_url(url)
    return backend_class(scheme, url).open(location, read_only=read_only)
