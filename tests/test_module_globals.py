"""No mutable module globals (the project's rule) in the library's non-coder modules: a dict,
list or set at module level can be changed by any caller and leaks state between runs."""

from __future__ import annotations

import importlib

import pytest

MODULES = ["dotterel.output", "dotterel.cache", "dotterel.ingest", "dotterel.clean", "dotterel.when",
           "dotterel.cli", "dotterel.errors", "dotterel.records", "dotterel.store.core", "dotterel.store.dedup",
           "dotterel.store.export", "dotterel.store.ingest", "dotterel.store.plot", "dotterel.store.schema",
           "dotterel.feeds.fetch", "dotterel.feeds.sources", "dotterel.feeds.state", "dotterel.feeds.watch"]


@pytest.mark.parametrize("name", MODULES)
def test_no_mutable_module_globals(name):
    module = importlib.import_module(name)
    mutable = sorted(attr for attr, value in vars(module).items()
                     if not attr.startswith("__") and type(value) in (dict, list, set, bytearray)
                     and getattr(value, "__module__", None) is None)
    assert mutable == [], f"{name} has mutable globals: {mutable}"
