"""Output sinks: where coded events go, behind one registry with a lifecycle.

Every sink has ``open()`` (returns the keys of the articles a previous, interrupted run
already completed, for ``--resume``), ``write(events, done)`` (one article's events,
written together, then ``done`` marked complete) and ``close()``.  Formats are named once,
in ``SINKS``; the CLI offers exactly these names.  A new sink (a database, say) is one
line in ``SINKS`` pointing at a class with that lifecycle, imported only when chosen.

File sinks (JSON Lines, CSV) keep a progress file next to the output (``OUT.done``):
after each article's events are written and flushed, a line with the article's key and
the output's size is appended.  ``--resume`` cuts the output back to the last size
recorded there (so a half-written article disappears) and skips the recorded articles:
a killed run continues without duplicates or holes.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import IO

from . import errors
from .errors import DotterelError
from .records import Article, Event

# format name -> "module:Class"; the one place a new output format is registered
SINKS = MappingProxyType({
    "jsonl": "dotterel.output:JsonlSink",
    "csv": "dotterel.output:CsvSink",
})
FORMATS = tuple(SINKS)
PROGRESS_SUFFIX = ".done"
MULTI_SEPARATOR = "|"  # between the values of several actors in one CSV cell
MISSING = "-"  # a value one of several actors lacks, so every actor keeps its slot

CSV_COLUMNS = (
    "id", "doc_id", "date", "enddate", "date_source", "event", "mode", "context", "modality", "confidence", "cameo",
    "quad_code", "actor_text", "actor_code", "actor_sector", "actor_name", "actor_office", "actor_source",
    "recipient_text", "recipient_code", "recipient_sector", "recipient_name", "recipient_office",
    "recipient_source", "event_text", "rule", "frame", "place", "extracted_place", "geonameid", "lat", "lon",
    "place_country", "province", "place_resolution", "place_source", "sequence", "start", "end", "text", "title",
    "url", "source",
)


class OutputError(DotterelError):
    """The output cannot be written or resumed."""


def sink_class(fmt: str) -> type:
    """The sink class registered for a format name."""
    if fmt not in SINKS:
        raise OutputError(f"unknown output format '{fmt}' (expected {', '.join(FORMATS)})")
    module, _, name = SINKS[fmt].partition(":")
    return getattr(importlib.import_module(module), name)


def make_sink(fmt: str, path: Path | None = None, *, stream: IO[str] | None = None, resume: bool = False):
    """A sink of format ``fmt`` writing to ``path`` (or ``stream``, default stdout); call ``open()``."""
    return sink_class(fmt)(path, stream=stream, resume=resume)


def article_key(article: Article) -> str:
    """What the progress file records for an article: where it came from (file, file:line)."""
    return article.origin or article.doc_id


class FileSink:
    """A text file (or stream) of records, one article's records written in one piece."""

    format = ""

    def __init__(self, path: Path | None, *, stream: IO[str] | None = None, resume: bool = False):
        self.path = path
        self.stream = stream
        self.resume = resume
        self._out: IO[bytes] | None = None
        self._progress: IO[str] | None = None

    # subclasses: the header text (may be empty) and the text of one event
    def header(self) -> str:
        return ""

    def render(self, event: Event) -> str:
        raise NotImplementedError

    @property
    def progress_path(self) -> Path | None:
        return None if self.path is None else self.path.with_name(self.path.name + PROGRESS_SUFFIX)

    def open(self) -> frozenset[str]:
        if self.path is None:
            self.stream = self.stream or sys.stdout
            self.stream.write(self.header())
            return frozenset()
        if self.resume and self.path.exists():
            return self._reopen()
        self._out = self.path.open("wb")
        self._out.write(self.header().encode("utf-8"))
        self._out.flush()
        self._start_progress(set())
        return frozenset()

    def write(self, events: Sequence[Event], done: Sequence[str] = ()) -> None:
        """One article's events together, then the article marked complete."""
        text = "".join(self.render(e) for e in events)
        if self._out is None:
            (self.stream or sys.stdout).write(text)
            (self.stream or sys.stdout).flush()
            return
        self._out.write(text.encode("utf-8"))
        self._out.flush()
        if self._progress is not None:
            self._progress.write(json.dumps({"done": list(done), "size": self._out.tell()}, ensure_ascii=False) + "\n")
            self._progress.flush()

    def close(self) -> None:
        for handle in (self._out, self._progress):
            if handle is not None:
                handle.close()
        self._out = self._progress = None
        if self.path is None and self.stream is not None:
            self.stream.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ progress file
    def _start_progress(self, done: set[str], size: int | None = None) -> None:
        """A fresh progress file (written whole, then renamed over the old one)."""
        path = self.progress_path
        size = self._out.tell() if size is None else size
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps({"dotterel": "progress", "format": self.format, "size": size}) + "\n")
            if done:
                handle.write(json.dumps({"done": sorted(done), "size": size}, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
        self._progress = path.open("a", encoding="utf-8")

    def _reopen(self) -> frozenset[str]:
        path = self.progress_path
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise OutputError(f"{self.path}: " + errors.E302.format(path=self.path, done=path)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise OutputError(f"{path}: " + errors.E303.format(detail=exc)) from None
        done: set[str] = set()
        size = None
        for number, line in enumerate(lines):
            try:
                record = json.loads(line)
                if number == 0:
                    if record.get("dotterel") != "progress" or record.get("format") != self.format:
                        raise ValueError("not this format's progress file")
                else:
                    done.update(str(k) for k in record["done"])
                new_size = int(record["size"])
            except (ValueError, KeyError, TypeError, AttributeError):
                if number == 0:
                    raise OutputError(f"{self.path}: " + errors.E301.format(path=self.path, done=path)) from None
                break  # a line cut short by a kill: what it recorded is not done
            size = new_size
        if size is None or size > self.path.stat().st_size:
            raise OutputError(f"{self.path}: " + errors.E301.format(path=self.path, done=path))
        self._out = self.path.open("r+b")
        self._out.truncate(size)  # an article written after the last record is written again
        self._out.seek(size)
        self._start_progress(done, size)
        return frozenset(done)


class JsonlSink(FileSink):
    """PLOVER JSON Lines: one event per line."""

    format = "jsonl"

    def render(self, event: Event) -> str:
        return json.dumps(event.to_plover(), ensure_ascii=False) + "\n"


class CsvSink(FileSink):
    """One row per event; several actors' values in one cell, one slot per actor."""

    format = "csv"

    def header(self) -> str:
        return _csv_line(CSV_COLUMNS)

    def render(self, event: Event) -> str:
        return _csv_line(csv_row(event))


def _csv_line(values: Iterable) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


def joined(entities: list[dict], key: str) -> str:
    """One value per entity, in order, joined by '|'; a missing value is '-' (no entity: '')."""
    return MULTI_SEPARATOR.join(str(e.get(key)) if e.get(key) not in (None, "") else MISSING for e in entities)


def csv_row(event: Event) -> list:
    """The CSV cells of an event, in ``CSV_COLUMNS`` order."""
    record = event.to_plover()
    loc = record["event_loc"] or {}
    evidence = record.get("evidence") or {}
    cite = record["cite_info"] or {}
    actors, recipients = record["actor"], record["recipient"]
    return [
        record["id"], record["doc_id"], record["date"], record["enddate"], evidence.get("date_source"),
        record["event"], record["mode"], MULTI_SEPARATOR.join(record["context"]), record["modality"],
        record["confidence"], record["cameo"], record["quad_code"],
        joined(actors, "entity_text"), joined(actors, "code"), joined(actors, "sector"), joined(actors, "name"),
        joined(actors, "office"), joined(actors, "source_of_code"),
        joined(recipients, "entity_text"), joined(recipients, "code"), joined(recipients, "sector"),
        joined(recipients, "name"), joined(recipients, "office"), joined(recipients, "source_of_code"),
        record["event_text"], evidence.get("rule"), evidence.get("frame"),
        loc.get("resolved_place"), loc.get("extracted_place"), loc.get("geonameid"), loc.get("lat"), loc.get("lon"),
        loc.get("country_code"), loc.get("province"), loc.get("resolution"), loc.get("source"),
        record["text_info"]["sequence"], record["text_info"]["start"], record["text_info"]["end"], record["text"],
        cite.get("title"), cite.get("url"), cite.get("source"),
    ]


# ---------------------------------------------------------------------- articles and their events


def code_by_article(code: Callable[[Iterable[Article]], Iterable[Event]], articles: Iterable[Article], *,
                    skip: Container[str] = frozenset(), chunk: int = 512) -> Iterator[tuple[list[Article], list[Event]]]:
    """(articles, their events) in input order, each pair once every event of those articles
    has come out of ``code`` (e.g. ``Coder.code_articles``); articles whose ``article_key``
    is in ``skip`` are not coded.  An article without events comes out with the next pair.

    Events name their article by ``doc_id``; so that this is exact even when two articles
    share an id, ``code`` is fed runs of at most ``chunk`` articles with distinct ids.
    """
    source = (a for a in articles if article_key(a) not in skip)
    carry: list[Article] = []
    while True:
        first = carry.pop() if carry else next(source, None)
        if first is None:
            return
        pending: deque[Article] = deque()
        yield from _group(code(_run(first, source, pending, carry, chunk)), pending)


def _run(first: Article, source: Iterator[Article], pending: deque, carry: list, chunk: int) -> Iterator[Article]:
    """Articles with distinct doc_ids from ``first`` on; the one that would repeat an id is
    left in ``carry`` for the next run."""
    ids: set[str] = set()
    article: Article | None = first
    while article is not None:
        pending.append(article)
        ids.add(article.doc_id)
        yield article
        if len(ids) >= chunk:
            return
        article = next(source, None)
        if article is not None and article.doc_id in ids:
            carry.append(article)
            return


def _group(events: Iterable[Event], pending: deque) -> Iterator[tuple[list[Article], list[Event]]]:
    current: list[Event] = []
    finished: list[Article] = []
    for event in events:
        if current and event.doc_id != current[0].doc_id:
            finished.append(pending.popleft())  # the article of ``current``
            while pending and pending[0].doc_id != event.doc_id:
                finished.append(pending.popleft())  # articles without events
            yield finished, current
            finished, current = [], []
        elif not current:
            while pending and pending[0].doc_id != event.doc_id:
                finished.append(pending.popleft())
        current.append(event)
    finished.extend(pending)
    pending.clear()
    if finished or current:
        yield finished, current
