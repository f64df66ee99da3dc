"""The event store (dotterel.store): idempotence, near-duplicates, event merging, queries,
exports, charts and the errors a bad database file gives.  No spaCy model needed: events are
built directly as records; tests/test_store_model.py runs the real coder."""

from __future__ import annotations

import csv
import json
import random
from datetime import date

import pytest

from dotterel.errors import StoreError
from dotterel.records import Article, Entity, Event, Evidence, Place
from dotterel.store import IngestReport, Store
from dotterel.store import dedup
from dotterel.store.export import GDELT_COLUMNS, GDELT_TYPES, export
from dotterel.store.synthetic import corpus

MOSCOW = Place("Moscow", "Moscow", 524901, 55.75, 37.62, "RUS", None, "P", "PPLC", 4)
KYIV = Place("Kyiv", "Kyiv", 703448, 50.45, 30.52, "UKR", None, "P", "PPLC", 4)
RUSSIA = Place("Russia", "Russia", 2017370, 55.75, 37.62, "RUS", None, "A", "PCLI", 1)

STORY = ("Chinese and Russian leaders met in the capital on Tuesday for talks on energy, trade and the "
         "war, officials said, in a meeting that lasted several hours and ended with a joint statement "
         "on pipelines, grain exports and security cooperation across the region.")


def event(doc_id, seq, category="CONSULT", actor="CHN", recipient="RUS", day=date(2024, 5, 14), end=None,
          place=MOSCOW, quad=1, confidence=0.8, mode=None, text=None):
    actors = [Entity(actor, actor, actor, "GOV", None, "lexicon")] if actor else []
    recipients = [Entity(recipient, recipient, recipient, None, None, "lexicon")] if recipient else []
    return Event(doc_id=doc_id, event=category, actor=actors, recipient=recipients,
                 text=text or f"{actor} {category} {recipient} ({seq})", sequence=seq, start=seq * 50,
                 end=seq * 50 + 40, evidence=Evidence("met", seq * 50 + 5, seq * 50 + 8, "test:1"), mode=mode,
                 cameo={"CONSULT": "040", "ASSAULT": "190", "ACCUSE": "112"}.get(category, "040"), quad_code=quad,
                 confidence=confidence, date=day, enddate=end, date_source="sentence", event_loc=place,
                 id=f"{doc_id}-{seq}")


def article(doc_id, text, source="Wire A", day=date(2024, 5, 15), url=None):
    return Article(doc_id, text, title=doc_id, date=day, source=source, url=url, origin=f"fixture:{doc_id}")


def table_dump(path) -> dict:
    """Every row of every table except arrival timestamps: what 'the same database' means."""
    with Store.open(path, read_only=True) as store:
        dump = {}
        for table, order in (("articles", "article_id"), ("mentions", "mention_id"), ("events", "event_id"),
                             ("entities", "mention_id, role, position"), ("match_keys", "mention_id, role, code"),
                             ("lsh_bands", "article_id, band"), ("minhashes", "article_id"),
                             ("event_aliases", "old_event_id")):
            columns = [r[0] for r in store.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table]) if r[0] != "ingested_at"]
            dump[table] = store.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
    return dump


@pytest.fixture
def db(tmp_path):
    return tmp_path / "events.duckdb"


# ---------------------------------------------------------------------------- idempotence
def test_ingesting_twice_adds_nothing(db):
    pairs = list(corpus(300, seed=3))
    with Store.open(db) as store:
        first = store.ingest_pairs(pairs)
        counts = store.stats()
        second = store.ingest_pairs(pairs)
        assert store.stats() == counts
    assert first.articles_new > 50 and first.mentions_new >= 250
    assert second.articles_duplicate == len(pairs)
    assert (second.articles_new, second.mentions_new, second.events_new) == (0, 0, 0)


def test_whitespace_only_differences_are_the_same_article(db):
    with Store.open(db) as store:
        assert store.ingest_coded(article("a", STORY), [event("a", 0)]) == "new"
        assert store.ingest_coded(article("b", "  " + STORY.replace(" ", "\n  ", 3)), [event("b", 0)]) == "duplicate"
        assert store.stats()["articles"] == 1


