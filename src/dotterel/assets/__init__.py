"""Assets shipped with dotterel that are not lexicons: the world outline for maps.

``world_110m.json`` is Natural Earth's 1:110m admin-0 countries (public domain), built by
``dev/world_outline.py``: a list of rings of ``[lon, lat]`` points.
"""

from __future__ import annotations

import json
from importlib import resources


def world_outline_json() -> bytes:
    """The outline file as shipped (for serving as is)."""
    return resources.files(__package__).joinpath("world_110m.json").read_bytes()


def world_outline() -> list[list[tuple[float, float]]]:
    """The world's country outlines: a list of rings, each a list of ``(lon, lat)`` in degrees."""
    doc = json.loads(world_outline_json())
    return [[(lon, lat) for lon, lat in ring] for ring in doc["polygons"]]
