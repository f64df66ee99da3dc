"""Stage 7, assembly: an event of a sentence is completed in one place.

The events stage builds an ``Event`` with its category, roles, evidence and sentence; here
it gets, all at once, when it happened (the sentence's date, else the story's last recent
date), its modality if that date is history, where it happened and what that makes of a
meeting's mode, its citation and its stable id.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

from .events import EventLexicon, consult_mode_from_place
from .records import Event, Place
from .when import is_historical, resolve_date


def narrative_dates(sentences, pub: date | None) -> dict:
    """For each sentence, the last explicit recent date stated before it in the article.

    A story's sentences without a date of their own usually continue the last one given
    ("visited the city from Sept. 23-27 ... While his meeting with ..."). Only dates in the
    month before publication carry over; older ones are background.
    """
    anchors: dict[int, object] = {}
    current = None
    for span in sentences:
        anchors[span.sequence] = current
        when = resolve_date(span.text, pub)
        if when.source == "sentence" and when.date and pub and 0 <= (pub - when.date).days <= 31:
            current = when
    return anchors


def event_date(event: Event, sentence: str, pub: date | None):
    """The date the sentence gives the event (resolved against the publication date)."""
    return resolve_date(sentence, pub, future=event.modality == "future", anchor=event.evidence.trigger_start - event.start)


def complete_event(event: Event, *, when, pub: date | None, sentence: str, narrative, place: Place | None,
                   cite: dict, lex: EventLexicon) -> Event:
    """The finished event: date (``when``, else the story's ``narrative`` date when ``when`` is
    only the publication date), historical modality, place, the mode a place gives a meeting,
    citation and id."""
    modality = event.modality
    if modality == "asserted" and is_historical(when.date, pub, sentence):
        modality = "historical"
    dated, enddate, source = when.date, when.enddate, when.source
    if source == "publication" and narrative is not None:
        dated, enddate, source = narrative.date, narrative.enddate, "narrative"
    done = replace(event, date=dated, enddate=enddate, date_source=source, modality=modality, event_loc=place,
                   cite_info=cite)
    consult_mode_from_place(done, lex)
    done.id = event_id(done)
    return done


def event_id(event: Event) -> str:
    """Stable id: a hash of document, sentence, trigger offset and category."""
    key = f"{event.doc_id}|{event.sequence}|{event.evidence.trigger_start}|{event.event}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]
