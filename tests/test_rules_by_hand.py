"""The rules on parses built by hand (spacy.tokens.Doc with words, heads, deps, pos, lemmas):
no trained model, so the fast suite covers triggers, modality, frames and roles."""

from __future__ import annotations

from functools import lru_cache

import pytest

import spacy
from spacy.tokens import Doc

from dotterel.events import clause_modality, find_candidates, load_event_lexicon, match_trigger
from dotterel.events.frames import governor, role_frames
from dotterel.events.roles import passive_recipient, recipient_at, subjects
from dotterel.records import Entity


@lru_cache(maxsize=1)
def english_vocab():
    return spacy.blank("en").vocab  # English lexical attributes (lower case), no trained pipeline


def parse(*rows: tuple) -> object:
    """rows: (word, lemma, pos, tag, dep, head index, entity type or '')."""
    words, lemmas, pos, tags, deps, heads, ents = zip(*rows)
    iob = [f"B-{e}" if e and (i == 0 or ents[i - 1] != e) else (f"I-{e}" if e else "O") for i, e in enumerate(ents)]
    return Doc(english_vocab(), words=list(words), lemmas=list(lemmas), pos=list(pos), tags=list(tags),
               deps=list(deps), heads=list(heads), ents=iob)


@pytest.fixture(scope="module")
def lex():
    return load_event_lexicon()


def threat_sentence():
    # Iran threatened to impose sanctions on Israel .
    return parse(("Iran", "Iran", "PROPN", "NNP", "nsubj", 1, "GPE"),
                 ("threatened", "threaten", "VERB", "VBD", "ROOT", 1, ""),
                 ("to", "to", "PART", "TO", "aux", 3, ""),
                 ("impose", "impose", "VERB", "VB", "xcomp", 1, ""),
                 ("sanctions", "sanction", "NOUN", "NNS", "dobj", 3, ""),
                 ("on", "on", "ADP", "IN", "prep", 3, ""),
                 ("Israel", "Israel", "PROPN", "NNP", "pobj", 5, "GPE"),
                 (".", ".", "PUNCT", ".", "punct", 1, ""))


def test_a_framing_trigger_combines_with_its_complement(lex):
    doc = threat_sentence()
    assert match_trigger(doc[3], lex).event == "COERCE"  # imposing sanctions: CAMEO 163 -> COERCE
    assert governor(doc[3]).i == 1
    [cand] = find_candidates(doc[:], lex)
    assert (cand.event, cand.frame, cand.token.i, cand.inner.i, cand.modality) == ("THREATEN", "threat", 1, 3, "asserted")
    assert [t.text for t in subjects(cand.subject_token)] == ["Iran"]
    assert [t.text for t in recipient_at(cand.inner, "on", lex)] == ["Israel"]


def modal_sentence(aux: str, aux_lemma: str, neg: bool):
    # Russia <aux> (not) attack Ukraine .
    rows = [("Russia", "Russia", "PROPN", "NNP", "nsubj", 2 + neg, "GPE"),
            (aux, aux_lemma, "AUX", "MD", "aux", 2 + neg, "")]
    if neg:
        rows.append(("not", "not", "PART", "RB", "neg", 3, ""))
    rows += [("attack", "attack", "VERB", "VB", "ROOT", 2 + neg, ""),
             ("Ukraine", "Ukraine", "PROPN", "NNP", "dobj", 2 + neg, "GPE"),
             (".", ".", "PUNCT", ".", "punct", 2 + neg, "")]
    return parse(*rows)


@pytest.mark.parametrize("aux, lemma, neg, expected", [
    ("will", "will", False, "future"), ("could", "could", False, "hypothetical"),
    ("will", "will", True, "negated"), ("did", "do", True, "negated"),
])
def test_modality_of_the_trigger_clause(lex, aux, lemma, neg, expected):
    doc = modal_sentence(aux, lemma, neg)
    trigger = doc[2 + neg]
    assert match_trigger(trigger, lex).event == "ASSAULT"
    assert clause_modality(trigger, lex) == expected


def test_a_passive_trigger_takes_its_agent_as_actor_and_its_subject_as_recipient(lex):
    # The protesters were arrested by police .
    doc = parse(("The", "the", "DET", "DT", "det", 1, ""),
                ("protesters", "protester", "NOUN", "NNS", "nsubjpass", 3, ""),
                ("were", "be", "AUX", "VBD", "auxpass", 3, ""),
                ("arrested", "arrest", "VERB", "VBN", "ROOT", 3, ""),
                ("by", "by", "ADP", "IN", "agent", 3, ""),
                ("police", "police", "NOUN", "NNS", "pobj", 4, ""),
                (".", ".", "PUNCT", ".", "punct", 3, ""))
    trigger = doc[3]
    assert match_trigger(trigger, lex).event == "COERCE"
    assert [t.text for t in passive_recipient(trigger)] == ["protesters"]
    assert [t.text for t in subjects(trigger)] == ["police"]


def test_a_participle_used_as_an_adjective_is_no_trigger(lex):
    # detained traders
    doc = parse(("detained", "detain", "VERB", "VBN", "amod", 1, ""), ("traders", "trader", "NOUN", "NNS", "ROOT", 1, ""))
    assert match_trigger(doc[0], lex) is None


def entity(text: str, sector: str | None) -> Entity:
    return Entity(text, text, "SYR", sector, None, "lexicon")


def test_role_frames_follow_who_acts_on_whom(lex):
    # Soldiers freed the hostages .
    doc = parse(("Soldiers", "soldier", "NOUN", "NNS", "nsubj", 1, ""),
                ("freed", "free", "VERB", "VBD", "ROOT", 1, ""),
                ("the", "the", "DET", "DT", "det", 3, ""),
                ("hostages", "hostage", "NOUN", "NNS", "dobj", 1, ""),
                (".", ".", "PUNCT", ".", "punct", 1, ""))
    [cand] = find_candidates(doc[:], lex)
    assert (cand.event, cand.mode) == ("RETREAT", "release")
    soldiers, captives = [entity("Soldiers", "MIL")], [entity("the hostages", "CVL")]
    assert role_frames(cand, soldiers, captives, [doc[0]]) == ["armed", "rescue"]
    assert role_frames(cand, [entity("Rebels", "CVL")], captives, [doc[0]]) == []
