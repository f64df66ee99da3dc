"""Stage 2, clean: normalisation, repeated paragraphs, datelines."""

from __future__ import annotations

import pytest

from dotterel.clean import clean_article, drop_repeats, normalise, split_dateline
from dotterel.records import Article, Dateline


def clean(text: str):
    return clean_article(Article(doc_id="d", text=text, origin="d"))


# ------------------------------------------------------------------------- normalisation


def test_nfkc_turns_odd_spaces_into_plain_spaces():
    text = "Officials\u00a0met\u2009in\u202fParis\u3000today."
    assert normalise(text) == "Officials met in Paris today."


def test_nfkc_folds_compatibility_characters_and_quotes():
    assert normalise("\ufb01nal \u201cdeal\u201d, the minister\u2019s \uff21\uff22\uff23") == 'final "deal", the minister\'s ABC'


def test_soft_hyphens_removed_runs_of_spaces_collapsed_lines_stripped():
    assert normalise("  nego\u00adtiations   were \t held  \r\nnext line\rlast ") == "negotiations were held\nnext line\nlast"


def test_cleaned_article_keeps_the_original_and_records_nothing_dropped():
    article = Article(doc_id="d", text="Talks\u00a0resumed.", origin="d")
    cleaned = clean_article(article)
    assert cleaned.article is article
    assert cleaned.text == "Talks resumed."
    assert (cleaned.dateline, cleaned.dropped) == (None, ())


# ------------------------------------------------------------------------- repeats


def test_lede_printed_twice_is_kept_once_and_the_drop_recorded():
    lede = "Chinese President Xi Jinping met Russian President Vladimir Putin on Sunday."
    cleaned = clean(f"{lede}\n\n{lede}\n\nThe talks lasted three hours.")
    assert cleaned.text == f"{lede}\n\nThe talks lasted three hours."
    assert cleaned.dropped == (f"repeated paragraph: {lede[:60]}",)


def test_repeat_detection_ignores_case_punctuation_and_spacing():
    cleaned = clean("The lede, which is long.\n\nthe LEDE   which is long!\n\nOther.")
    assert cleaned.text == "The lede, which is long.\n\nOther."
    assert len(cleaned.dropped) == 1


def test_lede_repeated_after_the_dateline_is_dropped():
    lede = "China and Russia signed a gas deal."
    cleaned = clean(f"BEIJING, Sept. 27 (Xinhua) -- {lede}\n{lede}\n\nMore details followed.")
    assert cleaned.text == f"{lede}\n\nMore details followed."
    assert len(cleaned.dropped) == 1


def test_distinct_paragraphs_are_all_kept_in_order():
    paragraphs = ["First para.", "Second para.", "Third para, quite like the first."]
    kept, dropped = drop_repeats(paragraphs + ["First para."])
    assert kept == paragraphs
    assert dropped == ["First para."]


def test_punctuation_only_paragraphs_are_discarded_not_reported():
    kept, dropped = drop_repeats(["***", "Text.", "--"])
    assert (kept, dropped) == (["Text."], [])


def test_paragraphs_are_joined_by_blank_lines():
    assert clean("One.\nTwo.\n\n\n\nThree.").text == "One.\n\nTwo.\n\nThree."


# ------------------------------------------------------------------------- datelines


@pytest.mark.parametrize("text, place, date_text, agency, rest", [
    ("BEIJING, Sept. 27 (Xinhua) -- China and Russia signed a deal.", "Beijing", "Sept. 27", "Xinhua",
     "China and Russia signed a deal."),
    ("WASHINGTON (Reuters) - The U.S. imposed sanctions.", "Washington", None, "Reuters", "The U.S. imposed sanctions."),
    ("KABUL, Afghanistan (AP) \u2014 A bomb exploded.", "KABUL, Afghanistan", None, "AP", "A bomb exploded."),
    ("UNITED NATIONS, Oct. 3 -- The General Assembly met.", "United Nations", "Oct. 3", None, "The General Assembly met."),
    ("NEW DELHI, Sept. 27, 2015 (PTI) -- India protested.", "New Delhi", "Sept. 27, 2015", "PTI", "India protested."),
])
def test_dateline_is_removed_and_kept_as_metadata(text, place, date_text, agency, rest):
    dateline, remainder = split_dateline(text)
    assert dateline == Dateline(place=place, date_text=date_text, agency=agency, raw=dateline.raw)
    assert text.startswith(dateline.raw)
    assert remainder == rest


def test_clean_article_lifts_the_xinhua_dateline():
    cleaned = clean("BEIJING, Sept. 27 (Xinhua) -- China and Russia signed a deal.\n\nThe deal covers gas.")
    assert cleaned.text == "China and Russia signed a deal.\n\nThe deal covers gas."
    assert cleaned.dateline.place == "Beijing"
    assert cleaned.dateline.date_text == "Sept. 27"
    assert cleaned.dateline.agency == "Xinhua"
    assert cleaned.dateline.raw == "BEIJING, Sept. 27 (Xinhua) --"


def test_dateline_after_non_breaking_spaces_is_still_found():
    cleaned = clean("BEIJING,\u00a0Sept.\u00a027 (Xinhua)\u00a0-- Talks ended.")
    assert cleaned.dateline is not None and cleaned.text == "Talks ended."


