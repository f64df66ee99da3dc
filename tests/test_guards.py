"""Precision guards: disasters, accidents, disease, weather and ordinary crime give no political event
unless a political actor acts. The sentences are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from dotterel import code_text
from dotterel.errors import DataFileError
from dotterel.guards import load_guards

PUB = date(2022, 3, 1)


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "An earthquake struck the mountain province of Van on Monday, killing at least 30 people.",
    "Floods killed 12 people in northern Bangladesh after a week of heavy rain.",
    "A bus crash killed nine passengers on the highway near Multan.",
    "The virus killed 40 more people in the region over the weekend.",
    "A fire destroyed dozens of homes on the outskirts of Davao.",
    "A gas explosion killed five workers at a chemical plant in Hebei.",
    "Four fishermen were killed in a storm off the coast of Kerala.",
    "Eleven miners were killed by a landslide at a gold mine in Sudan.",
    "A gang robbed a bank in Mombasa and shot a security guard.",
    "Thieves attacked a lorry carrying medicine in Lubumbashi.",
])
def test_disasters_accidents_and_ordinary_crime_give_no_event(text):
    assert code_text(text, PUB, all_modalities=True) == []


@pytest.mark.model
@pytest.mark.parametrize("text, category", [
    ("Police arrested three suspects after the bank robbery in Mombasa.", "COERCE"),
    ("A drug cartel attacked a police station in Sinaloa, killing two officers.", "ASSAULT"),
    ("Rebels attacked an army base after the earthquake in the north.", "ASSAULT"),
    ("Soldiers killed six protesters in the capital on Friday.", "ASSAULT"),
])
def test_political_actors_acting_still_give_events(text, category):
    assert category in {e.event for e in code_text(text, PUB, all_modalities=True)}


def test_hazard_words_load_and_include_phrases():
    guards = load_guards()
    assert "earthquake" in guards.heads and ("gas", "explosion") in guards.phrases
    assert "explosion" not in guards.heads  # an explosion alone may be a bomb


@pytest.mark.parametrize("body, line, message", [
    ("term\tkind\nquake\thazard\nsevere tropical storm\tweather\n", 3, "one word or 'modifier head'"),
    ("term\tkind\nquake\tgeology\n", 2, "bad kind"),
])
def test_a_bad_hazard_row_names_file_and_line(tmp_path, body, line, message):
    bad = tmp_path / "hazards.tsv"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError, match=f"hazards.tsv:{line}") as info:
        load_guards(bad)
    assert message in str(info.value)


@pytest.mark.model
def test_migrants_arriving_make_no_visit_but_a_minister_does():
    assert code_text("Migrants arrived in Lampedusa overnight on three boats.", PUB) == []
    visit = [e for e in code_text("The Kenyan foreign minister arrived in Addis Ababa on Monday for talks.", PUB)
             if e.event == "CONSULT"]
    assert visit and visit[0].mode == "visit" and visit[0].event_loc.extracted_place == "Addis Ababa"


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "When the young nurse arrived in Germany after weeks of travel, the cold was her first shock.",
    "Four foreign recruits arrived in a border town in early September after paying smugglers.",
])
def test_private_people_arriving_somewhere_travel(text):
    assert [e for e in code_text(text, PUB, all_modalities=True) if e.mode == "visit"] == []


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Cyclone Bakri hit the eastern coast on Friday, flattening hundreds of homes.",
    "A minibus plunged into a river near the town, killing eleven passengers.",
    "Dozens of people were killed when the old dam burst after days of rain.",
    "Volcanologists raised the volcano's alert level to its highest after new tremors.",
    "A man stabbed his brother during a quarrel about money.",
    "Two teenagers attacked a classmate with a knife after school.",
    "A spokeswoman for the ministry declined to comment on the claims.",
    "The minister's office refused to confirm the report.",
])
def test_hazards_accidents_private_lives_and_no_comment_give_no_event(text):
    assert code_text(text, PUB, all_modalities=True) == []


@pytest.mark.model
@pytest.mark.parametrize("text, category", [
    ("The president declared a state of emergency after the cyclone devastated the coast.", "COERCE"),
    ("Troops opened fire on the crowd after the storm had passed, killing four.", "ASSAULT"),
    ("Herders armed with machetes attacked farming villages in Plateau state.", "ASSAULT"),
    ("Iran refused to allow the inspectors into the site.", "REJECT"),
    ("Hundreds of residents protested outside the governor's office after the floods.", "PROTEST"),
])
def test_political_acts_around_disasters_and_refusals_still_give_events(text, category):
    assert category in {e.event for e in code_text(text, PUB, all_modalities=True)}


def test_mishap_verbs_load_apart_from_hazard_nouns():
    guards = load_guards()
    assert "capsize" in guards.mishaps and "capsize" not in guards.heads
    assert "fire" in guards.heads and "fire" in guards.subject_only  # 'opened fire' is gunfire


def test_a_mishap_of_two_words_names_file_and_line(tmp_path):
    bad = tmp_path / "hazards.tsv"
    bad.write_text("term\tkind\ncrash\tmishap\nrun aground\tmishap\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="hazards.tsv:3"):
        load_guards(bad)
