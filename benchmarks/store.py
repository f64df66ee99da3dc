"""The event store against plain JSON Lines on a large synthetic corpus (a benchmark, not a test).

Reads nothing from ``../shared``: the corpus is ``dotterel.store.synthetic.corpus`` (coded
articles of random words with events drawn from 30 countries, 12 categories and two years of
dates; 5 % of the articles are wire copies), ``--events`` events in all (default 1,000,000).

Side by side, for the store (``Store.ingest_pairs``, with near-duplicate detection and event
merging) and for JSON Lines (one PLOVER record per line, as ``dotterel code`` writes them):

  ingest   store: ``ingest_pairs(pairs, batch_size=B)`` (``--batch``, default 2000 articles a
           transaction); JSONL: ``json.dumps(event.to_plover())`` per event to a file.  Both
           are timed over the same pairs, generated beforehand (generation is not timed).
           Also the store's rate with one transaction per article (what ``dotterel ingest``
           does) on the first ``--single`` events (default 5000), in a store of its own.
  dyads    the dyad-by-month table (counts per quad class and mean PLOVER score per period,
           actor and recipient): ``Store.dyads(by="month")`` against reading the JSONL with
           ``json.loads`` and counting in Python (the JSONL counts mentions, not merged events).
  parquet  Parquet partitioned by month: ``export_parquet`` (DuckDB COPY ... PARTITION_BY)
           against reading the JSONL into a pyarrow table and ``pyarrow.dataset.write_dataset``
           with the same partitioning.
  size     the DuckDB file (after a CHECKPOINT) against the JSONL file.

Usage:
  python benchmarks/store.py [--events N] [--batch B] [--single N] [--dir DIR] [--json]

Takes about 15-25 minutes for 1,000,000 events on 2 CPUs (``--events 100000`` for a quick look).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def jsonl_dyads(path: Path) -> int:
    table: dict[tuple, list] = defaultdict(lambda: [0, 0, 0, 0, 0])
    from dotterel.store.core import score_of

    with path.open(encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            if not rec["date"]:
                continue
            month = rec["date"][:7]
            for a in rec["actor"] or [{"code": None}]:
                for r in rec["recipient"] or [{"code": None}]:
                    if a["code"] is None:
                        continue
                    row = table[(month, a["code"], r["code"])]
                    row[rec["quad_code"] - 1] += 1
                    row[4] += score_of(rec["event"], rec["mode"]) or 0
    return len(table)


def jsonl_parquet(path: Path, target: Path) -> int:
    import pyarrow as pa
    import pyarrow.dataset as ds

    columns = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            actor = next((a for a in rec["actor"] if a["code"]), {})
            recipient = next((r for r in rec["recipient"] if r["code"]), {})
            loc = rec["event_loc"] or {}
            for key, value in (("id", rec["id"]), ("date", rec["date"]), ("event", rec["event"]),
                               ("mode", rec["mode"]), ("quad_code", rec["quad_code"]), ("cameo", rec["cameo"]),
                               ("actor_code", actor.get("code")), ("recipient_code", recipient.get("code")),
                               ("country", loc.get("country_code")), ("lat", loc.get("lat")),
                               ("lon", loc.get("lon")), ("month", (rec["date"] or "undated")[:7])):
                columns[key].append(value)
    table = pa.table(dict(columns))
    ds.write_dataset(table, target, format="parquet", partitioning=["month"], partitioning_flavor="hive",
                     existing_data_behavior="overwrite_or_ignore")
    return table.num_rows


def partial(args) -> dict:
    """One side of the comparison on its own (the full run takes long on a busy machine)."""
    from dotterel.store import Store
    from dotterel.store.export import export_parquet
    from dotterel.store.synthetic import corpus

    work = args.dir or Path(tempfile.mkdtemp(prefix="dotterel-store-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    out: dict = {"part": args.part}
    import pyarrow.dataset  # noqa: F401  (imports are not what is timed)
    import dotterel.store.core  # noqa: F401
    if args.part == "store-queries":
        db = work / "events.duckdb"
        with Store.open(db) as store:
            store.execute("CHECKPOINT")
            out["store"] = store.stats()
        with Store.open(db, read_only=True) as store:
            store.dyads(by="month")
            out["store_dyad_month_s"] = round(timed(lambda: store.dyads(by="month"))[0], 3)
            out["store_parquet_s"] = round(timed(lambda: export_parquet(store, work / "parquet_store"))[0], 2)
        out["store_mb"] = round(db.stat().st_size / 2**20, 1)
        return out
    jsonl = work / "events.jsonl"
    count = 0
    gen_s, pairs = timed(lambda: list(corpus(args.events)))

    def write_jsonl():
        nonlocal count
        with jsonl.open("w", encoding="utf-8") as handle:
            for _, events in pairs:
                for event in events:
                    handle.write(json.dumps(event.to_plover(), ensure_ascii=False) + "\n")
                    count += 1

    jsonl_s, _ = timed(write_jsonl)
    del pairs
    out.update(events=count, generate_s=round(gen_s, 1), jsonl_ingest_s=round(jsonl_s, 1),
               jsonl_events_per_s=round(count / jsonl_s))
    out["jsonl_dyad_month_s"] = round(timed(lambda: jsonl_dyads(jsonl))[0], 3)
    out["jsonl_parquet_s"] = round(timed(lambda: jsonl_parquet(jsonl, work / "parquet_jsonl"))[0], 2)
    out["jsonl_mb"] = round(jsonl.stat().st_size / 2**20, 1)
    if args.dir is None:
        shutil.rmtree(work, ignore_errors=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--single", type=int, default=5000)
    parser.add_argument("--dir", type=Path, default=None, help="Work directory (default: a temporary one)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--part", choices=("all", "jsonl", "store-queries"), default="all",
                        help="jsonl: only the JSONL side; store-queries: only dyads, Parquet and size of the "
                             "existing store --dir/events.duckdb (to split a long run in two)")
    args = parser.parse_args()
    if args.part != "all":
        print(json.dumps(partial(args), indent=2))
        return

    from dotterel.store import Store
    from dotterel.store.export import export_parquet
    from dotterel.store.synthetic import corpus

    work = args.dir or Path(tempfile.mkdtemp(prefix="dotterel-store-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"events": args.events, "batch": args.batch}
    try:
        gen_s, pairs = timed(lambda: list(corpus(args.events)))
        n_events = sum(len(events) for _, events in pairs)
        results.update(articles=len(pairs), mentions=n_events, generate_s=round(gen_s, 1))
        print(f"generated {len(pairs):,} articles, {n_events:,} events in {gen_s:.0f} s", file=sys.stderr)

        # one transaction per article, on a prefix
        single_pairs, count = [], 0
        for pair in pairs:
            if count >= args.single:
                break
            single_pairs.append(pair)
            count += len(pair[1])
        with Store.open(work / "single.duckdb") as store:
            single_s, _ = timed(lambda: store.ingest_pairs(single_pairs, batch_size=1))
        results["store_single_events_per_s"] = round(count / single_s)

        db = work / "events.duckdb"
        with Store.open(db) as store:
            ingest_s, report = timed(lambda: store.ingest_pairs(pairs, batch_size=args.batch))
            print(f"store ingest {ingest_s:.0f} s: {report}", file=sys.stderr)
            stats = store.stats()
            store.execute("CHECKPOINT")
        jsonl = work / "events.jsonl"

        def write_jsonl():
            with jsonl.open("w", encoding="utf-8") as handle:
                for _, events in pairs:
                    for event in events:
                        handle.write(json.dumps(event.to_plover(), ensure_ascii=False) + "\n")

        jsonl_s, _ = timed(write_jsonl)
        del pairs
        with Store.open(db, read_only=True) as store:
            store.dyads(by="month")  # warm the file cache
            dyad_s, dyads = timed(lambda: store.dyads(by="month"))
            parquet_s, _ = timed(lambda: export_parquet(store, work / "parquet_store"))
        jdyad_s, jdyads = timed(lambda: jsonl_dyads(jsonl))
        jparquet_s, _ = timed(lambda: jsonl_parquet(jsonl, work / "parquet_jsonl"))
        results.update(
            store_events=stats["events"], store_articles=stats["articles"],
            store_near_duplicates=stats["articles_near_duplicate"],
            store_ingest_s=round(ingest_s, 1), store_events_per_s=round(n_events / ingest_s),
            jsonl_ingest_s=round(jsonl_s, 1), jsonl_events_per_s=round(n_events / jsonl_s),
            store_dyad_month_s=round(dyad_s, 3), store_dyad_rows=len(dyads),
            jsonl_dyad_month_s=round(jdyad_s, 3), jsonl_dyad_rows=jdyads,
            store_parquet_s=round(parquet_s, 2), jsonl_parquet_s=round(jparquet_s, 2),
            store_mb=round(db.stat().st_size / 2**20, 1), jsonl_mb=round(jsonl.stat().st_size / 2**20, 1),
        )
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    r = results
    print(f"{r['mentions']:,} synthetic events in {r['articles']:,} articles "
          f"(store: {r['store_events']:,} merged events, {r['store_near_duplicates']:,} near-duplicate articles)")
    print(f"{'':28}{'store':>14}{'JSONL':>14}{'store/JSONL':>14}")
    rows = [("ingest (events/s)", r["store_events_per_s"], r["jsonl_events_per_s"]),
            ("dyads by month (s)", r["store_dyad_month_s"], r["jsonl_dyad_month_s"]),
            ("Parquet by month (s)", r["store_parquet_s"], r["jsonl_parquet_s"]),
            ("file size (MiB)", r["store_mb"], r["jsonl_mb"])]
    for name, a, b in rows:
        print(f"{name:28}{a:>14}{b:>14}{a / b if b else float('nan'):>14.2f}")
    print(f"store ingest, one transaction per article: {r['store_single_events_per_s']} events/s "
          f"(batch of {r['batch']}: {r['store_events_per_s']} events/s)")


if __name__ == "__main__":
    main()
