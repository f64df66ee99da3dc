"""Stage 4, actors: turn noun phrases of a parsed sentence into coded ``Entity`` records.

Codes come, in order of trust, from: a user dictionary (PETRARCH/CSV), the packaged
lexicons (countries, organisations, seats of power), the article's own description of a
person ("Liu Qibao, head of ... of the Communist Party of China"), in-article
coreference (surnames, pronouns, role nouns), and last the article's dominant country
(``source_of_code = "context"``, a flagged fallback, never presented as fact).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from .records import Entity
from .resources import NON_STATE_CODES, SECTORS, DataFileError, check_choice, check_code, read_tsv
from .vocabulary import vocab

_WORDS = re.compile(r"[A-Z]\.(?:[A-Z]\.)+|'s\b|[A-Za-z]+|[^\sA-Za-z]")


def article_words(text: str) -> list[str]:
    """The words of an article as the country counts and the name scan read them ('U.S.' is one)."""
    return _WORDS.findall(text)


def country_aliases(lexicon: ActorLexicon) -> dict[str, str]:
    """Country names as the actor lexicon reads them ('Congo' is DR Congo there too)."""
    return {" ".join(e.tokens): e.code for entries in lexicon.phrases.values() for e in entries if e.kind == "name"}


def seat_aliases(lexicon: ActorLexicon) -> dict[str, str]:
    """Seats of power as places: 'at the White House' happens in the capital."""
    capitals = {}
    for entries in lexicon.phrases.values():
        for entry in entries:
            if entry.kind == "capital":
                capitals.setdefault(entry.code, entry.name)
    return {" ".join(e.tokens): capitals[e.code] for entries in lexicon.phrases.values() for e in entries
            if e.kind == "seat" and e.code in capitals}

COUNTRY_KINDS = ("name", "adjective", "demonym", "demonym_plural", "prefix", "capital", "capital_ambiguous", "seat")
ORG_KINDS = ("igo", "ngo", "mnc", "armed", "party", "body", "media")
PERSON_KINDS = ("full", "surname", "alias")
SECTOR_KINDS = ("title", "group", "org", "noun")


@dataclass(frozen=True)
class LexEntry:
    tokens: tuple[str, ...]
    code: str
    sector: str | None
    name: str
    kind: str
    case_sensitive: bool


@dataclass(frozen=True)
class ActorLexicon:
    """Country, organisation and sector lexicons compiled for token-by-token matching."""

    phrases: dict[str, tuple[LexEntry, ...]]  # first token (lowercase) -> entries, longest first
    sectors: dict[tuple[str, ...], str]  # lowercase term tokens -> sector
    country_names: dict[str, str]  # code -> canonical country name

    def match_at(self, words: list[str], i: int) -> LexEntry | None:
        for entry in self.phrases.get(words[i].lower(), ()):
            n = len(entry.tokens)
            cand = words[i:i + n]
            if len(cand) < n:
                continue
            if entry.case_sensitive:
                if tuple(cand) == entry.tokens:
                    return entry
            elif tuple(w.lower() for w in cand) == tuple(t.lower() for t in entry.tokens):
                return entry
        return None

    def adjective_code(self, word: str) -> str | None:
        """The country of a nationality adjective ('Russian' -> RUS), else None."""
        entry = self.match_at([word], 0)
        return entry.code if entry is not None and entry.kind == "adjective" else None

    def sector_at(self, lemmas: list[str], i: int) -> tuple[int, str] | None:
        """Longest sector term starting at lemma i: (length, sector)."""
        for n in (3, 2, 1):
            key = tuple(lemmas[i:i + n])
            if len(key) == n and key in self.sectors:
                return n, self.sectors[key]
        return None


def _tokens(surface: str) -> tuple[str, ...]:
    words = surface.replace("-", " - ").replace("'s", " 's").replace("(", " ( ").replace(")", " ) ").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return tuple(words)


def _case_sensitive(kind: str) -> bool:
    """Names match as written ("china" the porcelain is not China, "WHO" not "who"); only the
    combining prefixes ("Sino-", "sino-") match in any case."""
    return kind != "prefix"


@lru_cache(maxsize=1)
def load_actor_lexicon() -> ActorLexicon:
    entries: list[LexEntry] = []
    names: dict[str, str] = {}
    for row in read_tsv("countries.tsv", ("surface", "code", "kind", "sector")):
        code = check_code(row, "code")
        kind = check_choice(row, "kind", COUNTRY_KINDS)
        sector = check_code(row, "sector", SECTORS, optional=True)
        if kind == "name" and code not in names:
            names[code] = row["surface"]
        entries.append(LexEntry(_tokens(row["surface"]), code, sector, row["surface"], kind, _case_sensitive(kind)))
    for row in read_tsv("organizations.tsv", ("surface", "code", "sector", "name", "kind")):
        code = check_code(row, "code")
        sector = check_code(row, "sector", SECTORS, optional=True)
        kind = check_choice(row, "kind", ORG_KINDS)
        entries.append(LexEntry(_tokens(row["surface"]), code, sector, row["name"] or row["surface"], "org:" + kind, True))
    entries.extend(read_people())
    sectors: dict[tuple[str, ...], str] = {}
    for row in read_tsv("sectors.tsv", ("term", "sector", "kind")):
        sector = check_code(row, "sector", SECTORS)
        check_choice(row, "kind", SECTOR_KINDS, optional=True)
        sectors[tuple(row["term"].lower().split())] = sector
    phrases: dict[str, list[LexEntry]] = {}
    for entry in entries:
        if not entry.tokens:
            raise DataFileError("dotterel/data", f"empty surface for {entry.code}")
        phrases.setdefault(entry.tokens[0].lower(), []).append(entry)
    compiled = {k: tuple(sorted(v, key=lambda e: -len(e.tokens))) for k, v in phrases.items()}
    return ActorLexicon(compiled, sectors, names)


def read_people(path=None) -> list[LexEntry]:
    """Well-known political persons (people.tsv, or a file of that form): a surface is one person's, never two."""
    seen: dict[str, str] = {}
    entries = []
    for row in read_tsv("people.tsv", ("surface", "code", "sector", "name", "kind"), path=path):
        code = check_code(row, "code")
        sector = check_code(row, "sector", SECTORS, optional=True)
        kind = check_choice(row, "kind", PERSON_KINDS)
        surface = row["surface"]
        if not row["name"]:
            raise DataFileError(row.origin, f"no canonical name for '{surface}'")
        if kind == "surname" and len(surface.split()) != 1:
            raise DataFileError(row.origin, f"a surname row is one word, got '{surface}'")
        if surface in seen:
            raise DataFileError(row.origin, f"'{surface}' is already listed at {seen[surface]}")
        seen[surface] = row.origin
        entries.append(LexEntry(_tokens(surface), code, sector, row["name"], "person:" + kind, True))
    return entries


