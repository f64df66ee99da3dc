"""Build src/dotterel/assets/world_110m.json, the world outline `dotterel plot map` and the
service's web map draw under event locations.

Source: Natural Earth 1:110m admin-0 countries (public domain, naturalearthdata.com), as
shipped inside the geopandas 0.14 wheel (geopandas/datasets/naturalearth_lowres/), so the
outline is built offline from a package registry:

    pip download --no-deps geopandas==0.14.4 -d /tmp/gp && unzip -o /tmp/gp/*.whl -d /tmp/gp
    python dev/make_world_outline.py /tmp/gp/geopandas/datasets/naturalearth_lowres/naturalearth_lowres

Reads the shapefile and its dBASE table with the standard library only (polygon shapes,
type 5) and writes one record per country: ISO alpha-3, name and rings of (lon, lat) rounded
to 0.01 degree.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path


def read_dbf(path: Path) -> list[dict]:
    data = path.read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields = []
    offset = 32
    while data[offset] != 0x0D:
        name = data[offset:offset + 11].split(b"\0")[0].decode("ascii")
        length = data[offset + 16]
        fields.append((name, length))
        offset += 32
    records = []
    for i in range(count):
        start = header_len + i * record_len + 1  # skip the deletion flag
        record = {}
        for name, length in fields:
            record[name] = data[start:start + length].decode("utf-8", "replace").strip()
            start += length
        records.append(record)
    return records


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    data = path.read_bytes()
    offset = 100
    shapes = []
    while offset < len(data):
        _, length = struct.unpack(">II", data[offset:offset + 8])
        content = data[offset + 8:offset + 8 + length * 2]
        offset += 8 + length * 2
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type != 5:
            shapes.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44:44 + 4 * n_parts]))
        base = 44 + 4 * n_parts
        points = [struct.unpack("<dd", content[base + 16 * k:base + 16 * k + 16]) for k in range(n_points)]
        rings = []
        for j, first in enumerate(parts):
            last = parts[j + 1] if j + 1 < n_parts else n_points
            rings.append([(round(x, 2), round(y, 2)) for x, y in points[first:last]])
        shapes.append(rings)
    return shapes


def main(stem: str) -> None:
    stem_path = Path(stem)
    records = read_dbf(stem_path.with_suffix(".dbf"))
    shapes = read_polygons(stem_path.with_suffix(".shp"))
    countries = [{"iso_a3": r.get("iso_a3", ""), "name": r.get("name", ""), "rings": rings}
                 for r, rings in zip(records, shapes)]
    out = {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via geopandas 0.14 naturalearth_lowres",
        "countries": countries,
    }
    target = Path(__file__).resolve().parents[1] / "src" / "dotterel" / "assets" / "world_110m.json"
    target.write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    print(f"{len(countries)} countries, {sum(len(c['rings']) for c in countries)} rings -> {target}")


if __name__ == "__main__":
    main(sys.argv[1])
