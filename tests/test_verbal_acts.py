"""Verbal acts of conflict (ACCUSE, REQUEST, REJECT, THREATEN) as real news words them: word families
from CAMEO's verb blocks and the mechanisms that find who speaks and about whom. One case each;
the sentences are written for these tests (no evaluation sentence). They run the installed spaCy
pipeline (marked ``model``).
"""

from __future__ import annotations

import pytest

from dotterel import code_text

pytestmark = pytest.mark.model


def coded(text: str) -> list[tuple[str, list[str], list[str]]]:
    return [(e.event, [a.entity_text for a in e.actor], [r.entity_text for r in e.recipient]) for e in code_text(text)]


def has(text: str, category: str, actor: str | None = None, recipient: str | None = None) -> bool:
    return any(event == category and (actor is None or any(actor in a for a in actors))
               and (recipient is None or any(recipient in r for r in recipients))
               for event, actors, recipients in coded(text))


# (sentence, category, a word of the actor, a word of the recipient)
FAMILIES = [
    # CAMEO 110 VERBAL_CONFLICT: dispute, challenge (of a decision, a claim, a result)
    ("Chile's foreign ministry disputed the findings of the Peruvian inquiry.", "ACCUSE", "Chile", "Peruvian"),
    ("The Peruvian opposition challenged the government's plan to close the border.", "ACCUSE", "opposition", "government"),
    # CAMEO 111 DENOUNCE / DENIGRATE blocks
    ("The Chilean president chided Peru over the arrests of fishermen.", "ACCUSE", "president", "Peru"),
    ("The Kenyan minister belittled Uganda's claims to the island.", "ACCUSE", "minister", "Uganda"),
    # being critical of someone (CAMEO 111 'react critically')
    ("The Chilean minister was highly critical of Peru's decision.", "ACCUSE", "minister", "Peru"),
    # calling someone out
    ("The Chilean president called out Peru for its treatment of migrants.", "ACCUSE", "president", "Peru"),
    # the critics' own words are criticism of the one they speak of
    ("Opposition critics say Prime Minister Viktor Orban has let the police act without any limits.", "ACCUSE", "critics", "Orban"),
    # criticism received: 'from' names who criticises, the subject is criticised
    ("Peru's government faces sharp criticism from the European Union over the arrests.", "ACCUSE", "European Union", "Peru"),
]


@pytest.mark.parametrize("text,category,actor,recipient", FAMILIES)
def test_verbal_conflict_family(text, category, actor, recipient):
    assert has(text, category, actor, recipient), coded(text)


# a statement, report or letter does what its participle or adjective says, and its issuer is the actor
STATEMENTS = [
    ("Amnesty International released a report accusing the Chilean police of torturing protesters.",
     "ACCUSE", "Amnesty", "police"),
    ("The UN panel issued a statement condemning Peru for the executions.", "ACCUSE", "UN panel", "Peru"),
    ("A UN rights committee released a report sharply critical of the Bolivian government.",
     "ACCUSE", "committee", "Bolivian government"),
]


@pytest.mark.parametrize("text,category,actor,recipient", STATEMENTS)
def test_statement_issuer_is_the_actor(text, category, actor, recipient):
    assert has(text, category, actor, recipient), coded(text)


def test_statement_participle_is_the_main_act():
    # the executions are what Peru is condemned for, not an act of the panel
    events = coded("The UN panel issued a statement condemning Peru for the executions.")
    assert [event for event, _, _ in events] == ["ACCUSE"], events


@pytest.mark.parametrize("text", [
    "The governor called out the National Guard after the riots in the capital.",  # troops called out
    "Critics of the new stadium say it will cost too much.",  # 'it': no party criticised
    "The Chilean president bemoaned the loss of his mother.",  # grief, not criticism
])
def test_no_criticism_where_the_word_means_something_else(text):
    assert not has(text, "ACCUSE"), coded(text)


def test_a_statement_participle_of_a_material_act_is_not_the_issuers():
    # 'resolutions targeting the government' attack no one: only what a statement says is its issuer's act
    assert not has("Russia and China vetoed two resolutions targeting the government in Caracas.", "ASSAULT", "Russia")


# manual 3.8: 'X said Y must be done' with no one named to do it is still a demand of X
@pytest.mark.parametrize("text,actor", [
    ("The European Union says the execution of the prisoners must be stopped.", "European Union"),
    ("Chile's government said reform of the electoral commission was needed.", "Chile"),
])
def test_passive_obligation_on_an_act_is_a_request(text, actor):
    assert has(text, "REQUEST", actor), coded(text)


def test_passive_obligation_with_its_agent_named_is_no_request_of_the_speaker():
    text = "The Chilean minister said any new conference should be recognised by both Peru and Bolivia."
    assert not has(text, "REQUEST", "minister"), coded(text)


