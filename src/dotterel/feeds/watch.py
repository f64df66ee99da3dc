"""``dotterel watch``: poll feeds, fetch new articles, code them and keep the store current.

One poll visits every feed once: a conditional GET of the feed (ETag / Last-Modified), then
each entry not seen before (or that failed before and has tries left) is fetched, its main
text and date extracted, coded and stored.  What was seen and what each feed answered is
kept in the store (:mod:`dotterel.feeds.state`), so a restart neither refetches nor loses
anything; the store's own deduplication makes a wire story carried by several feeds one
happening with several sources.  A failing feed or page is logged, recorded and retried at
the next poll; it never stops the others.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlsplit

from .. import errors
from ..errors import DotterelError, InputError
from ..ingest import article_from_html, decode_bytes
from ..store.ingest import StoreCounts
from .fetch import Fetcher, FetchError
from .sources import FeedEntry, FeedSource, ParsedFeed, parse_feed
from .state import FeedState

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # tries of one article page, over successive polls, before it is given up


@dataclass
class PollReport(StoreCounts):
    """One poll; what the store did with each article is tallied as ``dotterel ingest`` does
    (``StoreCounts``: articles_new, articles_near_duplicate, articles_duplicate, events, mentions)."""

    feeds_ok: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    entries_new: int = 0
    pages_failed: int = 0
    pages_skipped: int = 0  # no main text, robots.txt, 4xx
    stopped: bool = False
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.feeds_ok} feeds read, {self.feeds_not_modified} not modified, {self.feeds_failed} failed; "
                f"{self.entries_new} new entries: {self.articles_stored} articles stored, "
                f"{self.articles_near_duplicate} near-duplicates stored, {self.articles_duplicate} duplicates, {self.pages_failed} pages failed (retried later), "
                f"{self.pages_skipped} skipped")

    @property
    def articles_stored(self) -> int:
        """New texts stored (near-duplicates are stored too, counted apart)."""
        return self.articles_new


class Watcher:
    """Polls ``feeds`` into ``store`` with ``coder``; ``should_stop`` is checked between articles."""

    def __init__(self, store, coder, fetcher: Fetcher, feeds: Iterable[FeedSource], *,
                 on_error: Callable[[str], None] | None = None, default_date: Callable[[], date | None] = lambda: None):
        self.store = store
        self.coder = coder
        self.fetcher = fetcher
        self.feeds = list(feeds)
        self.state = FeedState(store)
        self.on_error = on_error or (lambda message: log.warning("%s", message))
        self.default_date = default_date

    def poll_once(self, should_stop: Callable[[], bool] = lambda: False) -> PollReport:
        report = PollReport()
        for feed in self.feeds:
            if should_stop():
                report.stopped = True
                break
            parsed = self._read_feed(feed, report)
            if parsed is not None:
                self._read_entries(feed, parsed, report, should_stop)
                if report.stopped:
                    break
        return report

    # ------------------------------------------------------------------ feeds
    def _read_feed(self, feed: FeedSource, report: PollReport) -> ParsedFeed | None:
        known = self.state.feed(feed.url)
        try:
            response = self.fetcher.get(feed.url, known.etag, known.last_modified)
            if response.status == 304:
                self.state.feed_polled(feed.url, "not-modified")
                report.feeds_not_modified += 1
                return None
            if response.status != 200:
                raise InputError(feed.url, errors.E403.format(status=response.status))
            parsed = parse_feed(response.body, feed.url)
        except (FetchError, InputError) as exc:
            self._fail(report, f"{feed.origin}: {exc}")
            self.state.feed_polled(feed.url, "error", error=str(exc))
            report.feeds_failed += 1
            return None
        self.state.feed_polled(feed.url, "ok", title=parsed.title, etag=response.etag,
                               last_modified=response.last_modified)
        report.feeds_ok += 1
        return parsed

    # ------------------------------------------------------------------ entries
    def _read_entries(self, feed: FeedSource, parsed: ParsedFeed, report: PollReport, should_stop) -> None:
        pending = self.state.pending(feed.url, [e.key for e in parsed.entries], MAX_ATTEMPTS)
        for entry in parsed.entries:
            if entry.key not in pending:
                continue
            if should_stop():
                report.stopped = True
                return
            report.entries_new += 1
            self._read_entry(feed, parsed, entry, report)

    def _read_entry(self, feed: FeedSource, parsed: ParsedFeed, entry: FeedEntry, report: PollReport) -> None:
        if not self.fetcher.allowed(entry.link):
            self.state.entry_done(feed.url, entry, "robots")
            report.pages_skipped += 1
            log.info("%s: robots.txt disallows it; skipped", entry.link)
            return
        try:
            response = self.fetcher.get(entry.link)
        except FetchError as exc:
            self._page_failed(feed, entry, str(exc), report)
            return
        if response.status != 200:
            if response.status >= 500 or response.status == 429:
                self._page_failed(feed, entry, f"{entry.link}: HTTP {response.status}", report)
            else:
                self.state.entry_done(feed.url, entry, "gone", error=f"HTTP {response.status}")
                report.pages_skipped += 1
                self._fail(report, f"{feed.origin}: {entry.link}: HTTP {response.status}; skipped")
            return
        source = _source(feed, parsed, entry)
        try:
            charset = _charset(response.headers)
            html = response.body.decode(charset, errors="replace") if charset else decode_bytes(response.body, entry.link)
            article = article_from_html(html, entry.link, entry.published or self.default_date(),
                                        url=entry.link, source=source)
        except InputError as exc:
            self.state.entry_done(feed.url, entry, "no-text", error=exc.reason)
            report.pages_skipped += 1
            self._fail(report, f"{feed.origin}: {exc}; skipped")
            return
        if entry.title and not article.title:
            article = replace(article, title=entry.title)
        self._store(feed, entry, article, report)

    def _store(self, feed: FeedSource, entry: FeedEntry, article, report: PollReport) -> None:
        try:
            events = self.coder.code_article(article)
        except Exception as exc:  # one page the coder cannot handle must not end the watch (as in ingest)
            log.debug("coding %s failed", entry.link, exc_info=True)
            self._page_failed(feed, entry, f"{entry.link}: " + errors.E112.format(
                detail=f"{type(exc).__name__}: {exc}"), report)
            return
        try:
            [(status, events_new, mentions_new)] = self.store.ingest_coded_many([(article, events)])
        except DotterelError as exc:
            self._page_failed(feed, entry, f"{entry.link}: {exc}", report)
            return
        self.state.entry_done(feed.url, entry, status, doc_id=article.doc_id)
        report.count(status, events_new, mentions_new)

    def _page_failed(self, feed: FeedSource, entry: FeedEntry, message: str, report: PollReport) -> None:
        attempts = self.state.entry_failed(feed.url, entry, message)
        report.pages_failed += 1
        left = MAX_ATTEMPTS - attempts
        self._fail(report, f"{feed.origin}: {message}; " + (f"will retry ({left} tries left)" if left > 0 else "giving up"))

    def _fail(self, report: PollReport, message: str) -> None:
        report.messages.append(message)
        self.on_error(message)


def _source(feed: FeedSource, parsed: ParsedFeed, entry: FeedEntry) -> str:
    """Who published the entry: what counts as one source.  The outlet the entry names, else
    the page's own host when it is not the feed's (an aggregator links to many outlets, which
    must not all count as one), else the feed's title or host."""
    if entry.source:
        return entry.source
    page_host = (urlsplit(entry.link).hostname or "").removeprefix("www.")
    feed_host = (urlsplit(feed.url).hostname or "").removeprefix("www.")
    if page_host and page_host != feed_host:
        return page_host
    return parsed.title or feed_host


def _charset(headers: dict[str, str]) -> str | None:
    content_type = headers.get("content-type", "")
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            try:
                return codecs.lookup(value.strip('"')).name
            except LookupError:
                break
    return None  # none stated (or unknown): detected from the bytes, as for files


def run(watcher: Watcher, every: float, should_stop: Callable[[], bool], wait: Callable[[float], object],
        on_report: Callable[[PollReport], None], once: bool = False) -> None:
    """Poll now and then every ``every`` seconds until ``should_stop``; ``wait`` sleeps interruptibly."""
    while True:
        on_report(watcher.poll_once(should_stop))
        if once or should_stop():
            return
        wait(every)
        if should_stop():
            return


def parse_interval(text: str) -> float:
    """'15m', '90s', '1h', '1h30m' or plain seconds, as seconds; ValueError otherwise."""
    import re

    match = re.fullmatch(r"\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s?)?\s*", text)
    if not text.strip() or not match or not any(match.groups()):
        raise ValueError(f"'{text}' is not an interval (e.g. 15m, 90s, 1h)")
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    if total <= 0:
        raise ValueError(f"'{text}' is not a positive interval")
    return float(total)
