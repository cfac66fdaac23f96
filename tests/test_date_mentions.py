"""Each kind of date expression the extractor reads, and each kind of number it must not."""

from __future__ import annotations

import pytest

from webapp.ingest.date_mentions import find_dates
from webapp.ingest.sentences import split_sentences


def dates(sentence: str, context_year: int | None = 2022, day_first: bool = True) -> list[str]:
    """What a reader would write down: "2015 – 2021-08", "since 2002", "1994"."""
    found = []
    for mention in find_dates(sentence, context_year, day_first):
        text = mention.start.iso
        if mention.end is not None:
            text += f" – {mention.end.iso}"
        if mention.open_ended:
            text = f"since {text}"
        found.append(text)
    return found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # years
        ("Cooperation began in 1994 under the framework.", ["1994"]),
        ("It was 1994's biggest story.", ["1994"]),
        ("The 2004 Istanbul summit was the first.", ["2004"]),
        # months
        ("In October 2020, the war ended.", ["2020-10"]),
        ("The summit met in June 2021.", ["2021-06"]),
        ("It closed in Sept. 2019 and in Aug 2020.", ["2019-09", "2020-08"]),
        # full dates, in the common orders
        ("The article appeared on 18 January 2022.", ["2022-01-18"]),
        ("The article appeared on January 18, 2022.", ["2022-01-18"]),
        ("The article appeared on the 18th of January 2022.", ["2022-01-18"]),
        ("The file is dated 2022-01-18.", ["2022-01-18"]),
        # ranges and open starts
        ("From 2015 to August 2021, Azerbaijan took part.", ["2015 – 2021-08"]),
        ("Furthermore, in 2017-2020, it hosted seven meetings.", ["2017 – 2020"]),
        ("It ran 1998–2003 without a break.", ["1998 – 2003"]),
        ("He attended every summit between 2004 and 2018.", ["2004 – 2018"]),
        ("The light was off from June to August 1940.", ["1940-06 – 1940-08"]),
        ("Since 2002, officers have served there.", ["since 2002"]),
        ("It has taken part in missions since 2002.", ["since 2002"]),
        # several dates in one sentence, each its own
        (
            "Aliyev attended summits (Istanbul 2004, Bucharest 2008, and Brussels 2018).",
            ["2004", "2008", "2018"],
        ),
        ("The same year, 2004, and again in 2004.", ["2004"]),
    ],
)
def test_date_expressions(sentence, expected):
    assert dates(sentence) == expected


def test_a_day_and_month_take_the_year_of_their_context():
    assert dates("On 6 February, the trust reopened the tower.", context_year=1891) == [
        "1891-02-06"
    ]
    assert dates("It arrives on June 14.", context_year=2024) == ["2024-06-14"]
    assert dates("On 6 February, the tower reopened.", context_year=None) == []


def test_a_numeric_date_is_settled_by_a_number_over_12_then_a_weekday_then_convention():
    assert dates("Opened on 25/12/2020.") == ["2020-12-25"]
    assert dates("Opened on 12/25/2020.") == ["2020-12-25"]
    # 3 April 2021 was a Saturday, 4 March 2021 a Thursday: the weekday decides either way.
    assert dates("Bookings opened on 03/04/2021, a Saturday.", day_first=False) == ["2021-04-03"]
    assert dates("Bookings opened on 04/03/2021, a Thursday.", day_first=True) == ["2021-03-04"]
    assert dates("Bookings opened on 03/04/2021.", day_first=True) == ["2021-04-03"]
    assert dates("Bookings opened on 03/04/2021.", day_first=False) == ["2021-03-04"]
    assert dates("Opened on 31.04.2021.") == []  # no such day in either order


def test_a_date_that_does_not_exist_is_not_a_date():
    assert dates("It happened on 30 February 2021.") == []
    assert dates("The file is dated 2022-13-01.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "A total of 120 Azerbaijani servicemen served at the airport.",
        "More than 30 Azerbaijani officers have served there.",
        "48.6% of the fleet was lost.",
        "Turnout was 2020% of the forecast, an obvious typo.",
        "[13:37] - Today.Az",
        "The runner finished in 2:41:07; the median was 3:45:20.",
        "The harbour's 1200 fishermen signed the petition.",
        "The lab has tested 2024 runners since it opened.",
        "It costs 1500 manat, or $2,020, or €1994.",
        "It weighs 1,994 kg.",
        "The logbook is item No. 2019 in the archive.",
        "See page 1994 of the register, Room 1204 and Article 2018 of the code.",
        "Call +44 1326 2018 5577 for tickets.",
        "A 1500-strong crowd watched.",
        "The 44-day war ended.",
        "Its 1980s-era kiln still works.",
        "Score: 12-7 after extra time.",
        "Visit today.az/news/politics/218372.html for more.",
        "About 2.5 million people live there.",
    ],
)
def test_numbers_that_are_not_dates(sentence):
    assert dates(sentence) == []


def test_a_decade_is_a_range_of_years():
    assert [(m.start.iso, m.end.iso) for m in find_dates("It was built in the 1980s.")] == [
        ("1980", "1989")
    ]


def test_the_44_day_war_in_2020_is_2020():
    assert dates("During the 44-day war in 2020, NATO called for a ceasefire.") == ["2020"]


def test_sentences_are_located_verbatim_one_line_at_a_time():
    text = (
        "Today.Az » Politics » NATO seeks co-op\n18 January 2022 [13:37] - Today.Az\n\n"
        "“Armenia and Azerbaijan are partners. We hope to see steps,” added the official. "
        "Dr. Ortiz joined in 2012.\n"
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Today.Az » Politics » NATO seeks co-op",
        "18 January 2022 [13:37] - Today.Az",
        "“Armenia and Azerbaijan are partners. We hope to see steps,” added the official.",
        "Dr. Ortiz joined in 2012.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.line for s in sentences] == [0, 1, 2, 2]
