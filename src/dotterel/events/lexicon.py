"""The event lexicon: trigger rows, wrappers, frame rules, modality cues, modes, contexts, CAMEO codes.

Loaded once from the TSV files under ``dotterel/data`` and validated on load: every
category, mode, frame, modality and object-test name is checked against its register
(``cameo.tsv`` for modes, ``frames.FRAMES``/``WRAPPER_FRAMES``/``ROLE_FRAMES``,
``modality.MODALITIES``, ``triggers.OBJECT_TESTS``) and a bad one is a ``DataFileError``
naming file:line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from ..errors import E011, E015, DataFileError
from ..resources import PLOVER_CATEGORIES, check_choice, data_path, read_tsv
from .frames import ALL_FRAMES, FRAMES, WRAPPER_FRAMES
from .modality import CUE_KINDS, MODALITIES
from .roles import RecipientSpec, parse_recipient_spec
from .triggers import OBJECT_TESTS, rule_words
from ..vocabulary import load_vocabulary, vocab

EXTRA_TRIGGER_FILES = ("triggers_more.tsv", "triggers_news.tsv", "triggers_cameo.tsv")  # read after triggers.tsv: their rows add coverage


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
    spec: RecipientSpec | None = None  # the recipient column read on load; None: the category's


EXCLUSIONS = frozenset({"opinion"})  # '!opinion': not with a that-clause of opinion
# '!&class': not when a word of the class is what the trigger acts on or its verbal complement
# ('refused to comment': '!&no_comment')


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
    recipient_specs: dict[str, RecipientSpec] = field(default_factory=dict)  # each category's default

    @cached_property
    def report_verbs(self) -> frozenset[str]:
        """Reporting verbs ('report' rows of wrappers.tsv): their subject is the speaker of the quote."""
        return frozenset(lemma for lemma, frame in self.wrappers.items() if frame == "report")

    @cached_property
    def hyphen_tails(self) -> frozenset[str]:
        """Last parts of hyphenated trigger words ('fire' of 'test-fire'): the tokenizer splits
        them, so the trigger is found at this part with the rest before it."""
        return frozenset(key.rsplit("-", 1)[1] for table in (self.verbs, self.nouns) for key in table if "-" in key)

    def cameo_of(self, event: str, mode: str | None) -> str:
        """The CAMEO code of a category in a mode: the mode's own row, else the category's."""
        return self.cameo.get((event, mode or "")) or self.cameo.get((event, "")) or self.categories[event]["cameo"]

    def trigger_requirements(self) -> list[tuple[str, tuple[frozenset[str], ...]]]:
        """Every trigger word with what else a sentence must hold for one of its rows to match
        (``triggers.rule_words``: clauses, one word of each; none: the word alone), for the
        sentence filter.  Rows that can match nowhere are left out."""
        pairs = []
        for table in (self.verbs, self.nouns):
            for rules in table.values():
                for rule in rules:
                    clauses = rule_words(rule, self)
                    if clauses is not None:
                        pairs.append((rule.lemma[0], clauses))
        return pairs


def _expand_classes(items, classes, origin: str):
    """'&name' / '^&name' / '!&name' in an object column: each word of the class (a subject word with
    '^', an excluded word with '!')."""
    for item in items:
        prefix = item[0] if item.startswith(("^", "!")) else ""
        body = item[len(prefix):]
        if not body.startswith("&"):
            yield item
            continue
        if body[1:] not in classes:
            raise DataFileError(origin, E015.format(name=body[1:]))
        yield from (prefix + word for word in sorted(classes[body[1:]]))


def _load_triggers(name: str, path=None, classes=None):
    classes = vocab().classes if classes is None else classes
    preps = classes.get("recipient_prep", frozenset())
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
        raw = [o for o in row["object"].split("|") if o]
        unknown = sorted(o for o in raw if o.startswith("!") and not o.startswith("!&") and o[1:] not in EXCLUSIONS)
        if unknown:  # a misspelt '!opinion'; words are excluded through a class ('!&no_comment')
            raise DataFileError(row.origin, f"unknown exclusion '{unknown[0]}'")
        objects = frozenset(_expand_classes(raw, classes, row.origin))
        subjects = frozenset(o[1:] for o in objects if o.startswith("^"))
        exclusions = frozenset(o[1:] for o in objects if o.startswith("!"))
        unknown_tests = sorted(o for o in objects if o.startswith("@") and o not in OBJECT_TESTS)
        if unknown_tests:
            raise DataFileError(row.origin, E011.format(name=unknown_tests[0], known=", ".join(OBJECT_TESTS)))
        rule = TriggerRule(
            lemma=lemma, pos=row["pos"], objects=objects,
            event=row["event"], mode=row["mode"] or None,
            recipient=tuple(r for r in row["recipient"].split(",") if r), frame=row["frame"] or None,
            weight=weight, origin=row.origin, subjects=subjects, exclusions=exclusions,
            tests=frozenset(o for o in objects if not o.startswith(("^", "!"))),
            spec=parse_recipient_spec(row["recipient"], row.origin, preps) if row["recipient"] else None,
        )
        (nouns if rule.pos == "N" else verbs).setdefault(lemma[0], []).append(rule)  # adjectives sit with verbs
    return {k: tuple(v) for k, v in verbs.items()}, {k: tuple(v) for k, v in nouns.items()}


def _specificity(rule: TriggerRule) -> int:
    """Sort key, most specific first: particle, then named objects, then object tests (@actor)."""
    concrete = any(not o.startswith("@") for o in rule.objects)
    return -(4 * (len(rule.lemma) > 1) + 2 * concrete + bool(rule.objects))


def _load_cameo(data_dir=None) -> dict[tuple[str, str], str]:
    """cameo.tsv is also the register of valid (category, mode) pairs."""
    table = {}
    for r in read_tsv("cameo.tsv", ("event", "mode", "cameo"), path=data_path("cameo.tsv", data_dir)):
        check_choice(r, "event", PLOVER_CATEGORIES)
        if not r["cameo"].isdigit():
            raise DataFileError(r.origin, f"bad cameo '{r['cameo']}'")
        table[(r["event"], r["mode"])] = r["cameo"]
    return table


def _load_categories(data_dir=None, preps: frozenset[str] = frozenset()) -> tuple[dict[str, dict[str, str]], dict[str, RecipientSpec]]:
    """Each category's row, and its default recipient spec read on load."""
    cols = ("event", "quad", "cameo", "cooperative", "recipient", "target", "refinable")
    table, specs = {}, {}
    for r in read_tsv("categories.tsv", cols, path=data_path("categories.tsv", data_dir)):
        check_choice(r, "event", PLOVER_CATEGORIES)
        check_choice(r, "quad", ("1", "2", "3", "4"))
        check_choice(r, "cooperative", ("yes", "no"))
        check_choice(r, "target", ("yes", "no"))
        table[r["event"]] = r.values
        specs[r["event"]] = parse_recipient_spec(r["recipient"], r.origin, preps)
    missing = set(PLOVER_CATEGORIES) - set(table)
    if missing:
        raise DataFileError("dotterel/data/categories.tsv", f"no row for {', '.join(sorted(missing))}")
    return table, specs


