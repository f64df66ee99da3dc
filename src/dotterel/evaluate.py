"""``dotterel eval``: score the coder against PLOVER gold-standard records.

Gold records are objects with ``id``, ``text``, optional ``date``, ``event`` (a category,
a list of them, or null for "no event"), ``mode``, ``context``, actors under
``actor``/``recipient`` or the older ``source``/``target`` (lists of ``{code, sector,
entity_text | actorText}``), and optionally ``event_loc``/``eventLoc`` with a ``name``.
Several records with the same text are several events of one sentence.

Scoring is per sentence and set-based: a predicted category absent from the gold set is a
false positive, a gold category not predicted a false negative; "no event" sentences
count every prediction as a false positive.  Category scoring uses every modality (the
category is what is described); modality agreement is reported separately.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataFileError, InputError
from .ingest import parse_date
from .place import fold
from .records import Article
from .resources import PLOVER_CATEGORIES

LEGACY = {"DEMAND": ("REQUEST", None), "DISAPPROVE": ("ACCUSE", None), "INVESTIGATE": ("ACCUSE", "investigate"),
          "FIGHT": ("ASSAULT", None), "YIELD": ("CONCEDE", None)}
NONE = "NONE"


@dataclass
class GoldEvent:
    event: str
    mode: str | None
    actor_codes: set[str]
    recipient_codes: set[str]
    place: str | None
    modality: str | None


@dataclass
class GoldSentence:
    id: str
    text: str
    date: object
    events: list[GoldEvent] = field(default_factory=list)


def _codes(entities) -> set[str]:
    if not isinstance(entities, list):
        return set()
    return {str(e.get("code")).upper() for e in entities if isinstance(e, dict) and e.get("code")}


def _categories(value) -> list[str]:
    if value in (None, "", []):
        return []
    return [value] if isinstance(value, str) else [v for v in value if v]


def read_gold(path: Path, on_error: Callable[[InputError], None]) -> list[GoldSentence]:
    """Gold records grouped by sentence text, in file order."""
    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if stripped.startswith("["):
        items = [(f"{path}:[{i}]", r) for i, r in enumerate(json.loads(stripped), start=1)]
    else:
        items = []
        for lineno, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    items.append((f"{path}:{lineno}", json.loads(line)))
                except json.JSONDecodeError as exc:
                    on_error(InputError(f"{path}:{lineno}", f"invalid JSON ({exc.msg})"))
    sentences: dict[str, GoldSentence] = {}
    for origin, record in items:
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            on_error(InputError(origin, "record has no 'text' field"))
            continue
        try:
            pub = parse_date(record.get("date"), origin)
        except InputError as exc:
            on_error(exc)
            pub = None
        sent = sentences.setdefault(record["text"], GoldSentence(str(record.get("id", origin)), record["text"], pub))
        for category in _categories(record.get("event")):
            category = str(category).upper()
            mode = record.get("mode")
            mode = mode[0] if isinstance(mode, list) and mode else (mode or None)
            category, legacy_mode = LEGACY.get(category, (category, None))
            if category not in PLOVER_CATEGORIES:
                on_error(InputError(origin, f"unknown event category '{category}'"))
                continue
            loc = record.get("event_loc") or record.get("eventLoc") or {}
            name = loc.get("name") or loc.get("extracted_place") or loc.get("placeName") if isinstance(loc, dict) else None
            sent.events.append(GoldEvent(
                category, legacy_mode or mode,
                _codes(record.get("actor", record.get("source"))), _codes(record.get("recipient", record.get("target"))),
                name, record.get("modality"),
            ))
    return list(sentences.values())


def predict(sentences: list, model: str, all_modalities: bool = True) -> dict[int, list]:
    """Code each sentence (anything with ``id``, ``text``, ``date``) as a one-sentence article;
    events keyed by the sentence's index."""
    from .pipeline import Coder, Options

    coder = Coder(Options(model=model, all_modalities=all_modalities))
    articles = (Article(doc_id=str(i), text=s.text, date=s.date, origin=s.id) for i, s in enumerate(sentences))
    predicted: dict[int, list] = defaultdict(list)
    for event in coder.code_articles(articles):
        predicted[int(event.doc_id)].append(event)
    return predicted


