"""Shared helpers for the dotterel test suite (no network, no files outside tests/ and tmp_path)."""

from __future__ import annotations

import pytest
from hypothesis import settings

# property tests draw the same examples on every run: a CI failure can be replayed, never flickers
settings.register_profile("dotterel", derandomize=True, database=None)
settings.load_profile("dotterel")


class ErrorLog(list):
    """Collects the InputErrors that ingest passes to ``on_error``."""

    def __call__(self, error) -> None:
        self.append(error)

    @property
    def origins(self) -> list[str]:
        return [e.origin for e in self]


@pytest.fixture
def errors() -> ErrorLog:
    return ErrorLog()
