"""The pipeline: ingest -> clean -> nlp -> actors -> events -> place & time -> assemble -> dedup.

``Coder`` holds what is loaded once (spaCy pipeline, lexicons, gazetteer) and codes
articles in batches: the candidate sentences of a batch of articles are parsed together
through ``nlp.pipe``, then each article is coded in order.  Memory is bounded by the
batch size, never by the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from itertools import islice
from pathlib import Path
from typing import NamedTuple
import logging

from . import errors, nlp
from .actors import (ActorResolver, ArticleContext, article_words, country_aliases, is_pronoun, load_actor_lexicon,
                     seat_aliases, speaker_subject)
from .assemble import build_event, narrative_dates
from .clean import clean_article
from .dedup import dedup_events
from .events import SentenceCoder, build_events, load_event_lexicon
from .events.model import ModelOpinions
from .guards import load_guards
from .place import PlaceResolver, dateline_place, where_it_happened
from .records import Article, CleanArticle, Event, Place
from .resources import data_dir_scope, data_path
from .selection import choose_sentences, entity_windows

log = logging.getLogger(__name__)
DEFAULT_MODALITIES = frozenset({"asserted", "future", "historical"})


class ArticleStart(NamedTuple):
    """What is known of an article before its first sentence is coded (``Coder._article_start``)."""

    resolver: ActorResolver  # with the countries and titled names of the whole text counted
    words: list[str]
    dateline: Place | None  # the dateline's place


@dataclass(frozen=True)
class Options:
    model: str = nlp.DEFAULT_MODEL
    all_modalities: bool = False
    batch_articles: int = 16
    dictionary: object | None = None  # dotterel.actors.ActorDictionary
    data_dir: Path | None = None  # a copy of dotterel/data (copy_packaged_data) whose files are used instead
    second_opinion: bool = False  # the learned classifier fills in and arbitrates (events/model.py); --second-opinion


class Coder:
    def __init__(self, options: Options | None = None):
        self.options = options or Options()
        nlp.check_model(self.options.model)
        data_dir = self.options.data_dir
        with data_dir_scope(data_dir):
            self.event_lex = load_event_lexicon(data_dir)
            self.guards = load_guards(data_path("hazards.tsv", data_dir))
            self.actor_lex = load_actor_lexicon(data_dir)
            # a reporting verb needs nothing else: it may name a speaker, whom the article context
            # then remembers ('he' later on)
            self.filter = nlp.TriggerFilter(self.event_lex.trigger_requirements()
                                            + [(verb, ()) for verb in self.event_lex.report_verbs])
            self.places = PlaceResolver(aliases=seat_aliases(self.actor_lex), countries=country_aliases(self.actor_lex))
            self.second = ModelOpinions.load() if self.options.second_opinion else None

    def wants_parse(self, text: str) -> bool:
        """Whether a sentence is parsed: it holds a trigger word form with the words its rule
        needs, or a reporting verb (its speaker is remembered), or the second opinion (when on)
        would fill in an event there."""
        return self.filter(text) or (self.second is not None and self.second.wants_parse(text))

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
        # the data directory is active while a batch is coded, never across a yield
        with data_dir_scope(self.options.data_dir):
            coded = self._coded_batch(batch)
        yield from coded

    def _coded_batch(self, batch: list[Article]) -> list[tuple[Article, list[Event]]]:
        """Each article of the batch with its events: the batch parsed in one go, then coded."""
        prepared = []
        texts: list[str] = []
        splitter = nlp.pipeline(self.options.model).splitter
        for article in batch:
            cleaned = clean_article(article)
            sentences = nlp.split_sentences(cleaned.text, splitter)
            chosen = choose_sentences(sentences, self.wants_parse)
            prepared.append((cleaned, sentences, chosen, self._article_start(cleaned)))
            texts.extend(s.text for s in chosen)
        all_docs = list(nlp.parse(texts, self.options.model, entities=False))
        docs = iter(all_docs)
        labelled, windows = [], []
        for _cleaned, _sentences, chosen, start in prepared:
            names_country = start.resolver.ctx.dominant_country() is not None
            for _span in chosen:
                doc = next(docs)
                found = self._entity_windows(doc)
                if found is None or found:
                    labelled.append(doc)
                    # with no country in the article, a speaker may take one from anywhere in its sentence
                    windows.append(found if names_country else None)
        nlp.add_entities(labelled, self.options.model, windows=windows)
        docs = iter(all_docs)
        coded = []
        for cleaned, sentences, chosen, start in prepared:
            parsed = [(s, next(docs)) for s in chosen]
            coded.append((cleaned.article, self._code_parsed(cleaned, sentences, parsed, start)))
        return coded

    def _entity_windows(self, doc) -> list[tuple[int, int]] | None:
        """Where NER runs (``selection.entity_windows``): where the rules read labels, and the whole
        sentence where the second opinion (when on) may fill in an event, whose actors it reads (the
        sentences it flags)."""
        if self.second is not None and self.second.flags(doc.text) is not None:
            return None
        return entity_windows(doc, self.event_lex, self._labelled_speaker)

    def _labelled_speaker(self, doc):
        """This sentence's speaker if resolving it reads entity labels (it does unless a pronoun)."""
        subject = speaker_subject(doc, self.event_lex.report_verbs)
        return subject if subject is not None and not is_pronoun(subject, self.actor_lex) else None

    def _article_start(self, cleaned: CleanArticle) -> ArticleStart:
        """What is known of an article before its first sentence is coded: its resolver with the
        countries and titled names of the whole text, its words and its dateline place."""
        ctx = ArticleContext(pub_date=cleaned.article.date)
        resolver = ActorResolver(self.actor_lex, ctx, self.options.dictionary, self.places)
        words = article_words(cleaned.text)
        resolver.count_countries(words)
        resolver.scan_titled_names(words)
        dateline = dateline_place(cleaned.dateline.place if cleaned.dateline else None, self.places)
        if dateline is not None:
            ctx.default_country = dateline.country_code
        return ArticleStart(resolver, words, dateline)

    # ------------------------------------------------------------------ one article
    def _code_parsed(self, cleaned: CleanArticle, sentences, parsed, start: ArticleStart) -> list[Event]:
        article = cleaned.article
        pub = article.date  # a dateline's month-day without a year cannot stand for the publication date
        resolver, words, dateline = start
        ctx = resolver.ctx
        coder = SentenceCoder(self.event_lex, resolver)
        cite = {"title": article.title, "url": article.url, "source": article.source}
        events: list[Event] = []
        dropped: list[str] = []
        narrative = narrative_dates(sentences, pub, dropped)
        for span, doc in parsed:
            ctx.sentence = span.sequence
            speaker = resolver.speaker(doc, self.event_lex.report_verbs)
            built = build_events(doc, coder, article.doc_id, span.sequence, speaker)
            if self.second is not None:
                built = self.second.review(built, doc, coder, speaker)
            for coded, token in self.guards.keep(built):  # not disasters, accidents, ordinary crime
                place = where_it_happened(coded, doc, token, self.places, ctx.leading_countries(3), words, dateline,
                                          self.actor_lex.adjective_code, offset=span.start)
                event = build_event(coded, doc_id=article.doc_id, sentence=span, pub=pub,
                                    narrative=narrative.get(span.sequence), place=place, cite=dict(cite),
                                    lex=self.event_lex, dropped=dropped)
                if self.options.all_modalities or event.modality in DEFAULT_MODALITIES:
                    events.append(event)
        for text in dict.fromkeys(dropped):  # each once, read as past or as to come
            log.warning(f"{article.origin or article.doc_id}: " + errors.W004.format(text=text, pub=pub))
        return dedup_events(events)


def code_text(text: str, date: date | None = None, *, all_modalities: bool = False, dictionary=None,
              model: str = nlp.DEFAULT_MODEL, doc_id: str = "text", second_opinion: bool = Options.second_opinion) -> list[Event]:
    """Code one article's text; ``date`` is its publication date."""
    coder = _coder(Options(model=model, all_modalities=all_modalities, dictionary=dictionary, second_opinion=second_opinion))
    return coder.code_article(Article(doc_id=doc_id, text=text, date=date, origin=doc_id))


def code_articles(articles: Iterable[Article], *, all_modalities: bool = False, dictionary=None,
                  model: str = nlp.DEFAULT_MODEL, second_opinion: bool = Options.second_opinion) -> Iterator[Event]:
    """Stream events from a stream of articles."""
    coder = _coder(Options(model=model, all_modalities=all_modalities, dictionary=dictionary, second_opinion=second_opinion))
    yield from coder.code_articles(articles)


def _coder(options: Options) -> Coder:
    if options.dictionary is not None:
        return Coder(options)
    return _cached_coder(options)


@lru_cache(maxsize=4)
def _cached_coder(options: Options) -> Coder:
    return Coder(options)