# ---------------------------------------------------------------------------- near-duplicates and merging
def test_wire_copies_are_linked_and_counted_once(db):
    reprint = STORY.replace("several hours", "about three hours") + " Reporting by Daily B."
    with Store.open(db) as store:
        assert store.ingest_coded(article("wire", STORY), [event("wire", 0)]) == "new"
        # the reprint is dated a day later: its 'yesterday' lands on another day, same happening
        status = store.ingest_coded(article("daily", reprint, source="Daily B"),
                                    [event("daily", 0, day=date(2024, 5, 16))])
        assert status == "near-duplicate"
        links = store.execute("SELECT doc_id, duplicate_of IS NOT NULL, similarity FROM articles ORDER BY seq")
        assert [(d, linked) for d, linked, _ in links] == [("wire", False), ("daily", True)]
        assert links[1][2] >= dedup.THRESHOLD
        events = store.query_events()
        assert len(events) == 1
        assert (events[0]["num_mentions"], events[0]["num_articles"], events[0]["num_sources"]) == (2, 2, 2)
        full = store.get_event(events[0]["id"])
        assert sorted(m["doc_id"] for m in full["mentions"]) == ["daily", "wire"]
        assert all(m["text"] and m["evidence"]["rule"] == "test:1" for m in full["mentions"])


def test_a_verbatim_reprint_from_another_source_is_a_second_source(db):
    """The same words from another outlet: a near-duplicate of similarity 1.0 whose event is a mention."""
    with Store.open(db) as store:
        assert store.ingest_coded(article("wire", STORY), [event("wire", 0)]) == "new"
        reprint = article("daily", STORY, source="Daily B")
        assert not store.has_article(reprint)  # so the ingest loop codes it
        assert store.ingest_coded(reprint, [event("daily", 0)]) == "near-duplicate"
        links = store.execute("SELECT doc_id, duplicate_of IS NOT NULL, similarity FROM articles ORDER BY seq")
        assert links == [("wire", False, None), ("daily", True, 1.0)]
        (only,) = store.query_events()
        assert (only["num_mentions"], only["num_articles"], only["num_sources"]) == (2, 2, 2)
        # the same article from the same source again adds nothing
        counts = store.stats()
        assert store.has_article(article("again", STORY, source="daily b"))
        assert store.ingest_coded(article("again", STORY, source="Daily B"), [event("again", 0)]) == "duplicate"
        assert store.stats() == counts
        # the same page (same URL) reached through another feed, under another name: still the same article
        page = article("p", STORY, source="Feed One", url="https://daily-b.example/talks")
        assert store.ingest_coded(page, [event("p", 0)]) == "near-duplicate"
        linked = article("p2", STORY, source="Feed Two", url="https://daily-b.example/talks")
        assert store.has_article(linked)
        assert store.ingest_coded(linked, [event("p2", 0)]) == "duplicate"


def test_verbatim_copies_in_one_batch_link_to_the_first(db):
    with Store.open(db) as store:
        results = store.ingest_coded_many([(article(d, STORY, source=d), [event(d, 0)]) for d in ("a", "b", "c")]
                                          + [(article("a2", STORY, source="a"), [event("a2", 0)])])
        assert [r[0] for r in results] == ["new", "near-duplicate", "near-duplicate", "duplicate"]
        (only,) = store.query_events()
        assert (only["num_mentions"], only["num_sources"]) == (3, 3)
        first = store.execute("SELECT article_id FROM articles WHERE doc_id = 'a'")[0][0]
        assert store.execute("SELECT DISTINCT duplicate_of FROM articles WHERE doc_id <> 'a'") == [(first,)]


def test_different_stories_are_not_near_duplicates(db):
    rng = random.Random(5)
    words = "police minister border troops talks election aid summit statement crisis".split()
    texts = [" ".join(rng.choice(words) for _ in range(80)) for _ in range(2)]
    with Store.open(db) as store:
        assert store.ingest_coded(article("x", texts[0]), []) == "new"
        assert store.ingest_coded(article("y", texts[1]), []) == "new"
        assert store.stats()["articles_near_duplicate"] == 0


