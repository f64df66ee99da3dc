"""The second-opinion classifier: model file validation, featurizer parity with training, and
its two uses in the pipeline (fill in where no rule fired, arbitrate) on models built here."""

from __future__ import annotations

import hashlib
import json
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

from dotterel import classifier
from dotterel.classifier import NONE, SecondOpinion, encode_vocab
from dotterel.errors import DataFileError

FIXTURES = Path(__file__).parent / "fixtures"
PACKAGED = files("dotterel") / "data" / classifier.MODEL_FILE


def tiny_model(path: Path, weight: float, threshold: float = 0.5, arbitrate: float = 0.9, **override) -> Path:
    """A two-class model that knows one word, 'zorbed': ASSAULT scores ``weight`` where it occurs."""
    arrays = {
        "format": np.array(classifier.FORMAT),
        "classes": np.array(["ASSAULT", NONE]),
        "word_vocab": encode_vocab(["zorbed"]),
        "char_vocab": encode_vocab([]),
        "word_idf": np.array([1.0]),
        "char_idf": np.zeros(0),
        "coef": np.array([[weight], [0.0]], dtype=np.float32),
        "intercept": np.array([0.0, 0.5], dtype=np.float32),
        "temperature": np.array(1.0),
        "threshold": np.array(threshold),
        "arbitrate": np.array(arbitrate),
        "yield_coef": np.zeros(1, dtype=np.float32),
        "yield_intercept": np.array(0.0),
    }
    arrays.update(override)
    np.savez(path, **arrays)
    return path


# ---------------------------------------------------------------------- featurizer
def test_word_ngrams_fold_case_and_digits():
    assert classifier.word_ngrams("The 2 ministers met.") == [
        "the", "0", "ministers", "met", "the 0", "0 ministers", "ministers met"]


def test_char_ngrams_pad_each_token():
    assert classifier.char_ngrams("Ab, c") == [" ab", "ab ", " ab ", " c "]


# ---------------------------------------------------------------------- packaged model
def test_packaged_model_loads_small_and_calibrated():
    model = SecondOpinion.load()
    assert NONE in model.classes and "YIELD" in model.classes
    assert 0 < model.threshold <= model.arbitrate <= 1
    assert Path(str(PACKAGED)).stat().st_size < 5_000_000
    assert model.predict([]) == []


def test_runtime_scores_equal_training_scores():
    """Scores the training script saved (scikit-learn) for the fixture's own sentences."""
    saved = json.loads((FIXTURES / "classifier_scores.json").read_text(encoding="utf-8"))
    assert saved["model_sha1"] == hashlib.sha1(PACKAGED.read_bytes()).hexdigest(), \
        "fixture is stale: rerun dev/train_classifier.py, which rewrites both"
    texts = (FIXTURES / "classifier_sentences.txt").read_text(encoding="utf-8").splitlines()
    assert saved["texts"] == [t for t in texts if t.strip()]
    model = SecondOpinion.load()
    assert model.classes == saved["classes"]
    np.testing.assert_allclose(model.decision(saved["texts"]), np.array(saved["decision"]), atol=1e-6)
    np.testing.assert_allclose(model.probabilities(saved["texts"]), np.array(saved["probabilities"]), atol=1e-6)


def test_packaged_model_tells_events_from_weather():
    model = SecondOpinion.load()
    protest, snow = model.predict([
        "Riot police fired tear gas at thousands of students marching on the parliament in Dhaka.",
        "Heavy snow closed the mountain pass for the third day running.",
    ])
    assert snow.category == NONE or snow.probability < model.threshold
    assert protest.category != NONE


def test_yield_split_names_concede_or_retreat():
    model = SecondOpinion.load()
    assert model.plover("YIELD", "Troops began withdrawing from the disputed border region.") in ("CONCEDE", "RETREAT")
    assert model.plover("ACCUSE", "anything") == "ACCUSE"


# ---------------------------------------------------------------------- validation
def test_corrupt_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "model.npz"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataFileError) as info:
        SecondOpinion.load(bad)
    assert str(bad) in str(info.value) and "unusable" in str(info.value)


def test_missing_arrays_are_named(tmp_path):
    path = tmp_path / "model.npz"
    np.savez(path, format=np.array(classifier.FORMAT))
    with pytest.raises(DataFileError, match="missing arrays classes"):
        SecondOpinion.load(path)


def test_pickled_arrays_are_refused(tmp_path):
    path = tiny_model(tmp_path / "model.npz", 3.0, classes=np.array([{"x": 1}, None], dtype=object))
    with pytest.raises(DataFileError, match="unusable"):
        SecondOpinion.load(path)


def test_inconsistent_shapes_and_values_are_refused(tmp_path):
    with pytest.raises(DataFileError, match="coefficients shaped"):
        SecondOpinion.load(tiny_model(tmp_path / "a.npz", 3.0, intercept=np.zeros(3, dtype=np.float32)))
    with pytest.raises(DataFileError, match="non-finite"):
        SecondOpinion.load(tiny_model(tmp_path / "b.npz", float("nan")))
    with pytest.raises(DataFileError, match="format"):
        SecondOpinion.load(tiny_model(tmp_path / "c.npz", 3.0, format=np.array("something-else/9")))
    with pytest.raises(DataFileError, match="thresholds"):
        SecondOpinion.load(tiny_model(tmp_path / "d.npz", 3.0, threshold=np.array(1.5)))


def test_tiny_model_probabilities(tmp_path):
    model = SecondOpinion.load(tiny_model(tmp_path / "m.npz", 3.0))
    hit, miss = model.predict(["They zorbed it.", "Nothing here."])
    assert hit.category == "ASSAULT" and hit.probability == pytest.approx(np.exp(3) / (np.exp(3) + np.exp(0.5)))
    assert miss.category == NONE


