"""End to end (issue 11): hostile input through the command, four first runs at once on an
empty cache, and a run killed at random points then resumed.  These run the model."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dotterel import __version__
from dotterel.cli import app
from dotterel.clean import MAX_ARTICLE_CHARS

pytestmark = pytest.mark.model

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "article.txt"
LEDE = "Kenyan Foreign Minister Amina Odhiambo met her Ethiopian counterpart in Nairobi on Wednesday."
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})


def command(*args: str) -> list[str]:
    """The CLI as a separate process, run by this interpreter."""
    return [sys.executable, "-c", "from dotterel.cli import main; main()", *args]


def lines_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("dotterel: ")]


def events_by_doc(stdout: str) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for line in stdout.splitlines():
        record = json.loads(line)
        found.setdefault(record["doc_id"], []).append(record)
    return found


# ---------------------------------------------------------------------------------- hostile input


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One run over every case of the issue's Why list, next to ordinary records."""
    d = tmp_path_factory.mktemp("hostile")
    (d / "huge.txt").write_text(LEDE + " " + "the talks went on " * 70_000, encoding="utf-8")  # E088 before
    with (d / "bigfield.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerows([["id", "text"], ["before", LEDE], ["big", "x" * (1 << 20)], ["after", LEDE]])
    (d / "dates.jsonl").write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "max", "text": "Russian troops will attack Kyiv tomorrow, officials said.", "date": "9999-12-31"},
        {"id": "min", "text": "Russian troops attacked Kyiv yesterday, officials said.", "date": "0001-01-01"},
        # 9999-12-31 is a Friday: read as past it is that day; a meeting to come is on the next one
        {"id": "fri", "text": LEDE.replace("met", "will meet").replace("Wednesday", "Friday"), "date": "9999-12-31"},
    ]), encoding="utf-8")
    (d / "bad_utf8.txt").write_bytes("Caf\u00e9 owners watched. ".encode() + b"\xff " + LEDE.encode())
    (d / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + LEDE.encode("utf-16-le"))
    (d / "deep.html").write_text("<html><body>" + "<div>" * 300 + f"<p>{LEDE}</p>" + "</div>" * 300 + "</body></html>")
    result = invoke("code", str(d), "--date", "2024-03-14", "--all-modalities")
    return d, result


def test_hostile_inputs_end_in_exit_0_without_a_traceback(hostile):
    d, result = hostile
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 0 and "Traceback" not in result.output


@pytest.mark.parametrize("doc_id, message", [
    ("huge.txt", "split into pieces of at most 2,000 characters"),
    ("big", f"truncated to the first {MAX_ARTICLE_CHARS:,}"),
    ("max", "date expression 'tomorrow' falls outside the calendar"),
    ("min", "date expression 'yesterday' falls outside the calendar"),
    ("fri", "date expression 'Friday' falls outside the calendar"),
    ("bad_utf8.txt", "undecodable bytes replaced"),
])
def test_each_hostile_record_gets_its_message_naming_it(hostile, doc_id, message):
    d, result = hostile
    origin = {"big": f"{d / 'bigfield.csv'}:3", "max": f"{d / 'dates.jsonl'}:1", "min": f"{d / 'dates.jsonl'}:2",
              "fri": f"{d / 'dates.jsonl'}:3"}
    name = origin.get(doc_id, str(d / doc_id))
    assert any(line.startswith(f"dotterel: {name}: ") and message in line for line in lines_of(result.stderr)), result.stderr


@pytest.mark.parametrize("doc_id", ["huge.txt", "before", "after", "max", "min", "bad_utf8.txt", "utf16.txt", "deep.html"])
def test_good_records_around_hostile_ones_are_coded(hostile, doc_id):
    d, result = hostile
    found = events_by_doc(result.stdout)
    key = doc_id if doc_id in ("before", "after", "max", "min") else str(d / doc_id)
    assert found.get(key), sorted(found)
    if doc_id not in ("max", "min"):
        assert any(r["event"] == "CONSULT" and LEDE[:40] in r["text"] for r in found[key])


def test_calendar_edge_events_keep_the_publication_date(hostile):
    found = events_by_doc(hostile[1].stdout)
    assert {r["date"] for r in found["max"]} == {"9999-12-31"}
    assert {r["date"] for r in found["min"]} == {"0001-01-01"}


def test_no_error_lines_for_kept_records(hostile):
    d, result = hostile
    assert [line for line in lines_of(result.stderr) if "binary" in line or "no HTML main text" in line] == []


# ---------------------------------------------------------------------------------- the command's polish


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"dotterel {__version__}"


@pytest.mark.parametrize("sub", ["code", "eval"])
def test_help_shows_no_python_type_names_and_lists_choices(sub):
    text = invoke(sub, "--help").stdout
    for python_name in ("<str>", "<bool>", "<path>", "list[", "<int>", "Optional"):
        assert python_name not in text, python_name
    if sub == "code":
        assert "<jsonl|csv>" in text and "<auto|bar|plain|none>" in text


