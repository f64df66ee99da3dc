"""Code articles in several processes, or on a Dask cluster, with the results of one process.

Articles are cut into chunks (``chunk`` articles each) that are coded independently: an
article's events depend only on the article itself, so any split gives the events a single
process gives.  Results come back as ``(article, events)`` in input order, with a bounded
number of chunks in flight, so memory stays flat however long the input.

Each worker process (or Dask worker) loads the coder once (``_worker_coder``, cached per
process) and reports its peak resident memory with every chunk (``Stats``).

``safe=True`` (what ``dotterel ingest`` asks for) keeps one article the coder fails on from
failing its whole chunk: that article comes back as a ``CodingFailure`` in place of its
events, for the caller to report and skip, as a one-process run does.
"""

from __future__ import annotations

import logging
import resource
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from . import errors
from .errors import ClusterError
from .records import Article, Event

log = logging.getLogger(__name__)
DEFAULT_CHUNK = 16


@dataclass
class Stats:
    """What the workers reported: peak RSS (MB) per worker (pid or Dask address)."""

    peak_mb: dict = field(default_factory=dict)
    cpu_s: float = 0.0  # CPU seconds the workers spent coding the chunks
    chunks: int = 0

    def record(self, worker, peak_mb: float, cpu_s: float = 0.0) -> None:
        self.chunks += 1
        self.cpu_s += cpu_s
        self.peak_mb[worker] = max(peak_mb, self.peak_mb.get(worker, 0.0))


@dataclass(frozen=True)
class CodingFailure:
    """An article the coder failed on in a worker (``safe=True``): what went wrong."""

    detail: str  # "ExceptionType: message"


def _peak_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / (1024 * 1024 if sys.platform == "darwin" else 1024)


@lru_cache(maxsize=2)
def _worker_coder(options):
    from .pipeline import Coder

    return Coder(options)


def code_chunk(options, articles: list[Article], safe: bool = False) -> tuple[list, str, float, float]:
    """Code one chunk in this process: each article's events, the worker's id, its peak RSS
    (MB) and the CPU seconds the chunk took.  ``safe``: an article the coder fails on gives a
    ``CodingFailure`` instead of failing the chunk."""
    import os
    import time

    start = time.process_time()
    coder = _worker_coder(options)
    grouped = code_each(coder, articles) if safe else [events for _article, events in coder.code_grouped(articles)]
    return grouped, str(os.getpid()), _peak_mb(), time.process_time() - start


def code_each(coder, articles: list[Article]) -> list:
    """Each article's events (coded together), or, if that fails, each article coded alone:
    its events or a ``CodingFailure``."""
    try:
        return [events for _article, events in coder.code_grouped(articles)]
    except Exception:  # noqa: BLE001 - find the article at fault, code the others
        log.debug("a chunk failed; coding its articles one at a time", exc_info=True)
    return [code_one(coder, article) for article in articles]


def code_one(coder, article: Article) -> list[Event] | CodingFailure:
    """One article's events, or a ``CodingFailure`` if the coder fails on it."""
    try:
        return coder.code_article(article)
    except Exception as exc:  # noqa: BLE001 - one article must not end the run
        log.debug("coding %s failed", article.origin, exc_info=True)
        return CodingFailure(f"{type(exc).__name__}: {exc}")


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _in_order(submit, articles: Iterable[Article], chunk: int, window: int, stats: Stats):
    pending: deque = deque()
    for part in _chunks(articles, chunk):
        pending.append((part, submit(part)))
        while len(pending) >= window:
            yield from _collect(*pending.popleft(), stats)
    while pending:
        yield from _collect(*pending.popleft(), stats)


def _collect(part: list[Article], future, stats: Stats):
    grouped, worker, peak, cpu = future.result()
    stats.record(worker, peak, cpu)
    yield from zip(part, grouped)