def test_reports_of_one_happening_in_independent_articles_merge(db):
    with Store.open(db) as store:
        store.ingest_coded(article("a", "First outlet's own words about the talks " * 3), [event("a", 0)])
        store.ingest_coded(article("b", "Another outlet writes differently about it " * 3, source="Herald C"),
                           [event("b", 2, day=date(2024, 5, 15), place=RUSSIA)])
        # a different category, a different dyad, a date far away, another city: other events
        store.ingest_coded(article("c", "Third outlet, other news entirely today " * 3, source="Herald C"),
                           [event("c", 0, category="ACCUSE", quad=3), event("c", 1, recipient="UKR"),
                            event("c", 2, day=date(2024, 5, 20)), event("c", 3, place=KYIV)])
        consult = store.query_events(actor="CHN", recipient="RUS", event="CONSULT", until="2024-05-16")
        assert len(consult) == 2  # the Moscow meeting (a, b) and the Kyiv one
        moscow = next(e for e in consult if e["num_mentions"] == 2)
        assert (moscow["num_articles"], moscow["num_sources"]) == (2, 2)
        assert moscow["event_loc"]["resolved_place"] == "Moscow"  # the more precise of the two places
        assert store.stats()["events"] == 5


def test_one_mention_can_join_two_events_into_one(db):
    """A report spanning two days links a report of each day: three mentions, one event."""
    with Store.open(db) as store:
        store.ingest_coded(article("a", "the first day of talks " * 5), [event("a", 0, day=date(2024, 5, 1))])
        store.ingest_coded(article("b", "the third day of the talks " * 5), [event("b", 0, day=date(2024, 5, 3))])
        before = [e["id"] for e in store.query_events()]
        assert len(before) == 2
        store.ingest_coded(article("c", "talks lasting all week long " * 5),
                           [event("c", 0, day=date(2024, 5, 1), end=date(2024, 5, 3))])
        after = store.query_events()
        assert len(after) == 1 and after[0]["num_mentions"] == 3
        assert (after[0]["date"], after[0]["enddate"]) == ("2024-05-01", "2024-05-03")
        for old in before:  # an id handed out before the merge still finds the event
            assert store.get_event(old)["id"] == after[0]["id"]


def test_counts_do_not_depend_on_arrival_order(tmp_path):
    pairs = list(corpus(600, seed=11, days=60))
    dumps = []
    for run, order in enumerate((pairs, list(reversed(pairs)), random.Random(2).sample(pairs, len(pairs)))):
        path = tmp_path / f"order{run}.duckdb"
        with Store.open(path) as store:
            store.ingest_pairs(order, batch_size=7)
            dumps.append(store.execute(
                "SELECT event_id, event, date, enddate, actor_codes, recipient_codes, num_mentions, num_sources, "
                "num_articles FROM events ORDER BY event_id"))
    assert len(dumps[0]) > 100
    assert any(row[6] > 1 for row in dumps[0])  # some events were merged
    assert dumps[0] == dumps[1] == dumps[2]


def test_merge_rule():
    def row(**kw):
        base = {"event": "CONSULT", "date": date(2024, 5, 1), "enddate": None, "actor_codes": ["CHN"],
                "recipient_codes": ["RUS"], "country": "RUS", "geonameid": 1, "resolution": 4}
        return base | kw

    assert dedup.mentions_match(row(), row(date=date(2024, 5, 2)))
    assert not dedup.mentions_match(row(), row(date=date(2024, 5, 3)))
    assert dedup.mentions_match(row(), row(date=date(2024, 4, 27), enddate=date(2024, 4, 30)))
    assert not dedup.mentions_match(row(), row(date=date(2024, 4, 1), enddate=date(2024, 4, 30)))  # 'in April'
    assert not dedup.mentions_match(row(date=date(2024, 1, 1), enddate=date(2024, 12, 31)), row())  # 'in 2024'
    assert not dedup.mentions_match(row(), row(date=None))
    assert not dedup.mentions_match(row(), row(event="ACCUSE"))
    assert dedup.mentions_match(row(), row(actor_codes=["CHN", "KAZ"]))
    assert not dedup.mentions_match(row(), row(recipient_codes=[]))
    assert not dedup.mentions_match(row(actor_codes=[], recipient_codes=[]), row(actor_codes=[], recipient_codes=[]))
    assert dedup.mentions_match(row(), row(country=None))
    assert dedup.mentions_match(row(), row(geonameid=9, resolution=1))
    assert not dedup.mentions_match(row(), row(geonameid=9))
    assert not dedup.mentions_match(row(), row(country="CHN", resolution=1))


