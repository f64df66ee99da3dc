"""User actor/agent dictionaries: PETRARCH/TABARI text files and CSV (invented fixtures)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from dotterel.actors import ActorDictionary, DictionaryError, cameo_to_plover

FIXTURES = Path(__file__).parent / "fixtures" / "dicts"
ACTORS = FIXTURES / "sample.actors.txt"
AGENTS = FIXTURES / "sample.agents.txt"
CSV = FIXTURES / "sample.csv"


@pytest.fixture(scope="module")
def dic() -> ActorDictionary:
    return ActorDictionary.load([ACTORS, AGENTS, CSV])


def words(text: str) -> list[str]:
    return text.split()


def actor(dic: ActorDictionary, text: str, when: date | None = None):
    return dic.match_actor(words(text), 0, when)


# ---------------------------------------------------------------- phrases and synonyms


def test_primary_phrase_and_its_synonyms_share_the_code(dic):
    for text in ("Freedonia", "Freedonian troops", "Republic of Freedonia"):
        m = actor(dic, text)
        assert (m.code, m.country, m.sector, m.name) == ("FRD", "FRD", None, "Freedonia")


def test_match_is_case_insensitive(dic):
    assert actor(dic, "FREEDONIAN").code == actor(dic, "freedonian").code == "FRD"
    assert actor(dic, "rEpUbLiC oF fReEdOnIa").length == 3


def test_canonical_name_is_the_primary_phrase_in_title_case(dic):
    assert actor(dic, "Firefly").name == "Rufus T. Firefly"
    assert actor(dic, "Al-Badri Front").name == "Al-Badri Front"


def test_origin_points_at_the_phrase_line(dic):
    assert actor(dic, "Sylvanian").origin == f"{ACTORS}:13"


def test_longest_phrase_wins(dic):
    assert actor(dic, "Freedonia City council").length == 2
    m = actor(dic, "Freedonia Army units")
    assert (m.length, m.code, m.sector) == (2, "FRDMIL", "MIL")


def test_partial_phrase_does_not_match(dic):
    assert actor(dic, "Republic of Sylvania") is None
    assert dic.match_actor(words("the Freedonia"), 0, None) is None
    assert dic.match_actor(words("Freedonia"), 5, None) is None


def test_whole_words_only_by_default(dic):
    assert actor(dic, "Grandfenwickian") is None
    assert actor(dic, "Grandfenwickian parliament").code == "GFWLEG"


def test_stems_option_matches_tabari_stems_as_prefixes():
    dic = ActorDictionary.load(ACTORS, stems=True)
    assert actor(dic, "Grandfenwickians").code == "GFW"
    # the longer exact phrase still beats the one-word stem
    assert actor(dic, "Grandfenwickian parliament").code == "GFWLEG"
    # words ending in "_" stay whole words
    assert actor(dic, "Freedonians") is None


def test_hyphenated_phrase_matches_spacy_style_split(dic):
    assert actor(dic, "Al-Badri Front").code == "SYLREB"
    assert actor(dic, "Al - Badri Front").length == 4


def test_stacked_primaries_without_codes_share_the_next_roles(dic):
    when = date(2006, 1, 1)
    assert actor(dic, "Groucho Vane", when).code == actor(dic, "Marquis Vane", when).code == "SYLGOV"
    assert actor(dic, "Marquis Vane", when).name == "Groucho Vane"


def test_null_code_is_a_known_non_actor(dic):
    m = actor(dic, "nobody in particular")
    assert m.is_null and m.country is None and m.sector is None


# ---------------------------------------------------------------- dated roles


@pytest.mark.parametrize(
    ("when", "code"),
    [
        (date(1919, 12, 31), "FRDELI"),  # before every interval: the default
        (date(1920, 1, 1), "FRDELI"),  # first day, inclusive
        (date(1933, 11, 17), "FRDGOV"),  # inside the second interval
        (date(1934, 12, 31), "FRDGOV"),  # last day, inclusive
        (date(1950, 1, 1), "FRDELI"),  # after: the default again
        (None, "FRDELI"),  # undated text: the default
    ],
)
def test_role_is_chosen_by_event_date(dic, when, code):
    assert actor(dic, "Rufus T. Firefly", when).code == code
    assert actor(dic, "Firefly", when).code == code


def test_datetime_is_accepted_as_a_date(dic):
    assert actor(dic, "Firefly", datetime(1934, 1, 1, 12, 30)).code == "FRDGOV"


@pytest.mark.parametrize(
    ("when", "code"),
    [
        (date(1999, 12, 31), "SYLMIL"),  # "<20000101"
        (date(2000, 1, 1), "SYLMIL"),  # the bound itself is included
        (date(2005, 1, 1), None),  # between the open intervals, no default
        (date(2010, 6, 1), "SYLGOV"),  # ">20100601"
        (date(2030, 1, 1), "SYLGOV"),
        (None, "SYLGOV"),  # undated, no default: the most recent role
    ],
)
def test_open_intervals(dic, when, code):
    m = actor(dic, "Trentino Boss", when)
    assert (m.code if m else None) == code


def test_two_digit_years_follow_petrarch(dic):
    assert actor(dic, "Zoth Ommog", date(1995, 1, 1)).code == "OMMMIL"  # 950101 is 1995
    assert actor(dic, "Zoth Ommog", date(1994, 12, 31)) is None


def test_dated_roles_in_csv(dic):
    assert actor(dic, "Queen Ysolde", date(2005, 1, 1)).code == "DRVGOV"
    assert actor(dic, "Queen Ysolde", date(2020, 1, 1)).sector == "ELI"
    assert actor(dic, "Queen Ysolde", date(1990, 1, 1)).sector == "ELI"  # the undated row


# ---------------------------------------------------------------- CAMEO -> PLOVER


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("CHNGOV", ("CHN", "GOV")),
        ("USAGOVELI", ("USA", "GOV")),
        ("FRDMED", ("FRD", "JRN")),  # CAMEO media
        ("FRDGOVHLH", ("FRD", "GOV")),
        ("FRDHLH", ("FRD", "MED")),  # CAMEO health
        ("SYLINS", ("SYL", "REB")),
        ("IGOUNOREFHCR", ("UNO", "REF")),
        ("IGOEUREEC", ("EUR", None)),
        ("IGOEEU", ("EUR", None)),
        ("IGOWSTNAT", ("IGO", None)),
        ("IGOCOPITP", ("IGO", "COP")),
        ("NGOREF", ("NGO", "REF")),
        ("MNCUSA", ("MNC", None)),
        ("IMGMOSREB", ("IMG", "REB")),  # a functional group beats the religion
        ("IMGMOS", ("IMG", None)),  # an armed group's religious label is not a sector
        ("SYLMOS", ("SYL", "REL")),
        ("HINRAD", (None, "REB")),  # leading sector: no country
        ("CIV", ("CIV", None)),  # Cote d'Ivoire, not civilians
        ("---", (None, None)),
        ("---GOV", (None, "GOV")),
        ("ELR/GAL", ("ELR", None)),
    ],
)
def test_cameo_to_plover(code, expected):
    assert cameo_to_plover(code) == expected


def test_match_carries_the_mapping(dic):
    assert (actor(dic, "United Federation").country, actor(dic, "League of Towns").country) == (
        "UNO", "EUR")
    assert actor(dic, "Freedonia state media").sector == "JRN"
    assert actor(dic, "Pinky Tuscadero").sector == "GOV"


# ---------------------------------------------------------------- agents


def agent(dic, text):
    return dic.match_agent(words(text), 0)


def test_agents_with_regular_and_explicit_plurals(dic):
    for text in ("president", "presidents", "Foreign Ministers", "parties", "bus drivers"):
        m = agent(dic, text)
        assert m is not None and m.country is None, text
    assert agent(dic, "attorneys general").sector == "JUD"
    assert agent(dic, "attorney generals") is None


def test_agent_null_plural_and_substitution_sets(dic):
    assert agent(dic, "police").sector == "COP"
    assert agent(dic, "polices") is None
    assert [agent(dic, w).sector for w in ("councilwoman", "councilmen")] == ["LEG", "LEG"]
    assert agent(dic, "councilmans") is None  # substitutions get no extra plural


def test_prefix_agent_code_plays_the_country_part(dic):
    m = agent(dic, "relief bodies")
    assert (m.code, m.country, m.sector) == ("NGO~", "NGO", None)


def test_csv_row_without_code_is_an_agent(dic):
    assert agent(dic, "Harbour master").sector == "GOV"
    assert actor(dic, "Harbour master") is None


def test_actors_and_agents_are_separate(dic):
    assert agent(dic, "Freedonia") is None
    assert actor(dic, "president") is None


# ---------------------------------------------------------------- find_all


def test_find_all_is_greedy_left_to_right(dic):
    text = "Freedonian army said Freedonia Army and Sylvania met Rufus T. Firefly"
    found = [(i, m.code, m.length) for i, m in dic.find_all(words(text), date(1934, 1, 1))]
    assert found == [(0, "FRD", 1), (3, "FRDMIL", 2), (6, "SYL", 1), (8, "FRDGOV", 3)]


def test_find_all_skips_phrases_without_a_role_on_that_date(dic):
    assert dic.find_all(words("Trentino Boss spoke"), date(2005, 1, 1)) == []


# ---------------------------------------------------------------- errors


def test_bad_lines_are_reported_with_file_and_line_and_the_rest_loads():
    seen: list[str] = []
    dic = ActorDictionary.load([ACTORS, AGENTS, CSV], on_error=seen.append)
    assert seen == dic.errors
    assert {e.rsplit(":", 1)[0] for e in seen} >= {
        f"{ACTORS}:48", f"{ACTORS}:49", f"{ACTORS}:50", f"{ACTORS}:51",
        f"{AGENTS}:12", f"{AGENTS}:13", f"{CSV}:8", f"{CSV}:9", f"{CSV}:10",
    }
    assert any("bad date '20101345'" in e for e in seen)
    assert actor(dic, "Broken date") is None  # its record is dropped, not half-loaded
    assert actor(dic, "Groucho Vane", date(2011, 6, 1)) is None  # bad role did not land here
    assert actor(dic, "Last good one").code == "SYLLAB"
    assert actor(dic, "After bad rows").sector == "OPP"


def test_errors_are_reported_as_file_line_reason():
    dic = ActorDictionary.load(ACTORS)
    for error in dic.errors:
        path, line, reason = error.rsplit(":", 2)
        assert path == str(ACTORS) and line.isdigit() and reason.strip()


def test_comment_blocks_are_skipped(dic):
    assert actor(dic, "Unseen land") is None


def test_unreadable_file_raises(tmp_path):
    with pytest.raises(DictionaryError, match="cannot read"):
        ActorDictionary.load(tmp_path / "missing.actors.txt")
    with pytest.raises(DictionaryError, match="cannot read"):
        ActorDictionary.load(tmp_path)  # a directory


def test_csv_without_header_raises(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Dorvalia,DRV,,,\n")
    with pytest.raises(DictionaryError, match="header"):
        ActorDictionary.load(path)


def test_agents_detected_by_content(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("GENERAL [~MIL]\nCHANCELLOR [~GOV]\n")
    dic = ActorDictionary.load(path)
    assert agent(dic, "generals").sector == "MIL" and dic.errors == []


def test_cp1252_file_is_read(tmp_path):
    path = tmp_path / "old.actors"
    path.write_bytes("C\xd4TE_VERTE_ [CVT]\n".encode("cp1252"))
    assert actor(ActorDictionary.load(path), "c\xf4te verte").code == "CVT"


def test_later_definition_replaces_earlier(tmp_path):
    override = tmp_path / "override.actors.txt"
    override.write_text("SYLVANIA_ [SYLGOV]\n")
    dic = ActorDictionary.load([ACTORS, override])
    assert actor(dic, "Sylvania").code == "SYLGOV"
    assert actor(dic, "Sylvanian").code == "SYL"


def test_len_and_stats(dic):
    stats = dic.stats()
    assert len(dic) == stats["actor_phrases"] + stats["agent_phrases"]
    assert stats["files"] == 3 and stats["errors"] == len(dic.errors) > 0
    assert stats["dated_roles"] > 0 and stats["agent_entries"] > 0


def test_the_cameo_groups_are_data_read_from_a_data_dir(tmp_path):
    from dotterel.actors.cameo import load_cameo_groups
    from dotterel.errors import DataFileError
    from dotterel.resources import copy_packaged_data, data_dir_scope

    data = copy_packaged_data(tmp_path / "data")
    path = data / "cameo_groups.tsv"
    path.write_text(path.read_text(encoding="utf-8") + "VET\tMIL\tsector\n", encoding="utf-8")
    assert cameo_to_plover("USAVET") == ("USA", None)
    with data_dir_scope(data):
        assert cameo_to_plover("USAVET") == ("USA", "MIL") and cameo_to_plover("VETGOV") == (None, "MIL")
    for row, reason in (("GOV\tGOV\tsector", "listed twice"), ("VAT\tXYZ\tsector", "bad sector 'XYZ'"),
                        ("VAT\tREL\tcult", "bad kind 'cult'")):
        bad = copy_packaged_data(tmp_path / row.replace("\t", "_"))
        lines = (bad / "cameo_groups.tsv").read_text(encoding="utf-8").splitlines() + [row]
        (bad / "cameo_groups.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(DataFileError) as info:
            load_cameo_groups(bad)
        assert info.value.origin == f"{bad / 'cameo_groups.tsv'}:{len(lines)}" and reason in info.value.reason
