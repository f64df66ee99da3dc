"""Words are added in data alone: a copied data directory with one more row changes what is coded
(a trigger word, an actor, a time word, a hazard, a word class the rules test), with no Python edit."""

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


def fails_on_the_appended_row(tmp_path: Path, name: str, row: str, load, reason: str) -> None:
    """A copied data dir with ``row`` appended to file ``name`` fails to ``load``, naming that line."""
    data = copied_data(tmp_path)
    append(data / name, row)
    lines = (data / name).read_text(encoding="utf-8").splitlines()
    with pytest.raises(DataFileError) as info:
        load(data)
    assert info.value.origin == f"{data / name}:{len(lines)}" and reason in info.value.reason


def coded(text: str, data_dir: Path | None):
    coder = Coder(Options(data_dir=data_dir, all_modalities=True))
    return coder.code_article(Article(doc_id="t", text=text, date=date(2024, 3, 14)))


def events_of(text: str, data_dir: Path | None) -> list[tuple[str, str, list, list]]:
    return [(e.event, e.evidence.trigger, [a.code for a in e.actor], [r.code for r in e.recipient])
            for e in coded(text, data_dir)]


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
    fails_on_the_appended_row(tmp_path, "triggers.tsv", "harangue\tV\t&envoy_wrd\tACCUSE\tdisapprove\tdobj\t\t0.7",
                              load_event_lexicon, "&envoy_wrd")


@pytest.mark.model
def test_an_actor_row_added_to_a_copied_data_dir_codes_the_actor(tmp_path):
    text = "The Quorvan Liberation Front attacked an army base in Mali."
    before = coded(text, None)
    assert not any(a.code == "QLF" for e in before for a in e.actor)
    data = copied_data(tmp_path)
    append(data / "organizations.tsv", "Quorvan Liberation Front\tQLF\tREB\tQuorvan Liberation Front\tarmed")
    after = coded(text, data)
    assert [(e.event, [(a.code, a.sector) for a in e.actor]) for e in after if e.event == "ASSAULT"] == [
        ("ASSAULT", [("QLF", "REB")])]


@pytest.mark.model
def test_a_time_word_added_to_a_copied_data_dir_dates_the_event(tmp_path):
    text = "France accused Italy of blocking the migrant ship the other day."
    assert {(e.date, e.date_source) for e in coded(text, None)} == {(date(2024, 3, 14), "publication")}
    data = copied_data(tmp_path)
    append(data / "time_words.tsv", "the other day\trelative\t-2")
    assert {(e.date, e.date_source) for e in coded(text, data)} == {(date(2024, 3, 12), "sentence")}


@pytest.mark.model
def test_a_hazard_added_to_a_copied_data_dir_is_never_a_political_actor(tmp_path):
    text = "Twelve Sudanese soldiers were killed in a haboob near Omdurman."  # where a passive happened
    assert any(e.event == "ASSAULT" for e in coded(text, copied_data(tmp_path / "as_shipped")))
    data = copied_data(tmp_path)  # a data directory is read once per run: a fresh copy to edit
    append(data / "hazards.tsv", "haboob\thazard")
    assert not any(e.event == "ASSAULT" for e in coded(text, data))


@pytest.mark.model
def test_a_rule_word_class_of_the_copied_data_dir_is_the_one_the_rules_read(tmp_path):
    # 'we' in a quote is the speaker; with 'we' no longer a first-person pronoun, 'We' names itself
    text = '"We will not allow this," Turkish President Recep Tayyip Erdogan said of the offensive.'
    data = copied_data(tmp_path)
    lines = (data / "word_classes.tsv").read_text(encoding="utf-8").splitlines()
    assert "first_person_pronoun\ti we" in lines
    (data / "word_classes.tsv").write_text("\n".join(
        "first_person_pronoun\ti" if line == "first_person_pronoun\ti we" else line for line in lines) + "\n",
        encoding="utf-8")
    from dotterel.vocabulary import load_vocabulary, vocab
    from dotterel.resources import data_dir_scope

    with data_dir_scope(data):
        assert vocab() is load_vocabulary(data) and "we" not in vocab().first_person_pronoun
    assert "we" in vocab().first_person_pronoun  # outside the coder's scope: the packaged classes


