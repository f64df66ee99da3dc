"""The event store: coded articles in a DuckDB file, each happening counted once.

``Store.open(path)`` creates or upgrades a store; ``store.ingest(articles, coder)`` codes and
stores articles (one transaction per article); ``query_events``, ``get_event``, ``dyads``,
``stats`` and ``events_table`` read it.  Exports live in ``dotterel.store.export`` and charts
in ``dotterel.store.plot``.  Nothing heavy is imported until a store is opened.

``dotterel.store.backend`` is the storage seam: ``StoreBackend`` (what a store implements) and
``open_store(name)``, which opens a path or ``SCHEME:LOCATION`` through the ``BACKENDS``
registry (DuckDB, ``Store``, is the only backend); the CLI and the service open stores there.
"""

from __future__ import annotations

__all__ = ["Store", "IngestReport", "StoreBackend", "open_store"]


def __getattr__(name: str):
    if name in ("StoreBackend", "open_store"):
        from . import backend

        return getattr(backend, name)
    if name == "Store":
        from .core import Store

        return Store
    if name == "IngestReport":
        from .ingest import IngestReport

        return IngestReport
    raise AttributeError(name)
