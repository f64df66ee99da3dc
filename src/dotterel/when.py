"""Stage 6b, time: the date an event happened, not the date it was published.

Expressions in the sentence are resolved against the publication date: weekdays (the
most recent one on or before publication, or the next one when the clause is future),
"yesterday", "last week", month-day dates and ranges ("Sept. 23-27" gives date and
enddate), years.  No publication date means relative expressions stay unresolved:
the event date is then null, never today's date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from .errors import E020, E021, E022, E023, E024, DataFileError
from .resources import active_data_dir, data_path, read_tsv

TIME_WORD_CLASSES = ("month", "weekday", "weekday_qualifier", "number", "relative", "date_prep", "period_modifier",
                     "era", "era_prep")
_QUALIFIERS = ("past", "future", "this")
_PREP_USES = frozenset({"year", "month", "decade"})
_JOINS = ("space", "hyphen")


@dataclass(frozen=True)
class TimeWords:
    """The words of ``time_words.tsv`` by class (see the file's header)."""

    months: Mapping[str, int]  # lower-case month word -> 1..12
    month_forms: tuple[str, ...]  # month words as written in news ('Sept', 'September')
    weekdays: Mapping[str, int]  # 'monday' -> 0
    qualifiers: Mapping[str, str]  # 'last' -> past
    numbers: Mapping[str, int]  # 'twenty' -> 20
    relative: Mapping[str, int | None]  # 'yesterday' -> -1; vague ones -> None
    preps: Mapping[str, tuple[str, ...]]  # year | month | decade -> prepositions opening that pattern
    modifiers: Mapping[str, str]  # 'early' -> space, 'mid' -> hyphen
    eras: tuple[str, ...]
    era_preps: tuple[str, ...]


def _int_value(row, cls: str, low: int, high: int) -> int:
    value = row["value"]
    if not value.lstrip("-").isdigit() or not low <= int(value) <= high:
        raise DataFileError(row.origin, E021.format(value=value, cls=cls, word=row["word"], expected=f"a number {low}..{high}"))
    return int(value)


def _value(row, cls: str):
    """The value of a row of class ``cls``, checked."""
    value = row["value"]
    if cls == "month":
        return _int_value(row, cls, 1, 12)
    if cls == "weekday":
        return _int_value(row, cls, 0, 6)
    if cls == "number":
        return _int_value(row, cls, 1, 10000)
    if cls == "relative":
        return None if value == "vague" else _int_value(row, cls, -3650, 3650)
    expected = {"weekday_qualifier": _QUALIFIERS, "period_modifier": _JOINS}.get(cls)
    if expected is not None and value not in expected:
        raise DataFileError(row.origin, E021.format(value=value, cls=cls, word=row["word"], expected=" or ".join(expected)))
    if cls == "date_prep" and (not value.split() or not set(value.split()) <= _PREP_USES):
        raise DataFileError(row.origin, E021.format(value=value, cls=cls, word=row["word"], expected="some of year month decade"))
    if cls in ("era", "era_prep") and value:
        raise DataFileError(row.origin, E021.format(value=value, cls=cls, word=row["word"], expected="no value"))
    return value


@lru_cache(maxsize=4)
def load_time_words(data_dir: Path | None = None) -> TimeWords:
    """``time_words.tsv`` (of ``data_dir`` if given, else the packaged one), checked line by line."""
    path = data_path("time_words.tsv", data_dir)
    by_class: dict[str, dict[str, object]] = {cls: {} for cls in TIME_WORD_CLASSES}
    seen: dict[tuple[str, str], str] = {}
    for row in read_tsv("time_words.tsv", ("word", "class", "value"), path=path):
        word, cls = " ".join(row["word"].split()), row["class"]
        if cls not in by_class:
            raise DataFileError(row.origin, E020.format(name=cls, known=", ".join(TIME_WORD_CLASSES)))
        if cls != "month" and word != word.lower():
            raise DataFileError(row.origin, E024.format(cls=cls, word=word))
        if (word.lower(), cls) in seen:
            raise DataFileError(row.origin, E022.format(word=word, cls=cls, origin=seen[word.lower(), cls]))
        seen[word.lower(), cls] = row.origin
        by_class[cls][word] = _value(row, cls)
    for cls, words in by_class.items():
        if not words:
            raise DataFileError(str(path or "dotterel/data/time_words.tsv"), E023.format(cls=cls))
    preps = {use: tuple(w for w, uses in by_class["date_prep"].items() if use in uses.split()) for use in sorted(_PREP_USES)}
    return TimeWords(
        months=MappingProxyType({w.lower(): n for w, n in by_class["month"].items()}),
        month_forms=tuple(by_class["month"]),
        weekdays=MappingProxyType(dict(by_class["weekday"])),
        qualifiers=MappingProxyType(dict(by_class["weekday_qualifier"])),
        numbers=MappingProxyType(dict(by_class["number"])),
        relative=MappingProxyType(dict(by_class["relative"])),
        preps=MappingProxyType(preps),
        modifiers=MappingProxyType(dict(by_class["period_modifier"])),
        eras=tuple(by_class["era"]),
        era_preps=tuple(by_class["era_prep"]),
    )


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so 'Sept' is tried before 'Sep')."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _either_case_initial(word: str) -> str:
    """'in' -> '[Ii]n': the first letter in either case, the rest as written."""
    return f"[{word[0].upper()}{word[0].lower()}]{re.escape(word[1:])}"