def test_every_data_file_the_coder_reads_is_read_from_the_data_dir(tmp_path, monkeypatch):
    """Each packaged TSV the coder loads is read from the data dir when one is given: a copy with
    a broken header in that one file fails to load, naming the copy."""
    from dotterel import resources

    coder_files = ["triggers.tsv", "word_classes.tsv", "countries.tsv", "organizations.tsv", "people.tsv",
                   "sectors.tsv", "hazards.tsv", "irregular.tsv", "time_words.tsv", "modality.tsv", "wrappers.tsv",
                   "sector_codes.tsv"]
    monkeypatch.setattr("dotterel.nlp.check_model", lambda name: None)
    for name in coder_files:
        data = copy_packaged_data(tmp_path / name)
        (data / name).write_text("broken\theader\n", encoding="utf-8")
        with pytest.raises(DataFileError) as info:
            Coder(Options(data_dir=data)).code_article(Article(doc_id="t", text="Nothing at all.", date=date(2024, 3, 14)))
        assert info.value.origin.startswith(str(data / name)), name
    assert resources.active_data_dir() is None


@pytest.mark.parametrize("row, reason", [
    ("fortnight ago\trelativ\t-14", "unknown time word class 'relativ'"),
    ("fortnight ago\trelative\tsoon", "bad value 'soon' for relative"),
    ("Smarch\tmonth\t13", "bad value '13' for month"),
    ("yesterday\trelative\t-1", "'yesterday' is already a relative"),
    ("Funday\tweekday\t2", "weekday words are lower case"),
    ("amid\tdate_prep\tcentury", "bad value 'century' for date_prep"),
])
def test_a_bad_time_word_row_names_its_file_and_line(tmp_path, row, reason):
    from dotterel.when import load_time_words

    fails_on_the_appended_row(tmp_path, "time_words.tsv", row, load_time_words, reason)


def replace_line(path: Path, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert old in lines, f"{old!r} not in {path.name}"
    path.write_text("\n".join(new if line == old else line for line in lines) + "\n", encoding="utf-8")


@pytest.mark.model
def test_a_sector_role_of_the_copied_data_dir_decides_what_is_crime(tmp_path):
    text = "A gang of robbers attacked a bank in Lagos on Monday."
    assert events_of(text, copied_data(tmp_path / "as_shipped")) == []  # criminals robbing a bank: crime
    data = copied_data(tmp_path)
    replace_line(data / "sector_codes.tsv", "CRM\tprivate criminal\tcriminals", "CRM\tprivate\tcriminals")
    assert [(e, actor) for e, _, actor, _ in events_of(text, data)] == [("ASSAULT", ["NGA"])]


@pytest.mark.model
def test_a_sector_role_of_the_copied_data_dir_decides_who_visits(tmp_path):
    text = "Journalists visited Kabul on Tuesday."
    assert events_of(text, copied_data(tmp_path / "as_shipped")) == []  # journalists travel
    data = copied_data(tmp_path)
    replace_line(data / "sector_codes.tsv", "JRN\tprivate\tjournalists", "JRN\tprivate visitor\tjournalists")
    assert [(e, actor) for e, _, actor, _ in events_of(text, data)] == [("CONSULT", ["AFG"])]


def test_a_sector_code_added_to_the_copied_data_dir_may_be_used_by_the_lexicons(tmp_path):
    from dotterel.actors import load_actor_lexicon

    fails_on_the_appended_row(tmp_path / "unknown", "sectors.tsv", "lifeguard\tSEA\tgroup", load_actor_lexicon, "SEA")
    data = copied_data(tmp_path / "known")
    append(data / "sectors.tsv", "lifeguard\tSEA\tgroup")
    append(data / "sector_codes.tsv", "SEA\tprivate\tsea rescue")
    assert load_actor_lexicon(data).sectors[("lifeguard",)] == "SEA"


@pytest.mark.parametrize("row, reason", [
    ("GOV\tpolitical\tgovernment again", "bad or repeated sector code 'GOV'"),
    ("Sea\t\tsea rescue", "bad or repeated sector code 'Sea'"),
    ("SEA\tprivate seaborne\tsea rescue", "unknown sector role 'seaborne'"),
])
def test_a_bad_sector_code_row_names_its_file_and_line(tmp_path, row, reason):
    from dotterel.sectors import load_sector_codes

    fails_on_the_appended_row(tmp_path, "sector_codes.tsv", row, load_sector_codes, reason)
