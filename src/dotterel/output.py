"""Writers: PLOVER JSON Lines and a flat CSV (one row per event, actors joined)."""

from __future__ import annotations

import csv
import json
from typing import IO

from .records import Event

CSV_COLUMNS = (
    "id", "doc_id", "date", "enddate", "event", "mode", "context", "modality", "confidence", "cameo", "quad_code",
    "actor_text", "actor_code", "actor_sector", "actor_name", "recipient_text", "recipient_code",
    "recipient_sector", "recipient_name", "event_text", "place", "geonameid", "lat", "lon", "place_country",
    "sequence", "start", "end", "text",
)


class JsonlWriter:
    def __init__(self, handle: IO[str]):
        self.handle = handle

    def write(self, event: Event) -> None:
        self.handle.write(json.dumps(event.to_plover(), ensure_ascii=False) + "\n")


class CsvWriter:
    def __init__(self, handle: IO[str]):
        self.writer = csv.writer(handle)
        self.writer.writerow(CSV_COLUMNS)

    def write(self, event: Event) -> None:
        record = event.to_plover()
        loc = record["event_loc"] or {}

        def joined(role: str, key: str) -> str:
            return ";".join(str(e.get(key) or "") for e in record[role])

        self.writer.writerow([
            record["id"], record["doc_id"], record["date"], record["enddate"], record["event"], record["mode"],
            ";".join(record["context"]), record["modality"], record["confidence"], record["cameo"],
            record["quad_code"], joined("actor", "entity_text"), joined("actor", "code"), joined("actor", "sector"),
            joined("actor", "name"), joined("recipient", "entity_text"), joined("recipient", "code"),
            joined("recipient", "sector"), joined("recipient", "name"), record["event_text"],
            loc.get("resolved_place"), loc.get("geonameid"), loc.get("lat"), loc.get("lon"), loc.get("country_code"),
            record["text_info"]["sequence"], record["text_info"]["start"], record["text_info"]["end"], record["text"],
        ])


def writer_for(fmt: str, handle: IO[str]):
    return CsvWriter(handle) if fmt == "csv" else JsonlWriter(handle)