@lru_cache(maxsize=1)
def place_phrases() -> frozenset[str]:
    """Two- and three-word subdivision names ('British Columbia', 'New Mexico', 'West Bengal'):
    a country word inside one of them does not name that country."""
    import pycountry

    names = set()
    for sub in pycountry.subdivisions:
        words = sub.name.split()
        if 2 <= len(words) <= 3:
            names.add(" ".join(w.lower() for w in words))
    return frozenset(names)


def inside_place_name(words: list[str], i: int, n: int) -> bool:
    """Is the match words[i:i+n] part of a longer subdivision name?"""
    phrases = place_phrases()
    for start in range(max(0, i - 2), i + 1):
        for end in range(i + n, min(len(words), i + n + 2) + 1):
            if end - start > n and " ".join(w.lower() for w in words[start:end]) in phrases:
                return True
    return False


def _capitalised_name(words: list[str], k: int) -> list[str]:
    """Two to four capitalised words from k on: a person's name as news writes it."""
    name = []
    while k < len(words) and len(name) < 4 and words[k][:1].isupper() and words[k].isalpha():
        name.append(words[k])
        k += 1
    return name if 2 <= len(name) <= 4 else []


def _capitalised_name_before(words: list[str], end: int) -> list[str]:
    """Two to four capitalised words ending just before words[end]."""
    start = end
    while start > 0 and end - start < 4 and words[start - 1][:1].isupper() and words[start - 1].isalpha():
        start -= 1
    return words[start:end] if 2 <= end - start <= 4 else []


