"""Data files: read_tsv validation on files written here, and real checks of the shipped lexicons."""

from __future__ import annotations

import re
from importlib import resources as importlib_resources
from pathlib import Path

import pytest

from dotterel.actors import load_actor_lexicon
from dotterel.errors import DataFileError
from dotterel.events import load_event_lexicon
from dotterel.resources import PLOVER_CATEGORIES, check_choice, check_code, read_tsv
from dotterel.sectors import load_sector_codes

COLUMNS = ("surface", "code", "sector")


def tsv(tmp_path: Path, text: str, name: str = "user.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(path: Path, columns=COLUMNS) -> list:
    return list(read_tsv(path.name, columns, path=path))


def test_rows_with_origin_comments_and_blank_lines_skipped(tmp_path):
    path = tsv(tmp_path, "# a comment before the header\n\nsurface\tcode\tsector\n"
                         "China\tCHN\tGOV\n   # an indented comment\n\n  \nRussia\tRUS\n")
    got = rows(path)
    assert [r.values for r in got] == [
        {"surface": "China", "code": "CHN", "sector": "GOV"},
        {"surface": "Russia", "code": "RUS", "sector": ""},  # a short row is padded
    ]
    assert [r.origin for r in got] == [f"{path}:4", f"{path}:8"]
    assert got[0]["code"] == "CHN"


def test_cells_are_stripped_and_windows_line_ends_accepted(tmp_path):
    path = tsv(tmp_path, "surface\tcode\tsector\r\n United States \t USA \tGOV\r\n")
    assert [r.values for r in rows(path)] == [{"surface": "United States", "code": "USA", "sector": "GOV"}]


def test_wrong_header_names_file_and_line(tmp_path):
    path = tsv(tmp_path, "# comment\nsurface\tsector\tcode\nChina\tGOV\tCHN\n")
    with pytest.raises(DataFileError) as info:
        rows(path)
    assert info.value.origin == f"{path}:2"
    assert "surface|code|sector" in info.value.reason
    assert str(info.value).startswith(f"{path}:2: ")


def test_too_many_columns_names_file_and_line(tmp_path):
    path = tsv(tmp_path, "surface\tcode\tsector\nChina\tCHN\tGOV\n\nRussia\tRUS\tGOV\textra\n")
    got = read_tsv(path.name, COLUMNS, path=path)
    assert next(got)["surface"] == "China"  # rows before the bad line are yielded
    with pytest.raises(DataFileError) as info:
        next(got)
    assert info.value.origin == f"{path}:4"
    assert info.value.reason == "expected 3 tab-separated columns, got 4"


def test_empty_first_cell_is_an_error(tmp_path):
    path = tsv(tmp_path, "surface\tcode\tsector\n\tCHN\tGOV\n")
    with pytest.raises(DataFileError) as info:
        rows(path)
    assert info.value.origin == f"{path}:2"


def test_file_without_header_is_an_error(tmp_path):
    path = tsv(tmp_path, "# only comments\n\n")
    with pytest.raises(DataFileError) as info:
        rows(path)
    assert info.value.origin == str(path)
    assert "no header" in info.value.reason


def test_packaged_file_is_labelled_by_package_path():
    first = next(read_tsv("categories.tsv", _header("categories.tsv")))
    assert re.fullmatch(r"dotterel/data/categories\.tsv:\d+", first.origin)


def test_check_code_and_check_choice(tmp_path):
    sectors = load_sector_codes().codes
    path = tsv(tmp_path, "surface\tcode\tsector\nChina\tCHN\tGOV\nX\tchn\tXYZ\nY\t\t\n")
    good, bad, empty = rows(path)
    assert check_code(good, "code") == "CHN"
    assert check_code(good, "sector", sectors) == "GOV"
    assert check_code(empty, "sector", sectors, optional=True) is None
    for key, allowed in (("code", None), ("sector", sectors)):
        with pytest.raises(DataFileError) as info:
            check_code(bad, key, allowed)
        assert info.value.origin == f"{path}:3"
    with pytest.raises(DataFileError):
        check_code(empty, "code")
    assert check_choice(good, "sector", ("GOV", "MIL")) == "GOV"
    assert check_choice(empty, "sector", ("GOV",), optional=True) is None
    with pytest.raises(DataFileError) as info:
        check_choice(bad, "sector", ("GOV", "MIL"))
    assert "expected one of GOV, MIL" in info.value.reason


# ------------------------------------------------------------------------- the shipped data


def _data_files() -> list[str]:
    return sorted(p.name for p in importlib_resources.files("dotterel.data").iterdir() if p.name.endswith(".tsv"))


def _header(name: str) -> tuple[str, ...]:
    text = importlib_resources.files("dotterel.data").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return tuple(c.strip() for c in line.split("\t"))
    raise AssertionError(f"{name} has no header")


@pytest.mark.parametrize("name", _data_files())
def test_every_packaged_tsv_is_well_formed(name):
    """Header present, no line wider than the header, no empty key cell, at least one row."""
    assert list(read_tsv(name, _header(name)))


# files whose rows the loaders put into a dict: a key given twice with different values is silently overridden
KEYED = {"sectors.tsv": ("term",), "wrappers.tsv": ("lemma",), "modality.tsv": ("cue", "kind"),
         "cameo.tsv": ("event", "mode"), "categories.tsv": ("event",)}


@pytest.mark.parametrize("name", sorted(KEYED))
def test_no_key_is_given_two_different_values(name):
    seen: dict[tuple, tuple[dict, str]] = {}
    for row in read_tsv(name, _header(name)):
        key = tuple(row[c].lower() for c in KEYED[name])
        if key in seen:
            assert seen[key][0] == row.values, f"{row.origin} redefines {key} from {seen[key][1]}"
        seen.setdefault(key, (row.values, row.origin))


def test_event_lexicon_loads():
    lex = load_event_lexicon()
    assert lex.verbs and lex.nouns and lex.wrappers
    rules = [r for table in (lex.verbs, lex.nouns) for group in table.values() for r in group]
    assert {r.event for r in rules} <= set(PLOVER_CATEGORIES)
    assert all(0 < r.weight <= 1 for r in rules), [r.origin for r in rules if not 0 < r.weight <= 1]
    # the commonest verbs of diplomacy and violence are there
    assert {"meet", "accuse", "attack"} <= set(lex.verbs)


def test_every_plover_category_has_a_quad_class_and_cameo_root():
    lex = load_event_lexicon()
    assert set(lex.categories) == set(PLOVER_CATEGORIES)
    for event, row in lex.categories.items():
        expected_quad = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2,
                         "RETREAT": 2, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3}.get(event, 4)
        assert int(row["quad"]) == expected_quad, event
        assert re.fullmatch(r"\d{3}", row["cameo"]), event
        assert row["cooperative"] in ("yes", "no"), event


