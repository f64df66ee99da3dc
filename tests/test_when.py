"""Stage 6b, time: event dates resolved against the publication date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dotterel.when import EventDate, is_historical, resolve_date

PUB = date(2015, 9, 28)  # a Monday
assert PUB.weekday() == 0


def test_month_day_range_gives_date_and_enddate():
    got = resolve_date("Talks were held Sept. 23-27 in Geneva.", PUB)
    assert got == EventDate(date(2015, 9, 23), date(2015, 9, 27), "sentence", "Sept. 23-27")


@pytest.mark.parametrize("text, start, end", [
    ("The summit ran from Sept. 23 to 27.", date(2015, 9, 23), date(2015, 9, 27)),
    ("The summit ran 23-27 September.", date(2015, 9, 23), date(2015, 9, 27)),
    ("Talks ran Dec. 29-Jan. 2.", date(2014, 12, 29), date(2015, 1, 2)),  # across a year end
    ("The forum met March 3-5, 2012.", date(2012, 3, 3), date(2012, 3, 5)),
])
def test_other_range_forms(text, start, end):
    got = resolve_date(text, PUB)
    assert (got.date, got.enddate, got.source) == (start, end, "sentence")


@pytest.mark.parametrize("weekday, expected", [
    ("Monday", date(2015, 9, 28)),  # publication day itself: on or before
    ("Sunday", date(2015, 9, 27)),
    ("Wednesday", date(2015, 9, 23)),
    ("Tuesday", date(2015, 9, 22)),
])
def test_past_weekday_is_the_most_recent_on_or_before_publication(weekday, expected):
    got = resolve_date(f"The ministers met on {weekday}.", PUB)
    assert (got.date, got.enddate, got.source) == (expected, None, "sentence")
    assert got.date.strftime("%A") == weekday


@pytest.mark.parametrize("weekday, expected", [
    ("Wednesday", date(2015, 9, 30)),
    ("Sunday", date(2015, 10, 4)),
    ("Monday", date(2015, 10, 5)),
])
def test_future_weekday_is_the_next_one(weekday, expected):
    got = resolve_date(f"The ministers will meet on {weekday}.", PUB, future=True)
    assert got.date == expected
    assert got.date > PUB


def test_last_and_next_weekday_qualifiers():
    assert resolve_date("They met last Monday.", PUB).date == date(2015, 9, 21)
    assert resolve_date("They meet next Wednesday.", PUB).date == date(2015, 9, 30)
    assert resolve_date("They met last Wednesday.", PUB).date == date(2015, 9, 23)


@pytest.mark.parametrize("phrase, expected", [
    ("yesterday", PUB - timedelta(days=1)),
    ("today", PUB),
    ("tomorrow", PUB + timedelta(days=1)),
    ("last week", PUB - timedelta(days=7)),
    ("three days ago", PUB - timedelta(days=3)),
    ("2 days ago", PUB - timedelta(days=2)),
])
def test_relative_expressions(phrase, expected):
    got = resolve_date(f"The ministers met {phrase} in Geneva.", PUB)
    assert (got.date, got.enddate, got.source, got.text) == (expected, None, "sentence", phrase)


def test_vague_expression_falls_back_to_publication_date_flagged():
    got = resolve_date("Earlier this month, the two sides met.", PUB)
    assert (got.date, got.source) == (PUB, "publication")


def test_month_day_before_publication_is_this_year():
    assert resolve_date("They signed it on March 3.", PUB).date == date(2015, 3, 3)


def test_month_day_after_publication_in_past_tense_is_the_previous_year():
    pub = date(2015, 2, 10)
    assert resolve_date("They signed it on March 3.", pub).date == date(2014, 3, 3)
    assert resolve_date("They met on Oct. 1.", PUB).date == date(2014, 10, 1)


def test_month_day_after_publication_in_future_tense_is_this_year():
    assert resolve_date("They will sign it on March 3.", date(2015, 2, 10), future=True).date == date(2015, 3, 3)
    assert resolve_date("They will sign it on March 3.", PUB, future=True).date == date(2016, 3, 3)


def test_month_day_a_day_or_two_after_publication_stays_in_the_year():
    # time zones and dateline slack: a past event dated just after publication is not a year old
    assert resolve_date("They met on Sept. 30.", PUB).date == date(2015, 9, 30)


@pytest.mark.parametrize("text, expected", [
    ("They met on 3 March.", date(2015, 3, 3)),
    ("They met on the 3rd of March.", date(2015, 3, 3)),
    ("They met on March 3rd.", date(2015, 3, 3)),
    ("They met on March 3, 2010.", date(2010, 3, 3)),
    ("They met on 3 March 2010.", date(2010, 3, 3)),
])
def test_month_day_forms(text, expected):
    assert resolve_date(text, PUB).date == expected


def test_year_expression_gives_the_whole_year():
    got = resolve_date("The treaty was signed in 2014.", PUB)
    assert got == EventDate(date(2014, 1, 1), date(2014, 12, 31), "sentence:year", "in 2014")


def test_year_of_publication_is_not_an_event_date():
    got = resolve_date("The treaty was signed in 2015.", PUB)
    assert (got.date, got.enddate, got.source) == (PUB, None, "publication")


def test_no_date_expression_gives_the_publication_date():
    assert resolve_date("The ministers met in Geneva.", PUB) == EventDate(PUB, None, "publication")


@pytest.mark.parametrize("text", [
    "The ministers met yesterday.", "The ministers met on Wednesday.", "They met last week.",
    "They will meet tomorrow.", "They met today.", "The ministers met in Geneva.", "They met on March 3.",
    "Talks were held Sept. 23-27.", "They met three days ago.",
])
def test_without_publication_date_relative_expressions_stay_unresolved(text):
    for future in (False, True):
        got = resolve_date(text, None, future=future)
        assert got == EventDate(None, None, "none")
        assert got.date != date.today()


def test_without_publication_date_explicit_dates_still_resolve():
    assert resolve_date("They met on March 3, 2010.", None).date == date(2010, 3, 3)
    got = resolve_date("The treaty was signed in 2014.", None)
    assert (got.date, got.enddate) == (date(2014, 1, 1), date(2014, 12, 31))


def test_month_and_year_expression():
    got = resolve_date("The law was adopted in March 2014.", PUB)
    assert got.date == date(2014, 3, 1)
    assert got.enddate == date(2014, 3, 31)


# ------------------------------------------------------------------------- historical


def test_more_than_a_year_before_publication_is_historical():
    assert is_historical(date(2014, 9, 26), PUB, "They met.")      # 367 days
    assert not is_historical(date(2014, 9, 27), PUB, "They met.")  # 366 days
    assert not is_historical(PUB, PUB, "They met.")
    assert not is_historical(date(2015, 10, 5), PUB, "They will meet.")


@pytest.mark.parametrize("sentence", [
    "During the Second World War the two armies fought here.",
    "In the 1990s the rebels attacked the capital.",
    "during the Cold War, Moscow supplied arms.",
    "In the First World War the port was shelled.",
])
def test_named_past_eras_are_historical_even_without_dates(sentence):
    assert is_historical(None, None, sentence)
    assert is_historical(PUB, PUB, sentence)


@pytest.mark.parametrize("sentence", ["In World War II the city was bombed.", "During World War Two, troops landed here."])
def test_world_war_without_article_is_historical(sentence):
    assert is_historical(None, None, sentence)


def test_unknown_dates_are_not_historical():
    assert not is_historical(None, PUB, "They met.")
    assert not is_historical(date(2000, 1, 1), None, "They met.")


def test_resolved_year_feeds_is_historical():
    when = resolve_date("The treaty was signed in 2010.", PUB)
    assert is_historical(when.date, PUB, "The treaty was signed in 2010.")
