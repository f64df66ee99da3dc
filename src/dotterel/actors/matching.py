"""Phrases to codes: user-dictionary and lexicon matches over a sentence's words, and sectors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .lexicon import ActorLexicon
from .phrases import common_lemma
from .text import inside_place_name


@dataclass
class Match:
    start: int  # token index in the sentence
    end: int
    code: str
    sector: str | None
    name: str
    kind: str


def find_matches(lex: ActorLexicon, dictionary, words: list[str], when: date | None) -> list[Match]:
    """Longest non-overlapping dictionary and lexicon matches over a sentence's words; the user
    dictionary is consulted first."""
    found: list[Match] = []
    i = 0
    while i < len(words):
        m = None
        if dictionary is not None:
            dm = dictionary.match_actor(words, i, when)
            if dm is not None and not dm.is_null:  # '[---]' phrases are explicitly not actors
                m = Match(i, i + dm.length, dm.country, dm.sector, dm.name, "dictionary")
        if m is None:
            entry = lex.match_at(words, i)
            if entry is not None and not inside_place_name(words, i, len(entry.tokens)):
                # a person's sector is theirs, not their followers' ("Trump supporters")
                sector = None if entry.kind.startswith("person") else entry.sector
                m = Match(i, i + len(entry.tokens), entry.code, sector, entry.name, entry.kind)
        if m is None:
            i += 1
            continue
        found.append(m)
        i = m.end
    return found


def source_of(match: Match) -> str:
    """The ``source_of_code`` of an entity coded from a match."""
    if match.kind == "dictionary":
        return "dictionary"
    return "lexicon"


def sector_of(lex: ActorLexicon, dictionary, tokens) -> str | None:
    """The sector the words of a phrase name ('the foreign minister' GOV); the head noun's wins."""
    if dictionary is not None:  # the user's agent dictionary first ('PRESIDENT_ [~GOV]')
        words = [t.text for t in tokens]
        for i in range(len(words)):
            agent = dictionary.match_agent(words, i)
            if agent is not None and agent.sector:
                return agent.sector
    lemmas = [common_lemma(t) for t in tokens]
    best = None
    for i in range(len(lemmas)):
        hit = lex.sector_at(lemmas, i)
        if hit:
            best = hit[1]
            if tokens[min(i + hit[0] - 1, len(tokens) - 1)].dep_ in ("ROOT", "nsubj", "dobj", "pobj", "appos", "nsubjpass"):
                return best  # the head noun's sector beats modifiers'
    return best
