"""Throughput work must not change what is coded.

- the fast attribute ruler and lemmatizer give the stock components' annotations, token for token;
- running NER only where it can matter gives the events of running it everywhere;
- worker processes and a Dask cluster give the events of one process, in input order.
Speed itself is measured by benchmarks/throughput.py, not here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dotterel import nlp, pipeline, selection
from dotterel.errors import ClusterError
from dotterel.ingest import read_inputs
from dotterel.parallel import Stats, code_dask, code_parallel, dask_client
from dotterel.pipeline import Coder, Options

FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "throughput.jsonl"
SPEAKER_FIXTURE = FIXTURE.with_name("speakers.jsonl")  # named speakers in sentences with no event
GOLD = Path(__file__).parent.parent / "dev" / "gold" / "events_dev_a.jsonl"


def _articles(path: Path = FIXTURE):
    return list(read_inputs([str(path)], None, lambda e: pytest.fail(str(e))))


def _sentences() -> list[str]:
    texts = [s.text for a in _articles() for s in nlp.split_sentences(a.text)]
    texts += [json.loads(line)["text"] for line in GOLD.read_text().splitlines()[:150] if line.strip()]
    texts += ["", "   ", "We gon na talk , y' all ai n't seen nothin' yet .", "There is a\n\nspace token here ."]
    return texts


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_) for t in doc]


def _records(events):
    return [e.to_plover() for e in events]


@pytest.mark.model
def test_fast_components_compiled_and_give_the_stock_annotations():
    texts = _sentences()
    fast = nlp.pipeline()
    steps = dict(fast.steps)
    assert type(steps["attribute_ruler"]).__name__ == "FastAttributeRuler"
    assert type(steps["lemmatizer"]).__name__ == "FastLemmatizer"
    stock = [_annotations(d) for d in nlp.load_model().pipe(texts)]
    ours = [_annotations(d) for d in fast.pipe(texts)]
    assert len(ours) == len(texts)
    assert ours == stock


def test_sentence_bounds_are_the_sentencizers_sentences():
    import spacy

    stock = spacy.blank("en")
    stock.add_pipe("sentencizer")
    tokenizer, punct = nlp._splitter()
    texts = [p for a in _articles() for p in a.text.split("\n\n")] + _sentences() + [
        "He left... Then? \"No!\" she said.) Next one", "A.B. went home. U.S. troops!?! Fine.\n\n \nEnd",
        "Ends without a stop", "...", "\u0964 \u0965 x. y", "a . . . b", "  Leading space. And trailing.  "]
    ours = [[text[a:b] for a, b in nlp.sentence_bounds(tokenizer(text), punct)] for text in texts]
    theirs = [[s.text for s in stock(text).sents] for text in texts]
    assert sum(map(len, theirs)) > len(texts)  # texts of several sentences among them
    assert ours == theirs


@pytest.mark.model
def test_the_trained_pipelines_tokenizer_splits_the_sentences_a_blank_one_splits():
    import spacy

    model = nlp.load_model()
    assert "senter" not in model.component_names  # disabled in the config: excluded, never built
    assert nlp.tokenizes_like_blank_english(model)
    assert nlp.pipeline().splitter is nlp.pipeline().model.tokenizer
    other = spacy.blank("en")
    other.tokenizer.add_special_case("U.N.", [{"ORTH": "U.N."}])  # one rule more: not a blank one's
    assert not nlp.tokenizes_like_blank_english(other)
    assert not nlp.tokenizes_like_blank_english(spacy.blank("de"))
    texts = [a.text for a in _articles()] + ["The U.N. envoy met rebels. They agreed!\n\nTalks resume... Monday."]
    assert all(nlp.split_sentences(t, model.tokenizer) == nlp.split_sentences(t) for t in texts)


@pytest.mark.model
def test_fast_rule_lemma_is_the_stock_rule_lemmatize_on_every_token():
    # every token, not only the first of each (text, pos, morph) the memo would send to it
    model = nlp.load_model()
    stock = model.get_pipe("lemmatizer")
    fast = dict(nlp.pipeline().steps)["lemmatizer"]
    pairs = []
    for doc in model.pipe(_sentences(), disable=["lemmatizer", "ner"]):
        for token in doc:
            stock.cache.clear()  # the stock answer computed afresh, not remembered from a run before
            pairs.append((token.text, token.pos_, fast.rule_lemma(token), stock.rule_lemmatize(token)[0]))
    assert len(pairs) > 1000
    assert {p[1] for p in pairs} >= {"NOUN", "VERB", "ADJ", "PROPN"}
    assert [p[2] for p in pairs] == [p[3] for p in pairs]


@pytest.mark.model
def test_numpy_blas_gives_the_annotations_of_blis():
    """dotterel's pipeline computes with numpy's BLAS; a pipeline loaded afresh and left alone
    computes with thinc's BLIS: the same tags, parse, lemmas and entities."""
    from thinc.api import NumpyOps

    texts = _sentences() + SPEAKERS
    stock_model = nlp.load_model.__wrapped__()  # a fresh copy, not the one the cached Pipeline changed
    tok2vec = stock_model.get_pipe("tok2vec").model
    assert getattr(tok2vec.ops, "use_blis", True)
    stock = [_annotations(d) for d in stock_model.pipe(texts)]
    ours = nlp.pipeline()
    assert all(isinstance(node.ops, NumpyOps) and not node.ops.use_blis
               for _name, proc in ours.steps if hasattr(getattr(proc, "model", None), "walk") for node in proc.model.walk())
    assert [_annotations(d) for d in ours.pipe(texts)] == stock