# ---------------------------------------------------------------------------- queries
def test_filters_are_bound_parameters_not_sql(db):
    with Store.open(db) as store:
        store.ingest_pairs(corpus(100, seed=1))
        total = store.stats()["events"]
        for hostile in ("CHN' OR '1'='1", "x'; DROP TABLE events; --", "%", "\\", '"', "CHN\x00"):
            assert store.query_events(actor=hostile) == []
            assert store.dyads(by="month", actor=hostile) == []
            assert store.events_table(country=hostile, as_="pandas").empty
        assert store.stats()["events"] == total
        with pytest.raises(ValueError):
            store.dyads(by="month; DROP TABLE events")
        with pytest.raises(ValueError):
            store.query_events(since="2024-01-01' OR 1=1 --")


def test_queries_dyads_and_tables(db):
    with Store.open(db) as store:
        store.ingest_coded(article("a", "talks in the capital today " * 5),
                           [event("a", 0), event("a", 1, category="ASSAULT", actor="RUS", recipient="UKR",
                                                 quad=4, place=KYIV, mode="aerial", day=date(2024, 6, 2))])
        store.ingest_coded(article("b", "another meeting this spring " * 5),
                           [event("b", 0, day=date(2024, 5, 28), place=RUSSIA)])
        months = store.dyads(by="month", actor="CHN")
        assert [(r["period"], r["recipient"], r["events"], r["cooperation"], r["conflict"]) for r in months] == [
            ("2024-05-01", "RUS", 2, 2, 0)]
        assert months[0]["score"] == 2.5  # PLOVER score of CONSULT
        assault = store.dyads(by="day", recipient="UKR")
        assert assault[0]["material_conflict"] == 1 and assault[0]["score"] == -9.5  # ASSAULT: aerial
        assert len(store.query_events(since="2024-06-01")) == 1
        assert len(store.query_events(country="UKR")) == 1
        assert len(store.query_events(limit=1, offset=1)) == 1
        arrow = store.events_table(event="CONSULT")
        assert arrow.num_rows == 2 and "num_mentions" in arrow.column_names
        stats = store.stats()
        assert (stats["articles"], stats["events"], stats["mentions"]) == (2, 3, 3)
        assert (stats["first_date"], stats["last_date"]) == ("2024-05-14", "2024-06-02")
        assert store.get_event("no-such-event") is None


def test_paged_reading_gives_every_event_once_in_query_order(db):
    """Keyset pages (export reads this way) across undated events, shared dates and page edges,
    and events stored between two pages are neither repeated nor make others skipped."""
    pairs = list(corpus(120, seed=5))
    with Store.open(db) as store:
        store.ingest_pairs(pairs[:100])
        store.ingest_coded(article("undated", "a story with no date at all " * 5, day=None),
                           [event("undated", 0, day=None), event("undated", 1, day=None, recipient="UKR")])
        whole = [e["id"] for e in store.query_events(limit=None)]
        assert len(whole) > 20 and whole[-1] is not None
        assert any(e["date"] is None for e in store.query_events(limit=None))
        for page in (1, 3, 7, len(whole), len(whole) + 1):
            assert [e["id"] for e in store.iter_events(page=page)] == whole
        assert [e["id"] for e in store.iter_events(page=4, event="CONSULT")] == [
            e["id"] for e in store.query_events(event="CONSULT", limit=None)]
        pages = store.iter_events(page=5)
        seen = [next(pages)["id"] for _ in range(5)]
        store.ingest_pairs(pairs[100:])  # stored while the reader is between pages
        seen += [e["id"] for e in pages]
        assert len(seen) == len(set(seen))
        assert set(whole) - set(seen) <= set(whole) - {e["id"] for e in store.query_events(limit=None)}


