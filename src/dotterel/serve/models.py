"""Request and response bodies of API v1 (they make the OpenAPI contract at /openapi.json)."""

from __future__ import annotations

from datetime import date as Date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT_CHARS = 1_000_000


class ArticleIn(BaseModel):
    """One article to code or store."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="The article's text")
    id: str | None = Field(None, max_length=500, description="Document id; default: a hash of the text")
    title: str | None = Field(None, max_length=2000)
    date: Date | None = Field(None, description="Publication date (YYYY-MM-DD); relative dates resolve against it")
    url: str | None = Field(None, max_length=4000)
    source: str | None = Field(None, max_length=500)


class ArticlesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1)


class Entity(BaseModel):
    model_config = ConfigDict(extra="allow")

    entity_text: str
    name: str
    code: str | None = None
    sector: str | None = None
    office: str | None = None
    source_of_code: str | None = None


class Place(BaseModel):
    model_config = ConfigDict(extra="allow")

    extracted_place: str | None = None
    resolved_place: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    resolution: int | None = None
    source: str | None = None
    start: int | None = None
    end: int | None = None


class Evidence(BaseModel):
    model_config = ConfigDict(extra="allow")

    trigger: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    rule: str | None = None
    frame: str | None = None
    date_source: str | None = None


class TextInfo(BaseModel):
    model_config = ConfigDict(extra="allow")

    sequence: int | None = None
    start: int | None = None
    end: int | None = None


class Event(BaseModel):
    """A PLOVER event record (manual ch. 6 names) as the coder writes it."""

    model_config = ConfigDict(extra="allow")

    id: str
    doc_id: str | None = None
    date: str | None = None
    enddate: str | None = None
    actor: list[Entity] = []
    recipient: list[Entity] = []
    event: str
    mode: str | None = None
    context: list[str] = []
    event_text: str | None = None
    quad_code: int | None = None
    cameo: str | None = None
    event_loc: Place | None = None
    text: str | None = None
    text_info: TextInfo | None = None
    cite_info: dict | None = None
    modality: str | None = None
    confidence: float | None = None
    evidence: Evidence | None = None


class StoredEvent(Event):
    """A stored event: one happening, counted once, with how often it was reported."""

    num_mentions: int | None = None
    num_sources: int | None = None
    num_articles: int | None = None


class EventDetail(StoredEvent):
    mentions: list[dict] = Field(default_factory=list, description="Every mention: sentence, article and evidence")


class Span(BaseModel):
    start: int
    end: int
    kind: Literal["trigger", "actor", "recipient", "place"]
    events: list[int] = Field(description="Indexes into `events` of the events this span belongs to")
    label: str


class CodeResponse(BaseModel):
    text: str = Field(description="The cleaned text; every offset in `events` and `spans` points into it")
    events: list[Event]
    spans: list[Span]


class IngestResult(BaseModel):
    doc_id: str
    status: Literal["new", "duplicate", "near-duplicate", "error"]
    events: int | None = Field(description="Events the coder found in the article; null for a text already stored "
                                           "(not coded again) or not stored")
    error: str | None = Field(None, description="Why an article with status `error` was not stored")


class IngestResponse(BaseModel):
    results: list[IngestResult]
    counts: dict[str, int]


class EventsPage(BaseModel):
    events: list[StoredEvent]
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page, null on the last one")


class DyadRow(BaseModel):
    model_config = ConfigDict(extra="allow")


class DyadsResponse(BaseModel):
    by: Literal["day", "week", "month"]
    dyads: list[DyadRow]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    coder_loaded: bool
    reads_need_token: bool


class ErrorBody(BaseModel):
    error: str
    details: list[dict] | None = None
