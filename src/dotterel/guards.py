"""Precision guards: what happens to people without a political actor acting is no political event.

Disasters, accidents, disease and weather ('an earthquake struck', 'floods killed', 'a bus crash
killed', 'the virus killed') give nothing: the trigger's subject, its passive agent, or the place of a
passive without an agent ('were killed in a crash') is one of the words in ``data/hazards.tsv``.
Ordinary crime gives nothing either: a material act whose every actor is a criminal (sector CRM: 'a
gang', 'thieves', 'robbers') in a sentence that names no political actor. Police arresting suspects
is still COERCE; traffickers ambushing a police patrol still an attack; a gang leader's threat to kill
social leaders still a threat (verbal acts of criminal groups are political statements). A visit needs a
visitor or host who represents someone (a political sector, or an organisation's code): migrants, recruits,
civilians or an unresolved 'he' arriving somewhere travel. Which sectors are political, private or
represent someone on a visit is told by their roles in ``data/sector_codes.tsv``.

A named storm is a hazard by its first word ('Cyclone Fani hit the coast'). A killing in a clause
joined to an accident verb of ``hazards.tsv`` (kind mishap: 'the bus plunged into a gorge, killing 25',
'were killed when the dam burst') is an accident. An act whose object is a hazard ('raised the
volcano's alert level', 'declared the outbreak an emergency', 'battled the blaze') is about the hazard,
unless the verb only carries a nominal act ('opened fire').

Private lives are no political event either: an act whose every participant is a private person or
body (a civilian, a company, a journalist, a doctor: a private sector of ``data/sector_codes.tsv``, or a generic noun the
article's context alone gave a country) and none is named ('a man stabbed his neighbour', 'the airline
struck a deal'); a pronoun may stand for anyone and counts as public. Protests stay (anyone
protesting is political), as do acts with no actor at all ('61 people were killed'), and every act of a
sentence where some act has a public participant or that names anything at all (a proper noun: 'a man
attacked worshippers in Nice'): the rule is for sentences about nobody in particular.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .errors import DataFileError
from .records import CodedEvent
from .resources import NON_STATE_CODES, check_choice, read_tsv
from .sectors import sector_codes
from .vocabulary import vocab

KINDS = ("hazard", "accident", "disease", "weather", "mishap", "fire")
FIRE = "fire"  # a hazard as what acts ('a fire destroyed'), gunfire as an object ('opened fire', 'exchanged fire')
MISHAP = "mishap"
# participants that make an act political: named states, organisations, places and people, resolved references
NAMED_SOURCES = frozenset({"lexicon", "dictionary", "gazetteer", "coreference"})
ALWAYS_POLITICAL = frozenset({"PROTEST"})  # whoever protests acts politically


@dataclass(frozen=True)
class Guards:
    heads: frozenset[str]  # one-word hazards
    phrases: frozenset[tuple[str, str]]  # (modifier, head)
    mishaps: frozenset[str] = frozenset()  # verbs of accidents ('crash', 'capsize')
    subject_only: frozenset[str] = frozenset()  # hazards only as what acts: 'fire' as an object is gunfire

    def is_hazard(self, token) -> bool:
        lemma = token.lemma_.lower()
        if lemma in self.heads or token.lower_ in self.heads:
            return True
        if token.pos_ == "PROPN" and any(c.dep_ == "compound" and c.lemma_.lower() in self.heads for c in token.children):
            return True  # 'Cyclone Fani', 'Storm Ciara'
        return any((c.lemma_.lower(), lemma) in self.phrases for c in token.children if c.dep_ in ("compound", "amod"))

    def _is_mishap(self, verb) -> bool:
        """An accident happening at ``verb``: an accident verb, or a verb whose subject is a hazard."""
        if verb.pos_ not in ("VERB", "AUX"):
            return False
        if verb.lemma_.lower() in self.mishaps:
            return True
        return any(c.dep_ in ("nsubj", "nsubjpass") and self.is_hazard(c) for c in verb.children)

    def in_accident(self, token) -> bool:
        """'the bus plunged into a gorge, killing 25', 'were killed when the dam burst', 'a storm hit,
        killing': the trigger's clause is joined to (or governs) a clause where an accident happens."""
        if token.dep_ in ("advcl", "conj", "xcomp") and token.head.i != token.i and self._is_mishap(token.head):
            return True
        if any(c.dep_ == "nsubj" for c in token.children):
            return False  # someone acts; 'after the cyclone devastated the coast' only says when
        return any(c.dep_ == "advcl" and self._is_mishap(c) for c in token.children)

    def hazard_object(self, token) -> bool:
        """'raised the volcano's alert level', 'declared the outbreak an emergency': the act is about a
        hazard. Not for a verb that carries a nominal act ('opened fire')."""
        if token.lemma_.lower() in vocab().light_verb:
            return False
        for child in token.children:
            if child.dep_ in ("dobj", "nsubjpass") and child.lemma_.lower() not in self.subject_only:
                if self.is_hazard(child) or any(g.dep_ == "poss" and self.is_hazard(g) for g in child.children):
                    return True
        return False

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

    def drops(self, event: CodedEvent, token, political_in_sentence: bool = False, public_in_sentence: bool = True) -> str | None:
        """Why the event is no political event, or None to keep it. ``political_in_sentence``: some
        event of the sentence names a political actor ('police officers were killed when traffickers
        ambushed their patrol'); ``public_in_sentence``: some event of the sentence has a public
        participant (``is_public``: 'a man attacked worshippers before being shot by police')."""
        agent = self.agent(token) if token is not None and token.pos_ in ("VERB", "AUX") else None
        if agent is not None and self.is_hazard(agent):
            return "hazard"
        if token is not None and token.pos_ in ("VERB", "AUX") and (self.in_accident(token) or self.hazard_object(token)):
            return "hazard"
        if not public_in_sentence and event.actor and event.event not in ALWAYS_POLITICAL:
            return "private"
        sectors = sector_codes()
        if event.mode == "visit" and not any(a.sector in sectors.visitor or a.code in NON_STATE_CODES
                                             for a in event.actor + event.recipient):
            return "travel"
        if (event.quad_code == 4 and not political_in_sentence and event.actor
                and all(a.sector in sectors.criminal for a in event.actor)):
            return "crime"
        return None

    def keep(self, built: list[tuple[CodedEvent, object]]) -> list[tuple[CodedEvent, object]]:
        """The events of one sentence that are political."""
        political = any(e.sector in sector_codes().political for event, _ in built for e in event.actor + event.recipient)
        public = any(token is None or is_public(e, token.doc)
                     for event, token in built for e in event.actor + event.recipient)
        # a name anywhere in the sentence may be what makes it political ('Herders attacked farming
        # communities in Benue state', 'a man attacked worshippers in Nice before being shot by police')
        public = public or any(t.pos_ == "PROPN" for _, token in built if token is not None for t in token.doc)
        return [(event, token) for event, token in built if not self.drops(event, token, political, public)]


def _span(entity, doc):
    """The entity's words in the sentence, or None."""
    start = doc.text.find(entity.entity_text) if entity.entity_text else -1
    return doc.char_span(start, start + len(entity.entity_text), alignment_mode="expand") if start >= 0 else None


def is_public(entity, doc) -> bool:
    """A participant that makes an act political: a political sector, or a named state, organisation,
    place or person, or a reference resolved to one, or a group named by what it is organised as
    ('the coalition', 'the alliance'), or a pronoun (its referent may be); not 'a man', 'the airline', 'youths'."""
    if entity.code is not None and entity.source_of_code in NAMED_SOURCES:
        return True  # 'an American journalist', 'Siemens', 'he' for a minister named before
    if entity.sector is not None and entity.sector not in sector_codes().private:
        return True
    span = _span(entity, doc)
    if span is None:
        return False
    if any(t.pos_ == "PROPN" for t in span) or (len(span) == 1 and span[0].pos_ == "PRON"):
        return True  # 'the Bank of Nova Scotia', 'Riedijk'; 'he', 'we': someone named elsewhere, maybe political
    groups = vocab().org_head | vocab().role_head
    return entity.sector is None and any(t.lemma_.lower() in groups for t in span)


@lru_cache(maxsize=2)
def load_guards(path=None) -> Guards:
    """The packaged data/hazards.tsv (or a file of the same format), checked line by line."""
    heads, phrases, mishaps, subject_only = set(), set(), set(), set()
    for row in read_tsv("hazards.tsv", ("term", "kind"), path=path):
        check_choice(row, "kind", KINDS)
        words = row["term"].lower().split()
        if row["kind"] == MISHAP:
            if len(words) != 1:
                raise DataFileError(row.origin, f"a mishap is one verb lemma, got '{row['term']}'")
            mishaps.add(words[0])
        elif len(words) == 1:
            heads.add(words[0])
            if row["kind"] == FIRE:
                subject_only.add(words[0])
        elif len(words) == 2:
            phrases.add((words[0], words[1]))
        else:
            raise DataFileError(row.origin, f"a hazard is one word or 'modifier head', got '{row['term']}'")
    return Guards(frozenset(heads), frozenset(phrases), frozenset(mishaps), frozenset(subject_only))
