"""Stage 1, ingest: every supported input kind, and one InputError per bad record with the rest still read."""

from __future__ import annotations

import gzip
import io
import sys
from datetime import date
from pathlib import Path

import pytest

from dotterel import errors as E
from dotterel.clean import clean_article
from dotterel.errors import InputError
from dotterel.ingest import iter_files, parse_date, read_inputs, read_path, read_stdin

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles"
CORPUS = FIXTURES / "corpus"
PUB = date(2015, 9, 28)
DEFAULT = date(2020, 1, 1)


def read(paths, errors, default=None):
    return list(read_inputs([str(p) for p in paths], default, errors))


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# ------------------------------------------------------------------------- good inputs


def test_text_file_is_one_article_named_by_its_path(errors):
    path = ARTICLES / "xinhua.txt"
    [article] = read([path], errors, DEFAULT)
    assert errors == []
    assert article.doc_id == article.origin == str(path)
    assert article.text == path.read_text(encoding="utf-8")
    assert article.date == DEFAULT
    assert (article.title, article.url, article.source) == (None, None, None)


def test_text_file_without_default_date_has_no_date(errors):
    [article] = read([ARTICLES / "xinhua.txt"], errors)
    assert article.date is None


def test_utf8_bom_is_not_part_of_the_text(tmp_path, errors):
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbfMinisters met.")
    [article] = read([path], errors)
    assert article.text == "Ministers met."


def test_directory_is_read_recursively_by_extension_in_sorted_order(errors):
    articles = read([CORPUS], errors)
    assert errors == []  # README.md inside a directory is skipped silently, not an error
    assert [a.doc_id for a in articles] == [
        str(CORPUS / "a_upper.TXT"),
        str(CORPUS / "b_top.txt"),
        str(CORPUS / "nested" / "deeper" / "c_deep.txt"),
        "n-1",
    ]
    assert articles[-1].origin == f"{CORPUS / 'nested' / 'records.jsonl'}:1"


