"""The packaged actor lexicons: countries, organisations, well-known people and sector terms.

``countries.tsv``, ``organizations.tsv``, ``people.tsv`` and ``sectors.tsv`` are read and
validated (``file:line`` errors) into an ``ActorLexicon`` compiled for token-by-token matching.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..resources import DataFileError, check_choice, check_code, data_path, read_tsv
from ..sectors import load_sector_codes, sector_codes
from ..vocabulary import vocab

COUNTRY_KINDS = ("name", "adjective", "demonym", "demonym_plural", "prefix", "capital", "capital_ambiguous", "seat")
ORG_KINDS = ("igo", "ngo", "mnc", "armed", "party", "body", "media")
PERSON_KINDS = ("full", "surname", "alias")
SECTOR_KINDS = ("title", "group", "org", "noun")


@dataclass(frozen=True)
class LexEntry:
    tokens: tuple[str, ...]
    code: str
    sector: str | None
    name: str
    kind: str
    case_sensitive: bool


@dataclass(frozen=True)
class ActorLexicon:
    """Country, organisation and sector lexicons compiled for token-by-token matching."""

    phrases: dict[str, tuple[LexEntry, ...]]  # first token (lowercase) -> entries, longest first
    sectors: dict[tuple[str, ...], str]  # lowercase term tokens -> sector
    country_names: dict[str, str]  # code -> canonical country name

    def match_at(self, words: list[str], i: int) -> LexEntry | None:
        for entry in self.phrases.get(words[i].lower(), ()):
            n = len(entry.tokens)
            cand = words[i:i + n]
            if len(cand) < n:
                continue
            if entry.case_sensitive:
                if tuple(cand) == entry.tokens:
                    return entry
            elif tuple(w.lower() for w in cand) == tuple(t.lower() for t in entry.tokens):
                return entry
        return None

    def adjective_code(self, word: str) -> str | None:
        """The country of a nationality adjective ('Russian' -> RUS), else None."""
        entry = self.match_at([word], 0)
        return entry.code if entry is not None and entry.kind == "adjective" else None

    def sector_at(self, lemmas: list[str], i: int) -> tuple[int, str] | None:
        """Longest sector term starting at lemma i: (length, sector)."""
        for n in (3, 2, 1):
            key = tuple(lemmas[i:i + n])
            if len(key) == n and key in self.sectors:
                return n, self.sectors[key]
        return None

    def title_at(self, words: list[str], j: int, any_case: bool = False) -> tuple[int, str] | None:
        """A title (sector term such as 'President', 'Defence Minister') starting at words[j]:
        (length, sector); capitalised, unless it follows 'the' ('the Turkish defence minister')."""
        lowered = [w.lower() for w in words[j:j + 3]]
        for n in (3, 2, 1):
            key = tuple(lowered[:n])
            if len(key) == n and key in self.sectors and (any_case or all(w[:1].isupper() for w in words[j:j + n])):
                return n, self.sectors[key]
        return None

    def famous_person(self, words: list[str]) -> LexEntry | None:
        """The people.tsv entry a person's name refers to: the whole name as listed, or a listed
        surname whose other words belong to the same person ('Donald J. Trump')."""
        while words and words[-1] in vocab().possessive_mark:
            words = words[:-1]
        if not words:
            return None
        entry = self.match_at(words, 0)
        if entry is not None and entry.kind.startswith("person") and len(entry.tokens) == len(words):
            return entry
        last = self.match_at(words, len(words) - 1)
        if last is None or last.kind != "person:surname" or len(last.tokens) != 1:
            return None
        given = set(last.name.replace("-", " ").split())
        if all(w in given or (len(w) <= 2 and w.endswith(".")) for w in words[:-1]):
            return last
        return None


def country_aliases(lexicon: ActorLexicon) -> dict[str, str]:
    """Country names as the actor lexicon reads them ('Congo' is DR Congo there too)."""
    return {" ".join(e.tokens): e.code for entries in lexicon.phrases.values() for e in entries if e.kind == "name"}


def seat_aliases(lexicon: ActorLexicon) -> dict[str, str]:
    """Seats of power as places: 'at the White House' happens in the capital."""
    capitals = {}
    for entries in lexicon.phrases.values():
        for entry in entries:
            if entry.kind == "capital":
                capitals.setdefault(entry.code, entry.name)
    return {" ".join(e.tokens): capitals[e.code] for entries in lexicon.phrases.values() for e in entries
            if e.kind == "seat" and e.code in capitals}


def _tokens(surface: str) -> tuple[str, ...]:
    words = surface.replace("-", " - ").replace("'s", " 's").replace("(", " ( ").replace(")", " ) ").split()
    if words and words[0].lower() in vocab().definite_article:
        words = words[1:]
    return tuple(words)


def _case_sensitive(kind: str) -> bool:
    """Names match as written ("china" the porcelain is not China, "WHO" not "who"); only the
    combining prefixes ("Sino-", "sino-") match in any case."""
    return kind != "prefix"


@lru_cache(maxsize=4)
def load_actor_lexicon(data_dir: Path | None = None) -> ActorLexicon:
    """The packaged actor lexicons, or the same files in ``data_dir`` (a copy of ``dotterel/data``)."""
    entries: list[LexEntry] = []
    names: dict[str, str] = {}
    codes = load_sector_codes(data_dir).codes
    for row in read_tsv("countries.tsv", ("surface", "code", "kind", "sector"), path=data_path("countries.tsv", data_dir)):
        code = check_code(row, "code")
        kind = check_choice(row, "kind", COUNTRY_KINDS)
        sector = check_code(row, "sector", codes, optional=True)
        if kind == "name" and code not in names:
            names[code] = row["surface"]
        entries.append(LexEntry(_tokens(row["surface"]), code, sector, row["surface"], kind, _case_sensitive(kind)))
    for row in read_tsv("organizations.tsv", ("surface", "code", "sector", "name", "kind"),
                        path=data_path("organizations.tsv", data_dir)):
        code = check_code(row, "code")
        sector = check_code(row, "sector", codes, optional=True)
        kind = check_choice(row, "kind", ORG_KINDS)
        entries.append(LexEntry(_tokens(row["surface"]), code, sector, row["name"] or row["surface"], "org:" + kind, True))
    entries.extend(read_people(data_path("people.tsv", data_dir), codes))
    sectors: dict[tuple[str, ...], str] = {}
    for row in read_tsv("sectors.tsv", ("term", "sector", "kind"), path=data_path("sectors.tsv", data_dir)):
        sector = check_code(row, "sector", codes)
        check_choice(row, "kind", SECTOR_KINDS, optional=True)
        sectors[tuple(row["term"].lower().split())] = sector
    phrases: dict[str, list[LexEntry]] = {}
    for entry in entries:
        if not entry.tokens:
            raise DataFileError("dotterel/data", f"empty surface for {entry.code}")
        phrases.setdefault(entry.tokens[0].lower(), []).append(entry)
    compiled = {k: tuple(sorted(v, key=lambda e: -len(e.tokens))) for k, v in phrases.items()}
    return ActorLexicon(compiled, sectors, names)


def read_people(path=None, sectors: frozenset[str] | None = None) -> list[LexEntry]:
    """Well-known political persons (people.tsv, or a file of that form): a surface is one person's, never two.
    ``sectors``: the sector codes allowed (default: those of the coder now running)."""
    sectors = sector_codes().codes if sectors is None else sectors
    seen: dict[str, str] = {}
    entries = []
    for row in read_tsv("people.tsv", ("surface", "code", "sector", "name", "kind"), path=path):
        code = check_code(row, "code")
        sector = check_code(row, "sector", sectors, optional=True)
        kind = check_choice(row, "kind", PERSON_KINDS)
        surface = row["surface"]
        if not row["name"]:
            raise DataFileError(row.origin, f"no canonical name for '{surface}'")
        if kind == "surname" and len(surface.split()) != 1:
            raise DataFileError(row.origin, f"a surname row is one word, got '{surface}'")
        if surface in seen:
            raise DataFileError(row.origin, f"'{surface}' is already listed at {seen[surface]}")
        seen[surface] = row.origin
        entries.append(LexEntry(_tokens(surface), code, sector, row["name"], "person:" + kind, True))
    return entries
