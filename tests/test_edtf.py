"""The Library of Congress EDTF specification's own examples, read, stored, shown, exported and
imported back unchanged; and our reading of each held to the `edtf` package's.

The examples are the specification's (loc.gov/standards/datetime, February 2019), as the `edtf`
package's test suite lists them (github.com/ixc/python-edtf, edtf/parser/tests.py, EXAMPLES).
"""

from __future__ import annotations

import json

import edtf
import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

from webapp import create_app
from webapp.cli import main
from webapp.date_forms import NotHeld, edtf_date, edtf_of, parse
from webapp.dates import DateError, PartialDate, days_in_month
from webapp.ingest.build import build

# The specification's examples this timeline holds: levels 0 and 1 (but times of day), and
# level 2's exponential years, quarters, southern seasons and a day left unspecified.
SPEC_HELD = [
    "2001-02-03", "2008-12", "2008", "-0999", "0000",
    "1964/2008", "2004-06/2006-08", "2004-02-01/2005-02-08", "2004-02-01/2005-02",
    "2004-02-01/2005", "2005/2006-02", "-2005/-1999-02",
    "1984?", "2004-06-11?", "2004-06?", "1984~", "1984%",
    "199X", "19XX", "1999-XX", "1999-01-XX", "1999-XX-XX",
    "-0275~", "-0001~", "0000~",
    "/2006", "2004-06-01/", "../2006", "2004-01-01/..",
    "1984~/2004-06", "1984/2004-06~", "1984?/2004%", "1984~/2004~", "1984-06?/2004-08?",
    "1984-06-02?/2004-08-08~", "1984-06-02?/",
    "Y170000002", "Y-170000002",
    "2001-21", "2003-22", "2000-23", "2010-24",
    "2004-06-11%", "196X", "2004-06-XX/2004-07-03",
    "Y17E7", "Y-17E7", "2001-29", "2001-34",
]  # fmt: skip

# Valid EDTF of forms we do not hold: times of day, qualifiers on part of a date, unspecified
# digits inside a date, sets and lists. Each is refused as "valid EDTF, not held here".
SPEC_NOT_HELD = [
    "2001-02-03T09:30:01", "2004-01-01T10:10:10Z", "2004?-06-11", "2004-06~-11", "2004-06-~11",
    "2004-%06", "2004-?06-?11", "?2004-%06", "2011-~06-~04", "156X-12-25", "15XX-12-25",
    "1560-XX-25", "XXXX-XX-23", "[1667, 1668, 1670..1672]", "[..1760-12-03]",
    "{1960, 1961-12}", "2004-06-~01/2004-06-~20",
]  # fmt: skip

# The specification's bad examples (the same suite's BAD_EXAMPLES): not EDTF at all.
SPEC_BAD = ["not a edtf string", "Y17E7-12-26", "2016-13-08", "2016-02-39", "-0000-01-01"]


def historical(year: int) -> int:
    """The library counts years astronomically (0 is 1 BCE); our plain dates historically."""
    return year - 1 if year <= 0 else year


