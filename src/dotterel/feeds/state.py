"""What the watcher knows between runs, kept in the store: feeds polled, entries seen.

Tables (created by the store's migration ``feeds``): ``feeds`` (one row a feed URL: its
title, validators for conditional GET, when it was last polled and what it answered, the
last success and error, errors in a row, entries and articles counted) and
``feed_entries`` (one row a feed entry: its link, status and tries).  An entry whose
status is final (stored, duplicate, near-duplicate, no-text, robots, gone) is never
fetched again; a ``failed`` one is retried at later polls until its tries run out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from .sources import FeedEntry

FINAL = ("new", "duplicate", "near-duplicate", "no-text", "robots", "gone")


@dataclass(frozen=True)
class KnownFeed:
    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FeedHealth:
    url: str
    title: str | None
    last_polled: datetime | None
    last_status: str | None
    last_success: datetime | None
    last_error: str | None
    errors_in_row: int
    entries: int
    articles: int
    failing_entries: int


class FeedState:
    """Reads and writes the feed tables through the store's connection."""

    def __init__(self, store):
        self.store = store

    def _sql(self, query: str, params: tuple = ()) -> list[tuple]:
        return self.store.execute(query, params)

    def feed(self, url: str) -> KnownFeed:
        rows = self._sql("SELECT etag, last_modified FROM feeds WHERE url = ?", (url,))
        return KnownFeed(url, *rows[0]) if rows else KnownFeed(url)

    def feed_polled(self, url: str, status: str, *, title: str | None = None, etag: str | None = None,
                    last_modified: str | None = None, error: str | None = None) -> None:
        now = _now()
        ok = status in ("ok", "not-modified")
        with self.store.transaction():  # the row and its answer together
            self._sql("INSERT INTO feeds (url) VALUES (?) ON CONFLICT DO NOTHING", (url,))
            self._sql(
                """UPDATE feeds SET last_polled = ?, last_status = ?,
                       title = coalesce(?, title),
                       etag = CASE WHEN ? = 'ok' THEN ? ELSE etag END,
                       last_modified = CASE WHEN ? = 'ok' THEN ? ELSE last_modified END,
                       last_success = CASE WHEN ? THEN ? ELSE last_success END,
                       last_error = CASE WHEN ? THEN last_error ELSE ? END,
                       errors_in_row = CASE WHEN ? THEN 0 ELSE errors_in_row + 1 END
                   WHERE url = ?""",
                (now, status, title, status, etag, status, last_modified, ok, now, ok, error, ok, url))

    def pending(self, url: str, keys: list[str], max_attempts: int) -> set[str]:
        """The keys among ``keys`` still to fetch: never seen, or failed with tries left."""
        if not keys:
            return set()
        done = {k for (k,) in self._sql(
            f"SELECT entry_key FROM feed_entries WHERE feed_url = ? AND (status IN ({', '.join('?' * len(FINAL))})"
            " OR attempts >= ?)", (url, *FINAL, max_attempts))}
        return {k for k in keys if k not in done}

    def entry_done(self, url: str, entry: FeedEntry, status: str, *, doc_id: str | None = None,
                   error: str | None = None) -> None:
        with self.store.transaction():  # the entry's status and the feed's counters together, or neither
            self._upsert_entry(url, entry)
            self._sql("""UPDATE feed_entries SET status = ?, doc_id = ?, last_error = ?, attempts = attempts + 1
                         WHERE feed_url = ? AND entry_key = ?""", (status, doc_id, error, url, entry.key))
            if status in ("new", "duplicate", "near-duplicate"):
                self._sql("UPDATE feeds SET articles = articles + 1 WHERE url = ?", (url,))

    def entry_failed(self, url: str, entry: FeedEntry, error: str) -> int:
        """Record a failed try; returns the tries made so far."""
        with self.store.transaction():
            self._upsert_entry(url, entry)
            self._sql("""UPDATE feed_entries SET status = 'failed', last_error = ?, attempts = attempts + 1
                         WHERE feed_url = ? AND entry_key = ?""", (error, url, entry.key))
            return self._sql("SELECT attempts FROM feed_entries WHERE feed_url = ? AND entry_key = ?",
                             (url, entry.key))[0][0]

    def _upsert_entry(self, url: str, entry: FeedEntry) -> None:
        inserted = self._sql(
            """INSERT INTO feed_entries (feed_url, entry_key, link, first_seen, status, attempts)
               VALUES (?, ?, ?, ?, 'seen', 0) ON CONFLICT DO NOTHING RETURNING entry_key""",
            (url, entry.key, entry.link, _now()))
        if inserted:
            self._sql("INSERT INTO feeds (url) VALUES (?) ON CONFLICT DO NOTHING", (url,))
            self._sql("UPDATE feeds SET entries = entries + 1 WHERE url = ?", (url,))

    def health(self) -> list[FeedHealth]:
        rows = self._sql(
            """SELECT f.url, f.title, f.last_polled, f.last_status, f.last_success, f.last_error, f.errors_in_row,
                      f.entries, f.articles,
                      (SELECT count(*) FROM feed_entries e WHERE e.feed_url = f.url AND e.status = 'failed')
               FROM feeds f ORDER BY f.url""")
        return [FeedHealth(*row) for row in rows]


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
