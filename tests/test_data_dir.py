"""A trigger word is added in data alone: a copied data directory with one more row codes it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dotterel.errors import DataFileError
from dotterel.events import load_event_lexicon
from dotterel.pipeline import Coder, Options
from dotterel.records import Article
from dotterel.resources import copy_packaged_data


def copied_data(tmp_path: Path) -> Path:
    return copy_packaged_data(tmp_path / "data")


def append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def events_of(text: str, data_dir: Path | None) -> list[tuple[str, str, list, list]]:
    coder = Coder(Options(data_dir=data_dir, all_modalities=True))
    return [(e.event, e.evidence.trigger, [a.code for a in e.actor], [r.code for r in e.recipient])
            for e in coder.code_article(Article(doc_id="t", text=text, date=date(2024, 3, 14)))]


@pytest.mark.model
def test_a_trigger_row_added_to_a_copied_data_dir_is_coded_with_no_python_edit(tmp_path):
    text = "France upbraided Italy over the migrant ship on Monday."
    assert not any(trigger == "upbraided" for _, trigger, _, _ in events_of(text, None))
    data = copied_data(tmp_path)
    append(data / "triggers.tsv", "upbraid\tV\t\tACCUSE\tdisapprove\tdobj\t\t0.7")
    assert ("ACCUSE", "upbraided", ["FRA"], ["ITA"]) in events_of(text, data)


@pytest.mark.model
def test_a_trigger_row_can_name_a_word_class_of_the_copied_data(tmp_path):
    data = copied_data(tmp_path)
    append(data / "word_classes.tsv", "envoy_word\tenvoy ambassador")
    append(data / "triggers.tsv", "harangue\tV\t&envoy_word\tACCUSE\tdisapprove\tdobj\t\t0.7")
    coded = events_of("Germany harangued the Polish ambassador over the border crossings.", data)
    assert [(e, t) for e, t, _, _ in coded] == [("ACCUSE", "harangued")] and coded[0][2] == ["DEU"]
    assert events_of("Germany harangued Poland over the border crossings.", data) == []  # not an envoy


def test_an_unknown_word_class_in_a_trigger_row_names_the_line(tmp_path):
    data = copied_data(tmp_path)
    append(data / "triggers.tsv", "harangue\tV\t&envoy_wrd\tACCUSE\tdisapprove\tdobj\t\t0.7")
    lines = (data / "triggers.tsv").read_text(encoding="utf-8").splitlines()
    with pytest.raises(DataFileError) as info:
        load_event_lexicon(data)
    assert info.value.origin == f"{data / 'triggers.tsv'}:{len(lines)}" and "&envoy_wrd" in info.value.reason
