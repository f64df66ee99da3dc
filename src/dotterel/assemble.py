"""Stage 7, assembly: the one place an ``Event`` is made.

The events stage knows what happened in a sentence (a ``CodedEvent``: category, roles, evidence
within the sentence, mode, modality, confidence); ``build_event`` makes the finished record of it
all at once: the article and sentence it belongs to (offsets into the article), when it happened
(the sentence's date, else the story's last recent date), its modality if that date is history,
where it happened and what that makes of a meeting's mode, its citation and its stable id.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

from .events import EventLexicon, consult_mode_from_place
from .records import CodedEvent, Event, Place, SentenceSpan
from .when import is_historical, resolve_date


def narrative_dates(sentences, pub: date | None, dropped: list[str] | None = None) -> dict:
    """For each sentence, the last explicit recent date stated before it in the article.

    A story's sentences without a date of their own usually continue the last one given
    ("visited the city from Sept. 23-27 ... While his meeting with ..."). Only dates in the
    month before publication carry over; older ones are background. Date expressions that fall
    outside the calendar are appended to ``dropped`` for the caller to report.
    """
    anchors: dict[int, object] = {}
    current = None
    for span in sentences:
        anchors[span.sequence] = current
        when = resolve_date(span.text, pub, dropped=dropped)
        if when.source == "sentence" and when.date and pub and 0 <= (pub - when.date).days <= 31:
            current = when
    return anchors


def event_date(coded: CodedEvent, sentence: str, pub: date | None, dropped: list[str] | None = None):
    """The date the sentence gives the event (resolved against the publication date), the
    expression nearest the trigger winning. An act to come reads 'Friday' as the next one, which
    may fall outside the calendar where the past one did not: its text goes to ``dropped``."""
    return resolve_date(sentence, pub, future=coded.modality == "future", anchor=coded.evidence.trigger_start,
                        dropped=dropped)


def build_event(coded: CodedEvent, *, doc_id: str, sentence: SentenceSpan, pub: date | None, narrative,
                place: Place | None, cite: dict, lex: EventLexicon, dropped: list[str] | None = None) -> Event:
    """The finished event of ``coded``, found in ``sentence`` of article ``doc_id`` (published
    ``pub``): its offsets made article-relative; its date (the sentence's, else the story's
    ``narrative`` date when the sentence gives only the publication date); historical modality;
    ``place`` and the mode a place gives a meeting; citation ``cite``; and its id. Date expressions
    left out as outside the calendar are appended to ``dropped`` for the caller to report."""
    when = event_date(coded, sentence.text, pub, dropped)
    modality = coded.modality
    if modality == "asserted" and is_historical(when.date, pub, sentence.text):
        modality = "historical"
    dated, enddate, source = when.date, when.enddate, when.source
    if source == "publication" and narrative is not None:
        dated, enddate, source = narrative.date, narrative.enddate, "narrative"
    mode, cameo = consult_mode_from_place(coded, place, sentence.text, lex)
    evidence = replace(coded.evidence, trigger_start=sentence.start + coded.evidence.trigger_start,
                       trigger_end=sentence.start + coded.evidence.trigger_end)
    return Event(
        doc_id=doc_id, event=coded.event, actor=coded.actor, recipient=coded.recipient, text=sentence.text,
        sequence=sentence.sequence, start=sentence.start, end=sentence.start + len(sentence.text), evidence=evidence,
        mode=mode, context=coded.context, cameo=cameo, quad_code=coded.quad_code, modality=modality,
        confidence=coded.confidence, date=dated, enddate=enddate, date_source=source, event_loc=place, cite_info=cite,
        id=event_id(doc_id, sentence.sequence, evidence.trigger_start, coded.event),
    )


def event_id(doc_id: str, sequence: int, trigger_start: int, category: str) -> str:
    """Stable id: a hash of document, sentence, trigger offset (in the article) and category."""
    key = f"{doc_id}|{sequence}|{trigger_start}|{category}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]
