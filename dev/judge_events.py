"""Hand-judging coded events of ordinary news, and re-scoring the same judged draw after a change.

``sample`` draws N events (fixed seed) from a ``dotterel code`` JSONL output and prints each with its
sentence, to judge by hand; ``--tsv`` writes a judgment sheet keyed by hashes only (sentence sha1 +
trigger offset), so the sheet can be committed without the text of the news it came from. Fill in the
``verdict`` column (right | partial | wrong) and ``why`` (the mechanism of a wrong event).

``score`` reads a filled sheet and a new JSONL output of the same input and counts, per verdict, the
judged events the new output keeps unchanged, drops, or codes with another category (those to
re-judge: ``--show`` prints them).

    python dev/judge_events.py sample out.jsonl -n 120 --seed 7 [--tsv sheet.tsv]
    python dev/judge_events.py score sheet.tsv new.jsonl [--show]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
from collections import Counter
from pathlib import Path

FIELDS = ("sha1", "trigger_start", "event", "mode", "verdict", "why")


def read_events(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def key(event: dict) -> tuple[str, str]:
    sha = hashlib.sha1(event["text"].encode("utf-8")).hexdigest()
    return sha, str(event["evidence"].get("trigger_start"))


def describe(event: dict) -> str:
    actors = ", ".join(f"{a.get('entity_text')}[{a.get('code')}/{a.get('sector')}]" for a in event["actor"])
    recipients = ", ".join(f"{a.get('entity_text')}[{a.get('code')}/{a.get('sector')}]" for a in event["recipient"])
    return (f"{event['event']}/{event.get('mode')} trig='{event['event_text']}' A={actors} R={recipients} "
            f"mod={event['modality']} rule={event['evidence'].get('rule')}")


def sample(args) -> int:
    events = read_events(args.jsonl)
    drawn = random.Random(args.seed).sample(events, min(args.n, len(events)))
    rows = []
    for number, event in enumerate(drawn):
        print(f"#{number} {describe(event)}\n    {event['text']}\n")
        sha, start = key(event)
        rows.append({"sha1": sha, "trigger_start": start, "event": event["event"], "mode": event.get("mode") or "",
                     "verdict": "", "why": ""})
    if args.tsv:
        with open(args.tsv, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, FIELDS, delimiter="\t", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return 0


def score(args) -> int:
    with open(args.sheet, encoding="utf-8", newline="") as handle:
        judged = [r for r in csv.DictReader(handle, delimiter="\t") if r.get("verdict")]
    new = {}
    for event in read_events(args.jsonl):
        new.setdefault(key(event), []).append(event)
    counts: Counter[tuple[str, str]] = Counter()
    for row in judged:
        found = new.get((row["sha1"], row["trigger_start"]), [])
        if not found:
            outcome = "dropped"
        elif any(e["event"] == row["event"] for e in found):
            outcome = "kept"
        else:
            outcome = "recoded"
            if args.show:
                print(f"{row['verdict']} was {row['event']}: " + "; ".join(describe(e) for e in found))
                print(f"    {found[0]['text']}\n")
        counts[row["verdict"], outcome] += 1
    verdicts = sorted({v for v, _ in counts})
    print(f"{'verdict':10} {'judged':>6} {'kept':>6} {'dropped':>8} {'recoded':>8}")
    for verdict in verdicts:
        total = sum(n for (v, _), n in counts.items() if v == verdict)
        print(f"{verdict:10} {total:6} {counts[verdict, 'kept']:6} {counts[verdict, 'dropped']:8} "
              f"{counts[verdict, 'recoded']:8}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample", help="draw events to judge")
    s.add_argument("jsonl", type=Path)
    s.add_argument("-n", type=int, default=120)
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("--tsv", type=Path, help="write a judgment sheet (hashes only)")
    c = sub.add_parser("score", help="re-score a judged sheet against a new output")
    c.add_argument("sheet", type=Path)
    c.add_argument("jsonl", type=Path)
    c.add_argument("--show", action="store_true", help="print recoded events to re-judge")
    args = ap.parse_args()
    return sample(args) if args.command == "sample" else score(args)


if __name__ == "__main__":
    sys.exit(main())