def common_lemma(token) -> str:
    """The lemma, also for a common noun the tagger took for a name because it opens the
    sentence ('Mobs armed with machetes ...': 'mob')."""
    lemma = token.lemma_.lower()
    if token.pos_ == "PROPN" and not token.ent_type_ and token.i == token.sent.start and lemma.endswith("s"):
        return lemma[:-3] + "y" if lemma.endswith("ies") else lemma[:-1]
    return lemma


def span_text(tokens) -> str:
    """The text of a token list as written (with its original spacing)."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc.text[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)]


def _in_clause(token, top) -> bool:
    """Is token inside a relative clause or appositive below ``top``?"""
    node = token
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ in ("relcl", "acl", "appos"):
            return True
        node = node.head
    return False


def is_pronoun(head, lex: ActorLexicon) -> bool:
    """A pronoun, resolved from the article so far (no entity label is read): "US" is the United
    States, not "us" ("WE WILL NOT SURRENDER" stays a pronoun)."""
    acronym = head.text.isupper() and len(head.text) > 1 and lex.match_at([head.text], 0) is not None
    return (head.pos_ == "PRON" or head.lower_ in vocab().person_pronoun | vocab().group_pronoun) and not acronym


def speaker_subject(sent, report_verbs: frozenset[str]):
    """The subject of the first reporting verb whose subject is not 'we' or 'I': the speaker."""
    for token in sent:
        if token.lemma_.lower() in report_verbs and token.pos_ == "VERB":
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            if subjects and subjects[0].lower_ not in ("we", "i"):
                return subjects[0]
    return None


@dataclass
class PersonRecord:
    full_name: str
    entity: Entity
    keys: set[str]


@dataclass
class ArticleContext:
    """What the coder knows of the article so far: people described, the dominant country."""

    pub_date: date | None = None
    country_counts: Counter = field(default_factory=Counter)
    persons: list[PersonRecord] = field(default_factory=list)
    last_person: PersonRecord | None = None
    last_subject_person: PersonRecord | None = None
    last_group: list[Entity] = field(default_factory=list)  # the last non-person actor, for 'it' / 'they'
    last_group_sentence: int = -10
    sentence: int = 0  # sequence number of the sentence being coded
    default_country: str | None = None

    def find_person(self, name: str) -> PersonRecord | None:
        key = name.lower()
        for record in reversed(self.persons):
            if key == record.full_name.lower() or key in record.keys:
                return record
        return None

    def leading_countries(self, n: int) -> tuple[str, ...]:
        """The n countries the article has named most so far."""
        return tuple(code for code, _ in self.country_counts.most_common(n))

    def dominant_country(self) -> str | None:
        if self.default_country:
            return self.default_country
        common = self.country_counts.most_common(1)
        return common[0][0] if common else None


@dataclass
class Match:
    start: int  # token index in the sentence
    end: int
    code: str
    sector: str | None
    name: str
    kind: str


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
            from .place import PlaceResolver  # the gazetteer loads only when a place is needed

            self._places = PlaceResolver()
        return self._places

    def _toponym_country(self, name: str, region=None, hints: tuple[str, ...] = ()) -> str | None:
        place = self.places.resolve(name, hints, region=region)
        return place.country_code if place is not None else None

    def _entity_country(self, ent, hints: tuple[str, ...] = ()) -> str | None:
        """The country of a place entity, read with what the text says around it ('Paris, Texas')."""
        from .place import qualifier

        return self._toponym_country(ent.text, qualifier(ent, self.places), hints)

    # ---- lexicon matching over a token range
    def matches(self, tokens) -> list[Match]:
        """Longest non-overlapping dictionary and lexicon matches over a list of spaCy tokens."""
        words = [t.text for t in tokens]
        found: list[Match] = []
        i = 0
        when = self.ctx.pub_date
        while i < len(words):
            m = None
            if self.dictionary is not None:
                dm = self.dictionary.match_actor(words, i, when)
                if dm is not None and not dm.is_null:  # '[---]' phrases are explicitly not actors
                    m = Match(i, i + dm.length, dm.country, dm.sector, dm.name, "dictionary")
            if m is None:
                entry = self.lex.match_at(words, i)
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

    def sector_of(self, tokens) -> str | None:
        if self.dictionary is not None:  # the user's agent dictionary first ('PRESIDENT_ [~GOV]')
            words = [t.text for t in tokens]
            for i in range(len(words)):
                agent = self.dictionary.match_agent(words, i)
                if agent is not None and agent.sector:
                    return agent.sector
        lemmas = [common_lemma(t) for t in tokens]
        best = None
        for i in range(len(lemmas)):
            hit = self.lex.sector_at(lemmas, i)
            if hit:
                best = hit[1]
                if tokens[min(i + hit[0] - 1, len(tokens) - 1)].dep_ in ("ROOT", "nsubj", "dobj", "pobj", "appos", "nsubjpass"):
                    return best  # the head noun's sector beats modifiers'
        return best

    # ---- noun phrase geometry
    def np_tokens(self, head, with_of: bool = True) -> list:
        """The head with its pre-modifiers and (for organisations) its 'of' phrases; no clauses."""
        skip = {"relcl", "acl", "appos", "conj", "cc", "punct", "advcl", "prep"}
        left = [t for child in head.lefts if child.dep_ not in skip for t in child.subtree]
        right = []
        lemma = head.lemma_.lower()
        owner_phrase = with_of and (lemma in vocab().org_head or lemma in vocab().role_head or head.pos_ == "PROPN" or (lemma,) in self.lex.sectors)
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "from") and owner_phrase:
                right.extend(t for t in child.subtree if t.dep_ not in ("relcl", "appos") and not _in_clause(t, child))
            elif child.dep_ in ("compound", "flat", "nummod"):
                right.extend(child.subtree)
        return sorted(set(left + [head] + right), key=lambda t: t.i)

    @staticmethod
    def person_span(head):
        if head.ent_type_ == "PERSON":
            for ent in head.doc.ents:
                if ent.start <= head.i < ent.end and ent.label_ == "PERSON":
                    return ent
        return None

    def description_tokens(self, head, exclude) -> list:
        """Appositives and 'who is ...' clauses describing the head, plus pre-modifiers."""
        excluded = {t.i for t in exclude}
        tokens = [t for t in self.np_tokens(head) if t.i not in excluded]
        for child in head.children:
            if child.dep_ == "appos" or (child.dep_ == "relcl" and any(c.lemma_ == "be" for c in child.children) or (child.dep_ == "relcl" and child.lemma_ == "be")):
                tokens.extend(child.subtree)
        return tokens

    # ---- resolution
    def resolve(self, head, speaker: list[Entity] | None = None) -> list[Entity]:
        """Entities for the noun phrase headed by ``head`` (conjuncts are resolved by the caller)."""
        if is_pronoun(head, self.lex):
            return self._pronoun(head, speaker)
        person = self.person_span(head)
        town = self._town_taken_for_person(head, person) if person is not None else None
        if town is not None:  # "withdrew from Kherson" (NER said PERSON)
            return [self._entity(person.text, person.text, town, None, None, "gazetteer")]
        if person is not None:
            return [self._person(head, person)]
        known = self._known_name(head)
        if known is not None:
            return [known]
        named = self._appositive_person(head)
        if named is not None:
            return [named]
        if head.lemma_.lower() in vocab().quantity_head:
            inner = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            if inner:
                return self.resolve(inner[0], speaker)
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
            return [self._person(head, head.doc[start:head.i + 1])]
        if head_match is not None and head_match.kind.startswith(("org", "dictionary", "seat")):
            return [self._entity(text, head_match.name, head_match.code, head_match.sector, None, self._source(head_match))]
        sector = self.sector_of(np)
        codes = [m for m in matches if m.kind not in ("capital_ambiguous",)]
        if head_match is not None and sector is None:
            # a country (or its capital) standing for its government or people
            name = self.lex.country_names.get(head_match.code, head_match.name)
            return [self._entity(text, name, head_match.code, head_match.sector, None, self._source(head_match))]
        role_person = self._role_noun(head, np) if sector else None
        if role_person is not None:
            return [role_person]
        if sector or head.ent_type_ in ("ORG", "NORP") or head.lemma_.lower() in vocab().role_head or (codes and (head.lower_ in vocab().place_noun or head.lower_ in vocab().polity_noun)):
            if codes:
                return self._coded_group(head, text, codes, sector)
            if head.ent_type_ == "NORP" or sector:
                local = self._local_place_country(head)
                if local and sector:
                    return [self._entity(text, text, local, sector, None, "gazetteer")]
                fallback = self.ctx.dominant_country() or self._sentence_country(head)
                if sector:
                    return [self._entity(text, text, fallback, sector, None, "context" if fallback else "unknown")]
            if head.lemma_.lower() in vocab().role_head:
                # "civil rights leaders", "the delegation": a group of the article's country, sector unknown
                fallback = self.ctx.dominant_country() or self._sentence_country(head)
                if fallback:
                    return [self._entity(text, text, fallback, None, None, "context")]
            return []
        if codes and head.pos_ == "NOUN":
            # "Russian artillery", "Turkish warplanes": a country's (unnamed) means
            return [self._entity(text, text, codes[0].code, codes[0].sector, None, self._source(codes[0]))]
        if head.ent_type_ == "GPE":
            return self._gazetteer_entity(head, text)
        return []

    def resolve_target(self, head, speaker=None) -> list[Entity]:
        """A recipient: an actor, or else a target whose country the phrase names
        ('an oil refinery in Russia's Krasnodar region', 'a Greek-flagged tanker')."""
        found = self.resolve(head, speaker)
        if found or head.pos_ not in ("NOUN", "PROPN"):
            return found
        subtree = [t for t in head.subtree if not _in_clause(t, head)]
        matches = [m for m in self.matches(subtree) if m.kind not in ("capital_ambiguous", "prefix")]
        text = span_text(self.np_tokens(head))
        if matches:
            return [self._entity(text, text, matches[0].code, matches[0].sector, None, self._source(matches[0]))]
        local = self._local_place_country(head)
        return [self._entity(text, text, local, None, None, "gazetteer")] if local else []

    def _known_name(self, head) -> Entity | None:
        """A proper name the article already introduced as a person, even if NER missed it here."""
        if head.pos_ != "PROPN":
            return None
        words = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [head]
        record = self.ctx.find_person(" ".join(t.text for t in words))
        if record is None:
            return None
        self.ctx.last_person = record
        return replace(record.entity, entity_text=span_text(words), source_of_code="coreference")

    def _coded_group(self, head, text, codes: list[Match], sector) -> list[Entity]:
        """A group with a country: 'Russian troops', 'officials from Iran and the United States'."""
        org_sector = next((m.sector for m in codes if m.sector), None)
        distinct = list(dict.fromkeys(m.code for m in codes if m.kind not in ("prefix",)))
        if len(distinct) > 1 and self._coordinated_owners(head):
            return [self._entity(text, f"{text} [{code}]", code, org_sector or sector, None, "lexicon") for code in distinct]
        first = codes[0]
        return [self._entity(text, text, first.code, org_sector or sector, None, self._source(first))]

    @staticmethod
    def _coordinated_owners(head) -> bool:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                return any(g.dep_ == "pobj" and list(g.conjuncts) for g in child.children)
        return any(c.dep_ == "amod" and list(c.conjuncts) for c in head.children)

    def _appositive_person(self, head) -> Entity | None:
        """'the head of the UN nuclear watchdog, Rafael Grossi': the person named in apposition."""
        if head.lemma_.lower() not in vocab().role_head and (head.lemma_.lower(),) not in self.lex.sectors:
            return None
        for child in head.children:
            if child.dep_ == "appos":
                span = self.person_span(child)
                if span is not None:
                    return self._person(child, span, extra=self.np_tokens(head))
        return None

    def _source(self, match: Match) -> str:
        if match.kind == "dictionary":
            return "dictionary"
        return "lexicon"

    def _entity(self, text, name, code, sector, office, source) -> Entity:
        if code and code not in NON_STATE_CODES and source != "context":
            self.ctx.country_counts[code] += 1  # only states the text names count towards the fallback
        entity = Entity(entity_text=text, name=name, code=code, sector=sector, office=office, source_of_code=source)
        if code and source != "context":
            self.ctx.last_group = [entity]
            self.ctx.last_group_sentence = self.ctx.sentence
        return entity

    def _local_place_country(self, head) -> str | None:
        """'police in Santiago', 'protesters from Mosul', 'a block in the Jabalia camp in northern
        Gaza': the country of the nearest place that locates them, down a chain of prepositions."""
        found = self._located(head, vocab().locative_prep | vocab().origin_prep)
        return found[1] if found else None

    def _located(self, head, preps, hints: tuple[str, ...] = ()) -> tuple[str, str] | None:
        frontier = [head]
        for hop in range(3):
            pobjs = [g for node in frontier for child in node.children
                     if child.dep_ == "prep" and (child.lower_ in preps or (hop and child.lower_ == "of"))
                     for g in child.children if g.dep_ == "pobj"]
            for pobj in pobjs:
                ent = next((e for e in pobj.doc.ents if e.start <= pobj.i < e.end), None)
                if ent is not None and ent.label_ in ("GPE", "LOC"):
                    code = self._entity_country(ent, hints)
                    if code:
                        return ent.text, code
            # "in the Australian state of Victoria": the words on the way say which country
            hints = tuple(m.code for p in pobjs for m in self.matches(self.np_tokens(p, with_of=False))
                          if m.kind in ("name", "adjective")) + hints
            frontier = pobjs
        return None

    def home_country(self, actors: list[Entity], state_only: bool) -> Entity | None:
        """The one state the actors belong to, as the implied target of a domestic event."""
        codes = {a.code for a in actors if a.code and a.code not in NON_STATE_CODES}
        if len(codes) != 1 or (state_only and not any(a.sector in ("GOV", "COP", "MIL", "JUD") for a in actors)):
            return None
        code = codes.pop()
        name = self.lex.country_names.get(code, code)
        return Entity(entity_text="", name=name, code=code, sector=None, office=None, source_of_code="context")

    def place_target(self, trigger, hints: tuple[str, ...] = ()) -> Entity | None:
        """The target of an attack or a raid named only by where it happened ('warplanes struck a
        block in the Jabalia camp in Gaza', 'abducted schoolgirls from a school in Zamfara')."""
        found = self._located(trigger, vocab().locative_prep, hints)
        if found is None:
            return None
        name, code = found
        return self._entity(name, name, code, None, None, "gazetteer")

    def _sentence_country(self, head) -> str | None:
        """No country in the article so far: the first place named in the sentence."""
        for ent in head.doc.ents:
            if ent.label_ in ("GPE", "LOC"):
                code = self._entity_country(ent)
                if code:
                    return code
        return None

    def _town_taken_for_person(self, head, person) -> str | None:
        """The country of a one-word 'person' after 'from', 'in', 'to' that the gazetteer knows as a
        sizeable town, else None."""
        if len(person) != 1 or head.dep_ != "pobj" or head.head.lower_ not in vocab().locative_prep | vocab().origin_prep:
            return None
        if self.ctx.find_person(person.text) is not None or self.lex.match_at([person.text], 0) is not None:
            return None
        place = self.places.resolve(person.text)
        if place is None or place.feature_class != "P" or (self.places.population(place) or 0) < 50000:
            return None
        return place.country_code

    def _gazetteer_entity(self, head, text) -> list[Entity]:
        code = self._toponym_country(text)
        return [self._entity(text, text, code, None, None, "gazetteer")] if code else []

    def _person(self, head, span, extra=()) -> Entity:
        name = span.text
        known = self.ctx.find_person(name)
        if known is not None:
            self.ctx.last_person = known
            source = "coreference" if name != known.full_name else known.entity.source_of_code
            return replace(known.entity, entity_text=name, source_of_code=source)
        description = list(extra) + self.description_tokens(head, list(span))
        code, sector, office = self._describe(description)
        if self.dictionary is not None:
            words = name.split()
            dm = self.dictionary.match_actor(words, 0, self.ctx.pub_date)
            if dm is not None and dm.length == len(words):
                code, sector, source = dm.country, dm.sector or sector, "dictionary"
                return self._register(name, Entity(name, name, code, sector, office, source))
        famous = self.famous_person([t.text for t in span])
        if famous is not None:  # a known person's country beats whatever the description names
            return self._register(name, self._entity(name, famous.name, famous.code, sector or famous.sector, office, "lexicon"))
        source = "description" if code else "context"
        if code is None:
            code = self.ctx.dominant_country()
        return self._register(name, self._entity(name, name, code, sector, office, source))

    def famous_person(self, words: list[str]) -> LexEntry | None:
        """The people.tsv entry a person's name refers to: the whole name as listed, or a listed
        surname whose other words belong to the same person ('Donald J. Trump')."""
        while words and words[-1] in ("'s", "’s", "'"):
            words = words[:-1]
        if not words:
            return None
        entry = self.lex.match_at(words, 0)
        if entry is not None and entry.kind.startswith("person") and len(entry.tokens) == len(words):
            return entry
        last = self.lex.match_at(words, len(words) - 1)
        if last is None or last.kind != "person:surname" or len(last.tokens) != 1:
            return None
        given = set(last.name.replace("-", " ").split())
        if all(w in given or (len(w) <= 2 and w.endswith(".")) for w in words[:-1]):
            return last
        return None

    def _describe(self, tokens) -> tuple[str | None, str | None, str | None]:
        """Country, sector and office from the words describing a person."""
        if not tokens:
            return None, None, None
        matches = [m for m in self.matches(tokens) if m.kind != "capital_ambiguous"]
        # a person named in the description ("Putin's spokesman") codes only when nothing else does
        matches = [m for m in matches if not m.kind.startswith("person")] or matches
        org = next((m for m in matches if m.sector), None)
        codes = Counter(m.code for m in matches)
        code = org.code if org else (codes.most_common(1)[0][0] if codes else None)
        sector = self.sector_of(tokens)
        if org and org.sector:
            sector = org.sector if sector in (None, "GOV", "PTY") or sector == org.sector else sector
        office = " ".join(t.text for t in tokens if not t.is_punct or t.text in "-'") or None
        return code, sector, office

    def _register(self, name: str, entity: Entity, salient: bool = True) -> Entity:
        words = name.split()
        keys = {name.lower()}
        if len(words) > 1:
            keys.add(words[-1].lower())
            # Chinese, Korean... names put the family name first: "Liu Qibao" is "Liu"
            keys.add(words[0].lower())
        record = PersonRecord(name, entity, keys)
        self.ctx.persons.append(record)
        if salient:  # a name met while reading, not one gathered ahead by the scan, is what 'he' means
            self.ctx.last_person = record
        return entity

    def note_subjects(self, entities: list[Entity]) -> None:
        """The last person acting in subject position is what 'he' / 'she' most likely refers to."""
        for entity in entities:
            record = self.ctx.find_person(entity.name)
            if record is not None:
                self.ctx.last_subject_person = record

    def _pronoun(self, head, speaker) -> list[Entity]:
        lower = head.lower_
        if lower in (vocab().group_pronoun | vocab().thing_pronoun) and speaker:
            return [replace(e, entity_text=head.text, source_of_code="coreference") for e in speaker]
        if lower in vocab().thing_pronoun and self.ctx.last_group and self.ctx.sentence - self.ctx.last_group_sentence <= 1:
            # 'it' / 'they' refer back at most one sentence, to a state or organisation named there
            return [replace(e, entity_text=head.text, source_of_code="coreference") for e in self.ctx.last_group]
        person = self.ctx.last_subject_person or self.ctx.last_person
        if lower in vocab().person_pronoun and person is not None:
            return [replace(person.entity, entity_text=head.text, source_of_code="coreference")]
        return []

    def _role_noun(self, head, np) -> Entity | None:
        """'the minister', 'the president': the last person whose office names that role."""
        if head.pos_ != "NOUN" or any(t.dep_ == "poss" or t.ent_type_ for t in np if t.i != head.i):
            return None
        if not any(t.lower_ == "the" for t in head.lefts):
            return None
        for record in reversed(self.ctx.persons):
            if record.entity.office and head.lemma_.lower() in record.entity.office.lower():
                return replace(record.entity, entity_text=" ".join(t.text for t in np), source_of_code="coreference")
        return None

    # ---- cheap pass over unparsed text
    def speaker(self, sent, report_verbs: frozenset[str]) -> list[Entity]:
        """Who is speaking in a sentence of reported speech: 'we' inside the quote is them."""
        subject = speaker_subject(sent, report_verbs)
        return self.resolve(subject) if subject is not None else []

    def scan_titled_names(self, words: list[str]) -> None:
        """Register people the article introduces with a nationality and a title, in any sentence,
        parsed or not: "US President Donald Trump", "Turkish Defence Minister Hulusi Akar".

        Only the pattern <country word> <title words> <2-4 capitalised words> counts; the person
        then codes later mentions ("Trump") by surname. No parse is needed.
        """
        i = 0
        while i < len(words):
            entry = self.lex.match_at(words, i)
            if entry is None or entry.kind not in ("name", "adjective") or entry.code in NON_STATE_CODES:
                i += 1
                continue
            j = i + len(entry.tokens)
            title = self._title_at(words, j, any_case=i > 0 and words[i - 1].lower() == "the")
            if title is None:
                i = j
                continue
            k = j + title[0]
            office = " ".join(words[i:k])
            if k < len(words) and words[k] == ",":  # "the US president, Donald Trump,"
                k += 1
            name = _capitalised_name(words, k)
            if not name and i >= 3 and words[i - 1].lower() == "the" and words[i - 2] == ",":
                name = _capitalised_name_before(words, i - 2)  # "Hulusi Akar, the Turkish defence minister"
            if name and self.ctx.find_person(" ".join(name)) is None:
                self._register(" ".join(name), Entity(" ".join(name), " ".join(name), entry.code, title[1], office,
                                                      "description"), salient=False)
            i = k

    def _title_at(self, words: list[str], j: int, any_case: bool = False) -> tuple[int, str] | None:
        """A title (sector term such as 'President', 'Defence Minister') starting at words[j];
        capitalised, unless it follows 'the' ('the Turkish defence minister')."""
        lowered = [w.lower() for w in words[j:j + 3]]
        for n in (3, 2, 1):
            key = tuple(lowered[:n])
            if len(key) == n and key in self.lex.sectors and (any_case or all(w[:1].isupper() for w in words[j:j + n])):
                return n, self.lex.sectors[key]
        return None

    def count_countries(self, words: list[str]) -> None:
        """Country mentions in the whole article (no parse needed): the fallback context."""
        i = 0
        while i < len(words):
            entry = self.lex.match_at(words, i)
            if entry is None or inside_place_name(words, i, len(entry.tokens)):
                i += 1
                continue
            # a listed surname after another given name is someone else ("Luisa Ortega" is not Daniel Ortega)
            stranger = entry.kind == "person:surname" and i > 0 and words[i - 1][:1].isupper() and words[i - 1] not in entry.name.split()
            if entry.kind not in ("capital_ambiguous",) and entry.code not in NON_STATE_CODES and not stranger:
                self.ctx.country_counts[entry.code] += 1
            i += len(entry.tokens)