def test_directory_order_does_not_depend_on_creation_order(tmp_path):
    for name in ("z.txt", "m/y.txt", "a.txt", "m/b.jsonl", "k.csv", "skip.pdf"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    got = [p.relative_to(tmp_path).as_posix() for p in iter_files(tmp_path)]
    assert got == ["a.txt", "k.csv", "m/b.jsonl", "m/y.txt", "z.txt"]
    assert got == [p.relative_to(tmp_path).as_posix() for p in iter_files(tmp_path)]


def test_jsonl_fields_fallback_id_and_date(errors):
    path = ARTICLES / "batch.jsonl"
    first, second, third = read([path], errors, DEFAULT)
    assert errors == []
    assert (first.doc_id, first.title, first.date, first.url, first.source, first.text) == (
        "j-1", "Talks in Geneva", PUB, "https://news.example/j-1", "Example Wire",
        "Iranian and French ministers met in Geneva.",
    )
    assert first.origin == f"{path}:1"
    # line 2 is blank: line numbers still count it, and the fallback id is path:line
    assert second.doc_id == second.origin == f"{path}:3"
    assert second.date == DEFAULT
    assert second.title is None
    # numeric ids become strings; a timestamp's date part is the date
    assert (third.doc_id, third.date) == ("42", PUB)


def test_json_array_file(errors):
    path = ARTICLES / "batch.json"
    first, second = read([path], errors, DEFAULT)
    assert errors == []
    assert (first.doc_id, first.title, first.date, first.url, first.source) == (
        "a-1", "First", date(2016, 1, 2), "https://news.example/a-1", "Example Wire")
    assert second.text == "The second article has no id."
    assert second.doc_id == second.origin == f"{path}:[2]"
    assert second.date == DEFAULT


def test_csv_file_with_the_same_columns(errors):
    path = ARTICLES / "batch.csv"
    first, second = read([path], errors, DEFAULT)
    assert errors == []
    assert (first.doc_id, first.title, first.date, first.url, first.source) == (
        "c-1", "First row", date(2016, 3, 4), "https://news.example/c-1", "Example Wire")
    assert first.text == "Officials said the talks, held in Vienna, went well."
    assert second.doc_id == second.origin == f"{path}:3"
    assert second.text == "The second row has no id."
    assert second.date == DEFAULT
    assert (second.title, second.url, second.source) == (None, None, None)


def test_csv_only_needs_a_text_column(tmp_path, errors):
    path = write(tmp_path / "min.csv", "text\nOnly text.\n")
    [article] = read([path], errors)
    assert (article.doc_id, article.text) == (f"{path}:2", "Only text.")


def test_html_main_text_is_extracted_without_navigation(errors):
    path = ARTICLES / "page.html"
    [article] = read([path], errors, DEFAULT)
    assert errors == []
    assert article.doc_id == article.origin == str(path)
    assert "The foreign ministers of Iran and France met in Geneva on Sunday" in article.text
    assert "another round of talks next month" in article.text
    assert "Sport" not in article.text and "Subscribe" not in article.text
    assert article.title == "Ministers meet in Geneva"
    assert article.date == PUB  # from article:published_time, not the --date default


def test_html_without_a_publication_date_uses_the_default(errors):
    [article] = read([ARTICLES / "undated.html"], errors, DEFAULT)
    assert article.date == DEFAULT


def test_html_dateline_reaches_the_cleaner(errors):
    [article] = read([ARTICLES / "page.html"], errors)
    cleaned = clean_article(article)
    assert cleaned.dateline is not None and cleaned.dateline.place == "Geneva"


def test_html_without_main_text_is_one_error(tmp_path, errors):
    path = write(tmp_path / "blank.html", "<html><head><title>x</title></head><body></body></html>")
    assert read([path], errors) == []
    assert [(e.origin, e.reason) for e in errors] == [(str(path), E.E010)]


def test_stdin_plain_text(monkeypatch, errors):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Ministers met in Geneva.\n{not json}\n"))
    [article] = list(read_inputs(["-"], DEFAULT, errors))
    assert errors == []
    assert (article.doc_id, article.origin, article.date) == ("<stdin>", "<stdin>", DEFAULT)
    assert article.text == "Ministers met in Geneva.\n{not json}\n"


def test_stdin_jsonl_with_a_bad_line(monkeypatch, errors):
    stream = '{"text": "First."}\n{"text": \n\n{"id": "s3", "text": "Third.", "date": "2015-09-28"}\n'
    monkeypatch.setattr(sys, "stdin", io.StringIO(stream))
    articles = list(read_inputs(["-"], DEFAULT, errors))
    assert [(a.doc_id, a.date) for a in articles] == [("<stdin>:1", DEFAULT), ("s3", PUB)]
    assert errors.origins == ["<stdin>:2"]
    assert errors[0].reason.startswith("invalid JSON")


def test_empty_stdin_is_one_error(errors):
    assert list(read_stdin(None, errors, io.StringIO("  \n\n"))) == []
    assert [(e.origin, e.reason) for e in errors] == [("<stdin>", E.E004)]


def test_default_date_never_overrides_a_given_date(tmp_path, errors):
    path = write(tmp_path / "d.jsonl", '{"text": "a", "date": "2001-02-03"}\n{"text": "b", "date": ""}\n{"text": "c"}\n')
    assert [a.date for a in read([path], errors, DEFAULT)] == [date(2001, 2, 3), DEFAULT, DEFAULT]


@pytest.mark.parametrize("value, expected", [
    ("2015-09-28", PUB), ("2015-09-28T23:59:00+05:00", PUB), ("  2015-09-28 ", PUB), (None, None), ("", None),
])
def test_parse_date_accepts_iso_dates_and_timestamps(value, expected):
    assert parse_date(value, "f:1") == expected


@pytest.mark.parametrize("value", ["28/09/2015", "2015-13-01", "2015-02-30", "yesterday", "Sept. 28, 2015"])
def test_parse_date_rejects_other_forms_naming_the_origin(value):
    with pytest.raises(InputError) as info:
        parse_date(value, "f.jsonl:7")
    assert info.value.origin == "f.jsonl:7"
    assert info.value.reason == E.E008.format(value=value)


# ------------------------------------------------------------------------- bad inputs
# Each case: a file holding good records and one bad record; exactly one InputError names
# the file (and line), and every good record is still read.

GOOD = '{"id": "ok-%d", "text": "Good record %d."}\n'


def _jsonl(bad_line: str) -> str:
    return GOOD % (1, 1) + bad_line + "\n" + GOOD % (3, 3)


BAD_RECORDS = {
    "invalid JSON line": ("x.jsonl", _jsonl('{"id": "bad", "text": '), ":2", "invalid JSON", ["ok-1", "ok-3"]),
    "JSON line not an object": ("x.jsonl", _jsonl('["text", "a list"]'), ":2", "invalid JSON", ["ok-1", "ok-3"]),
    "JSON record without text": ("x.jsonl", _jsonl('{"id": "bad", "body": "x"}'), ":2", E.E007, ["ok-1", "ok-3"]),
    "JSON text not a string": ("x.jsonl", _jsonl('{"id": "bad", "text": 12}'), ":2", E.E007, ["ok-1", "ok-3"]),
    "empty JSON text": ("x.jsonl", _jsonl('{"id": "bad", "text": " \\n "}'), ":2", E.E004, ["ok-1", "ok-3"]),
    "NUL in JSON text": ("x.jsonl", _jsonl('{"id": "bad", "text": "a\\u0000b"}'), ":2", E.E005, ["ok-1", "ok-3"]),
    "invalid JSON date": ("x.jsonl", _jsonl('{"id": "bad", "text": "t", "date": "2015-13-01"}'), ":2",
                          E.E008.format(value="2015-13-01"), ["ok-1", "ok-3"]),
    "JSON array item not an object": ("x.json", '[{"id": "ok-1", "text": "a"}, "oops", {"id": "ok-3", "text": "c"}]',
                                      ":[2]", "invalid JSON", ["ok-1", "ok-3"]),
    "JSON array item empty text": ("x.json", '[{"id": "ok-1", "text": "a"}, {"text": ""}, {"id": "ok-3", "text": "c"}]',
                                   ":[2]", E.E004, ["ok-1", "ok-3"]),
    "CSV row empty text": ("x.csv", "id,text\nok-1,a\nbad,\nok-3,c\n", ":3", E.E004, ["ok-1", "ok-3"]),
    "CSV row invalid date": ("x.csv", "id,date,text\nok-1,,a\nbad,Sept. 28,b\nok-3,,c\n", ":3",
                             E.E008.format(value="Sept. 28"), ["ok-1", "ok-3"]),
    "CSV row NUL text": ("x.csv", "id,text\nok-1,a\nbad,x\x00y\nok-3,c\n", ":3", E.E005, ["ok-1", "ok-3"]),
    "CSV without text column": ("x.csv", "id,body\n1,a\n2,b\n", ":1", E.E003, []),
    "empty text file": ("x.txt", " \n\t\n", "", E.E004, []),
    "NUL bytes in text file": ("x.txt", b"Ministers\x00met", "", E.E005, []),
    "NUL bytes late in a long text file": ("x.txt", b"a" * 5000 + b"\x00", "", E.E005, []),
    "binary file named .txt": ("x.txt", bytes(range(256)) * 4, "", E.E005, []),
    "unknown extension": ("x.pdf", "%PDF-1.4", "", E.E006.format(ext=".pdf"), []),
    "no extension": ("README", "text", "", E.E006.format(ext="(none)"), []),
    "unparseable JSON array": ("x.json", '[{"text": "a"},\n {"text": }]', ":2", "invalid JSON", []),
}


@pytest.mark.parametrize("name", list(BAD_RECORDS))
def test_bad_record_is_one_error_naming_file_and_line(name, tmp_path, errors):
    filename, content, line, reason, good_ids = BAD_RECORDS[name]
    path = write(tmp_path / filename, content)
    after = write(tmp_path / "zz_after.txt", "Still read afterwards.")  # the next input goes on
    articles = list(read_inputs([str(path), str(after)], None, errors))
    assert len(errors) == 1, [str(e) for e in errors]
    [error] = errors
    assert isinstance(error, InputError)
    assert error.origin == f"{path}{line}"
    assert error.reason.startswith(reason)
    assert str(error) == f"{path}{line}: {error.reason}"
    assert [a.doc_id for a in articles] == good_ids + [str(after)]


def test_missing_file_is_one_error_and_the_rest_is_read(tmp_path, errors):
    good = write(tmp_path / "good.txt", "Ministers met.")
    missing = tmp_path / "missing.txt"
    articles = read([missing, good], errors)
    assert [a.doc_id for a in articles] == [str(good)]
    assert [(e.origin, e.reason) for e in errors] == [(str(missing), E.E001.format(detail="no such file or directory"))]


def test_unreadable_file_is_one_error(tmp_path, monkeypatch, errors):
    locked = write(tmp_path / "locked.txt", "secret")
    good = write(tmp_path / "open.txt", "Ministers met.")
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    articles = read([locked, good], errors)
    assert [a.doc_id for a in articles] == [str(good)]
    assert [(e.origin, e.reason) for e in errors] == [(str(locked), "cannot read file (Permission denied)")]


def test_a_directory_where_a_file_is_expected_is_one_error(tmp_path, errors):
    odd = tmp_path / "odd.txt"
    odd.mkdir()
    assert list(read_path(odd, None, errors)) == []
    assert errors.origins == [str(odd)]
    assert errors[0].reason.startswith("cannot read file")


def test_many_bad_inputs_give_one_error_each(tmp_path, errors):
    bad = [
        write(tmp_path / "a.jsonl", '{"text": "fine"}\n{oops\n{"text": ""}\n'),
        write(tmp_path / "b.csv", "title\nno text column\n"),
        write(tmp_path / "c.txt", b"\x00\x01\x02"),
        write(tmp_path / "d.docx", "x"),
    ]
    articles = read(bad + [tmp_path / "e.txt"], errors)
    assert [a.text for a in articles] == ["fine"]
    assert errors.origins == [f"{bad[0]}:2", f"{bad[0]}:3", f"{bad[1]}:1", str(bad[2]), str(bad[3]),
                              str(tmp_path / "e.txt")]


def test_json_array_with_leading_whitespace(tmp_path, errors):
    path = write(tmp_path / "spaced.json", '\n  [\n {"id": "w1", "text": "Spaced."},\n {"id": "w2", "text": "Two."}\n]\n')
    articles = read([path], errors)
    assert errors == []
    assert [a.doc_id for a in articles] == ["w1", "w2"]


def test_pretty_printed_json_object_is_one_outcome(tmp_path, errors):
    path = write(tmp_path / "one.json", '{\n  "id": "p1",\n  "text": "Pretty."\n}\n')
    articles = read([path], errors)
    assert len(articles) + len(errors) == 1


def test_binary_jsonl_file_is_one_error(tmp_path, errors):
    payload = "".join('{"id": "%d", "text": "Article %d."}\n' % (i, i) for i in range(200)).encode()
    path = write(tmp_path / "packed.jsonl", gzip.compress(payload))
    assert read([path], errors) == []
    assert [(e.origin, e.reason) for e in errors] == [(str(path), E.E005)]


def test_csv_error_names_the_line_where_a_multiline_record_starts(tmp_path, errors):
    path = write(tmp_path / "multi.csv", 'id,date,text\n1,,"two\nlines"\n2,bad,"also\ntwo"\n')
    read([path], errors)
    assert errors.origins == [f"{path}:4"]


def test_a_malformed_csv_record_is_named_and_the_next_records_are_read(tmp_path, errors):
    """Found by the property test: a bare carriage return in an unquoted field made csv raise
    and ended the whole file with a traceback."""
    path = tmp_path / "feed.csv"
    path.write_bytes(b'id,text\n1,"The first good text."\n2,bad\rfield\x01\n3,The third good text.\n')
    articles = list(read_path(path, None, errors))
    assert [a.text for a in articles] == ["The first good text.", "The third good text."]
    assert errors.origins == [f"{path}:3"]
    assert "malformed CSV record" in str(errors[0])
