"""The store's commands: ingest, events, dyads, stats, export, plot.

The ingest tests run the real coder (marked ``model``) on tests/fixtures/store/wire.jsonl,
written for this project: a wire story, a reprint of it by another outlet with a changed last
sentence, an independent report of the same meeting, an exact resend of the wire story, and
two unrelated stories.  The model loads once per module.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dotterel.cli import app
from dotterel.store import Store
from dotterel.store.export import GDELT_COLUMNS

WIRE = Path(__file__).parent / "fixtures" / "store" / "wire.jsonl"
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def invoke(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def clean_exit(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "wire.duckdb"
    first = invoke("ingest", WIRE, "--db", db)
    with Store.open(db, read_only=True) as store:
        counts = store.stats()
    second = invoke("ingest", WIRE, "--db", db)
    return db, first, second, counts


@pytest.mark.model
def test_ingest_twice_gives_the_same_rows(ingested):
    db, first, second, counts = ingested
    clean_exit(first)
    clean_exit(second)
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "4 new articles, 1 near-duplicates, 1 already stored" in first.stderr
    assert "0 new articles, 0 near-duplicates, 6 already stored, 0 new events, 0 mentions" in second.stderr
    with Store.open(db, read_only=True) as store:
        assert store.stats() == counts
    assert counts["articles"] == 5 and counts["articles_near_duplicate"] == 1


@pytest.mark.model
def test_the_wire_story_and_its_copies_are_one_event(ingested):
    db = ingested[0]
    with Store.open(db, read_only=True) as store:
        meetings = store.query_events(actor="CHN", recipient="RUS", event="CONSULT")
        assert len(meetings) == 1
        meeting = meetings[0]
        # the wire story, its reprint and the independent report; the resend was never stored
        assert (meeting["num_mentions"], meeting["num_articles"], meeting["num_sources"]) == (3, 3, 3)
        detail = store.get_event(meeting["id"])
        docs = sorted(m["doc_id"] for m in detail["mentions"])
        assert docs == ["daily-b-0514", "herald-c-0514", "wire-a-0514"]
        reprint = next(m for m in detail["mentions"] if m["doc_id"] == "daily-b-0514")
        assert reprint["duplicate_of"] is not None
        assert all(m["evidence"]["rule"].startswith("dotterel/data/") for m in detail["mentions"])
        # the reprint's other events are mentions of the wire story's, not new events
        wire_only = store.execute("""
            SELECT count(*) FROM events e WHERE NOT EXISTS (
                SELECT 1 FROM mentions m JOIN articles a ON a.article_id = m.article_id
                WHERE m.event_id = e.event_id AND a.doc_id = 'daily-b-0514')
              AND EXISTS (SELECT 1 FROM mentions m JOIN articles a ON a.article_id = m.article_id
                          WHERE m.event_id = e.event_id AND a.doc_id = 'wire-a-0514')""")[0][0]
        assert wire_only == 0


@pytest.mark.model
def test_events_dyads_stats_export_and_plots(ingested, tmp_path):
    db = ingested[0]
    result = invoke("events", "--db", db, "--actor", "CHN", "--format", "jsonl")
    clean_exit(result)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(any(a["code"] == "CHN" for a in r["actor"]) for r in rows)
    table = invoke("events", "--db", db, "--event", "ASSAULT")
    assert table.exit_code == 0 and "ASSAULT" in table.stdout
    as_csv = invoke("events", "--db", db, "--format", "csv", "--country", "KEN")
    records = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert records and {r["country"] for r in records} == {"KEN"}
    dyads = invoke("dyads", "--db", db, "--by", "month", "--format", "jsonl")
    periods = [json.loads(line) for line in dyads.stdout.splitlines()]
    assert any(p["actor"] == "CHN" and p["recipient"] == "RUS" and p["period"] == "2024-05-01" for p in periods)
    stats = json.loads(invoke("stats", "--db", db).stdout)
    assert stats["articles"] == 5
    gdelt = tmp_path / "events.tsv"
    result = invoke("export", "--db", db, "--format", "gdelt", "-o", gdelt)
    clean_exit(result)
    assert all(len(line.split("\t")) == len(GDELT_COLUMNS) for line in gdelt.read_text().splitlines())
    assert invoke("export", "--db", db, "--format", "parquet", "-o", tmp_path / "pq").exit_code == 0
    assert any((tmp_path / "pq").glob("month=2024-05/*.parquet"))
    assert invoke("plot", "dyad", "CHN", "RUS", "--db", db, "-o", tmp_path / "d.png").exit_code == 0
    assert invoke("plot", "map", "--db", db, "-o", tmp_path / "m.png").exit_code == 0
    assert (tmp_path / "d.png").stat().st_size > 1000 and (tmp_path / "m.png").stat().st_size > 1000


# ---------------------------------------------------------------------------- errors (no model)
def test_a_file_that_is_not_a_store_is_one_line_exit_2(tmp_path):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("not a database\n" * 10)
    for args in (("events",), ("dyads",), ("stats",), ("export", "-o", tmp_path / "x.tsv"), ("plot", "map")):
        result = invoke(*args, "--db", bogus)
        clean_exit(result)
        assert result.exit_code == 2
        assert result.stderr.strip().splitlines() == [f"dotterel: {bogus}: not a DuckDB database file; the file was left untouched"]


def test_querying_a_missing_store_does_not_create_it(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = invoke("events", "--db", missing)
    clean_exit(result)
    assert result.exit_code == 2 and "no such store" in result.stderr
    assert not missing.exists()


def test_bad_options_are_usage_errors(tmp_path):
    db = tmp_path / "x.duckdb"
    Store.open(db).close()  # an existing store: 'no such store' must not be what gives exit 2
    for args in (("dyads", "--by", "year"), ("events", "--format", "xml"), ("events", "--since", "yesterday"),
                 ("events", "--limit", "-1"), ("events", "--offset", "-5"),  # were DuckDB tracebacks
                 ("export", "--format", "xlsx", "-o", tmp_path / "x")):
        result = invoke(*args, "--db", db)
        clean_exit(result)
        assert result.exit_code == 2 and "Invalid value" in result.output, result.output


def test_a_chart_with_an_unknown_ending_is_one_line_exit_2(tmp_path):
    """`plot ... -o chart.txt` ended in matplotlib's ValueError traceback after the query ran."""
    db = tmp_path / "empty.duckdb"
    Store.open(db).close()
    for args in (("plot", "dyad", "CHN", "RUS"), ("plot", "map")):
        result = invoke(*args, "--db", db, "-o", tmp_path / "chart.txt")
        clean_exit(result)
        assert result.exit_code == 2
        assert result.stderr.strip().splitlines() == [
            f"dotterel: {tmp_path / 'chart.txt'}: cannot draw a chart as a .txt file; name it with one of the "
            "endings .png, .svg, .pdf, .jpg, .jpeg, .webp, .tif, .tiff, .eps, .ps"]
        assert not (tmp_path / "chart.txt").exists()
    result = invoke("plot", "map", "--db", db, "-o", tmp_path / "chart.svg")
    assert result.exit_code == 0 and (tmp_path / "chart.svg").read_text().lstrip().startswith("<?xml")


@pytest.mark.model
def test_ingest_strict_stops_at_a_bad_record_with_exit_2(tmp_path):
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"id": "x", "text": ""}\n{"id": "y", "text": "Kenyan police arrested protesters in Nairobi."}\n')
    db = tmp_path / "strict.duckdb"
    result = invoke("ingest", corpus, "--db", db, "--strict")
    clean_exit(result)
    assert result.exit_code == 2
    assert f"{corpus}:1: empty text" in result.stderr
    loose = invoke("ingest", corpus, "--db", db)
    assert loose.exit_code == 0 and "1 new articles" in loose.stderr
