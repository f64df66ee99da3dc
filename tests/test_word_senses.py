"""Word senses that trigger rows exclude with '!word' / '!&class' (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from dotterel import code_text
from dotterel.errors import DataFileError
from dotterel.events.lexicon import _load_triggers

PUB = date(2022, 3, 1)


def events(text):
    return {e.event for e in code_text(text, PUB, all_modalities=True)}


@pytest.mark.model
@pytest.mark.parametrize("text, absent", [
    ("The militia committed terrible atrocities in the villages of the valley.", "AGREE"),
    ("Many crimes were committed by the occupying troops, the report said.", "AGREE"),
    ("The town is defended by a few hundred fighters loyal to the warlord.", "SUPPORT"),
    ("She volunteered because of her deep religious convictions.", "SANCTION"),
    ("The navy launched missile strikes on radar sites along the coast.", "PROTEST"),
])
def test_excluded_senses_give_no_event_of_that_category(text, absent):
    assert absent not in events(text)


@pytest.mark.model
@pytest.mark.parametrize("text, category", [
    ("The junta committed itself to holding elections within a year.", "AGREE"),
    ("The foreign minister defended the decision to expel the diplomats.", "SUPPORT"),
    ("The navy launched missile strikes on radar sites along the coast.", "ASSAULT"),
    ("Dock workers launched a strike over unpaid wages in Mombasa.", "PROTEST"),
])
def test_the_same_triggers_keep_their_political_sense(text, category):
    assert category in events(text)


def test_an_excluded_class_must_exist(tmp_path):
    bad = tmp_path / "triggers.tsv"
    bad.write_text("lemma\tpos\tobject\tevent\tmode\trecipient\tframe\tweight\n"
                   "refuse\tV\t!&no_such_class\tREJECT\t\t\treject\t0.8\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="triggers.tsv:2"):
        _load_triggers("triggers.tsv", path=bad)


def test_an_excluded_class_expands_to_its_words(tmp_path):
    rows = tmp_path / "triggers.tsv"
    rows.write_text("lemma\tpos\tobject\tevent\tmode\trecipient\tframe\tweight\n"
                    "refuse\tV\t!&no_comment\tREJECT\t\t\treject\t0.8\n", encoding="utf-8")
    verbs, _ = _load_triggers("triggers.tsv", path=rows)
    rule = verbs["refuse"][0]
    assert {"comment", "confirm"} <= rule.exclusions and not rule.tests
