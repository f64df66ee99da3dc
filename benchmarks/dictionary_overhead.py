"""Cost of a user actor dictionary: Phoenix load time and coding slowdown (a benchmark, not a test).

Reads, relative to the repository root (that is, under ``/work/shared``):

  ``../shared/data/petrarch2/Phoenix.*.txt``  the dictionaries loaded: Phoenix.Countries.actors.txt,
      Phoenix.International.actors.txt and Phoenix.agents.txt, in that order (``--dicts DIR``
      reads the same three file names from another directory);
  ``../shared/data/news/guardian_sample_2019.csv``  the articles coded (``--data CSV``; columns
      ``"", date, text, source``, as for ``speed.py``).

Two figures, measured side by side in one process:

  load     ``ActorDictionary.load([...three files...])``: phrases, bad lines reported
           (``errors``), seconds; best of ``--load-repeat`` loads (default 3).
  coding   ``list(Coder(Options()).code_articles(articles))`` against the same with
           ``Options(dictionary=d)``, over the first N articles (``--limit``, default 60).
           Both coders are warmed up on 2 articles first.  The two are timed in alternation
           (without/with, then with/without, ...) for ``--repeat`` rounds (default 3) and the
           best time of each is kept, to damp noise from other work on the machine.  Each
           timed run uses a fresh ``Coder`` (lexicons, model and gazetteer are cached by then),
           so no place cache carries over from one run to the next.

Reported: seconds for each, the slowdown ratio (with / without), events produced by each,
and how many actor/recipient entities have ``source_of_code == "dictionary"``.  The issue's
targets are printed next to the figures: load < 10 s, slowdown < 20 % (ratio < 1.20).

Usage:
  python benchmarks/dictionary_overhead.py [--dicts DIR] [--data CSV] [--limit N]
                                           [--repeat R] [--load-repeat L] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT_DICTS = SHARED / "petrarch2"
DEFAULT_DATA = SHARED / "news" / "guardian_sample_2019.csv"
DICT_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.agents.txt")
TARGET_LOAD_S = 10.0
TARGET_RATIO = 1.20


def read_articles(path: str, limit: int | None) -> list:
    """Article records from the news CSV, read by dotterel's own CSV reader."""
    from dotterel.ingest import read_csv

    articles = list(read_csv(Path(path), None, on_error=lambda error: print(f"skipped: {error}", file=sys.stderr)))
    return articles[:limit] if limit else articles


def measure_load(paths: list[Path], repeat: int):
    from dotterel.actors import ActorDictionary

    best, d = float("inf"), None
    for _ in range(repeat):
        d = None  # let the previous dictionary go before the next load
        t = time.perf_counter()
        d = ActorDictionary.load(paths)
        best = min(best, time.perf_counter() - t)
    return d, best


def dictionary_entities(events) -> int:
    return sum(1 for e in events for ent in (*e.actor, *e.recipient) if ent.source_of_code == "dictionary")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dicts", default=str(DEFAULT_DICTS), help="directory with the Phoenix files (default: %(default)s)")
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="news CSV (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=60, help="first N articles (default: %(default)s; 0 = all)")
    parser.add_argument("--repeat", type=int, default=3, help="alternating timed rounds, best kept (default: %(default)s)")
    parser.add_argument("--load-repeat", type=int, default=3, help="dictionary loads, best kept (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)

    paths = [Path(args.dicts) / name for name in DICT_FILES]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"dictionary_overhead.py: dictionary file(s) not found: {', '.join(missing)} (give --dicts DIR)",
              file=sys.stderr)
        return 2
    if not Path(args.data).is_file():
        print(f"dictionary_overhead.py: data file not found: {args.data} (give --data CSV)", file=sys.stderr)
        return 2

    from dotterel import nlp, place
    from dotterel.pipeline import Coder, Options

    articles = read_articles(args.data, args.limit or None)
    if not articles:
        print(f"dictionary_overhead.py: no articles with text in {args.data}", file=sys.stderr)
        return 2

    # 1. load time of the dictionary set
    d, load_s = measure_load(paths, max(1, args.load_repeat))
    stats = d.stats()

    # 2. coding time without / with the dictionary
    plain_opts, dict_opts = Options(), Options(dictionary=d)
    place.load_gazetteer()
    nlp.load_model(plain_opts.model)
    for opts in (plain_opts, dict_opts):  # warm-up, untimed
        list(Coder(opts).code_articles(articles[:2]))

    variants = {"without": plain_opts, "with": dict_opts}
    best = {k: float("inf") for k in variants}
    events: dict[str, list] = {k: [] for k in variants}
    rounds = max(1, args.repeat)
    for r in range(rounds):
        order = ("without", "with") if r % 2 == 0 else ("with", "without")
        for key in order:
            coder = Coder(variants[key])
            t = time.perf_counter()
            out = list(coder.code_articles(articles))
            best[key] = min(best[key], time.perf_counter() - t)
            events[key] = out

    ratio = best["with"] / best["without"]
    result = {
        "dicts": [str(p) for p in paths], "data": args.data, "articles": len(articles),
        "characters": sum(len(a.text) for a in articles), "rounds": rounds, "load_repeat": max(1, args.load_repeat),
        "load": {"phrases": len(d), "errors": len(d.errors), "seconds": load_s, "stats": stats,
                 "target_s": TARGET_LOAD_S, "meets_target": load_s < TARGET_LOAD_S},
        "coding": {
            key: {"seconds": best[key], "events": len(events[key]),
                  "dictionary_entities": dictionary_entities(events[key])}
            for key in variants
        },
        "slowdown_ratio": ratio, "target_ratio": TARGET_RATIO, "meets_target": ratio < TARGET_RATIO,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0

    ok = lambda flag: "yes" if flag else "NO"  # noqa: E731
    print(f"dictionaries  {', '.join(DICT_FILES)}  (from {args.dicts})")
    print(f"data          {args.data}")
    print(f"articles      {len(articles)}   characters {result['characters']:,}")
    print()
    print(f"load (best of {result['load_repeat']})")
    print(f"  phrases     {len(d):,}  ({stats['actor_phrases']:,} actor, {stats['agent_phrases']:,} agent; "
          f"{stats['actor_roles']:,} actor roles, {stats['dated_roles']:,} dated)")
    print(f"  errors      {len(d.errors):,}  (lines reported and skipped)")
    print(f"  seconds     {load_s:.2f}    target < {TARGET_LOAD_S:.0f} s    met: {ok(load_s < TARGET_LOAD_S)}")
    print()
    print(f"coding (best of {rounds} alternating rounds, fresh Coder each run, after a 2-article warm-up)")
    print(f"  {'':26}{'seconds':>9}{'events':>8}{'dictionary entities':>21}")
    for key, label in (("without", "Options()"), ("with", "Options(dictionary=d)")):
        c = result["coding"][key]
        print(f"  {label:26}{c['seconds']:>9.2f}{c['events']:>8}{c['dictionary_entities']:>21}")
    print(f"  slowdown    {ratio:.3f} (with/without, {ratio - 1:+.1%})    target < {TARGET_RATIO:.2f} (+20%)    "
          f"met: {ok(ratio < TARGET_RATIO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
