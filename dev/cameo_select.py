"""Judge proposed CAMEO trigger rows (dev/import_cameo.py) by what they do, and keep the ones that help.

Two steps, each run in its own process so the lexicon is loaded fresh:

  python dev/cameo_select.py dump base.json --shared /work/shared    # with triggers_cameo.tsv as it is
  cp proposed.tsv src/dotterel/data/triggers_cameo.tsv
  python dev/cameo_select.py dump cand.json --shared /work/shared
  python dev/cameo_select.py judge base.json cand.json proposed.tsv accepted.tsv

``dump`` codes plv_dev's TUNING part (defaults, as plv_eval does; never the held-back part) and the
project's own gold sets (dev/gold, every modality, as ``dotterel eval`` does) and stores, per sentence,
the gold categories and each predicted event's category and rule. ``judge`` credits each imported row
with the events it fired whose category the sentence did not give before and is gold (tp) or not
(fp); an event of a category the sentence gave anyway counts for nothing (the row only displaced a
hand-written one, and may have lost its frame); the rows that fired in a sentence are blamed for
gold categories found before and lost now (lost). A row is kept only if it fired and
tp > fp + lost (a bare verb, with no object or subject test, needs tp >= 2). Rows that never fired
are not kept: the automatically proposed rows that did fire were right only ~57% of the time, so an
unchecked row is more likely to cost precision than to add recall. The kept rows were then read by
hand and a few whose CAMEO reading does not hold outside its original context were removed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import plv_eval  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GOLD = ("events_dev_a.jsonl", "events_dev_b.jsonl", "wire_independent.jsonl", "heldout_b.jsonl",
        "heldout_c.jsonl", "heldout_d.jsonl")
CAMEO_FILE = "dotterel/data/triggers_cameo.tsv"


def dump(shared: Path, out: Path) -> None:
    from dotterel.evaluate import predict, read_gold

    sets = {}
    plv = [s for s in plv_eval.load_sentences(shared / plv_eval.RELATIVE, "tune")]
    sets["plv_tune"] = (plv, predict(plv, plv_eval.MODEL, all_modalities=False), plv_eval.MERGE)
    gold = [s for name in GOLD for s in read_gold(ROOT / "dev" / "gold" / name, print)]
    sets["gold"] = (gold, predict(gold, plv_eval.MODEL, all_modalities=True), {})
    result = {}
    for name, (sentences, predicted, merge) in sets.items():
        result[name] = [{"gold": sorted({g.event for g in s.events}),
                         "pred": [[merge.get(e.event, e.event), e.evidence.rule] for e in predicted.get(i, [])]}
                        for i, s in enumerate(sentences)]
    out.write_text(json.dumps(result))


def judge(base: dict, cand: dict) -> dict[int, Counter]:
    """Per triggers_cameo.tsv line: tp, fp, lost."""
    scores: dict[int, Counter] = {}
    for name in cand:
        for before, after in zip(base[name], cand[name]):
            gold = set(before["gold"])
            had = {c for c, _ in before["pred"]}
            fired = [(cat, int(rule.rsplit(":", 1)[1])) for cat, rule in after["pred"] if rule.startswith(CAMEO_FILE)]
            for cat, line in fired:
                counts = scores.setdefault(line, Counter())
                if cat in had:  # the sentence gave this category before: the row changed nothing that counts
                    counts["same"] += 1
                else:
                    counts["tp" if cat in gold else "fp"] += 1
            lost = ({c for c, _ in before["pred"]} & gold) - {c for c, _ in after["pred"]}
            for _, line in fired:
                scores[line]["lost"] += len(lost)
    return scores


def select(proposed: Path, scores: dict[int, Counter], out: Path) -> Counter:
    lines = proposed.read_text(encoding="utf-8").splitlines()
    kept, tally, header_done = [], Counter(), False
    for i, line in enumerate(lines, start=1):
        if line.startswith("#") or not line.strip():
            if not header_done:
                kept.append(line)
            continue
        if not header_done:  # the column header
            kept.append(line)
            header_done = True
            continue
        cells = line.split("\t")
        s = scores.get(i)
        if s:
            keep = s["tp"] > s["fp"] + s["lost"] and (bool(cells[2]) or s["tp"] >= 2)
            tally["fired kept" if keep else "fired dropped"] += 1
        else:
            keep = False
            tally["unfired dropped"] += 1
        if keep:
            provenance = lines[i - 2] if i >= 2 and lines[i - 2].startswith("# CAMEO") else ""
            if s:
                provenance += f" (tune+gold: {s['tp']} right, {s['fp']} wrong)"
            kept.extend([provenance, line] if provenance else [line])
    out.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--shared", type=Path, default=plv_eval.DEFAULT_SHARED)
    j = sub.add_parser("judge")
    j.add_argument("base", type=Path)
    j.add_argument("cand", type=Path)
    j.add_argument("proposed", type=Path)
    j.add_argument("accepted", type=Path)
    j.add_argument("--show", action="store_true", help="list every fired row with its counts")
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.shared, args.out)
        return 0
    scores = judge(json.loads(args.base.read_text()), json.loads(args.cand.read_text()))
    if args.show:
        lines = args.proposed.read_text(encoding="utf-8").splitlines()
        for line, s in sorted(scores.items(), key=lambda kv: -(kv[1]["tp"] - kv[1]["fp"] - kv[1]["lost"])):
            sys.stdout.write(f"{s['tp']:>3} {s['fp']:>3} {s['lost']:>3} {s['same']:>3}  {lines[line - 1]}\n")
    tally = select(args.proposed, scores, args.accepted)
    sys.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(tally.items())) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
