"""The pipeline: ingest -> clean -> nlp -> actors -> events -> place & time -> dedup.

``Coder`` holds what is loaded once (spaCy pipeline, lexicons, gazetteer) and codes
articles in batches: the candidate sentences of a batch of articles are parsed together
through ``nlp.pipe``, then each article is coded in order.  Memory is bounded by the
batch size, never by the corpus.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice

from . import nlp
from .actors import ActorResolver, ArticleContext, load_actor_lexicon
from .clean import clean_article
from .dedup import dedup_events
from .events import SentenceCoder, build_events, consult_mode_from_place, load_event_lexicon
from .place import PlaceResolver, event_place
from .records import Article, CleanArticle, Entity, Event, Place
from .selection import choose_sentences, needs_entities
from .when import resolve_date, is_historical

DEFAULT_MODALITIES = frozenset({"asserted", "future", "historical"})
_WORDS = re.compile(r"[A-Z]\.(?:[A-Z]\.)+|'s\b|[A-Za-z]+|[^\sA-Za-z]")
_DEFINITE_PLACE = re.compile(r"\b(?P<det>the|a|an)\s+(?P<adj>[A-Z][a-z]+)\s+(?P<kind>city|capital|town|port|village|province|region)\b")
REPORT_LEMMAS = {"say", "tell", "add", "state", "announce", "note", "stress", "declare"}


@dataclass(frozen=True)
class Options:
    model: str = nlp.DEFAULT_MODEL
    all_modalities: bool = False
    batch_articles: int = 16
    dictionary: object | None = None  # dotterel.dictionaries.ActorDictionary


class Coder:
    def __init__(self, options: Options | None = None):
        self.options = options or Options()
        nlp.check_model(self.options.model)
        self.event_lex = load_event_lexicon()
        self.actor_lex = load_actor_lexicon()
        self.filter = nlp.TriggerFilter(self.event_lex.trigger_objects())
        self.places = PlaceResolver(aliases=seat_aliases(self.actor_lex), countries=country_aliases(self.actor_lex))

    # ------------------------------------------------------------------ streaming
    def code_articles(self, articles: Iterable[Article]) -> Iterator[Event]:
        iterator = iter(articles)
        while batch := list(islice(iterator, self.options.batch_articles)):
            yield from self._code_batch(batch)

    def code_article(self, article: Article) -> list[Event]:
        return list(self._code_batch([article]))

    def code_grouped(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Each article with its events, in input order (for workers and clusters)."""
        iterator = iter(articles)
        while batch := list(islice(iterator, self.options.batch_articles)):
            yield from self._code_batch_grouped(batch)

    def _code_batch(self, batch: list[Article]) -> Iterator[Event]:
        for _article, events in self._code_batch_grouped(batch):
            yield from events

    def _code_batch_grouped(self, batch: list[Article]) -> Iterator[tuple[Article, list[Event]]]:
        prepared = []
        texts: list[str] = []
        for article in batch:
            cleaned = clean_article(article)
            sentences = nlp.split_sentences(cleaned.text)
            chosen = choose_sentences(sentences, self.filter)
            prepared.append((cleaned, sentences, chosen))
            texts.extend(s.text for s in chosen)
        all_docs = list(nlp.parse(texts, self.options.model, entities=False))
        nlp.add_entities([d for d in all_docs if needs_entities(d, self.event_lex, REPORT_LEMMAS)], self.options.model)
        docs = iter(all_docs)
        for cleaned, sentences, chosen in prepared:
            parsed = [(s, next(docs)) for s in chosen]
            yield cleaned.article, self._code_parsed(cleaned, sentences, parsed)

    # ------------------------------------------------------------------ one article
    def _code_parsed(self, cleaned: CleanArticle, sentences, parsed) -> list[Event]:
        article = cleaned.article
        pub = article.date  # a dateline's month-day without a year cannot stand for the publication date
        ctx = ArticleContext(pub_date=pub)
        resolver = ActorResolver(self.actor_lex, ctx, self.options.dictionary, self.places)
        words = _WORDS.findall(cleaned.text)
        resolver.count_countries(words)
        resolver.scan_titled_names(words)
        dateline_place = self._dateline_place(cleaned)
        if dateline_place is not None:
            ctx.default_country = dateline_place.country_code
        coder = SentenceCoder(self.event_lex, resolver)
        events: list[Event] = []
        narrative = narrative_dates(sentences, pub)
        for span, doc in parsed:
            ctx.sentence = span.sequence
            speaker = self._speaker(doc, resolver)
            for event, token in build_events(doc, coder, article.doc_id, span.sequence, span.start, speaker):
                self._place_and_time(event, doc, token, pub, words, dateline_place, ctx)
                if event.date_source == "publication" and narrative.get(span.sequence) is not None:
                    anchor = narrative[span.sequence]
                    event.date, event.enddate, event.date_source = anchor.date, anchor.enddate, "narrative"
                if self.options.all_modalities or event.modality in DEFAULT_MODALITIES:
                    event.cite_info = {"title": article.title, "url": article.url, "source": article.source}
                    events.append(event)
        events = dedup_events(events)
        for event in events:
            event.id = _event_id(article.doc_id, event)
        return events

    def _speaker(self, doc, resolver: ActorResolver) -> list[Entity]:
        """Who is speaking in a sentence of reported speech: 'we' inside the quote is them."""
        for token in doc:
            if token.lemma_.lower() in REPORT_LEMMAS and token.pos_ == "VERB":
                subjects = [c for c in token.children if c.dep_ == "nsubj"]
                if subjects and subjects[0].lower_ not in ("we", "i"):
                    return resolver.resolve(subjects[0])
        return []

    def _dateline_place(self, cleaned: CleanArticle) -> Place | None:
        if cleaned.dateline is None or not cleaned.dateline.place:
            return None
        name, _, qualifier = cleaned.dateline.place.partition(",")
        region = self.places.region_hint(qualifier.strip()) if qualifier.strip() else None
        return self.places.resolve(name.strip(), (), source="dateline", region=region)

    def _place_and_time(self, event: Event, doc, token, pub: date | None, words, dateline_place, ctx) -> None:
        when = resolve_date(doc.text, pub, future=event.modality == "future",
                            anchor=event.evidence.trigger_start - event.start)
        event.date, event.enddate, event.date_source = when.date, when.enddate, when.source
        if event.modality == "asserted" and is_historical(when.date, pub, doc.text):
            event.modality = "historical"
        countries = tuple(dict.fromkeys(e.code for e in event.actor + event.recipient if e.code))
        # a target named by the gazetteer ('struck Kabul', 'a block in Gaza') is also where it happened
        actor_names = {e.entity_text.lower() for e in event.actor + event.recipient
                       if not (e in event.recipient and e.source_of_code == "gazetteer")}
        place = event_place(doc, token, self.places, countries + tuple(c for c, _ in ctx.country_counts.most_common(3)), actor_names)
        if place is not None and place.start is not None:
            place.start += event.start
            place.end += event.start
        if place is None:
            place = self._described_place(doc.text, words)
        if place is None and dateline_place is not None:
            place = dateline_place
        if place is None and event.event == "CONSULT" and event.mode == "visit" and event.recipient:
            code = next((r.code for r in event.recipient if r.code and len(r.code) == 3), None)
            alpha2 = self.places.country_alpha2(code) if code else None
            if alpha2:
                from .place import _country_place

                info = self.places.gaz.countries.get(alpha2, {})
                place = _country_place(self.places.gaz, alpha2, info.get("name", code), "destination")
        event.event_loc = place
        consult_mode_from_place(event, self.event_lex)

    def _described_place(self, text: str, words) -> Place | None:
        """'the Russian city': the city of that country the article names most; 'the Sudanese
        capital': that capital; 'a Nigerian village' (unnamed): the country."""
        m = _DEFINITE_PLACE.search(text)
        if not m:
            return None
        entry = self.actor_lex.match_at([m.group("adj")], 0)
        if entry is None or entry.kind != "adjective":
            return None
        alpha2 = self.places.country_alpha2(entry.code)
        if m.group("kind") == "capital" and alpha2:
            capital = self.places.gaz.countries[alpha2].get("capital")
            place = self.places.resolve(capital, (entry.code,), source="article") if capital else None
            if place is not None:
                return Place(**{**place.to_dict(), "extracted_place": m.group(0)})
        if m.group("det") == "the":
            city = self.places.most_mentioned_city(words, entry.code)
            if city is not None:
                return city
        if alpha2:
            from .place import _country_place

            return _country_place(self.places.gaz, alpha2, m.group(0), "sentence")
        return None