@dataclass(frozen=True)
class TimePatterns:
    """The date expressions, compiled from the time words."""

    words: TimeWords
    range_md: re.Pattern
    range_dm: re.Pattern
    md: re.Pattern
    dm: re.Pattern
    weekday: re.Pattern
    relative: re.Pattern
    years_ago: re.Pattern
    decade: re.Pattern
    month_year: re.Pattern
    year: re.Pattern
    historical: re.Pattern


@lru_cache(maxsize=4)
def time_patterns(data_dir: Path | None = None) -> TimePatterns:
    """The date patterns built from ``time_words.tsv`` (compiled once per data directory)."""
    tw = load_time_words(data_dir)
    month = "(?P<{n}>" + _alternatives(tw.month_forms) + r")\.?"
    m, m2 = month.format(n="m"), month.format(n="m2")
    decade_mods = "|".join(re.escape(w) + (r"\s+" if join == "space" else "-?") for w, join in tw.modifiers.items())
    year_mods = "|".join(re.escape(w) + ("" if join == "space" else "-?") for w, join in tw.modifiers.items())
    return TimePatterns(
        words=tw,
        range_md=re.compile(m + r"\s+(?P<d1>\d{1,2})\s*(?:-|–|to|through)\s*(?:" + m2 + r"\s+)?(?P<d2>\d{1,2})\b(?:,?\s+(?P<y>\d{4}))?"),
        range_dm=re.compile(r"\b(?:between\s+)?(?P<d1>\d{1,2})\s*(?:-|–|to|and)\s*(?P<d2>\d{1,2})\s+" + m + r"(?:,?\s+(?P<y>\d{4}))?"),
        md=re.compile(m + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{4}))?"),
        dm=re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + m + r"(?:,?\s+(?P<y>\d{4}))?"),
        weekday=re.compile(r"\b(?P<last>(?:" + _alternatives(tw.qualifiers) + r")\s+)?(?P<w>" + _alternatives(tw.weekdays) + r")\b", re.I),
        relative=re.compile(r"\b(" + _alternatives(tw.relative) + r"|\d+ days ago)\b", re.I),
        years_ago=re.compile(r"\b(?P<n>\d+|" + _alternatives(tw.numbers) + r") years ago\b", re.I),
        decade=re.compile(r"\b(?:" + _alternatives(tw.preps["decade"]) + r")\s+the\s+(?:" + decade_mods
                          + r")?(?P<decade>1[89]\d0|20[0-2]0)s\b", re.I),
        month_year=re.compile(r"\b(?:" + "|".join(map(_either_case_initial, tw.preps["month"])) + r")\s+" + m
                              + r",?\s+(?P<y>1[89]\d\d|20\d\d)\b"),
        year=re.compile(r"\b(?:" + "|".join(map(_either_case_initial, tw.preps["year"])) + r")\s+(?:(?:" + year_mods
                        + r")\s*)?(?P<y>1[89]\d\d|20\d\d)\b"),
        historical=re.compile(r"\b(" + _alternatives(tw.era_preps) + r")\s+(the\s+)?(" + _alternatives(tw.eras)
                              + r"|\d{4}s)\b", re.I),
    )


def _patterns() -> TimePatterns:
    return time_patterns(active_data_dir())


@dataclass(frozen=True)
class EventDate:
    date: date | None
    enddate: date | None
    source: str  # sentence | publication | dateline | none
    text: str | None = None


def _month(name: str, words: TimeWords) -> int:
    return words.months[name.lower().rstrip(".")]


def _year_for(month: int, day: int, explicit: str | None, pub: date | None, future: bool) -> int | None:
    """A month-day with no year is the nearest one on the right side of publication."""
    if explicit:
        return int(explicit)
    if pub is None:
        return None
    year = pub.year
    try:
        candidate = date(year, month, day)
    except ValueError:
        return year
    if not future and candidate > (_shift(pub, 2) or date.max):
        return year - 1
    if future and candidate < pub:
        return year + 1
    return year


