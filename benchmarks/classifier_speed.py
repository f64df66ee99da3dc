"""Speed of the second-opinion classifier next to the trigger filter, over the same sentences.

Splits the articles into sentences (dotterel's splitter), then times, best of --repeat:
the trigger-word filter (``Coder.filter``, what decides today which sentences are parsed) and
``SecondOpinion.predict`` one sentence at a time (as ``wants_parse`` calls it). Prints
sentences per second of each and the ratio, plus the model's load time and file size.

    python benchmarks/classifier_speed.py [--data CSV] [--limit N] [--repeat R]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from importlib.resources import files
from pathlib import Path

from dotterel import nlp
from dotterel.classifier import MODEL_FILE, SecondOpinion
from dotterel.clean import clean_article
from dotterel.events import load_event_lexicon
from dotterel.records import Article

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news" / "guardian_sample_2019.csv"


def best(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=80, help="articles (default 80)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not args.data.exists():
        sys.stderr.write(f"{args.data}: not found (pass --data)\n")
        return 2
    csv.field_size_limit(10**9)
    with open(args.data, encoding="utf-8", newline="") as handle:
        texts = [r["text"] for _, r in zip(range(args.limit), csv.DictReader(handle))]
    sentences = [s.text for t in texts for s in nlp.split_sentences(clean_article(Article(doc_id="x", text=t)).text)]
    start = time.perf_counter()
    model = SecondOpinion.load()
    load = time.perf_counter() - start
    filt = nlp.TriggerFilter(load_event_lexicon().trigger_requirements())
    t_filter = best(args.repeat, lambda: [filt(s) for s in sentences])
    t_model = best(args.repeat, lambda: [model.predict([s]) for s in sentences])
    size = Path(str(files("dotterel") / "data" / MODEL_FILE)).stat().st_size
    n = len(sentences)
    print(f"{n} sentences from {len(texts)} articles; model file {size / 1e6:.2f} MB, loaded in {load:.2f} s")
    print(f"trigger filter: {n / t_filter:,.0f} sentences/s")
    print(f"second opinion: {n / t_model:,.0f} sentences/s  (time ratio model/filter {t_model / t_filter:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