def test_cameo_codes_are_well_formed():
    lex = load_event_lexicon()
    assert lex.cameo
    for (event, mode), code in lex.cameo.items():
        assert event in PLOVER_CATEGORIES, (event, mode)
        assert re.fullmatch(r"\d{3,4}", code), (event, mode, code)


def test_modes_and_frame_rules_name_plover_categories():
    lex = load_event_lexicon()
    assert set(lex.modes) <= set(PLOVER_CATEGORIES)
    for rule in lex.frame_rules:  # inner is '*' or EVENT[:mode]; event '=' keeps the inner event
        assert rule.inner == "*" or rule.inner.partition(":")[0] in PLOVER_CATEGORIES, rule
        # event '=' keeps the inner event; '>frame' hands it to that frame's rules
        assert rule.event in PLOVER_CATEGORIES or rule.event == "=" or rule.event[1:] in {r.frame for r in lex.frame_rules}, rule
    for _, context in lex.contexts:
        assert re.fullmatch(r"[a-z][a-z_]*", context), context


def test_actor_lexicon_loads_and_resolves_well_known_names():
    lex = load_actor_lexicon()
    assert lex.match_at(["China"], 0).code == "CHN"
    assert lex.match_at(["Russian"], 0).code == "RUS"
    entry = lex.match_at(["United", "Nations", "Security"], 0)
    assert (entry.code, entry.tokens) == ("UNO", ("United", "Nations"))
    assert lex.match_at(["Nothing", "here"], 0) is None


