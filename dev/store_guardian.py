"""Ingest the Guardian sample twice into a fresh store, compare every table's row count, and
draw the charts (a check for issue 13's acceptance; slow: the first run codes 249 articles).

    python dev/store_guardian.py [--shared ../shared] [--out /tmp/store_charts] [--dyad TUR SYR]
                                 [--since 2018-01-01]

Writes OUT/guardian.duckdb, OUT/dyad_<A>_<B>_month.png and OUT/map.png, and prints the row
counts after each run.  Nothing from ../shared is copied anywhere else.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

TABLES = ("articles", "mentions", "events", "entities", "match_keys", "lsh_bands", "minhashes", "event_aliases")


def counts(path: Path) -> dict:
    from dotterel.store import Store

    with Store.open(path, read_only=True) as store:
        return {t: store.execute(f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def main() -> None:
    repo = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=repo.parent / "shared")
    parser.add_argument("--out", type=Path, default=Path("/tmp/store_charts"))
    parser.add_argument("--dyad", nargs=2, default=("TUR", "SYR"))
    parser.add_argument("--since", default="2018-01-01")
    args = parser.parse_args()
    csv_path = args.shared / "data" / "news" / "guardian_sample_2019.csv"
    if not csv_path.exists():
        sys.exit(f"{csv_path}: not found (pass --shared)")

    from dotterel.ingest import read_inputs
    from dotterel.pipeline import Coder
    from dotterel.store import Store
    from dotterel.store.plot import plot_dyad, plot_map

    args.out.mkdir(parents=True, exist_ok=True)
    db = args.out / "guardian.duckdb"
    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    coder = Coder()
    runs = []
    for run in (1, 2):
        start = time.perf_counter()
        with Store.open(db) as store:
            report = store.ingest(read_inputs([str(csv_path)], None, lambda e: print(e, file=sys.stderr)), coder)
        runs.append(counts(db))
        print(f"run {run} ({time.perf_counter() - start:.0f} s): {report.to_dict()}")
        print(f"  rows: {runs[-1]}")
    print("same row counts after both runs" if runs[0] == runs[1] else "ROW COUNTS DIFFER")
    a, b = args.dyad
    with Store.open(db, read_only=True) as store:
        print(f"stats: {store.stats()}")
        drawn = plot_dyad(store, a, b, args.out / f"dyad_{a}_{b}_month.png", by="month", since=args.since)
        located = plot_map(store, args.out / "map.png")
    print(f"{drawn} {a}-{b} events charted, {located} located events mapped, in {args.out}")


if __name__ == "__main__":
    main()
