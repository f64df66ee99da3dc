"""The GeoNames index as one flat binary file read through ``mmap``: nothing to unpickle.

Loading the index used to mean unpickling ~200,000 ``City`` objects and a dict of ~500,000
names (1.7 to 3.4 s of a cold start).  Here the cities and names are columns (numpy arrays
over the mapped file) and a look-up touches only the pages it needs, so opening the index
takes milliseconds and the pages are shared by every process that maps the same file.

Layout (little-endian): ``MAGIC``, the header's length (uint64), a JSON header (the tag,
each column's dtype / length / offset, and the small tables: countries, country names,
subdivisions, alpha-3 codes, the countries' alpha-2 codes and admin1 codes the cities
point into), then the columns, each 8-byte aligned:

  city_id (int64, sorted), city_lat, city_lon (float64), city_pop (int64),
  city_cc (uint16: index into ``cc``), city_admin1 (uint32: index into ``admin1``),
  city_name_off (int64, n+1) and city_name (uint8, UTF-8);
  name_hash (uint64, sorted: the first 8 bytes of blake2b of the folded name),
  name_off (int64, n+1) and name (uint8, UTF-8) to check a hash hit against the name itself,
  ids_off (int64, n+1) and ids (int64: geonameids, the most populous first).

Names that share a hash sit next to each other and are told apart by their text.
"""

from __future__ import annotations

import hashlib
import json
import mmap
from pathlib import Path
from typing import BinaryIO

from .gazetteer import PLOVER_ALPHA2, City, GeoNamesIndex

MAGIC = b"DOTGAZ\x00\x01"
_ALIGN = 8
MEMO_LIMIT = 50000  # cities and names remembered once looked up; beyond that the memo starts again


def name_hash(folded: str) -> int:
    """A hash of a folded name that is the same in every process and on every machine."""
    return int.from_bytes(hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest(), "little")


def _blob(strings: list[str]):
    import numpy as np

    encoded = [s.encode("utf-8") for s in strings]
    offsets = np.zeros(len(encoded) + 1, dtype="<i8")
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return offsets, np.frombuffer(b"".join(encoded), dtype=np.uint8)


