"""CAMEO/PETRARCH actor codes mapped to PLOVER (country, sector), see ``cameo_to_plover``.

* country: the first three letters, except ``IGOUNO...`` -> ``UNO``; the EU
  (``IGOEEU``, ``IGOEEC``, ``IGOEUREEC``, ``EEC``, ``EEU``) -> ``EUR``; other ``IGO...`` -> ``IGO``;
  ``NGO``, ``MNC``, ``IMG`` are kept as they are; a leading sector code (``MED...``,
  ``HINRAD``) or null code gives no country.
The groups that name sectors are rows of ``data/cameo_groups.tsv`` (``load_cameo_groups``).

* sector: the first later three-letter group that is a functional sector, where CAMEO
  ``MED`` (media) -> ``JRN``, ``HLH`` (health) -> ``MED``, ``INS``/``SEP``/``RAD`` -> ``REB``,
  ``CIV`` -> ``CVL``; failing that a religion group (``MOS``, ``CHR``, ``HIN``...) -> ``REL``,
  except for ``IMG`` (``IMGMUSISI`` is an armed group, not a religious one); otherwise None.  IGO codes skip their region group (``IGOWSTNAT`` -> IGO, no
  sector; ``IGOCOPITP`` -> IGO, COP).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..errors import E033, DataFileError
from ..resources import active_data_dir, check_choice, check_code, data_path, read_tsv
from ..sectors import load_sector_codes

GROUP_KINDS = ("sector", "sector_or_country", "religion")
_EU = frozenset({"EEU", "EEC"})


@dataclass(frozen=True)
class CameoGroups:
    """The CAMEO groups of ``data/cameo_groups.tsv`` (see its header)."""

    sectors: Mapping[str, str]  # functional group -> the PLOVER sector it becomes
    religions: Mapping[str, str]  # religion group -> its sector, when no functional group decides
    leading: frozenset[str]  # a code starting with one of these has no country


@lru_cache(maxsize=4)
def load_cameo_groups(data_dir: Path | None = None) -> CameoGroups:
    """``cameo_groups.tsv`` (of ``data_dir`` if given, else the packaged one), checked line by line."""
    codes = load_sector_codes(data_dir).codes
    sectors: dict[str, str] = {}
    religions: dict[str, str] = {}
    leading: set[str] = set()
    for row in read_tsv("cameo_groups.tsv", ("group", "sector", "kind"), path=data_path("cameo_groups.tsv", data_dir)):
        group = check_code(row, "group")
        if group in sectors or group in religions:
            raise DataFileError(row.origin, E033.format(group=group))
        sector = check_code(row, "sector", codes)
        kind = check_choice(row, "kind", GROUP_KINDS)
        (religions if kind == "religion" else sectors)[group] = sector
        if kind != "sector_or_country":
            leading.add(group)
    return CameoGroups(MappingProxyType(sectors), MappingProxyType(religions), frozenset(leading))


def _table() -> CameoGroups:
    return load_cameo_groups(active_data_dir())


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
    if first in _table().leading:
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
    return "IGO", 1 if second in _table().sectors else 2


def _sector(groups: Iterable[str], religion_counts: bool = True) -> str | None:
    table = _table()
    religion = None
    for group in groups:
        if group in table.sectors:
            return table.sectors[group]
        if religion is None and religion_counts and group in table.religions:
            religion = table.religions[group]
    return religion


def cameo_to_plover(code: str) -> tuple[str | None, str | None]:
    """(PLOVER country, PLOVER sector) for a CAMEO/PETRARCH actor code; see module doc."""
    groups = _groups(code)
    country, used = _country(groups)
    # IMGMUSISI is an armed group with a religious label, not a religious body.
    return country, _sector(groups[used:], religion_counts=country != "IMG")


def agent_country_sector(code: str) -> tuple[str | None, str | None]:
    """(country, sector) of an agent code: 'NGO~' goes before the actor's code, '~GOV' is a sector."""
    # "NGO~" is put before the actor's code, so it plays the country part; "~GOV" is a sector.
    if code.endswith("~"):
        return cameo_to_plover(code)
    return None, _sector(_groups(code))
