"""Stage 8, dedup: one event per happening within an article.

News repeats itself: the same actor doing the same thing to the same recipient is
re-reported in later paragraphs.  Within one sentence, events of one category sharing an
actor are one event (the one naming more recipients is kept); within one article, events
with the same dyad, category, mode and modality are one event (the most confident report
is kept, with its own evidence).
"""

from __future__ import annotations

from .records import Event


def merge_sentence_events(events: list[Event]) -> list[Event]:
    """One sentence, one actor, one category: 'met X to discuss the border' is one CONSULT.

    Of events of the same sentence with the same category and an actor in common, the one
    naming more recipients (then the more confident) is kept.
    """
    kept: list[Event] = []
    def parties(event: Event) -> int:  # recipients that are actors or coded targets, not things named as written
        return sum(r.source_of_code != "text" for r in event.recipient)

    for event in sorted(events, key=lambda e: (-parties(e), -e.confidence, -len(e.recipient))):
        names = {a.name for a in event.actor}
        if any(k.sequence == event.sequence and k.event == event.event and names & {a.name for a in k.actor}
               for k in kept):
            continue
        kept.append(event)
    return sorted(kept, key=lambda e: (e.sequence, e.evidence.trigger_start))


def dedup_events(events: list[Event]) -> list[Event]:
    kept: dict[tuple, Event] = {}
    for event in merge_sentence_events(events):
        key = event.dyad_key()
        first = kept.get(key)
        if first is None or event.confidence > first.confidence:
            kept[key] = event  # the more confident report, with its own evidence
    return sorted(kept.values(), key=lambda e: (e.sequence, e.evidence.trigger_start))