PEOPLE_HEADER = "surface\tcode\tsector\tname\tkind\n"


def test_people_rows_become_person_entries(tmp_path):
    from dotterel.actors import read_people

    path = tsv(tmp_path, PEOPLE_HEADER + "Ana Duarte\tPRT\tGOV\tAna Duarte\tfull\nDuarte\tPRT\tGOV\tAna Duarte\tsurname\n"
                                         "Jean-Luc Okafor\tNGA\t\tJean-Luc Okafor\tfull\n")
    got = read_people(path)
    assert [(e.tokens, e.code, e.sector, e.kind) for e in got] == [
        (("Ana", "Duarte"), "PRT", "GOV", "person:full"),
        (("Duarte",), "PRT", "GOV", "person:surname"),
        (("Jean", "-", "Luc", "Okafor"), "NGA", None, "person:full"),  # hyphens split as spaCy splits them
    ]


@pytest.mark.parametrize("row, reason", [
    ("Ana Duarte\tPRT\tGOV\tAna Duarte\tnickname\n", "bad kind"),
    ("Ana Duarte\tPortugal\tGOV\tAna Duarte\tfull\n", "bad code"),
    ("Ana Duarte\tPRT\tPRES\tAna Duarte\tfull\n", "bad sector"),
    ("Ana Duarte\tPRT\tGOV\t\tfull\n", "no canonical name"),
    ("Ana Duarte\tPRT\tGOV\tAna Duarte\tsurname\n", "one word"),
    ("Duarte\tPRT\tGOV\tAna Duarte\tsurname\n", "already listed"),
])
def test_bad_people_rows_name_file_and_line(tmp_path, row, reason):
    from dotterel.actors import read_people

    path = tsv(tmp_path, PEOPLE_HEADER + "Duarte\tPRT\tGOV\tAna Duarte\tsurname\n" + row)
    with pytest.raises(DataFileError) as info:
        read_people(path)
    assert info.value.origin == f"{path}:3" and reason in info.value.reason


TRIGGER_HEADER = "lemma\tpos\tobject\tevent\tmode\trecipient\tframe\tweight\n"


def test_trigger_object_column_is_split_on_load_and_unknown_exclusions_name_the_line(tmp_path):
    from dotterel.events.lexicon import _load_triggers

    path = tsv(tmp_path, TRIGGER_HEADER + "leave\tV\t^troop|@place|from\tRETREAT\twithdraw\tdobj\t\t0.6\n"
                                          "agree\tV\t!opinion\tAGREE\t\t\tpromise\t0.7\n")
    verbs, _ = _load_triggers(path.name, path=path)
    [leave], [agree] = verbs["leave"], verbs["agree"]
    assert (leave.subjects, leave.tests, leave.exclusions) == ({"troop"}, {"@place", "from"}, frozenset())
    assert (agree.subjects, agree.tests, agree.exclusions) == (frozenset(), frozenset(), {"opinion"})
    bad = tsv(tmp_path, TRIGGER_HEADER + "agree\tV\t!opnion\tAGREE\t\t\tpromise\t0.7\n", name="bad.tsv")
    with pytest.raises(DataFileError) as info:
        _load_triggers(bad.name, path=bad)
    assert info.value.origin == f"{bad}:2" and "!opnion" in info.value.reason


