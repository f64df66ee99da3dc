"""Cost of one article as it grows: time and peak memory stay bounded past the size bound.

Codes one synthetic article (distinct sentences, each with an event trigger, so every
sentence is parsed: the worst case) at several sizes and prints seconds and peak RSS side
by side.  Beyond ``clean.MAX_ARTICLE_CHARS`` the text is cut, so the cost stops growing.

    python benchmarks/long_article.py [--sizes 50000,500000,5000000]
"""

from __future__ import annotations

import argparse
import resource
import time
from datetime import date

from dotterel import code_text
from dotterel.clean import MAX_ARTICLE_CHARS

COUNTRIES = ["Kenya", "France", "Brazil", "India", "Russia", "Turkey", "Ethiopia", "Chile", "Japan", "Egypt"]
VERBS = ["met", "accused", "attacked", "criticised", "praised", "threatened"]


def article(size: int) -> str:
    parts, n = [], 0
    while sum(map(len, parts)) < size:
        a, b = COUNTRIES[n % 10], COUNTRIES[(n // 10 + 1 + n) % 10]
        parts.append(f"Officials from {a} {VERBS[n % 6]} delegates from {b} in round {n}. ")
        n += 1
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000,500000,5000000")
    args = parser.parse_args()
    code_text("Kenya met France.", date(2024, 1, 1))  # load the model and lexicons first
    print(f"size bound: {MAX_ARTICLE_CHARS:,} characters")
    print(f"{'characters':>12} {'seconds':>8} {'events':>7} {'peak RSS MB':>12}")
    for size in (int(s) for s in args.sizes.split(",")):
        text = article(size)
        started = time.perf_counter()
        events = code_text(text, date(2024, 1, 1), doc_id=f"bench-{size}")
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{len(text):>12,} {seconds:>8.1f} {len(events):>7} {peak:>12.0f}")


if __name__ == "__main__":
    main()
