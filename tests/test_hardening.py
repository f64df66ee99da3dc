"""Hostile and unlucky input, races and kills (issue 11): nothing ends in a traceback, good
records are kept, each problem is one line naming the record.  No model needed here; the
end-to-end runs are in test_hardening_cli.py."""

from __future__ import annotations

import codecs
import io
import json
import logging
from datetime import date
from pathlib import Path

import pytest

from dotterel import cache, errors as E
from dotterel.clean import MAX_ARTICLE_CHARS, MAX_PARAGRAPH_CHARS, MAX_SENTENCE_CHARS, clean_article
from dotterel.ingest import decode_bytes, detect_encoding, read_inputs, read_path, read_stdin
from dotterel.nlp import split_sentences
from dotterel.output import (CSV_COLUMNS, OutputError, code_by_article, csv_row, make_sink)
from dotterel.records import Article, Entity, Event, Evidence, Place
from dotterel.when import resolve_date

LEDE = "Kenyan Foreign Minister Amina Odhiambo met her Ethiopian counterpart in Nairobi on Wednesday."


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


# ---------------------------------------------------------------------------------- long text


@pytest.mark.parametrize("text", [
    LEDE + " " + "the talks went on " * 70_000,  # 1.26 M characters, one paragraph, one run-on sentence
    "x" * (1 << 20),  # a 1 MiB field without a space
    (LEDE + " ") * 12_000,  # a 1.1 M character paragraph of ordinary sentences
], ids=["run-on", "no-space", "many-sentences"])
def test_a_paragraph_over_spacys_limit_is_split_with_one_warning_naming_the_record(text, caplog):
    cleaned = clean_article(Article("big", text, origin="feed.csv:3"))
    paragraphs = cleaned.text.split("\n\n")
    assert max(map(len, paragraphs)) <= MAX_PARAGRAPH_CHARS
    sentences = split_sentences(cleaned.text)  # raised spaCy's E088 before
    assert sentences and max(len(s.text) for s in sentences) <= MAX_SENTENCE_CHARS
    assert sentences[0].text == LEDE or not text.startswith(LEDE) or text.startswith(LEDE + " the")
    messages = warnings_of(caplog)
    assert messages and all(m.startswith("feed.csv:3: ") for m in messages)
    assert len(messages) <= 2  # truncated and/or split: one line each, not one per piece


def test_an_article_over_the_size_bound_is_truncated_at_a_space(caplog):
    text = "word " * (MAX_ARTICLE_CHARS // 5 + 1000)
    cleaned = clean_article(Article("d", text, origin="a.txt"))
    assert len(cleaned.text.split()) <= MAX_ARTICLE_CHARS // len("word ")  # pieces are joined by blank lines
    assert len(cleaned.text.split()) >= MAX_ARTICLE_CHARS // len("word ") - 1
    assert any("truncated" in m and m.startswith("a.txt: ") for m in warnings_of(caplog))


def test_split_sentences_alone_survives_a_huge_paragraph():
    spans = split_sentences("Troops left. " + "a" * 1_500_000)
    assert spans[0].text.strip() == "Troops left."


def test_ordinary_text_is_not_touched_by_the_bounds(caplog):
    text = "\n\n".join([LEDE] * 3 + ["A second paragraph. It has two sentences."])
    cleaned = clean_article(Article("d", text, origin="a.txt"))
    assert cleaned.text == LEDE + "\n\nA second paragraph. It has two sentences."
    assert warnings_of(caplog) == []


# ---------------------------------------------------------------------------------- dates


@pytest.mark.parametrize("pub, sentence", [
    (date.max, "Troops will attack tomorrow."),
    (date.max, "They will meet next week."),
    (date.max, "They meet next Monday."),
    (date.min, "Troops attacked yesterday."),
    (date.min, "Troops attacked last week."),
    (date.min, "Troops attacked three days ago."),
    (date.min, "Troops attacked on Sunday."),
    (date.min, "Talks ran Dec. 29-Jan. 2."),
    (date.max, "Talks ran Dec. 29-Jan. 2."),
    (date.min, "Troops attacked on Dec. 30."),
])
def test_dates_at_the_calendars_edge_are_dropped_not_raised(pub, sentence):
    dropped: list[str] = []
    for future in (False, True):
        when = resolve_date(sentence, pub, future=future, dropped=dropped)  # OverflowError before
        assert when.date is None or date.min <= when.date <= date.max


def test_a_dropped_relative_date_is_named_and_the_publication_date_stands():
    dropped: list[str] = []
    when = resolve_date("Troops will attack tomorrow.", date(9999, 12, 31), dropped=dropped)
    assert dropped == ["tomorrow"]
    assert (when.date, when.source) == (date(9999, 12, 31), "publication")


@pytest.mark.parametrize("sentence, text", [("Troops will attack on Friday.", "Friday"),
                                             ("Troops will attack on March 5.", "March 5")])
def test_a_date_only_the_future_reading_puts_past_the_calendar_is_named(sentence, text):
    pub = date(9999, 12, 31)  # a Friday: the past reading is that day, the future one the next
    dropped: list[str] = []
    assert resolve_date(sentence, pub, dropped=dropped).date == (pub if text == "Friday" else date(9999, 3, 5))
    assert dropped == []
    when = resolve_date(sentence, pub, future=True, dropped=dropped)
    assert dropped == [text] and (when.date, when.source) == (pub, "publication")


def test_dates_inside_the_calendar_are_unchanged():
    assert resolve_date("Troops attacked yesterday.", date(2024, 3, 14)).date == date(2024, 3, 13)
    assert resolve_date("They will meet tomorrow.", date(9999, 12, 30)).date == date(9999, 12, 31)


# ---------------------------------------------------------------------------------- encodings


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoded", [
    codecs.BOM_UTF16_LE + LEDE.encode("utf-16-le"),  # called binary before
    codecs.BOM_UTF16_BE + LEDE.encode("utf-16-be"),
    LEDE.encode("utf-32"),
    LEDE.encode("utf-16-le"),  # no byte-order mark
    codecs.BOM_UTF8 + LEDE.encode("utf-8"),
], ids=["utf-16-le-bom", "utf-16-be-bom", "utf-32", "utf-16-le-no-bom", "utf-8-bom"])
def test_unicode_text_files_with_and_without_a_bom(encoded, tmp_path, errors, caplog):
    [article] = read_path(write(tmp_path / "a.txt", encoded), None, errors)
    assert article.text == LEDE
    assert errors == [] and warnings_of(caplog) == []


