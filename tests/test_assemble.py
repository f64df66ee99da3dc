"""assemble.build_event, the one place an Event is made: from a coded event of the events stage,
its sentence (offsets made article-relative), place, date and citation.  No spaCy model needed."""

from __future__ import annotations

from datetime import date

import pytest

from dotterel.assemble import build_event, event_id
from dotterel.events import load_event_lexicon
from dotterel.records import CodedEvent, Entity, Evidence, Place, SentenceSpan
from dotterel.when import EventDate

GENEVA = Place("Geneva", "Geneva", 2660646, 46.2, 6.15, "CHE", None, "P", "PPLA", 4, start=123, end=129)
PUB = date(2021, 6, 17)


@pytest.fixture(scope="module")
def lex():
    return load_event_lexicon()


def meeting(text: str) -> tuple[CodedEvent, SentenceSpan]:
    start = text.index("met")
    coded = CodedEvent(event="CONSULT", actor=[Entity("Biden", "Joe Biden", "USA", "GOV", None, "lexicon")],
                       recipient=[Entity("Putin", "Vladimir Putin", "RUS", "GOV", None, "lexicon")],
                       evidence=Evidence("met", start, start + 3, "triggers.tsv:1"), cameo="040", quad_code=1,
                       context=["diplomacy"], confidence=0.7)
    return coded, SentenceSpan(4, 100, 100 + len(text), text)


def test_the_event_is_placed_in_its_article_dated_located_and_identified(lex):
    text = "Biden met Putin in Geneva on Wednesday."
    coded, sentence = meeting(text)
    event = build_event(coded, doc_id="doc-1", sentence=sentence, pub=PUB, narrative=None, place=GENEVA,
                        cite={"title": "Summit"}, lex=lex)
    assert (event.doc_id, event.text, event.sequence, event.start, event.end) == ("doc-1", text, 4, 100, 100 + len(text))
    assert (event.evidence.trigger_start, event.evidence.trigger_end) == (106, 109)
    assert text[event.evidence.trigger_start - event.start:event.evidence.trigger_end - event.start] == "met"
    assert (event.date, event.date_source) == (date(2021, 6, 16), "sentence")
    assert event.event_loc is GENEVA and event.cite_info == {"title": "Summit"}
    # neither side's country: a third-party meeting, and its CAMEO code follows
    assert event.mode == "third-party" and event.cameo == lex.cameo[("CONSULT", "third-party")] != "040"
    assert event.id == event_id("doc-1", 4, 106, "CONSULT")
    assert (event.confidence, event.context, event.quad_code, event.modality) == (0.7, ["diplomacy"], 1, "asserted")
    # the coded event is left as the events stage made it
    assert (coded.mode, coded.cameo, coded.evidence.trigger_start) == (None, "040", 6)


def test_a_meeting_at_home_keeps_its_mode(lex):
    coded, sentence = meeting("Biden met Putin in Moscow.")
    moscow = Place("Moscow", "Moscow", 524901, 55.75, 37.62, "RUS", None, "P", "PPLC", 4)
    event = build_event(coded, doc_id="d", sentence=sentence, pub=PUB, narrative=None, place=moscow, cite={}, lex=lex)
    assert (event.mode, event.cameo) == ("visit", lex.cameo[("CONSULT", "visit")])  # abroad for one side
    event = build_event(coded, doc_id="d", sentence=sentence, pub=PUB, narrative=None, place=None, cite={}, lex=lex)
    assert (event.mode, event.cameo, event.event_loc) == (None, "040", None)


def test_a_date_long_before_publication_makes_the_event_historical(lex):
    coded, sentence = meeting("In 1985 Reagan met Gorbachev in Geneva.")
    event = build_event(coded, doc_id="d", sentence=sentence, pub=PUB, narrative=None, place=None, cite={}, lex=lex)
    assert (event.date, event.modality) == (date(1985, 1, 1), "historical")


def test_a_sentence_without_a_date_takes_the_storys_date(lex):
    coded, sentence = meeting("Biden met Putin.")
    story = EventDate(date(2021, 6, 16), None, "sentence", "Wednesday")
    alone = build_event(coded, doc_id="d", sentence=sentence, pub=PUB, narrative=None, place=None, cite={}, lex=lex)
    told = build_event(coded, doc_id="d", sentence=sentence, pub=PUB, narrative=story, place=None, cite={}, lex=lex)
    assert (alone.date, alone.date_source) == (PUB, "publication")
    assert (told.date, told.date_source) == (date(2021, 6, 16), "narrative")


def test_no_other_module_of_the_package_makes_an_event():
    """The one place: an ``Event(...)`` call anywhere else in the package is a second builder.
    store/synthetic.py fabricates stored records for store benchmarks and tests, not coder output."""
    import ast
    from pathlib import Path

    import dotterel

    package = Path(dotterel.__file__).parent
    makers = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Event":
                makers.add(path.relative_to(package).as_posix())
    assert makers == {"assemble.py", "store/synthetic.py"}
