"""CAMEO/PETRARCH actor codes mapped to PLOVER (country, sector), see ``cameo_to_plover``.

* country: the first three letters, except ``IGOUNO...`` -> ``UNO``; the EU
  (``IGOEEU``, ``IGOEEC``, ``IGOEUREEC``, ``EEC``, ``EEU``) -> ``EUR``; other ``IGO...`` -> ``IGO``;
  ``NGO``, ``MNC``, ``IMG`` are kept as they are; a leading sector code (``MED...``,
  ``HINRAD``) or null code gives no country.
* sector: the first later three-letter group that is a functional sector, where CAMEO
  ``MED`` (media) -> ``JRN``, ``HLH`` (health) -> ``MED``, ``INS``/``SEP``/``RAD`` -> ``REB``,
  ``CIV`` -> ``CVL``; failing that a religion group (``MOS``, ``CHR``, ``HIN``...) -> ``REL``,
  except for ``IMG`` (``IMGMUSISI`` is an armed group, not a religious one); otherwise None.  IGO codes skip their region group (``IGOWSTNAT`` -> IGO, no
  sector; ``IGOCOPITP`` -> IGO, COP).
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

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


def agent_country_sector(code: str) -> tuple[str | None, str | None]:
    """(country, sector) of an agent code: 'NGO~' goes before the actor's code, '~GOV' is a sector."""
    # "NGO~" is put before the actor's code, so it plays the country part; "~GOV" is a sector.
    if code.endswith("~"):
        return cameo_to_plover(code)
    return None, _sector(_groups(code))