def tally(gold_cats: set[str], pred_cats: set[str], tp: Counter, fp: Counter, fn: Counter) -> None:
    """Set-based counts for one sentence: predicted and gold categories compared as sets."""
    for c in pred_cats & gold_cats:
        tp[c] += 1
    for c in pred_cats - gold_cats:
        fp[c] += 1
    for c in gold_cats - pred_cats:
        fn[c] += 1


def describe(event) -> str:
    """One line per predicted event for miss listings: category, mode, modality, codes, trigger, rule."""
    frame = f" frame={event.evidence.frame}" if event.evidence.frame else ""
    return (f"{event.event}/{event.mode}/{event.modality} {[a.code for a in event.actor]}->"
            f"{[r.code for r in event.recipient]} '{event.event_text}' {event.evidence.rule}{frame}")


def evaluate_sentences(sentences: list[GoldSentence], predicted: dict[int, list]) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    confusion: Counter = Counter()
    agree = Counter()
    misses: list[dict] = []
    for i, sent in enumerate(sentences):
        events = sorted(predicted.get(i, []), key=lambda e: -e.confidence)
        gold_cats = {g.event for g in sent.events}
        pred_cats = {e.event for e in events}
        tally(gold_cats, pred_cats, tp, fp, fn)
        top = events[0].event if events else NONE
        gold_top = sent.events[0].event if sent.events else NONE
        confusion[(gold_top, top)] += 1
        for gold in sent.events:
            _agreements(gold, [e for e in events if e.event == gold.event], agree)
        if pred_cats != gold_cats:
            misses.append({"id": sent.id, "text": sent.text, "gold": sorted(gold_cats),
                           "predicted": [describe(e) for e in events]})
    report = _summarise(tp, fp, fn, confusion, agree, len(sentences))
    report["misses"] = misses
    return report


@dataclass
class SpanEvent:
    """A gold event whose actor and recipient are given as written: character spans of the sentence."""

    event: str
    actor: tuple[int, int] | None
    recipient: tuple[int, int] | None