@pytest.mark.parametrize("text, encoding", [
    ("\u201cWe will not yield,\u201d the caf\u00e9 owner said \u2013 in Montr\u00e9al.", "cp1252"),
    ("Caf\u00e9 talks in Montr\u00e9al \u0081 ended.", "latin-1"),  # 0x81 is no cp1252 character
])
def test_eight_bit_text_files(text, encoding, tmp_path, errors, caplog):
    [article] = read_path(write(tmp_path / "a.txt", text.encode(encoding)), None, errors)
    assert article.text == text
    assert errors == [] and warnings_of(caplog) == []


def test_invalid_utf8_bytes_in_a_text_file_are_replaced_with_one_warning(tmp_path, errors, caplog):
    data = "Caf\u00e9 owners met.".encode() + b" \xff\xfe " + LEDE.encode()
    path = write(tmp_path / "a.txt", data)
    [article] = read_path(path, None, errors)  # rejected as binary before
    assert article.text == "Caf\u00e9 owners met. \ufffd\ufffd " + LEDE
    assert errors == []
    assert warnings_of(caplog) == [f"{path}: " + E.W001.format(encoding="utf-8")]


def test_invalid_bytes_are_treated_alike_by_every_reader(tmp_path, errors, caplog):
    bad = b"Caf\xc3\xa9 talks \xff ended."
    jsonl = write(tmp_path / "a.jsonl", b'{"id": "ok", "text": "' + LEDE.encode() + b'"}\n{"id": "x", "text": "' + bad + b'"}\n')
    csv_ = write(tmp_path / "b.csv", b"id,text\nok," + LEDE.encode() + b"\nx," + bad + b"\n")
    txt = write(tmp_path / "c.txt", bad)
    articles = list(read_inputs([str(jsonl), str(csv_), str(txt)], None, errors))
    assert [a.text for a in articles] == [LEDE, "Caf\u00e9 talks \ufffd ended."] * 2 + ["Caf\u00e9 talks \ufffd ended."]
    assert errors == []
    assert warnings_of(caplog) == [f"{jsonl}:2: " + E.W001.format(encoding="utf-8"),
                                   f"{csv_}:3: " + E.W001.format(encoding="utf-8"),
                                   f"{txt}: " + E.W001.format(encoding="utf-8")]


def test_utf16_jsonl_and_csv_files(tmp_path, errors):
    jsonl = write(tmp_path / "a.jsonl", ('{"id": "j", "text": "' + LEDE + '"}\n').encode("utf-16"))
    csv_ = write(tmp_path / "b.csv", ("id,text\nc," + LEDE + "\n").encode("utf-16"))
    assert [(a.doc_id, a.text) for a in read_inputs([str(jsonl), str(csv_)], None, errors)] == [("j", LEDE), ("c", LEDE)]
    assert errors == []