def test_readers_on_other_threads_see_whole_articles_while_one_writes(db):
    """Reads run on per-thread cursors beside the writer: each sees a committed state (an
    article's mentions all or none), counts only grow, and closing ends every cursor."""
    import threading

    pairs = list(corpus(160, seed=11))
    failures, done = [], threading.Event()
    with Store.open(db) as store:
        store.ingest_pairs(pairs[:20])

        def read() -> None:
            last = 0
            try:
                while not done.is_set():
                    stats = store.stats()
                    assert stats["mentions"] >= last
                    last = stats["mentions"]
                    for e in store.query_events(limit=20):
                        full = store.get_event(e["id"])
                        assert full is None or len(full["mentions"]) == full["num_mentions"]
            except Exception as exc:  # pragma: no cover - reported below
                failures.append(exc)

        readers = [threading.Thread(target=read) for _ in range(3)]
        for thread in readers:
            thread.start()
        store.ingest_pairs(pairs[20:])
        done.set()
        for thread in readers:
            thread.join()
        assert failures == []
        assert len(store._cursors) >= 3
    with pytest.raises(StoreError, match="closed"):
        store.stats()


# ---------------------------------------------------------------------------- exports
def test_gdelt_export_has_61_typed_columns_on_every_row(db, tmp_path):
    with Store.open(db) as store:
        store.ingest_pairs(corpus(200, seed=4))
        store.ingest_coded(article("undated", "an undated story with no place " * 4),
                           [event("undated", 0, day=None, place=None, actor=None)])
        n = export(store, "gdelt", tmp_path / "events.tsv")
        assert n == store.stats()["events"]
    assert len(GDELT_COLUMNS) == 61
    lines = (tmp_path / "events.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == n
    for line in lines:
        cells = line.split("\t")
        assert len(cells) == 61
        for name, cell in zip(GDELT_COLUMNS, cells):
            if cell:
                GDELT_TYPES[name](cell)  # raises on a cell of the wrong type
        row = dict(zip(GDELT_COLUMNS, cells))
        assert row["QuadClass"] in ("1", "2", "3", "4")
        assert row["EventRootCode"] == row["EventCode"][:2] and row["EventBaseCode"] == row["EventCode"][:3]
        assert row["AvgTone"] == "" and row["Actor1EthnicCode"] == "" and row["Actor1Geo_Type"] == ""
        if row["SQLDATE"]:
            assert row["MonthYear"] == row["SQLDATE"][:6] and row["Year"] == row["SQLDATE"][:4]
        if row["ActionGeo_Lat"]:
            assert row["ActionGeo_CountryCode"].isalpha() and len(row["ActionGeo_CountryCode"]) == 2
        assert float(row["GoldsteinScale"] or 0) <= 10
    consult = [dict(zip(GDELT_COLUMNS, line.split("\t"))) for line in lines]
    assert {r["GoldsteinScale"] for r in consult if r["EventCode"] == "040"} == {"1"}
    assert "" in {r["SQLDATE"] for r in consult}  # the undated event keeps an empty date, never an invented one


def test_parquet_csv_and_plover_exports(db, tmp_path):
    import pyarrow.parquet as pq

    with Store.open(db) as store:
        store.ingest_pairs(corpus(150, seed=6, days=90))
        total = store.stats()["events"]
        assert export(store, "parquet", tmp_path / "pq") == total
        assert export(store, "csv", tmp_path / "events.csv") == total
        assert export(store, "plover", tmp_path / "events.jsonl", event="CONSULT") < total
    months = sorted(p.name for p in (tmp_path / "pq").iterdir())
    assert len(months) >= 3 and all(m.startswith("month=20") for m in months)
    table = pq.read_table(tmp_path / "pq")
    assert table.num_rows == total
    rows = list(csv.DictReader((tmp_path / "events.csv").open(encoding="utf-8")))
    assert len(rows) == total and rows[0]["num_mentions"]
    records = [json.loads(line) for line in (tmp_path / "events.jsonl").open(encoding="utf-8")]
    assert records and {r["event"] for r in records} == {"CONSULT"}
    assert all(r["actor"] and "num_sources" in r for r in records)


def test_a_second_parquet_export_replaces_the_first_whole(db, tmp_path):
    """COPY ... OVERWRITE_OR_IGNORE left the first export's other months in place: a smaller
    second export said '1 events written' and the directory read back every event."""
    import pyarrow.parquet as pq

    with Store.open(db) as store:
        store.ingest_coded(article("a", STORY), [event("a", 0), event("a", 1, day=date(2024, 7, 1), actor="USA")])
        out = tmp_path / "pq"
        assert export(store, "parquet", out) == 2
        assert export(store, "parquet", out, actor="USA") == 1
        assert pq.read_table(out).num_rows == 1
        assert sorted(p.name for p in out.iterdir()) == ["month=2024-07"]
        assert export(store, "parquet", out, actor="NONE") == 0 and list(out.iterdir()) == []
        (tmp_path / "mine").mkdir()
        (tmp_path / "mine" / "thesis.tex").write_text("keep me")
        with pytest.raises(StoreError, match="thesis.tex"):
            export(store, "parquet", tmp_path / "mine")
        assert [p.name for p in (tmp_path / "mine").iterdir()] == ["thesis.tex"]
        with pytest.raises(StoreError, match="it is a file"):
            export(store, "parquet", tmp_path / "mine" / "thesis.tex")
        with pytest.raises(FileNotFoundError):  # the CLI's one line 'cannot write (No such file or directory)'
            export(store, "parquet", tmp_path / "none" / "pq")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# ---------------------------------------------------------------------------- charts
def test_charts_are_pngs(db, tmp_path):
    from dotterel.store.plot import dyad_series, plot_dyad, plot_map, world_outline

    outline = world_outline()
    assert len(outline) > 200 and all(-180 <= x <= 180 and -90 <= y <= 90 for ring in outline for x, y in ring)
    with Store.open(db) as store:
        store.ingest_pairs(corpus(400, seed=8, days=120))
        series = dyad_series(store, "CHN", "RUS", "month")
        assert len(series) >= 3 and sum(s["events"] for s in series) > 0
        drawn = plot_dyad(store, "CHN", "RUS", tmp_path / "dyad.png", by="month")
        located = plot_map(store, tmp_path / "map.png")
        assert drawn == sum(s["events"] for s in series)
        assert 0 < located < store.stats()["events"]
        assert plot_dyad(store, "XXX", "YYY", tmp_path / "empty.png") == 0
    for name in ("dyad.png", "map.png", "empty.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------------------- bad files and concurrency
def test_a_file_that_is_not_a_store_is_left_untouched(tmp_path):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_bytes(b"these are my notes, not a database\n" * 20)
    before = bogus.read_bytes()
    with pytest.raises(StoreError, match="not a DuckDB database"):
        Store.open(bogus)
    assert bogus.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["notes.duckdb"]


def test_another_duckdb_database_is_not_a_store(tmp_path):
    import duckdb

    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)")
    con.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="not a dotterel store"):
        Store.open(other)
    assert other.read_bytes() == before


