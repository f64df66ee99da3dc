"""Event coding end to end, sentence by sentence: categories in their frame, roles, modality,
evidence, actors, places and dates. The sentences are written for these tests.

These run the installed spaCy pipeline (marked ``model``); each sentence is parsed once.
"""

from __future__ import annotations

from datetime import date

import pytest

from dotterel import code_text

pytestmark = pytest.mark.model

PUB = date(2021, 6, 10)  # a Thursday


def code(text: str, pub: date | None = PUB, **kw):
    return code_text(text, pub, all_modalities=True, **kw)


def one(text: str, pub: date | None = PUB, category: str | None = None):
    events = code(text, pub)
    if category is not None:
        events = [e for e in events if e.event == category]
    assert events, f"no event in: {text}"
    return max(events, key=lambda e: e.confidence)


def codes(entities) -> set:
    return {e.code for e in entities}


# --------------------------------------------------------------------------- categories in their frame

@pytest.mark.parametrize("text, category, mode", [
    ("Turkey threatened to impose sanctions on Sweden over the extradition dispute.", "THREATEN", "restrict"),  # table 1312
    ("The African Union called for a ceasefire in the border war between Sudan and Chad.", "REQUEST", "yield"),
    ("Colombia rejected calls for talks with the rebel group.", "REJECT", "meet"),
    ("Police in Lagos arrested 40 protesters on Tuesday.", "COERCE", "arrest"),
    ("Rebels attacked an army base in northern Mali with mortars.", "ASSAULT", "heavy-weapons"),
    ("Thousands of teachers went on strike in Buenos Aires over pay.", "PROTEST", "strike"),
    ("The Indian foreign minister visited Nepal on Tuesday.", "CONSULT", "visit"),
    ("Germany expelled two Russian diplomats on Monday.", "SANCTION", "expel"),
    ("Japan pledged $10 million in humanitarian aid to Bangladesh.", "AGREE", None),
    ("Japan sent $10 million in humanitarian aid to Bangladesh.", "AID", None),
    ("Kenya and Tanzania signed a trade agreement on Monday.", "SUPPORT", None),
    ("The rebels released 12 hostages on Wednesday.", "RETREAT", "release"),
    ("Russia deployed additional troops to its border with Ukraine.", "MOBILIZE", "troops"),
    ("The opposition leader accused the government of rigging the election.", "ACCUSE", "allege"),
])
def test_category_and_mode_from_trigger_in_frame(text, category, mode):
    event = one(text, category=category)
    assert event.mode == mode


def test_willingness_to_cooperate_is_agree_asserted():
    event = one("Vietnam is willing to work with Australia on maritime security.")
    assert (event.event, event.modality) == ("AGREE", "asserted")
    assert codes(event.actor) == {"VNM"} and codes(event.recipient) == {"AUS"}
    assert event.evidence.frame == "commit"  # being willing to is a commitment (wrappers.tsv)


def test_future_cooperative_act_is_agree_with_future_modality():
    event = one("The Chilean president will visit Argentina next month.")
    assert (event.event, event.modality) == ("AGREE", "future")


def test_announced_future_withdrawal_is_concede():
    event = one("Ethiopia announced that it would withdraw its troops from the disputed town.")
    assert event.event == "CONCEDE"


def test_descriptive_sentence_has_no_event():
    assert code("The port, which opened in 1896, handles most of the region's cargo.") == []
    assert code("The attack helicopter fleet dates from the 1980s.") == []


# --------------------------------------------------------------------------- roles

def test_passive_voice_agent_is_actor_and_subject_recipient():
    event = one("Two journalists were detained by Egyptian police in Cairo.", category="COERCE")
    assert codes(event.actor) == {"EGY"} and event.actor[0].sector == "COP"
    assert event.recipient and event.recipient[0].sector == "JRN"


def test_coordinated_subjects_are_all_actors():
    event = one("France and Germany condemned the coup in Niger.", category="ACCUSE")
    assert codes(event.actor) == {"FRA", "DEU"}


