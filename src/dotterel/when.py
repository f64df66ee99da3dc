"""Stage 6b, time: the date an event happened, not the date it was published.

Expressions in the sentence are resolved against the publication date: weekdays (the
most recent one on or before publication, or the next one when the clause is future),
"yesterday", "last week", month-day dates and ranges ("Sept. 23-27" gives date and
enddate), years.  No publication date means relative expressions stay unresolved:
the event date is then null, never today's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

MONTHS = MappingProxyType({
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
})
WEEKDAYS = MappingProxyType({"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
                             "sunday": 6})
_M = r"(?P<{n}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_RANGE_MD = re.compile(_M.format(n="m") + r"\s+(?P<d1>\d{1,2})\s*(?:-|–|to|through)\s*(?:" + _M.format(n="m2") + r"\s+)?(?P<d2>\d{1,2})\b(?:,?\s+(?P<y>\d{4}))?")
_RANGE_DM = re.compile(r"\b(?:between\s+)?(?P<d1>\d{1,2})\s*(?:-|–|to|and)\s*(?P<d2>\d{1,2})\s+" + _M.format(n="m") + r"(?:,?\s+(?P<y>\d{4}))?")
_MD = re.compile(_M.format(n="m") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{4}))?")
_DM = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _M.format(n="m") + r"(?:,?\s+(?P<y>\d{4}))?")
_WEEKDAY = re.compile(r"\b(?P<last>last\s+|next\s+|this\s+)?(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_RELATIVE = re.compile(r"\b(yesterday|today|tomorrow|last week|last month|last year|next week|next month|earlier this month|earlier this week|(?:two|three|four|five|\d+) days ago)\b", re.I)
_YEARS_AGO = re.compile(r"\b(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|a hundred) years ago\b", re.I)
_DECADE = re.compile(r"\b(?:in|during|of|since)\s+the\s+(?:early\s+|late\s+|mid-?)?(?P<decade>1[89]\d0|20[0-2]0)s\b", re.I)
_MONTH_YEAR = re.compile(r"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Bb]y|[Uu]ntil|[Ff]rom)\s+" + _M.format(n="m") + r",?\s+(?P<y>1[89]\d\d|20\d\d)\b")
_YEAR = re.compile(r"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Bb]y)\s+(?:(?:early|late|mid-?)\s*)?(?P<y>1[89]\d\d|20\d\d)\b")
_NUMBERS = MappingProxyType({"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "a hundred": 100})
HISTORICAL_CUES = re.compile(r"\b(during|in|after|before)\s+(the\s+)?(second world war|first world war|world war (ii|i|two|one|2|1)|cold war|colonial era|\d{4}s)\b", re.I)


@dataclass(frozen=True)
class EventDate:
    date: date | None
    enddate: date | None
    source: str  # sentence | publication | dateline | none
    text: str | None = None


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS[key[:3]]


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
    for offset, when in _expressions(text, pub, future):
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


def _expressions(text: str, pub: date | None, future: bool):
    """Every date expression of the text as (offset, EventDate), most specific kinds first."""
    for pattern in (_RANGE_MD, _RANGE_DM):
        for m in pattern.finditer(text):
            month = _month(m.group("m"))
            month2 = _month(m.group("m2")) if "m2" in m.groupdict() and m.group("m2") else month
            d1, d2 = int(m.group("d1")), int(m.group("d2"))
            year = _year_for(month, d1, m.group("y"), pub, future)
            if " and " in m.group(0) and not m.group(0).lower().startswith("between"):
                continue  # "10 and 12 October" needs 'between'; "May 5 and 20 soldiers" is no range
            start, end = _safe(year, month, d1), _safe(year, month2, d2)
            if start and end and end < start:  # "Dec. 29-Jan. 2"
                end = _safe(year + 1, month2, d2)  # None past year 9999: the range keeps its start
            if start:
                yield m.start(), EventDate(start, end, "sentence", m.group(0))
    for pattern in (_MD, _DM):
        for m in pattern.finditer(text):
            month, day = _month(m.group("m")), int(m.group("d"))
            when = _safe(_year_for(month, day, m.group("y"), pub, future), month, day)
            if when:
                yield m.start(), EventDate(when, None, "sentence", m.group(0))
    if pub is not None:
        for m in _RELATIVE.finditer(text):
            yield m.start(), _relative(m.group(1).lower(), pub)
        for m in _WEEKDAY.finditer(text):
            yield m.start(), EventDate(_weekday(m, pub, future), None, "sentence", m.group(0))
        for m in _YEARS_AGO.finditer(text):
            n = m.group("n").lower()
            years = int(n) if n.isdigit() else _NUMBERS.get(n, 0)
            if 0 < years < pub.year:  # "3000 years ago" is no date of an event in the news
                yield m.start(), EventDate(date(pub.year - years, 1, 1), date(pub.year - years, 12, 31), "sentence:year", m.group(0))
    for m in _DECADE.finditer(text):
        decade = int(m.group("decade"))
        if pub is None or decade + 9 < pub.year:
            yield m.start(), EventDate(date(decade, 1, 1), date(decade + 9, 12, 31), "sentence:decade", m.group(0))
    for m in _MONTH_YEAR.finditer(text):
        year, month = int(m.group("y")), _month(m.group("m"))
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        yield m.start(), EventDate(date(year, month, 1), last, "sentence:month", m.group(0))
    for m in _YEAR.finditer(text):
        if pub is None or int(m.group("y")) != pub.year:
            year = int(m.group("y"))
            yield m.start(), EventDate(date(year, 1, 1), date(year, 12, 31), "sentence:year", m.group(0))


def _relative(word: str, pub: date) -> EventDate:
    """A relative expression against ``pub``; date None when it falls outside the calendar."""
    if word == "yesterday":
        return EventDate(_shift(pub, -1), None, "sentence", word)
    if word == "today":
        return EventDate(pub, None, "sentence", word)
    if word == "tomorrow":
        return EventDate(_shift(pub, 1), None, "sentence", word)
    if word == "last week":
        return EventDate(_shift(pub, -7), None, "sentence", word)
    if word == "next week":
        return EventDate(_shift(pub, 7), None, "sentence", word)
    if word.endswith("days ago"):
        n = word.split()[0]
        days = int(n) if n.isdigit() else _NUMBERS.get(n, 0)
        if days > 3650:
            return EventDate(pub, None, "publication", word)
        return EventDate(_shift(pub, -days), None, "sentence", word)
    return EventDate(pub, None, "publication", word)  # vague ("earlier this month"): publication date, flagged


def _weekday(m: re.Match, pub: date, future: bool) -> date | None:
    target = WEEKDAYS[m.group("w").lower()]
    qualifier = (m.group("last") or "").strip().lower()
    if qualifier == "next" or (future and qualifier != "last"):
        delta = (target - pub.weekday()) % 7 or 7
        return _shift(pub, delta)
    delta = (pub.weekday() - target) % 7
    if qualifier == "last" and delta == 0:
        delta = 7
    return _shift(pub, -delta)


def is_historical(event_date: date | None, pub: date | None, sentence: str) -> bool:
    """An event more than a year before publication, or set in a named past era."""
    if HISTORICAL_CUES.search(sentence):
        return True
    return bool(event_date and pub and (pub - event_date).days > 366)
