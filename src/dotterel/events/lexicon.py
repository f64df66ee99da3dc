"""The event lexicon: trigger rows, wrappers, frame rules, modality cues, modes, contexts, CAMEO codes.

Loaded once from the TSV files under ``dotterel/data`` and validated on load: every
category, mode, frame, modality and object-test name is checked against its register
(``cameo.tsv`` for modes, ``frames.FRAMES``/``WRAPPER_FRAMES``/``ROLE_FRAMES``,
``modality.MODALITIES``, ``triggers.OBJECT_TESTS``) and a bad one is a ``DataFileError``
naming file:line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import E011, DataFileError
from ..resources import PLOVER_CATEGORIES, check_choice, read_tsv
from .frames import FRAMES, ROLE_FRAMES, WRAPPER_FRAMES
from .modality import MODALITIES
from .triggers import OBJECT_TESTS
from .words import ACTOR_NOUNS

EXTRA_TRIGGER_FILES = ("triggers_more.tsv",)  # read after triggers.tsv: its rows add coverage, never override


@dataclass(frozen=True)
class TriggerRule:
    lemma: tuple[str, ...]
    pos: str
    objects: frozenset[str]
    event: str
    mode: str | None
    recipient: tuple[str, ...]
    frame: str | None
    weight: float
    origin: str
    # the object column split once on load: '^lemma' subject words, '!name' exclusions, the rest object tests
    subjects: frozenset[str] = frozenset()
    exclusions: frozenset[str] = frozenset()
    tests: frozenset[str] = frozenset()


EXCLUSIONS = frozenset({"opinion"})  # '!opinion': not with a that-clause of opinion


@dataclass(frozen=True)
class FrameRule:
    frame: str
    inner: str
    event: str
    mode: str
    modality: str


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, tuple[TriggerRule, ...]]
    nouns: dict[str, tuple[TriggerRule, ...]]
    wrappers: dict[str, str]
    frame_rules: tuple[FrameRule, ...]
    modality_cues: dict[tuple[str, str], str]
    modes: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    categories: dict[str, dict[str, str]]
    cameo: dict[tuple[str, str], str]
    contexts: tuple[tuple[tuple[str, ...], str], ...]
    instruments: frozenset[str]
    context_index: dict[str, tuple[tuple[int, tuple[str, ...], str], ...]]  # first word -> (rank, words, context)
    actor_nouns: frozenset[str]

    def trigger_objects(self) -> list[tuple[str, frozenset[str]]]:
        """Every trigger word with the objects it needs (empty: none), for the sentence filter."""
        pairs = []
        for table in (self.verbs, self.nouns):
            for rules in table.values():
                for rule in rules:
                    # a required subject word pairs; an exclusion ('!') needs no word
                    needed = (rule.subjects or rule.tests) | frozenset(rule.lemma[1:])
                    pairs.append((rule.lemma[0], needed if rule.pos == "V" or rule.objects else frozenset()))
        return pairs


def _load_triggers(name: str, path=None):
    verbs: dict[str, list[TriggerRule]] = {}
    nouns: dict[str, list[TriggerRule]] = {}
    cols = ("lemma", "pos", "object", "event", "mode", "recipient", "frame", "weight")
    for row in read_tsv(name, cols, path=path):
        check_choice(row, "pos", ("V", "N", "A"))
        check_choice(row, "event", PLOVER_CATEGORIES)
        check_choice(row, "frame", FRAMES, optional=True)
        try:
            weight = float(row["weight"])
        except ValueError as exc:
            raise DataFileError(row.origin, f"bad weight '{row['weight']}'") from exc
        lemma = tuple(row["lemma"].lower().split())
        objects = frozenset(o for o in row["object"].split("|") if o)
        subjects = frozenset(o[1:] for o in objects if o.startswith("^"))
        exclusions = frozenset(o[1:] for o in objects if o.startswith("!"))
        if exclusions - EXCLUSIONS:
            raise DataFileError(row.origin, f"unknown exclusion '!{sorted(exclusions - EXCLUSIONS)[0]}'")
        unknown_tests = sorted(o for o in objects if o.startswith("@") and o not in OBJECT_TESTS)
        if unknown_tests:
            raise DataFileError(row.origin, E011.format(name=unknown_tests[0], known=", ".join(OBJECT_TESTS)))
        rule = TriggerRule(
            lemma=lemma, pos=row["pos"], objects=objects,
            event=row["event"], mode=row["mode"] or None,
            recipient=tuple(r for r in row["recipient"].split(",") if r), frame=row["frame"] or None,
            weight=weight, origin=row.origin, subjects=subjects, exclusions=exclusions,
            tests=frozenset(o for o in objects if not o.startswith(("^", "!"))),
        )
        (nouns if rule.pos == "N" else verbs).setdefault(lemma[0], []).append(rule)  # adjectives sit with verbs
    return {k: tuple(v) for k, v in verbs.items()}, {k: tuple(v) for k, v in nouns.items()}


def _specificity(rule: TriggerRule) -> int:
    """Sort key, most specific first: particle, then named objects, then object tests (@actor)."""
    concrete = any(not o.startswith("@") for o in rule.objects)
    return -(4 * (len(rule.lemma) > 1) + 2 * concrete + bool(rule.objects))


def _load_cameo() -> dict[tuple[str, str], str]:
    """cameo.tsv is also the register of valid (category, mode) pairs."""
    table = {}
    for r in read_tsv("cameo.tsv", ("event", "mode", "cameo")):
        check_choice(r, "event", PLOVER_CATEGORIES)
        if not r["cameo"].isdigit():
            raise DataFileError(r.origin, f"bad cameo '{r['cameo']}'")
        table[(r["event"], r["mode"])] = r["cameo"]
    return table


def _load_categories() -> dict[str, dict[str, str]]:
    cols = ("event", "quad", "cameo", "cooperative", "recipient", "target", "refinable")
    table = {}
    for r in read_tsv("categories.tsv", cols):
        check_choice(r, "event", PLOVER_CATEGORIES)
        check_choice(r, "quad", ("1", "2", "3", "4"))
        check_choice(r, "cooperative", ("yes", "no"))
        check_choice(r, "target", ("yes", "no"))
        table[r["event"]] = r.values
    missing = set(PLOVER_CATEGORIES) - set(table)
    if missing:
        raise DataFileError("dotterel/data/categories.tsv", f"no row for {', '.join(sorted(missing))}")
    return table


def _check_mode(origin: str, event: str, mode: str | None, cameo: dict) -> None:
    if mode and (event, mode) not in cameo:
        raise DataFileError(origin, f"'{mode}' is not a mode of {event} (see cameo.tsv)")


def _check_frame_rule(rule: FrameRule, origin: str, cameo: dict) -> None:
    inner_event, _, inner_mode = rule.inner.partition(":")
    if rule.inner != "*":
        if inner_event not in PLOVER_CATEGORIES:
            raise DataFileError(origin, f"bad inner '{rule.inner}'")
        _check_mode(origin, inner_event, inner_mode, cameo)
    if rule.event != "=" and rule.event not in PLOVER_CATEGORIES:
        raise DataFileError(origin, f"bad event '{rule.event}'")
    if rule.event != "=" and rule.mode not in ("", "="):
        _check_mode(origin, rule.event, rule.mode, cameo)


@lru_cache(maxsize=1)
def load_event_lexicon() -> EventLexicon:
    cameo = _load_cameo()
    verbs, nouns = _load_triggers("triggers.tsv")
    for name in EXTRA_TRIGGER_FILES:
        if not resources.files("dotterel.data").joinpath(name).is_file():
            continue
        more_verbs, more_nouns = _load_triggers(name)
        for table, more in ((verbs, more_verbs), (nouns, more_nouns)):
            for lemma, rules in more.items():
                table[lemma] = table.get(lemma, ()) + rules
    # the most specific reading first (file order within each rank), so "back down" is not read
    # as "back", nor "meet demands" as "meet", nor "ordered the firm to pay" as a plain order
    for table in (verbs, nouns):
        for lemma, rules in table.items():
            table[lemma] = tuple(sorted(rules, key=_specificity))
    wrappers = {r["lemma"]: check_choice(r, "frame", WRAPPER_FRAMES) for r in read_tsv("wrappers.tsv", ("lemma", "frame"))}
    frame_rules = []
    for r in read_tsv("frame_rules.tsv", ("frame", "inner", "event", "mode", "modality")):
        rule = FrameRule(check_choice(r, "frame", FRAMES + WRAPPER_FRAMES + ("future",) + ROLE_FRAMES), r["inner"],
                         r["event"], r["mode"], check_choice(r, "modality", MODALITIES + ("=",)))
        _check_frame_rule(rule, r.origin, cameo)
        frame_rules.append(rule)
    for table in (verbs, nouns):
        for rules in table.values():
            for rule in rules:
                _check_mode(rule.origin, rule.event, rule.mode, cameo)
    cues = {(r["cue"].lower(), r["kind"]): check_choice(r, "modality", MODALITIES)
            for r in read_tsv("modality.tsv", ("cue", "kind", "modality"))}
    modes: dict[str, list] = {}
    for r in read_tsv("modes.tsv", ("event", "keyword", "mode")):
        check_choice(r, "event", PLOVER_CATEGORIES)
        _check_mode(r.origin, r["event"], r["mode"], cameo)
        modes.setdefault(r["event"], []).append((tuple(r["keyword"].lower().split()), r["mode"]))
    categories = _load_categories()
    contexts = tuple((tuple(r["keyword"].lower().split()), r["context"]) for r in read_tsv("contexts.tsv", ("keyword", "context")))
    instruments = frozenset(r["word"].lower() for r in read_tsv("instruments.tsv", ("word",)))
    # nouns that head actor phrases: the one-word sector terms ("fisherman", "doctor") and a few role nouns
    actor_nouns = frozenset(r["term"] for r in read_tsv("sectors.tsv", ("term", "sector", "kind")) if " " not in r["term"]) | ACTOR_NOUNS
    index: dict[str, list] = {}
    for rank, (words, context) in enumerate(contexts):
        index.setdefault(words[0], []).append((rank, words, context))
    return EventLexicon(verbs, nouns, wrappers, tuple(frame_rules), cues, {k: tuple(v) for k, v in modes.items()},
                        categories, cameo, contexts, instruments, {k: tuple(v) for k, v in index.items()}, actor_nouns)
