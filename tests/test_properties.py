"""Property-based tests (hypothesis) of every reader and of ``code_text``: arbitrary bytes,
Unicode, sizes and dates never end in an exception, and every skipped record is one
message.  Example counts are small so the suite stays fast."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from dotterel.errors import InputError
from dotterel.ingest import read_path, read_stdin

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
MODEL = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# text a person could have written: no control characters, no surrogates
PRINTABLE = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=300)
LINE = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=120)
ANY_BYTES = st.binary(max_size=3000)


def read(name: str, data: bytes):
    """Articles and errors of one file; no other exception may escape."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        errors: list[InputError] = []
        articles = list(read_path(path, None, errors.append))
        for error in errors:
            assert isinstance(error, InputError) and error.origin.startswith(str(path))
        return articles, errors


@pytest.mark.parametrize("name", ["a.txt", "a.jsonl", "a.json", "a.csv", "a.html"])
@FAST
@given(data=ANY_BYTES)
def test_any_bytes_in_any_reader_never_raise(name, data):
    articles, errors = read(name, data)
    if name.endswith((".txt", ".html")):
        assert len(articles) + len(errors) == 1  # one article or one message, never both or neither


@FAST
@given(text=PRINTABLE, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_text_files_in_unicode_encodings_read_back_exactly(text, encoding):
    articles, errors = read("a.txt", text.encode(encoding))
    if text.strip():
        assert [a.text for a in articles] == [text] and errors == []
    else:
        assert articles == [] and len(errors) == 1


@FAST
@given(records=st.lists(st.one_of(
    st.fixed_dictionaries({"text": PRINTABLE}, optional={"id": LINE, "date": st.dates().map(date.isoformat)}),
    LINE.filter(lambda s: not s.lstrip().startswith(("[", "{"))),  # a garbage line
), max_size=8))
def test_jsonl_gives_one_outcome_per_non_blank_line(records):
    lines = [json.dumps(r) if isinstance(r, dict) else r for r in records]
    articles, errors = read("a.jsonl", "\n".join(lines).encode("utf-8"))
    assert len(articles) + len(errors) == sum(1 for line in lines if line.strip())
    good = [r for r in records if isinstance(r, dict) and r["text"].strip()]
    assert [a.text for a in articles] == [r["text"] for r in good]


@FAST
@given(rows=st.lists(st.tuples(LINE, PRINTABLE), max_size=8))
def test_csv_gives_one_outcome_per_row(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "text"])
    writer.writerows(rows)
    articles, errors = read("a.csv", buffer.getvalue().encode("utf-8"))
    assert len(articles) + len(errors) == len(rows)
    assert [a.text for a in articles] == [t for _, t in rows if t.strip()]


@settings(max_examples=25, deadline=None)
@given(body=PRINTABLE, depth=st.integers(0, 400))
def test_html_of_any_text_and_depth(body, depth):
    html = "<html><body>" + "<div>" * depth + f"<p>{body}</p>" + "</div>" * depth + "</body></html>"
    articles, errors = read("a.html", html.encode("utf-8"))
    assert len(articles) + len(errors) == 1


@FAST
@given(data=ANY_BYTES)
def test_stdin_of_any_bytes(monkeypatch, data):
    class Stdin(io.StringIO):
        buffer = io.BytesIO(data)

    monkeypatch.setattr("sys.stdin", Stdin())
    errors: list[InputError] = []
    articles = list(read_stdin(None, errors.append))
    assert len(articles) + len(errors) >= 1 or not data.strip()


# ---------------------------------------------------------------------------------- code_text (model)

WHEN = st.sampled_from(["yesterday", "tomorrow", "last week", "next week", "on Monday", "next Friday",
                        "three days ago", "on Dec. 31", "Dec. 29-Jan. 2", "in 1999", "ten years ago", ""])


@pytest.mark.model
@MODEL
@given(noise=PRINTABLE, when=WHEN, pub=st.one_of(st.none(), st.dates()), repeat=st.integers(1, 40))
def test_code_text_on_any_text_size_and_date(noise, when, pub, repeat):
    from dotterel import code_text

    text = f"{noise} Russian troops attacked Kyiv {when}. " * repeat + noise
    events = code_text(text, pub, all_modalities=True)
    for event in events:
        assert event.date is None or date.min <= event.date <= date.max
        assert event.text and event.event


@pytest.mark.model
@MODEL
@given(text=st.text(max_size=2000), pub=st.one_of(st.none(), st.dates()))
def test_code_text_on_arbitrary_unicode(text, pub):
    from dotterel import code_text

    assert isinstance(code_text(text, pub), list)
