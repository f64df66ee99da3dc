"""Where an event happened: the toponym of its sentence that its trigger's clause locates it in,
else what the article says ('the Russian city'), the dateline, or the country a visit went to."""

from __future__ import annotations

import re
from functools import lru_cache

from ..records import Place
from ..vocabulary import vocab
from .resolver import PlaceResolver


def _candidates(sent):
    """Toponym spans: NER places, plus proper nouns after a locative preposition NER missed
    (but not one NER read as a date or time: 'on Thursday' is no Thursday Island, 'in March' no
    town of March)."""
    spans = [ent for ent in sent.ents if ent.label_ in ("GPE", "LOC", "FAC")]
    covered = {i for ent in sent.ents if ent.label_ in ("GPE", "LOC", "FAC", "DATE", "TIME")
               for i in range(ent.start, ent.end)}
    for token in sent:
        if token.i in covered or token.pos_ != "PROPN" or token.dep_ != "pobj" or token.head.lower_ not in vocab().locative_prep:
            continue
        start = min([t.i for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [token.i])
        spans.append(sent[start:token.i + 1])
    return spans


def qualifier(span, resolver: PlaceResolver):
    """'Paris, Texas', 'Alexandria, Virginia', 'Hyderabad in Pakistan's Sindh province': the region named with a place."""
    doc = span.doc
    names = []
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        nxt = doc[span.end + 1]
        ent = next((e for e in doc.ents if e.start == nxt.i), None)
        names.append(ent.text if ent is not None else nxt.text)
    for child in span.root.children:
        if child.dep_ == "prep" and child.lower_ in vocab().place_within_prep:
            names += [g.text for g in child.subtree if g.ent_type_ in ("GPE", "LOC") and g.pos_ == "PROPN"]
    for name in names:
        hint = resolver.region_hint(name)
        if hint is not None:
            return hint
    return None


def _of_place(span):
    """The place named in an 'of' phrase after a span ('the Far East of Russia')."""
    for child in span.root.children:
        if child.dep_ == "prep" and child.lower_ in vocab().place_part_prep:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ in ("GPE", "LOC"):
                    return next((e for e in span.doc.ents if e.start <= pobj.i < e.end), span.doc[pobj.i:pobj.i + 1])
    return None


def _extend(span):
    """'Minya province', 'Krasnodar region': the name as written, with its kind of place."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in vocab().place_suffix:
        return doc[span.start:span.end + 1]
    return span


def event_place(sent, trigger, resolver: PlaceResolver, countries: tuple[str, ...], exclude: set[str]) -> Place | None:
    """The toponym of the sentence where the event happened, if any.

    Locative phrases attached to the trigger's clause come first ("met ... in Khabarovsk"),
    then places the event acts on ("attacked the town of Halabja"), then any other place of
    the sentence that is not one of the event's actors. A locative place the gazetteer does
    not know ("the Gulf of Oman") is kept unresolved, with its name.
    """
    best: tuple[int, Place] | None = None
    for span in _candidates(sent):
        text = span.text
        if text.lower() in exclude:
            continue
        score = _place_score(span.root, trigger)
        if score is None:
            continue
        written = _extend(span)
        place = resolver.resolve(text, countries, region=qualifier(span, resolver))
        if place is None:
            owner = _of_place(span)  # "the Far East of Russia": a part of a country is the country
            if owner is not None:
                place = resolver.resolve(f"{text} of {owner.text}", countries)
                if place is not None:
                    written = span.doc[span.start:owner.end]
        if place is None:
            if score < 3 or span.label_ not in ("LOC", "FAC", "GPE"):
                continue
            place = Place(extracted_place=written.text, resolved_place=None, geonameid=None, lat=None, lon=None,
                          country_code=None, province=None, feature_class="", feature_code="", resolution=None)
            score -= 1.5  # a name the gazetteer does not know loses ties to one it does
        if place.resolution in (1, 2):
            score -= 0.5 if place.resolution == 2 else 1  # "in Benghazi in eastern Libya": the city
        if best is None or score > best[0]:
            fields = {**place.to_dict(), "extracted_place": written.text, "start": written.start_char, "end": written.end_char}
            best = (score, Place(**fields))
    return best[1] if best else None


NOUN_LINKS = ("poss", "compound", "conj", "appos", "nmod", "amod")


def _place_score(root, trigger) -> int | None:
    node = root
    while node.i != trigger.i and node.head.i != node.i:
        if node.dep_ in ("relcl", "acl", "advcl") and trigger not in node.subtree:
            return None  # "who fought in China": a place in a clause about someone, not of the event
        node = node.head
    head = root
    for _ in range(4):  # "in parts of Srinagar's old city", "the town of Halabja"
        while head.dep_ in NOUN_LINKS and head.head.i != head.i:
            head = head.head
        if head.dep_ == "pobj" and head.head.lower_ in vocab().place_part_prep and head.head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head.head
            continue
        break
    if head.dep_ == "dobj" and head.head.i == trigger.i and head.i != root.i:
        return 3  # the place acted on: "attacked the town of Halabja"
    prep = head.head if head.dep_ == "pobj" else None
    if prep is not None and prep.lower_ in vocab().locative_prep:
        attached = prep.head
        weak = prep.lower_ in vocab().direction_prep
        if attached.i == trigger.i or attached.head.i == trigger.i:
            return 4 - weak
        if attached in trigger.subtree:
            return 3 - weak
        return 2 - weak
    if prep is not None:
        return None  # "work with Ethiopia", "talks on Sudan": not where it happened
    if root.dep_ in ("appos", "compound", "npadvmod"):
        return 1
    if root.dep_ in ("nsubj", "dobj", "nsubjpass", "poss"):
        return None  # an actor or an object, not where it happened
    return 1


def _definite_place() -> re.Pattern:
    """'the Russian city', 'a Nigerian village': a determiner, a capitalised adjective, a kind of place."""
    return _definite_place_pattern(vocab().place_noun, vocab().article_det)


@lru_cache(maxsize=4)
def _definite_place_pattern(place_nouns: frozenset[str], articles: frozenset[str]) -> re.Pattern:
    kinds = "|".join(sorted(place_nouns))
    dets = "|".join(sorted(articles, key=lambda w: (-len(w), w)))
    return re.compile(rf"\b(?P<det>{dets})\s+(?P<adj>[A-Z][a-z]+)\s+(?P<kind>{kinds})\b")


def described_place(text: str, words, resolver: PlaceResolver, adjective_country) -> Place | None:
    """'the Russian city': the city of that country the article names most; 'the Sudanese
    capital': that capital; 'a Nigerian village' (unnamed): the country.  ``adjective_country``
    gives the country code of a nationality adjective ('Russian' -> RUS) or None."""
    m = _definite_place().search(text)
    if not m:
        return None
    code = adjective_country(m.group("adj"))
    if code is None:
        return None
    if m.group("kind") == "capital" and resolver.country_alpha2(code):
        capital = resolver.capital(code)
        place = resolver.resolve(capital, (code,), source="article") if capital else None
        if place is not None:
            return Place(**{**place.to_dict(), "extracted_place": m.group(0)})
    if m.group("det") in vocab().definite_article:
        city = resolver.most_mentioned_city(words, code)
        if city is not None:
            return city
    return resolver.country_place(code, m.group(0), "sentence")


def dateline_place(place_text: str | None, resolver: PlaceResolver) -> Place | None:
    """The place of a dateline ('BEIJING', 'Paris, Texas')."""
    if not place_text:
        return None
    name, _, qualifier_text = place_text.partition(",")
    region = resolver.region_hint(qualifier_text.strip()) if qualifier_text.strip() else None
    return resolver.resolve(name.strip(), (), source="dateline", region=region)


def destination_place(recipients, resolver: PlaceResolver) -> Place | None:
    """A visit with no place named happened in the country visited."""
    code = next((r.code for r in recipients if r.code and len(r.code) == 3), None)
    if code is None or resolver.country_alpha2(code) is None:
        return None
    return resolver.country_place(code, resolver.country_name(code) or code, "destination")


def visited_city(recipients, text: str, resolver: PlaceResolver, countries: tuple[str, ...]) -> Place | None:
    """'arrived in Moscow', 'visited Sanaa': the city named as the visited side is where it happened."""
    for entity in recipients:
        name = entity.entity_text
        if not name or name not in text:
            continue
        place = resolver.resolve(name, countries, source="sentence")
        if place is not None and place.resolution is not None and place.resolution >= 4:
            return place
    return None


def where_it_happened(event, sent, trigger, resolver: PlaceResolver, article_countries: tuple[str, ...], words,
                      dateline: Place | None, adjective_country, *, offset: int) -> Place | None:
    """Where a coded event happened: a place of its sentence (offsets made article-relative: the
    sentence starts at ``offset`` in the article), else the place the article describes, else the
    dateline, else for a visit the country visited."""
    countries = tuple(dict.fromkeys(e.code for e in event.actor + event.recipient if e.code))
    # a target named by the gazetteer ('struck Kabul', 'a block in Gaza') is also where it happened
    actor_names = {e.entity_text.lower() for e in event.actor + event.recipient
                   if not (e in event.recipient and e.source_of_code == "gazetteer")}
    place = None
    if event.event == "CONSULT" and event.mode == "visit":  # the city visited, before other places named
        place = visited_city(event.recipient, sent.text, resolver, countries)
    if place is None:
        place = event_place(sent, trigger, resolver, countries + article_countries, actor_names)
    if place is not None and place.start is not None:
        place.start += offset
        place.end += offset
    if place is None:
        place = described_place(sent.text, words, resolver, adjective_country)
    if place is None and dateline is not None:
        place = dateline
    if place is None and event.event == "CONSULT" and event.mode == "visit" and event.recipient:
        place = destination_place(event.recipient, resolver)
    return place
