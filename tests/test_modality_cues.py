"""The subordinators the modality rules test come from modality.tsv (kinds mark, condition,
question), not from Python: on parses built by hand (no trained model), a row added to or
removed from a copied data dir changes what the rules see; a kind the code does not read is a
file:line error on load."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dotterel.errors import DataFileError
from dotterel.events import load_event_lexicon
from dotterel.events.modality import CUE_KINDS, conditional_consequence, in_conditional, is_question
from dotterel.resources import copy_packaged_data
from test_rules_by_hand import parse


@pytest.fixture(scope="module")
def lex():
    return load_event_lexicon()


def without(lex, *cues: tuple[str, str]):
    return replace(lex, modality_cues={k: v for k, v in lex.modality_cues.items() if k not in cues})


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


def test_a_condition_row_makes_the_consequence_conditional(lex):
    doc = retaliation("if")
    assert in_conditional(doc[2], lex) and conditional_consequence(doc[2], lex)
    assert in_conditional(doc[6], lex)  # the condition itself: a 'mark' row
    assert not conditional_consequence(doc[6], lex)
    bare = without(lex, ("if", "condition"))
    assert not in_conditional(doc[2], bare) and not conditional_consequence(doc[2], bare)
    assert in_conditional(doc[6], bare)
    assert not in_conditional(doc[6], without(lex, ("if", "mark")))


def test_a_subordinator_that_is_no_cue_conditions_nothing(lex):
    doc = retaliation("because")
    assert not in_conditional(doc[2], lex) and not in_conditional(doc[6], lex)


def test_question_rows_make_an_indirect_question(lex):
    assert is_question(question("whether")[5], lex)
    assert is_question(question("if")[5], lex)
    assert not is_question(question("that")[5], lex)
    assert not is_question(question("whether")[5], without(lex, ("whether", "question")))


def test_a_mark_row_added_to_a_copied_data_dir_is_used_with_no_python_edit(lex, tmp_path):
    assert not in_conditional(retaliation("once")[6], lex)
    data = copy_packaged_data(tmp_path / "data")  # (lexicons are cached by directory: load it once, edited)
    with (data / "modality.tsv").open("a", encoding="utf-8") as f:
        f.write("once\tmark\thypothetical\n")
    edited = load_event_lexicon(data)
    assert in_conditional(retaliation("once")[6], edited)
    assert not in_conditional(retaliation("once")[2], edited)  # 'once' is no condition row


@pytest.mark.parametrize("kind", ["phrase", "marker"])
def test_a_cue_of_a_kind_the_code_does_not_read_is_a_file_line_error(tmp_path, kind):
    assert kind not in CUE_KINDS
    data = copy_packaged_data(tmp_path / "data")
    lines = (data / "modality.tsv").read_text(encoding="utf-8").splitlines()
    (data / "modality.tsv").write_text("\n".join(lines + [f"yet to\t{kind}\tnegated"]) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_event_lexicon(data)
    assert caught.value.origin == f"{data / 'modality.tsv'}:{len(lines) + 1}"
    assert f"bad kind '{kind}'" in caught.value.reason