def _safe(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift(day: date, days: int) -> date | None:
    """``day`` plus ``days``, or None beyond the calendar (before 0001-01-01, after 9999-12-31)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def resolve_date(text: str, pub: date | None, future: bool = False, anchor: int | None = None,
                 dropped: list[str] | None = None) -> EventDate:
    """The date expression of a sentence resolved against the publication date.

    With several expressions, the one nearest the trigger (character offset ``anchor``) wins:
    in "threatened in early 1982 ..., archives released on Friday show" the event is 1982.
    An expression whose date falls outside the calendar ("tomorrow" of 9999-12-31) is left
    out, and its text appended to ``dropped`` when given.
    """
    found = []
    for offset, when in _expressions(text, pub, future, _patterns()):
        if when.date is None:
            if dropped is not None:
                dropped.append(when.text or "")
            continue
        found.append((offset, when))
    if found:
        if anchor is None:
            return found[0][1]
        return min(found, key=lambda item: (abs(item[0] - anchor), found.index(item)))[1]
    if pub is None:
        return EventDate(None, None, "none")
    return EventDate(pub, None, "publication")


def _expressions(text: str, pub: date | None, future: bool, p: TimePatterns):
    """Every date expression of the text as (offset, EventDate), most specific kinds first."""
    for pattern in (p.range_md, p.range_dm):
        for m in pattern.finditer(text):
            month = _month(m.group("m"), p.words)
            month2 = _month(m.group("m2"), p.words) if "m2" in m.groupdict() and m.group("m2") else month
            d1, d2 = int(m.group("d1")), int(m.group("d2"))
            year = _year_for(month, d1, m.group("y"), pub, future)
            if " and " in m.group(0) and not m.group(0).lower().startswith("between"):
                continue  # "10 and 12 October" needs 'between'; "May 5 and 20 soldiers" is no range
            start, end = _safe(year, month, d1), _safe(year, month2, d2)
            if start and end and end < start:  # "Dec. 29-Jan. 2"
                end = _safe(year + 1, month2, d2)  # None past year 9999: the range keeps its start
            if start:
                yield m.start(), EventDate(start, end, "sentence", m.group(0))
    for pattern in (p.md, p.dm):
        for m in pattern.finditer(text):
            month, day = _month(m.group("m"), p.words), int(m.group("d"))
            year = _year_for(month, day, m.group("y"), pub, future)
            when = _safe(year, month, day)
            if when:
                yield m.start(), EventDate(when, None, "sentence", m.group(0))
            elif year is not None and not MINYEAR <= year <= MAXYEAR:
                yield m.start(), EventDate(None, None, "sentence", m.group(0))  # 'March 5' to come after 9999
    if pub is not None:
        for m in p.relative.finditer(text):
            yield m.start(), _relative(m.group(1).lower(), pub, p.words)
        for m in p.weekday.finditer(text):
            yield m.start(), EventDate(_weekday(m, pub, future, p.words), None, "sentence", m.group(0))
        for m in p.years_ago.finditer(text):
            n = m.group("n").lower()
            years = int(n) if n.isdigit() else p.words.numbers.get(" ".join(n.split()), 0)
            if 0 < years < pub.year:  # "3000 years ago" is no date of an event in the news
                yield m.start(), EventDate(date(pub.year - years, 1, 1), date(pub.year - years, 12, 31), "sentence:year", m.group(0))
    for m in p.decade.finditer(text):
        decade = int(m.group("decade"))
        if pub is None or decade + 9 < pub.year:
            yield m.start(), EventDate(date(decade, 1, 1), date(decade + 9, 12, 31), "sentence:decade", m.group(0))
    for m in p.month_year.finditer(text):
        year, month = int(m.group("y")), _month(m.group("m"), p.words)
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        yield m.start(), EventDate(date(year, month, 1), last, "sentence:month", m.group(0))
    for m in p.year.finditer(text):
        if pub is None or int(m.group("y")) != pub.year:
            year = int(m.group("y"))
            yield m.start(), EventDate(date(year, 1, 1), date(year, 12, 31), "sentence:year", m.group(0))


def _relative(word: str, pub: date, words: TimeWords) -> EventDate:
    """A relative expression against ``pub``; date None when it falls outside the calendar."""
    key = " ".join(word.split())
    if key in words.relative:
        offset = words.relative[key]
        if offset is None:  # vague ("earlier this month"): publication date, flagged
            return EventDate(pub, None, "publication", word)
        return EventDate(_shift(pub, offset), None, "sentence", word)
    days = int(word.split()[0])  # "12 days ago"
    if days > 3650:
        return EventDate(pub, None, "publication", word)
    return EventDate(_shift(pub, -days), None, "sentence", word)


def _weekday(m: re.Match, pub: date, future: bool, words: TimeWords) -> date | None:
    target = words.weekdays[m.group("w").lower()]
    qualifier = words.qualifiers.get((m.group("last") or "").strip().lower())
    if qualifier == "future" or (future and qualifier != "past"):
        delta = (target - pub.weekday()) % 7 or 7
        return _shift(pub, delta)
    delta = (pub.weekday() - target) % 7
    if qualifier == "past" and delta == 0:
        delta = 7
    return _shift(pub, -delta)


def is_historical(event_date: date | None, pub: date | None, sentence: str) -> bool:
    """An event more than a year before publication, or set in a named past era."""
    if _patterns().historical.search(sentence):
        return True
    return bool(event_date and pub and (pub - event_date).days > 366)
