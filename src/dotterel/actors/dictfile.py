"""User dictionary files: what every format shares (entries, errors, reading, words and names)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import DotterelError


class DictionaryError(DotterelError):
    """A dictionary file cannot be read at all (missing, unreadable, CSV without header)."""


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


Report = Callable[[str, str], None]  # (origin, reason)


def read_text(path: Path) -> list[str]:
    """The lines of a dictionary file: UTF-8, else cp1252 (old TABARI files)."""
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


_SEPARATORS = re.compile(r"[\s_]+")


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The upper-case words of a phrase: blanks and underscores both separate words."""
    return tuple(filter(None, _SEPARATORS.split(phrase.upper())))


_INITIALS = re.compile(r"(?:[A-Z]\.)+")


def title_case(words: Sequence[str]) -> str:
    """A phrase's words as a name: 'ATTORNEY GENERAL' -> 'Attorney General'."""
    # str.title() would give "Gardener'S"; capitalise only after spaces and hyphens,
    # and leave initialisms such as "U.N." alone.
    return " ".join(w if _INITIALS.fullmatch(w) else "-".join(
        p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in words)