def test_a_misspelt_object_test_is_rejected_on_load_with_its_line(tmp_path):
    """'@actr' used to load and never match; every '@' name must be a registered object test."""
    from dotterel.events.lexicon import _load_triggers
    from dotterel.events.triggers import OBJECT_TESTS

    good = tsv(tmp_path, TRIGGER_HEADER + "".join(f"hit\tV\t{name}\tASSAULT\t\tdobj\t\t0.6\n" for name in OBJECT_TESTS))
    verbs, _ = _load_triggers(good.name, path=good)
    assert {t for rule in verbs["hit"] for t in rule.tests} == set(OBJECT_TESTS)
    bad = tsv(tmp_path, TRIGGER_HEADER + "hit\tV\t@actor\tASSAULT\t\tdobj\t\t0.6\n"
                                         "arrest\tV\tsuspect|@actr\tCOERCE\tarrest\tdobj\t\t0.6\n", name="bad.tsv")
    with pytest.raises(DataFileError) as info:
        _load_triggers(bad.name, path=bad)
    assert info.value.origin == f"{bad}:3" and "'@actr'" in info.value.reason and "@actor" in info.value.reason


def test_word_classes_are_validated_on_load_with_their_line(tmp_path):
    from dotterel.vocabulary import load_vocabulary, read_word_classes, vocab
    from dotterel.resources import copy_packaged_data

    assert "official" in vocab().actor_noun and vocab().classes["locative_prep"] == vocab().locative_prep
    header = "class\twords\n"
    for body, line, word in (("actor_noun\tarmy Army\n", 2, "Army"), ("a\tx\na\ty\n", 3, "'a'"),
                             ("demand_noun\tcall call\n", 2, "call"), ("Bad-Name\tx\n", 2, "Bad-Name")):
        data = tmp_path / f"d{line}{word.strip(chr(39))}"
        data.mkdir()
        (data / "word_classes.tsv").write_text(header + body, encoding="utf-8")
        with pytest.raises(DataFileError) as info:
            read_word_classes(data)
        assert info.value.origin == f"{data / 'word_classes.tsv'}:{line}" and word in info.value.reason
    data = copy_packaged_data(tmp_path / "copy")
    text = (data / "word_classes.tsv").read_text(encoding="utf-8")
    (data / "word_classes.tsv").write_text(text.replace("\nrole_head\t", "\nrole_heads\t"), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_vocabulary(data)
    assert "'role_head'" in info.value.reason


def test_irregular_verbs_are_one_word_each():
    from dotterel.nlp import irregular_forms

    table = irregular_forms()
    assert all(" " not in lemma and forms for lemma, forms in table.items())
    assert {"brought", "shot", "sold"} <= {f for forms in table.values() for f in forms}


def test_recipient_columns_are_read_on_load_and_bad_places_or_flags_name_the_line(tmp_path):
    from dotterel.events.lexicon import _load_triggers

    good = tsv(tmp_path, TRIGGER_HEADER + "visit\tV\t\tCONSULT\tvisit\tdobj!req,to\t\t0.8\n"
                                          "host\tV\t\tCONSULT\tvisit\tdobj!swap\t\t0.8\n")
    verbs, _ = _load_triggers(good.name, path=good)
    [visit], [host] = verbs["visit"], verbs["host"]
    assert (visit.spec.places, visit.spec.required, visit.spec.swap) == (("dobj", "to"), True, False)
    assert (host.spec.places, host.spec.required, host.spec.swap) == (("dobj",), False, True)
    for column, reason in (("dobj,agaist", "'agaist'"), ("dobj!swp", "'!swp'")):
        bad = tsv(tmp_path, TRIGGER_HEADER + f"visit\tV\t\tCONSULT\tvisit\t{column}\t\t0.8\n", name="bad.tsv")
        with pytest.raises(DataFileError) as info:
            _load_triggers(bad.name, path=bad)
        assert info.value.origin == f"{bad}:2" and reason in info.value.reason