# manual 3.10: refusing a yielding act ('will not lift', 'will never stop') is REJECT
@pytest.mark.parametrize("text,actor", [
    # the speaker's own polity through a pronoun is the speaker
    ("The president told reporters his country will not lift its ban on Peruvian fish until Lima apologises.", "president"),
    # stopping a war is a ceasefire, refusing it a rejection
    ("The Colombian government said on Monday that it would never stop the offensive against the guerrillas.",
     "Colombian government"),
])
def test_refused_concession_is_reject(text, actor):
    assert has(text, "REJECT", actor), coded(text)


def test_failed_talks_reject_through_their_parties():
    # the issue's 'failed to reach agreement': the talks' parties fail to agree (REJECT, table 12x)
    assert has("The talks between Chile and Peru failed to reach agreement on the border.", "REJECT", "Chile", "Peru")


def test_an_event_subject_that_is_no_meeting_does_not_act():
    # 'the killing ... urged' (a misparse) must not make the killers urge anything
    text = ("The UN rights chief said she was appalled by the killing of protesters by Myanmar's security forces, "
            "and urged the military to stop jailing demonstrators.")
    assert not has(text, "REQUEST", "security forces"), coded(text)


def test_counted_object_is_the_actor_charged():
    # 'charged one of the opposition leaders': the leaders are what is counted
    assert has("A Chilean court charged one of the opposition leaders with treason.", "ACCUSE", "court", "opposition leaders")


def test_a_statement_one_protests_against_is_not_the_protesters():
    # the resolution is the parliament's: protesting against it does not make its content Turkey's act
    text = "Turkey summoned the Chilean ambassador to protest against a resolution recognising the Armenian genocide."
    assert not has(text, "SUPPORT", "Turkey"), coded(text)


def test_a_condition_does_not_make_the_threat_secondary():
    # the unless-clause sets a condition; the threats (a noun) are still the act reported
    text = ("The decision followed weeks of threats by the Hungarian president that he would close the pipeline "
            "unless Brussels released the frozen funds.")
    assert has(text, "THREATEN", "Hungarian president"), coded(text)


def test_refusal_reported_with_assert_is_the_speakers():
    # 'asserted that they would not end their strike': 'assert' reports, so 'they' are the miners
    text = "Bolivian miners asserted on Friday that they would not end their strike until all their demands were met by the government."
    assert has(text, "REJECT", "miners"), coded(text)
    assert not has(text, "REQUEST", "government"), coded(text)  # the demands are not the government's


def test_demands_met_in_a_subordinate_clause_are_no_event():
    # 'until all their demands were met by the government': neither a demand made here nor a meeting
    text = "Bolivian miners asserted on Friday that they would not end their strike until all their demands were met by the government."
    assert not has(text, "CONSULT"), coded(text)
    assert not has(text, "REQUEST"), coded(text)


@pytest.mark.parametrize("text,category,actor,recipient", [
    ("The Chilean president called the Peruvian ambassador a liar.", "ACCUSE", "president", "ambassador"),
    ("The Peruvian foreign minister called the Chilean vote illegitimate.", "ACCUSE", "minister", "Chilean"),
    ("The Chilean president called the Peruvian president on Tuesday.", "CONSULT", "Chilean", "Peruvian"),  # a phone call
])
def test_calling_someone_names_is_criticism(text, category, actor, recipient):
    assert has(text, category, actor, recipient), coded(text)


@pytest.mark.parametrize("text,category,actor", [
    ("The Chilean government obstructed the UN inquiry into the massacre.", "REJECT", "Chilean government"),  # CAMEO 120
    ("Chile breached the ceasefire agreement with Peru on Sunday.", "REJECT", "Chile"),  # CAMEO 128
    ("The Chilean president cautioned that Chile would respond to any attack by Peru.", "THREATEN", "president"),  # CAMEO 130
])
def test_cameo_reject_and_threaten_families(text, category, actor):
    assert has(text, category, actor), coded(text)


def test_obstructing_a_road_is_no_rejection():
    assert not has("Chilean protesters obstructed the main road to the airport.", "REJECT")


def test_refuting_words_is_criticism_refuting_an_accusation_a_denial():
    # CAMEO REFUTE is verbal conflict [110]; a denial of allegations stays REJECT (manual 7.2 on CAMEO 016)
    assert has("The Chilean government strongly refuted the Peruvian president's comments on the border.",
               "ACCUSE", "Chilean government", "Peruvian president")
    text = "The Chilean government refuted the allegations of torture made by Peru."
    assert has(text, "REJECT", "Chilean government") and not has(text, "ACCUSE"), coded(text)
