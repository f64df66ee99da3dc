"""What one running service holds: the store connection, the coder, and the locks around them.

DuckDB allows one writing process per database file, so the server process holds the
only connection and every store call goes through ``Service``, one at a time, on one
dedicated thread (the request threads wait for it): writes are serialised, and the store's
allocations stay in one thread's malloc arena (spread over 40 request threads, the same
work grew the server's RSS about twice as much).  Coding
(the slow part: the spaCy pipeline) runs outside the store lock, one article at a time,
by default in a child process (``worker.CoderProcess``), so readers wait for a store
call, never for the parser.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from .. import errors
from ..errors import DotterelError, InputError
from ..records import Article
from .highlight import highlight_spans
from .settings import Settings

log = logging.getLogger(__name__)


class BadArticle(ValueError):
    """An article the API refuses (empty or binary text); becomes a 422 with this message."""


def article_from(data: dict, origin: str) -> Article:
    text = data["text"]
    if "\x00" in text:
        raise BadArticle(f"{origin}: {errors.E005}")
    if not text.strip():
        raise BadArticle(f"{origin}: {errors.E004}")
    doc_id = data.get("id") or "api:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return Article(doc_id=doc_id, text=text, title=data.get("title"), date=data.get("date"), url=data.get("url"),
                   source=data.get("source"), origin=origin)


class Service:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._store = None
        self._coder = None
        self._store_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dotterel-store")
        self._coder_lock = threading.Lock()  # loading / closing the coder
        self._code_lock = threading.Lock()  # one article at a time

    # ---------------------------------------------------------------- lifecycle
    def open(self) -> None:
        from ..store.backend import open_store

        self._store = self._on_store(open_store, self.settings.db_path)
        if self.settings.preload_coder:
            self.coder()

    def close(self) -> None:
        with self._coder_lock:
            if self._coder is not None and hasattr(self._coder, "close"):
                self._coder.close()
            self._coder = None
        if self._store is not None:
            self._on_store(self._store.close)
            self._store = None
        self._store_thread.shutdown(wait=True)

    @property
    def coder_loaded(self) -> bool:
        return self._coder is not None

    def coder(self):
        with self._coder_lock:
            if self._coder is None:
                log.info("loading the coder (spaCy pipeline, lexicons, gazetteer)")
                if self.settings.coder_process:
                    from .worker import CoderProcess

                    coder = CoderProcess(self.settings.coder_options)
                    coder.start()
                else:
                    from ..pipeline import Coder, Options

                    coder = Coder(self.settings.coder_options or Options())
                self._coder = coder
            return self._coder

    # ---------------------------------------------------------------- coding
    def code(self, article: Article) -> tuple[str, list[dict], list[dict]]:
        """Cleaned text, PLOVER events and highlight spans of one article; nothing is stored."""
        from ..clean import clean_article

        events = self._code(article)
        text = clean_article(article).text  # the text every offset of the events points into
        plover = [event.to_plover() for event in events]
        return text, plover, highlight_spans(text, plover)

    def ingest(self, articles: list[Article]) -> list[tuple[str, str, int | None, str | None]]:
        """Code and store each article (one store transaction each): ``(doc_id, status, events, error)``.

        A text already stored is not coded again: ``("duplicate", None)``.  An article the coder or
        the store cannot take is ``("error", None, message)`` and the others go on."""
        results = []
        for article in articles:
            try:
                if self.store_call("has_article", article):
                    results.append((article.doc_id, "duplicate", None, None))
                    continue
                events = self._code(article)
                status = self.store_call("ingest_coded", article, events)
            except DotterelError as exc:
                log.warning("%s", exc)
                results.append((article.doc_id, "error", None, str(exc)))
                continue
            results.append((article.doc_id, status, len(events), None))
        return results

    def _code(self, article: Article) -> list:
        coder = self.coder()
        with self._code_lock:  # the pipeline codes one article at a time
            return coder.code_article(article)

    # ---------------------------------------------------------------- the store, on its own thread
    def _on_store(self, fn, *args, **kwargs):
        return self._store_thread.submit(fn, *args, **kwargs).result()

    def store_call(self, method: str, *args, **kwargs):
        """Call a method of the store on the store's thread (reads, and the writes above)."""
        if self._store is None:
            raise InputError(str(self.settings.db_path), errors.E106.format(detail="the store is closed"))
        return self._on_store(getattr(self._store, method), *args, **kwargs)
