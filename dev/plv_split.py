"""The fixed split of ../shared/data/training/plv_dev.tsv (real news, PLV training half).

Reads ../shared (never committed): 70% of sentences (by a hash of sentence_id) are for
tuning, 30% are held back and only reported. Everyone uses this one function, so the
held-back part stays the same across scripts and sessions.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "shared" / "data" / "training" / "plv_dev.tsv"


def part_of(sentence_id: str) -> str:
    """'tune' (70%) or 'heldout' (30%), fixed by the sentence id."""
    bucket = int(hashlib.sha1(sentence_id.encode()).hexdigest(), 16) % 10
    return "tune" if bucket < 7 else "heldout"


def load(path: Path = DEFAULT_PATH, part: str | None = None) -> list[dict]:
    """Rows of plv_dev.tsv (one per actor-recipient pair), optionally one part only."""
    csv.field_size_limit(10**9)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [r for r in rows if part is None or part_of(r["sentence_id"]) == part]


if __name__ == "__main__":
    rows = load()
    for name in ("tune", "heldout"):
        chosen = [r for r in rows if part_of(r["sentence_id"]) == name]
        print(name, len({r["sentence_id"] for r in chosen}), "sentences", len(chosen), "rows")
