"""A deterministic synthetic corpus of coded articles, for store tests and benchmarks.

Each article has a text of random words (so that near-duplicate detection has real work to
do) and coded events drawn from a fixed set of countries, categories and dates.  A share of
the articles are exact copies or lightly edited copies (wire reprints) of earlier ones, with
the same events, so deduplication and merging are exercised as in news.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from datetime import date, timedelta

from ..records import Article, Entity, Event, Evidence, Place

COUNTRIES = ("USA", "CHN", "RUS", "GBR", "FRA", "DEU", "IND", "IRN", "ISR", "PSE", "UKR", "TUR", "EGY", "KEN", "NGA",
             "BRA", "MEX", "JPN", "KOR", "PRK", "PAK", "AFG", "SYR", "IRQ", "SAU", "ZAF", "ETH", "SDN", "VEN", "COL")
CITIES = {"USA": ("Washington", 38.9, -77.04), "CHN": ("Beijing", 39.91, 116.4), "RUS": ("Moscow", 55.75, 37.62),
          "GBR": ("London", 51.51, -0.13), "FRA": ("Paris", 48.85, 2.35), "UKR": ("Kyiv", 50.45, 30.52),
          "ISR": ("Jerusalem", 31.77, 35.22), "KEN": ("Nairobi", -1.28, 36.82), "IND": ("New Delhi", 28.61, 77.21),
          "BRA": ("Brasilia", -15.78, -47.93)}
CATEGORIES = (("CONSULT", 1, "040", None), ("AGREE", 1, "030", None), ("SUPPORT", 1, "051", None),
              ("COOPERATE", 2, "060", None), ("AID", 2, "070", None), ("REQUEST", 3, "100", None),
              ("ACCUSE", 3, "112", None), ("THREATEN", 3, "130", None), ("PROTEST", 4, "141", "demo"),
              ("SANCTION", 4, "160", None), ("COERCE", 4, "170", "arrest"), ("ASSAULT", 4, "190", "firearms"))
_WORDS = ("minister", "talks", "border", "trade", "security", "officials", "said", "capital", "forces", "agreement",
          "government", "president", "meeting", "week", "crisis", "council", "vote", "troops", "aid", "statement",
          "election", "economy", "sanctions", "energy", "protesters", "police", "report", "summit", "envoy", "deal")


def _text(rng: random.Random, words: int) -> str:
    sentences = []
    for _ in range(max(1, words // 12)):
        sentences.append(" ".join(rng.choice(_WORDS) for _ in range(12)).capitalize() + f" {rng.randrange(10**6)}.")
    return " ".join(sentences)


def _event(rng: random.Random, doc_id: str, sequence: int, day: date) -> Event:
    name, quad, cameo, mode = rng.choice(CATEGORIES)
    actor = rng.choice(COUNTRIES[:12] if rng.random() < 0.7 else COUNTRIES)
    recipient = rng.choice(COUNTRIES[:12] if rng.random() < 0.7 else COUNTRIES)
    place = None
    if rng.random() < 0.7:
        where = rng.choice((actor, recipient))
        city, lat, lon = CITIES.get(where, (where, None, None))
        if lat is not None:
            place = Place(city, city, zlib.crc32(city.encode()) % 10**7, lat, lon, where, None, "P", "PPLC", 4)
        else:
            place = Place(where, where, None, None, None, where, None, "A", "PCLI", 1)
    text = f"{actor} {name.lower()} {recipient} sentence {sequence}."
    return Event(doc_id=doc_id, event=name, actor=[Entity(actor, actor, actor, "GOV", None, "lexicon")],
                 recipient=[Entity(recipient, recipient, recipient, None, None, "lexicon")], text=text,
                 sequence=sequence, start=sequence * 100, end=sequence * 100 + len(text),
                 evidence=Evidence(name.lower(), sequence * 100 + 4, sequence * 100 + 9, "synthetic:1"), mode=mode,
                 cameo=cameo, quad_code=quad, confidence=round(rng.uniform(0.5, 0.95), 3), date=day,
                 date_source="sentence", event_loc=place, id=f"{doc_id}-{sequence}")


def corpus(n_events: int, seed: int = 13, events_per_article: int = 5, start: date = date(2022, 1, 1),
           days: int = 730, copy_share: float = 0.05, words: int = 120) -> Iterator[tuple[Article, list[Event]]]:
    """About ``n_events`` coded events in articles of ``events_per_article``; ``copy_share`` of
    the articles are wire copies (half exact, half edited) of a recent article."""
    rng = random.Random(seed)
    made = 0
    recent: list[tuple[Article, list[Event]]] = []
    index = 0
    while made < n_events:
        index += 1
        doc_id = f"syn-{index:07d}"
        if recent and rng.random() < copy_share:
            original, events = rng.choice(recent)
            text = original.text if rng.random() < 0.5 else original.text + " Reporting by a second outlet."
            article = Article(doc_id, text, title=original.title, date=original.date, source=f"outlet-{rng.randrange(40)}",
                              origin=f"synthetic:{index}")
            copied = [Event(**{**e.__dict__, "doc_id": doc_id, "id": f"{doc_id}-{e.sequence}"}) for e in events]
            yield article, copied
            made += len(copied)
            continue
        day = start + timedelta(days=rng.randrange(days))
        article = Article(doc_id, _text(rng, words), title=f"Story {index}", date=day + timedelta(days=1),
                          source=f"outlet-{rng.randrange(40)}", url=f"https://outlet.example/{index}",
                          origin=f"synthetic:{index}")
        events = [_event(rng, doc_id, seq, day - timedelta(days=rng.randrange(2))) for seq in range(events_per_article)]
        recent.append((article, events))
        recent = recent[-50:]
        yield article, events
        made += len(events)
