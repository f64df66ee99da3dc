"""False alarms on ordinary news and recall where a political actor acts, on the snippets of
tests/fixtures/precision/snippets.tsv (written for dotterel; dev/snippet_eval.py prints the detail)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dotterel.evaluate import predict

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dev"))

from snippet_eval import MODEL, read_snippets, score  # noqa: E402


@pytest.fixture(scope="module")
def report():
    snippets = read_snippets()
    return score(snippets, predict(snippets, MODEL, all_modalities=False))


def test_the_fixture_holds_negatives_of_every_kind_and_positives():
    snippets = read_snippets()
    topics = {s.topic for s in snippets if not s.wanted}
    assert {"disaster", "accident", "disease", "weather", "crime", "sports", "business", "comment"} <= topics
    assert sum(1 for s in snippets if s.wanted) >= 30 and sum(1 for s in snippets if not s.wanted) >= 150


@pytest.mark.model
def test_disasters_accidents_disease_and_weather_rarely_give_an_event(report):
    hazards = ("disaster", "accident", "disease", "weather")
    alarms = sum(report["alarms"][t] for t in hazards)
    assert alarms / sum(report["negatives"][t] for t in hazards) <= 0.05


@pytest.mark.model
def test_ordinary_news_false_alarms_stay_low_and_political_acts_are_found(report):
    assert report["false_alarm_rate"] <= 0.08
    assert report["recall"] >= 0.8