@pytest.mark.parametrize("data", [
    bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(range(256)) * 8,  # a PNG header and bytes
    b"%PDF-1.4\n" + bytes(range(1, 256)) * 8,  # control characters, no NUL
    bytes(1000),  # all NUL
], ids=["png", "pdf-like", "nul"])
def test_real_binary_is_still_one_error(data, tmp_path, errors):
    path = write(tmp_path / "a.txt", data)
    assert list(read_path(path, None, errors)) == []
    assert [(e.origin, e.reason) for e in errors] == [(str(path), E.E005)]


def test_detect_encoding_does_not_count_a_character_cut_by_the_sample_as_invalid():
    sample = ("a" * 100 + "\u00e9").encode()[:-1]  # the sample ends inside a two-byte character
    assert detect_encoding(sample, complete=False) == "utf-8"


def test_stdin_bytes_are_decoded_like_files(monkeypatch, errors, caplog):
    class Stdin(io.StringIO):
        buffer = io.BytesIO(codecs.BOM_UTF16_LE + LEDE.encode("utf-16-le"))

    monkeypatch.setattr("sys.stdin", Stdin())
    [article] = read_stdin(None, errors)
    assert article.text == LEDE and errors == []


def test_decode_bytes_reports_binary_naming_the_origin():
    with pytest.raises(E.InputError) as info:
        decode_bytes(bytes(range(256)) * 4, "x.html")
    assert str(info.value) == "x.html: " + E.E005


# ---------------------------------------------------------------------------------- HTML


@pytest.mark.parametrize("depth", [300, 1000])
def test_deeply_nested_html_keeps_its_text(depth, tmp_path, errors):
    html = ("<html><head><title>Talks</title></head><body>" + "<div>" * depth + f"<p>{LEDE}</p>"
            + "</div>" * depth + "</body></html>")
    [article] = read_path(write(tmp_path / "deep.html", html.encode()), None, errors)  # "no main text" before
    assert LEDE in article.text and errors == []


# ---------------------------------------------------------------------------------- caches


class Thing:
    def __init__(self, value):
        self.value = value


def read_thing(path):
    """A test codec: a JSON object with a tag (the cache leaves the format to its user)."""
    data = json.loads(path.read_bytes())
    if not isinstance(data, dict) or data.get("tag") != "t1" or not isinstance(data.get("value"), int):
        raise ValueError("written by another version or program")
    return Thing(data["value"])


def write_thing(thing, handle):
    handle.write(json.dumps({"tag": "t1", "value": thing.value}).encode())


def build_counter():
    calls = []

    def build():
        calls.append(1)
        return Thing(len(calls))

    return build, calls