def _check_mode(origin: str, event: str, mode: str | None, cameo: dict) -> None:
    if mode and (event, mode) not in cameo:
        raise DataFileError(origin, f"'{mode}' is not a mode of {event} (see cameo.tsv)")


def _check_frame_rule(rule: FrameRule, origin: str, cameo: dict) -> None:
    inner_event, _, inner_mode = rule.inner.partition(":")
    if rule.inner != "*":
        if inner_event not in PLOVER_CATEGORIES:
            raise DataFileError(origin, f"bad inner '{rule.inner}'")
        _check_mode(origin, inner_event, inner_mode, cameo)
    if rule.event.startswith(">"):  # '>threat': what that frame makes of the same inner event
        if rule.event[1:] not in ALL_FRAMES or rule.event[1:] == rule.frame:
            raise DataFileError(origin, f"bad delegation '{rule.event}'")
        return
    if rule.event != "=" and rule.event not in PLOVER_CATEGORIES:
        raise DataFileError(origin, f"bad event '{rule.event}'")
    if rule.event != "=" and rule.mode not in ("", "="):
        _check_mode(origin, rule.event, rule.mode, cameo)


def _load_all_triggers(data_dir, classes, cameo) -> tuple[dict, dict]:
    """triggers.tsv, then the extra trigger files, each lemma's rows most specific first."""
    verbs, nouns = _load_triggers("triggers.tsv", data_path("triggers.tsv", data_dir), classes)
    for name in EXTRA_TRIGGER_FILES:
        path = data_path(name, data_dir)
        if not (path.is_file() if path is not None else resources.files("dotterel.data").joinpath(name).is_file()):
            continue
        more_verbs, more_nouns = _load_triggers(name, path, classes)
        for table, more in ((verbs, more_verbs), (nouns, more_nouns)):
            for lemma, rules in more.items():
                table[lemma] = table.get(lemma, ()) + rules
    # the most specific reading first (file order within each rank), so "back down" is not read
    # as "back", nor "meet demands" as "meet", nor "ordered the firm to pay" as a plain order
    for table in (verbs, nouns):
        for lemma, rules in table.items():
            table[lemma] = tuple(sorted(rules, key=_specificity))
            for rule in rules:
                _check_mode(rule.origin, rule.event, rule.mode, cameo)
    return verbs, nouns