def test_prepositional_recipients():
    assert codes(one("Canada imposed sanctions against Belarus.", category="COERCE").recipient) == {"BLR"}
    assert codes(one("The Pakistani prime minister held talks with Chinese officials.", category="CONSULT").recipient) == {"CHN"}
    assert codes(one("Norway sent aid to Yemen.", category="AID").recipient) == {"YEM"}


def test_reported_speech_codes_who_acts_not_who_speaks():
    event = one("Iraqi officials said that Turkish jets bombed villages near Dohuk.", category="ASSAULT")
    assert codes(event.actor) == {"TUR"}


def test_we_in_a_quote_is_the_speaker():
    event = one('"We are ready to cooperate with Ghana," said Nigerian President Adebayo Okoro.', category="AGREE")
    assert codes(event.actor) == {"NGA"} and codes(event.recipient) == {"GHA"}


def test_two_events_in_one_sentence():
    events = code("Soldiers arrested five men in Bamako, and rebels attacked a convoy near Gao.")
    assert {"COERCE", "ASSAULT"} <= {e.event for e in events}


def test_actor_and_recipient_are_never_the_same_entity():
    events = code("Russian President Vladimir Putin met Russian President Vladimir Putin's envoy in Moscow.")
    assert [e.event for e in events] == ["CONSULT"]  # the meeting is coded (the check below is not vacuous)
    for event in events:
        names = {a.name for a in event.actor}
        assert event.recipient and not names & {r.name for r in event.recipient}


# --------------------------------------------------------------------------- modality and evidence

@pytest.mark.parametrize("text, modality", [
    ("Israeli troops did not attack the camp, the army said.", "negated"),
    ("Moscow denied sending troops to Belarus.", "negated"),
    ("The rebels could attack the capital if talks fail.", "hypothetical"),
    ("During the Second World War, German forces bombed Coventry.", "historical"),
    ("In 1991, Iraqi troops attacked Kuwait.", "historical"),
])
def test_modality(text, modality):
    assert one(text).modality == modality


def test_negated_and_hypothetical_events_are_left_out_by_default():
    assert code_text("Israeli troops did not attack the camp, the army said.", PUB) == []
    assert code_text("The rebels could attack the capital if talks fail.", PUB) == []


def test_every_event_carries_evidence_and_confidence():
    text = "Turkish warplanes struck Kurdish positions in northern Iraq."
    event = one(text)
    assert text[event.evidence.trigger_start:event.evidence.trigger_end] == event.event_text == "struck"
    assert event.evidence.rule.startswith("dotterel/data/triggers")
    assert 0.0 <= event.confidence <= 1.0
    assert event.cameo and event.quad_code == 4


# --------------------------------------------------------------------------- actors

def test_states_by_name_adjective_capital_and_seat():
    assert codes(one("Beijing condemned the sanctions.", category="ACCUSE").actor) == {"CHN"}
    assert codes(one("The Kremlin condemned the sanctions.", category="ACCUSE").actor) == {"RUS"}
    assert one("The Kremlin condemned the sanctions.", category="ACCUSE").actor[0].sector == "GOV"


def test_sector_from_titles_and_nouns():
    event = one("Sudanese troops shelled the town of Kadugli.", category="ASSAULT")
    assert (event.actor[0].code, event.actor[0].sector) == ("SDN", "MIL")
    event = one("The State Duma condemned the decision.", category="ACCUSE")
    assert (event.actor[0].code, event.actor[0].sector) == ("RUS", "LEG")


def test_international_organisations():
    event = one("NATO condemned the missile test.", category="ACCUSE")
    assert event.actor[0].code == "IGO"
    event = one("The United Nations sent food aid to Haiti.", category="AID")
    assert event.actor[0].code == "UNO"


def test_person_coded_from_appositive_and_later_surname_and_pronoun():
    text = ("Maria Estevez, a senior official of Spain's foreign ministry, visited Morocco on Monday. "
            "Estevez met King Hassan in Rabat. She also praised Morocco's reforms.")
    events = code(text)
    assert events and all(codes(e.actor) == {"ESP"} for e in events)
    texts = {e.actor[0].entity_text for e in events}
    assert {"Maria Estevez", "Estevez", "She"} <= texts
    first = next(e for e in events if e.actor[0].entity_text == "Maria Estevez")
    assert first.actor[0].source_of_code == "description" and "foreign ministry" in first.actor[0].office
    assert next(e for e in events if e.actor[0].entity_text == "She").actor[0].source_of_code == "coreference"


