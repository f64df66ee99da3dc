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

CAMEO codes are mapped to PLOVER as follows (see ``cameo_to_plover``):

* country: the first three letters, except ``IGOUNO...`` -> ``UNO``; the EU
  (``IGOEEU``, ``IGOEEC``, ``IGOEUREEC``, ``EEC``, ``EEU``) -> ``EUR``; other ``IGO...`` -> ``IGO``;
  ``NGO``, ``MNC``, ``IMG`` are kept as they are; a leading sector code (``MED...``,
  ``HINRAD``) or null code gives no country.
* sector: the first later three-letter group that is a functional sector, where CAMEO
  ``MED`` (media) -> ``JRN``, ``HLH`` (health) -> ``MED``, ``INS``/``SEP``/``RAD`` -> ``REB``,
  ``CIV`` -> ``CVL``; failing that a religion group (``MOS``, ``CHR``, ``HIN``...) -> ``REL``,
  except for ``IMG`` (``IMGMUSISI`` is an armed group, not a religious one); otherwise None.  IGO codes skip their region group (``IGOWSTNAT`` -> IGO, no sector;
  ``IGOCOPITP`` -> IGO, COP).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from .errors import DotterelError
from .resources import SECTORS

__all__ = ["ActorDictionary", "DictEntry", "DictMatch", "DictionaryError", "cameo_to_plover"]


class DictionaryError(DotterelError):
    """A dictionary file cannot be read at all (missing, unreadable, CSV without header)."""


# CAMEO three-letter groups that name a PLOVER sector, and what they become.
_SECTORS = MappingProxyType({
    **{s: s for s in ("GOV", "MIL", "COP", "JUD", "LEG", "PTY", "REB", "SPY", "BUS", "CVL",
                      "EDU", "LAB", "REL", "REF", "OPP", "ELI", "CRM", "AGR", "UAF")},
    "INS": "REB", "SEP": "REB", "RAD": "REB", "HLH": "MED", "MED": "JRN", "CIV": "CVL",
})
# Religion groups only decide the sector when no functional group does ("~MUSUAF" -> UAF).
_RELIGIONS = frozenset({"ATH", "BAH", "BUD", "CHR", "CON", "DRZ", "HIN", "ITR", "JAN", "JEW",
                        "MOS", "MUS", "SHN", "SIK", "TAO", "ZRO"})
# A code starting with one of these has no country.  INS and CIV are left out because
# TABARI/CAMEO also use them as countries (Indonesia, Cote d'Ivoire).
_LEADING_SECTORS = (frozenset(_SECTORS) | _RELIGIONS) - {"INS", "CIV"}
_EU = frozenset({"EEU", "EEC"})


def _groups(code: str) -> list[str]:
    # "ELR/GAL" names two actors; the first one decides the mapping.
    body = code.replace("~", "").split("/")[0].upper()
    return [body[k:k + 3] for k in range(0, len(body), 3)]


def _country(groups: list[str]) -> tuple[str | None, int]:
    """PLOVER country and how many groups it used up."""
    first = groups[0] if groups else ""
    second = groups[1] if len(groups) > 1 else ""
    if not any(c.isalpha() for c in first):
        return None, 1  # null actor ("---GOV"): no country, but its sector still counts
    if first in _LEADING_SECTORS:
        return None, 0
    if first in _EU:
        return "EUR", 1
    if first != "IGO":
        return first, 1
    if second == "UNO":
        return "UNO", 2
    if second in _EU:
        return "EUR", 2
    if second == "EUR" and groups[2:3] == ["EEC"]:
        return "EUR", 3
    # IGOWSTNAT: WST is a region, NAT the body; IGOCOPITP: COP is already the sector.
    return "IGO", 1 if second in _SECTORS else 2


def _sector(groups: Iterable[str], religion_counts: bool = True) -> str | None:
    religion = None
    for group in groups:
        if group in _SECTORS:
            return _SECTORS[group]
        if religion is None and religion_counts and group in _RELIGIONS:
            religion = "REL"
    return religion


def cameo_to_plover(code: str) -> tuple[str | None, str | None]:
    """(PLOVER country, PLOVER sector) for a CAMEO/PETRARCH actor code; see module doc."""
    groups = _groups(code)
    country, used = _country(groups)
    # IMGMUSISI is an armed group with a religious label, not a religious body.
    return country, _sector(groups[used:], religion_counts=country != "IMG")


