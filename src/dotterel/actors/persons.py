"""People: a named person coded from the article's description of them, a listed person, or a
later mention (surname, pronoun, role noun) resolved to someone met before.

Each function takes the article's ``ActorResolver`` (its context, lexicon, dictionary and matches).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from ..records import Entity
from ..sectors import sector_codes
from ..vocabulary import vocab
from .phrases import description_tokens, np_tokens, person_span, span_text

if TYPE_CHECKING:
    from .resolver import ActorResolver


def person_entity(resolver: ActorResolver, head, span, extra=()) -> Entity:
    """The person named by ``span``: met before, in the user dictionary, listed, or described here."""
    ctx = resolver.ctx
    name = span.text
    known = ctx.find_person(name)
    if known is not None:
        ctx.last_person = known
        source = "coreference" if name != known.full_name else known.entity.source_of_code
        return replace(known.entity, entity_text=name, source_of_code=source)
    description = list(extra) + description_tokens(head, list(span), resolver.lex)
    code, sector, office = describe(resolver, description)
    if resolver.dictionary is not None:
        words = name.split()
        dm = resolver.dictionary.match_actor(words, 0, ctx.pub_date)
        if dm is not None and dm.length == len(words):
            code, sector, source = dm.country, dm.sector or sector, "dictionary"
            return ctx.register(name, Entity(name, name, code, sector, office, source))
    famous = resolver.lex.famous_person([t.text for t in span])
    if famous is not None:  # a known person's country beats whatever the description names
        return ctx.register(name, ctx.entity(name, famous.name, famous.code, sector or famous.sector, office, "lexicon"))
    source = "description" if code else "context"
    if code is None:
        code = ctx.dominant_country()
    return ctx.register(name, ctx.entity(name, name, code, sector, office, source))


def describe(resolver: ActorResolver, tokens) -> tuple[str | None, str | None, str | None]:
    """Country, sector and office from the words describing a person."""
    if not tokens:
        return None, None, None
    matches = [m for m in resolver.matches(tokens) if m.kind != "capital_ambiguous"]
    # a person named in the description ("Putin's spokesman") codes only when nothing else does
    matches = [m for m in matches if not m.kind.startswith("person")] or matches
    org = next((m for m in matches if m.sector), None)
    codes = Counter(m.code for m in matches)
    code = org.code if org else (codes.most_common(1)[0][0] if codes else None)
    sector = resolver.sector_of(tokens)
    if org and org.sector:
        sector = org.sector if sector is None or sector in sector_codes().generic or sector == org.sector else sector
    office = " ".join(t.text for t in tokens if not t.is_punct or t.text in "-'") or None
    return code, sector, office


def appositive_person(resolver: ActorResolver, head) -> Entity | None:
    """'the head of the UN nuclear watchdog, Rafael Grossi': the person named in apposition."""
    if head.lemma_.lower() not in vocab().role_head and (head.lemma_.lower(),) not in resolver.lex.sectors:
        return None
    for child in head.children:
        if child.dep_ == "appos":
            span = person_span(child)
            if span is not None:
                return person_entity(resolver, child, span, extra=np_tokens(head, resolver.lex))
    return None


def known_name(resolver: ActorResolver, head) -> Entity | None:
    """A proper name the article already introduced as a person, even if NER missed it here."""
    if head.pos_ != "PROPN":
        return None
    words = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [head]
    record = resolver.ctx.find_person(" ".join(t.text for t in words))
    if record is None:
        return None
    resolver.ctx.last_person = record
    return replace(record.entity, entity_text=span_text(words), source_of_code="coreference")


def pronoun_entities(resolver: ActorResolver, head, speaker) -> list[Entity]:
    """'we' in a quote is the speaker; 'it' / 'they' the last group; 'he' / 'she' the last person."""
    ctx = resolver.ctx
    lower = head.lower_
    if lower in (vocab().group_pronoun | vocab().thing_pronoun) and speaker:
        return [replace(e, entity_text=head.text, source_of_code="coreference") for e in speaker]
    if lower in vocab().thing_pronoun and ctx.last_group and ctx.sentence - ctx.last_group_sentence <= 1:
        # 'it' / 'they' refer back at most one sentence, to a state or organisation named there
        return [replace(e, entity_text=head.text, source_of_code="coreference") for e in ctx.last_group]
    person = ctx.last_subject_person or ctx.last_person
    if lower in vocab().person_pronoun and person is not None:
        return [replace(person.entity, entity_text=head.text, source_of_code="coreference")]
    return []


def role_noun_person(resolver: ActorResolver, head, np) -> Entity | None:
    """'the minister', 'the president': the last person whose office names that role."""
    if head.pos_ != "NOUN" or any(t.dep_ == "poss" or t.ent_type_ for t in np if t.i != head.i):
        return None
    if not any(t.lower_ in vocab().definite_article for t in head.lefts):
        return None
    for record in reversed(resolver.ctx.persons):
        if record.entity.office and head.lemma_.lower() in record.entity.office.lower():
            return replace(record.entity, entity_text=" ".join(t.text for t in np), source_of_code="coreference")
    return None
