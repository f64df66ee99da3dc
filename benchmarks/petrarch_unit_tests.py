"""Source/target actor codes on PETRARCH's unit-test records, with PETRARCH's own dictionaries.

Reads ../shared/data/petrarch2 (that is, ``/work/shared/data/petrarch2`` next to this
repository; another directory can be given with ``--data DIR``):

  PETR.UnitTest.records.xml   284 <Sentence> records: a date, the sentence <Text>, and
                              <EventCoding sourcecode=... targetcode=... eventcode=...>
                              lines (or noevents="True", or error="..." for records that
                              test PETRARCH's input handling)
  PETR.Validate.actors.txt    the actor dictionary those records were written for
  PETR.Validate.agents.txt    the agent dictionary

Codes are compared in PLOVER terms: an expected PETRARCH code such as ``ARNGOVFRM`` is
mapped with ``dotterel.actors.cameo_to_plover`` (the mapping every DictMatch uses)
to country + first sector, "ARN" + "GOV" -> "ARNGOV"; one of our actors becomes
``code + (sector or "")``.  Expected null codes ("---", "###") leave only their sector.

Two figures are printed:

1. Dictionary-only baseline (needs nothing but dotterel.actors): for each expected
   source / target, is its key among the keys of ``ActorDictionary.find_all`` over the
   record's words (actor alone, or actor + any agent sector found in the sentence)?
   This is an upper bound on what dictionary lookup can give, not event coding.
2. Event coding, if ``dotterel.code_text(text, date=..., dictionaries=..., all_modalities=True)``
   exists (a pipeline that names the keyword ``dictionary`` is accepted too): per
   record, is each expected source among our events' actors, each target among their
   recipients, and both in one event; misses are tallied by kind.

Usage:
  python benchmarks/petrarch_unit_tests.py [--data DIR] [--misses] [--baseline-only]
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing

from dotterel.actors import ActorDictionary, cameo_to_plover  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "petrarch2"


@dataclass(frozen=True)
class Expected:
    source: str
    target: str
    event: str


@dataclass(frozen=True)
class Record:
    id: str
    category: str
    when: date
    text: str
    events: tuple[Expected, ...]  # empty for noevents="True" records
    error: str | None  # PETRARCH input-handling tests (discards, bad parses): not scored


def read_records(path: Path) -> list[Record]:
    records = []
    for s in ET.parse(path).getroot().iter("Sentence"):
        codings = s.findall("EventCoding")
        events = tuple(Expected(c.get("sourcecode", ""), c.get("targetcode", ""),
                                c.get("eventcode", "")) for c in codings if c.get("eventcode"))
        d = s.get("date", "")
        records.append(Record(
            s.get("id", "?"), s.get("category", ""), date(int(d[:4]), int(d[4:6]), int(d[6:8])),
            " ".join((s.findtext("Text") or "").split()), events,
            next((c.get("error") for c in codings if c.get("error")), None)))
    return records


def key(petrarch_code: str) -> str:
    """An expected PETRARCH code as a PLOVER country+sector string."""
    country, sector = cameo_to_plover(petrarch_code.strip('"'))
    return (country or "") + (sector or "")


def entity_key(entity) -> str:
    """One of our actors/recipients as a comparable string: code + sector."""
    return (getattr(entity, "code", None) or "") + (getattr(entity, "sector", None) or "")


# ---------------------------------------------------------------- baseline

_TOKEN = re.compile(r"\w+(?:[-.']\w+)*\.?|'s|\S")


def tokenize(text: str) -> list[str]:
    """Words as a dictionary sees them: keep U.S. and W. whole, split a sentence's final period."""
    out = []
    for tok in _TOKEN.findall(text):
        if tok.endswith(".") and "." not in tok[:-1] and len(tok) > 2:
            out += [tok[:-1], "."]
        else:
            out.append(tok)
    return out


def dictionary_keys(dic: ActorDictionary, record: Record) -> tuple[set[str], set[str]]:
    """(keys of actors alone, keys of actors combined with any agent in the sentence)."""
    words = tokenize(record.text)
    actors = [m for _, m in dic.find_all(words, record.when)]
    agents = [m for i in range(len(words)) if (m := dic.match_agent(words, i))]
    alone = {(m.country or "") + (m.sector or "") for m in actors}
    combined = set(alone) | {(a.country or g.country or "") + (a.sector or g.sector or "")
                             for a in actors for g in agents}
    combined |= {g.sector for g in agents if g.sector}  # "---GOV": agent with no actor
    return alone, combined


def run_baseline(dic: ActorDictionary, records: list[Record]) -> None:
    scored = [r for r in records if r.events and not r.error]
    counts = Counter()
    for r in scored:
        alone, combined = dictionary_keys(dic, r)
        for e in r.events:
            for role, code in (("source", e.source), ("target", e.target)):
                counts[role, "total"] += 1
                counts[role, "alone"] += key(code) in alone
                counts[role, "combined"] += key(code) in combined
    print(f"Dictionary-only baseline over {len(scored)} records with expected events "
          f"({counts['source', 'total']} expected events):")
    for role in ("source", "target"):
        total = counts[role, "total"]
        print(f"  expected {role} found by find_all:           "
              f"{counts[role, 'alone']:4d}/{total} ({100 * counts[role, 'alone'] / total:.1f}%)")
        print(f"  expected {role} found, actor + agent sector: "
              f"{counts[role, 'combined']:4d}/{total} ({100 * counts[role, 'combined'] / total:.1f}%)")