def _agent_country_sector(code: str) -> tuple[str | None, str | None]:
    # "NGO~" is put before the actor's code, so it plays the country part; "~GOV" is a sector.
    if code.endswith("~"):
        return cameo_to_plover(code)
    return None, _sector(_groups(code))


@dataclass(frozen=True, slots=True)
class DictEntry:
    """One phrase with one of its roles, as loaded.  An undated role has start = end = None."""

    phrase: tuple[str, ...]
    code: str
    start: date | None
    end: date | None
    name: str
    origin: str
    kind: str = "actor"  # "actor" | "agent"
    country: str | None = None
    sector: str | None = None
    stem: bool = False  # no trailing "_": a TABARI stem, honoured only with stems=True


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


class _Block(NamedTuple):
    """One dictionary record while reading: its phrases and its coded roles."""

    phrases: list[tuple[str, str, bool]]  # (raw phrase, origin, stem)
    roles: list[tuple[str, date | None, date | None]]
    origin: str
    broken: bool = False  # primary line was reported: drop the record, lines and all


# ---------------------------------------------------------------- reading lines


Report = Callable[[str, str], None]  # (origin, reason)


def _read_text(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DictionaryError(f"{path}: cannot read dictionary ({e.strerror or e})") from e
    if b"\0" in data:
        raise DictionaryError(f"{path}: cannot read dictionary (binary file)")
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        # Old TABARI files are often Latin-1/cp1252; every byte decodes, none is lost.
        return data.decode("cp1252", errors="replace").splitlines()


_INLINE_XML_COMMENT = re.compile(r"<!--.*?-->")
_COMMENT = re.compile(r"[#;]")


def _content(lines: list[str], path: Path, report: Report) -> Iterator[tuple[int, str]]:
    """(line number, text) of lines that carry data, comments removed."""
    open_at = 0
    for lineno, raw in enumerate(lines, 1):
        text = raw.strip()
        if open_at:
            open_at = 0 if "-->" in text else open_at
            continue
        if text.startswith("<!"):
            # PETRARCH skips any line starting "<!"; an unclosed "<!--" runs until "-->".
            open_at = lineno if "<!--" in text and "-->" not in text else 0
            continue
        text = _COMMENT.split(_INLINE_XML_COMMENT.sub(" ", text), 1)[0].strip()
        if text:
            yield lineno, text
    if open_at:
        report(f"{path}:{open_at}", "'<!--' comment is never closed; rest of file ignored")


# ---------------------------------------------------------------- codes and dates

_BRACKETS = re.compile(r"\[([^\]]*)\]")
_CODE = re.compile(r"[A-Z0-9]+(?:/[A-Z0-9]+)*|[^A-Z0-9\s]+")


def _parse_date(text: str) -> date:
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"bad date '{text}' (expected YYYYMMDD or YYMMDD)")
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year <= 30 else 1900 + year}{text[2:]}"
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError as e:
        raise ValueError(f"bad date '{text}' ({e})") from None


def _parse_restriction(text: str) -> tuple[date | None, date | None]:
    if text.startswith("<"):
        return None, _parse_date(text[1:])
    if text.startswith(">"):
        return _parse_date(text[1:]), None
    if "-" not in text:
        raise ValueError(f"bad date restriction '{text}' (expected <date, >date or date-date)")
    first, _, last = text.partition("-")
    start, end = _parse_date(first), _parse_date(last)
    if end < start:
        raise ValueError(f"date range '{text}' ends before it starts")
    return start, end


def _parse_role(group: str) -> tuple[str, date | None, date | None]:
    """'CHNGOV 20121115-20171025' -> (code, start, end); raises ValueError."""
    parts = group.split(None, 1)
    if not parts:
        raise ValueError("empty code '[]'")
    code = parts[0].upper()
    if not _CODE.fullmatch(code):
        raise ValueError(f"bad code '{parts[0]}'")
    if len(parts) == 1:
        return code, None, None
    return (code, *_parse_restriction(parts[1].replace(" ", "")))


def _split_codes(text: str, origin: str, report: Report) -> tuple[str, list] | None:
    """Phrase part and parsed [...] groups of a line; None (reported) if any group is bad."""
    if text.count("[") != text.count("]"):
        report(origin, "unbalanced '[' ']'")
        return None
    roles = []
    for group in _BRACKETS.findall(text):
        try:
            roles.append(_parse_role(group))
        except ValueError as e:
            report(origin, str(e))
            return None
    return text.split("[", 1)[0].strip(), roles


_SEPARATORS = re.compile(r"[\s_]+")


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(filter(None, _SEPARATORS.split(phrase.upper())))