def code_parallel(articles: Iterable[Article], options=None, workers: int = 2, chunk: int = DEFAULT_CHUNK,
                  stats: Stats | None = None, pool=None, safe: bool = False) -> Iterator[tuple[Article, list[Event]]]:
    """``(article, events)`` in input order, coded by ``workers`` processes (1: in this one).

    ``pool``: an existing ``concurrent.futures`` executor to use (its workers stay loaded).
    ``safe``: an article the coder fails on comes back as a ``CodingFailure`` (see ``code_each``).
    """
    from .pipeline import Options

    if workers < 1:
        raise ClusterError(errors.E504.format(workers=workers))
    options = options or Options()
    stats = stats if stats is not None else Stats()
    if workers == 1:
        coder = _worker_coder(options)
        if safe:
            for part in _chunks(articles, chunk):
                yield from zip(part, code_each(coder, part))
        else:
            yield from coder.code_grouped(articles)
        stats.record("main", _peak_mb())
        return
    if pool is not None:
        yield from _in_order(lambda part: pool.submit(code_chunk, options, part, safe), articles, chunk, 2 * workers,
                             stats)
        return
    with worker_pool(workers) as pool:
        yield from _in_order(lambda part: pool.submit(code_chunk, options, part, safe), articles, chunk, 2 * workers,
                             stats)


def worker_pool(workers: int):
    """A pool of ``workers`` spawned processes (a context manager) that ``code_parallel`` can
    reuse across calls: each process loads the coder once, on its first chunk."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if workers < 1:
        raise ClusterError(errors.E504.format(workers=workers))
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def dask_client(address: str):
    """A client for ``address`` (a scheduler such as ``tcp://host:8786``), or for a local
    cluster of N single-threaded worker processes with ``local:N``."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # an optional dependency
        raise ClusterError(errors.E501) from exc
    if address.startswith("local:"):
        count = address.split(":", 1)[1]
        if not count.isdigit() or int(count) < 1:
            raise ClusterError(errors.E502.format(address=address))
        cluster = LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster)
    if "://" not in address and ":" not in address:
        raise ClusterError(errors.E502.format(address=address))
    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise ClusterError(errors.E503.format(address=address, detail=exc)) from exc


def code_dask(articles: Iterable[Article], options=None, client=None, address: str | None = None,
              chunk: int = DEFAULT_CHUNK, window: int | None = None, stats: Stats | None = None,
              safe: bool = False) -> Iterator[tuple[Article, list[Event]]]:
    """``(article, events)`` in input order, each chunk coded on a worker of a Dask cluster.

    Give a ``client`` or an ``address`` (see ``dask_client``).  Each worker loads the coder
    once and keeps it for every chunk it is sent.
    """
    from .pipeline import Options

    options = options or Options()
    stats = stats if stats is not None else Stats()
    own = client is None
    if own:
        client = dask_client(address or "local:2")
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})))
        yield from _in_order(lambda part: client.submit(code_chunk, options, part, safe, pure=False), articles,
                             chunk, window or 2 * n, stats)
    finally:
        if own:
            close_client(client)


def close_client(client) -> None:
    """Close a client from ``dask_client``, and the local cluster it started, if any."""
    cluster = getattr(client, "cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


Grouped = Callable[[Iterable[Article]], Iterator[tuple[Article, list[Event]]]]


@contextmanager
def coding_backend(options, workers: int = 1, dask: str | None = None, safe: bool = False):
    """``(code, stats)`` for a whole run: ``code(articles)`` gives ``(article, events)`` in input
    order, coded by worker processes (``workers`` > 1) or on a Dask cluster (``dask``: an
    address or ``local:N``) started once and kept for every call; ``None`` when neither is
    asked for (the caller codes in its own process).  ``stats``: what the workers reported."""
    if workers < 1:
        raise ClusterError(errors.E504.format(workers=workers))
    stats = Stats()
    if not dask and workers == 1:
        yield None, stats
        return
    if dask:
        client = dask_client(dask)
        try:
            yield (lambda articles: code_dask(articles, options, client=client, stats=stats, safe=safe)), stats
        finally:
            close_client(client)
        return
    pool = worker_pool(workers)
    try:
        yield (lambda articles: code_parallel(articles, options, workers=workers, stats=stats, pool=pool,
                                              safe=safe)), stats
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # interrupted: drop the chunks not started
        raise
    pool.shutdown(wait=True)