@dataclass
class SpanSentence:
    id: str
    text: str
    events: list[SpanEvent]
    date: object = None


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(fold(m.group()).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _span_words(words, span: tuple[int, int]) -> set[int]:
    return {i for i, (_, start, end) in enumerate(words) if start < span[1] and end > span[0]}


def _entity_overlaps(words, entities, span: tuple[int, int] | None) -> bool:
    """Some entity's text, found as a run of the sentence's words, overlaps the gold span."""
    if span is None:
        return False
    gold = _span_words(words, span)
    forms = [w for w, _, _ in words]
    for entity in entities:
        needle = [w for w, _, _ in _words(entity.entity_text or "")]
        if not needle:
            continue
        for i in range(len(forms) - len(needle) + 1):
            if forms[i:i + len(needle)] == needle and gold & set(range(i, i + len(needle))):
                return True
    return False


def evaluate_spans(sentences: list[SpanSentence], predicted: dict[int, list], classes: tuple[str, ...],
                   merge: dict[str, str] | None = None) -> dict:
    """Category P/R/F1 per class (set-based per sentence, as ``evaluate_sentences``) and span agreement:
    for each gold event whose category was predicted, does the most confident predicted event of that
    category name an actor whose text overlaps the gold actor span (and a recipient the recipient span)?
    Reported over the events whose category was found (``agreement``) and over all gold events (``of_all``).
    ``merge`` folds predicted categories into the gold's classes (e.g. CONCEDE and RETREAT into YIELD)."""
    merge = merge or {}
    tp, fp, fn = Counter(), Counter(), Counter()
    confusion: Counter = Counter()
    agree = Counter()
    silent = 0
    misses: list[dict] = []
    for i, sent in enumerate(sentences):
        events = sorted(predicted.get(i, []), key=lambda e: -e.confidence)
        category = {id(e): merge.get(e.event, e.event) for e in events}
        gold_cats = {g.event for g in sent.events}
        pred_cats = set(category.values())
        tally(gold_cats, pred_cats, tp, fp, fn)
        silent += not events
        confusion[(sent.events[0].event if sent.events else NONE, category[id(events[0])] if events else NONE)] += 1
        words = _words(sent.text)
        for gold in sent.events:
            best = next((e for e in events if category[id(e)] == gold.event), None)
            if best is None:
                continue
            agree["found"] += 1
            actor_ok = _entity_overlaps(words, best.actor, gold.actor)
            agree["actor"] += actor_ok
            agree["actor_recipient"] += actor_ok and _entity_overlaps(words, best.recipient, gold.recipient)
        if pred_cats != gold_cats:
            misses.append({"id": sent.id, "text": sent.text,
                           "gold": [{"event": g.event,
                                     "actor": sent.text[slice(*g.actor)] if g.actor else None,
                                     "recipient": sent.text[slice(*g.recipient)] if g.recipient else None}
                                    for g in sent.events],
                           "predicted": [describe(e) + f" actor={[a.entity_text for a in e.actor]}"
                                         f" recipient={[r.entity_text for r in e.recipient]}" for e in events]})
    found = agree["found"]
    total = sum(len(s.events) for s in sentences)

    def share(key: str) -> dict:
        return {"agreement": round(agree[key] / found, 3) if found else None, "n": found,
                "of_all": round(agree[key] / total, 3) if total else None, "n_all": total}

    return {
        "sentences": len(sentences),
        "micro": prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        "categories": {c: prf(tp[c], fp[c], fn[c]) for c in classes},
        "actor_span": share("actor"),
        "actor_recipient_span": share("actor_recipient"),
        # the same over all gold events (a miss counts as a disagreement): what a floor should hold,
        # since finding more events can lower the share among those found while raising this one
        "actor_span_all": {"agreement": share("actor")["of_all"], "n": total},
        "actor_recipient_span_all": {"agreement": share("actor_recipient")["of_all"], "n": total},
        "no_event": round(silent / len(sentences), 3) if sentences else None,
        "confusion": {f"{g}->{p}": v for (g, p), v in sorted(confusion.items())},
        "misses": misses,
    }


def render_spans(report: dict, as_json: bool, misses: bool = False) -> str:
    if as_json:
        return json.dumps(report if misses else {k: v for k, v in report.items() if k != "misses"}, indent=2)
    lines = [f"sentences: {report['sentences']}"] + _class_table(report)
    for key, label in (("actor_span", "actor span"), ("actor_recipient_span", "actor+recipient span")):
        s = report[key]
        lines.append(f"{label} agreement: {s['agreement']} (n={s['n']} events whose category was found);"
                     f" {s['of_all']} of all {s['n_all']} gold events")
    lines.append(f"sentences with no event: {report['no_event']}")
    lines.extend(_confusion_lines(report))
    if misses:
        lines.append("misses:")
        for miss in report["misses"]:
            gold = "; ".join(f"{g['event']} [{g['actor']}] -> [{g['recipient']}]" for g in miss["gold"])
            lines.append(f"  [{miss['id']}] gold={gold}\n      {miss['text']}")
            lines.extend(f"      predicted: {p}" for p in miss["predicted"] or ["nothing"])
    return "\n".join(lines)


def _class_table(report: dict) -> list[str]:
    lines = [f"{'category':<11} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}"]
    for cat, s in report["categories"].items():
        lines.append(f"{cat:<11} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} {s['support']:>5}")
    m = report["micro"]
    lines.append(f"{'micro':<11} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} {m['support']:>5}")
    return lines


def _confusion_lines(report: dict) -> list[str]:
    lines = ["confusion (gold->top prediction: count), off-diagonal:"]
    lines.extend(f"  {k}: {v}" for k, v in report["confusion"].items() if k.split("->")[0] != k.split("->")[1])
    return lines


def _agreements(gold: GoldEvent, matches: list, agree: Counter) -> None:
    best = matches[0] if matches else None
    if gold.actor_codes:
        agree["actor_total"] += 1
        if best and gold.actor_codes & {a.code for a in best.actor}:
            agree["actor_ok"] += 1
    if gold.recipient_codes:
        agree["recipient_total"] += 1
        if best and gold.recipient_codes & {r.code for r in best.recipient}:
            agree["recipient_ok"] += 1
    if gold.place:
        agree["place_total"] += 1
        loc = best.event_loc if best else None
        if loc and fold(gold.place) in (fold(loc.extracted_place or ""), fold(loc.resolved_place or "")):
            agree["place_ok"] += 1
    if gold.modality and best:
        agree["modality_total"] += 1
        agree["modality_ok"] += int(best.modality == gold.modality)
    if gold.mode and best:
        agree["mode_total"] += 1
        agree["mode_ok"] += int(best.mode == gold.mode)


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "support": tp + fn}


