"""Typed records that flow between the pipeline stages.

ingest -> Article; clean -> CleanArticle; nlp -> SentenceSpan and its parse (spaCy Doc);
actors -> Entity; events -> CodedEvent (with Evidence); place -> Place.  An ``Event`` is made
in one place only, ``assemble.build_event``: a CodedEvent with its article, sentence, place and
date.  Every record that leaves the library is an Event and serialises with the PLOVER
manual's JSON field names (``Event.to_plover``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(frozen=True)
class Article:
    """One input article as read, before any cleaning."""

    doc_id: str
    text: str
    title: str | None = None
    date: date | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""  # "file" or "file:line": where a message about this record points


@dataclass(frozen=True)
class Dateline:
    """A wire-service dateline lifted off the start of an article."""

    place: str | None
    date_text: str | None
    agency: str | None
    raw: str


@dataclass(frozen=True)
class CleanArticle:
    article: Article
    text: str
    dateline: Dateline | None = None
    dropped: tuple[str, ...] = ()  # what cleaning removed, for the record (e.g. "repeated paragraph")


@dataclass(frozen=True)
class SentenceSpan:
    """A sentence of the cleaned text, before parsing."""

    sequence: int
    start: int
    end: int
    text: str


@dataclass
class Entity:
    """An actor or recipient: PLOVER's entity object plus how its code was found."""

    entity_text: str
    name: str
    code: str | None
    sector: str | None = None
    office: str | None = None
    source_of_code: str = "unknown"  # description | gazetteer | lexicon | dictionary | coreference | context | text (a thing named, no code)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Place:
    """PLOVER's location object for event_loc."""

    extracted_place: str
    resolved_place: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    country_code: str | None
    province: str | None
    feature_class: str
    feature_code: str
    resolution: int | None  # 5 sub-city, 4 city, 3 district, 2 province, 1 country; None = not resolved
    source: str = "sentence"  # sentence | dateline | destination | article
    start: int | None = None  # evidence span (character offsets in the cleaned text)
    end: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Evidence:
    trigger: str
    trigger_start: int
    trigger_end: int
    rule: str
    frame: str | None = None
    second_opinion: dict | None = None  # the classifier's {"category", "probability"}: its own event (rule "model") or a disagreement


@dataclass
class CodedEvent:
    """What the events stage knows of one event of a sentence: the category in its frame, who acts on
    whom, the evidence (trigger offsets within the sentence's text), mode, CAMEO code, modality and
    confidence.  Not yet placed in its article, dated, located, cited or given an id: that is
    ``assemble.build_event``, the one place an ``Event`` is made.  Mutable while the sentence is
    being coded (the second opinion lowers a confidence it contradicts)."""

    event: str
    actor: list[Entity]
    recipient: list[Entity]
    evidence: Evidence
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    cameo: str | None = None
    quad_code: int | None = None
    modality: str = "asserted"
    confidence: float = 0.5


@dataclass
class Event:
    """A finished PLOVER event record; made by ``assemble.build_event`` (offsets are in the cleaned
    article's text)."""

    doc_id: str
    event: str
    actor: list[Entity]
    recipient: list[Entity]
    text: str
    sequence: int
    start: int
    end: int
    evidence: Evidence
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    cameo: str | None = None
    quad_code: int | None = None
    modality: str = "asserted"
    confidence: float = 0.5
    date: date | None = None
    enddate: date | None = None
    date_source: str = "none"  # sentence[:month|:year|:decade] | narrative | publication | none
    event_loc: Place | None = None
    cite_info: dict = field(default_factory=dict)
    id: str = ""

    @property
    def event_text(self) -> str:
        return self.evidence.trigger

    def dyad_key(self) -> tuple:
        """What makes two events the same event for de-duplication within a document.

        Events with no named participant ('a bomb exploded') are only the same event when
        they come from the same sentence and trigger."""
        # a thing named only as written ('the embargo', source_of_code 'text') does not make two
        # reports of the same dyad two events
        recipient = [e for e in self.recipient if e.source_of_code != "text"]
        anonymous = (self.sequence, self.evidence.trigger_start) if not self.actor and not recipient else ()
        return anonymous + (
            self.event,
            self.mode,
            tuple(sorted(e.code or e.name for e in self.actor)),
            tuple(sorted(e.code or e.name for e in recipient)),
            tuple(sorted(e.name for e in self.actor)),
            tuple(sorted(e.name for e in recipient)),
            self.modality,
        )

    def to_plover(self) -> dict:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "date": self.date.isoformat() if self.date else None,
            "enddate": self.enddate.isoformat() if self.enddate else None,
            "actor": [e.to_dict() for e in self.actor],
            "recipient": [e.to_dict() for e in self.recipient],
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "event_text": self.event_text,
            "quad_code": self.quad_code,
            "cameo": self.cameo,
            "event_loc": self.event_loc.to_dict() if self.event_loc else None,
            "text": self.text,
            "text_info": {"sequence": self.sequence, "start": self.start, "end": self.end},
            "cite_info": dict(self.cite_info),
            "modality": self.modality,
            "confidence": round(self.confidence, 3),
            "evidence": {
                "trigger": self.evidence.trigger,
                "trigger_start": self.evidence.trigger_start,
                "trigger_end": self.evidence.trigger_end,
                "rule": self.evidence.rule,
                "frame": self.evidence.frame,
                "date_source": self.date_source,
                **({"second_opinion": dict(self.evidence.second_opinion)} if self.evidence.second_opinion else {}),
            },
        }
