"""Event place and event date accuracy of dotterel on its own dev gold file.

Reads dotterel's own dev file, ``dev/gold/places_dates_dev.jsonl`` in this
repository (no ../shared or other outside data needed); another JSONL file of
the same shape can be given as the first argument.  Each gold line holds one
news-style sentence, its publication date and the expected event place /
event date / end date (see the file itself for the fields).

For every sentence the script calls ``dotterel.code_text(text, date=...,
all_modalities=True)`` (so that future and reported events count too), takes
the first event that has an ``event_loc`` (else the first event) and scores:

  sentences with any event   at least one event came back
  place geonameid exact      over gold places that have a geonameid
  place same country         over all gold places (ISO alpha-3 or alpha-2 accepted)
  place within 161 km        haversine, over city-level gold places (resolution 4);
                             an "all levels" line is printed too, but country and
                             province coordinates in the gold file are rough
                             centroids (median of GeoNames cities), so read it loosely
  place name match           extracted_place or resolved_place equals the gold name
                             as written or the gold resolved_place (case- and
                             accent-insensitive, a leading "the" ignored)
  null place kept null       gold place null and no event_loc returned
  date exact                 over all sentences; a null gold date wants a null date
  date exact (gold non-null) only the sentences whose gold date is a day
  enddate exact              over all sentences (null wants null)
  enddate exact (ranges)     only the sentences whose gold enddate is a day

A missing field or an exception inside dotterel counts as a miss, never a crash.

Usage:
  python benchmarks/place_time_eval.py [GOLD.jsonl] [--misses] [--asserted-only] [--json]
  python benchmarks/place_time_eval.py --selftest     # check the scoring code alone
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import sys
import unicodedata
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parents[1] / "dev" / "gold" / "places_dates_dev.jsonl"
KM_THRESHOLD = 161.0  # 100 miles, the usual geocoding tolerance


# ---------------------------------------------------------------- helpers

def _get(obj, name):
    """Attribute or dict key, None when absent or when reading it fails."""
    if obj is None:
        return None
    try:
        if isinstance(obj, dict):
            return obj.get(name)
        return getattr(obj, name, None)
    except Exception:  # a property that raises counts as missing
        return None


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def norm_name(s) -> str:
    if not isinstance(s, str):
        return ""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    s = " ".join(s.casefold().split())
    if s.startswith("the "):
        s = s[4:]
    return s.strip(" .,")


_A2_TO_A3: dict[str, str] | None = None


def norm_country(code) -> str | None:
    """Upper-case alpha-3; alpha-2 is mapped through pycountry when it is installed."""
    global _A2_TO_A3
    if not isinstance(code, str) or not code.strip():
        return None
    code = code.strip().upper()
    if len(code) == 2:
        if _A2_TO_A3 is None:
            try:
                import pycountry

                _A2_TO_A3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
            except Exception:
                _A2_TO_A3 = {}
        return _A2_TO_A3.get(code, code)
    return code


def norm_date(d) -> str | None:
    if d is None:
        return None
    if isinstance(d, _dt.datetime):
        return d.date().isoformat()
    if isinstance(d, _dt.date):
        return d.isoformat()
    if isinstance(d, str) and len(d) >= 10:
        return d[:10]
    return None


def to_float(x):
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def to_int(x):
    try:
        return int(x)
    except (TypeError, ValueError):
        return None


def pick_event(events):
    """First event with an event_loc, else the first event, else None."""
    try:
        events = list(events or [])
    except Exception:
        return None
    for ev in events:
        if _get(ev, "event_loc") is not None:
            return ev
    return events[0] if events else None


def describe_place(p) -> str:
    if p is None:
        return "None"
    parts = [
        f"{_get(p, 'extracted_place') or _get(p, 'name')!s}->{_get(p, 'resolved_place')!s}",
        f"gid={_get(p, 'geonameid')}",
        f"cc={_get(p, 'country_code')}",
        f"res={_get(p, 'resolution')}",
    ]
    lat, lon = to_float(_get(p, "lat")), to_float(_get(p, "lon"))
    if lat is not None and lon is not None:
        parts.append(f"({lat:.2f},{lon:.2f})")
    return " ".join(parts)


# ---------------------------------------------------------------- scoring

METRICS = [
    ("sentences", "sentences"),
    ("any_event", "sentences with any event"),
    ("place_gid", "place geonameid exact"),
    ("place_country", "place same country"),
    ("place_161km_city", "place within 161 km (city-level gold)"),
    ("place_161km_all", "place within 161 km (all levels, rough)"),
    ("place_name", "place name match"),
    ("place_null", "null place kept null"),
    ("date", "date exact (all)"),
    ("date_nonnull", "date exact (gold non-null)"),
    ("enddate", "enddate exact (all)"),
    ("enddate_range", "enddate exact (ranges)"),
]


def score_one(gold: dict, event) -> dict[str, bool | None]:
    """Per-metric outcome for one sentence: True hit, False miss, None not applicable."""
    out: dict[str, bool | None] = {k: None for k, _ in METRICS}
    out["sentences"] = True
    out["any_event"] = event is not None
    gp = gold.get("expected_place")
    loc = _get(event, "event_loc")

    if gp is None:
        out["place_null"] = loc is None
    else:
        ggid = to_int(gp.get("geonameid"))
        if ggid is not None:
            out["place_gid"] = loc is not None and to_int(_get(loc, "geonameid")) == ggid
        gcc = norm_country(gp.get("country_code"))
        out["place_country"] = loc is not None and gcc is not None and norm_country(_get(loc, "country_code")) == gcc
        glat, glon = to_float(gp.get("lat")), to_float(gp.get("lon"))
        if glat is not None and glon is not None:
            lat, lon = to_float(_get(loc, "lat")), to_float(_get(loc, "lon"))
            near = lat is not None and lon is not None and haversine_km(glat, glon, lat, lon) <= KM_THRESHOLD
            out["place_161km_all"] = near
            if to_int(gp.get("resolution")) == 4:
                out["place_161km_city"] = near
        wanted = {norm_name(gp.get("name")), norm_name(gp.get("resolved_place"))} - {""}
        got = {norm_name(_get(loc, "extracted_place")), norm_name(_get(loc, "resolved_place"))} - {""}
        out["place_name"] = bool(wanted & got)

    gdate, gend = gold.get("expected_date"), gold.get("expected_enddate")
    d, e = norm_date(_get(event, "date")), norm_date(_get(event, "enddate"))
    out["date"] = d == gdate
    if gdate is not None:
        out["date_nonnull"] = d == gdate
    out["enddate"] = e == gend
    if gend is not None:
        out["enddate_range"] = e == gend
    return out


def expected_got(metric: str, gold: dict, event) -> tuple[str, str]:
    loc = _get(event, "event_loc")
    gp = gold.get("expected_place")
    if metric.startswith("place"):
        exp = "None" if gp is None else (
            f"{gp.get('name')}->{gp.get('resolved_place')} gid={gp.get('geonameid')} "
            f"cc={gp.get('country_code')} res={gp.get('resolution')} ({gp.get('lat')},{gp.get('lon')})")
        got = "no event" if event is None else describe_place(loc)
        return exp, got
    if metric.startswith("enddate"):
        return str(gold.get("expected_enddate")), "no event" if event is None else str(norm_date(_get(event, "enddate")))
    if metric.startswith("date"):
        return str(gold.get("expected_date")), "no event" if event is None else str(norm_date(_get(event, "date")))
    return "an event", "none"


def aggregate(golds: list[dict], events: list) -> tuple[dict[str, tuple[int, int]], list[tuple]]:
    totals = {k: [0, 0] for k, _ in METRICS}
    misses: list[tuple] = []
    for gold, ev in zip(golds, events):
        for k, v in score_one(gold, ev).items():
            if v is None:
                continue
            totals[k][1] += 1
            if v:
                totals[k][0] += 1
            elif k not in ("place_161km_all", "date_nonnull", "enddate_range"):  # shown once, under the wider metric
                misses.append((gold.get("id"), k, *expected_got(k, gold, ev), gold.get("notes", "")))
    return {k: (c, n) for k, (c, n) in totals.items()}, misses


def format_table(totals: dict[str, tuple[int, int]]) -> str:
    lines = [f"{'metric':<42}{'correct':>9}{'of':>6}{'%':>8}"]
    for key, label in METRICS:
        c, n = totals[key]
        pct = f"{100.0 * c / n:.1f}" if n else "-"
        lines.append(f"{label:<42}{c:>9}{n:>6}{pct:>8}")
    return "\n".join(lines)


# ---------------------------------------------------------------- running

def load_gold(path: Path) -> list[dict]:
    golds = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                golds.append(json.loads(line))
            except json.JSONDecodeError as exc:
                print(f"{path}:{i}: skipped, not JSON ({exc})", file=sys.stderr)
    return golds


def run_dotterel(golds: list[dict], all_modalities: bool = True) -> tuple[list, list[str]]:
    try:
        from dotterel import code_text
    except ImportError as exc:
        raise SystemExit(f"cannot import dotterel.code_text ({exc}); install the package (pip install -e .)")

    picked, errors = [], []
    for g in golds:
        pub = None
        if g.get("date"):
            try:
                pub = _dt.date.fromisoformat(g["date"])
            except ValueError:
                pub = None
        try:
            if all_modalities:
                try:
                    evs = code_text(g.get("text", ""), date=pub, all_modalities=True)
                except TypeError:  # an API without the keyword
                    evs = code_text(g.get("text", ""), date=pub)
            else:
                evs = code_text(g.get("text", ""), date=pub)
        except Exception as exc:  # a crash on one sentence is a miss on that sentence
            errors.append(f"{g.get('id')}: {type(exc).__name__}: {exc}")
            evs = []
        picked.append(pick_event(evs))
    return picked, errors


def selftest() -> int:
    """Score a few fake events: checks the scoring code without dotterel."""
    from types import SimpleNamespace as NS

    golds = [
        {"id": "T1", "expected_place": {"name": "Kiev", "resolved_place": "Kyiv", "geonameid": 703448, "lat": 50.45466,
                                        "lon": 30.5238, "country_code": "UKR", "resolution": 4},
         "expected_date": "2023-02-02", "expected_enddate": None},
        {"id": "T2", "expected_place": {"name": "Paris", "resolved_place": "Paris", "geonameid": 4717560, "lat": 33.66,
                                        "lon": -95.56, "country_code": "USA", "resolution": 4},
         "expected_date": "2022-08-10", "expected_enddate": None},
        {"id": "T3", "expected_place": None, "expected_date": None, "expected_enddate": None},
        {"id": "T4", "expected_place": {"name": "Bavaria", "resolved_place": "Bavaria", "geonameid": None, "lat": 48.9,
                                        "lon": 11.3, "country_code": "DEU", "resolution": 2},
         "expected_date": "2019-09-23", "expected_enddate": "2019-09-27"},
        {"id": "T5", "expected_place": {"name": "Gaza City", "resolved_place": "Gaza", "geonameid": 281133, "lat": 31.5,
                                        "lon": 34.47, "country_code": "PSE", "resolution": 4},
         "expected_date": "2021-05-15", "expected_enddate": None},
    ]
    kyiv = NS(extracted_place="Kiev", resolved_place="Kyiv", geonameid=703448, lat=50.45, lon=30.52,
              country_code="UKR", resolution=4)
    paris_fr = NS(extracted_place="Paris", resolved_place="Paris", geonameid=2988507, lat=48.85, lon=2.35,
                  country_code="FRA", resolution=4)
    bavaria = NS(extracted_place="Bavaria", resolved_place="Bayern", geonameid=2951839, lat=48.5, lon=11.4,
                 country_code="DE", resolution=2)
    no_loc = NS(event_loc=None, date=_dt.date(2022, 8, 10), enddate=None)
    events_per_sentence = [
        [no_loc, NS(event_loc=kyiv, date=_dt.date(2023, 2, 2), enddate=None)],  # second event has the place
        [NS(event_loc=paris_fr, date=_dt.date(2022, 8, 9), enddate=None)],     # wrong Paris, wrong day
        [NS(event_loc=None, date=None, enddate=None)],                          # correct nulls
        [NS(event_loc=bavaria, date="2019-09-23", enddate=_dt.date(2019, 9, 27))],  # alpha-2, str date
        [NS(event_loc=NS(extracted_place="Gaza"))],                             # half-empty objects
    ]
    picked = [pick_event(evs) for evs in events_per_sentence]
    assert picked[0].event_loc is kyiv
    totals, misses = aggregate(golds, picked)
    expect = {
        "sentences": (5, 5), "any_event": (5, 5), "place_gid": (1, 3), "place_country": (2, 4),
        "place_161km_city": (1, 3), "place_161km_all": (2, 4), "place_name": (4, 4), "place_null": (1, 1),
        "date": (3, 5), "date_nonnull": (2, 4), "enddate": (5, 5), "enddate_range": (1, 1),
    }
    assert totals == expect, totals
    assert abs(haversine_km(48.8566, 2.3522, 51.5074, -0.1278) - 343.5) < 2
    assert pick_event([]) is None and pick_event(None) is None
    print(format_table(totals))
    print(f"{len(misses)} misses listed; selftest ok")
    return 0


def main(argv: list[str]) -> int:
    if "--selftest" in argv:
        return selftest()
    args = [a for a in argv if not a.startswith("--")]
    path = Path(args[0]) if args else DEFAULT_GOLD
    golds = load_gold(path)
    picked, errors = run_dotterel(golds, all_modalities="--asserted-only" not in argv)
    totals, misses = aggregate(golds, picked)
    if "--json" in argv:
        print(json.dumps({k: {"correct": c, "total": n} for k, (c, n) in totals.items()}, indent=1))
    else:
        print(f"gold: {path}")
        print(format_table(totals))
    if errors:
        print(f"\n{len(errors)} sentence(s) raised inside dotterel (counted as no event):")
        for e in errors:
            print("  " + e)
    if "--misses" in argv:
        print(f"\nmisses ({len(misses)}):")
        for sid, metric, exp, got, notes in misses:
            print(f"  {sid} [{metric}] expected: {exp} | got: {got}" + (f"   ({notes})" if notes else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
