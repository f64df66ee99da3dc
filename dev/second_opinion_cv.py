"""Out-of-fold figures for the second opinion: plv tune and every dev gate, off and on, per threshold.

The shipped model is trained on all of plv tune, so coding plv tune with it would be scored on its
own training sentences. This script instead trains one model per fold (``--folds``, default 5) on
the other folds of plv tune plus the judged Guardian negatives (the C, temperature and thresholds
calibrated once on the whole of tune by dev/train_classifier.py's 5-fold out-of-fold scores), codes
the held-out fold with the coder using that model, and scores the out-of-fold predictions with
dev/plv_eval.py's scorer. The dev gate sets (dev/gold/, never trained on) are coded with a model
trained on all of tune. Every model's fill-in threshold is set low (``--floor``) for the coding, and
the model's events are then kept or dropped per threshold, so one coding pass gives the whole sweep
(rule events do not depend on the threshold).

    python dev/second_opinion_cv.py --shared /work/shared [--thresholds 0.5,0.6,0.7] [--show 0.6]

Nothing is written to the repository (models go to a temporary folder).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "dev"))

import plv_eval  # noqa: E402
import train_classifier as tc  # noqa: E402

from dotterel.classifier import NONE  # noqa: E402
from dotterel.evaluate import check_floors, evaluate_sentences, read_gold  # noqa: E402
from dotterel.events.model import MODEL_RULE, ModelOpinions  # noqa: E402
from dotterel.pipeline import Coder, Options  # noqa: E402
from dotterel.records import Article  # noqa: E402

log = logging.getLogger("second_opinion_cv")
GATES = (
    ("dev a+b", ("events_dev_a.jsonl", "events_dev_b.jsonl"), "floors.json"),
    ("wire", ("wire_independent.jsonl",), "floors_wire.json"),
    ("heldout b+c", ("heldout_b.jsonl", "heldout_c.jsonl"), "floors_heldout.json"),
    ("heldout d", ("heldout_d.jsonl",), "floors_heldout_d.json"),
)


def fold_of(sentence_id: str, folds: int) -> int:
    import hashlib

    return int(hashlib.sha1(f"cv:{sentence_id}".encode()).hexdigest(), 16) % folds


def code(coder: Coder, sentences, indices) -> dict[int, list]:
    articles = (Article(doc_id=str(i), text=sentences[i].text, date=getattr(sentences[i], "date", None),
                        origin=str(sentences[i].id)) for i in indices)
    out: dict[int, list] = {i: [] for i in indices}
    for event in coder.code_articles(articles):
        out[int(event.doc_id)].append(event)
    return out


def at(predicted: dict[int, list], threshold: float | None) -> dict[int, list]:
    """The predictions with the model's events kept at ``threshold`` (None: none kept, the rules alone)."""
    keep = {}
    for i, events in predicted.items():
        keep[i] = [e for e in events if e.evidence.rule != MODEL_RULE
                   or threshold is not None and e.evidence.second_opinion["probability"] >= threshold]
    return keep


def narrowed(predicted: dict[int, list], opinions: dict, level) -> dict[int, list]:
    """Arbitration, simulated on categories. ``level`` None: none. A number: where the rules give several
    categories and the model, at ``level`` or above, names one of them, the others' events are dropped.
    'rX': as well, where the model at X or above names a category no rule has, the rule events are
    replaced by one of the model's category (only the category is simulated, not its roles)."""
    import copy

    if level is None:
        return predicted
    replace = isinstance(level, str)
    level = float(level[1:]) if replace else level
    out = {}
    for i, events in predicted.items():
        category, p = opinions.get(i, (NONE, 0.0))
        rules = {_fold(e.event) for e in events if e.evidence.rule != MODEL_RULE}
        if len(rules) > 1 and p >= level and _fold(category) in rules:
            events = [e for e in events if _fold(e.event) == _fold(category)]
        elif replace and rules and p >= level and category != NONE and _fold(category) not in rules:
            model_event = copy.copy(events[0])
            model_event.event = category
            events = [model_event]
        out[i] = events
    return out


def _fold(category: str) -> str:
    return "YIELD" if category in ("CONCEDE", "RETREAT") else category


def opinions_of(path: Path, sentences, indices) -> dict:
    model = ModelOpinions.load(path)
    out = {}
    for i in indices:
        category, p = model.opinion(sentences[i].text)
        out[i] = (model.model.plover(category, sentences[i].text) if category != NONE else NONE, p)
    return out


def with_model(path: Path, all_modalities: bool) -> Coder:
    coder = Coder(Options(all_modalities=all_modalities, second_opinion=True))
    coder.second = ModelOpinions.load(path)
    return coder