@pytest.mark.parametrize("text, category, actor, recipient", [
    ("Putin met Macron in Paris on Monday.", "CONSULT", ("RUS", "GOV"), "FRA"),  # surnames alone
    ("Donald J. Trump criticised Justin Trudeau over trade.", "ACCUSE", ("USA", "GOV"), "CAN"),  # a middle initial
    ("Zelensky thanked Biden for the aid.", "SUPPORT", ("UKR", "GOV"), "USA"),
    ("Xi Jinping hosted Lula in Beijing.", "CONSULT", ("BRA", "GOV"), "CHN"),  # the guest visits the host
])
def test_well_known_people_are_coded_from_the_people_lexicon(text, category, actor, recipient):
    event = one(text, category=category)
    assert (event.actor[0].code, event.actor[0].sector, event.actor[0].source_of_code) == (*actor, "lexicon")
    assert codes(event.recipient) == {recipient}


def test_a_person_in_a_modifier_codes_the_group_but_lends_it_no_sector():
    event = one("The Trump administration imposed sanctions on Venezuela.", category="COERCE")
    assert (event.actor[0].code, event.actor[0].sector) == ("USA", "GOV")
    event = one("Trump supporters attacked the Capitol.", category="ASSAULT")
    assert event.actor[0].code == "USA" and event.actor[0].sector != "GOV"


def test_a_stated_office_overrides_the_listed_sector_but_not_the_country():
    # listed as KEN OPP; the appositive names an IGO office: the office is his, the country stays
    event = one("Raila Odinga, a former African Union envoy, met Macron in Paris.", category="CONSULT")
    assert (event.actor[0].code, event.actor[0].sector) == ("KEN", "GOV")
    assert event.actor[0].office == "a former African Union envoy"


def test_person_from_premodifying_title_and_nationality():
    event = one("Georgian President Eduard Kvaratskhelia met the Armenian prime minister in Tbilisi.")
    assert (event.actor[0].name, event.actor[0].code, event.actor[0].sector) == ("Eduard Kvaratskhelia", "GEO", "GOV")


def test_unknown_person_falls_back_to_context_flagged():
    text = "Somalia's army said on Monday that Ahmed Warsame attacked a checkpoint near Baidoa."
    event = one(text, category="ASSAULT")
    assert event.actor[0].code == "SOM" and event.actor[0].source_of_code == "context"


def test_user_dictionary_with_date_bounded_role(tmp_path):
    from dotterel.actors import ActorDictionary

    path = tmp_path / "actors.csv"
    path.write_text("name,code,sector,start,end\n"
                    "Amadou Zongo,BFA,GOV,2019-01-01,2021-12-31\n"
                    "Amadou Zongo,BFA,ELI,2022-01-01,\n", encoding="utf-8")
    dictionary = ActorDictionary.load([path])
    text = "Amadou Zongo visited Ghana."
    during = code_text(text, date(2020, 5, 1), dictionary=dictionary)[0].actor[0]
    after = code_text(text, date(2023, 5, 1), dictionary=dictionary)[0].actor[0]
    assert (during.code, during.sector, during.source_of_code) == ("BFA", "GOV", "dictionary")
    assert (after.code, after.sector) == ("BFA", "ELI")


# --------------------------------------------------------------------------- place and time

def test_event_place_is_where_it_happened():
    event = one("The Egyptian foreign minister, who flew in from Cairo, met Jordan's king in Amman.", category="CONSULT")
    assert event.event_loc.resolved_place == "Amman" and event.event_loc.country_code == "JOR"


