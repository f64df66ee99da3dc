"""User-supplied actor and agent dictionaries: PETRARCH/TABARI text files or a simple CSV.

Three input formats are read, chosen per file (``.csv`` by extension; otherwise an agents
file if the name says "agent" or its codes carry ``~``, else an actors file):

*Actor files* (PETRARCH ``.actors.txt``, TABARI ``.actors``)::

    AFGHANISTAN_  [AFG]              primary phrase with its default code
    +AFGHAN_                         synonym of the primary phrase above
    HAMID_KARZAI_                    primary phrase whose codes follow on the next lines
        [AFGGOV 20011222-20140929]   date-restricted role: YYYYMMDD or YYMMDD, both ends inclusive
        [AFGELI >20140929]           from this date on (">"), or until it ("<")
        [AFGELI]                     default role: used when no dated role fits

  Several ``[...]`` groups may share a line.  Roles are tried in file order and the first
  whose interval holds the event date wins (PETRARCH's rule; its validation suite relies on
  it).  YYMMDD years 00-30 are 20YY, others 19YY, as in KEDS/TABARI/PETRARCH.  A code with
  no letters (``[---]``) is PETRARCH's null code: the phrase is known but not an actor.

*Agent files* (PETRARCH ``.agents.txt``)::

    !PERSON! = MAN, MEN, WOMAN       substitution set, used as CONGRESS!PERSON!
    PRESIDENT [~GOV]                 "~" first: a sector added after the actor's code
    ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]     irregular plural; "{}" = no plural
    HUMAN_RIGHTS_BODY [NGO~]         "~" last: a code put before the actor's code

  Regular plurals are generated (PETRARCH's rule, improved: vowel+Y takes S, and
  S/X/Z/CH/SH take ES); entries built from a substitution set get none, as documented.

*CSV* with header ``name,code,sector,start,end``: ``code`` a PLOVER country code,
``sector`` a PLOVER sector, dates ``YYYY-MM-DD`` or empty.  Rows sharing a name are one
entry with several roles.  A row with a sector and no code is an agent.

Common to the text formats: ``#`` (and TABARI's ``;``) start a comment, ``<!-- ... -->``
blocks and lines starting ``<!`` are comments, blanks and underscores both separate words.

Matching is on whole words, case-insensitive, as PETRARCH does; a trailing ``_`` is
accepted and ignored.  TABARI treated a final word without ``_`` as a stem (``ARGENTIN``
matching ``ARGENTINA``); ``load(..., stems=True)`` restores that, preferring exact words.
PETRARCH agent files allow gaps between blank-separated words; here all words must be
consecutive, as in PETRARCH2's own reader.  When one phrase is defined twice, the later
definition wins (PETRARCH overwrites too), so a user file loaded last can override.

CAMEO codes are mapped to PLOVER by ``cameo.cameo_to_plover`` (see there).  The text
formats are read by ``petrarch``, CSV by ``dictcsv``; this module compiles what they read
for matching (``ActorDictionary``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from .dictcsv import read_csv
from .dictfile import DictEntry, Report, read_text
from .petrarch import actor_records, is_agent_file, read_actors, read_agents

__all__ = ["ActorDictionary", "DictMatch"]


@dataclass(frozen=True, slots=True)
class DictMatch:
    """A dictionary phrase found in a sentence, with the role chosen for the event date."""

    length: int
    code: str
    country: str | None
    sector: str | None
    name: str
    origin: str

    @property
    def is_null(self) -> bool:
        """PETRARCH's null code ("---"): a known phrase that must not become an actor."""
        return not any(c.isalnum() for c in self.code)


class _Role(NamedTuple):
    start: date | None
    end: date | None
    match: DictMatch


def _load_file(path: Path, report: Report) -> list[list[DictEntry]]:
    """The records of one file: lists of entries that define phrases together."""
    lines = read_text(path)
    if path.suffix.lower() == ".csv":
        return read_csv(path, lines, report)
    if is_agent_file(path, lines):
        return list(read_agents(path, lines, report))
    return list(actor_records(read_actors(path, lines, report), report))


# ---------------------------------------------------------------- matching


