"""Build src/dotterel/assets/world_110m.json, the world outline the web page's map draws.

Source: Natural Earth 1:110m admin-0 countries (public domain), as the shapefile
``naturalearth_lowres.shp`` that geopandas 0.x shipped (``pip download geopandas==0.14.4
--no-deps``, unzip ``geopandas/datasets/naturalearth_lowres/``).  The shapefile's polygon
records are read with ``struct`` (no GIS library), coordinates rounded to 0.1 degree and
rings of fewer than 4 distinct points dropped.

    python dev/world_outline.py naturalearth_lowres.shp -o src/dotterel/assets/world_110m.json
"""

from __future__ import annotations

import argparse
import json
import struct
from pathlib import Path


def polygons(shp: Path) -> list[list[list[float]]]:
    data = shp.read_bytes()
    pos, rings = 100, []
    while pos + 8 <= len(data):
        _, words = struct.unpack(">ii", data[pos:pos + 8])
        content = data[pos + 8:pos + 8 + 2 * words]
        pos += 8 + 2 * words
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type not in (5, 15, 25):  # polygon, polygonZ, polygonM
            continue
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44:44 + 4 * n_parts])) + [n_points]
        base = 44 + 4 * n_parts
        points = struct.unpack(f"<{2 * n_points}d", content[base:base + 16 * n_points])
        for a, b in zip(parts, parts[1:]):
            ring: list[list[float]] = []
            for i in range(a, b):
                point = [round(points[2 * i], 1), round(points[2 * i + 1], 1)]
                if not ring or ring[-1] != point:
                    ring.append(point)
            if len({tuple(p) for p in ring}) >= 4:
                rings.append(ring)
    return rings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shp", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    rings = polygons(args.shp)
    doc = {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), rounded to 0.1 degree",
        "crs": "lon/lat degrees (WGS84)",
        "polygons": rings,
    }
    args.output.write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(rings)} rings, {sum(len(r) for r in rings)} points -> {args.output}")


if __name__ == "__main__":
    main()
