"""PETRARCH/TABARI actor and agent files (see ``dictionary`` for the formats)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import NamedTuple

from .cameo import agent_country_sector, cameo_to_plover
from .dictfile import DictEntry, Report, phrase_words, title_case


class _Block(NamedTuple):
    """One dictionary record while reading: its phrases and its coded roles."""

    phrases: list[tuple[str, str, bool]]  # (raw phrase, origin, stem)
    roles: list[tuple[str, date | None, date | None]]
    origin: str
    broken: bool = False  # primary line was reported: drop the record, lines and all


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


# ---------------------------------------------------------------- actor files


def read_actors(path: Path, lines: list[str], report: Report) -> list[_Block]:
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
        elif not phrase_words(phrase):
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


def actor_records(blocks: list[_Block], report: Report) -> Iterator[list[DictEntry]]:
    for block in blocks:
        if block.broken:
            continue
        if not block.roles:
            report(block.origin, f"'{block.phrases[0][0]}' has no [code]; entry skipped")
            continue
        phrases = [(phrase_words(phrase), origin, stem) for phrase, origin, stem in block.phrases]
        name = title_case(phrases[0][0])
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
    phrase = " ".join(phrase_words(m.group("phrase")))
    plural = m.group("plural")
    if _MARKER.search(phrase):
        return _expand(phrase, markers)  # the set lists its own plurals
    if plural is None:
        return [phrase, _plural(phrase)]
    return [phrase] + ([" ".join(phrase_words(plural))] if plural.strip() else [])


def read_agents(path: Path, lines: list[str], report: Report) -> Iterator[list[DictEntry]]:
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
    if not m or not phrase_words(m.group("phrase")):
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
    country, sector = agent_country_sector(code)
    name = title_case(phrase_words(phrases[0]))
    return [DictEntry(phrase_words(p), code, None, None, name, origin, "agent", country, sector)
            for p in phrases]


# ---------------------------------------------------------------- format detection


def is_agent_file(path: Path, lines: list[str]) -> bool:
    name = path.name.lower()
    if "agent" in name or "actor" in name:
        return "agent" in name
    # Agent codes carry "~"; look at the first coded lines only, so detection stays cheap.
    codes = [g for line in lines[:500] for g in _BRACKETS.findall(line.split("#")[0])]
    return sum("~" in g for g in codes) * 2 > len(codes) > 0

