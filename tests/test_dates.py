import pytest

from webapp.dates import DateError, PartialDate, display_span, year_span


@pytest.mark.parametrize(
    ("text", "precision", "shown"),
    [
        ("1994", "year", "1994"),
        ("2021-08", "month", "August 2021"),
        ("2022-01-18", "day", "18 January 2022"),
        ("0001", "year", "0001"),
    ],
)
def test_parse_keeps_the_precision_of_the_source(text, precision, shown):
    date = PartialDate.parse(text)
    assert date.precision == precision
    assert date.iso == text
    assert date.display() == shown


@pytest.mark.parametrize(
    "text",
    [
        "",
        "94",
        "2021-8",
        "2021-13",
        "2021-00",
        "2021-01-00",
        "2021-02-30",
        "2021/08",
        "August 2021",
        "0000",
        "12345",
    ],
)
def test_parse_rejects_anything_else(text):
    with pytest.raises(DateError):
        PartialDate.parse(text)


def test_sort_key_orders_a_year_before_its_months_and_days():
    dates = [PartialDate.parse(t) for t in ("2021-08-15", "2021", "2020-12", "2021-08")]
    assert [d.iso for d in sorted(dates, key=lambda d: d.sort_key)] == [
        "2020-12",
        "2021",
        "2021-08",
        "2021-08-15",
    ]


def test_display_span_never_pads_and_marks_open_and_reported_dates():
    start, end = PartialDate.parse("2015"), PartialDate.parse("2021-08")
    assert display_span(start, end) == "2015 – August 2021"
    assert display_span(PartialDate.parse("2002"), open_ended=True) == "Since 2002"
    assert display_span(PartialDate.parse("2020-10")) == "October 2020"
    assert (
        display_span(PartialDate.parse("2022-01-18"), reported=True) == "Reported 18 January 2022"
    )


def test_year_span_runs_open_events_to_the_source_year():
    assert year_span(PartialDate(2002), None, True, 2022) == (2002, 2022)
    assert year_span(PartialDate(2015), PartialDate(2021, 8), False, 2022) == (2015, 2021)
    assert year_span(PartialDate(2004), None, False, 2022) == (2004, 2004)