@pytest.mark.model
def test_entities_added_later_are_the_entities_of_one_pass():
    texts = _sentences()
    stock = [_annotations(d) for d in nlp.load_model().pipe(texts)]
    docs = list(nlp.parse(texts, entities=False))
    assert all(t.ent_iob_ == "" for d in docs for t in d)
    nlp.add_entities(docs)
    assert [_annotations(d) for d in docs] == stock
    assert any(t.ent_type_ for d in docs for t in d)


@pytest.mark.model
def test_ner_only_where_needed_codes_the_same_events(monkeypatch):
    articles = _articles() + _articles(SPEAKER_FIXTURE)
    gated = _records(Coder(Options()).code_articles(articles))
    calls = []

    def everywhere(doc, lex, speaker):
        calls.append(selection.entity_windows(doc, lex, speaker))
        return None

    monkeypatch.setattr(pipeline, "entity_windows", everywhere)
    full = _records(Coder(Options()).code_articles(articles))
    assert gated == full
    assert len(full) >= 8
    assert [] in calls and None in calls  # the gate did skip some parsed sentences
    assert any(c for c in calls)  # and gave a speaker a window of its own


def _windows(texts: list[str]):
    coder = Coder(Options())
    docs = list(nlp.parse(texts, entities=False))
    return coder, docs, [selection.entity_windows(d, coder.event_lex, coder._labelled_speaker) for d in docs]


@pytest.mark.model
def test_entity_windows_see_triggers_that_only_match_with_labels():
    _coder, docs, windows = _windows(["The weather was hot and dry.", "Police arrested Ahmed on Monday."])
    assert windows == [[], None]
    assert all(t.ent_iob_ == "" for t in docs[1])  # the optimistic labels are taken off again


@pytest.mark.model
def test_entity_windows_for_a_named_speaker_not_a_pronoun():
    texts = ["He said the weather was hot and dry.", "We said the weather was hot and dry.",
             "Ahmed Salah said the weather was hot and dry.", "The spokesman of the Kenyan police said the weather was hot and dry."]
    _coder, docs, windows = _windows(texts)
    assert windows == [[], [], [(0, 2)], [(0, 6)]]  # the subject's words, no more


