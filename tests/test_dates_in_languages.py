"""Dates and numbers in the reader's language, with CLDR (through Babel) as the oracle."""

from __future__ import annotations

import datetime

import pytest
from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_decimal, format_decimal

from tests.helpers import parse
from webapp import date_forms, wording
from webapp.dates import PartialDate, display_span, display_year

OTHERS = ["az", "ru", "ar"]
DAY = datetime.date(2022, 1, 18)


@pytest.mark.parametrize("code", OTHERS)
def test_a_day_is_cldrs_long_format(code):
    with wording.speaking(code):
        assert PartialDate(2022, 1, 18).display() == format_date(DAY, "long", locale=code)


@pytest.mark.parametrize("code", OTHERS)
def test_a_month_is_cldrs_month_and_year(code):
    with wording.speaking(code):
        shown = PartialDate(2021, 8).display()
    assert shown == format_skeleton("yMMMM", datetime.date(2021, 8, 1), locale=code)


@pytest.mark.parametrize("code", OTHERS)
def test_deep_time_groups_and_names_numbers_as_cldr_does(code):
    with wording.speaking(code):
        ago = display_year(-13_800_000_000)
        bce = display_year(-12_000)
    assert (
        format_compact_decimal(13_800_000_000, format_type="long", fraction_digits=2, locale=code)
        in ago
    )
    assert format_decimal(12_000, locale=code) in bce
    assert ago != "13.8 billion years ago"


@pytest.mark.parametrize("code", OTHERS)
def test_our_own_words_for_dates_are_translated(code):
    with wording.speaking(code):
        words = {
            "since": display_span(PartialDate(2002), open_ended=True),
            "circa": date_forms.parse("1450~").label(),
            "before": date_forms.parse("../1200").label(),
            "century": date_forms.parse("1401/1500").label(),
            "decade": date_forms.parse("199X").label(),
        }
    english = {
        "since": "Since 2002", "circa": "c. 1450", "before": "before 1200",
        "century": "the 15th century", "decade": "the 1990s",
    }  # fmt: skip
    for name, text in words.items():
        assert text != english[name], name
        assert any(ch.isdigit() or ch in "IVXLC" for ch in text), text
    if code in ("az", "ru"):
        assert "XV" in words["century"]  # as Russian and Azerbaijani write centuries


def test_english_keeps_its_own_day_month_year():
    assert PartialDate(2022, 1, 18).display() == "18 January 2022"


@pytest.mark.parametrize("code", OTHERS)
def test_pages_show_dates_in_the_readers_language(client, code):
    soup = parse(client.get(f"/sources/today-az-nato-azerbaijan?lang={code}"))
    byline = soup.select_one(".source-byline time").text
    assert byline == format_date(DAY, "long", locale=code)
    event = parse(client.get(f"/events/afghanistan-missions?lang={code}"))
    with wording.speaking(code):
        assert (
            wording.gettext("Since %(date)s", date="2002") in event.select_one(".event-date").text
        )
