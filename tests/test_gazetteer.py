"""The place resolver talks to a Gazetteer interface: a small stand-in replaces GeoNames."""

from __future__ import annotations

from dotterel.place import City, PlaceResolver, fold
from dotterel.place.gazetteer import GeoNamesGazetteer, GeoNamesIndex

CITIES = {
    1: City(1, "Springfield", 39.8, -89.6, "US", "IL", 114000),
    2: City(2, "Springfield", -27.7, 153.0, "AU", "04", 2000),
    3: City(3, "Canberra", -35.3, 149.1, "AU", "ACT", 367000),
}


def small_gazetteer() -> GeoNamesGazetteer:
    names: dict[str, list[int]] = {}
    for city in CITIES.values():
        names.setdefault(fold(city.name), []).append(city.geonameid)
    index = GeoNamesIndex(
        cities=CITIES,
        names={k: tuple(sorted(v, key=lambda g: -CITIES[g].population)) for k, v in names.items()},
        countries={"US": {"iso3": "USA", "name": "United States", "geonameid": 6252001, "capital": "Washington"},
                   "AU": {"iso3": "AUS", "name": "Australia", "geonameid": 2077456, "capital": "Canberra"}},
        country_names={"united states": "US", "australia": "AU"},
        subdivisions={"illinois": ("US", "Illinois", "IL")},
        alpha3={"US": "USA", "AU": "AUS"},
    )
    return GeoNamesGazetteer(index)


def test_an_injected_gazetteer_resolves_cities_countries_and_subdivisions():
    places = PlaceResolver(gazetteer=small_gazetteer())
    assert places.resolve("Springfield").country_code == "USA"  # the bigger one
    assert places.resolve("Springfield", ("AUS",)).country_code == "USA"  # a village abroad does not win
    assert places.resolve("Springfield", region=("AU", "")).geonameid == 2  # 'Springfield, Australia'
    australia = places.resolve("Australia")
    assert (australia.resolution, australia.lat, australia.country_code) == (1, -35.3, "AUS")  # capital's coordinates
    assert places.resolve("Illinois").resolution == 2
    assert places.resolve("Atlantis") is None
    assert places.capital("AUS") == "Canberra" and places.country_name("USA") == "United States"
    assert places.country_place("XXX", "nowhere", "sentence") is None


def adjective(word: str) -> str | None:
    return {"Australian": "AUS", "American": "USA"}.get(word)


def test_where_the_article_says_it_happened_when_the_sentence_names_no_place():
    from dotterel.place import described_place, destination_place
    from dotterel.records import Entity

    places = PlaceResolver(gazetteer=small_gazetteer())
    capital = described_place("Talks were held in the Australian capital.", [], places, adjective)
    assert (capital.resolved_place, capital.extracted_place, capital.source) == ("Canberra", "the Australian capital", "article")
    city = described_place("Protesters marched in the American city.", ["Springfield", "said", "Springfield"], places, adjective)
    assert (city.resolved_place, city.country_code, city.source) == ("Springfield", "USA", "article")
    town = described_place("Rebels attacked an Australian town.", [], places, adjective)
    assert (town.resolution, town.country_code, town.extracted_place) == (1, "AUS", "an Australian town")
    assert described_place("Rebels attacked a Martian town.", [], places, adjective) is None
    visited = destination_place([Entity("Canberra", "Australia", "AUS", "GOV", None, "lexicon")], places)
    assert (visited.resolved_place, visited.source) == ("Australia", "destination")
