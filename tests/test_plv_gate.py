"""The real-news gate: plv_dev (../shared, real sentences written by others) must not drop below
dev/floors_plv.json, on the tuning part and on the held-back part (dev/plv_split.py's fixed split).

The sentences are never in the repository: the gate reads them from ../shared beside the repo and
skips where that is absent. The span-scoring unit tests below use sentences of our own.
"""

import importlib.util
import json
import os
from pathlib import Path

import pytest

from dotterel.evaluate import SpanEvent, SpanSentence, evaluate_spans
from dotterel.records import Entity, Event, Evidence

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (as CI lays it out); DOTTEREL_SHARED points elsewhere (a worktree)
PLV = Path(os.environ.get("DOTTEREL_SHARED", ROOT / ".." / "shared")) / "data" / "training" / "plv_dev.tsv"


def _plv_eval():
    spec = importlib.util.spec_from_file_location("plv_eval", ROOT / "dev" / "plv_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def plv_reports():
    if not PLV.exists():
        pytest.skip(f"{PLV} is absent (../shared beside the repository holds the real-news dev set)")
    return _plv_eval().score_parts(PLV, ("tune", "heldout"))


@pytest.mark.model
@pytest.mark.parametrize("part", ["tune", "heldout"])
def test_plv_part_meets_floors(plv_reports, part):
    module = _plv_eval()
    floors = json.loads(module.FLOORS.read_text())
    report = plv_reports[part]
    assert report["sentences"] == {"tune": 743, "heldout": 301}[part]
    assert module.check_floor_values(report, floors[part]) == []


def test_marked_spans_give_the_plain_sentence_and_offsets():
    text, spans = _plv_eval().marked_spans("Yesterday <s>the Freedonian army</s> shelled <t>Sylvania</t>'s border posts.")
    assert text == "Yesterday the Freedonian army shelled Sylvania's border posts."
    assert text[slice(*spans["s"])] == "the Freedonian army"
    assert text[slice(*spans["t"])] == "Sylvania"


def _event(category: str, actor: str, recipient: str, confidence: float = 0.9) -> Event:
    entity = lambda t: Entity(entity_text=t, name=t, code=None)  # noqa: E731
    return Event(doc_id="0", event=category, actor=[entity(actor)], recipient=[entity(recipient)] if recipient else [],
                 text="", sequence=0, start=0, end=0, evidence=Evidence("x", 0, 1, "test:1"), confidence=confidence)


def test_span_scoring_merges_yield_and_checks_overlap():
    text = "The Freedonian army pulled out of Sylvania's northern valley on Monday."
    gold = [SpanSentence("1", text, [SpanEvent("YIELD", (0, 19), (34, 44))]),
            SpanSentence("2", "Freedonia's envoy met the Sylvanian premier.", [SpanEvent("CONSULT", (0, 17), (26, 43))]),
            SpanSentence("3", "Nothing happened here, officials said.", [SpanEvent("REJECT", (23, 32), None)])]
    predicted = {0: [_event("RETREAT", "army", "Sylvania")],          # merged into YIELD, both spans overlap
                 1: [_event("CONSULT", "Sylvanian premier", "envoy"),  # actor and recipient swapped
                     _event("ACCUSE", "Freedonia", "", 0.5)]}
    report = evaluate_spans(gold, predicted, ("YIELD", "CONSULT", "ACCUSE", "REJECT"), {"RETREAT": "YIELD"})
    assert report["categories"]["YIELD"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert report["categories"]["ACCUSE"]["precision"] == 0.0
    assert report["categories"]["REJECT"]["recall"] == 0.0
    assert report["micro"]["precision"] == round(2 / 3, 3) and report["micro"]["recall"] == round(2 / 3, 3)
    assert report["actor_span"] == {"agreement": 0.5, "n": 2, "of_all": round(1 / 3, 3), "n_all": 3}
    assert report["actor_recipient_span"]["agreement"] == 0.5
    assert report["actor_span_all"] == {"agreement": round(1 / 3, 3), "n": 3}
    assert report["no_event"] == round(1 / 3, 3)
    assert [m["id"] for m in report["misses"]] == ["2", "3"]