# ---------------------------------------------------------------------- in the pipeline
# 'launch' is an ASSAULT trigger only with an attack for object: no rule fires, but the word points to ASSAULT
SENTENCE = "The Kenyan army launched zorbed operations near the border town on Tuesday."


def _coder_with(model_path: Path):
    from dotterel.events.model import ModelOpinions
    from dotterel.pipeline import Coder, Options

    coder = Coder(Options())
    coder.second = ModelOpinions(SecondOpinion.load(model_path))
    return coder


def _code(coder, text: str):
    from dotterel.records import Article

    return coder.code_article(Article(doc_id="t", text=text))


@pytest.mark.model
def test_fill_in_where_no_rule_fired(tmp_path):
    coder = _coder_with(tiny_model(tmp_path / "m.npz", 3.0))
    assert not coder.filter(SENTENCE) and coder.wants_parse(SENTENCE)  # parsed for the model alone
    (event,) = _code(coder, SENTENCE)
    assert event.event == "ASSAULT" and event.evidence.rule == "model"
    assert event.evidence.second_opinion["probability"] == pytest.approx(0.924, abs=1e-3)
    assert event.confidence < 0.6
    assert [a.code for a in event.actor] == ["KEN"] and event.event_text == "launched"


@pytest.mark.model
def test_no_word_of_the_category_no_fill_in(tmp_path):
    """The model's category must be one the sentence's own words point to (a trigger of that category)."""
    coder = _coder_with(tiny_model(tmp_path / "m.npz", 3.0))
    text = "The Kenyan army zorbed Somali militants near the border town on Tuesday."
    assert coder.second.flags(text) is not None
    assert _code(coder, text) == []


def test_cue_categories_read_the_trigger_tables():
    from dotterel.events import load_event_lexicon
    from dotterel.events.model import compatible, cue_categories

    lex = load_event_lexicon()
    assert "ASSAULT" in cue_categories(lex, ["army", "launch", "operation"])
    assert cue_categories(lex, ["the", "weather", "be", "cold"]) == frozenset()
    framed = cue_categories(lex, ["he", "want", "to", "talk"])
    assert "AGREE" in framed and "THREATEN" in framed  # what the verbal-act frames make of an act
    assert compatible("RETREAT", frozenset({"CONCEDE"})) and not compatible("ASSAULT", frozenset({"CONSULT"}))


@pytest.mark.model
def test_below_threshold_adds_no_event(tmp_path):
    coder = _coder_with(tiny_model(tmp_path / "m.npz", 3.0, threshold=0.95, arbitrate=0.95))
    assert coder.second.opinion(SENTENCE).probability < 0.95
    assert not coder.wants_parse(SENTENCE)
    assert _code(coder, SENTENCE) == []


@pytest.mark.model
def test_no_actor_no_model_event(tmp_path):
    coder = _coder_with(tiny_model(tmp_path / "m.npz", 3.0))
    assert _code(coder, "Something launched zorbed operations near the border town on Tuesday.") == []


@pytest.mark.model
def test_uncoded_named_subject_is_kept_by_its_text(tmp_path):
    """A subject that looks like an actor but that no dictionary codes stays, uncoded (the rules' way)."""
    coder = _coder_with(tiny_model(tmp_path / "m.npz", 3.0))
    (event,) = _code(coder, "The Zorbist Liberation Front launched zorbed operations near the old mill on Tuesday.")
    assert event.evidence.rule == "model" and event.event == "ASSAULT"
    assert [(a.code, a.entity_text) for a in event.actor] == [(None, "The Zorbist Liberation Front")]


@pytest.mark.model
def test_disagreement_lowers_rule_confidence(tmp_path):
    text = "The Kenyan foreign minister met his Somali counterpart in Nairobi, and zorbed."
    plain = _code(_coder_with(tiny_model(tmp_path / "off.npz", 0.0, arbitrate=1.0)), text)
    judged = _code(_coder_with(tiny_model(tmp_path / "on.npz", 4.0, arbitrate=0.9)), text)
    assert [e.event for e in plain] == [e.event for e in judged] == ["CONSULT"]
    assert judged[0].confidence == pytest.approx(plain[0].confidence * 0.5, abs=1e-3)
    assert judged[0].evidence.second_opinion["category"] == "ASSAULT"
    assert "second_opinion" not in plain[0].to_plover()["evidence"]


@pytest.mark.model
def test_fragments_are_not_filled_in(tmp_path):
    coder = _coder_with(tiny_model(tmp_path / "m.npz", 3.0))
    assert coder.second.flags("Kenya launched zorbed operations.") is not None  # above threshold, but five tokens
    assert _code(coder, "Kenya launched zorbed operations.") == []


@pytest.mark.model
def test_yield_opinions_arbitrate_but_never_fill_in(tmp_path):
    """Real news (plv tune) merges CONCEDE and RETREAT into YIELD, so the model never fills one in itself."""
    yields = tiny_model(tmp_path / "y.npz", 4.0, arbitrate=0.9, classes=np.array(["YIELD", NONE]))
    coder = _coder_with(yields)
    op = coder.second.opinion(SENTENCE)  # no rule fires here; an ASSAULT model fills it in (above)
    assert op.category == "YIELD" and op.probability >= coder.second.model.threshold
    assert coder.second.flags(SENTENCE) is None and not coder.wants_parse(SENTENCE)
    assert _code(coder, SENTENCE) == []
    met = "The Kenyan foreign minister met his Somali counterpart in Nairobi, and zorbed."
    (judged,) = _code(coder, met)
    assert judged.event == "CONSULT" and judged.evidence.second_opinion["category"] in ("CONCEDE", "RETREAT")
