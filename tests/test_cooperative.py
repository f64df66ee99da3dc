"""Cooperative and yielding acts (AGREE, SUPPORT, COOPERATE, AID, CONCEDE/RETREAT, and SANCTION's
halting of them): the mechanisms that find them in real-news wording, one case each.

The sentences are written for these tests. These run the installed spaCy pipeline (marked ``model``).
"""

from __future__ import annotations

import pytest

from dotterel import code_text

pytestmark = pytest.mark.model


def found(text: str) -> list[tuple[str, str | None]]:
    return [(e.event, e.mode) for e in code_text(text, None)]


def test_the_row_naming_the_object_wins_over_a_prepositional_match():
    # 'in protest' would match the row for suspending a protest (CONCEDE); the object is aid: SANCTION (CAMEO 162)
    events = found("The European Union said it had suspended humanitarian aid to Gaza in protest at the raids.")
    assert ("SANCTION", "discontinue") in events
    assert not any(cat == "CONCEDE" for cat, _ in events)


@pytest.mark.parametrize("text, category", [
    ("Lithuania opened its borders to refugees in 1997.", "AID"),  # taking people in (CAMEO 075)
    ("Lebanon opened the border crossing on Monday.", "RETREAT"),  # allowing passage (CAMEO 086)
])
def test_open_borders_to_refugees_is_aid(text, category):
    assert category in [cat for cat, _ in found(text)]