def test_plain_progress_shows_total_rate_and_eta(tmp_path):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps({"text": LEDE}) + "\n" for _ in range(3)), encoding="utf-8")
    result = invoke("code", str(corpus), "--progress", "plain", "-o", str(tmp_path / "o.jsonl"),
                    env={"DOTTEREL_PROGRESS_INTERVAL": "0"})
    lines = [line for line in result.stderr.splitlines() if line.startswith("progress: ")]
    assert lines and lines[-1].startswith("progress: 3/3 records (100%)"), result.stderr
    assert "records/s" in lines[-1] and "ETA 0:00:00" in lines[-1]


def test_csv_from_the_command_has_one_slot_per_actor(tmp_path):
    result = invoke("code", str(EXAMPLE), "--date", "2024-03-14", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    for row in rows:
        count = len(row["actor_code"].split("|")) if row["actor_code"] else 0
        for column in ("actor_text", "actor_sector", "actor_name", "actor_office", "actor_source"):
            assert (len(row[column].split("|")) if row[column] else 0) == count, (column, row)
        assert row["rule"].startswith("dotterel/data/") and row["date_source"]


def test_resume_needs_an_output_file():
    result = invoke("code", str(EXAMPLE), "--resume")
    assert result.exit_code == 2 and "--resume needs -o" in result.stderr


# ---------------------------------------------------------------------------------- races


def test_four_first_runs_at_once_on_an_empty_cache(tmp_path):
    """Before: all four wrote one fixed temporary name; the cache ended corrupt and later
    runs failed with a traceback.  Now one builds, the others wait for it and load it."""
    env = {**os.environ, **ENV, "DOTTEREL_CACHE_DIR": str(tmp_path / "cache")}
    args = command("code", str(EXAMPLE), "--date", "2024-03-14")
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(4)]
    results = [(p.wait(timeout=600), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _, _ in results] == [0, 0, 0, 0], [err for _, _, err in results]
    outputs = {out for _, out, _ in results}
    assert len(outputs) == 1 and next(iter(outputs)).strip()
    assert not any("Traceback" in err for _, _, err in results)
    # the first build says what it does and how long it took, once over the four processes
    assert sum("building the gazetteer index" in err for _, _, err in results) == 1
    assert sum("gazetteer index built in" in err for _, _, err in results) == 1
    files = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert [f for f in files if f.startswith("gazetteer-") and f.endswith(".bin")] and not [f for f in files if f.endswith(".tmp")]


# ---------------------------------------------------------------------------------- kills


def corpus(path: Path, n: int = 30) -> Path:
    actors = ["Kenyan President William Ruto", "French Foreign Minister Jean Dupont", "Protesters in Lagos",
              "Indian troops", "The Brazilian government", "Russian forces"]
    verbs = ["met with {o} in {p} on Monday.", "accused {o} of violating the ceasefire near {p}.",
             "signed a trade agreement with {o} in {p}.", "attacked {o} near {p} on Tuesday.",
             "called on {o} to release prisoners held in {p}."]
    objects = ["Ethiopian officials", "the Chinese ambassador", "police", "rebel fighters", "the Turkish delegation"]
    places = ["Nairobi", "Paris", "Lagos", "Srinagar", "Brasilia", "Kharkiv"]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            actor, verb = actors[i % len(actors)], verbs[i // len(actors) % len(verbs)]
            text = (f"{actor} {verb.format(o=objects[i % len(objects)], p=places[i * 7 % len(places)])} "
                    "Officials said talks would continue. The statement gave no further details.")
            handle.write(json.dumps({"id": f"a{i:02d}", "text": text, "date": f"2024-05-{1 + i % 28:02d}"}) + "\n")
    return path


def test_sigkill_at_random_points_then_resume_equals_an_uninterrupted_run(tmp_path):
    source = corpus(tmp_path / "corpus.jsonl")
    whole = tmp_path / "whole.jsonl"
    assert invoke("code", str(source), "-o", str(whole), "-q").exit_code == 0
    expected = sorted(whole.read_text(encoding="utf-8").splitlines())
    assert len(expected) >= 20

    out = tmp_path / "resumed.jsonl"
    done = tmp_path / "resumed.jsonl.done"
    rng = random.Random(11)
    args = command("code", str(source), "-o", str(out), "--resume", "-q")
    env = {**os.environ, **ENV}
    killed = 0
    for _ in range(3):
        before = done.stat().st_size if done.exists() else 0
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        deadline = time.monotonic() + 300
        # wait until this run has written something, then kill it a random moment later
        while proc.poll() is None and time.monotonic() < deadline:
            if done.exists() and done.stat().st_size > before + 60:
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 0.4))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait(timeout=60)
    final = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    assert final.returncode == 0, final.stderr
    assert killed >= 1  # else this test proved nothing
    assert sorted(out.read_text(encoding="utf-8").splitlines()) == expected
