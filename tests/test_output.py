"""Writers: PLOVER JSON Lines and flat CSV, from Event records built by hand."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from dotterel.output import CSV_COLUMNS, FORMATS, CsvSink, JsonlSink, make_sink
from dotterel.records import Entity, Event, Evidence, Place

PLOVER_FIELDS = {
    "id", "doc_id", "date", "enddate", "actor", "recipient", "event", "mode", "context", "event_text",
    "quad_code", "cameo", "event_loc", "text", "text_info", "cite_info", "modality", "confidence",
}
ENTITY_FIELDS = {"entity_text", "name", "code", "sector", "office", "source_of_code"}
PLACE_FIELDS = {"extracted_place", "resolved_place", "geonameid", "lat", "lon", "country_code", "province",
                "feature_class", "feature_code", "resolution", "source", "start", "end"}

SENTENCE = "Chinese President Xi Jinping met Russian President Vladimir Putin and the UN chief in Beijing."


def full_event() -> Event:
    return Event(
        id="0123456789abcdef",
        doc_id="xinhua-1",
        event="CONSULT",
        actor=[Entity("Chinese President Xi Jinping", "Xi Jinping", "CHN", "GOV", "President", "description")],
        recipient=[
            Entity("Russian President Vladimir Putin", "Vladimir Putin", "RUS", "GOV", "President", "description"),
            Entity("the UN chief", "United Nations", "UNO", None, None, "lexicon"),
        ],
        text=SENTENCE,
        sequence=3,
        start=120,
        end=120 + len(SENTENCE),
        evidence=Evidence(trigger="met", trigger_start=149, trigger_end=152, rule="dotterel/data/triggers.tsv:28"),
        mode="visit",
        context=["diplomatic", "political_institutions"],
        cameo="042",
        quad_code=1,
        modality="asserted",
        confidence=0.87654,
        date=date(2015, 9, 23),
        enddate=date(2015, 9, 27),
        date_source="sentence",
        event_loc=Place("Beijing", "Beijing", 1816670, 39.9075, 116.39723, "CHN", "22", "P", "PPLC", 4, "sentence", 85, 92),
        cite_info={"title": "Xi meets Putin", "url": "https://news.example/1", "source": "Xinhua"},
    )


def bare_event() -> Event:
    return Event(doc_id="d2", event="PROTEST", actor=[], recipient=[], text="Crowds protested, \"loudly\".\nAgain.",
                 sequence=0, start=0, end=34, evidence=Evidence("protested", 7, 16, "r:1"))


def jsonl(*events: Event) -> list[dict]:
    handle = io.StringIO()
    writer = make_sink("jsonl", stream=handle)
    assert isinstance(writer, JsonlSink)
    writer.open()
    for event in events:
        writer.write([event])
    lines = handle.getvalue().splitlines()
    assert len(lines) == len(events)
    return [json.loads(line) for line in lines]


def test_jsonl_record_carries_the_plover_field_names():
    [record] = jsonl(full_event())
    assert PLOVER_FIELDS <= set(record)
    assert set(record) - PLOVER_FIELDS <= {"evidence"}
    for entity in record["actor"] + record["recipient"]:
        assert set(entity) == ENTITY_FIELDS
    assert set(record["event_loc"]) == PLACE_FIELDS
    assert set(record["text_info"]) == {"sequence", "start", "end"}


def test_jsonl_record_values():
    [record] = jsonl(full_event())
    assert record["id"] == "0123456789abcdef"
    assert record["doc_id"] == "xinhua-1"
    assert (record["date"], record["enddate"]) == ("2015-09-23", "2015-09-27")
    assert (record["event"], record["mode"], record["cameo"], record["quad_code"]) == ("CONSULT", "visit", "042", 1)
    assert record["context"] == ["diplomatic", "political_institutions"]
    assert record["event_text"] == "met"
    assert [a["code"] for a in record["actor"]] == ["CHN"]
    assert [(r["code"], r["sector"]) for r in record["recipient"]] == [("RUS", "GOV"), ("UNO", None)]
    assert record["actor"][0] == {"entity_text": "Chinese President Xi Jinping", "name": "Xi Jinping", "code": "CHN",
                                  "sector": "GOV", "office": "President", "source_of_code": "description"}
    assert record["event_loc"]["geonameid"] == 1816670
    assert record["event_loc"]["resolution"] == 4
    assert record["text"] == SENTENCE
    assert record["text_info"] == {"sequence": 3, "start": 120, "end": 120 + len(SENTENCE)}
    assert record["cite_info"] == {"title": "Xi meets Putin", "url": "https://news.example/1", "source": "Xinhua"}
    assert record["modality"] == "asserted"
    assert record["confidence"] == 0.877
    assert record["evidence"]["trigger"] == "met"
    assert record["evidence"]["date_source"] == "sentence"


def test_jsonl_record_of_a_bare_event_uses_nulls_and_empty_lists():
    [record] = jsonl(bare_event())
    assert (record["date"], record["enddate"], record["event_loc"], record["mode"], record["cameo"]) == (None,) * 5
    assert (record["actor"], record["recipient"], record["context"], record["cite_info"]) == ([], [], [], {})
    assert record["modality"] == "asserted"
    assert record["confidence"] == 0.5


def test_jsonl_keeps_non_ascii_text_readable():
    event = bare_event()
    event.text = "Des manifestants ont protesté à Montréal."
    handle = io.StringIO()
    sink = JsonlSink(None, stream=handle)
    sink.open()
    sink.write([event])
    assert "protesté à Montréal" in handle.getvalue()
    assert handle.getvalue().endswith("}\n")


def test_to_plover_does_not_share_mutable_state_with_the_event():
    event = full_event()
    record = event.to_plover()
    record["context"].append("x")
    record["cite_info"]["title"] = "changed"
    assert event.context == ["diplomatic", "political_institutions"]
    assert event.cite_info["title"] == "Xi meets Putin"


def csv_rows(*events: Event) -> list[dict]:
    handle = io.StringIO(newline="")
    writer = make_sink("csv", stream=handle)
    assert isinstance(writer, CsvSink)
    writer.open()
    for event in events:
        writer.write([event])
    rows = list(csv.reader(io.StringIO(handle.getvalue(), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    return [dict(zip(CSV_COLUMNS, row)) for row in rows[1:]]


def test_csv_header_is_written_even_without_events():
    handle = io.StringIO()
    make_sink("csv", stream=handle).open()
    assert handle.getvalue().splitlines() == [",".join(CSV_COLUMNS)]


def test_csv_header_names():
    assert CSV_COLUMNS[:3] == ("id", "doc_id", "date")
    assert {"event", "mode", "actor_code", "recipient_code", "event_text", "geonameid", "text"} <= set(CSV_COLUMNS)
    assert len(set(CSV_COLUMNS)) == len(CSV_COLUMNS)


def test_csv_flattens_one_row_per_event_with_joined_actors():
    [row] = csv_rows(full_event())
    assert row["id"] == "0123456789abcdef"
    assert (row["date"], row["enddate"]) == ("2015-09-23", "2015-09-27")
    assert (row["event"], row["mode"], row["cameo"], row["quad_code"]) == ("CONSULT", "visit", "042", "1")
    assert row["context"] == "diplomatic|political_institutions"
    assert row["actor_code"] == "CHN"
    assert row["recipient_text"] == "Russian President Vladimir Putin|the UN chief"
    assert row["recipient_code"] == "RUS|UNO"
    assert row["recipient_sector"] == "GOV|-"  # a missing sector keeps its slot
    assert row["recipient_name"] == "Vladimir Putin|United Nations"
    assert row["event_text"] == "met"
    assert (row["place"], row["geonameid"], row["lat"], row["lon"], row["place_country"]) == (
        "Beijing", "1816670", "39.9075", "116.39723", "CHN")
    assert (row["sequence"], row["start"], row["end"]) == ("3", "120", str(120 + len(SENTENCE)))
    assert row["modality"] == "asserted"
    assert row["confidence"] == "0.877"
    assert row["text"] == SENTENCE


def test_csv_empty_values_and_quoting_round_trip():
    [full, bare] = csv_rows(full_event(), bare_event())
    assert full["doc_id"] == "xinhua-1"
    assert bare["text"] == "Crowds protested, \"loudly\".\nAgain."
    for column in ("date", "enddate", "mode", "cameo", "quad_code", "context", "actor_code", "recipient_code",
                   "place", "geonameid", "lat", "lon"):
        assert bare[column] == "", column


@pytest.mark.parametrize("fmt, cls", [("jsonl", JsonlSink), ("csv", CsvSink)])
def test_make_sink_by_registered_name(fmt, cls):
    assert fmt in FORMATS
    assert isinstance(make_sink(fmt, stream=io.StringIO()), cls)