def _summarise(tp, fp, fn, confusion, agree, n) -> dict:
    per = {c: prf(tp[c], fp[c], fn[c]) for c in PLOVER_CATEGORIES}
    micro = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))

    def share(key: str):
        total = agree[f"{key}_total"]
        return {"agreement": round(agree[f"{key}_ok"] / total, 3) if total else None, "n": total}

    return {
        "sentences": n, "micro": micro, "categories": per,
        "actor": share("actor"), "recipient": share("recipient"), "location": share("place"),
        "mode": share("mode"), "modality": share("modality"),
        "confusion": {f"{g}->{p}": v for (g, p), v in sorted(confusion.items())},
    }


def evaluate_files(paths: list[Path], model: str, on_error: Callable[[InputError], None]) -> dict:
    sentences: list[GoldSentence] = []
    for path in paths:
        try:
            sentences.extend(read_gold(path, on_error))
        except (OSError, json.JSONDecodeError) as exc:
            on_error(InputError(str(path), f"cannot read gold file ({exc})"))
    return evaluate_sentences(sentences, predict(sentences, model))


def render(report: dict, as_json: bool, misses: bool = False) -> str:
    if as_json:
        return json.dumps(report if misses else {k: v for k, v in report.items() if k != "misses"}, indent=2)
    lines = [f"sentences: {report['sentences']}"] + _class_table(report)
    for key in ("actor", "recipient", "location", "mode", "modality"):
        lines.append(f"{key} agreement: {report[key]['agreement']} (n={report[key]['n']})")
    lines.extend(_confusion_lines(report))
    if misses:
        lines.append("misses:")
        for miss in report["misses"]:
            lines.append(f"  [{miss['id']}] gold={miss['gold']} predicted={miss['predicted']}\n      {miss['text']}")
    return "\n".join(lines)


def load_floors(path: Path) -> dict:
    """The floors file, checked: a bad file is a user error naming the file."""
    try:
        floors = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read floors file ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{path}:{exc.lineno}", f"invalid JSON ({exc.msg})") from exc
    if not isinstance(floors, dict):
        raise DataFileError(str(path), "floors must be a JSON object")
    categories = floors.get("categories", {})
    if not isinstance(categories, dict):
        raise DataFileError(str(path), "'categories' must be an object")
    for cat, metrics in categories.items():
        if cat not in PLOVER_CATEGORIES or not isinstance(metrics, dict):
            raise DataFileError(str(path), f"unknown category '{cat}' in floors")
        for metric, value in metrics.items():
            if metric not in METRICS or not _is_number(value):
                raise DataFileError(str(path), f"bad floor '{metric}': {value!r} for {cat}")
    for key, value in floors.items():
        if key == "categories":
            continue
        known = key in AGREEMENTS or (key.startswith("micro_") and key[6:] in METRICS)
        if not known or not _is_number(value):
            raise DataFileError(str(path), f"bad floor '{key}': {value!r}")
    return floors


METRICS = ("precision", "recall", "f1")
AGREEMENTS = ("actor", "recipient", "location", "mode", "modality")


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_floors(report: dict, floors_path: Path) -> list[str]:
    """Every floor in the JSON file must be met: {"micro_f1": x, "categories": {"AGREE": {"f1": y}}, ...}."""
    return check_floor_values(report, load_floors(floors_path))


def check_floor_values(report: dict, floors: dict) -> list[str]:
    """Failures of a report against floors already read: per-category metrics, ``micro_*`` and any
    report entry with an ``agreement`` (actor, recipient, ..., actor_span, actor_recipient_span)."""
    failures = []
    for key, floor in floors.items():
        if key == "categories":
            for cat, metrics in floor.items():
                for metric, value in metrics.items():
                    if cat not in report["categories"] or metric not in report["categories"][cat]:
                        failures.append(f"floor '{cat} {metric}' names nothing in the report")
                        continue
                    got = report["categories"][cat][metric]
                    if got + 1e-9 < value:
                        failures.append(f"{cat} {metric} {got} < {value}")
        elif key.startswith("micro_"):
            got = report["micro"][key[6:]]
            if got + 1e-9 < floor:
                failures.append(f"{key} {got} < {floor}")
        elif isinstance(report.get(key), dict) and "agreement" in report[key]:
            got = report[key]["agreement"] or 0.0
            if got + 1e-9 < floor:
                failures.append(f"{key} agreement {got} < {floor}")
        else:
            failures.append(f"floor '{key}' names nothing in the report")
    return failures
