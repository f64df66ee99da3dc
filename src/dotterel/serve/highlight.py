"""Character spans to highlight in a coded article: triggers, places, actors and recipients.

Triggers and places carry offsets in the cleaned text (``evidence.trigger_start/end``,
``event_loc.start/end``).  Entities carry only the words as written (``entity_text``), so
they are found in their sentence: the occurrence nearest the trigger wins.
"""

from __future__ import annotations

import re

KINDS = ("trigger", "actor", "recipient", "place")


def _valid(text: str, start, end) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)


def _find_entity(text: str, words: str, lo: int, hi: int, anchor: int) -> tuple[int, int] | None:
    """The occurrence of ``words`` in text[lo:hi] nearest ``anchor``, as whole words (exact case first)."""
    if not words or not words.strip():
        return None
    pattern = r"(?<!\w)" + re.escape(words.strip()) + r"(?!\w)"
    for flags in (0, re.IGNORECASE):
        hits = [(m.start(), m.end()) for m in re.finditer(pattern, text[lo:hi], flags)]
        if hits:
            start, end = min(hits, key=lambda h: abs(lo + h[0] - anchor))
            return lo + start, lo + end
    return None


def highlight_spans(text: str, events: list[dict]) -> list[dict]:
    """Spans ``{start, end, kind, events, label}`` over ``text`` for PLOVER event dicts.

    ``events`` lists the indexes of the events a span belongs to; one span may serve several.
    Offsets that do not fit the text (or a trigger whose words differ there) are left out.
    """
    found: dict[tuple[int, int, str], dict] = {}

    def add(start: int, end: int, kind: str, index: int, label: str) -> None:
        span = found.setdefault((start, end, kind), {"start": start, "end": end, "kind": kind, "events": [], "label": label})
        if index not in span["events"]:
            span["events"].append(index)

    for index, event in enumerate(events):
        info = event.get("text_info") or {}
        lo, hi = info.get("start", 0), info.get("end", len(text))
        if not _valid(text, lo, hi):
            lo, hi = 0, len(text)
        evidence = event.get("evidence") or {}
        t_start, t_end = evidence.get("trigger_start"), evidence.get("trigger_end")
        anchor = lo
        if _valid(text, t_start, t_end) and text[t_start:t_end] == evidence.get("trigger"):
            add(t_start, t_end, "trigger", index, event.get("event") or "")
            anchor = t_start
        loc = event.get("event_loc") or {}
        if _valid(text, loc.get("start"), loc.get("end")):
            add(loc["start"], loc["end"], "place", index, loc.get("resolved_place") or loc.get("extracted_place") or "")
        for kind in ("actor", "recipient"):
            for entity in event.get(kind) or []:
                where = _find_entity(text, entity.get("entity_text") or "", lo, hi, anchor)
                if where is not None:
                    label = " ".join(x for x in (entity.get("code"), entity.get("sector")) if x) or entity.get("name") or ""
                    add(where[0], where[1], kind, index, label)
    return sorted(found.values(), key=lambda s: (s["start"], -s["end"], KINDS.index(s["kind"])))
