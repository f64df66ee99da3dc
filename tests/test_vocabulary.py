"""Real-news vocabulary families (triggers_news.tsv, triggers_cameo.tsv): one sentence of our own per
family, coded with defaults as a new user would."""

from __future__ import annotations

from datetime import date

import pytest

from dotterel import code_text

pytestmark = pytest.mark.model
PUB = date(2023, 5, 2)


@pytest.mark.parametrize("text, category, mode", [
    ("The Nigerian president gave a warm welcome to his Ghanaian counterpart at the airport.", "CONSULT", "visit"),
    ("Japan handed over medical equipment worth $2 million to the Cambodian health ministry.", "AID", None),
    ("Egyptian rescue teams arrived in Libya to help survivors.", "AID", None),
    ("The governor shortened the curfew in Srinagar by two hours.", "CONCEDE", None),
    ("The opposition party continued its hunger strike outside parliament.", "PROTEST", "hunger"),
    ("Protesters blocked traffic on the main motorway into Santiago.", "PROTEST", "obstruct"),
    ("Moscow cut gas supplies to Kiev in January.", "SANCTION", "discontinue"),
    ("The African Union ended its mediation between the two factions.", "SANCTION", "withdraw"),
    ("Malian troops remained on alert along the northern border.", "MOBILIZE", "troops"),
    ("The Malian army set up a new base near the town of Gao.", "MOBILIZE", "troops"),
    ("Pakistani police defused a bomb near the central station in Quetta.", "COERCE", "seize"),
    ("Security forces forced the opposition leader out of the country.", "COERCE", "deport"),
    ("Rebels captured the last government stronghold in the east.", "ASSAULT", None),
    ("The Pentagon ordered airstrikes on militant positions in Somalia.", "ASSAULT", None),
    ("The Bolivian president declared a state of siege across the mining region.", "COERCE", "martial-law"),
    # war games are military cooperation (CAMEO 062), whichever verb stages them
    ("Egypt and Sudan launched war games along the Nile.", "COOPERATE", None),
    ("The war games were staged by Kenyan troops and British forces.", "COOPERATE", None),
    ("The navies of Peru and Chile performed joint war games in the Pacific.", "COOPERATE", None),
    # granting what was sought, or lifting one's own boycott, is yielding (CAMEO 08)
    ("The parliament gave the prime minister a mandate to form a new government.", "CONCEDE", None),
    ("The judge granted an injunction sought by the union.", "CONCEDE", None),
    ("Jordan lifted its boycott of Israeli farm products.", "CONCEDE", None),
    # raising funding and naming an aid package are giving aid
    ("Britain boosted funding for the Ebola response in Sierra Leone.", "AID", None),
    ("The European Union stepped up funding for refugees in Jordan.", "AID", None),
    ("The Saudi assistance package included food aid for Sudan.", "AID", None),
])
def test_family(text, category, mode):
    events = [e for e in code_text(text, PUB) if e.event == category]
    assert events, f"no {category} in: {text}"
    if mode is not None:
        assert events[0].mode == mode


def test_raising_taxes_or_concerns_is_no_aid():
    for text in ("The government raised taxes on fuel.", "Unions raised concerns about the plan."):
        assert "AID" not in {e.event for e in code_text(text, PUB)}, text


def test_a_carrier_group_ordered_somewhere_is_no_airstrike():
    events = code_text("The United States ordered an aircraft carrier strike group to the Arabian Sea.", PUB)
    assert "ASSAULT" not in {e.event for e in events}
