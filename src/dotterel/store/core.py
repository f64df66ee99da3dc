"""The event store: articles, mentions and merged events in one DuckDB file.

Concurrency: DuckDB lets one process open a database file for writing (and then no other
process may open it at all), or any number of processes open it read-only while none writes.
A second writer gets a :class:`StoreError` naming the process that holds the file.  Inside one
process a ``Store`` may be shared between threads: its operations take a lock.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .. import errors
from ..errors import StoreError
from ..records import Article, Event
from . import dedup
from .schema import open_connection

logger = logging.getLogger(__name__)

NEW, DUPLICATE, NEAR_DUPLICATE = "new", "duplicate", "near-duplicate"


@lru_cache(maxsize=1)
def plover_scores() -> dict[tuple[str, str], float]:
    """PLOVER conflict-cooperation scores by (category, mode); '' = the category's own."""
    from ..errors import DataFileError
    from ..resources import PLOVER_CATEGORIES, check_scale, read_tsv

    scores: dict[tuple[str, str], float] = {}
    for row in read_tsv("plover_scores.tsv", ("event", "mode", "score")):
        if row["event"] not in PLOVER_CATEGORIES:
            raise DataFileError(row.origin, f"unknown PLOVER category '{row['event']}'")
        scores[(row["event"], row["mode"])] = check_scale(row, "score", "score")
    return scores


def score_of(event: str, mode: str | None) -> float | None:
    scores = plover_scores()
    return scores.get((event, mode or ""), scores.get((event, "")))


def _codes(entities) -> list[str]:
    return list(dict.fromkeys(e.code for e in entities if e.code))


def _source_key(article: Article, content: str) -> str:
    if article.source:
        return article.source.strip().lower()
    if article.url:
        host = urlsplit(article.url).hostname
        if host:
            return host.lower().removeprefix("www.")
    return "article:" + content


def _as_date(value, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name} must be a date (YYYY-MM-DD), got {value!r}") from None


