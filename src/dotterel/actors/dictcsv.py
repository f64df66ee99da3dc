"""User dictionaries as CSV: header ``name,code,sector,start,end`` (see ``dictionary``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..sectors import sector_codes
from .dictfile import DictEntry, DictionaryError, Report, phrase_words, title_case

_CSV_COLUMNS = ("name", "code", "sector", "start", "end")


def read_csv(path: Path, lines: list[str], report: Report) -> list[list[DictEntry]]:
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
    yield DictEntry(phrase_words(name), raw, first, last, title_case(phrase_words(name)), origin,
                    kind, code or None, sector or None)


def _csv_problem(name: str, code: str, sector: str) -> str | None:
    if not phrase_words(name):
        return "empty name"
    if code and not re.fullmatch(r"[A-Z]{3}", code):
        return f"bad code '{code}' (expected a three-letter PLOVER country code)"
    sectors = sector_codes().codes
    if sector and sector not in sectors:
        return f"unknown sector '{sector}' (expected one of {', '.join(sorted(sectors))})"
    if not code and not sector:
        return "neither code nor sector"
    return None

