"""Stage 6a, place: resolve toponyms offline and pick the place where an event happened.

- ``gazetteer``: the ``Gazetteer`` interface and its GeoNames implementation (a cached index);
- ``resolver``: ``PlaceResolver``, a toponym (with the article's countries) to a ``Place``;
- ``where``: where an event happened (``event_place``; ``described_place``, ``dateline_place``,
  ``destination_place`` when its sentence names no place).
"""

from .gazetteer import City, Gazetteer, GeoNamesGazetteer, GeoNamesIndex, fold, load_gazetteer
from .resolver import PlaceResolver
from .where import dateline_place, described_place, destination_place, event_place, qualifier, where_it_happened

__all__ = [
    "City", "Gazetteer", "GeoNamesGazetteer", "GeoNamesIndex", "PlaceResolver", "dateline_place", "described_place",
    "destination_place", "event_place", "fold", "load_gazetteer", "qualifier", "where_it_happened",
]
