"""Watcher faults that need no spaCy model: a stand-in coder, feeds served on loopback."""

from __future__ import annotations

import pytest

from dotterel.feeds import Fetcher, FetchPolicy, Watcher
from dotterel.feeds.sources import FeedSource
from dotterel.store import Store

from feed_server import FeedServer, page, rss

FAST = FetchPolicy(timeout=0.5, retries=0, backoff=0.0, host_interval=0.0)
TEXT = ["Officials from both countries met in the capital on Monday to discuss trade and the border, and agreed "
        "to meet again next month, a joint statement said after several hours of talks."]


class Coder:
    """Codes nothing; raises on the pages whose URL contains ``fail``."""

    def code_article(self, article):
        if "fail" in (article.url or ""):
            raise RuntimeError("the parser fell over")
        return []


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def test_a_page_the_coder_fails_on_is_retried_later_and_the_others_are_stored(server, tmp_path):
    """A coder exception other than DotterelError ended the whole watch with a traceback."""
    server.add("/fail/one", page("One", TEXT))
    server.add("/ok/two", page("Two", ["A different story: farmers blocked roads around the city on Tuesday in a "
                                       "protest against new rules on imports, police said."]))
    server.add("/rss", rss("Wire", [("e1", server.url("/fail/one"), "One"), ("e2", server.url("/ok/two"), "Two")]))
    messages: list[str] = []
    with Store.open(tmp_path / "s.duckdb") as store:
        watcher = Watcher(store, Coder(), Fetcher(FAST), [FeedSource(server.url("/rss"), "feeds.txt:1")],
                          on_error=messages.append)
        report = watcher.poll_once()
        assert (report.articles_stored, report.pages_failed) == (1, 1)
        assert any(m.startswith("feeds.txt:1: ") and "/fail/one" in m and "will retry" in m
                   and "could not be coded (RuntimeError: the parser fell over)" in m for m in messages)
        assert watcher.poll_once().pages_failed == 1  # asked again at the next poll


def test_every_page_message_names_the_feed_list_line(server, tmp_path):
    server.add("/rss", rss("Wire", [("e1", server.url("/gone"), "Gone"), ("e2", server.url("/busy"), "Busy")]))
    server.add("/busy", page("Busy", TEXT), fail_first=5)
    messages: list[str] = []
    with Store.open(tmp_path / "s.duckdb") as store:
        Watcher(store, Coder(), Fetcher(FAST), [FeedSource(server.url("/rss"), "feeds.txt:7")],
                on_error=messages.append).poll_once()
    assert len(messages) == 2 and all(m.startswith("feeds.txt:7: ") for m in messages), messages


def test_a_verbatim_reprint_on_another_feed_is_stored_as_a_near_duplicate(server, tmp_path):
    for n, outlet in enumerate(["Daily Nation", "Addis Standard"]):
        server.add(f"/o{n}/story", page("Talks", TEXT))
        server.add(f"/feed{n}", rss(outlet, [(f"{outlet}-1", server.url(f"/o{n}/story"), "Talks")]))
    feeds = [FeedSource(server.url(f"/feed{n}"), f"feeds.txt:{n + 1}") for n in range(2)]
    with Store.open(tmp_path / "s.duckdb") as store:
        report = Watcher(store, Coder(), Fetcher(FAST), feeds).poll_once()
        assert (report.articles_stored, report.articles_near_duplicate, report.articles_duplicate) == (1, 1, 0)
        assert store.execute("SELECT count(*), count(duplicate_of) FROM articles") == [(2, 1)]


def test_an_entry_and_its_feed_counters_are_written_together(tmp_path):
    """entry_done wrote the entry's status and the feed's counters in separate statements: a
    failure between them left an entry marked done that its feed never counted."""
    from dotterel.errors import StoreError
    from dotterel.feeds.sources import FeedEntry
    from dotterel.feeds.state import FeedState

    with Store.open(tmp_path / "s.duckdb") as store:
        state = FeedState(store)
        real = store.execute

        def failing(query, params=()):
            if query.startswith("UPDATE feeds SET articles"):
                raise StoreError("s.duckdb", "disk full")
            return real(query, params)

        store.execute = failing
        entry = FeedEntry(key="e1", link="http://127.0.0.1/a", title="A", published=None)
        with pytest.raises(StoreError):
            state.entry_done("http://127.0.0.1/rss", entry, "new", doc_id="a")
        store.execute = real
        assert store.execute("SELECT count(*) FROM feed_entries") == [(0,)]
        assert store.execute("SELECT entries, articles FROM feeds") == []
        state.entry_done("http://127.0.0.1/rss", entry, "new", doc_id="a")
        assert store.execute("SELECT entries, articles FROM feeds") == [(1, 1)]


def test_an_aggregator_feed_does_not_make_its_outlets_one_source():
    """Every entry's source was the feed's title: all the outlets of an aggregator were one
    source, so their verbatim copies of a wire story were skipped as duplicates."""
    from dotterel.feeds.sources import parse_feed
    from dotterel.feeds.watch import _source

    body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>News Digest</title>'
            '<item><guid>1</guid><link>http://127.0.0.1:9/a</link><source url="http://x/rss">Outlet A</source></item>'
            '<item><guid>2</guid><link>http://localhost:9/b</link></item>'
            '<item><guid>3</guid><link>http://127.0.0.1:9/c</link></item></channel></rss>').encode()
    feed = FeedSource("http://127.0.0.1:9/rss", "feeds.txt:1")
    parsed = parse_feed(body, feed.url)
    assert [_source(feed, parsed, e) for e in parsed.entries] == ["Outlet A", "localhost", "News Digest"]