def write_model(shared, texts, labels, params, seed, path: Path, floor: float) -> None:
    arrays, _ = tc.model_arrays(shared, texts, labels, params, seed)
    arrays["threshold"] = tc.np.array(floor)
    arrays["arbitrate"] = tc.np.array(max(floor, float(params["arbitrate"])))
    tc.save_npz(path, arrays)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--floor", type=float, default=0.4, help="the lowest threshold swept")
    ap.add_argument("--thresholds", default="0.4,0.5,0.55,0.6,0.65,0.7,0.75,0.8,0.85,0.9")
    ap.add_argument("--arbitrate", default="none,0.9,0.8,0.7", help="arbitration levels to try with each threshold")
    ap.add_argument("--show", type=float, default=None, help="list the model's plv events at this threshold")
    ap.add_argument("--C", type=float, default=None, help="skip the C grid, use this C")
    ap.add_argument("--skip-gates", action="store_true")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    thresholds = [float(t) for t in args.thresholds.split(",")]
    levels = [None if a == "none" else a if a.startswith("r") else float(a) for a in args.arbitrate.split(",")]

    plv_path = args.shared / plv_eval.RELATIVE
    sentences = plv_eval.load_sentences(plv_path, "tune")
    if args.C is not None:
        tc.C_GRID = (args.C,)
    texts, labels = tc.training_set(args.shared)
    params = tc.calibrate(texts, labels, args.seed)
    figures: dict = {"params": params, "plv": {}, "gates": {}}
    off = Coder(Options(all_modalities=False, second_opinion=False))
    predicted_off = code(off, sentences, range(len(sentences)))
    predicted_on: dict[int, list] = {}
    opinions: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.folds):
            held = [i for i, s in enumerate(sentences) if fold_of(s.id, args.folds) == k]
            exclude = frozenset(sentences[i].id for i in held)
            ftexts, flabels = tc.training_set(args.shared, exclude)
            path = Path(tmp) / f"fold{k}.npz"
            write_model(args.shared, ftexts, flabels, params, args.seed, path, args.floor)
            predicted_on.update(code(with_model(path, False), sentences, held))
            opinions.update(opinions_of(path, sentences, held))
            log.info("fold %d: %d sentences coded", k, len(held))
        full = Path(tmp) / "full.npz"
        if not args.skip_gates:
            write_model(args.shared, texts, labels, params, args.seed, full, args.floor)
            gate_runs = {}
            for name, files, floors in GATES:
                gold = []
                for f in files:
                    gold.extend(read_gold(REPO / "dev" / "gold" / f, lambda e: log.error("%s", e)))
                gate_runs[name] = (gold, code(with_model(full, True), gold, range(len(gold))), floors,
                                   opinions_of(full, gold, range(len(gold))))

    rows = [("off", None, None)] + [(f"on@{t:.2f}" + ("" if a is None else f"/a{a}"), t, a)
                                    for t in thresholds for a in levels]
    print(f"plv tune out-of-fold ({len(sentences)} sentences, {args.folds} folds; C={params['C']}, "
          f"T={params['temperature']:.3f}, calibrated threshold {params['threshold']:.2f})")
    print(f"{'':10} {'P':>6} {'R':>6} {'F1':>6} {'none':>6} {'model':>6} {'right':>6} {'actor':>6}")
    for label, t, a in rows:
        chosen = predicted_off if t is None else at(predicted_on, t)
        if t is not None:  # rule events of the on-run equal the off-run's
            chosen = {i: [e for e in predicted_off[i]] + [e for e in chosen[i] if e.evidence.rule == MODEL_RULE]
                      for i in predicted_off}
        chosen = narrowed(chosen, opinions, a)
        report = plv_eval.score(sentences, chosen)
        model_events = [(i, e) for i, es in chosen.items() for e in es if e.evidence.rule == MODEL_RULE]
        right = sum(e.event.replace("CONCEDE", "YIELD").replace("RETREAT", "YIELD") in
                    {g.event for g in sentences[i].events} for i, e in model_events)
        m = report["micro"]
        print(f"{label:10} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {report['no_event']:6.3f} "
              f"{len(model_events):6d} {right:6d} {report['actor_span_all']['agreement']:6.3f}")
        figures["plv"][label] = {"micro": m, "model_events": len(model_events), "model_right": right}
    if args.show is not None:
        for i, es in sorted(at(predicted_on, args.show).items()):
            for e in es:
                if e.evidence.rule == MODEL_RULE:
                    gold = sorted({g.event for g in sentences[i].events})
                    print(f"  {e.event:9} {e.evidence.second_opinion['probability']:.2f} gold={gold} "
                          f"{[a.entity_text for a in e.actor]}")
    if not args.skip_gates:
        for name, (gold, predicted, floors, gate_opinions) in gate_runs.items():
            print(f"\n{name} ({len(gold)} sentences; floors {floors})")
            print(f"{'':10} {'P':>6} {'R':>6} {'F1':>6} {'model':>6}  floors")
            for label, t, a in rows:
                chosen = narrowed(at(predicted, t), gate_opinions, a)
                report = evaluate_sentences(gold, chosen)
                failures = check_floors(report, REPO / "dev" / floors)
                n_model = sum(e.evidence.rule == MODEL_RULE for es in chosen.values() for e in es)
                m = report["micro"]
                print(f"{label:10} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {n_model:6d}  "
                      f"{'hold' if not failures else '; '.join(failures)}")
                figures["gates"].setdefault(name, {})[label] = {"micro": m, "failures": failures}
    if args.json:
        figures["opinions"] = {sentences[i].id: op for i, op in opinions.items()}
        figures["off"] = {sentences[i].id: sorted({e.event for e in es}) for i, es in predicted_off.items()}
        figures["gold"] = {s.id: sorted({g.event for g in s.events}) for s in sentences}
        args.json.write_text(json.dumps(figures, indent=1, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
