"""The storage-backend seam (dotterel.store.backend): the DuckDB store implements the interface
every caller relies on, stores are opened by name through one registry, and a name of no known
kind is one clear error (E115), never a traceback.  No spaCy model needed."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from typer.testing import CliRunner

from dotterel import errors
from dotterel.cli import app
from dotterel.errors import StoreError
from dotterel.records import Article, Entity, Event, Evidence
from dotterel.store.backend import (BACKENDS, DEFAULT_BACKEND, StoreBackend, backend_class, open_store,
                                    split_store_url, store_location)
from dotterel.store.core import Store


def protocol_methods() -> dict[str, inspect.Signature]:
    """The methods StoreBackend declares (its own, not object's or Protocol's machinery)."""
    own = {name: value for name, value in vars(StoreBackend).items()
           if callable(value) and (not name.startswith("_") or name in ("__enter__", "__exit__"))}
    return {name: inspect.signature(fn) for name, fn in own.items()}


def accepts(implementation: inspect.Signature, declared: inspect.Signature) -> list[str]:
    """Why a method with ``implementation``'s signature cannot be called as ``declared`` says (empty: it can)."""
    problems = []
    impl = implementation.parameters
    has_varargs = any(p.kind is p.VAR_POSITIONAL for p in impl.values())
    has_varkw = any(p.kind is p.VAR_KEYWORD for p in impl.values())
    for name, param in declared.parameters.items():
        if param.kind is param.VAR_POSITIONAL:
            if not has_varargs:
                problems.append(f"*{name} not accepted")
            continue
        if param.kind is param.VAR_KEYWORD:
            if not has_varkw:
                problems.append(f"**{name} not accepted")
            continue
        if name not in impl:
            if not has_varargs:
                problems.append(f"no parameter '{name}'")
            continue
        if (param.default is param.empty) != (impl[name].default is impl[name].empty):
            problems.append(f"'{name}' is {'optional' if impl[name].default is not impl[name].empty else 'required'}")
    extra = [n for n, p in impl.items() if n not in declared.parameters and p.default is p.empty
             and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    problems += [f"extra required parameter '{n}'" for n in extra]
    return problems


def test_the_protocol_declares_what_the_callers_use():
    methods = protocol_methods()
    # ingest, the service, feeds and the read commands call these (see the module docstring)
    for name in ("close", "__enter__", "__exit__", "has_article", "ingest_coded", "ingest_coded_many", "ingest",
                 "ingest_pairs", "execute", "transaction", "query_events", "iter_events", "get_event", "dyads",
                 "stats"):
        assert name in methods, name


def test_the_duckdb_store_implements_every_protocol_method_with_a_compatible_signature():
    methods = protocol_methods()
    assert methods
    for name, declared in methods.items():
        implementation = getattr(Store, name, None)
        assert callable(implementation), f"Store has no method {name}"
        assert accepts(inspect.signature(implementation), declared) == [], name


def test_the_signature_check_finds_an_incompatible_method():
    def declared(self, event_id: str) -> dict | None: ...

    def renamed(self, ident: str): ...

    def extra_required(self, event_id, mode): ...

    assert accepts(inspect.signature(renamed), inspect.signature(declared)) == ["no parameter 'event_id'",
                                                                                 "extra required parameter 'ident'"]
    assert accepts(inspect.signature(extra_required), inspect.signature(declared)) == ["extra required parameter 'mode'"]

    def filtered(self, page: int = 10, **filters): ...

    def unfiltered(self, page: int = 10): ...

    assert accepts(inspect.signature(unfiltered), inspect.signature(filtered)) == ["**filters not accepted"]


def _event(doc_id: str) -> Event:
    kenya = [Entity("Kenya", "Kenya", "KEN", "GOV", None, "lexicon")]
    uganda = [Entity("Uganda", "Uganda", "UGA", "GOV", None, "lexicon")]
    return Event(doc_id=doc_id, event="CONSULT", actor=kenya, recipient=uganda, text="Kenya met Uganda.", sequence=0,
                 start=0, end=17, evidence=Evidence("met", 6, 9, "test:1"), cameo="040", quad_code=1,
                 date=date(2024, 5, 14), date_source="sentence", id=f"{doc_id}-0")


@pytest.mark.parametrize("form", ["{path}", "duckdb:{path}", "duckdb://{path}", "DuckDB:{path}"])
def test_a_store_opened_by_path_or_scheme_is_the_same_duckdb_store(tmp_path, form):
    path = tmp_path / "events.duckdb"
    article = Article("a1", "Kenya met Uganda.", date=date(2024, 5, 15), source="Wire", origin="fixture:a1")
    with open_store(form.format(path=path)) as store:
        assert isinstance(store, Store) and isinstance(store, StoreBackend)
        assert store.ingest_coded(article, [_event("a1")]) == "new"
    assert path.exists()
    with Store.open(path, read_only=True) as store:
        assert [e["event"] for e in store.query_events()] == ["CONSULT"]
        assert store.read_only


@pytest.mark.parametrize("name, expected", [
    ("events.duckdb", ("duckdb", "events.duckdb")),
    ("duckdb:events.duckdb", ("duckdb", "events.duckdb")),
    ("duckdb:///srv/events.duckdb", ("duckdb", "/srv/events.duckdb")),
    ("C:\\data\\events.duckdb", ("duckdb", "C:\\data\\events.duckdb")),  # a drive letter is no scheme
    ("./odd:name.duckdb", ("duckdb", "./odd:name.duckdb")),
    ("postgresql://host/db", ("postgresql", "host/db")),
])
def test_store_names(name, expected):
    assert split_store_url(name) == expected


def test_the_registry_names_the_default_backend_and_the_token_sits_beside_the_file(tmp_path):
    assert DEFAULT_BACKEND in BACKENDS
    assert backend_class(DEFAULT_BACKEND) is Store
    assert store_location(f"duckdb:{tmp_path}/x.duckdb") == tmp_path / "x.duckdb"


def test_an_unknown_kind_of_store_is_one_clear_error(tmp_path):
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://host/events")
    message = str(caught.value)
    assert message.startswith("postgresql://host/events: ")
    assert caught.value.reason == errors.E115.format(scheme="postgresql", known="duckdb:PATH")
    assert not list(tmp_path.iterdir())  # nothing was created anywhere


@pytest.mark.parametrize("command", [["stats"], ["events"], ["feeds"], ["export", "--format", "plover", "-o", "{tmp}/x"]])
def test_the_cli_reports_an_unknown_kind_of_store_without_a_traceback(command, tmp_path):
    args = [a.format(tmp=tmp_path) for a in command]
    result = CliRunner().invoke(app, [*args, "--db", "mysql://localhost/events"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "unknown kind of store 'mysql:'" in result.output
    assert "Traceback" not in result.output


def test_serve_reports_an_unknown_kind_of_store_and_starts_nothing(tmp_path):
    from dotterel.serve.run import run

    said: list[str] = []
    assert run(f"sqlite:{tmp_path}/x.db", "127.0.0.1", 0, (), said.append) == 2
    assert said == [f"sqlite:{tmp_path}/x.db: " + errors.E115.format(scheme="sqlite", known="duckdb:PATH")]
    assert not list(tmp_path.iterdir())  # no store, no token file
