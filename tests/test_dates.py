import pytest

from webapp.dates import DateError, PartialDate, display_span, display_years, year_span


@pytest.mark.parametrize(
    ("text", "precision", "shown", "iso"),
    [
        ("1994", "year", "1994", "1994"),
        ("2021-08", "month", "August 2021", "2021-08"),
        ("2022-01-18", "day", "18 January 2022", "2022-01-18"),
        ("0001", "year", "1", "1"),
        ("0602", "year", "602", "602"),
        ("622-08-09", "day", "9 August 622", "622-08-09"),
        ("-300", "year", "300 BCE", "-300"),
        ("-44-03-15", "day", "15 March 44 BCE", "-44-03-15"),
        ("-12000", "year", "12,000 BCE", "-12000"),
        ("-66000000", "year", "66 million years ago", "-66000000"),
        ("-13800000000", "year", "13.8 billion years ago", "-13800000000"),
        ("25000", "year", "25,000 CE", "25000"),
        ("1500000", "year", "1.5 million CE", "1500000"),
        ("100000000000", "year", "100 billion CE", "100000000000"),
    ],
)
def test_parse_keeps_the_precision_of_the_source_and_never_pads(text, precision, shown, iso):
    date = PartialDate.parse(text)
    assert date.precision == precision
    assert date.iso == iso
    assert date.display() == shown
    assert PartialDate.parse(date.iso) == date


def test_months_and_days_before_year_one_follow_the_proleptic_calendar():
    assert PartialDate.parse("-1-02-29").day == 29  # 1 BCE is astronomical year 0, a leap year
    assert PartialDate.parse("-5-02-29").day == 29
    with pytest.raises(DateError):
        PartialDate.parse("-2-02-29")


def test_year_zero_and_years_past_the_limits_are_refused_saying_why():
    with pytest.raises(DateError, match="no year 0"):
        PartialDate.parse("0")
    with pytest.raises(DateError, match="between -100000000000 and 100000000000"):
        PartialDate.parse("-100000000001")


def test_spans_of_years_read_as_people_write_them():
    assert display_years(2004, 2018) == "2004–2018"
    assert display_years(-300, -201) == "300–201 BCE"
    assert display_years(-44, 14) == "44 BCE–14"
    assert display_span(PartialDate(-602), PartialDate(-629)) == "602 BCE – 629 BCE"
    assert display_span(PartialDate(602), PartialDate(629)) == "602 – 629"


def test_bce_dates_sort_before_later_ones():
    texts = ["1", "-1", "-300-05", "-300", "-299", "-13800000000"]
    dates = sorted((PartialDate.parse(t) for t in texts), key=lambda d: d.sort_key)
    assert [d.iso for d in dates] == ["-13800000000", "-300", "-300-05", "-299", "-1", "1"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2021-8",
        "2021-13",
        "2021-00",
        "2021-01-00",
        "2021-02-30",
        "2021/08",
        "August 2021",
        "0000",
        "-0",
        "1234567890123",
        "--300",
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
