"""Stage 7, dedup: one event per happening within an article.

News repeats itself: the same actor doing the same thing to the same recipient is
re-reported in later paragraphs.  Within one article such events are merged into the
first, keeping the highest confidence (and its evidence).
"""

from __future__ import annotations

from .records import Event


def dedup_events(events: list[Event]) -> list[Event]:
    kept: dict[tuple, Event] = {}
    for event in events:
        key = event.dyad_key()
        first = kept.get(key)
        if first is None:
            kept[key] = event
        elif event.confidence > first.confidence:
            first.confidence = event.confidence
    return list(kept.values())