def test_a_newer_schema_is_refused(db):
    import duckdb

    Store.open(db).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version VALUES (999, '0999_future.sql', now()::TIMESTAMP)")
    con.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="schema version 999, newer"):
        Store.open(db)
    with pytest.raises(StoreError, match="newer"):
        Store.open(db, read_only=True)
    assert db.read_bytes() == before


def test_migrations_are_recorded_and_reopening_keeps_data(db):
    from dotterel.store.schema import latest_version

    with Store.open(db) as store:
        store.ingest_coded(article("a", STORY), [event("a", 0)])
    with Store.open(db) as store:
        versions = store.execute("SELECT version, name FROM schema_version ORDER BY version")
        assert [v for v, _ in versions] == list(range(1, latest_version() + 1))
        assert versions[0][1] == "0001_initial.sql"
        assert store.stats()["events"] == 1


def test_read_only_open_needs_an_existing_store_and_cannot_write(tmp_path, db):
    with pytest.raises(StoreError, match="no such store"):
        Store.open(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()
    Store.open(db).close()
    with Store.open(db, read_only=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.ingest_coded(article("a", STORY), [event("a", 0)])


def test_a_second_writer_gets_a_clear_error(db):
    import subprocess
    import sys

    with Store.open(db) as store:
        store.ingest_coded(article("a", STORY), [event("a", 0)])
        code = ("import sys\nfrom dotterel.store import Store\nfrom dotterel.errors import StoreError\n"
                "try:\n    Store.open(sys.argv[1])\nexcept StoreError as e:\n    print(e); sys.exit(3)\n")
        done = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    assert "in use by another process" in done.stdout and "PID" in done.stdout
    assert "Traceback" not in done.stderr


def test_ingest_reports_articles_the_coder_fails_on_and_goes_on(db):
    class Flaky:
        def code_article(self, art):
            if art.doc_id == "bad":
                raise RuntimeError("boom")
            return [event(art.doc_id, 0)]

    errors = []
    arts = [article("good1", "one story about talks " * 5), article("bad", "a story the coder trips on " * 5),
            article("good2", "a different story about talks " * 5)]
    with Store.open(db) as store:
        report = store.ingest(arts, Flaky(), on_error=errors.append)
    assert isinstance(report, IngestReport)
    assert (report.articles_new, report.errors) == (2, 1)
    assert [e.origin for e in errors] == ["fixture:bad"] and "boom" in str(errors[0])


def test_a_rerun_codes_only_what_is_not_stored(db):
    class Counting:
        def __init__(self):
            self.coded = []

        def code_article(self, art):
            self.coded.append(art.doc_id)
            return [event(art.doc_id, 0, day=date(2024, 5, int(art.doc_id[-1])))]

    arts = [article(f"doc{i}", f"story number {i} about the talks " * 6) for i in range(1, 6)]
    with Store.open(db) as store:
        first = Counting()
        store.ingest(arts[:3], first)
        second = Counting()
        report = store.ingest(arts, second)
    assert first.coded == ["doc1", "doc2", "doc3"]
    assert second.coded == ["doc4", "doc5"]  # the stored three were skipped before coding
    assert (report.articles_duplicate, report.articles_new) == (3, 2)


def test_a_read_only_store_refuses_writes_with_one_error(db):
    """Store.execute was defined twice; the later copy (no read-only check) silently replaced the first."""
    with Store.open(db) as store:
        store.ingest_coded(article("a", STORY), [event("a", 0)])
    with Store.open(db, read_only=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.execute("DELETE FROM articles")
        assert store.execute("SELECT count(*) FROM articles") == [(1,)]


def test_a_schema_2_store_upgrades_and_still_knows_its_articles(db):
    """Up to schema 2 an article's id was its text's hash; migration 0003 keeps those rows
    recognisable: the same article again is a duplicate, a verbatim reprint elsewhere a second source."""
    import duckdb

    from dotterel.store.schema import migrations

    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL)")
    for migration in migrations()[:2]:
        con.execute(migration.sql)
        con.execute("INSERT INTO schema_version VALUES (?, ?, now()::TIMESTAMP)", [migration.version, migration.name])
    old_id = dedup.content_hash(STORY)
    con.execute("INSERT INTO articles (article_id, seq, doc_id, source, source_key, n_chars, n_mentions, ingested_at) "
                "VALUES (?, 1, 'wire', 'Wire A', 'wire a', ?, 0, now()::TIMESTAMP)", [old_id, len(STORY)])
    con.close()
    with Store.open(db) as store:
        assert store.schema_version == 3
        assert store.execute("SELECT article_id, content_hash FROM articles") == [(old_id, old_id)]
        assert store.ingest_coded(article("wire", STORY), [event("wire", 0)]) == "duplicate"
        assert store.ingest_coded(article("daily", STORY, source="Daily B"), [event("daily", 0)]) == "near-duplicate"
        assert store.execute("SELECT duplicate_of, similarity FROM articles WHERE doc_id = 'daily'") == [(old_id, 1.0)]
