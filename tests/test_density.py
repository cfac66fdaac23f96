"""The density strip costs the same at any span: never more than 150 columns, never a slab."""

from __future__ import annotations

import pytest

from webapp.web.density import MAX_YEARS, MIN_COLUMNS, build_strip


def runs(*years_and_counts) -> list[dict]:
    """Runs of one year each: runs((2004, 1), (2010, 2))."""
    return [{"year": y, "last": y, "count": n} for y, n in years_and_counts]


@pytest.mark.parametrize(
    ("first", "last"),
    [(1, 1), (1, 30), (1, 151), (1, 826), (1, 9_999), (1, 13_800_000_000),
     (-13_800_000_000, 2022), (-300, 300), (-100_000_000_000, 100_000_000_000)],
)  # fmt: skip
def test_the_strip_has_a_bounded_number_of_columns_at_any_span(first, last):
    strip = build_strip(runs((first, 3), (last, 1)) if last > first else runs((first, 3)), [])
    assert MIN_COLUMNS <= len(strip.years) <= MAX_YEARS
    columns_with_events = [bar for bar in strip.years if bar["count"]]
    assert columns_with_events[0]["year"] <= first <= columns_with_events[0]["last"]
    assert columns_with_events[-1]["year"] <= last <= columns_with_events[-1]["last"]
    assert all(bar["year"] != 0 and bar["last"] != 0 for bar in strip.years)  # no year 0 to link


def test_a_run_across_thirteen_billion_years_costs_what_a_short_one_does():
    """One event from the Big Bang to now is one run; drawing it visits each column once."""
    strip = build_strip([{"year": -13_800_000_000, "last": 2022, "count": 1}], [])
    assert strip.unit == "100 million years"
    assert all(bar["count"] for bar in strip.years) and len(strip.years) == 139


def labels(strip) -> list[str]:
    """The labels of the columns with events: what the strip's links say."""
    return [bar["label"] for bar in strip.years if bar["count"]]


def test_labels_say_a_year_a_decade_or_a_range_as_people_write_years():
    assert labels(build_strip(runs((2004, 1)), [])) == ["2004"]
    assert labels(build_strip(runs((-44, 1)), [])) == ["44 BCE"]
    decades = build_strip(runs((1200, 1), (2025, 1)), [])
    assert labels(decades) == ["1200s", "2020s"] and decades.unit == "decade"
    long = build_strip(runs((1, 1), (20_000, 1)), [])
    assert labels(long) == ["1–999", "20,000 CE–20,999 CE"] and long.unit == "1,000 years"
    bce = build_strip(runs((-300, 1), (-250, 1), (14, 1)), [])
    assert labels(bce) == ["300–291 BCE", "250–241 BCE", "10s"]
    deep = build_strip(runs((-13_800_000_000, 1), (-66_000_000, 1)), [])
    assert labels(deep)[0] == "13.8 billion years ago–13.7 billion years ago"
