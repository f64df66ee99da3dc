"""Modality cues: the subordinators the conditional and question rules test are the word classes
condition_mark and question_mark (word_classes.tsv), checked on parses built by hand (no trained
model); modality.tsv holds the other cues, and a row of a kind the code does not read (the former
'mark' and 'phrase' kinds, which duplicated those classes or were never read) is a file:line
error on load."""

from __future__ import annotations

import pytest

from dotterel.errors import DataFileError
from dotterel.events import load_event_lexicon
from dotterel.events.modality import CUE_KINDS, conditional_consequence, in_conditional
from dotterel.events.tree import is_question
from dotterel.resources import copy_packaged_data
from test_rules_by_hand import parse


@pytest.fixture(scope="module")
def lex():
    return load_event_lexicon()


def retaliation(conjunction: str):
    # Iran will attack Israel <conjunction> Israel strikes .
    return parse(("Iran", "Iran", "PROPN", "NNP", "nsubj", 2, "GPE"),
                 ("will", "will", "AUX", "MD", "aux", 2, ""),
                 ("attack", "attack", "VERB", "VB", "ROOT", 2, ""),
                 ("Israel", "Israel", "PROPN", "NNP", "dobj", 2, "GPE"),
                 (conjunction, conjunction, "SCONJ", "IN", "mark", 6, ""),
                 ("Israel", "Israel", "PROPN", "NNP", "nsubj", 6, "GPE"),
                 ("strikes", "strike", "VERB", "VBZ", "advcl", 2, ""),
                 (".", ".", "PUNCT", ".", "punct", 2, ""))


def question(conjunction: str):
    # Reporters asked <conjunction> Russia would withdraw .
    return parse(("Reporters", "reporter", "NOUN", "NNS", "nsubj", 1, ""),
                 ("asked", "ask", "VERB", "VBD", "ROOT", 1, ""),
                 (conjunction, conjunction, "SCONJ", "IN", "mark", 5, ""),
                 ("Russia", "Russia", "PROPN", "NNP", "nsubj", 5, "GPE"),
                 ("would", "would", "AUX", "MD", "aux", 5, ""),
                 ("withdraw", "withdraw", "VERB", "VB", "ccomp", 1, ""),
                 (".", ".", "PUNCT", ".", "punct", 1, ""))


def test_a_condition_mark_makes_the_consequence_conditional(lex):
    doc = retaliation("if")
    assert in_conditional(doc[2]) and conditional_consequence(doc[2], lex)
    assert in_conditional(doc[6])  # the condition itself
    assert not conditional_consequence(doc[6], lex)


def test_a_subordinator_of_no_class_conditions_nothing(lex):
    doc = retaliation("because")
    assert not in_conditional(doc[2]) and not in_conditional(doc[6])
    assert not conditional_consequence(doc[2], lex)


def test_question_marks_make_an_indirect_question():
    assert is_question(question("whether")[5])
    assert is_question(question("if")[5])
    assert not is_question(question("that")[5])


@pytest.mark.parametrize("kind", ["mark", "phrase", "condition"])
def test_a_cue_of_a_kind_the_code_does_not_read_is_a_file_line_error(tmp_path, kind):
    assert kind not in CUE_KINDS
    data = copy_packaged_data(tmp_path / "data")
    lines = (data / "modality.tsv").read_text(encoding="utf-8").splitlines()
    (data / "modality.tsv").write_text("\n".join(lines + [f"if\t{kind}\thypothetical"]) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_event_lexicon(data)
    assert caught.value.origin == f"{data / 'modality.tsv'}:{len(lines) + 1}"
    assert f"bad kind '{kind}'" in caught.value.reason