@pytest.mark.parametrize("text", [
    "US President Barack Obama - who met Putin - said the talks were useful.",
    "The UN Security Council met on Monday - it voted for the resolution.",
    "President Obama, Sept. 27 -- the day he spoke -- was busy.",
    "Iran, Sept. 27 -- a date to remember.",
    "UN - The council voted.",
    "NATO, Russia -- talks resumed.",
    "US, China -- The two countries agreed.",
    "He said -- later -- that nothing had changed.",
    "I - we will fight.",
    "AFP - The army attacked.",
    "Sept. 27 (Xinhua) -- no place given.",
])
def test_ordinary_sentences_are_not_datelines(text):
    assert split_dateline(text) == (None, text)
    cleaned = clean(text)
    assert cleaned.dateline is None
    assert cleaned.text == text


def test_only_a_leading_dateline_is_removed():
    text = "Talks went on.\n\nBEIJING, Sept. 27 (Xinhua) -- A second dateline later in the text stays."
    cleaned = clean(text)
    assert cleaned.dateline is None
    assert cleaned.text == text


# ------------------------------------------------------------------------- sentences (nlp, no model)
# Sentence splitting and the trigger pre-filter work on cleaned text, before any parsing.

from dotterel.nlp import TriggerFilter, inflections, irregular_forms, split_sentences  # noqa: E402


def test_sentence_offsets_map_back_into_the_text():
    text = clean(
        "BEIJING, Sept. 27 (Xinhua) -- Dr. Smith met Mr. Jones in the U.S. on Monday. They talked.\n\n"
        "Officials\u00a0said   more talks would follow.\n\nThe end!"
    ).text
    spans = split_sentences(text)
    assert [s.text for s in spans] == [
        "Dr. Smith met Mr. Jones in the U.S. on Monday.", "They talked.",
        "Officials said more talks would follow.", "The end!",
    ]
    assert [s.sequence for s in spans] == [0, 1, 2, 3]
    for span in spans:
        assert text[span.start:span.end] == span.text
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_duplicate_sentence_is_dropped_wherever_it_repeats():
    text = "The lede. The lede. Another sentence here.\n\nA different paragraph.\n\nthe  LEDE."
    spans = split_sentences(text)
    assert [s.text for s in spans] == ["The lede.", "Another sentence here.", "A different paragraph."]
    assert [s.sequence for s in spans] == [0, 1, 2]  # sequences stay dense after a drop
    for span in spans:
        assert text[span.start:span.end] == span.text


def test_repeated_paragraph_text_does_not_confuse_offsets():
    # the second paragraph's text also occurs inside the first one
    text = "Talks ended. Talks resumed.\n\nTalks resumed later in Vienna."
    spans = split_sentences(text)
    assert [text[s.start:s.end] for s in spans] == ["Talks ended.", "Talks resumed.", "Talks resumed later in Vienna."]
    assert spans[2].start == text.index("\n\n") + 2


def test_no_sentences_in_empty_text():
    assert split_sentences("") == []


@pytest.mark.parametrize("lemma, forms", [
    ("meet", {"meet", "meets", "meeting"}),
    ("agree", {"agree", "agrees", "agreed", "agreeing"}),
    ("accuse", {"accuses", "accused", "accusing"}),
    ("deny", {"denies", "denied", "denying"}),
    ("stop", {"stops", "stopped", "stopping"}),
    ("attack", {"attacks", "attacked", "attacking"}),
    ("reach", {"reaches", "reached", "reaching"}),
])
def test_inflections_cover_regular_forms(lemma, forms):
    assert forms <= inflections(lemma)


def test_trigger_filter_matches_any_word_form_case_insensitively():
    keep = TriggerFilter([(w, ()) for w in ["meet", "accuse", "deny", "strike", "peace talks"]])
    for sentence in ["They met in Paris.", "He ACCUSED Iran.", "She denied it.", "Troops struck a town.",
                     "Meetings: meeting planned", "Peace returned."]:
        assert keep(sentence), sentence
    for sentence in ["The weather was mild.", "Talks ended.", "Meetingroom booked.", ""]:
        assert not keep(sentence), sentence


def test_trigger_filter_needs_the_object_of_an_object_bound_trigger():
    keep = TriggerFilter([("hold", [("talk", "meeting")]), ("attack", ()), ("hand", [("over",), ("suspect", "prisoner")])])
    assert keep("The two sides held talks in Doha.")
    assert keep("Rebels attacked the convoy.")
    assert not keep("The ministry held its position for a week.")
    assert keep("Police handed the suspects over.")  # one word of each clause
    assert not keep("Police handed over the documents.") and not keep("Police handed the suspects a letter.")


def test_trigger_filter_knows_the_irregular_forms():
    table = irregular_forms()
    assert table["meet"] == ("met",) and table["withdraw"] == ("withdrew", "withdrawn")
    keep = TriggerFilter([(lemma, ()) for lemma in table])
    for lemma, forms in table.items():
        for form in forms:
            assert keep(f"Officials {form} yesterday."), (lemma, form)
