"""The coder in its own process, so coding never holds the server's GIL.

Parsing an article takes the spaCy pipeline seconds of pure Python and Cython work; in the
server process that would stall every reader for as long.  ``CoderProcess`` runs a
``Coder`` in a child process (spawned, so no lock or connection of the server is inherited)
and sends it one article at a time over a pipe; the server keeps the store connection and
stays free to answer reads.  A child that dies is started again on the next request.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading

from .. import errors
from ..errors import DotterelError, ModelError

log = logging.getLogger(__name__)


def _serve_coder(conn, options) -> None:
    """The child's loop: load the coder once, then code each article received until None."""
    from ..pipeline import Coder
    from ..records import Article

    try:
        coder = Coder(options)
        coder.code_article(Article(doc_id="warm-up", text="The minister met the envoy in Paris."))  # loads the model
    except DotterelError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            article = conn.recv()
        except EOFError:
            return
        if article is None:
            return
        try:
            conn.send(("ok", coder.code_article(article)))
        except DotterelError as exc:
            conn.send(("error", str(exc)))
        except Exception as exc:  # noqa: BLE001 - one bad article must not end the worker
            log.exception("coding %s failed", getattr(article, "doc_id", "?"))
            origin = getattr(article, "origin", "") or "article"
            conn.send(("error", errors.E211.format(origin=origin, detail=type(exc).__name__)))


class CoderProcess:
    """One coder in a child process; ``code_article`` is called by one thread at a time."""

    def __init__(self, options=None, start_timeout: float = 600.0):
        self.options = options
        self.start_timeout = start_timeout
        self._lock = threading.Lock()
        self._proc = None
        self._conn = None

    def start(self) -> None:
        with self._lock:
            self._start()

    def _start(self) -> None:
        from ..pipeline import Options

        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve_coder, args=(child, self.options or Options()), name="dotterel-coder",
                           daemon=True)
        proc.start()
        child.close()
        if not parent.poll(self.start_timeout):
            proc.kill()
            raise ModelError(errors.E210.format(detail="did not start in time"))
        try:
            kind, message = parent.recv()
        except EOFError:
            raise ModelError(errors.E210.format(detail=f"exited while loading (exit code {proc.exitcode})")) from None
        if kind != "ready":
            proc.join(5)
            raise ModelError(message)
        self._proc, self._conn = proc, parent

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    def code_article(self, article) -> list:
        with self._lock:
            if not self.alive:
                self._start()
            try:
                self._conn.send(article)
                kind, value = self._conn.recv()
            except (EOFError, OSError, BrokenPipeError):
                self._proc = None
                raise ModelError(errors.E210.format(detail="died while coding; it restarts on the next request")) from None
        if kind == "error":
            raise DotterelError(value)
        return value

    def close(self) -> None:
        with self._lock:
            if self._proc is None:
                return
            try:
                self._conn.send(None)
            except OSError:
                pass
            self._proc.join(10)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join(5)
            self._conn.close()
            self._proc = self._conn = None
