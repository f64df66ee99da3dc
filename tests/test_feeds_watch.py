"""``dotterel watch`` against feeds served on loopback: the store stays current, nothing twice.

Needs the spaCy model (the articles are really coded) but no network: every feed and page
is served by a server the test starts on 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dotterel.feeds import Fetcher, FetchPolicy, Watcher
from dotterel.feeds.sources import FeedSource
from dotterel.feeds.state import FeedState

from feed_server import FeedServer, atom, page, rss

pytestmark = pytest.mark.model

FAST = FetchPolicy(timeout=0.5, retries=0, backoff=0.0, host_interval=0.0)

WIRE = [
    "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi on Monday to discuss "
    "the disputed border and trade along the northern corridor.",
    "The two leaders agreed to reopen the Moyale crossing to traders before the end of the month, officials said.",
    "Aid agencies have long warned that the closure has raised food prices in the border towns.",
]
STORIES = {
    "/a/protest": ["Thousands of teachers protested outside the parliament in Lima on Monday, demanding higher pay "
                   "and the resignation of the education minister.",
                   "Police fired tear gas at the crowd near the Plaza San Martin, witnesses said."],
    "/a/sanction": ["The European Union imposed sanctions on twelve Belarusian officials on Monday over the "
                    "crackdown on opposition protesters in Minsk.",
                    "The measures freeze the officials' assets and bar them from travelling to the bloc."],
    "/b/talks": ["Japanese Foreign Minister Yoko Kamikawa held talks with her South Korean counterpart in Tokyo "
                 "on Monday about North Korea's missile launches.",
                 "Both ministers condemned the launches, a joint statement said."],
}


LIVE = [  # seven unrelated stories: none is a near-duplicate of another
    "Brazilian President Luiz Inacio Lula da Silva visited Buenos Aires on Monday for talks with Argentine leaders on a "
    "regional trade accord.",
    "Hundreds of farmers blocked highways around Paris on Tuesday in protest against cheap imports and new rules.",
    "Turkish warplanes struck Kurdish militant positions in northern Iraq overnight, the defence ministry in Ankara said.",
    "The United Nations appealed for four hundred million dollars in emergency aid for flood victims in southern Pakistan.",
    "Police in Nairobi arrested twelve opposition activists during a rally against tax increases on Thursday.",
    "Indonesia and Australia signed a defence cooperation agreement in Canberra, expanding joint naval exercises.",
    "Chilean lawmakers accused the interior minister of misleading parliament over the handling of the port strike.",
]


def _serve_story(server: FeedServer, path: str, paragraphs: list[str], title: str | None = None) -> str:
    server.add(path, page(title or path.rsplit("/", 1)[-1].title(), paragraphs))
    return server.url(path)


@pytest.fixture(scope="module")
def coder():
    from dotterel.pipeline import Coder, Options

    return Coder(Options())


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


@pytest.fixture
def store(tmp_path):
    from dotterel.store import Store

    with Store.open(tmp_path / "watch.duckdb") as opened:
        yield opened


def _watcher(store, coder, server, paths, messages=None):
    feeds = [FeedSource(server.url(p), f"feeds.txt:{i + 1}") for i, p in enumerate(paths)]
    return Watcher(store, coder, Fetcher(FAST), feeds, on_error=(messages.append if messages is not None else None))


def test_rss_and_atom_feeds_fill_the_store_and_a_second_poll_fetches_nothing(server, store, coder):
    links = {p: _serve_story(server, p, STORIES[p]) for p in STORIES}
    server.add("/rss", rss("Andes Wire", [("a1", links["/a/protest"], "Protest"), ("a2", links["/a/sanction"], "EU")]),
               content_type="application/rss+xml", etag='"r1"')
    server.add("/atom", atom("Asia Desk", [("urn:b1", links["/b/talks"], "Talks")]), content_type="application/atom+xml")
    watcher = _watcher(store, coder, server, ["/rss", "/atom"])
    first = watcher.poll_once()
    assert (first.feeds_ok, first.articles_stored, first.pages_failed) == (2, 3, 0)
    assert store.stats()["articles"] == 3
    kinds = {e["event"] for e in store.query_events(limit=100)}
    assert {"PROTEST", "CONSULT"} <= kinds
    second = watcher.poll_once()
    assert second.feeds_not_modified == 1 and second.entries_new == 0  # the RSS answered 304, the Atom had nothing new
    assert all(server.routes[p].hits == 1 for p in STORIES)
    health = {h.url: h for h in FeedState(store).health()}
    assert health[server.url("/rss")].articles == 2 and health[server.url("/rss")].last_status == "not-modified"


def test_failing_feeds_and_pages_do_not_stop_the_others_and_are_retried(server, store, coder):
    good = _serve_story(server, "/b/talks", STORIES["/b/talks"])
    flaky_page = _serve_story(server, "/a/protest", STORIES["/a/protest"])
    server.routes["/a/protest"].fail_first = 1
    server.add("/slow", rss("Slow", [("s1", good, "x")]), delay=1.5)
    server.add("/broken", rss("Broken", [("k1", flaky_page, "Protest")]), fail_first=1)
    server.add("/ok", rss("Fine", [("o1", good, "Talks"), ("o2", flaky_page, "Protest")]))
    server.add("/empty-page", '<html><head><title>Video</title></head><body><script>var player = 1;</script>'
                              '<video src="clip.mp4"></video></body></html>')  # a video page: no main text
    server.add("/rss-empty", rss("Thin", [("e1", server.url("/empty-page"), "Nothing")]))
    messages: list[str] = []
    watcher = _watcher(store, coder, server, ["/slow", "/broken", "/ok", "/rss-empty"], messages)
    first = watcher.poll_once()
    assert first.feeds_failed == 2 and first.feeds_ok == 2
    assert first.articles_stored == 1  # the talks; the protest page answered 500
    assert first.pages_failed == 1 and first.pages_skipped == 1  # and the empty page has no main text
    assert any("feeds.txt:1" in m and "cannot fetch" in m for m in messages)
    assert any("feeds.txt:2" in m and "HTTP 500" in m for m in messages)
    assert any("no HTML main text" in m for m in messages)
    second = watcher.poll_once()
    assert second.feeds_ok >= 3  # the broken feed recovered
    assert second.articles_stored == 1  # the protest page, retried
    assert server.routes["/empty-page"].hits == 1  # a page with no text is not asked for again
    assert store.stats()["articles"] == 2


def test_a_wire_story_on_three_feeds_is_one_happening_with_three_sources(server, store, coder):
    for n, outlet in enumerate(["Daily Nation", "Addis Standard", "East African"]):
        link = _serve_story(server, f"/o{n}/ruto-abiy", [f"By {outlet} correspondent"] + WIRE, title="Ruto meets Abiy")
        server.add(f"/feed{n}", rss(outlet, [(f"{outlet}-1", link, "Ruto meets Abiy")]))
    report = _watcher(store, coder, server, ["/feed0", "/feed1", "/feed2"]).poll_once()
    assert report.entries_new == 3 and report.pages_failed == 0
    meetings = [e for e in store.query_events(event="CONSULT", limit=100)]
    assert len(meetings) == 1
    assert meetings[0]["num_sources"] == 3 and meetings[0]["num_articles"] == 3


def test_a_restarted_watcher_fetches_nothing_again(server, tmp_path, coder):
    from dotterel.store import Store

    link = _serve_story(server, "/a/sanction", STORIES["/a/sanction"])
    server.add("/rss", rss("Wire", [("x1", link, "EU")]))
    with Store.open(tmp_path / "s.duckdb") as store:
        assert _watcher(store, coder, server, ["/rss"]).poll_once().articles_stored == 1
    with Store.open(tmp_path / "s.duckdb") as store:
        again = _watcher(store, coder, server, ["/rss"]).poll_once()
        assert again.entries_new == 0 and store.stats()["articles"] == 1
    assert server.routes["/a/sanction"].hits == 1


def test_robots_txt_keeps_pages_out(server, store, coder):
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    link = _serve_story(server, "/private/talks", STORIES["/b/talks"])
    server.add("/rss", rss("Wire", [("p1", link, "Talks")]))
    report = _watcher(store, coder, server, ["/rss"]).poll_once()
    assert report.pages_skipped == 1 and server.routes["/private/talks"].hits == 0


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_sigterm_mid_run_then_restart_loses_nothing_and_stores_nothing_twice(server, tmp_path):
    """A feed gains items while `dotterel watch --every 1s` runs; SIGTERM; more items; `--once`."""
    items: list[tuple[str, str, str]] = []

    def publish(n: int) -> None:
        link = _serve_story(server, f"/live/{n}", [LIVE[n], "More details are expected later on Monday, officials told reporters in the capital."], title=f"Story {n}")
        items.append((f"live-{n}", link, f"Story {n}"))
        server.add("/live.rss", rss("Live", items))

    for n in range(3):
        publish(n)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(server.url("/live.rss") + "\n", encoding="utf-8")
    db = tmp_path / "live.duckdb"
    command = [sys.executable, "-m", "dotterel.cli", "watch", str(feeds), "--db", str(db), "--every", "1s",
               "--host-interval", "0", "--timeout", "2"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert _wait_for(lambda: server.routes["/live/2"].hits >= 1, 180), "the watcher never fetched the first items"
        publish(3)
        publish(4)
        assert _wait_for(lambda: server.routes["/live/3"].hits >= 1, 120)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr
    for n in range(5, 7):
        publish(n)
    once = subprocess.run(command + ["--once"], capture_output=True, text=True, env=env, timeout=120)
    assert once.returncode == 0, once.stderr
    from dotterel.store import Store

    with Store.open(db, read_only=True) as store:
        assert store.stats()["articles"] == 7
        doc_ids = [r[0] for r in store.execute("SELECT doc_id FROM articles")]
    assert sorted(doc_ids) == sorted(server.url(f"/live/{n}") for n in range(7))
    assert all(server.routes[f"/live/{n}"].hits == 1 for n in range(7))  # nothing fetched twice
