"""Load on `dotterel serve` over loopback (a benchmark, not a test).

Builds (or reuses) a store of the Guardian sample (``<shared>/data/news/guardian_sample_2019.csv``,
249 articles, coded and stored through the library), starts ``dotterel serve`` on a free
loopback port in a subprocess, then runs for ``--duration`` seconds:

  readers  ``--readers`` (50) concurrent clients, each looping GET /v1/events with a random
           filter (actor / recipient / category / country code seen in the store, or none) and
           a random page (limit 50);
  writers  ``--writers`` (5) concurrent clients, each looping POST /v1/articles with one article:
           a random contiguous run of half the sentences of a random Guardian article, so the
           store sees new, near-duplicate and duplicate articles and every one is coded.

Prints requests/s, p50/p99 latency and errors (non-2xx or failed requests) per kind, and the
server's resident memory (VmRSS) before and after.  ``--soak 600`` runs the same mix for 600 s
and prints RSS every ``--every`` seconds.  The client runs in this process (asyncio + httpx), so
on a 2-core machine it takes CPU from the server: figures are for this machine, loopback only.

    python benchmarks/serve_load.py --shared /work/shared [--db store.duckdb] [--duration 60] [--soak 600]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "serve-load-benchmark-token"


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def tree_rss_kib(pid: int) -> tuple[int, int]:
    """RSS of the server process and of its children (the coder process)."""
    children = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                children += rss_kib(int(child))
            except OSError:
                pass
    return rss_kib(pid), children


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_guardian(path: Path) -> list[dict]:
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as handle:
        return [{"text": row["text"], "date": row["date"][:10] or None, "source": row.get("source") or None}
                for row in csv.DictReader(handle) if row.get("text", "").strip()]


def build_store(db: Path, csv_path: Path) -> None:
    from dotterel.ingest import read_csv
    from dotterel.pipeline import Coder, Options
    from dotterel.store import Store

    started = time.perf_counter()
    store = Store.open(db)
    try:
        report = store.ingest(read_csv(csv_path, None, lambda e: print(f"  input error: {e}", file=sys.stderr)),
                              Coder(Options()))
    finally:
        store.close()
    print(f"built {db} from {csv_path.name} in {time.perf_counter() - started:.0f} s: {report}")


def start_server(db: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "DOTTEREL_TOKEN": TOKEN}
    proc = subprocess.Popen([sys.executable, "-m", "dotterel.cli", "serve", "--db", str(db), "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited ({proc.returncode}): {proc.stderr.read()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if json.load(r)["coder_loaded"]:
                    return proc
        except OSError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not come up in 300 s")


def filter_values(base: str) -> dict[str, list[str]]:
    """Codes that occur in the store, so most reader queries find something."""
    with urllib.request.urlopen(base + "/v1/events?limit=1000", timeout=60) as r:
        events = json.load(r)["events"]
    values: dict[str, set] = {"actor": set(), "recipient": set(), "event": set(), "country": set()}
    for e in events:
        values["actor"].update(a["code"] for a in e["actor"] if a.get("code"))
        values["recipient"].update(a["code"] for a in e["recipient"] if a.get("code"))
        values["event"].add(e["event"])
        if e.get("event_loc") and e["event_loc"].get("country_code"):
            values["country"].add(e["event_loc"]["country_code"])
    return {k: sorted(v) for k, v in values.items()}


class Tally:
    def __init__(self):
        self.latencies: dict[str, list[float]] = {"read": [], "write": []}
        self.errors: dict[str, int] = {"read": 0, "write": 0}
        self.statuses: dict[str, int] = {}
        self.examples: list[str] = []


async def reader(client, values, tally: Tally, stop_at: float, rng: random.Random) -> None:
    while time.monotonic() < stop_at:
        params = {"limit": 50, "offset": rng.choice((0, 0, 0, 50, 100))}
        kind = rng.choice(["actor", "recipient", "event", "country", None])
        if kind and values.get(kind):
            params[kind] = rng.choice(values[kind])
        t = time.perf_counter()
        try:
            r = await client.get("/v1/events", params=params)
            ok = r.status_code == 200 and "events" in r.json()
        except Exception as exc:  # noqa: BLE001 - every failure is an error to count
            ok, r = False, exc
        tally.latencies["read"].append(time.perf_counter() - t)
        if not ok:
            tally.errors["read"] += 1
            tally.examples.append(f"read {params}: {getattr(r, 'status_code', r)} {getattr(r, 'text', '')[:200]}")


async def writer(client, articles, tally: Tally, stop_at: float, rng: random.Random) -> None:
    while time.monotonic() < stop_at:
        article = rng.choice(articles)
        sentences = re.split(r"(?<=[.!?])\s+", article["text"])
        n = max(1, len(sentences) // 2)
        first = rng.randrange(0, len(sentences) - n + 1)
        body = {"text": " ".join(sentences[first:first + n]), "date": article["date"], "source": article["source"]}
        t = time.perf_counter()
        try:
            r = await client.post("/v1/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
            ok = r.status_code == 200
            if ok:
                status = r.json()["results"][0]["status"]
                tally.statuses[status] = tally.statuses.get(status, 0) + 1
        except Exception as exc:  # noqa: BLE001
            ok, r = False, exc
        tally.latencies["write"].append(time.perf_counter() - t)
        if not ok:
            tally.errors["write"] += 1
            tally.examples.append(f"write: {getattr(r, 'status_code', r)} {getattr(r, 'text', '')[:200]}")


async def run_mix(base: str, pid: int, articles, values, args, seconds: float, every: float | None) -> tuple[Tally, list]:
    import httpx

    tally, samples = Tally(), []
    limits = httpx.Limits(max_connections=args.readers + args.writers + 5)
    timeout = httpx.Timeout(120.0)
    stop_at = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        tasks = [asyncio.create_task(reader(client, values, tally, stop_at, random.Random(i))) for i in range(args.readers)]
        tasks += [asyncio.create_task(writer(client, articles, tally, stop_at, random.Random(1000 + i)))
                  for i in range(args.writers)]
        started = time.monotonic()
        if every:
            while time.monotonic() < stop_at:
                await asyncio.sleep(min(every, max(0.0, stop_at - time.monotonic())))
                elapsed = time.monotonic() - started
                server, coder = tree_rss_kib(pid)
                sample = (elapsed, server, coder, len(tally.latencies["read"]), len(tally.latencies["write"]))
                samples.append(sample)
                print(f"  t={elapsed:5.0f} s  RSS server {server / 1024:7.1f} MiB  coder {coder / 1024:7.1f} MiB  "
                      f"reads {sample[3]:7d}  writes {sample[4]:5d}  errors {sum(tally.errors.values())}", flush=True)
        await asyncio.gather(*tasks)
    return tally, samples


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def report(tally: Tally, seconds: float, rss_before: tuple[int, int], rss_after: tuple[int, int]) -> None:
    print(f"\n{'kind':6} {'requests':>9} {'req/s':>8} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
    for kind in ("read", "write"):
        lat = tally.latencies[kind]
        print(f"{kind:6} {len(lat):9d} {len(lat) / seconds:8.1f} {pct(lat, 0.5):9.1f} {pct(lat, 0.99):9.1f} "
              f"{tally.errors[kind]:7d}")
    print(f"write statuses: {tally.statuses}")
    for name, before, after in (("server", rss_before[0], rss_after[0]), ("coder process", rss_before[1], rss_after[1])):
        print(f"{name} RSS: before {before / 1024:.1f} MiB, after {after / 1024:.1f} MiB "
              f"(after/before {after / max(before, 1):.2f})")
    for example in tally.examples[:5]:
        print("  error:", example)


def main() -> int:
    parser = argparse.ArgumentParser(description="Load on dotterel serve over loopback (not a test)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--db", type=Path, help="store to serve; built from the Guardian sample if it does not exist "
                                                 "(default: a temporary copy built for this run)")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--soak", type=float, default=0.0, help="run the mix this many seconds, printing RSS over time")
    parser.add_argument("--every", type=float, default=30.0, help="RSS sample interval in the soak (s)")
    args = parser.parse_args()
    if not 0 < args.duration <= 3600 or not 0 <= args.soak <= 3600 or args.readers > 200 or args.writers > 50:
        parser.error("bounded: duration/soak at most 3600 s, at most 200 readers and 50 writers")
    csv_path = args.shared / "data" / "news" / "guardian_sample_2019.csv"
    if not csv_path.exists():
        parser.error(f"{csv_path} not found (pass --shared)")
    articles = read_guardian(csv_path)
    with tempfile.TemporaryDirectory(prefix="dotterel-serve-load-") as tmp:
        db = args.db or Path(tmp) / "guardian.duckdb"
        if not db.exists():
            build_store(db, csv_path)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(db, port)
        try:
            values = filter_values(base)
            warm_text = "Warm-up: the minister met the envoy in Paris on Monday. " + str(time.time())
            for path, headers in (("/v1/code", {}), ("/v1/articles", {"Authorization": f"Bearer {TOKEN}"})):
                # the first coding and the first write load what loads lazily (the model, the near-duplicate index)
                warm = urllib.request.Request(base + path, method="POST", data=json.dumps({"text": warm_text}).encode(),
                                              headers={"Content-Type": "application/json", **headers})
                urllib.request.urlopen(warm, timeout=300).read()
            rss_before = tree_rss_kib(proc.pid)
            print(f"serving {db} on {base} (pid {proc.pid}); {args.readers} readers, {args.writers} writers")
            if args.soak:
                print(f"soak: {args.soak:.0f} s, RSS every {args.every:.0f} s")
                tally, _ = asyncio.run(run_mix(base, proc.pid, articles, values, args, args.soak, args.every))
                seconds = args.soak
            else:
                print(f"load: {args.duration:.0f} s")
                tally, _ = asyncio.run(run_mix(base, proc.pid, articles, values, args, args.duration, None))
                seconds = args.duration
            report(tally, seconds, rss_before, tree_rss_kib(proc.pid))
            errors = sum(tally.errors.values())
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