def _variants(phrase: tuple[str, ...]) -> list[tuple[str, ...]]:
    # spaCy splits "AL-QAEDA" into AL - QAEDA; index that spelling too.
    if not any("-" in w for w in phrase) or not any("-" in w.strip("-") for w in phrase):
        return [phrase]
    split = tuple(p for w in phrase for p in re.split(r"(?<=\w)(-)(?=\w)", w) if p)
    return [phrase, split]


class _Index:
    """Phrases of one kind: exact ones by tuple with the lengths to try per first word, and
    (stems=True only) phrases whose last word is a stem, by first word or by "\0" + stem."""

    def __init__(self) -> None:
        self.phrases: dict[tuple[str, ...], list[_Role]] = {}
        self.stemmed: dict[tuple[str, ...], list[_Role]] = {}
        self.lengths: dict[str, tuple[int, ...]] = {}
        self.stems: dict[str, list[tuple[tuple[str, ...], list[_Role]]]] = {}
        self.longest_stem = 0

    def add(self, phrase: tuple[str, ...], roles: list[_Role], stem: bool) -> None:
        # A later record replaces an earlier record's roles for the same phrase.
        (self.stemmed if stem else self.phrases)[phrase] = roles
        (self.phrases if stem else self.stemmed).pop(phrase, None)

    def finish(self) -> None:
        by_first: dict[str, set[int]] = {}
        for phrase in self.phrases:
            by_first.setdefault(phrase[0], set()).add(len(phrase))
        self.lengths = {w: tuple(sorted(n, reverse=True)) for w, n in by_first.items()}
        for phrase, roles in self.stemmed.items():
            head = phrase[0] if len(phrase) > 1 else "\0" + phrase[0]
            self.stems.setdefault(head, []).append((phrase, roles))
        for bucket in self.stems.values():
            bucket.sort(key=lambda item: -len(item[0]))
        self.longest_stem = max(map(len, self.stemmed), default=0)

    def window(self, first: str) -> int:
        """How many words from a start word a phrase beginning with it can cover."""
        return max(self.lengths.get(first, (1,))[0], self.longest_stem)

    def __len__(self) -> int:
        return len(self.phrases) + len(self.stemmed)


def _pick(roles: list[_Role], when: date | None) -> DictMatch | None:
    """First dated role holding `when`, else the default; undated text with no default
    gets the most recent role, since an undated mention most likely means the current one."""
    default = None
    for role in roles:
        if role.start is None and role.end is None:
            default = default or role.match
        elif when is not None and (role.start is None or role.start <= when) and (
                role.end is None or when <= role.end):
            return role.match
    if default is not None or when is not None or not roles:
        return default
    return max(roles, key=lambda r: (r.end or date.max, r.start or date.min)).match


def _match_exact(index: _Index, up: Sequence[str], i: int, when: date | None) -> DictMatch | None:
    for n in index.lengths.get(up[i], ()):
        roles = index.phrases.get(tuple(up[i:i + n])) if i + n <= len(up) else None
        match = _pick(roles, when) if roles else None
        if match is not None:
            return match
    return None


def _stem_fits(phrase: tuple[str, ...], up: Sequence[str], i: int) -> bool:
    n = len(phrase)
    return (i + n <= len(up) and tuple(up[i:i + n - 1]) == phrase[:-1]
            and up[i + n - 1].startswith(phrase[-1]))


def _match_stem(index: _Index, up: Sequence[str], i: int, when: date | None) -> DictMatch | None:
    word = up[i]
    heads = [word] + ["\0" + word[:k] for k in range(len(word), 0, -1)]
    candidates = (item for head in heads for item in index.stems.get(head, ()))
    best = None
    for phrase, roles in candidates:
        match = _pick(roles, when) if _stem_fits(phrase, up, i) else None
        if match is not None and (best is None or match.length > best.length):
            best = match
    return best


def _match(index: _Index, up: Sequence[str], i: int, when: date | None) -> DictMatch | None:
    exact = _match_exact(index, up, i, when)
    if not index.stems:
        return exact
    stem = _match_stem(index, up, i, when)
    if stem is None or (exact is not None and exact.length >= stem.length):
        return exact  # equal length: the exact word beats the stem
    return stem


def _as_date(when: date | None) -> date | None:
    # datetime is a date subclass but does not compare with date; drop the time.
    return when.date() if isinstance(when, datetime) else when


