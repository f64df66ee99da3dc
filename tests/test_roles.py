"""Who acts on whom: one test per role mechanism (events/roles.py, events/build.py), with sentences
written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from dotterel import code_text
from dotterel.dedup import merge_sentence_events
from dotterel.records import Entity, Event, Evidence

PUB = date(2024, 5, 10)


def _event(text: str, category: str):
    events = [e for e in code_text(text, PUB, all_modalities=True) if e.event == category]
    assert events, f"no {category} event in {text!r}"
    return events[0]


def _texts(entities) -> list[str]:
    return [e.entity_text for e in entities]


def _codes(entities) -> list[str | None]:
    return [e.code for e in entities]


@pytest.mark.model
@pytest.mark.parametrize("text, category, code", [
    ("Canada lifted its remaining sanctions against Venezuela on Tuesday.", "CONCEDE", "VEN"),
    ("The air force intensified its bombardment of villages near Aleppo.", "ASSAULT", "SYR"),
    ("Japan agreed to end its ban on Brazilian chicken.", "AGREE", "BRA"),
])
def test_an_act_noun_leads_to_whom_it_is_aimed_at(text, category, code):
    assert code in _codes(_event(text, category).recipient)


@pytest.mark.model
@pytest.mark.parametrize("text, category", [
    ("Chile and Peru have agreed to hold joint naval exercises next month.", "AGREE"),
    ("Chile and Peru failed to reach agreement on the disputed fishing zone.", "REJECT"),
])
def test_coordinated_subjects_of_an_agreement_or_refusal_are_the_two_sides(text, category):
    event = _event(text, category)
    assert _codes(event.actor) == ["CHL"] and _codes(event.recipient) == ["PER"]


@pytest.mark.model
def test_a_meeting_keeps_all_its_participants_as_actors():
    event = _event("Chile and Peru met in Lima to discuss the fishing dispute.", "CONSULT")
    assert sorted(_codes(event.actor)) == ["CHL", "PER"]


@pytest.mark.model
def test_a_thing_acted_on_is_named_as_written_when_no_party_is_coded():
    event = _event("Police in Lagos detained several suspects after the robbery.", "COERCE")
    assert _texts(event.recipient) == ["several suspects"]
    assert event.recipient[0].code == "NGA"  # the suspects are of the police's country (an inference)
    event = _event("The court rejected the appeal against the verdict.", "REJECT")
    assert event.recipient and event.recipient[0].code is None and event.recipient[0].source_of_code == "text"


@pytest.mark.model
def test_a_weapon_or_a_time_is_not_what_an_attack_is_aimed_at():
    event = _event("Hezbollah fired rockets from Lebanon on Sunday.", "ASSAULT")
    assert event.recipient == []


@pytest.mark.model
def test_a_gift_is_for_whom_its_purpose_clause_names():
    event = _event("Norway has donated a shipment of ventilators to assist Kenya with its response.", "AID")
    assert _codes(event.recipient) == ["KEN"]


@pytest.mark.model
def test_the_party_of_an_act_noun_object():
    event = _event("The Iranian interior ministry announced the release of four Kuwaiti fishermen.", "RETREAT")
    assert "KWT" in _codes(event.recipient)


@pytest.mark.model
def test_an_agentless_arrest_is_done_by_the_state_where_it_happened():
    event = _event("A prominent blogger was arrested in Uganda on Friday.", "COERCE")
    assert _codes(event.actor) == ["UGA"] and event.actor[0].source_of_code == "context"


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "The militia, which attacked the convoy on Monday, is based in the north of Mali.",
    "Hamas, which fired rockets at Israel overnight, said it would continue.",
])
def test_a_relative_pronoun_subject_is_its_antecedent(text):
    event = _event(text, "ASSAULT")
    assert _texts(event.actor) and _texts(event.actor)[0].lower() not in ("that", "which", "who")


def _mk(recipients) -> Event:
    return Event(doc_id="d", event="COERCE", actor=[Entity("Police", "Police", "NGA", "COP", None, "lexicon")],
                 recipient=recipients, text="t", sequence=0, start=0, end=1,
                 evidence=Evidence(trigger="x", trigger_start=0, trigger_end=1, rule="r"), confidence=0.5)


def test_a_thing_named_as_written_does_not_split_a_dyad_nor_outrank_a_party():
    thing = Entity("the vehicles", "the vehicles", None, None, None, "text")
    assert _mk([thing]).dyad_key() == _mk([]).dyad_key()
    party = _mk([Entity("Ghana", "Ghana", "GHA", None, None, "lexicon")])
    party.confidence = 0.4
    kept = merge_sentence_events([_mk([thing]), party])
    assert [_codes(e.recipient) for e in kept] == [["GHA"]]


@pytest.mark.model
def test_coordinated_subjects_refusing_together_are_both_actors():
    event = _event("Chile and Peru refused to allow the cargo ship to dock.", "REJECT")
    assert sorted(_codes(event.actor)) == ["CHL", "PER"]


@pytest.mark.model
@pytest.mark.parametrize("text, category, code, sector", [
    ("The ACLU sued the state over the new voting law.", "ACCUSE", "USA", "SOC"),  # organisations.tsv
    ("The RAF struck a weapons depot in northern Iraq.", "ASSAULT", "GBR", "MIL"),  # organisations.tsv
    ("Dutch marines seized a cargo ship off the coast.", "COERCE", "NLD", "MIL"),  # sectors.tsv: marine
    ("Somali extremists attacked a police station in Mogadishu.", "ASSAULT", "SOM", "REB"),  # sectors.tsv: extremist
])
def test_actors_named_the_way_real_news_names_them_are_coded(text, category, code, sector):
    actor = _event(text, category).actor[0]
    assert (actor.code, actor.sector) == (code, sector)


@pytest.mark.model
def test_the_owner_of_an_arrest_or_a_release_undergoes_it():
    event = _event("Police in Nairobi announced the journalist's arrest on Tuesday.", "COERCE")
    assert _texts(event.actor) == ["Police"] and _texts(event.recipient) == ["the journalist"]
    event = _event("The court ordered the activist's release.", "RETREAT")
    assert _texts(event.recipient) == ["the activist"]
    event = _event("Egypt's detention of the reporter drew wide criticism.", "COERCE")  # with 'of', the owner acts
    assert _codes(event.actor) == ["EGY"] and _texts(event.recipient) == ["the reporter"]
