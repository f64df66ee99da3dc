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


def test_the_mapped_index_answers_as_the_index_it_was_made_from(monkeypatch):
    """The on-disk columns (dotterel.place.mapped) give what the dicts give, names sharing a
    hash included (every name is forced onto one hash here)."""
    from dotterel.place import mapped

    gaz = small_gazetteer()
    for hashing in (mapped.name_hash, lambda name: 42):
        monkeypatch.setattr(mapped, "name_hash", hashing)
        columns = mapped.MappedGazetteer(mapped.encode(gaz.index, "t"), "t")
        for name in ("springfield", "canberra", "atlantis", "", "springfield2"):
            assert columns.city_ids(name) == gaz.city_ids(name)
        for geonameid in (1, 2, 3, 0, 4, -1):
            assert columns.city(geonameid) == gaz.city(geonameid)
        assert columns.city_ids("springfield") == (1, 2)  # the most populous first
        for code in ("US", "AU", "FR"):
            assert (columns.country(code), columns.plover_code(code)) == (gaz.country(code), gaz.plover_code(code))
        assert columns.country_named("australia") == "AU" and columns.subdivision_named("illinois") == ("US", "Illinois", "IL")
        assert (columns.alpha2("AUS"), columns.alpha2("KOS"), columns.alpha2("ZZZ")) == ("AU", "XK", None)
        resolved = PlaceResolver(gazetteer=columns).resolve("Springfield", region=("AU", ""))
        assert resolved == PlaceResolver(gazetteer=gaz).resolve("Springfield", region=("AU", ""))


def test_a_mapped_index_of_another_version_or_cut_short_is_refused(tmp_path):
    import pytest

    from dotterel.place import mapped

    raw = mapped.encode(small_gazetteer().index, "v1")
    path = tmp_path / "g.bin"
    path.write_bytes(raw)
    assert mapped.read(path, "v1").city(3).name == "Canberra"
    for data, tag, why in ((raw, "v2", "another version"), (raw[:-16], "v1", "truncated"),
                           (b"not an index", "v1", "not a dotterel"), (b"", "v1", "empty")):
        path.write_bytes(data)
        with pytest.raises(ValueError, match=why):
            mapped.read(path, tag)
