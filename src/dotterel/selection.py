"""Which sentences get parsed, and which parsed sentences get the entity recogniser.

Both choices only skip work that cannot change the output:

- ``choose_sentences``: the first pass (``Coder.wants_parse``: a word form of some trigger
  together with a form of every word its row needs, ``nlp.TriggerFilter``; or a reporting verb,
  whose speaker the article context remembers).  A learned second opinion can be plugged in
  here.
- ``needs_entities``: NER (the costliest component, with its own token vectors) runs only on
  a parsed sentence where a trigger rule can match under *some* entity labelling, or where a
  reporting verb names a speaker whose resolution reads entity labels (what it finds is
  remembered by the article's resolver; a pronoun speaker is resolved from the article so far,
  without labels).  Trigger rules read entity labels only positively (an actor-like or person
  object is PERSON, ORG, GPE or NORP; a place is GPE, LOC or FAC; a date or time only ever
  blocks a particle), so a sentence matching nothing with no labels, with every token
  PERSON and with every token GPE matches nothing whatever NER would say, and yields no
  event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def choose_sentences(sentences: Iterable, keep: Callable[[str], bool]) -> list:
    """The sentences worth parsing (``keep`` tests one sentence's text)."""
    return [s for s in sentences if keep(s.text)]


def needs_entities(doc, lex, speaker_reads_labels: Callable[[object], bool]) -> bool:
    """Can the entity labels of this parsed, unlabelled sentence change the coder's output?"""
    from spacy.tokens import Span

    from .events.triggers import match_trigger, may_trigger

    if speaker_reads_labels(doc):
        return True
    tokens = [t for t in doc if may_trigger(t, lex)]  # the others match no row under any labelling
    if any(match_trigger(t, lex) is not None for t in tokens):
        return True
    if not tokens:
        return False
    for label in ("PERSON", "GPE"):  # optimistic labellings: every token an actor, every token a place
        doc.set_ents([Span(doc, 0, len(doc), label)])
        try:
            if any(match_trigger(t, lex) is not None for t in tokens):
                return True
        finally:
            doc.set_ents([], default="missing")  # back to unlabelled, as NER expects
    return False