def library_bounds(text: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    parsed = edtf.parse_edtf(text)
    low, high = parsed.lower_strict()[:3], parsed.upper_strict()[:3]
    return (historical(low[0]), *low[1:]), (historical(high[0]), *high[1:])


def bounded(text: str) -> bool:
    """Neither winter nor an open or unknown end, where the library chooses otherwise (below)."""
    return not text.endswith("-24") and not ("/" in text and {"", ".."} & set(text.split("/")))


@pytest.mark.parametrize("text", [text for text in SPEC_HELD if bounded(text)])
def test_we_read_each_held_example_as_the_edtf_library_does(text):
    form = parse(text)
    low, high = library_bounds(text)
    covered_last = form.last or form.first
    assert (form.first.year, form.first.month or 1, form.first.day or 1) == low
    assert covered_last.year == high[0]
    assert (covered_last.month or 12) == high[1]
    if covered_last.day:
        assert covered_last.day == high[2]


def test_where_we_choose_otherwise_than_the_library():
    """Winter runs December to the next February (the library ends it in December); an open
    or unknown end stays open (the library guesses ten years)."""
    winter = parse("2010-24")
    assert (winter.first.iso, winter.last.iso) == ("2010-12", "2011-02")
    assert parse("1984-06-02?/").last is None and parse("../2006").first.iso == "2006"


@pytest.mark.parametrize("text", SPEC_NOT_HELD)
def test_valid_edtf_we_do_not_hold_is_refused_as_such(text):
    edtf.parse_edtf(text)  # the library holds it: it is valid EDTF
    with pytest.raises(NotHeld, match="valid EDTF, but not a form this timeline holds"):
        parse(text)


@pytest.mark.parametrize("text", SPEC_BAD)
def test_what_is_not_edtf_is_refused_with_the_forms_we_take(text):
    with pytest.raises(DateError) as refused:
        parse(text)
    assert not isinstance(refused.value, NotHeld)


def test_plain_dates_are_written_as_edtf_in_iso_years():
    assert edtf_date(PartialDate(-44, 3, 15)) == "-0043-03-15"
    assert edtf_date(PartialDate(602)) == "0602"
    assert edtf_date(PartialDate(-13_800_000_000)) == "Y-13799999999"
    assert edtf_of(PartialDate(2002), None, open_ended=True) == "2002/.."
    assert edtf_of(PartialDate(2015), PartialDate(2021, 8), open_ended=False) == "2015/2021-08"
    for date in (PartialDate(-44, 3, 15), PartialDate(-13_800_000_000), PartialDate(1, 1, 1)):
        assert parse(edtf_date(date)).first == date


def write_examples(folder, examples: list[str]) -> None:
    """A timeline with one event per example, each quoting its own line (inferred: the spec's
    strings are not in any text)."""
    (folder / "sources").mkdir(parents=True)
    (folder / "timeline.toml").write_text('title = "EDTF examples"\ndescription = "The spec."\n')
    (folder / "topics.toml").write_text(
        '[[topics]]\nslug = "spec"\nlabel = "Spec"\ndescription = "Examples."\n'
    )
    (folder / "sources" / "spec.toml").write_text(
        'title = "EDTF"\noutlet = "Library of Congress"\npublished = "2019-02-04"\n'
    )
    lines = [f"Example number {n}." for n in range(len(examples))]
    (folder / "sources" / "spec.txt").write_text("\n\n".join(lines) + "\n")
    events = [
        f'[[events]]\nslug = "example-{n}"\ntitle = "Example {n}"\nedtf = {json.dumps(text)}\n'
        f'topics = ["spec"]\nsource = "spec"\nquote = "{lines[n]}"\ninferred = true\n'
        for n, text in enumerate(examples)
    ]
    (folder / "events.toml").write_text("\n".join(events))


def published(db_path) -> dict[str, dict]:
    client = create_app({"DATABASE": str(db_path)}).test_client()
    body = client.get("/api/events?limit=500").get_json()
    return {event["slug"]: event for event in body["events"]}


@pytest.mark.parametrize("extension", ["json", "csv"])
def test_spec_examples_round_trip_through_build_export_and_import(tmp_path, extension):
    write_examples(tmp_path / "data", SPEC_HELD)
    build(tmp_path / "data", tmp_path / "first.db")
    before = published(tmp_path / "first.db")
    client = create_app({"DATABASE": str(tmp_path / "first.db")}).test_client()
    exported = tmp_path / f"export.{extension}"
    exported.write_bytes(client.get(f"/api/events.{extension}?limit=500").get_data())
    result = CliRunner().invoke(main, ["import", str(exported), "--db", str(tmp_path / "b.db")])
    assert result.exit_code == 0, result.output
    after = published(tmp_path / "b.db")
    same = ("edtf", "start", "end", "precision", "end_precision", "display_date", "open_ended")
    assert len(before) == len(SPEC_HELD)
    for n, text in enumerate(SPEC_HELD):
        event = before[f"example-{n}"]
        assert parse(event["edtf"]) == parse(text) or parse(text).plain, text
        assert {k: after[f"example-{n}"][k] for k in same} == {k: event[k] for k in same}, text


def test_spec_examples_are_shown_as_people_say_them(tmp_path):
    write_examples(tmp_path / "data", SPEC_HELD)
    build(tmp_path / "data", tmp_path / "t.db")
    shown = {
        text: published(tmp_path / "t.db")[f"example-{n}"]["display_date"]
        for n, text in enumerate(SPEC_HELD)
    }
    assert shown["1984?"] == "1984?"
    assert shown["1984~"] == "c. 1984"
    assert shown["1984%"] == "c. 1984?"
    assert shown["199X"] == "the 1990s"
    assert shown["19XX"] == "the 1900s"
    assert shown["-0275~"] == "c. 276 BCE"
    assert shown["0000"] == "1 BCE"
    assert shown["../2006"] == "before 2006"
    assert shown["2004-01-01/.."] == "after 1 January 2004"
    assert shown["1984/2004-06~"] == "1984 – c. June 2004"
    assert shown["2001-21"] == "spring 2001"
    assert shown["2010-24"] == "winter 2010–11"
    assert shown["2001-29"] == "spring 2001 (southern hemisphere)"
    assert shown["2001-34"] == "Q2 2001"
    assert shown["Y-17E7"] == "170 million years ago"
    assert shown["2004-06-11?"] == "11 June 2004?"


YEARS = st.integers(-100_000_000_000, 100_000_000_000).filter(lambda year: year != 0)


# Years EDTF writes in four digits (astronomical -9999 to 9999), where months and days exist.
CALENDAR_YEARS = st.integers(-10_000, 9999).filter(lambda year: year != 0)


@st.composite
def plain_dates(draw, years=YEARS) -> PartialDate:
    year = draw(years)
    month = draw(st.none() | st.integers(1, 12))
    if month is None:
        return PartialDate(year)
    day = draw(st.none() | st.integers(1, days_in_month(year, month)))
    return PartialDate(year, month, day)


@given(plain_dates(), st.sampled_from(["", "~", "?", "%"]))
def test_any_plain_date_written_as_edtf_reads_back_as_itself(date, qualifier):
    written = edtf_date(date)
    form = parse(written + qualifier)
    if written.startswith("Y"):  # a Y year is a year alone
        assert form.first == PartialDate(date.year)
    else:
        assert form.first == date and form.last is None
    assert form.start.qualifier == qualifier


@given(plain_dates(CALENDAR_YEARS), plain_dates(CALENDAR_YEARS))
def test_any_span_reads_back_as_its_two_ends_in_order(one, other):
    low, high = sorted((one, other), key=lambda date: date.sort_key)
    assume(low.sort_key != high.sort_key)
    form = parse(edtf_of(low, high, open_ended=False))
    assert (form.first, form.last) == (low, high)