# ---------------------------------------------------------------- event coding


def classify(record: Record, events: list) -> str:
    """One miss category per record ("ok" if every expected event is matched)."""
    if not record.events:  # noevents="True", or a record like FINAL-RECORD with no coding
        return "ok (no event expected)" if not events else "event where none expected"
    if not events:
        return "no event found"
    actor_keys = {entity_key(a) for ev in events for a in (ev.actor or [])}
    recipient_keys = {entity_key(a) for ev in events for a in (ev.recipient or [])}
    source_ok = all(key(e.source) in actor_keys for e in record.events)
    target_ok = all(key(e.target) in recipient_keys for e in record.events)
    if not source_ok and not target_ok:
        return "source and target wrong"
    if not source_ok or not target_ok:
        return "source wrong" if not source_ok else "target wrong"
    paired = all(any(key(e.source) in {entity_key(a) for a in (ev.actor or [])}
                     and key(e.target) in {entity_key(a) for a in (ev.recipient or [])}
                     for ev in events) for e in record.events)
    return "ok" if paired else "source and target in different events"


def score_record(record: Record, events: list) -> dict[str, bool]:
    def has(attr: str, code: str) -> bool:
        return any(key(code) in {entity_key(a) for a in (getattr(ev, attr) or [])} for ev in events)

    return {
        "source": all(has("actor", e.source) for e in record.events),
        "target": all(has("recipient", e.target) for e in record.events),
    }


def dictionary_keyword(code_text) -> str:
    """The agreed keyword is `dictionaries`; early pipelines spell it `dictionary`."""
    params = inspect.signature(code_text).parameters
    return "dictionaries" if "dictionaries" in params or "dictionary" not in params else "dictionary"


def code_record(code_text, options: dict, record: Record) -> tuple[list, str]:
    """Our events for one record and its outcome category."""
    try:
        events = list(code_text(record.text, date=record.when, **options))
    except Exception as e:  # a crash is a miss to count, not a reason to stop the run
        return [], f"exception: {type(e).__name__}: {str(e)[:70]}"
    return events, classify(record, events)


def run_coding(code_text, dic: ActorDictionary, records: list[Record], show_misses: bool) -> None:
    tally, hits = Counter(), Counter()
    scored = [r for r in records if not r.error]
    started = time.perf_counter()
    options = {dictionary_keyword(code_text): dic, "all_modalities": True}
    for r in scored:
        events, category = code_record(code_text, options, r)
        tally[category] += 1
        if r.events:
            hits.update(score_record(r, events))
            hits["both"] += category == "ok"
        if show_misses and not category.startswith("ok"):
            print(f"  MISS {r.id}: {category}: expected "
                  f"{[(e.source, e.target) for e in r.events]} text={r.text[:80]!r}")
    print(f"\nEvent coding with code_text ({time.perf_counter() - started:.1f} s):")
    print_coding(records, scored, hits, tally)


def print_coding(records: list[Record], scored: list[Record], hits: Counter, tally: Counter) -> None:
    with_events = sum(1 for r in scored if r.events)
    print(f"  records scored: {len(scored)} ({with_events} with expected events, "
          f"{len(scored) - with_events} expecting none; {len(records) - len(scored)} "
          "input-handling records skipped)")
    for name in ("source", "target", "both"):
        print(f"  expected {name:6s} among ours: {hits[name]:4d}/{with_events} "
              f"({100 * hits[name] / max(with_events, 1):.1f}%)")
    print("  outcome per record:")
    for category, n in tally.most_common():
        print(f"    {n:4d}  {category}")


def load_code_text():
    try:
        from dotterel import code_text
    except (ImportError, AttributeError) as e:
        print(f"\nEvent coding skipped: dotterel.code_text is not available yet ({e}).\n"
              "This part needs code_text(text, date=..., dictionaries=ActorDictionary, "
              "all_modalities=True)\nreturning events with .actor / .recipient lists of "
              "entities that have .code and .sector.")
        return None
    return code_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--misses", action="store_true", help="list every missed record")
    parser.add_argument("--baseline-only", action="store_true")
    args = parser.parse_args(argv)

    records = read_records(args.data / "PETR.UnitTest.records.xml")
    started = time.perf_counter()
    dic = ActorDictionary.load([args.data / "PETR.Validate.actors.txt",
                                args.data / "PETR.Validate.agents.txt"])
    print(f"{len(records)} records; dictionaries: {dic.stats()} "
          f"loaded in {time.perf_counter() - started:.2f} s")
    for error in dic.errors:
        print("  dictionary:", error)
    run_baseline(dic, records)
    code_text = None if args.baseline_only else load_code_text()
    if code_text is not None:
        run_coding(code_text, dic, records, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