class Store:
    """A dotterel event store.  Open with :meth:`Store.open`; close or use as a context manager."""

    def __init__(self, con, path: Path, read_only: bool, version: int):
        self._con = con
        self.path = path
        self.read_only = read_only
        self.schema_version = version
        self._lock = threading.RLock()  # the connection itself: writes and the store's own bookkeeping
        self._local = threading.local()  # each reading thread's own cursor (see _reading)
        self._cursors: list = []
        self._lsh_shape: tuple[int, int] | None = None
        self._seq: int | None = None  # the last article's arrival number (one writer: safe to keep)
        self._pending_seq: int | None = None

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> "Store":
        con, version = open_connection(path, read_only)
        return cls(con, Path(path), read_only, version)

    def close(self) -> None:
        with self._lock:
            for cursor in self._cursors:
                cursor.close()
            self._cursors.clear()
            if self._con is not None:
                self._con.close()
                self._con = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _db(self):
        if self._con is None:
            raise StoreError(str(self.path), errors.E106.format(detail="the store is closed"))
        return self._con

    def filter_sql(self, actor=None, recipient=None, event=None, since=None, until=None, country=None
                   ) -> tuple[str, list]:
        """The WHERE clause (over ``events e``) and bound parameters of the event filters, for the
        exports and charts that run their own SQL."""
        return self._filters(actor, recipient, event, since, until, country)

    def reading(self):
        """A connection of this thread's own for read-only SQL (exports, charts)."""
        return self._reading()

    @contextmanager
    def _reading(self, snapshot: bool = False):
        """A cursor of this thread's own for queries that only read.  Readers on different
        threads run side by side (a server's requests) instead of queueing on the connection's
        lock, and each sees the store as of its last commit: never half an article.  With
        ``snapshot`` the statements of the block read one state of the store together."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is None or getattr(self._local, "con", None) is not self._con:
            with self._lock:
                cursor = self._db().cursor()
                self._cursors.append(cursor)
            self._local.cursor, self._local.con = cursor, self._con
        try:
            if not snapshot:
                yield cursor
                return
            cursor.execute("BEGIN TRANSACTION")
            try:
                yield cursor
            finally:
                cursor.execute("ROLLBACK")  # nothing was written: ending the snapshot is all
        except Exception:
            if self._con is None:
                raise StoreError(str(self.path), errors.E106.format(detail="the store is closed")) from None
            raise

    def execute(self, query: str, params: list | tuple | None = ()) -> list[tuple]:
        """Run one parameterised statement under the store's lock; its rows (feeds' state, exports,
        benchmarks).  A read-only store refuses anything but SELECT with one clear error."""
        if self.read_only and not query.lstrip().upper().startswith("SELECT"):
            raise StoreError(str(self.path), errors.E110)
        with self._lock:
            cursor = self._db().execute(query, list(params or ()))
            return cursor.fetchall() if cursor.description else []

    # ------------------------------------------------------------------ ingest
    def ingest(self, articles: Iterable[Article], coder, on_error=None, progress=None, batch_size: int = 1):
        """Code and store articles; see :func:`dotterel.store.ingest.ingest_articles`."""
        from .ingest import ingest_articles

        return ingest_articles(self, articles, coder, on_error=on_error, progress=progress, batch_size=batch_size)

    def ingest_pairs(self, pairs, on_error=None, progress=None, batch_size: int = 1):
        """Store already-coded (article, events) pairs; see :func:`dotterel.store.ingest.ingest_pairs`."""
        from .ingest import ingest_pairs

        return ingest_pairs(self, pairs, on_error=on_error, progress=progress, batch_size=batch_size)

    def ingest_coded(self, article: Article, events: list[Event]) -> str:
        """Store one coded article in one transaction: 'new', 'duplicate' or 'near-duplicate'."""
        return self.ingest_coded_many([(article, events)])[0][0]

    def has_article(self, article: Article) -> bool:
        """Is this text already stored from this source?  Lets callers skip coding it.  The same
        text from another source is not: it is stored as a near-duplicate that counts as a source."""
        content = dedup.content_hash(article.text)
        with self._lock:
            row = self._db().execute(
                "SELECT 1 FROM articles WHERE content_hash = ? AND (source_key = ? OR url = ?) LIMIT 1",
                [content, _source_key(article, content), article.url]).fetchone()
        return row is not None

    def ingest_coded_many(self, pairs: list[tuple[Article, list[Event]]]) -> list[tuple[str, int, int]]:
        """Store coded articles in ONE transaction (all of them or none).

        Returns per article (status, new events, new mentions)."""
        with self.transaction() as con:
            self._pending_seq = None
            result = self._write(con, pairs)
        if self._pending_seq is not None:  # committed
            self._seq = self._pending_seq
        return result

    @contextmanager
    def transaction(self):
        """One transaction under the store's lock: everything in the block is written, or
        (on any exception) nothing.  Yields the connection; a DuckDB error becomes StoreError."""
        if self.read_only:
            raise StoreError(str(self.path), errors.E110)
        import duckdb

        with self._lock:
            con = self._db()
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
                con.execute("COMMIT")
            except BaseException as exc:
                try:
                    con.execute("ROLLBACK")
                except duckdb.Error:
                    pass
                if isinstance(exc, duckdb.Error):
                    raise StoreError(str(self.path), errors.E109.format(detail=str(exc).splitlines()[0])) from None
                raise

    def _write(self, con, pairs) -> list[tuple[str, int, int]]:
        if self._lsh_shape is None:
            self._lsh_shape = dedup.lsh_shape()
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        hashes = [dedup.content_hash(a.text) for a, _ in pairs]
        source_keys = [_source_key(a, h) for (a, _), h in zip(pairs, hashes)]
        stored: set[tuple[str, str]] = set()  # (content hash, source key) and (content hash, URL)
        exact: dict[str, tuple[int, str]] = {}  # content hash -> (arrival, root article) of its first copy
        for content, source_key, url, root, arrival in con.execute(
                "SELECT content_hash, source_key, url, coalesce(duplicate_of, article_id), seq FROM articles "
                "WHERE content_hash IN (SELECT unnest(?::VARCHAR[]))", [hashes]).fetchall():
            stored.add((content, source_key))
            if url:
                stored.add((content, "url:" + url))
            if content not in exact or arrival < exact[content][0]:
                exact[content] = (arrival, root)
        seq = self._seq if self._seq is not None else con.execute(
            "SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]
        statuses: list[list] = []
        new: list[tuple[int, Article, list[Event], str, dedup.Signature]] = []
        copies: dict[str, str] = {}  # article id -> content hash, for exact copies from another source
        for index, ((article, events), content, source_key) in enumerate(zip(pairs, hashes, source_keys)):
            if (content, source_key) in stored or (article.url and (content, "url:" + article.url) in stored):
                statuses.append([DUPLICATE, 0, 0])  # the same text from the same source, or at the same URL
                continue
            stored.add((content, source_key))
            if article.url:
                stored.add((content, "url:" + article.url))
            article_id = dedup.article_key(content, source_key)
            statuses.append([NEW, 0, 0])
            new.append((index, article, events, article_id, dedup.signature(article.text, self._lsh_shape)))
            if content in exact:
                copies[article_id] = content
            else:
                exact[content] = (seq + len(new), article_id)
        if not new:
            return [tuple(s) for s in statuses]

        originals = self._near_duplicates(con, new)
        for article_id, content in copies.items():  # the same words: similarity 1.0 to the first copy's root
            root = exact[content][1]
            originals[article_id] = (originals[root][0] if root in originals else root, 1.0)
        article_rows, minhash_rows, band_rows = [], [], []
        mention_rows, key_rows, entity_rows = [], [], []
        batch_mentions: list[str] = []
        mention_articles: dict[str, str] = {}
        for index, article, events, article_id, sig in new:
            seq += 1
            original = originals.get(article_id)
            if original is not None:
                statuses[index][0] = NEAR_DUPLICATE
            ids_here: set[str] = set()
            for event in events:
                mention_id = hashlib.sha1(
                    f"{article_id}|{event.sequence}|{event.evidence.trigger_start}|{event.event}".encode()).hexdigest()[:16]
                if mention_id in ids_here:
                    continue
                ids_here.add(mention_id)
                batch_mentions.append(mention_id)
                mention_articles[mention_id] = article_id
                mention_rows.append(self._mention_row(mention_id, article_id, event))
                span = dedup.date_range(event.date, event.enddate)
                if dedup.mergeable_span(span):  # the rule never merges undated or vaguely dated mentions
                    for role, entities in (("actor", event.actor), ("recipient", event.recipient)):
                        for code in _codes(entities):
                            key_rows.append((event.event, role, code, span[0], span[1], mention_id))
                for role, entities in (("actor", event.actor), ("recipient", event.recipient)):
                    for position, e in enumerate(entities):
                        entity_rows.append((mention_id, role, position, e.entity_text, e.name, e.code, e.sector,
                                            e.office, e.source_of_code))
            statuses[index][2] = len(ids_here)
            article_rows.append((article_id, seq, article.doc_id, article.origin or None, article.title, article.url,
                                 article.source, source_keys[index], article.date, len(article.text),
                                 len(ids_here), original[0] if original else None,
                                 original[1] if original else None, now, hashes[index]))
            minhash_rows.append((article_id, list(sig.hashvalues)))
            band_rows.extend((band, bucket, article_id) for band, bucket in sig.bands)

        self._pending_seq = seq
        self._insert(con, "articles", article_rows)
        self._insert(con, "minhashes", minhash_rows)
        self._insert(con, "lsh_bands", band_rows)
        self._insert(con, "mentions", mention_rows)
        self._insert(con, "match_keys", key_rows)
        self._insert(con, "entities", entity_rows)
        if batch_mentions:
            new_events = self._merge(con, {row[0]: self._rule_view(row) for row in mention_rows}, key_rows, [a for _, _, _, a, _ in new if a in originals])
            per_article: dict[str, int] = {}
            for mention_id in new_events:
                article_id = mention_articles[mention_id]
                per_article[article_id] = per_article.get(article_id, 0) + 1
            for index, _, _, article_id, _ in new:
                statuses[index][1] = per_article.get(article_id, 0)
        return [tuple(s) for s in statuses]

    @staticmethod
    def _mention_row(mention_id: str, article_id: str, event: Event) -> tuple:
        loc = event.event_loc
        return (mention_id, mention_id, article_id, event.id or None, event.doc_id, event.event, event.mode, event.cameo,
                event.quad_code, event.date, event.enddate, _codes(event.actor), _codes(event.recipient),
                loc.country_code if loc else None, loc.geonameid if loc else None, loc.lat if loc else None,
                loc.lon if loc else None, loc.resolution if loc else None, event.modality, float(event.confidence),
                score_of(event.event, event.mode), event.sequence, event.text,
                json.dumps(event.to_plover(), ensure_ascii=False, default=str))

    @staticmethod
    def _rule_view(row: tuple) -> dict:
        """What the merge rule reads of a mention row as built by ``_mention_row``."""
        return {"mention_id": row[0], "event_id": row[1], "article_id": row[2], "event": row[5], "date": row[9],
                "enddate": row[10], "actor_codes": row[11], "recipient_codes": row[12], "country": row[13],
                "geonameid": row[14], "resolution": row[17], "text": row[22]}

    _COLUMNS = {
        "articles": "article_id, seq, doc_id, origin, title, url, source, source_key, pub_date, n_chars, n_mentions, "
                    "duplicate_of, similarity, ingested_at, content_hash",
        "minhashes": "article_id, hashvalues",
        "lsh_bands": "band, bucket, article_id",
        "mentions": "mention_id, event_id, article_id, coder_id, doc_id, event, mode, cameo, quad_code, date, enddate, "
                    "actor_codes, recipient_codes, country, geonameid, lat, lon, resolution, modality, confidence, "
                    "score, sequence, text, record",
        "match_keys": "event, role, code, lo, hi, mention_id",
        "entities": "mention_id, role, position, entity_text, name, code, sector, office, source_of_code",
        "events": "event_id, event, mode, cameo, quad_code, score, date, enddate, actor_codes, recipient_codes, "
                  "actor_code, recipient_code, country, geonameid, lat, lon, place, place_mention_id, rep_mention_id, "
                  "num_mentions, num_sources, num_articles",
    }

    def _insert(self, con, table: str, rows: list[tuple]) -> None:
        if not rows:
            return
        columns = self._COLUMNS[table]
        if len(rows) <= 64:  # one statement with bound values: cheaper than an Arrow round trip
            width = len(rows[0])
            marks = "(" + ", ".join("?" for _ in range(width)) + ")"
            con.execute(f"INSERT INTO {table} ({columns}) VALUES " + ", ".join(marks for _ in rows),
                        [value for row in rows for value in row])
            return
        import pyarrow as pa

        names = [c.strip() for c in columns.split(",")]
        types = {"bucket": pa.uint64(), "hashvalues": pa.list_(pa.uint64()), "band": pa.int16(),
                 "actor_codes": pa.list_(pa.string()), "recipient_codes": pa.list_(pa.string())}
        frame = pa.table({name: pa.array([row[i] for row in rows], type=types.get(name))
                          for i, name in enumerate(names)})
        view = f"_incoming_{table}"
        con.register(view, frame)
        try:
            con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {view}")
        finally:
            con.unregister(view)

    def _near_duplicates(self, con, new) -> dict[str, tuple[str, float]]:
        """For each new article that is a near-duplicate of an earlier one: (original, similarity).

        Candidates share an LSH band bucket, with stored articles or with earlier ones of the
        same batch; the most similar candidate above the threshold is the original (the
        earliest on ties), and an original is never itself a near-duplicate (the chain is
        followed to its root)."""
        bands, buckets, owners = [], [], []
        for _, _, _, article_id, sig in new:
            for band, bucket in sig.bands:
                bands.append(band)
                buckets.append(bucket)
                owners.append(article_id)
        candidates: dict[str, set[str]] = {}
        rows = con.execute(
            "SELECT DISTINCT q.owner, l.article_id FROM lsh_bands l JOIN "
            "(SELECT unnest(?::SMALLINT[]) AS band, unnest(?::UBIGINT[]) AS bucket, unnest(?::VARCHAR[]) AS owner) q "
            "ON l.band = q.band AND l.bucket = q.bucket", [bands, buckets, owners]).fetchall()
        for owner, other in rows:
            candidates.setdefault(owner, set()).add(other)
        stored_ids = sorted({other for others in candidates.values() for other in others})
        info: dict[str, tuple] = {}
        if stored_ids:
            for article_id, seq, values, original in con.execute(
                    "SELECT a.article_id, a.seq, m.hashvalues, a.duplicate_of FROM articles a "
                    "JOIN minhashes m USING (article_id) WHERE a.article_id IN (SELECT unnest(?::VARCHAR[]))",
                    [stored_ids]).fetchall():
                info[article_id] = (seq, tuple(values), original)
        buckets_seen: dict[tuple[int, int], list[str]] = {}
        result: dict[str, tuple[str, float]] = {}
        for order, (_, _, _, article_id, sig) in enumerate(new):
            others = set(candidates.get(article_id, ()))
            for key in sig.bands:
                others.update(buckets_seen.get(key, ()))
            best = None
            for other in others:
                seq, values, original = info[other]
                sim = dedup.similarity(sig.hashvalues, values)
                if sim >= dedup.THRESHOLD:
                    root = original or other
                    rank = (-sim, seq, root)
                    if best is None or rank < best[0]:
                        best = (rank, root, sim)
            if best is not None:
                result[article_id] = (best[1], best[2])
            root_of_self = result[article_id][0] if article_id in result else None
            info[article_id] = (10 ** 18 + order, sig.hashvalues, root_of_self)  # after every stored article
            for key in sig.bands:
                buckets_seen.setdefault(key, []).append(article_id)
        return result

    def _merge(self, con, batch_rows: dict[str, dict], keys: list[tuple], copies: list[str]) -> set[str]:
        """Join the batch's mentions to the events they match; recompute those events.

        Returns the ids of the batch's mentions that started an event of their own (new events)."""
        rule_columns = "m.mention_id, m.event_id, m.article_id, m.event, m.date, m.enddate, m.actor_codes, " \
                       "m.recipient_codes, m.country, m.geonameid, m.resolution, m.text"
        names = ("mention_id", "event_id", "article_id", "event", "date", "enddate", "actor_codes",
                 "recipient_codes", "country", "geonameid", "resolution", "text")
        mine = batch_rows
        edges: list[tuple[str, str]] = []
        if keys:
            columns = list(zip(*keys))
            candidates = con.execute(f"""
                SELECT DISTINCT n.mention_id AS new_id, {rule_columns}
                FROM (SELECT unnest(?::VARCHAR[]) AS event, unnest(?::VARCHAR[]) AS role,
                             unnest(?::VARCHAR[]) AS code, unnest(?::DATE[]) AS lo, unnest(?::DATE[]) AS hi,
                             unnest(?::VARCHAR[]) AS mention_id) n
                JOIN match_keys k ON n.event = k.event AND n.role = k.role AND n.code = k.code
                                 AND k.lo <= n.hi + INTERVAL 1 DAY AND n.lo <= k.hi + INTERVAL 1 DAY
                JOIN mentions m ON m.mention_id = k.mention_id
                WHERE k.mention_id <> n.mention_id""", [list(c) for c in columns]).fetchall()
            for row in candidates:
                other = dict(zip(names, row[1:]))
                if dedup.mentions_match(mine[row[0]], other):
                    edges.append((mine[row[0]]["event_id"], other["event_id"]))
        if copies:
            originals: dict[str, list[dict]] = {}
            for row in con.execute(
                    f"SELECT a.article_id, {rule_columns} FROM articles a JOIN mentions m "
                    f"ON m.article_id = a.duplicate_of WHERE a.article_id IN (SELECT unnest(?::VARCHAR[]))",
                    [copies]).fetchall():
                originals.setdefault(row[0], []).append(dict(zip(names, row[1:])))
            for mention in mine.values():
                for other in originals.get(mention["article_id"], ()):
                    if dedup.copies_match(mention, other):
                        edges.append((mention["event_id"], other["event_id"]))
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        batch = set(batch_rows)
        for mention_id in batch_rows:
            find(mention_id)  # a new mention's event id is its own id until it joins one
        for event_a, event_b in edges:
            ra, rb = find(event_a), find(event_b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)  # the smaller id is the root: order-independent ids
        groups: dict[str, list[str]] = {}
        for node in list(parent):
            groups.setdefault(find(node), []).append(node)
        renames = [(old, root) for root, members in groups.items() for old in members if old != root]
        if renames:
            olds = [o for o, _ in renames]
            roots = [r for _, r in renames]
            con.execute("""
                UPDATE mentions SET event_id = r.root
                FROM (SELECT unnest(?::VARCHAR[]) AS old, unnest(?::VARCHAR[]) AS root) r
                WHERE mentions.event_id = r.old""", [olds, roots])
            stale = [(o, r) for o, r in renames if o not in batch]  # events that existed before this batch
            if stale:
                con.execute("""
                    UPDATE event_aliases SET event_id = r.root
                    FROM (SELECT unnest(?::VARCHAR[]) AS old, unnest(?::VARCHAR[]) AS root) r
                    WHERE event_aliases.event_id = r.old""", [[o for o, _ in stale], [r for _, r in stale]])
                self._insert_aliases(con, stale)
        affected = sorted(groups)
        removed = sorted({o for o, _ in renames} | set(affected))
        con.execute("DELETE FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [removed])
        self._recompute(con, affected)
        return {root for root, members in groups.items() if all(m in batch for m in members)}

    def _insert_aliases(self, con, pairs) -> None:
        for old, root in pairs:
            con.execute("INSERT INTO event_aliases VALUES (?, ?)", [old, root])

    def _recompute(self, con, event_ids: list[str]) -> None:
        """Rebuild the events rows of these ids from their mentions.

        The representative mention (whose record stands for the event) is the most confident,
        the place the most precise; ties go to the smallest mention id, so the result does not
        depend on arrival order."""
        if not event_ids:
            return
        rows = con.execute("""
            SELECT m.event_id, m.mention_id, m.article_id, a.source_key, m.event, m.mode, m.cameo, m.quad_code,
                   m.score, m.date, m.enddate, m.actor_codes, m.recipient_codes, m.country, m.geonameid, m.lat,
                   m.lon, m.resolution, m.confidence,
                   json_extract_string(m.record, '$.event_loc.resolved_place')
            FROM mentions m JOIN articles a ON a.article_id = m.article_id
            WHERE m.event_id IN (SELECT unnest(?::VARCHAR[]))""", [event_ids]).fetchall()
        groups: dict[str, list[tuple]] = {}
        for row in rows:
            groups.setdefault(row[0], []).append(row)
        out = []
        for event_id in sorted(groups):
            members = groups[event_id]
            rep = min(members, key=lambda r: (-(r[18] or 0), r[1]))
            place = min(members, key=lambda r: (r[13] is None, -(r[17] or 0), -(r[18] or 0), r[1]))
            dated = [r for r in members if r[9] is not None]
            start = min((r[9] for r in dated), default=None)
            last = max((r[10] or r[9] for r in dated), default=None)
            actor_codes = sorted({c for r in members for c in r[11]})
            recipient_codes = sorted({c for r in members for c in r[12]})
            out.append((event_id, rep[4], rep[5], rep[6], rep[7], rep[8], start,
                        last if last is not None and start is not None and last > start else None,
                        actor_codes, recipient_codes, rep[11][0] if rep[11] else None,
                        rep[12][0] if rep[12] else None, place[13], place[14], place[15], place[16], place[19],
                        place[1], rep[1], len(members), len({r[3] for r in members}), len({r[2] for r in members})))
        self._insert(con, "events", out)

    # ------------------------------------------------------------------ queries
    def _filters(self, actor=None, recipient=None, event=None, since=None, until=None, country=None,
                 alias: str = "e") -> tuple[str, list]:
        """A WHERE clause over events; every value is a bound parameter."""
        clauses, params = [], []
        if actor:
            clauses.append(f"list_contains({alias}.actor_codes, ?)")
            params.append(str(actor))
        if recipient:
            clauses.append(f"list_contains({alias}.recipient_codes, ?)")
            params.append(str(recipient))
        if event:
            clauses.append(f"{alias}.event = ?")
            params.append(str(event).upper())
        if since is not None:
            clauses.append(f"coalesce({alias}.enddate, {alias}.date) >= ?")
            params.append(_as_date(since, "since"))
        if until is not None:
            clauses.append(f"{alias}.date <= ?")
            params.append(_as_date(until, "until"))
        if country:
            clauses.append(f"{alias}.country = ?")
            params.append(str(country))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _page(self, select: str, filters: tuple, limit: int | None, offset: int) -> tuple[str, list]:
        """``select`` (up to its FROM) narrowed by ``filters`` (those of ``_filters``), in the order
        every reader uses, one page of ``limit`` rows from ``offset`` (all rows for limit None)."""
        where, params = self._filters(*filters)
        sql = f"{select}{where}{self.EVENT_ORDER}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return sql, params

    def query_events(self, actor=None, recipient=None, event=None, since=None, until=None, country=None,
                     limit: int | None = 100, offset: int = 0) -> list[dict]:
        """Merged events as PLOVER dicts (the representative mention's record, the event's id,
        dates and best place) plus num_mentions, num_sources, num_articles and score."""
        sql, params = self._page(self.MERGED_EVENTS, (actor, recipient, event, since, until, country), limit, offset)
        with self._reading() as con:
            rows = con.execute(sql, params).fetchall()
        return [self._event_dict(row) for row in rows]

    def iter_events(self, page: int = 5000, **filters) -> Iterator[dict]:
        """Every merged event matching ``filters`` as ``query_events`` gives them, in the same order,
        read a page at a time.  Pages continue after the last key read (keyset paging), so the
        cost of a page does not grow with its position and events stored meanwhile are neither
        read twice nor make others skipped."""
        where, params = self._filters(**filters)
        key: list | None = None
        while True:
            clause, values = where, list(params)
            if key is not None:
                clause += (" AND " if clause else " WHERE ") + (
                    "(e.date IS NULL, coalesce(e.date, DATE '0001-01-01'), e.event_id) > (?, ?, ?)")
                values += key
            sql = f"{self.MERGED_EVENTS}{clause}{self.EVENT_ORDER} LIMIT ?"
            with self._reading() as con:
                rows = con.execute(sql, values + [int(page)]).fetchall()
            yield from (self._event_dict(row) for row in rows)
            if len(rows) < page:
                return
            last_id, last_date = rows[-1][0], rows[-1][1]
            key = [last_date is None, last_date or date(1, 1, 1), last_id]

    # merged events with their representative and place mentions' records, as _event_dict reads them
    MERGED_EVENTS = ("SELECT e.event_id, e.date, e.enddate, e.score, e.num_mentions, e.num_sources, e.num_articles, "
                     "r.record, p.record FROM events e JOIN mentions r ON r.mention_id = e.rep_mention_id "
                     "JOIN mentions p ON p.mention_id = e.place_mention_id")
    EVENT_ORDER = " ORDER BY e.date NULLS LAST, e.event_id"  # iter_events pages by this key

    @staticmethod
    def _event_dict(row) -> dict:
        event_id, start, end, score, n_mentions, n_sources, n_articles, record, place_record = row
        out = json.loads(record)
        out["id"] = event_id
        out["date"] = start.isoformat() if start else None
        out["enddate"] = end.isoformat() if end else None
        out["event_loc"] = json.loads(place_record).get("event_loc")
        out["score"] = score
        out["num_mentions"] = n_mentions
        out["num_sources"] = n_sources
        out["num_articles"] = n_articles
        return out

    def resolve_event_id(self, event_id: str) -> str | None:
        with self._reading() as con:
            if con.execute("SELECT 1 FROM events WHERE event_id = ?", [event_id]).fetchone():
                return event_id
            row = con.execute("SELECT event_id FROM event_aliases WHERE old_event_id = ?", [event_id]).fetchone()
        return row[0] if row else None

    def get_event(self, event_id: str) -> dict | None:
        """One merged event with every mention: its sentence, article and evidence.  An id that
        was merged into another event finds that event."""
        with self._reading(snapshot=True) as con:
            resolved = self.resolve_event_id(str(event_id))
            if resolved is None:
                return None
            row = con.execute(
                f"{self.MERGED_EVENTS} WHERE e.event_id = ?", [resolved]).fetchone()
            mentions = con.execute(
                "SELECT m.mention_id, m.article_id, a.duplicate_of, a.title, a.url, a.source, a.pub_date, m.record "
                "FROM mentions m JOIN articles a ON a.article_id = m.article_id WHERE m.event_id = ? "
                "ORDER BY a.seq, m.sequence, m.mention_id", [resolved]).fetchall()
        out = self._event_dict(row)
        out["mentions"] = []
        for mention_id, article_id, duplicate_of, title, url, source, pub_date, record in mentions:
            rec = json.loads(record)
            rec.update(mention_id=mention_id, article_id=article_id, duplicate_of=duplicate_of,
                       published=pub_date.isoformat() if pub_date else None)
            out["mentions"].append(rec)
        return out

    def dyads(self, by: str = "day", actor=None, recipient=None, since=None, until=None) -> list[dict]:
        """Counts per period and (actor code, recipient code): events per quad class, their sum of
        cooperative (quad 1-2) and conflictual (quad 3-4) events, and the mean PLOVER score
        (-10 conflict .. +10 cooperation).  An event with several coded actors or recipients
        counts once for each pair; an uncoded recipient is None."""
        periods = {"day": "day", "week": "week", "month": "month"}
        if by not in periods:
            raise ValueError(f"by must be day, week or month, got {by!r}")
        where, params = self._filters(None, None, None, since, until, None)
        pair_where, pair_params = [], []
        if actor:
            pair_where.append("actor = ?")
            pair_params.append(str(actor))
        if recipient:
            pair_where.append("recipient = ?")
            pair_params.append(str(recipient))
        sql = f"""
            WITH base AS (SELECT * FROM events e{where}{' AND' if where else ' WHERE'} e.date IS NOT NULL),
            a AS (SELECT base.*, unnest(CASE WHEN len(actor_codes) = 0 THEN [NULL::VARCHAR] ELSE actor_codes END)
                         AS actor FROM base),
            p AS (SELECT a.*, unnest(CASE WHEN len(recipient_codes) = 0 THEN [NULL::VARCHAR]
                                          ELSE recipient_codes END) AS recipient FROM a)
            SELECT CAST(date_trunc(?, date) AS DATE) AS period, actor, recipient, count(*) AS events,
                   sum(num_mentions) AS mentions,
                   count(*) FILTER (WHERE quad_code = 1) AS verbal_cooperation,
                   count(*) FILTER (WHERE quad_code = 2) AS material_cooperation,
                   count(*) FILTER (WHERE quad_code = 3) AS verbal_conflict,
                   count(*) FILTER (WHERE quad_code = 4) AS material_conflict,
                   count(*) FILTER (WHERE quad_code IN (1, 2)) AS cooperation,
                   count(*) FILTER (WHERE quad_code IN (3, 4)) AS conflict,
                   round(avg(score), 3) AS score
            FROM p WHERE actor IS NOT NULL{''.join(' AND ' + c for c in pair_where)}
            GROUP BY ALL ORDER BY period, actor, recipient NULLS FIRST"""
        with self._reading() as con:
            cursor = con.execute(sql, params + [periods[by]] + pair_params)
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
        out = []
        for row in rows:
            item = dict(zip(names, row))
            item["period"] = item["period"].isoformat()
            out.append(item)
        return out

    def stats(self) -> dict:
        with self._reading(snapshot=True) as con:
            articles, near, sources = con.execute(
                "SELECT count(*), count(duplicate_of), count(DISTINCT source_key) FROM articles").fetchone()
            events, first, last = con.execute(
                "SELECT count(*), min(date), max(coalesce(enddate, date)) FROM events").fetchone()
            mentions = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
        return {"articles": articles, "articles_near_duplicate": near, "events": events, "mentions": mentions,
                "sources": sources, "first_date": first.isoformat() if first else None,
                "last_date": last.isoformat() if last else None, "schema_version": self.schema_version,
                "path": str(self.path)}

    EVENT_COLUMNS = ("event_id, date, enddate, event, mode, cameo, quad_code, score, actor_code, recipient_code, "
                     "actor_codes, recipient_codes, country, geonameid, lat, lon, place, num_mentions, num_sources, "
                     "num_articles")

    def events_table(self, actor=None, recipient=None, event=None, since=None, until=None, country=None,
                     limit: int | None = None, offset: int = 0, as_: str = "arrow"):
        """Merged events as a flat table: a pyarrow Table (``as_='arrow'``) or a pandas DataFrame."""
        if as_ not in ("arrow", "pandas"):
            raise ValueError(f"as_ must be 'arrow' or 'pandas', got {as_!r}")
        sql, params = self._page(f"SELECT {self.EVENT_COLUMNS} FROM events e", (actor, recipient, event, since, until, country),
                                 limit, offset)
        with self._reading() as con:
            relation = con.sql(sql, params=params)
            if as_ == "pandas":
                return relation.df()
            fetch = getattr(relation, "to_arrow_table", None) or relation.arrow  # DuckDB < 1.4: .arrow()
            return fetch()
