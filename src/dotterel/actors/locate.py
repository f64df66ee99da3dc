"""Countries from where things are: places near a phrase, the sentence's first place, the actors' home.

Each function takes the article's ``ActorResolver`` (its ``places``, ``matches`` and lexicon) and
returns a country code, or an entity made from one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..records import Entity
from ..resources import NON_STATE_CODES
from ..sectors import sector_codes
from ..vocabulary import vocab
from .lexicon import ActorLexicon
from .phrases import np_tokens

if TYPE_CHECKING:
    from .resolver import ActorResolver


def toponym_country(places, name: str, region=None, hints: tuple[str, ...] = ()) -> str | None:
    """The country of a place name as the run's ``PlaceResolver`` reads it."""
    place = places.resolve(name, hints, region=region)
    return place.country_code if place is not None else None


def entity_country(places, ent, hints: tuple[str, ...] = ()) -> str | None:
    """The country of a place entity, read with what the text says around it ('Paris, Texas')."""
    from ..place import qualifier

    return toponym_country(places, ent.text, qualifier(ent, places), hints)


def located(resolver: ActorResolver, head, preps, hints: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """(place text, country) of the nearest place that locates ``head``, down a chain of prepositions."""
    frontier = [head]
    for hop in range(3):
        pobjs = [g for node in frontier for child in node.children
                 if child.dep_ == "prep" and (child.lower_ in preps or (hop and child.lower_ in vocab().place_part_prep))
                 for g in child.children if g.dep_ == "pobj"]
        for pobj in pobjs:
            ent = next((e for e in pobj.doc.ents if e.start <= pobj.i < e.end), None)
            if ent is not None and ent.label_ in ("GPE", "LOC"):
                code = entity_country(resolver.places, ent, hints)
                if code:
                    return ent.text, code
        # "in the Australian state of Victoria": the words on the way say which country
        hints = tuple(m.code for p in pobjs for m in resolver.matches(np_tokens(p, resolver.lex, with_of=False))
                      if m.kind in ("name", "adjective")) + hints
        frontier = pobjs
    return None


def local_place_country(resolver: ActorResolver, head) -> str | None:
    """'police in Santiago', 'protesters from Mosul', 'a block in the Jabalia camp in northern
    Gaza': the country of the nearest place that locates them, down a chain of prepositions."""
    found = located(resolver, head, vocab().locative_prep | vocab().origin_prep)
    return found[1] if found else None


def sentence_country(resolver: ActorResolver, head) -> str | None:
    """No country in the article so far: the first place named in the sentence."""
    for ent in head.doc.ents:
        if ent.label_ in ("GPE", "LOC"):
            code = entity_country(resolver.places, ent)
            if code:
                return code
    return None


def town_taken_for_person(resolver: ActorResolver, head, person) -> str | None:
    """The country of a one-word 'person' after 'from', 'in', 'to' that the gazetteer knows as a
    sizeable town, else None."""
    if len(person) != 1 or head.dep_ != "pobj" or head.head.lower_ not in vocab().locative_prep | vocab().origin_prep:
        return None
    if resolver.ctx.find_person(person.text) is not None or resolver.lex.match_at([person.text], 0) is not None:
        return None
    places = resolver.places
    place = places.resolve(person.text)
    if place is None or place.feature_class != "P" or (places.population(place) or 0) < 50000:
        return None
    return place.country_code


def home_country(lex: ActorLexicon, actors: list[Entity], state_only: bool) -> Entity | None:
    """The one state the actors belong to, as the implied target of a domestic event."""
    codes = {a.code for a in actors if a.code and a.code not in NON_STATE_CODES}
    if len(codes) != 1 or (state_only and not any(a.sector in sector_codes().state for a in actors)):
        return None
    code = codes.pop()
    name = lex.country_names.get(code, code)
    return Entity(entity_text="", name=name, code=code, sector=None, office=None, source_of_code="context")
