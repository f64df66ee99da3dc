"""Which sentences get parsed, and which parsed sentences get the entity recogniser.

Both choices only skip work that cannot change the output:

- ``choose_sentences``: the first pass (``Coder.wants_parse``: a word form of some trigger
  together with a form of every word its row needs, ``nlp.TriggerFilter``; or a reporting verb,
  whose speaker the article context remembers).  A learned second opinion can be plugged in
  here.
- ``entity_windows``: NER (the costliest component, with its own token vectors) runs on the
  whole of a parsed sentence where a trigger rule can match under *some* entity labelling, and
  only around the speaker where a reporting verb names one whose resolution reads entity labels
  (what it finds is remembered by the article's resolver; a pronoun speaker is resolved from the
  article so far, without labels), elsewhere not at all.  Trigger rules read entity labels only
  positively (an actor-like or person object is PERSON, ORG, GPE or NORP; a place is GPE, LOC
  or FAC; a date or time only ever blocks a particle), so a sentence matching nothing with no
  labels, with every token PERSON and with every token GPE matches nothing whatever NER would
  say, and yields no event.  The speaker's phrase is recognised as a window of its own
  (``nlp.Pipeline.add_entities``: the phrase plus the recogniser's reach each side), which gives
  the labels of the whole sentence there (the recogniser reads a few tokens each side) at a
  fraction of the tokens.  Resolving a speaker reads labels outside its phrase only to find a
  country in the sentence when the article names none (``locate.sentence_country``), so an
  article without a country gets whole sentences (``Coder``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def choose_sentences(sentences: Iterable, keep: Callable[[str], bool]) -> list:
    """The sentences worth parsing (``keep`` tests one sentence's text)."""
    return [s for s in sentences if keep(s.text)]


def entity_windows(doc, lex, labelled_speaker: Callable[[object], object | None]) -> list[tuple[int, int]] | None:
    """Where the entity labels of this parsed, unlabelled sentence can change the coder's output:
    ``[]`` nowhere, ``None`` anywhere (the whole sentence), else token ranges.

    A sentence where a trigger rule can match (with or without labels) may give an event, whose
    place is looked for in the whole sentence: all of it.  A sentence with no such trigger but a
    speaker whose resolution reads labels (``labelled_speaker`` gives that subject, else
    ``None``): the speaker's phrase, the subject's subtree.
    """
    from spacy.tokens import Span

    from .events.triggers import match_trigger, may_trigger

    tokens = [t for t in doc if may_trigger(t, lex)]  # the others match no row under any labelling
    if any(match_trigger(t, lex) is not None for t in tokens):
        return None
    for label in ("PERSON", "GPE") if tokens else ():  # optimistic labellings: every token an actor, a place
        doc.set_ents([Span(doc, 0, len(doc), label)])
        try:
            if any(match_trigger(t, lex) is not None for t in tokens):
                return None
        finally:
            doc.set_ents([], default="missing")  # back to unlabelled, as NER expects
    subject = labelled_speaker(doc)
    if subject is None:
        return []
    return [(subject.left_edge.i, subject.right_edge.i + 1)]
