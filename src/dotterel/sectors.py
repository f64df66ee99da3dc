"""PLOVER sector codes and the roles the rules give them, read once from ``sector_codes.tsv``.

One row a code: the code, its roles (space-separated, see the file's header comment), a name.
The loader checks that each code is three upper-case letters and given once, and that each role
is one the rules read (``ROLES``), naming file:line.  The other data files and user
dictionaries are checked against these codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import E031, E032, DataFileError
from .resources import active_data_dir, data_path, read_tsv

ROLES = ("political", "private", "visitor", "armed", "crowd", "authority", "criminal", "security", "state", "generic")


@dataclass(frozen=True)
class SectorCodes:
    codes: frozenset[str]  # every sector code
    political: frozenset[str]  # acting or acted on, makes an act of crime political (guards)
    private: frozenset[str]  # private people and bodies (guards: private acts)
    visitor: frozenset[str]  # may make a visit political (guards: travel)
    armed: frozenset[str]  # frame 'armed'
    crowd: frozenset[str]  # frame 'crowd'
    authority: frozenset[str]  # frame 'authority'
    criminal: frozenset[str]  # guards: crime
    security: frozenset[str]  # police and soldiers (frames 'crowd', 'rescue')
    state: frozenset[str]  # act for the state (actors.locate.home_country)
    generic: frozenset[str]  # a title's sector an organisation's overrides (actors.persons)


@lru_cache(maxsize=4)
def load_sector_codes(data_dir: Path | None = None) -> SectorCodes:
    """``sector_codes.tsv`` (of ``data_dir`` if given, else the packaged one), checked line by line."""
    codes: list[str] = []
    members: dict[str, set[str]] = {role: set() for role in ROLES}
    for row in read_tsv("sector_codes.tsv", ("code", "roles", "name"), path=data_path("sector_codes.tsv", data_dir)):
        code = row["code"]
        if len(code) != 3 or not code.isalpha() or not code.isupper() or code in codes:
            raise DataFileError(row.origin, E031.format(code=code))
        codes.append(code)
        for role in row["roles"].split():
            if role not in members:
                raise DataFileError(row.origin, E032.format(role=role, known=", ".join(ROLES)))
            members[role].add(code)
    return SectorCodes(frozenset(codes), **{role: frozenset(found) for role, found in members.items()})


def sector_codes() -> SectorCodes:
    """The sector codes of the coder now running: its data directory's, else the packaged ones."""
    return load_sector_codes(active_data_dir())
