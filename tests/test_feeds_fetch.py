"""Feed lists, feed parsing and the polite fetcher, against a loopback server (no store, no model)."""

from __future__ import annotations

import pytest

from dotterel.errors import InputError
from dotterel.feeds import FetchError, Fetcher, FetchPolicy, read_feed_list
from dotterel.feeds.sources import parse_feed

from feed_server import FeedServer, atom, rss

FAST = FetchPolicy(timeout=0.5, retries=0, backoff=0.0, host_interval=0.0)


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def test_feed_list_skips_comments_and_names_bad_lines(tmp_path, errors):
    path = tmp_path / "feeds.txt"
    path.write_text("# world news\nhttps://example.org/rss  # trailing comment\n\nftp://example.org/x\n"
                    "https://example.org/rss\nnot a url\nhttp://example.com/atom.xml\n", encoding="utf-8")
    feeds = read_feed_list(path, errors)
    assert [f.url for f in feeds] == ["https://example.org/rss", "http://example.com/atom.xml"]
    assert feeds[0].origin == f"{path}:2"
    assert errors.origins == [f"{path}:4", f"{path}:6"]


def test_missing_feed_list_is_an_input_error(tmp_path, errors):
    with pytest.raises(InputError, match="cannot read file"):
        read_feed_list(tmp_path / "absent.txt", errors)


def test_rss_and_atom_entries_with_relative_links():
    feed = parse_feed(rss("Wire", [("g1", "/a/1", "One"), ("", "http://x.test/a/2", "Two")]).encode(), "http://x.test/rss")
    assert feed.title == "Wire"
    assert [(e.key, e.link) for e in feed.entries] == [("g1", "http://x.test/a/1"), ("http://x.test/a/2", "http://x.test/a/2")]
    assert feed.entries[0].published.isoformat() == "2024-03-12"
    feed = parse_feed(atom("Atomic", [("urn:1", "http://x.test/b/1", "B")]).encode(), "http://x.test/atom")
    assert [(e.key, e.link, e.title) for e in feed.entries] == [("urn:1", "http://x.test/b/1", "B")]


def test_a_page_that_is_no_feed_is_an_input_error():
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body><p>Hello <b>world</p></body></html> \x00 <<<", "http://x.test/page")


def test_conditional_get_gets_304_and_a_polite_user_agent(server):
    server.add("/rss", rss("Wire", []), content_type="application/rss+xml", etag='"v1"')
    fetcher = Fetcher(FAST)
    first = fetcher.get(server.url("/rss"))
    assert first.status == 200 and first.etag == '"v1"'
    again = fetcher.get(server.url("/rss"), etag=first.etag)
    assert again.status == 304 and again.body == b""
    assert all(agent.startswith("dotterel/") for agent in server.routes["/rss"].agents)


def test_server_errors_are_retried_with_backoff_then_succeed(server):
    server.add("/flaky", "ok", fail_first=2)
    waits = []
    fetcher = Fetcher(FetchPolicy(timeout=0.5, retries=2, backoff=0.5, host_interval=0.0), sleep=waits.append)
    assert fetcher.get(server.url("/flaky")).status == 200
    assert waits == [0.5, 1.0]
    assert server.routes["/flaky"].hits == 3


def test_retries_run_out_on_a_server_error(server):
    server.add("/down", "x", fail_first=99)
    fetcher = Fetcher(FetchPolicy(timeout=0.5, retries=1, backoff=0.0, host_interval=0.0), sleep=lambda s: None)
    assert fetcher.get(server.url("/down")).status == 500
    assert server.routes["/down"].hits == 2


def test_a_timeout_is_a_fetch_error(server):
    server.add("/slow", "late", delay=1.5)
    with pytest.raises(FetchError, match="cannot fetch"):
        Fetcher(FAST).get(server.url("/slow"))


def test_connection_refused_is_a_fetch_error():
    with pytest.raises(FetchError):
        Fetcher(FAST).get("http://127.0.0.1:9/nothing")


def test_requests_to_one_host_are_spaced(server):
    server.add("/a", "a")
    now = [100.0]
    waits = []
    fetcher = Fetcher(FetchPolicy(host_interval=2.0, retries=0), sleep=waits.append, clock=lambda: now[0])
    fetcher.get(server.url("/a"))
    now[0] += 0.5
    fetcher.get(server.url("/a"))
    assert waits == [1.5]


def test_robots_txt_is_respected(server):
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    fetcher = Fetcher(FAST)
    assert fetcher.allowed(server.url("/news/1"))
    assert not fetcher.allowed(server.url("/private/2"))
    assert server.routes["/robots.txt"].hits == 1  # asked once, remembered


def test_no_robots_txt_allows_everything(server):
    assert Fetcher(FAST).allowed(server.url("/news/1"))  # 404


def test_an_unreadable_robots_txt_allows_nothing_for_now(server):
    server.add("/robots.txt", "", fail_first=99)
    assert not Fetcher(FAST).allowed(server.url("/news/1"))


def test_watch_cli_reports_bad_arguments_without_a_traceback(tmp_path):
    from typer.testing import CliRunner

    from dotterel.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["watch", str(tmp_path / "absent.txt"), "--db", str(tmp_path / "s.duckdb"), "--once"])
    assert result.exit_code == 2 and "absent.txt: cannot read file" in result.output
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("# nothing but comments\n", encoding="utf-8")
    result = runner.invoke(app, ["watch", str(feeds), "--db", str(tmp_path / "s.duckdb"), "--once"])
    assert result.exit_code == 2 and "no feed URLs" in result.output
    result = runner.invoke(app, ["watch", str(feeds), "--every", "soon"])
    assert result.exit_code == 2 and "not an interval" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_watch_takes_the_coders_options_and_reports_a_bad_dictionary(tmp_path):
    """watch codes as ingest does (--actors, --model, --all-modalities); a dictionary it cannot
    read is one message naming the file, before any feed is polled."""
    from typer.testing import CliRunner

    from dotterel.cli import app

    feeds = tmp_path / "feeds.txt"
    feeds.write_text("http://127.0.0.1:9/never-polled.rss\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["watch", str(feeds), "--db", str(tmp_path / "s.duckdb"), "--once",
                                      "--actors", str(tmp_path / "missing.csv"), "--all-modalities"])
    assert result.exit_code == 2 and "missing.csv" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "never-polled" not in result.output


def test_feeds_health_of_a_missing_store_is_one_message(tmp_path):
    from typer.testing import CliRunner

    from dotterel.cli import app

    result = CliRunner().invoke(app, ["feeds", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "none.duckdb" in result.output


def test_a_feed_cannot_make_dotterel_read_local_files(tmp_path):
    """urllib's default opener follows file: URLs: a feed entry linking file:///... was read from disk."""
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    body = rss("Evil", [("x1", secret.as_uri(), "Secret"), ("x2", "http://127.0.0.1:9/a", "Fine")]).encode()
    assert [e.link for e in parse_feed(body, "http://127.0.0.1:9/rss").entries] == ["http://127.0.0.1:9/a"]
    fetcher = Fetcher(FetchPolicy(retries=0, host_interval=0.0))
    for url in (secret.as_uri(), "ftp://127.0.0.1/x", "data:text/plain,hello"):
        with pytest.raises(FetchError, match="not an http"):
            fetcher.get(url)
    assert fetcher._opener.handle_open.keys() >= {"http", "https"} and "file" not in fetcher._opener.handle_open
