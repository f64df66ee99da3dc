"""False alarms of the second opinion on ordinary news it was never trained on.

Codes the held-back articles of the Guardian sample (dev/train_classifier.py's ``guardian_part``:
40% of the articles, none of their sentences judged or trained on) twice, with the second opinion
off and on, and prints events per 100 sentences, the events the model filled in, and the rule
events it disagreed with. ``--show`` lists the filled-in events (sentence, category, probability,
actor, recipient) to judge by hand; nothing is written to the repository.

    python dev/second_opinion_news.py --shared /work/shared [--show] [--limit N]
    python dev/second_opinion_news.py --shared /work/shared --part train --threshold 0.4 --judge FILE
        # the model's events on the training-part articles, to judge by hand (row, sentence, sha1, text):
        # judged lines go to dev/classifier_judgments.tsv without their text
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "dev"))

from train_classifier import guardian_part, sha1  # noqa: E402

from dotterel import nlp  # noqa: E402
from dotterel.clean import clean_article  # noqa: E402
from dotterel.pipeline import Coder, Options  # noqa: E402
from dotterel.records import Article  # noqa: E402


def held_back_articles(shared: Path, limit: int | None, part: str = "heldout") -> list[Article]:
    csv.field_size_limit(10**9)
    with open(shared / "data" / "news" / "guardian_sample_2019.csv", encoding="utf-8", newline="") as handle:
        rows = [(i, r) for i, r in enumerate(csv.DictReader(handle)) if guardian_part(i) == part]
    return [Article(doc_id=str(i), text=r["text"]) for i, r in rows[:limit]]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--limit", type=int, default=None, help="first N held-back articles only")
    ap.add_argument("--show", action="store_true", help="list the events the model filled in")
    ap.add_argument("--part", choices=("heldout", "train"), default="heldout",
                    help="which articles (train: to find sentences to judge; heldout: to count false alarms)")
    ap.add_argument("--threshold", type=float, default=None, help="fill in at this probability instead of the model's")
    ap.add_argument("--judge", type=Path, default=None,
                    help="write the filled-in sentences (row, sentence, sha1, category, p, text) here, outside the repo")
    args = ap.parse_args()
    if not (args.shared / "data" / "news" / "guardian_sample_2019.csv").exists():
        sys.stderr.write(f"{args.shared}: no data/news/guardian_sample_2019.csv (pass --shared PATH)\n")
        return 2
    articles = held_back_articles(args.shared, args.limit, args.part)
    sentences = sum(len(nlp.split_sentences(clean_article(a).text)) for a in articles)
    out = {}
    coders = {on: Coder(Options(second_opinion=on)) for on in (False, True)}
    if args.threshold is not None:
        model = coders[True].second.model
        model.threshold = args.threshold
        model.arbitrate = max(model.arbitrate, args.threshold)
    for coder in coders.values():
        list(coder.code_articles(articles[:3]))  # warm-up: spaCy, gazetteer and model loaded before timing
    for on in (True,) if args.judge else (False, True, False, True):  # each timed twice, alternating; the best counts
        start = time.perf_counter()
        events = list(coders[on].code_articles(articles))
        elapsed = time.perf_counter() - start
        out[on] = (events, min(elapsed, out[on][1]) if on in out else elapsed)
    off_events, off_time = out.get(False, ([], float("nan")))
    on_events, on_time = out[True]
    filled = [e for e in on_events if e.evidence.rule == "model"]
    disputed = [e for e in on_events if e.evidence.rule != "model" and e.evidence.second_opinion]
    print(f"{'held-back' if args.part == 'heldout' else 'training-part'} Guardian: {len(articles)} articles, {sentences} sentences")
    print(f"second opinion off: {len(off_events)} events ({100 * len(off_events) / sentences:.2f} per 100 sentences), {off_time:.1f} s")
    print(f"second opinion on:  {len(on_events)} events ({100 * len(on_events) / sentences:.2f} per 100 sentences), {on_time:.1f} s "
          f"(time ratio on/off {on_time / off_time:.2f}; best of 2 each, alternating)")
    print(f"filled in by the model: {len(filled)} ({100 * len(filled) / sentences:.2f} per 100 sentences); "
          f"rule events it disputed: {len(disputed)}")
    if args.judge:
        texts = {(a.doc_id, s.sequence): s.text.strip() for a in articles for s in nlp.split_sentences(clean_article(a).text)}
        with open(args.judge, "w", encoding="utf-8") as out:
            for e in filled:
                text = texts.get((e.doc_id, e.sequence), e.text.strip())
                out.write(f"{e.doc_id}\t{e.sequence}\t{sha1(text)}\t{e.event}\t{e.evidence.second_opinion['probability']}\t{text}\n")
    if args.show:
        for e in filled:
            actor = ";".join(f"{a.entity_text}[{a.code}]" for a in e.actor)
            recipient = ";".join(f"{r.entity_text}[{r.code}]" for r in e.recipient)
            print(f"{e.doc_id}:{e.sequence}\t{e.event}\t{e.evidence.second_opinion['probability']}\t{e.modality}\t"
                  f"{actor} -> {recipient}\t{e.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