_INITIALS = re.compile(r"(?:[A-Z]\.)+")


def _title(words: Sequence[str]) -> str:
    # str.title() would give "Gardener'S"; capitalise only after spaces and hyphens,
    # and leave initialisms such as "U.N." alone.
    return " ".join(w if _INITIALS.fullmatch(w) else "-".join(
        p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in words)


# ---------------------------------------------------------------- actor files


def _read_actors(path: Path, lines: list[str], report: Report) -> list[_Block]:
    blocks: list[_Block] = []
    previous = 0  # line number of the last phrase line
    for lineno, text in _content(lines, path, report):
        origin = f"{path}:{lineno}"
        parsed = _split_codes(text.lstrip("+"), origin, report)
        joins = bool(blocks) and _continues(blocks[-1], text, lineno == previous + 1)
        previous = previous if text.startswith("[") else lineno  # phrase lines only
        if parsed is None:
            if not text.startswith(("[", "+")):
                # Keep its synonyms and roles from landing on the record above.
                blocks.append(_Block([], [], origin, broken=True))
            continue
        phrase, roles = parsed
        if text.startswith(("[", "+")) and not blocks:
            report(origin, "synonym or code line before any primary phrase")
        elif text.startswith("["):
            blocks[-1].roles.extend(roles)
        elif not _words(phrase):
            report(origin, "no phrase before the code")
        elif joins:
            blocks[-1].phrases.append((phrase, origin, not phrase.endswith("_")))
            blocks[-1].roles.extend(roles)  # tolerated: a code on a synonym line
        else:
            blocks.append(_Block([(phrase, origin, not phrase.endswith("_"))], list(roles), origin))
    return blocks


def _continues(block: _Block, text: str, adjacent: bool) -> bool:
    """Does this phrase line add a synonym to `block`?  Yes for "+" lines, and also for a
    primary written right below a still uncoded primary: CountryInfo-generated files list
    a person's names that way ("LEONID_BREZHNEV_" / "SECRETARY_BREZHNEV" / roles), and
    PETRARCH would leave all but the last name without a code."""
    return text.startswith("+") or (adjacent and not block.roles and not block.broken)


def _actor_records(blocks: list[_Block], report: Report) -> Iterator[list[DictEntry]]:
    for block in blocks:
        if block.broken:
            continue
        if not block.roles:
            report(block.origin, f"'{block.phrases[0][0]}' has no [code]; entry skipped")
            continue
        phrases = [(_words(phrase), origin, stem) for phrase, origin, stem in block.phrases]
        name = _title(phrases[0][0])
        mapped = [(code, start, end, *cameo_to_plover(code)) for code, start, end in block.roles]
        yield [DictEntry(words, code, start, end, name, origin, "actor", country, sector, stem)
               for words, origin, stem in phrases
               for code, start, end, country, sector in mapped]


# ---------------------------------------------------------------- agent files

_AGENT = re.compile(r"(?P<phrase>[^\[{]*?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]]*)\]")
_AGENT_CODE = re.compile(r"~[A-Z0-9]+|[A-Z0-9]+~")
_MARKER = re.compile(r"!([^!\s]+)!")


def _plural(phrase: str) -> str:
    head, last = phrase[:-len(phrase.split()[-1])], phrase.split()[-1]
    if last.endswith("Y") and last[-2:-1] not in ("A", "E", "I", "O", "U"):
        return head + last[:-1] + "IES"
    if last.endswith(("S", "X", "Z", "CH", "SH")):
        return head + last + "ES"
    return head + last + "S"


def _expand(phrase: str, markers: dict[str, list[str]]) -> list[str]:
    """Every substitution of the !MARKER!s in phrase; KeyError names an undefined one."""
    found = _MARKER.search(phrase)
    if not found:
        return [phrase]
    items = markers[found.group(1).upper()]
    return [x for item in items for x in _expand(phrase.replace(found.group(0), item, 1), markers)]


def _agent_phrases(m: re.Match, markers: dict[str, list[str]]) -> list[str]:
    phrase = " ".join(_words(m.group("phrase")))
    plural = m.group("plural")
    if _MARKER.search(phrase):
        return _expand(phrase, markers)  # the set lists its own plurals
    if plural is None:
        return [phrase, _plural(phrase)]
    return [phrase] + ([" ".join(_words(plural))] if plural.strip() else [])


def _read_agents(path: Path, lines: list[str], report: Report) -> Iterator[list[DictEntry]]:
    markers: dict[str, list[str]] = {}
    for lineno, text in _content(lines, path, report):
        origin = f"{path}:{lineno}"
        marker = re.fullmatch(r"!([^!\s]+)!\s*=\s*(.+)", text)
        if marker:
            markers[marker.group(1).upper()] = [w.strip().upper() for w in marker.group(2).split(",")]
            continue
        yield _agent_line(text, origin, markers, report)


def _agent_line(text: str, origin: str, markers: dict, report: Report) -> list[DictEntry]:
    """The entries (singular, plural, substitutions) of one agent line; [] if reported."""
    m = _AGENT.fullmatch(text)
    code = re.sub(r"\s", "", m.group("code")).upper() if m else ""
    if not m or not _words(m.group("phrase")):
        report(origin, "expected 'PHRASE {plural} [~CODE]'")
        return []
    if not _AGENT_CODE.fullmatch(code):
        report(origin, f"bad agent code '{m.group('code')}' (expected ~CODE or CODE~)")
        return []
    try:
        phrases = _agent_phrases(m, markers)
    except KeyError as e:
        report(origin, f"substitution set !{e.args[0]}! is not defined")
        return []
    country, sector = _agent_country_sector(code)
    name = _title(_words(phrases[0]))
    return [DictEntry(_words(p), code, None, None, name, origin, "agent", country, sector)
            for p in phrases]


# ---------------------------------------------------------------- CSV files

_CSV_COLUMNS = ("name", "code", "sector", "start", "end")


def _read_csv(path: Path, lines: list[str], report: Report) -> list[list[DictEntry]]:
    """Rows sharing a name become one record, so their dated roles add up."""
    import csv  # only CSV users pay for it

    rows = csv.reader(lines)
    header = [h.strip().lower() for h in next(rows, [])]
    if header[:5] != list(_CSV_COLUMNS):
        # Not a bad line but a file we cannot interpret: loading nothing silently would hide it.
        raise DictionaryError(f"{path}:1: CSV header must be '{','.join(_CSV_COLUMNS)}'")
    records: dict[tuple[str, ...], list[DictEntry]] = {}
    for lineno, row in enumerate(rows, 2):
        if any(cell.strip() for cell in row):
            for entry in _csv_row(row, f"{path}:{lineno}", report):
                records.setdefault((entry.kind, *entry.phrase), []).append(entry)
    return list(records.values())


def _csv_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ValueError(f"bad date '{text}' (expected YYYY-MM-DD)") from None


def _csv_row(row: list[str], origin: str, report: Report) -> Iterator[DictEntry]:
    name, code, sector, start, end = ([c.strip() for c in row] + [""] * 5)[:5]
    code, sector = code.upper(), sector.upper()
    problem = _csv_problem(name, code, sector)
    try:
        first, last = _csv_date(start), _csv_date(end)
        if first and last and last < first:
            problem = problem or f"end {end} is before start {start}"
    except ValueError as e:
        problem = problem or str(e)
    if problem:
        report(origin, problem)
        return
    kind = "actor" if code else "agent"
    raw = code + sector if code else "~" + sector
    yield DictEntry(_words(name), raw, first, last, _title(_words(name)), origin,
                    kind, code or None, sector or None)


def _csv_problem(name: str, code: str, sector: str) -> str | None:
    if not _words(name):
        return "empty name"
    if code and not re.fullmatch(r"[A-Z]{3}", code):
        return f"bad code '{code}' (expected a three-letter PLOVER country code)"
    if sector and sector not in SECTORS:
        return f"unknown sector '{sector}' (expected one of {', '.join(sorted(SECTORS))})"
    if not code and not sector:
        return "neither code nor sector"
    return None


# ---------------------------------------------------------------- format detection


def _is_agent_file(path: Path, lines: list[str]) -> bool:
    name = path.name.lower()
    if "agent" in name or "actor" in name:
        return "agent" in name
    # Agent codes carry "~"; look at the first coded lines only, so detection stays cheap.
    codes = [g for line in lines[:500] for g in _BRACKETS.findall(line.split("#")[0])]
    return sum("~" in g for g in codes) * 2 > len(codes) > 0


def _load_file(path: Path, report: Report) -> list[list[DictEntry]]:
    """The records of one file: lists of entries that define phrases together."""
    lines = _read_text(path)
    if path.suffix.lower() == ".csv":
        return _read_csv(path, lines, report)
    if _is_agent_file(path, lines):
        return list(_read_agents(path, lines, report))
    return list(_actor_records(_read_actors(path, lines, report), report))


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