def _load_frame_rules(rows, cameo) -> tuple[FrameRule, ...]:
    frame_rules = []
    for r in rows:
        rule = FrameRule(check_choice(r, "frame", ALL_FRAMES), r["inner"],
                         r["event"], r["mode"], check_choice(r, "modality", MODALITIES + ("=",),
                                                             optional=r["event"].startswith(">")))
        _check_frame_rule(rule, r.origin, cameo)
        frame_rules.append(rule)
    return tuple(frame_rules)


def _load_modes(rows, cameo) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    modes: dict[str, list] = {}
    for r in rows:
        check_choice(r, "event", PLOVER_CATEGORIES)
        _check_mode(r.origin, r["event"], r["mode"], cameo)
        modes.setdefault(r["event"], []).append((tuple(r["keyword"].lower().split()), r["mode"]))
    return {k: tuple(v) for k, v in modes.items()}


def _context_index(contexts) -> dict[str, tuple[tuple[int, tuple[str, ...], str], ...]]:
    """First word of a context keyword -> (rank in the file, words, context)."""
    index: dict[str, list] = {}
    for rank, (words, context) in enumerate(contexts):
        index.setdefault(words[0], []).append((rank, words, context))
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=4)
def load_event_lexicon(data_dir: Path | None = None) -> EventLexicon:
    """The event lexicon of the packaged data files, or of the same files in ``data_dir`` (a copy
    of ``dotterel/data`` to edit: a trigger row added there is coded with no Python edit)."""
    def rows(name: str, columns: tuple[str, ...]):
        return read_tsv(name, columns, path=data_path(name, data_dir))

    cameo = _load_cameo(data_dir)
    vocabulary = load_vocabulary(data_dir)
    verbs, nouns = _load_all_triggers(data_dir, vocabulary.classes, cameo)
    wrappers = {r["lemma"]: check_choice(r, "frame", WRAPPER_FRAMES) for r in rows("wrappers.tsv", ("lemma", "frame"))}
    frame_rules = _load_frame_rules(rows("frame_rules.tsv", ("frame", "inner", "event", "mode", "modality")), cameo)
    cues = {(r["cue"].lower(), check_choice(r, "kind", CUE_KINDS)): check_choice(r, "modality", MODALITIES)
            for r in rows("modality.tsv", ("cue", "kind", "modality"))}
    modes = _load_modes(rows("modes.tsv", ("event", "keyword", "mode")), cameo)
    categories, recipient_specs = _load_categories(data_dir, vocabulary.recipient_prep)
    contexts = tuple((tuple(r["keyword"].lower().split()), r["context"]) for r in rows("contexts.tsv", ("keyword", "context")))
    instruments = frozenset(r["word"].lower() for r in rows("instruments.tsv", ("word",)))
    # nouns that head actor phrases: the one-word sector terms ("fisherman", "doctor") and a few role nouns
    sector_nouns = frozenset(r["term"] for r in rows("sectors.tsv", ("term", "sector", "kind")) if " " not in r["term"])
    return EventLexicon(verbs, nouns, wrappers, frame_rules, cues, modes, categories, cameo, contexts, instruments,
                        _context_index(contexts), sector_nouns | vocabulary.actor_noun, recipient_specs)
