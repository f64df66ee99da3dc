"""Stage 4, actors: turn noun phrases of a parsed sentence into coded ``Entity`` records.

Codes come, in order of trust, from: a user dictionary (PETRARCH/CSV), the packaged
lexicons (countries, organisations, seats of power), the article's own description of a
person ("Liu Qibao, head of ... of the Communist Party of China"), in-article
coreference (surnames, pronouns, role nouns), and last the article's dominant country
(``source_of_code = "context"``, a flagged fallback, never presented as fact).

``ActorResolver`` decides which of those a noun phrase gets; the matching, the people,
the places and the article scan it relies on live in the modules beside it.
"""

from __future__ import annotations

from ..records import Entity
from ..resources import NON_STATE_CODES
from ..vocabulary import vocab
from . import locate, persons
from .context import ArticleContext
from .lexicon import ActorLexicon, LexEntry
from .matching import Match, find_matches, sector_of, source_of
from .phrases import coordinated_owners, description_tokens, in_clause, np_tokens, of_objects, person_span, span_text
from .scan import count_countries, scan_titled_names


def is_pronoun(head, lex: ActorLexicon) -> bool:
    """A pronoun, resolved from the article so far without reading entity labels: "US" is the
    United States, not "us" ("WE WILL NOT SURRENDER" stays a pronoun)."""
    acronym = head.text.isupper() and len(head.text) > 1 and lex.match_at([head.text], 0) is not None
    return (head.pos_ == "PRON" or head.lower_ in vocab().person_pronoun | vocab().group_pronoun) and not acronym


def speaker_subject(sent, report_verbs: frozenset[str]):
    """The subject of the first reporting verb whose subject is not 'we' or 'I': the speaker."""
    for token in sent:
        if token.lemma_.lower() in report_verbs and token.pos_ == "VERB":
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            if subjects and subjects[0].lower_ not in vocab().first_person_pronoun:
                return subjects[0]
    return None


