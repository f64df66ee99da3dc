"""Feed lists and feeds: which URLs to watch, and the entries an RSS or Atom feed lists."""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .. import errors
from ..errors import InputError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedSource:
    url: str
    origin: str  # "feeds.txt:3": where a message about this feed points


@dataclass(frozen=True)
class FeedEntry:
    key: str  # the entry's id (guid), else its link: what "seen" is recorded under
    link: str
    title: str | None = None
    published: date | None = None
    source: str | None = None  # the outlet an aggregator names for this entry (RSS <source>, Atom <source><title>)


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    entries: tuple[FeedEntry, ...]


def read_feed_list(path: Path, on_error: Callable[[InputError], None]) -> list[FeedSource]:
    """One feed URL a line; blank lines and ``#`` comments (whole-line or trailing) are ignored."""
    try:
        lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError as exc:
        raise InputError(str(path), errors.E001.format(detail=exc.strerror or exc.__class__.__name__)) from exc
    feeds: dict[str, FeedSource] = {}
    for number, line in enumerate(lines, start=1):
        url = line.split(" #", 1)[0].strip()
        if not url or url.startswith("#"):
            continue
        origin = f"{path}:{number}"
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            on_error(InputError(origin, errors.E401.format(url=url)))
            continue
        feeds.setdefault(url, FeedSource(url, origin))
    return list(feeds.values())


def parse_feed(body: bytes, url: str) -> ParsedFeed:
    """The entries of an RSS or Atom document; ``InputError`` when it is neither."""
    import feedparser  # imported only when a feed is read

    parsed = feedparser.parse(body)
    if parsed.bozo and not parsed.entries and not parsed.feed.get("title"):
        raise InputError(url, errors.E402.format(detail=getattr(parsed, "bozo_exception", "unreadable")))
    entries = []
    for item in parsed.entries:
        link = item.get("link")
        if not link:
            continue
        link = urljoin(url, link)
        if urlsplit(link).scheme.lower() not in ("http", "https"):
            continue  # a file:, ftp:, data: or javascript: link is nothing to fetch
        key = item.get("id") or link
        outlet = item.get("source")
        outlet = (outlet.get("title") or None) if isinstance(outlet, dict) else None
        entries.append(FeedEntry(key=key, link=link, title=item.get("title"), published=_entry_date(item),
                                 source=outlet))
    return ParsedFeed(title=parsed.feed.get("title"), entries=tuple(entries))


def _entry_date(item) -> date | None:
    stamp = item.get("published_parsed") or item.get("updated_parsed")
    if not stamp:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(stamp), tz=timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None  # a placeholder date at the calendar's edge is no date