def test_cache_is_built_once_then_loaded(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    path = tmp_path / "c" / "x.bin"
    build, calls = build_counter()
    first = cache.load_or_build(path, read_thing, write_thing, build, "test index")
    second = cache.load_or_build(path, read_thing, write_thing, build, "test index")
    assert (first.value, second.value, len(calls)) == (1, 1, 1)
    notes = [r.getMessage() for r in caplog.records]
    assert len(notes) == 2 and "building the test index" in notes[0] and "built in" in notes[1]
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.bin", "x.bin.lock"]  # no temp file left


@pytest.mark.parametrize("content", [
    b"garbage, not JSON",
    b"",  # empty
    "truncated",
    json.dumps({"a": "foreign"}).encode(),
    json.dumps({"tag": "t0", "value": 9}).encode(),
    json.dumps({"tag": "t1", "value": "not a number"}).encode(),
], ids=["garbage", "empty", "truncated", "foreign", "other-version", "wrong-type"])
def test_an_unusable_cache_is_reported_once_and_rebuilt(content, tmp_path, caplog):
    path = tmp_path / "x.bin"
    build, calls = build_counter()
    if content == "truncated":
        cache.save(path, Thing(5), write_thing)
        content = path.read_bytes()[:-7]
    path.write_bytes(content)
    value = cache.load_or_build(path, read_thing, write_thing, build, "test index")
    assert value.value == 1 and len(calls) == 1
    messages = warnings_of(caplog)
    assert len(messages) == 1 and messages[0].startswith(f"cache {path} cannot be used")
    caplog.clear()
    assert cache.load_or_build(path, read_thing, write_thing, build, "test index").value == 1 and len(calls) == 1
    assert warnings_of(caplog) == []


def test_a_cache_that_cannot_be_written_costs_a_rebuild_not_the_run(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    build, calls = build_counter()
    assert cache.load_or_build(blocker / "x.bin", read_thing, write_thing, build, "test index").value == 1


def test_a_value_that_cannot_be_written_leaves_no_temporary_file(tmp_path, caplog):
    """save() removed its temporary file only on OSError: a writing error left one per run."""
    with caplog.at_level(logging.WARNING):
        assert cache.save(tmp_path / "c.bin", Thing(object()), write_thing) is False
    assert list(tmp_path.iterdir()) == []
    assert "cannot write cache" in caplog.text


def tiny_index():
    from dotterel.place import City, fold
    from dotterel.place.gazetteer import GeoNamesIndex

    cities = {7: City(7, "Ålesund", 62.47, 6.15, "NO", "15", 50000), 3: City(3, "Aalesund", 1.0, 2.0, "NO", "", 10)}
    return GeoNamesIndex(cities, {fold("Ålesund"): (7, 3)}, {"NO": {"iso3": "NOR", "name": "Norway", "geonameid": 3144096,
                         "capital": "Oslo"}}, {"norway": "NO"}, {"oslo": ("NO", "Oslo", "03")}, {"NO": "NOR"})


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "other-version"])
def test_garbage_in_the_gazetteer_cache_is_reported_once_and_rebuilt(damage, tmp_path, monkeypatch, caplog):
    """The gazetteer's own cache goes through the same checks (a traceback before)."""
    from dotterel.place import gazetteer, mapped

    monkeypatch.setenv("DOTTEREL_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gazetteer, "_build", tiny_index)
    path = gazetteer._cache_path()
    good = mapped.encode(tiny_index(), f"gazetteer-v{gazetteer.INDEX_VERSION}")
    path.write_bytes({"garbage": b"\x80\x04garbage", "empty": b"", "truncated": good[:-9],
                      "other-version": mapped.encode(tiny_index(), "gazetteer-v0")}[damage])
    assert gazetteer._load_index().city_ids("alesund") == (7, 3)
    messages = warnings_of(caplog)
    assert len(messages) == 1 and messages[0].startswith(f"cache {path} cannot be used")
    assert path.read_bytes() == good  # rebuilt and written again
    caplog.clear()
    assert gazetteer._load_index().city(7).name == "Ålesund" and warnings_of(caplog) == []


def test_the_cache_dir_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DOTTEREL_CACHE_DIR", str(tmp_path / "here"))
    from dotterel.place.gazetteer import _cache_path

    assert _cache_path().parent == tmp_path / "here"


# ---------------------------------------------------------------------------------- output


def event(doc_id: str, n: int, actors: int = 1) -> Event:
    people = [Entity("Amina Odhiambo", "Amina Odhiambo", "KEN", "GOV", "minister", "description"),
              Entity("her counterpart", "her counterpart", "ETH", None, None, "lexicon")][:actors]
    return Event(doc_id=doc_id, event="CONSULT", actor=people, recipient=[], text=f"sentence {n}", sequence=n,
                 start=0, end=10, evidence=Evidence("met", 0, 3, "dotterel/data/triggers.tsv:31", None),
                 id=f"{doc_id}-{n}", date_source="sentence",
                 event_loc=Place("Nairobi", "Nairobi", 184745, -1.28, 36.8, "KEN", None, "P", "PPL", 4, "sentence"),
                 cite_info={"title": "Talks", "url": "https://example.org/a", "source": "wire"})


def test_csv_carries_the_fields_a_spreadsheet_user_filters_on():
    row = dict(zip(CSV_COLUMNS, csv_row(event("d", 0, actors=2))))
    assert row["actor_source"] == "description|lexicon"
    assert row["actor_sector"] == "GOV|-"  # one slot per actor, '-' for a missing value
    assert row["actor_office"] == "minister|-"
    assert (row["title"], row["url"], row["source"]) == ("Talks", "https://example.org/a", "wire")
    assert (row["rule"], row["date_source"]) == ("dotterel/data/triggers.tsv:31", "sentence")
    assert (row["place_resolution"], row["place_source"]) == (4, "sentence")
    assert row["recipient_code"] == ""  # no recipient: an empty cell


def fake_coder(events_per_article: dict[str, int]):
    """A stand-in for Coder.code_articles: pulls articles in batches of 3, then yields events."""
    def code(articles):
        batch = []
        for article in articles:
            batch.append(article)
            if len(batch) == 3:
                yield from (event(a.doc_id, i) for a in batch for i in range(events_per_article.get(a.origin, 1)))
                batch = []
        yield from (event(a.doc_id, i) for a in batch for i in range(events_per_article.get(a.origin, 1)))
    return code


def articles(*ids: str) -> list[Article]:
    return [Article(doc_id, "t", origin=f"in:{n}") for n, doc_id in enumerate(ids, start=1)]


def test_code_by_article_groups_each_articles_events():
    inputs = articles("a", "b", "c", "d", "e")
    groups = list(code_by_article(fake_coder({"in:2": 0, "in:3": 2, "in:5": 0}), inputs))
    flat = [([a.origin for a in arts], [e.id for e in evs]) for arts, evs in groups]
    assert [o for origins, _ in flat for o in origins] == ["in:1", "in:2", "in:3", "in:4", "in:5"]
    assert [e for _, evs in flat for e in evs] == ["a-0", "c-0", "c-1", "d-0"]
    for origins, ids in flat:  # an article is never split over two groups
        assert {i.split("-")[0] for i in ids} <= {o for o in "abcde" if f"in:{'abcde'.index(o) + 1}" in origins}


def test_code_by_article_is_exact_when_ids_repeat():
    inputs = articles("a", "b", "a", "a", "c")
    groups = list(code_by_article(fake_coder({"in:2": 0}), inputs))
    for arts, evs in groups:
        assert len({e.doc_id for e in evs}) <= 1 and all(e.doc_id in {a.doc_id for a in arts} for e in evs)
    assert sum(len(evs) for _, evs in groups) == 4
    assert [a.origin for arts, _ in groups for a in arts] == [f"in:{n}" for n in range(1, 6)]


def test_code_by_article_skips_what_is_done():
    seen = []

    def code(arts):
        for article in arts:
            seen.append(article.origin)
            yield event(article.doc_id, 0)

    groups = list(code_by_article(code, articles("a", "b", "c"), skip={"in:2"}))
    assert seen == ["in:1", "in:3"] and len(groups) == 2


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_resume_cuts_a_half_written_article_and_skips_finished_ones(fmt, tmp_path):
    out = tmp_path / f"out.{fmt}"
    sink = make_sink(fmt, out)
    assert sink.open() == frozenset()
    sink.write([event("a", 0), event("a", 1)], ["in:1"])
    sink.write([], ["in:2"])
    good = out.read_bytes()
    sink.close()
    with out.open("ab") as handle:
        handle.write(b'{"id": "b-0", "half wri')  # killed in the middle of the next article
    with (tmp_path / f"out.{fmt}.done").open("a") as handle:
        handle.write('{"done": ["in:3"], "si')  # and in the middle of recording it
    sink = make_sink(fmt, out, resume=True)
    assert sink.open() == {"in:1", "in:2"}
    assert out.read_bytes() == good
    sink.write([event("c", 0)], ["in:3"])
    sink.close()
    lines = out.read_text().splitlines()
    assert len(lines) == 3 + (fmt == "csv")
    assert (lines[0].startswith("id,doc_id")) == (fmt == "csv")  # the header is written once
    assert make_sink(fmt, out, resume=True).open() == {"in:1", "in:2", "in:3"}


def test_resume_refuses_an_output_without_or_with_a_foreign_progress_file(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("{}\n")
    # no progress file: said so (it was called one 'from another format or damaged')
    with pytest.raises(OutputError, match=r"exists but has no progress file .*out\.jsonl\.done"):
        make_sink("jsonl", out, resume=True).open()
    make_sink("csv", out).open()  # now out.jsonl.done is a CSV run's
    with pytest.raises(OutputError, match="progress file .* from another format"):
        make_sink("jsonl", out, resume=True).open()


def test_resume_of_a_missing_output_starts_afresh(tmp_path):
    out = tmp_path / "new.jsonl"
    assert make_sink("jsonl", out, resume=True).open() == frozenset()
    assert out.exists() and (tmp_path / "new.jsonl.done").exists()


def test_unknown_format_names_the_registered_ones():
    with pytest.raises(OutputError, match="jsonl, csv"):
        make_sink("xml")


def test_jsonl_write_of_one_article_is_one_piece(tmp_path):
    out = tmp_path / "o.jsonl"
    sink = make_sink("jsonl", out)
    sink.open()
    sink.write([event("a", 0), event("a", 1)], ["in:1"])
    sink.close()
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a-0", "a-1"]
    progress = [json.loads(line) for line in (tmp_path / "o.jsonl.done").read_text().splitlines()]
    assert progress[-1] == {"done": ["in:1"], "size": out.stat().st_size}