class ActorResolver:
    """Resolve noun phrases of one parsed sentence; holds the article context across sentences."""

    def __init__(self, lexicon: ActorLexicon, context: ArticleContext, dictionary=None, places=None):
        self.lex = lexicon
        self.ctx = context
        self.dictionary = dictionary
        self._places = places  # the run's PlaceResolver (one cache, one set of aliases)

    @property
    def places(self):
        if self._places is None:
            from ..place import PlaceResolver  # the gazetteer loads only when a place is needed

            self._places = PlaceResolver()
        return self._places

    # ---- lexicon matching over a token range
    def matches(self, tokens) -> list[Match]:
        """Longest non-overlapping dictionary and lexicon matches over a list of spaCy tokens."""
        return find_matches(self.lex, self.dictionary, [t.text for t in tokens], self.ctx.pub_date)

    def sector_of(self, tokens) -> str | None:
        return sector_of(self.lex, self.dictionary, tokens)

    # ---- noun phrase geometry
    def np_tokens(self, head, with_of: bool = True) -> list:
        """The head with its pre-modifiers and (for organisations) its 'of' phrases; no clauses."""
        return np_tokens(head, self.lex, with_of)

    @staticmethod
    def person_span(head):
        return person_span(head)

    def description_tokens(self, head, exclude) -> list:
        """Appositives and 'who is ...' clauses describing the head, plus pre-modifiers."""
        return description_tokens(head, exclude, self.lex)

    # ---- resolution
    def resolve(self, head, speaker: list[Entity] | None = None) -> list[Entity]:
        """Entities for the noun phrase headed by ``head`` (conjuncts are resolved by the caller)."""
        if is_pronoun(head, self.lex):
            return persons.pronoun_entities(self, head, speaker)
        person = person_span(head)
        town = locate.town_taken_for_person(self, head, person) if person is not None else None
        if town is not None:  # "withdrew from Kherson" (NER said PERSON)
            return [self.ctx.entity(person.text, person.text, town, None, None, "gazetteer")]
        if person is not None:
            return [persons.person_entity(self, head, person)]
        known = persons.known_name(self, head)
        if known is not None:
            return [known]
        named = persons.appositive_person(self, head)
        if named is not None:
            return [named]
        if head.lemma_.lower() in vocab().quantity_head:
            inner = of_objects(head)
            if inner:
                return self.resolve(inner[0], speaker)
        return self._resolve_phrase(head)

    def _resolve_phrase(self, head) -> list[Entity]:
        """A noun phrase that is no pronoun or person met before: by the codes and sector its words name."""
        np = self.np_tokens(head)
        matches = self.matches(np)
        head_match = next((m for m in matches if np[m.start].i <= head.i < np[m.end - 1].i + 1), None)
        text = span_text(np)
        if head_match is not None and head_match.kind.startswith("person") and head.pos_ == "PROPN":
            # a well-known person the tagger did not label PERSON ("Erdogan said"); the whole proper
            # name decides who ("Ivanka Trump" is not Donald Trump)
            start = np[head_match.start].i
            while start > 0 and head.doc[start - 1].pos_ == "PROPN" and head.doc[start - 1].dep_ in ("compound", "flat"):
                start -= 1
            return [persons.person_entity(self, head, head.doc[start:head.i + 1])]
        if head_match is not None and head_match.kind.startswith(("org", "dictionary", "seat")):
            return [self.ctx.entity(text, head_match.name, head_match.code, head_match.sector, None, source_of(head_match))]
        sector = self.sector_of(np)
        codes = [m for m in matches if m.kind not in ("capital_ambiguous",)]
        if head_match is not None and sector is None:
            # a country (or its capital) standing for its government or people
            name = self.lex.country_names.get(head_match.code, head_match.name)
            return [self.ctx.entity(text, name, head_match.code, head_match.sector, None, source_of(head_match))]
        role_person = persons.role_noun_person(self, head, np) if sector else None
        if role_person is not None:
            return [role_person]
        if sector or head.ent_type_ in ("ORG", "NORP") or head.lemma_.lower() in vocab().role_head or (codes and (head.lower_ in vocab().place_noun or head.lower_ in vocab().polity_noun)):
            return self._group(head, text, codes, sector)
        if codes and head.pos_ == "NOUN":
            # "Russian artillery", "Turkish warplanes": a country's (unnamed) means
            return [self.ctx.entity(text, text, codes[0].code, codes[0].sector, None, source_of(codes[0]))]
        if head.ent_type_ == "GPE":
            return self._gazetteer_entity(text)
        return []

    def _group(self, head, text, codes: list[Match], sector) -> list[Entity]:
        """A group, organisation or office: coded by its words, its place, or the article's country."""
        if codes:
            return self._coded_group(head, text, codes, sector)
        if head.ent_type_ == "NORP" or sector:
            local = locate.local_place_country(self, head)
            if local and sector:
                return [self.ctx.entity(text, text, local, sector, None, "gazetteer")]
            if sector and any(t.pos_ == "PROPN" and self.sector_of([t]) for t in self.np_tokens(head)):
                fallback = self._institution_country(head)  # 'Congress', 'Parliament': named as if known
            else:
                fallback = self.ctx.dominant_country() or locate.sentence_country(self, head)
            if sector:
                return [self.ctx.entity(text, text, fallback, sector, None, "context" if fallback else "unknown")]
        if head.lemma_.lower() in vocab().role_head:
            # "civil rights leaders", "the delegation": a group of the article's country, sector unknown
            fallback = self.ctx.dominant_country() or locate.sentence_country(self, head)
            if fallback:
                return [self.ctx.entity(text, text, fallback, None, None, "context")]
        return []

    def _institution_country(self, head) -> str | None:
        """Whose 'Congress' or 'Parliament' is, when the phrase names no country: the one country of
        the state bodies named beside it in the sentence ('members of Congress urged the Pentagon'),
        else the country the article clearly dwells on, else unknown. Not merely the most named
        country: in a story about Turkey, 'Congress' is seldom Turkey's."""
        sentence = list(head.sent)
        bodies = {m.code for m in self.matches(sentence) if m.sector and m.code and m.code not in NON_STATE_CODES
                  and not any(sentence[m.start].i <= t.i < sentence[m.end - 1].i + 1 for t in self.np_tokens(head))}
        if len(bodies) == 1:
            return bodies.pop()
        if bodies:
            return None
        if not self.ctx.country_counts:
            return locate.sentence_country(self, head)
        return self.ctx.clear_dominant_country()

    def resolve_target(self, head, speaker=None) -> list[Entity]:
        """A recipient: an actor, or else a target whose country the phrase names
        ('an oil refinery in Russia's Krasnodar region', 'a Greek-flagged tanker')."""
        found = self.resolve(head, speaker)
        if found or head.pos_ not in ("NOUN", "PROPN"):
            return found
        subtree = [t for t in head.subtree if not in_clause(t, head)]
        matches = [m for m in self.matches(subtree) if m.kind not in ("capital_ambiguous", "prefix")]
        text = span_text(self.np_tokens(head))
        if matches:
            return [self.ctx.entity(text, text, matches[0].code, matches[0].sector, None, source_of(matches[0]))]
        local = locate.local_place_country(self, head)
        return [self.ctx.entity(text, text, local, None, None, "gazetteer")] if local else []

    def _coded_group(self, head, text, codes: list[Match], sector) -> list[Entity]:
        """A group with a country: 'Russian troops', 'officials from Iran and the United States'."""
        org_sector = next((m.sector for m in codes if m.sector), None)
        distinct = list(dict.fromkeys(m.code for m in codes if m.kind not in ("prefix",)))
        if len(distinct) > 1 and coordinated_owners(head):
            return [self.ctx.entity(text, f"{text} [{code}]", code, org_sector or sector, None, "lexicon") for code in distinct]
        first = codes[0]
        return [self.ctx.entity(text, text, first.code, org_sector or sector, None, source_of(first))]

    def _gazetteer_entity(self, text) -> list[Entity]:
        code = locate.toponym_country(self.places, text)
        return [self.ctx.entity(text, text, code, None, None, "gazetteer")] if code else []

    # ---- what the event stage asks beyond a phrase's entities
    def home_country(self, actors: list[Entity], state_only: bool) -> Entity | None:
        """The one state the actors belong to, as the implied target of a domestic event."""
        return locate.home_country(self.lex, actors, state_only)

    def place_target(self, trigger, hints: tuple[str, ...] = ()) -> Entity | None:
        """The target of an attack or a raid named only by where it happened ('warplanes struck a
        block in the Jabalia camp in Gaza', 'abducted schoolgirls from a school in Zamfara')."""
        found = locate.located(self, trigger, vocab().locative_prep, hints)
        if found is None:
            return None
        name, code = found
        return self.ctx.entity(name, name, code, None, None, "gazetteer")

    def famous_person(self, words: list[str]) -> LexEntry | None:
        """The people.tsv entry a person's name refers to (see ``ActorLexicon.famous_person``)."""
        return self.lex.famous_person(words)

    def note_subjects(self, entities: list[Entity]) -> None:
        """The last person acting in subject position is what 'he' / 'she' most likely refers to."""
        self.ctx.note_subjects(entities)

    # ---- cheap pass over unparsed text
    def speaker(self, sent, report_verbs: frozenset[str]) -> list[Entity]:
        """Who is speaking in a sentence of reported speech: 'we' inside the quote is them."""
        subject = speaker_subject(sent, report_verbs)
        return self.resolve(subject) if subject is not None else []

    def scan_titled_names(self, words: list[str]) -> None:
        """Register people the article introduces with a nationality and a title ('US President
        Donald Trump'), parsed or not; see ``scan.scan_titled_names``."""
        scan_titled_names(self.lex, self.ctx, words)

    def count_countries(self, words: list[str]) -> None:
        """Country mentions in the whole article (no parse needed): the fallback context."""
        count_countries(self.lex, self.ctx, words)
