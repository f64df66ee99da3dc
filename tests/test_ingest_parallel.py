"""``dotterel ingest --workers N`` and ``--dask``: workers code, this process writes, in input
order, and the store ends as a one-process ingest leaves it.

The corpus is tests/fixtures/store/wire.jsonl (a wire story, a reprint, an independent report,
an exact resend, two unrelated stories) with a broken line and the wire story again from its
own source in between, so duplicates, near-duplicates and bad input all cross chunk bounds.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dotterel.cli import app
from dotterel.errors import InputError
from dotterel.parallel import CodingFailure, code_each
from dotterel.records import Article
from dotterel.store import Store
from dotterel.store.ingest import IngestReport, code_pairs, ingest_pairs

WIRE = Path(__file__).parent / "fixtures" / "store" / "wire.jsonl"


def corpus(tmp_path: Path) -> Path:
    lines = WIRE.read_text().splitlines()
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines[:2] + ['{"id": "broken", "text": '] + lines[2:] + lines[:1]) + "\n")
    return path


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200", "NO_COLOR": "1"})


def contents(db: Path) -> dict:
    """Every table's rows, times of writing left out (they differ from run to run)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        out = {}
        for table in tables:
            cols = [c for c, kind in con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [table]).fetchall() if not kind.startswith("TIMESTAMP")]
            listed = ", ".join(f'"{c}"' for c in cols)
            out[table] = con.execute(f'SELECT {listed} FROM "{table}" ORDER BY ALL').fetchall()
        return out
    finally:
        con.close()


def ingest_both_ways(tmp_path, *extra):
    source = corpus(tmp_path)
    one, other = tmp_path / "one.duckdb", tmp_path / "other.duckdb"
    first = invoke("ingest", source, "--db", one, "--progress", "none")
    second = invoke("ingest", source, "--db", other, "--progress", "none", *extra)
    return first, second, one, other


def summary(result, db: Path) -> list[str]:
    return [line.replace(str(db), "DB") for line in result.stderr.splitlines()
            if not line.startswith("dotterel: peak RSS per worker")]


def check_same_store(first, second, one, other) -> None:
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "Traceback" not in first.output + second.output
    # the same one clear line for the broken record, the same tally, the same rows
    errors = [line for line in summary(first, one) if "corpus.jsonl:3" in line]
    assert len(errors) == 1
    assert summary(second, other) == summary(first, one)
    assert "4 new articles, 1 near-duplicates, 2 already stored" in first.stderr
    stored = contents(one)
    assert stored["articles"] and stored["events"] and stored["mentions"]
    assert contents(other) == stored


@pytest.mark.model
def test_ingest_with_two_workers_fills_the_store_as_one_process(tmp_path):
    first, second, one, other = ingest_both_ways(tmp_path, "--workers", "2")
    check_same_store(first, second, one, other)
    assert "peak RSS per worker" in second.stderr and "peak RSS per worker" not in first.stderr
    again = invoke("ingest", corpus(tmp_path), "--db", other, "--workers", "2", "-q")  # a re-run adds nothing
    assert again.exit_code == 0 and contents(other) == contents(one)


@pytest.mark.model
def test_ingest_on_a_dask_local_cluster_fills_the_store_as_one_process(tmp_path):
    pytest.importorskip("dask.distributed")
    check_same_store(*ingest_both_ways(tmp_path, "--dask", "local:2"))


@pytest.mark.parametrize("extra", [["--workers", "0"], ["--dask", "nonsense"]])
def test_ingest_bad_parallel_options_are_one_line_exit_2(extra, tmp_path):
    result = invoke("ingest", WIRE, "--db", tmp_path / "s.duckdb", "-q", *extra)
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and extra[0] in lines[0]


def article(doc_id: str, text: str) -> Article:
    return Article(doc_id=doc_id, text=text, date=date(2024, 3, 14), origin=f"in.jsonl:{doc_id}", source=doc_id)


def test_an_article_a_worker_failed_on_is_one_message_and_the_others_are_stored(tmp_path):
    """Coded elsewhere, an article the coder failed on comes back as a CodingFailure: it is
    reported with its origin, as a one-process run reports it, and the rest is stored."""
    articles = [article(n, f"Story {n}: talks were held in a city that day.") for n in ("1", "2", "3")]

    def coded(stream):
        for a in stream:
            yield a, (CodingFailure("ValueError: no parse") if a.doc_id == "2" else [])

    messages: list[InputError] = []
    with Store.open(tmp_path / "s.duckdb") as store:
        report = IngestReport()
        ingest_pairs(store, code_pairs(store, articles, None, report, messages.append, coded), messages.append,
                     None, 1, report)
        assert (report.articles_new, report.errors) == (2, 1)
        assert [str(m) for m in messages] == ["in.jsonl:2: could not be coded (ValueError: no parse); skipped"]
        assert store.stats()["articles"] == 2


class FlakyCoder:
    """Fails a whole batch, and alone on the article whose text says 'boom'."""

    def code_grouped(self, articles):
        raise RuntimeError("batch failed")

    def code_article(self, a):
        if "boom" in a.text:
            raise ValueError("boom")
        return [a.doc_id]


def test_a_chunk_with_one_bad_article_codes_the_others_one_at_a_time():
    grouped = code_each(FlakyCoder(), [article("1", "fine"), article("2", "boom"), article("3", "fine")])
    assert grouped == [["1"], CodingFailure("ValueError: boom"), ["3"]]