# sentences of our own where a named speaker stands amid other names: a window around the speaker
# must give the speaker's labels of the whole sentence
SPEAKERS = [
    "In a note posted late on Tuesday in Brussels, the European Commission president Ursula von der Leyen "
    "said to reporters outside the Berlaymont building that the weather in Flanders had been wet for weeks.",
    "After a long session of the Kenyan parliament in Nairobi on Thursday evening, opposition leader Raila Odinga "
    "said that Mombasa and Kisumu would see rain by the end of March, according to the Kenya Meteorological Department.",
    "The weather was hot and dry across much of southern Spain, where Andalusia recorded 44C, but Pedro Sanchez, "
    "the prime minister, said on Monday in Madrid that the Tagus would not run dry this summer.",
]


@pytest.mark.model
def test_a_speaker_window_gives_the_labels_of_the_whole_sentence():
    stock = [[(t.ent_type_, t.ent_iob_) for t in d] for d in nlp.load_model().pipe(SPEAKERS)]
    coder, docs, windows = _windows(SPEAKERS)
    assert all(w and len(w) == 1 for w in windows), windows  # no trigger: a window, not the sentence
    nlp.add_entities(docs, windows=windows)
    margin = nlp.pipeline().ner_margin
    assert margin >= 5  # the token vectors see 4 tokens each side
    for doc, window, whole in zip(docs, windows, stock):
        (start, end), = window
        assert end - start + 2 * margin < len(doc)  # a real saving: far less than the sentence
        got = [(t.ent_type_, t.ent_iob_) for t in doc]
        assert got[start:end] == whole[start:end]
        assert any(label == "PERSON" for label, _ in got[start:end])
        # beyond the window and the reach of its entities nothing was looked at
        ends = max([e.end for e in doc.ents] + [end])
        assert all(iob == "" for _, iob in got[ends:])
        assert doc.ents  # and the entities were set on the document itself


@pytest.mark.model
def test_an_article_naming_no_country_labels_its_speaker_sentences_whole(monkeypatch):
    """Resolving a speaker may take a country from anywhere in its sentence when the article names
    none (locate.sentence_country): then the whole sentence is labelled."""
    from dotterel.records import Article

    given = []
    real = nlp.add_entities

    def record(docs, model=nlp.DEFAULT_MODEL, batch_size=64, windows=None):
        given.extend(zip([d.text for d in docs], windows))
        real(docs, model, batch_size, windows)

    monkeypatch.setattr(nlp, "add_entities", record)
    text = "Ahmed Salah said the weather was hot and dry."
    coder = Coder(Options())
    coder.code_article(Article(doc_id="a", text=text, origin="a"))
    coder.code_article(Article(doc_id="b", text=text + "\n\nThe weather in Kenya was hot.", origin="b"))
    assert given == [(text, None), (text, [(0, 2)])]


def _gold_sentences() -> list[str]:
    return [json.loads(line)["text"] for path in sorted(GOLD.parent.glob("events_dev_*.jsonl"))
            for line in path.read_text().splitlines() if line.strip()]


@pytest.mark.model
def test_trigger_filter_keeps_every_sentence_a_trigger_rule_can_match():
    """The filter's word clauses are necessary conditions of the parse rules: a sentence it
    rejects matches no trigger row, whatever the entity labels (checked on the dev gold sets)."""
    from spacy.tokens import Span

    from dotterel.events import match_trigger

    coder = Coder(Options())
    texts = _sentences() + _gold_sentences()
    rejected = [t for t in texts if not coder.filter(t)]
    assert 50 < len(rejected) < len(texts)
    for doc in nlp.parse(rejected):
        labellings = [list(doc.ents), [Span(doc, 0, len(doc), "PERSON")], [Span(doc, 0, len(doc), "GPE")]]
        for ents in labellings if len(doc) else []:
            doc.set_ents(ents, default="outside")
            assert not [(t.text, match_trigger(t, coder.event_lex).origin) for t in doc
                        if match_trigger(t, coder.event_lex) is not None], doc.text


