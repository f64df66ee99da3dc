"""Coding articles into a store.

The loop is split so that parallel coders can plug in: ``code_pairs`` turns articles into
(article, events) pairs, skipping texts the store already holds (so a re-run codes only what
is missing), with one ``Coder`` in this process or with any function that codes them
elsewhere in input order (worker processes, Dask: ``dotterel.parallel.coding_backend``);
``ingest_pairs`` writes the pairs from this one process, in input order, each article in its
own transaction by default.  An interrupted run therefore leaves whole articles only, and a
re-run resumes.  A text that appears twice in one input is caught by ``has_article`` when
coded here, by the store's own duplicate check when coded ahead by workers: the store ends
the same either way.

``StoreCounts`` tallies what the store did with each article (new, duplicate,
near-duplicate); ``dotterel ingest`` and ``dotterel watch`` both report through it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, asdict
from itertools import islice

from .. import errors
from ..errors import InputError, StoreError
from ..records import Article, Event

logger = logging.getLogger(__name__)

ErrorHandler = Callable[[InputError], None]
Coded = Callable[[Iterable[Article]], Iterable[tuple[Article, object]]]


@dataclass
class StoreCounts:
    """What storing coded articles did, by the status the store gave each one."""

    articles_new: int = 0  # stored as originals
    articles_duplicate: int = 0  # same text already stored: skipped
    articles_near_duplicate: int = 0  # stored, linked to their original
    events_new: int = 0  # happenings not in the store before
    mentions_new: int = 0  # coded records stored

    def count(self, status: str, events_new: int = 0, mentions_new: int = 0) -> None:
        """Count one article the store answered ``status`` for ('new', 'duplicate', 'near-duplicate')."""
        if status == "duplicate":
            self.articles_duplicate += 1
        elif status == "near-duplicate":
            self.articles_near_duplicate += 1
        else:
            self.articles_new += 1
        self.events_new += events_new
        self.mentions_new += mentions_new


@dataclass
class IngestReport(StoreCounts):
    errors: int = 0  # articles that could not be coded or stored

    @property
    def articles(self) -> int:
        return self.articles_new + self.articles_duplicate + self.articles_near_duplicate + self.errors

    def to_dict(self) -> dict:
        return asdict(self)


def _report_error(on_error: ErrorHandler | None, error: InputError) -> None:
    if on_error is not None:
        on_error(error)
    else:
        logger.warning("%s", error)


def code_pairs(store, articles: Iterable[Article], coder, report: IngestReport,
               on_error: ErrorHandler | None = None, coded: Coded | None = None) -> Iterator[tuple[Article, list[Event]]]:
    """(article, events) for each article the store does not hold yet; stored texts are counted
    as duplicates without being coded, articles the coder fails on are reported and skipped.

    ``coded``: articles -> (article, events or ``parallel.CodingFailure``) in input order, e.g.
    worker processes (``parallel.coding_backend(..., safe=True)``); None: ``coder`` here."""
    from ..parallel import CodingFailure, code_one

    fresh = _not_stored(store, articles, report)
    pairs = coded(fresh) if coded is not None else ((a, code_one(coder, a)) for a in fresh)
    for article, events in pairs:
        if isinstance(events, CodingFailure):  # one article the coder cannot handle must not end the run
            report.errors += 1
            _report_error(on_error, InputError(article.origin or article.doc_id, errors.E108.format(detail=events.detail)))
            continue
        yield article, events


def _not_stored(store, articles: Iterable[Article], report: IngestReport) -> Iterator[Article]:
    for article in articles:
        if store.has_article(article):
            report.count("duplicate")
            continue
        yield article


def ingest_pairs(store, pairs: Iterable[tuple[Article, list[Event]]], on_error: ErrorHandler | None = None,
                 progress: Callable[[IngestReport], None] | None = None, batch_size: int = 1,
                 report: IngestReport | None = None) -> IngestReport:
    """Write coded articles, ``batch_size`` per transaction (1: each article on its own)."""
    report = report if report is not None else IngestReport()
    iterator = iter(pairs)
    while batch := list(islice(iterator, max(1, batch_size))):
        try:
            results = store.ingest_coded_many(batch)
        except StoreError as exc:
            if len(batch) > 1:  # find the article at fault, store the others
                for pair in batch:
                    ingest_pairs(store, [pair], on_error, None, 1, report)
                if progress is not None:
                    progress(report)
                continue
            article = batch[0][0]
            report.errors += 1
            _report_error(on_error, InputError(article.origin or article.doc_id,
                                               errors.E109.format(detail=exc.reason)))
            if progress is not None:
                progress(report)
            continue
        for status, events_new, mentions_new in results:
            report.count(status, events_new, mentions_new)
        if progress is not None:
            progress(report)
    return report


def ingest_articles(store, articles: Iterable[Article], coder, on_error: ErrorHandler | None = None,
                    progress: Callable[[IngestReport], None] | None = None, batch_size: int = 1,
                    coded: Coded | None = None) -> IngestReport:
    """Code and store articles: each coded and written in one transaction (by default).
    ``coded``: code elsewhere (see ``code_pairs``); the writing stays in this process, in input order."""
    report = IngestReport()
    return ingest_pairs(store, code_pairs(store, articles, coder, report, on_error, coded), on_error, progress,
                        batch_size, report)
