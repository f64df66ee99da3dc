"""Precision guards: what happens to people without a political actor acting is no political event.

Disasters, accidents, disease and weather ('an earthquake struck', 'floods killed', 'a bus crash
killed', 'the virus killed') give nothing: the trigger's subject, its passive agent, or the place of a
passive without an agent ('were killed in a crash') is one of the words in ``data/hazards.tsv``.
Ordinary crime gives nothing either: a material act whose every actor is a criminal (sector CRM: 'a
gang', 'thieves', 'robbers') in a sentence that names no political actor. Police arresting suspects
is still COERCE; traffickers ambushing a police patrol still an attack; a gang leader's threat to kill
social leaders still a threat (verbal acts of criminal groups are political statements). A visit needs a
visitor or host who represents someone (a political sector, or an organisation's code): migrants, recruits,
civilians or an unresolved 'he' arriving somewhere travel.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .errors import DataFileError
from .records import Event
from .resources import NON_STATE_CODES, check_choice, read_tsv
from .vocabulary import vocab

CRIMINAL = "CRM"
# sectors whose members acting or being acted on make a crime political
POLITICAL_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "REB", "SPY", "UAF", "PRM", "OPP", "ELI"})
KINDS = ("hazard", "accident", "disease", "weather")
# a visit has on one side (the visitor or the host) someone who represents a government, party, armed
# group or organisation (an organisation's code counts too); anyone else arriving somewhere travels
VISITORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "REB", "SPY", "PRM", "OPP", "ELI"})


@dataclass(frozen=True)
class Guards:
    heads: frozenset[str]  # one-word hazards
    phrases: frozenset[tuple[str, str]]  # (modifier, head)

    def is_hazard(self, token) -> bool:
        lemma = token.lemma_.lower()
        if lemma in self.heads or token.lower_ in self.heads:
            return True
        return any((c.lemma_.lower(), lemma) in self.phrases for c in token.children if c.dep_ in ("compound", "amod"))

    def agent(self, token):
        """What acts at the trigger: its subject (through a conjoined or controlling verb), a passive's
        'by' agent, else for a passive without one, the object of 'in' ('were killed in a crash')."""
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if not subjects and token.dep_ in ("conj", "xcomp", "advcl") and token.head.i != token.i:
            subjects = [c for c in token.head.children if c.dep_ == "nsubj"]
        if subjects:
            return subjects[0]
        for child in token.children:
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        if any(c.dep_ == "nsubjpass" for c in token.children):
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in vocab().passive_time_prep:
                    return next((g for g in child.children if g.dep_ == "pobj"), None)
        return None

    def drops(self, event: Event, token, political_in_sentence: bool = False) -> str | None:
        """Why the event is no political event, or None to keep it. ``political_in_sentence``: some
        event of the sentence names a political actor ('police officers were killed when traffickers
        ambushed their patrol')."""
        agent = self.agent(token) if token is not None and token.pos_ in ("VERB", "AUX") else None
        if agent is not None and self.is_hazard(agent):
            return "hazard"
        if event.mode == "visit" and not any(a.sector in VISITORS or a.code in NON_STATE_CODES
                                             for a in event.actor + event.recipient):
            return "travel"
        if (event.quad_code == 4 and not political_in_sentence and event.actor
                and all(a.sector == CRIMINAL for a in event.actor)):
            return "crime"
        return None

    def keep(self, built: list[tuple[Event, object]]) -> list[tuple[Event, object]]:
        """The events of one sentence that are political."""
        political = any(e.sector in POLITICAL_SECTORS for event, _ in built for e in event.actor + event.recipient)
        return [(event, token) for event, token in built if not self.drops(event, token, political)]


@lru_cache(maxsize=2)
def load_guards(path=None) -> Guards:
    """The packaged data/hazards.tsv (or a file of the same format), checked line by line."""
    heads, phrases = set(), set()
    for row in read_tsv("hazards.tsv", ("term", "kind"), path=path):
        check_choice(row, "kind", KINDS)
        words = row["term"].lower().split()
        if len(words) == 1:
            heads.add(words[0])
        elif len(words) == 2:
            phrases.add((words[0], words[1]))
        else:
            raise DataFileError(row.origin, f"a hazard is one word or 'modifier head', got '{row['term']}'")
    return Guards(frozenset(heads), frozenset(phrases))