def encode(index: GeoNamesIndex, tag: str) -> bytes:
    """The file's bytes for an index."""
    import numpy as np

    cities = sorted(index.cities.values(), key=lambda c: c.geonameid)
    cc = sorted({c.cc2 for c in cities})
    admin1 = sorted({c.admin1 for c in cities})
    cc_at, admin1_at = {v: i for i, v in enumerate(cc)}, {v: i for i, v in enumerate(admin1)}
    name_off, name_bytes = _blob([c.name for c in cities])
    names = sorted(index.names.items(), key=lambda item: (name_hash(item[0]), item[0]))
    key_off, key_bytes = _blob([k for k, _ids in names])
    ids_off = np.zeros(len(names) + 1, dtype="<i8")
    np.cumsum([len(ids) for _k, ids in names], out=ids_off[1:])
    columns = {
        "city_id": np.array([c.geonameid for c in cities], dtype="<i8"),
        "city_lat": np.array([c.lat for c in cities], dtype="<f8"),
        "city_lon": np.array([c.lon for c in cities], dtype="<f8"),
        "city_pop": np.array([c.population for c in cities], dtype="<i8"),
        "city_cc": np.array([cc_at[c.cc2] for c in cities], dtype="<u2"),
        "city_admin1": np.array([admin1_at[c.admin1] for c in cities], dtype="<u4"),
        "city_name_off": name_off, "city_name": name_bytes,
        "name_hash": np.array([name_hash(k) for k, _ids in names], dtype="<u8"),
        "name_off": key_off, "name": key_bytes,
        "ids_off": ids_off, "ids": np.array([g for _k, ids in names for g in ids], dtype="<i8"),
    }
    layout, offset = {}, 0
    for key, column in columns.items():
        layout[key] = [column.dtype.str, int(column.size), offset]
        offset += -(-column.nbytes // _ALIGN) * _ALIGN
    header = json.dumps({
        "tag": tag, "columns": layout, "cc": cc, "admin1": admin1, "countries": index.countries,
        "country_names": index.country_names, "subdivisions": index.subdivisions, "alpha3": index.alpha3,
    }, ensure_ascii=False, sort_keys=True).encode("utf-8")
    header += b" " * (-(len(MAGIC) + 8 + len(header)) % _ALIGN)
    parts = [MAGIC, len(header).to_bytes(8, "little"), header]
    for column in columns.values():
        raw = column.tobytes()
        parts.append(raw + b"\x00" * (-len(raw) % _ALIGN))
    return b"".join(parts)


class MappedGazetteer:
    """The ``Gazetteer`` of an index file (or of its bytes in memory, right after a build)."""

    def __init__(self, buffer, tag: str, source: str = "<memory>"):
        import numpy as np

        self.buffer = buffer
        self.source = source
        view = memoryview(buffer)
        if len(view) < len(MAGIC) + 8 or bytes(view[:len(MAGIC)]) != MAGIC:
            raise ValueError("not a dotterel gazetteer index")
        size = int.from_bytes(view[len(MAGIC):len(MAGIC) + 8], "little")
        start = len(MAGIC) + 8 + size
        if start > len(view):
            raise ValueError("truncated header")
        header = json.loads(bytes(view[len(MAGIC) + 8:start]).decode("utf-8"))
        if header.get("tag") != tag:
            raise ValueError(f"written by another version ({header.get('tag')!r}, not {tag!r})")
        columns = {}
        for key, (dtype, length, offset) in header["columns"].items():
            dt = np.dtype(dtype)
            if start + offset + length * dt.itemsize > len(view):
                raise ValueError(f"truncated column {key}")
            columns[key] = np.frombuffer(buffer, dtype=dt, count=length, offset=start + offset)
        self._c = columns
        n_cities, n_names = len(columns["city_id"]), len(columns["name_hash"])
        if not all(len(columns[k]) == n_cities for k in ("city_lat", "city_lon", "city_pop", "city_cc", "city_admin1")) \
                or len(columns["city_name_off"]) != n_cities + 1 or len(columns["name_off"]) != n_names + 1 \
                or len(columns["ids_off"]) != n_names + 1 or int(columns["ids_off"][-1]) != len(columns["ids"]) \
                or int(columns["name_off"][-1]) != len(columns["name"]) \
                or int(columns["city_name_off"][-1]) != len(columns["city_name"]):
            raise ValueError("inconsistent columns")
        self._cc, self._admin1 = header["cc"], header["admin1"]
        self._countries = header["countries"]
        self._country_names = header["country_names"]
        self._subdivisions = {k: tuple(v) for k, v in header["subdivisions"].items()}
        self._alpha3 = header["alpha3"]
        self._alpha2 = {v: k for k, v in self._alpha3.items()} | PLOVER_ALPHA2
        self._cities: dict[int, City | None] = {}  # look-ups made so far, up to MEMO_LIMIT each
        self._names: dict[str, tuple[int, ...]] = {}

    # -- the Gazetteer interface ---------------------------------------------------------------
    def city(self, geonameid: int) -> City | None:
        if geonameid not in self._cities:
            if len(self._cities) >= MEMO_LIMIT:
                self._cities.clear()  # bounded memory over an endless stream
            self._cities[geonameid] = self._city(geonameid)
        return self._cities[geonameid]

    def city_ids(self, folded: str) -> tuple[int, ...]:
        if folded not in self._names:
            if len(self._names) >= MEMO_LIMIT:
                self._names.clear()
            self._names[folded] = self._ids(folded)
        return self._names[folded]

    def country(self, cc2: str) -> dict | None:
        return self._countries.get(cc2)

    def country_named(self, folded: str) -> str | None:
        return self._country_names.get(folded)

    def subdivision_named(self, folded: str) -> tuple[str, str, str] | None:
        return self._subdivisions.get(folded)

    def plover_code(self, cc2: str) -> str | None:
        """The PLOVER country code of a GeoNames country (Kosovo is KOS there, XKX here)."""
        return "KOS" if cc2 == "XK" else self._alpha3.get(cc2)

    def alpha2(self, code3: str) -> str | None:
        return self._alpha2.get(code3)

    # -- sizes (for benchmarks/gazetteer_memory.py) --------------------------------------------
    def sizes(self) -> dict:
        return {"cities": len(self._c["city_id"]), "names": len(self._c["name_hash"]), "name_links": len(self._c["ids"]),
                "countries": len(self._countries), "country_names": len(self._country_names),
                "subdivisions": len(self._subdivisions)}

    # -- look-ups in the columns ---------------------------------------------------------------
    def _city(self, geonameid: int) -> City | None:
        import numpy as np

        ids = self._c["city_id"]
        at = int(np.searchsorted(ids, geonameid))
        if at >= len(ids) or int(ids[at]) != geonameid:
            return None
        off = self._c["city_name_off"]
        name = self._c["city_name"][int(off[at]):int(off[at + 1])].tobytes().decode("utf-8")
        return City(geonameid, name, float(self._c["city_lat"][at]), float(self._c["city_lon"][at]),
                    self._cc[int(self._c["city_cc"][at])], self._admin1[int(self._c["city_admin1"][at])],
                    int(self._c["city_pop"][at]))

    def _ids(self, folded: str) -> tuple[int, ...]:
        import numpy as np

        hashes, off, text = self._c["name_hash"], self._c["name_off"], self._c["name"]
        h = np.uint64(name_hash(folded))
        at = int(np.searchsorted(hashes, h))
        wanted = folded.encode("utf-8")
        while at < len(hashes) and hashes[at] == h:
            if text[int(off[at]):int(off[at + 1])].tobytes() == wanted:
                lo, hi = int(self._c["ids_off"][at]), int(self._c["ids_off"][at + 1])
                return tuple(int(g) for g in self._c["ids"][lo:hi])
            at += 1
        return ()


def write(gazetteer: MappedGazetteer, handle: BinaryIO) -> None:
    handle.write(gazetteer.buffer)


def read(path: Path, tag: str) -> MappedGazetteer:
    """The index file at ``path``, mapped read-only (pages are read when a look-up needs them)."""
    with open(path, "rb") as handle:
        if handle.seek(0, 2) == 0:
            raise ValueError("empty file")
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)  # stays valid after the file is closed
    return MappedGazetteer(mapped, tag, str(path))