def test_trigger_filter_asks_for_the_words_a_rule_needs():
    from dotterel.events import load_event_lexicon

    keep = nlp.TriggerFilter(load_event_lexicon().trigger_requirements())
    assert not keep("The minister said the weather was mild.")  # 'say' codes only a demand
    assert keep("The minister said Serbia must recognise Kosovo.")
    assert keep("The minister said Serbia mustn't wait.")  # the tokenizer splits "mustn't"
    assert keep("He said Serbia needs to recognise Kosovo.")
    assert not keep("Security forces were in the city.")  # 'force out' needs its 'out'
    assert keep("They forced out the mayor.")
    assert keep("Rebels retook the town.") and keep("Rebels have retaken the town.")  # a prefixed irregular verb
    assert keep("The court acquitted him.")


def _single():
    coder = Coder(Options())
    return [(a.doc_id, _records(events)) for a, events in coder.code_grouped(_articles())]


@pytest.mark.model
def test_workers_give_the_single_process_events_in_input_order():
    stats = Stats()
    together = [(a.doc_id, _records(ev)) for a, ev in code_parallel(_articles(), Options(), workers=2, chunk=1,
                                                                    stats=stats)]
    assert together == _single()
    assert [doc for doc, _ in together] == ["t-1", "t-2", "t-3", "t-4"]
    assert len(stats.peak_mb) == 2 and all(mb > 50 for mb in stats.peak_mb.values())


@pytest.mark.model
def test_dask_local_cluster_gives_the_single_process_events_in_input_order():
    pytest.importorskip("dask.distributed")
    stats = Stats()
    client = dask_client("local:2")
    try:
        assert len(client.scheduler_info()["workers"]) == 2
        got = [(a.doc_id, _records(ev)) for a, ev in code_dask(_articles(), Options(), client=client, chunk=1,
                                                               stats=stats)]
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    assert got == _single()
    assert stats.chunks == 4 and len(stats.peak_mb) >= 1


@pytest.mark.parametrize("address", ["local:0", "local:x", "nonsense"])
def test_bad_dask_address_is_one_clear_error(address):
    with pytest.raises(ClusterError, match="--dask"):
        dask_client(address)


def test_zero_workers_is_one_clear_error():
    with pytest.raises(ClusterError, match="--workers"):
        list(code_parallel([], Options(), workers=0))


def test_cli_bad_dask_address_is_one_line_exit_2():
    from typer.testing import CliRunner

    from dotterel.cli import app

    result = CliRunner().invoke(app, ["code", str(FIXTURE), "--dask", "nonsense", "-q"])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "--dask 'nonsense'" in lines[0] and "Traceback" not in result.output


@pytest.mark.model
def test_entity_windows_decides_as_trying_every_token_under_every_labelling():
    from spacy.tokens import Span

    from dotterel.events import match_trigger

    coder = Coder(Options())
    lex, speaker = coder.event_lex, coder._labelled_speaker

    def every_token(doc):  # the decision spelled out: no shortcut over tokens
        for label in (None, "PERSON", "GPE"):
            doc.set_ents([Span(doc, 0, len(doc), label)] if label and len(doc) else [], default="missing")
            matched = any(match_trigger(t, lex) is not None for t in doc)
            doc.set_ents([], default="missing")
            if matched:
                return None  # the whole sentence
        subject = speaker(doc)
        return [] if subject is None else [(subject.left_edge.i, subject.right_edge.i + 1)]

    docs = list(nlp.parse(_sentences(), entities=False))
    decisions = [selection.entity_windows(d, lex, speaker) for d in docs]
    assert decisions == [every_token(d) for d in docs]
    assert None in decisions and [] in decisions
