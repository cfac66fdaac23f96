"""The density strip costs the same at any span: never more than 150 columns, never a slab."""

from __future__ import annotations

import pytest

from webapp.web.density import MAX_YEARS, MIN_COLUMNS, build_strip


@pytest.mark.parametrize("last", [1, 30, 151, 826, 9_999, 13_800_000_000])
def test_the_strip_has_a_bounded_number_of_columns_at_any_span(last):
    counts = (
        [{"year": 1, "count": 3}, {"year": last, "count": 1}]
        if last > 1
        else [{"year": 1, "count": 3}]
    )
    strip = build_strip(counts, [])
    assert MIN_COLUMNS <= len(strip.years) <= MAX_YEARS
    columns_with_events = [bar for bar in strip.years if bar["count"]]
    assert columns_with_events[0]["year"] <= 1 <= columns_with_events[0]["last"]
    assert columns_with_events[-1]["year"] <= last <= columns_with_events[-1]["last"]


def labels(strip) -> list[str]:
    """The labels of the columns with events: what the strip's links say."""
    return [bar["label"] for bar in strip.years if bar["count"]]


def test_labels_say_a_year_a_decade_or_a_range():
    assert labels(build_strip([{"year": 2004, "count": 1}], [])) == ["2004"]
    decades = build_strip([{"year": 1200, "count": 1}, {"year": 2025, "count": 1}], [])
    assert labels(decades) == ["1200s", "2020s"] and decades.size == 10
    long = build_strip([{"year": 1, "count": 1}, {"year": 20_000, "count": 1}], [])
    assert labels(long) == ["0–999", "20000–20999"] and long.size == 1000