def country_aliases(lexicon) -> dict[str, str]:
    """Country names as the actor lexicon reads them ('Congo' is DR Congo there too)."""
    return {" ".join(e.tokens): e.code for entries in lexicon.phrases.values() for e in entries if e.kind == "name"}


def seat_aliases(lexicon) -> dict[str, str]:
    """Seats of power as places: 'at the White House' happens in the capital."""
    capitals = {}
    for entries in lexicon.phrases.values():
        for entry in entries:
            if entry.kind == "capital":
                capitals.setdefault(entry.code, entry.name)
    return {" ".join(e.tokens): capitals[e.code] for entries in lexicon.phrases.values() for e in entries
            if e.kind == "seat" and e.code in capitals}


def narrative_dates(sentences, pub: date | None) -> dict:
    """For each sentence, the last explicit recent date stated before it in the article.

    A story's sentences without a date of their own usually continue the last one given
    ("visited the city from Sept. 23-27 ... While his meeting with ..."). Only dates in the
    month before publication carry over; older ones are background.
    """
    anchors: dict[int, object] = {}
    current = None
    for span in sentences:
        anchors[span.sequence] = current
        when = resolve_date(span.text, pub)
        if when.source == "sentence" and when.date and pub and 0 <= (pub - when.date).days <= 31:
            current = when
    return anchors


def _event_id(doc_id: str, event: Event) -> str:
    digest = hashlib.sha1(f"{doc_id}|{event.sequence}|{event.evidence.trigger_start}|{event.event}".encode()).hexdigest()
    return digest[:16]


def code_text(text: str, date: date | None = None, *, all_modalities: bool = False, dictionary=None,
              model: str = nlp.DEFAULT_MODEL, doc_id: str = "text") -> list[Event]:
    """Code one article's text; ``date`` is its publication date."""
    coder = _coder(Options(model=model, all_modalities=all_modalities, dictionary=dictionary))
    return coder.code_article(Article(doc_id=doc_id, text=text, date=date, origin=doc_id))


def code_articles(articles: Iterable[Article], *, all_modalities: bool = False, dictionary=None,
                  model: str = nlp.DEFAULT_MODEL) -> Iterator[Event]:
    """Stream events from a stream of articles."""
    coder = _coder(Options(model=model, all_modalities=all_modalities, dictionary=dictionary))
    yield from coder.code_articles(articles)


def _coder(options: Options) -> Coder:
    if options.dictionary is not None:
        return Coder(options)
    return _cached_coder(options)


from functools import lru_cache  # noqa: E402


@lru_cache(maxsize=4)
def _cached_coder(options: Options) -> Coder:
    return Coder(options)