def _record_roles(record: Sequence[DictEntry], stems: bool) -> dict[tuple, list[_Role]]:
    """(phrase, is stem) -> roles in file order, for all entries of one record."""
    by_phrase: dict[tuple, list[_Role]] = {}
    for e in record:
        by_phrase.setdefault((e.phrase, stems and e.stem), []).append(e)
    roles: dict[tuple, list[_Role]] = {}
    for (phrase, stem), entries in by_phrase.items():
        for variant in _variants(phrase):
            roles[variant, stem] = [_Role(e.start, e.end, DictMatch(
                len(variant), e.code, e.country, e.sector, e.name, e.origin)) for e in entries]
    return roles


class ActorDictionary:
    """Actor and agent phrases compiled for matching; ``errors`` lists skipped lines.

    Built from records, each the entries of one dictionary record (a primary phrase with
    its synonyms and roles, one agent line, or the CSV rows sharing a name); a later
    record replaces the roles an earlier one gave the same phrase.
    """

    def __init__(self, records: Iterable[Sequence[DictEntry]] = (), *, stems: bool = False,
                 errors: Iterable[str] = (), files: int = 0) -> None:
        records = [r for r in records if r]
        self.entries: tuple[DictEntry, ...] = tuple(e for r in records for e in r)
        self.errors: list[str] = list(errors)
        self._files = files
        self._actors, self._agents = _Index(), _Index()
        for record in records:
            index = self._agents if record[0].kind == "agent" else self._actors
            for (phrase, stem), roles in _record_roles(record, stems).items():
                index.add(phrase, roles, stem)
        self._actors.finish()
        self._agents.finish()

    @classmethod
    def load(cls, paths: str | Path | Iterable[str | Path],
             on_error: Callable[[str], None] | None = None, *, stems: bool = False
             ) -> ActorDictionary:
        """Read dictionary files in order (later definitions win); see the module doc.

        Bad lines are reported as "file:line: reason" to ``on_error`` and kept in
        ``errors``; they never stop loading.  DictionaryError: a file cannot be read.
        """
        errors: list[str] = []

        def report(origin: str, reason: str) -> None:
            errors.append(f"{origin}: {reason}")
            if on_error is not None:
                on_error(errors[-1])

        paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
        records = [r for p in paths for r in _load_file(Path(p), report)]
        return cls(records, stems=stems, errors=errors, files=len(paths))

    def match_actor(self, words: Sequence[str], i: int, when: date | None = None
                    ) -> DictMatch | None:
        """Longest actor phrase starting at words[i], with the role valid on `when`."""
        return self._match_at(self._actors, words, i, _as_date(when))

    def match_agent(self, words: Sequence[str], i: int) -> DictMatch | None:
        """Longest agent phrase ("president", "foreign ministers") starting at words[i]."""
        return self._match_at(self._agents, words, i, None)

    def find_all(self, words: Sequence[str], when: date | None = None
                 ) -> list[tuple[int, DictMatch]]:
        """Greedy left-to-right longest non-overlapping actor matches: (start, match)."""
        up = [w.upper() for w in words]
        when, found, i = _as_date(when), [], 0
        while i < len(up):
            match = _match(self._actors, up, i, when)
            if match is None:
                i += 1
                continue
            found.append((i, match))
            i += match.length
        return found

    @staticmethod
    def _match_at(index: _Index, words: Sequence[str], i: int, when: date | None
                  ) -> DictMatch | None:
        if not 0 <= i < len(words):
            return None
        # Upper-case only the words a phrase could cover, so one call stays O(longest phrase).
        up = [w.upper() for w in words[i:i + index.window(words[i].upper())]]
        return _match(index, up, 0, when)

    def __len__(self) -> int:
        """Number of distinct matchable phrases, actors and agents together."""
        return len(self._actors) + len(self._agents)

    def stats(self) -> dict[str, int]:
        actors = [e for e in self.entries if e.kind == "actor"]
        return {
            "files": self._files,
            "actor_phrases": len(self._actors),
            "agent_phrases": len(self._agents),
            "actor_roles": len(actors),
            "dated_roles": sum(e.start is not None or e.end is not None for e in actors),
            "agent_entries": len(self.entries) - len(actors),
            "errors": len(self.errors),
        }

    def __repr__(self) -> str:
        s = self.stats()
        return f"<ActorDictionary {s['actor_phrases']} actor, {s['agent_phrases']} agent phrases>"