@pytest.mark.parametrize("text, country", [
    ("Police arrested 12 people in Paris, Texas, on Monday.", "USA"),
    ("Police arrested 12 people in Paris on Monday, French media said.", "FRA"),
    ("Protesters marched in Tbilisi, the capital of Georgia.", "GEO"),
    ("Protesters marched in Atlanta, Georgia, on Saturday.", "USA"),
    ("Protesters rallied in Victoria, British Columbia, against the pipeline.", "CAN"),
])
def test_ambiguous_place_names_resolved_by_context(text, country):
    event = one(text)
    assert event.event_loc is not None and event.event_loc.country_code == country


def test_region_of_a_country_is_not_a_city():
    event = one("Chinese and Russian officials held talks in the Far East of Russia.", category="CONSULT")
    assert event.event_loc.resolution == 1 and event.event_loc.country_code == "RUS"


def test_demonym_only_place_uses_the_city_the_article_names():
    text = ("The delegation arrived in Vladivostok on Monday. "
            "Chinese envoy Wang Lei visited the Russian city on Tuesday and met the mayor.")
    event = one(text, category="CONSULT")
    assert event.event_loc.resolved_place == "Vladivostok" and event.event_loc.source in ("article", "sentence")


def test_dates_resolved_against_publication_date():
    event = one("Ugandan police arrested an opposition leader on Tuesday.")
    assert event.date == date(2021, 6, 8)
    event = one("Finland's president visited Estonia from June 2-4.")
    assert (event.date, event.enddate) == (date(2021, 6, 2), date(2021, 6, 4))


def test_missing_publication_date_never_becomes_today():
    event = one("Ugandan police arrested an opposition leader on Tuesday.", pub=None)
    assert event.date is None and event.enddate is None


def test_georgia_is_the_us_state_in_a_us_story_and_the_country_otherwise():
    us = one("Federal agents arrested a county election official in Georgia, the US Justice Department said.")
    assert (us.event_loc.country_code, us.event_loc.resolution) == ("USA", 2)
    caucasus = one("Georgian police arrested two opposition activists in Georgia's capital.")
    assert caucasus.event_loc is None or caucasus.event_loc.country_code == "GEO"


def test_party_abbreviation_is_coded_as_party():
    event = one("The CPC condemned the resolution.", category="ACCUSE")
    assert (event.actor[0].code, event.actor[0].sector) == ("CHN", "PTY")


def test_passive_control_verb_with_agent_keeps_the_agent_as_actor():
    events = code("The OPCW was invited by the UK to carry out an investigation.")
    invite = next(e for e in events if e.event == "AGREE")
    assert codes(invite.actor) == {"GBR"} and codes(invite.recipient) == {"IGO"}
    investigation = next(e for e in events if e.event == "ACCUSE")
    assert codes(investigation.actor) == {"IGO"}


def test_passive_control_verb_without_agent_makes_its_subject_the_actor():
    # an attack one is poised to make is a threat of violence (manual 2.3, 3.11)
    event = one("Russian forces are poised to storm the town of Avdiivka.", category="THREATEN")
    assert codes(event.actor) == {"RUS"} and event.mode == "violence"


def test_people_introduced_with_nationality_and_title_code_later_mentions():
    text = ("Chilean President Gabriel Moreno flew home on Monday. The weather was mild. "
            "Moreno met Peruvian officials in Lima on Tuesday.")
    event = one(text, category="CONSULT")
    assert (event.actor[0].entity_text, event.actor[0].code, event.actor[0].sector) == ("Moreno", "CHL", "GOV")


def test_people_introduced_in_apposition_with_lowercase_titles():
    text = ("The Turkish defence minister, Hulusi Akar, flew home. Mike Pompeo, the US secretary of state, "
            "was in Rome. Pompeo met Akar in Brussels on Tuesday.")
    event = one(text, category="CONSULT")
    assert (event.actor[0].code, event.recipient[0].code) == ("USA", "TUR")


@pytest.mark.parametrize("text, category, mode", [
    ("Turkish President Recep Erdogan repeated his promise to invade north-east Syria.", "THREATEN", "violence"),
    ("Russia made a pledge to withdraw its troops from the region.", "AGREE", None),  # a commitment to yield (3.1)
])
def test_nominal_frames_combine_with_their_complement(text, category, mode):
    event = one(text)
    assert (event.event, event.mode) == (category, mode)
