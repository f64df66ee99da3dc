"""Resolving toponyms: a name (with the countries the article is about) to a ``Place``.

Country, part of a country ('northern Mali'), subdivision or city, in that order; cities are
ranked by a qualifier the text gives ('Paris, Texas'), the article's countries, then population.
Each name is resolved once per run (a bounded cache).
"""

from __future__ import annotations

import re
from collections import Counter

from ..records import Place
from ..vocabulary import vocab
from .gazetteer import Gazetteer, city_place, country_place, fold, load_gazetteer, subdivision_place

CACHE_LIMIT = 20000  # place look-ups remembered per run; beyond that the cache starts again


class PlaceResolver:
    """Resolve toponyms of one article; caches each name once per run."""

    def __init__(self, gazetteer: Gazetteer | None = None, aliases: dict[str, str] | None = None,
                 countries: dict[str, str] | None = None):
        self._gaz = gazetteer  # None: the GeoNames gazetteer, loaded when a place is first needed
        self._cache: dict[tuple, Place | None] = {}
        self.aliases = {fold(k): v for k, v in (aliases or {}).items()}  # "White House" -> "Washington"
        self.country_codes = {fold(k): v for k, v in (countries or {}).items()}  # "Congo" -> "COD"

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = load_gazetteer()
        return self._gaz

    def country_alpha2(self, code3: str) -> str | None:
        return self.gaz.alpha2(code3)

    def country_place(self, code3: str, extracted: str, source: str) -> Place | None:
        """A PLOVER country as a place (with its capital's coordinates), named ``extracted``."""
        cc2 = self.country_alpha2(code3)
        if cc2 is None or self.gaz.country(cc2) is None:
            return None
        return country_place(self.gaz, cc2, extracted, source)

    def country_name(self, code3: str) -> str | None:
        cc2 = self.country_alpha2(code3)
        info = self.gaz.country(cc2) if cc2 else None
        return info["name"] if info else None

    def capital(self, code3: str) -> str | None:
        """The name of a country's capital."""
        cc2 = self.country_alpha2(code3)
        info = self.gaz.country(cc2) if cc2 else None
        return info.get("capital") if info else None

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
        if self.gaz.country_named(folded) is not None:
            return self.gaz.country_named(folded), ""
        sub = self.gaz.subdivision_named(folded)
        if sub:
            return sub[0], sub[2] if len(sub) > 2 else ""
        return None

    def _resolve(self, name: str, countries: tuple[str, ...], source: str, region=None) -> Place | None:
        gaz = self.gaz
        folded = fold(re.sub(r"^the\s+", "", name, flags=re.I))
        if not folded:
            return None
        wanted = {self.country_alpha2(c) for c in countries} - {None}
        if gaz.country_named(folded) is not None or folded in self.country_codes:
            sub = gaz.subdivision_named(folded)
            code3 = self.country_codes.get(folded)
            cc2 = (self.country_alpha2(code3) if code3 else None) or gaz.country_named(folded)
            if cc2 is None or gaz.country(cc2) is None:
                return None
            first = self.country_alpha2(countries[0]) if countries else None
            if sub and sub[0] == first and cc2 != first:
                return self._subdivision(sub, name, source)  # Georgia the US state, in a US story
            return country_place(gaz, cc2, name, source)
        part_of_country = self._region_of_country(folded, name, source)
        if part_of_country is not None:
            return part_of_country
        ids = gaz.city_ids(folded)
        if ids:
            top = max(gaz.city(g).population for g in ids)

            def rank(g):
                city = gaz.city(g)
                in_country = region is not None and city.cc2 == region[0]
                in_province = in_country and bool(region[1]) and city.admin1 == region[1]
                # the story's countries pick a town of some size or a capital, not a village over a
                # city abroad (Geneva, Illinois is not where Biden met Putin; Perth, Scotland can be)
                capital = (gaz.country(city.cc2) or {}).get("capital") == city.name
                wanted_here = city.cc2 in wanted and (city.population >= 30000 or capital or top < 100000)
                # a big city by its own name beats a bigger one that once bore it ('Islamabad' is not Chattogram)
                own_name = fold(city.name) == folded and city.population >= 200000
                return (not in_province, not in_country, not wanted_here, not own_name, -city.population)

            ranked = sorted(ids, key=rank)
            best = gaz.city(ranked[0])
            sub = gaz.subdivision_named(folded)
            # a province named like a small town: prefer the province when the town is tiny
            if sub and (best.population < 20000 or (wanted and best.cc2 not in wanted and sub[0] in wanted)):
                return self._subdivision(sub, name, source)
            return city_place(gaz, best, name, source)
        if gaz.subdivision_named(folded) is not None:
            return self._subdivision(gaz.subdivision_named(folded), name, source)
        return None

    def _subdivision(self, sub: tuple, extracted: str, source: str) -> Place:
        return subdivision_place(self.gaz, sub, extracted, source)

    def _region_of_country(self, folded: str, name: str, source: str) -> Place | None:
        """'the Far East of Russia', 'northern Mali', 'North-East China': the country, not a city."""
        words = folded.split()
        if not words or words[0] not in vocab().region_word:
            return None
        rest = [w for w in words if w not in vocab().region_word and w not in vocab().region_filler]
        tail = " ".join(rest)
        code3 = self.country_codes.get(tail)
        cc2 = (self.country_alpha2(code3) if code3 else None) or self.gaz.country_named(tail)
        return country_place(self.gaz, cc2, name, source) if cc2 else None

    def population(self, place: Place) -> int | None:
        city = self.gaz.city(place.geonameid) if place.geonameid else None
        return city.population if city is not None else None

    def most_mentioned_city(self, words: list[str], country3: str | None) -> Place | None:
        """The city an article names most (in the given country): what 'the Russian city' refers to."""
        gaz = self.gaz
        cc2 = self.country_alpha2(country3) if country3 else None
        counts: Counter = Counter()
        for word in words:
            if not word[:1].isupper() or len(word) < 4:
                continue
            for gid in gaz.city_ids(fold(word))[:3]:
                city = gaz.city(gid)
                if (cc2 is None or city.cc2 == cc2) and city.population >= 50000 and fold(city.name) == fold(word):
                    counts[gid] += 1
                    break
        if not counts:
            return None
        gid = max(counts, key=lambda g: (counts[g], gaz.city(g).population))
        return city_place(gaz, gaz.city(gid), gaz.city(gid).name, "article")
