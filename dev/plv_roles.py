"""Role misses on plv_dev: events whose category was found but whose actor or recipient span misses.

For each gold event whose category the coder found, the most confident predicted event of that
category is compared with the gold actor and recipient spans (as dev/plv_eval.py scores them);
this lists the disagreements with the predicted entities' texts, and prints actor and
actor+recipient agreement per class. Reads ../shared (never committed); tune on ``--part tune``.

Usage:
  python dev/plv_roles.py --shared /work/shared [--part tune] [--list actor|recipient|both] [--class ASSAULT]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import plv_eval  # noqa: E402
import plv_split  # noqa: E402

from dotterel.evaluate import _entity_overlaps, _words, predict  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=plv_eval.DEFAULT_SHARED)
    parser.add_argument("--part", choices=("tune", "heldout", "all"), default="tune")
    parser.add_argument("--list", choices=("actor", "recipient", "both", "none"), default="both",
                        help="which misses to list (recipient: actor right, recipient wrong)")
    parser.add_argument("--class", dest="klass", default=None, help="only this gold class")
    args = parser.parse_args(argv)
    path = args.shared / plv_eval.RELATIVE
    if not path.exists():
        sys.stderr.write(f"plv_roles: {path}: not found (pass --shared)\n")
        return 2
    everything = plv_eval.load_sentences(path, "all")
    chosen = [s for s in everything if args.part == "all" or plv_split.part_of(s.id) == args.part]
    predicted = predict(chosen, plv_eval.MODEL, all_modalities=False)
    tally: dict[str, Counter] = {}
    lines = []
    for i, sent in enumerate(chosen):
        events = sorted(predicted.get(i, []), key=lambda e: -e.confidence)
        words = _words(sent.text)
        for gold in sent.events:
            counts = tally.setdefault(gold.event, Counter())
            counts["gold"] += 1
            best = next((e for e in events if plv_eval.MERGE.get(e.event, e.event) == gold.event), None)
            if best is None:
                continue
            counts["found"] += 1
            actor_ok = _entity_overlaps(words, best.actor, gold.actor)
            recip_ok = _entity_overlaps(words, best.recipient, gold.recipient)
            counts["actor"] += actor_ok
            counts["both"] += actor_ok and recip_ok
            counts["no_gold_recipient"] += gold.recipient is None
            wanted = {"actor": not actor_ok, "recipient": actor_ok and not recip_ok,
                      "both": not (actor_ok and recip_ok), "none": False}[args.list]
            if wanted and (args.klass is None or args.klass == gold.event):
                g_a = sent.text[slice(*gold.actor)] if gold.actor else None
                g_r = sent.text[slice(*gold.recipient)] if gold.recipient else None
                lines.append(f"[{sent.id}] {gold.event} gold [{g_a}] -> [{g_r}]  "
                             f"pred {[a.entity_text for a in best.actor]} -> {[r.entity_text for r in best.recipient]}"
                             f" ({best.evidence.trigger!r}){'' if actor_ok else ' ACTOR'}{'' if recip_ok else ' RECIP'}\n"
                             f"    {sent.text}")
    sys.stdout.write("\n".join(lines) + "\n")
    total = Counter()
    sys.stdout.write(f"{'class':10} {'gold':>5} {'found':>5} {'actor':>6} {'a+r':>6} {'a/all':>6} {'ar/all':>6} {'no_r':>5}\n")
    for klass, c in sorted(tally.items()):
        total.update(c)
        found = c["found"] or 1
        sys.stdout.write(f"{klass:10} {c['gold']:5} {c['found']:5} {c['actor'] / found:6.3f} {c['both'] / found:6.3f}"
                         f" {c['actor'] / c['gold']:6.3f} {c['both'] / c['gold']:6.3f} {c['no_gold_recipient']:5}\n")
    found = total["found"] or 1
    sys.stdout.write(f"{'ALL':10} {total['gold']:5} {total['found']:5} {total['actor'] / found:6.3f} {total['both'] / found:6.3f}"
                     f" {total['actor'] / total['gold']:6.3f} {total['both'] / total['gold']:6.3f} {total['no_gold_recipient']:5}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
