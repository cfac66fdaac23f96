"""Each export parsed back with a real parser: csv, icalendar, json."""

import csv
import datetime
import io
import json

import icalendar
import pytest

from tests.helpers import parse


def download(client, path):
    with client.get(path) as response:
        assert response.status_code == 200, response.get_data(as_text=True)
        assert "attachment" in response.headers["Content-Disposition"]
        return response.headers["Content-Type"], response.get_data(as_text=True)


def test_csv_has_one_row_per_event_of_the_view(client):
    content_type, text = download(client, "/api/events.csv?topic=afghanistan")
    assert content_type.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["slug"] for row in rows] == [
        "afghanistan-missions",
        "resolute-support-mission",
        "kabul-airport-evacuation",
    ]
    resolute = rows[1]
    assert (resolute["start"], resolute["end"], resolute["end_precision"]) == (
        "2015",
        "2021-08",
        "month",
    )
    assert rows[0]["open_ended"] == "true"
    assert rows[2]["places"] == "Kabul; Kabul International Airport"
    assert (
        "120 Azerbaijani servicemen served at Kabul" in rows[2]["quote"]
    )  # verbatim, with its no-break space


def test_exports_take_every_matching_event_unless_limited(client):
    _, everything = download(client, "/api/events.csv")
    assert len(list(csv.DictReader(io.StringIO(everything)))) == 22
    _, capped = download(client, "/api/events.csv?limit=4")
    assert len(list(csv.DictReader(io.StringIO(capped)))) == 4


def test_json_export_has_the_api_shape_with_all_events(client):
    content_type, text = download(client, "/api/events.json?year=2021")
    body = json.loads(text)
    assert content_type == "application/json"
    assert set(body) == {"events", "total", "total_exact", "facets", "next"}
    assert body["total"] == len(body["events"]) == 5 and body["next"] is None
    api = client.get("/api/events?year=2021").get_json()
    assert body["events"] == api["events"]


def test_ical_has_an_all_day_event_per_event_honouring_precision(client):
    content_type, text = download(client, "/api/events.ics?topic=armenia-azerbaijan")
    assert content_type.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(text)
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert len(events) == 5
    war = events["war-2020"]  # a year: the whole year
    assert war.decoded("dtstart") == datetime.date(2020, 1, 1)
    assert war.decoded("dtend") == datetime.date(2021, 1, 1)
    october = events["stoltenberg-sargsyan-press-conference"]  # a month: the whole month
    assert october.decoded("dtstart") == datetime.date(2020, 10, 1)
    assert october.decoded("dtend") == datetime.date(2020, 11, 1)
    assert "not engaged in this conflict" in str(october["description"])
    reported = events["nato-urges-dialogue"]  # a day
    assert reported.decoded("dtend") - reported.decoded("dtstart") == datetime.timedelta(days=1)


def test_ical_ranges_span_from_the_start_to_the_end_period(client):
    _, text = download(client, "/api/events.ics?q=Resolute")
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert event.decoded("dtstart") == datetime.date(2015, 1, 1)
    assert event.decoded("dtend") == datetime.date(2021, 9, 1)
    assert str(event["x-timeline-display-date"]) == "2015 – August 2021"


def test_timelinejs_json_holds_only_the_date_parts_that_exist(client):
    _, text = download(client, "/api/timelinejs.json?topic=afghanistan&topic=summits")
    body = json.loads(text)
    assert body["title"]["text"]["headline"] == "NATO seeks broad practical co-op with Azerbaijan"
    slides = {slide["unique_id"]: slide for slide in body["events"]}
    assert len(slides) == 11
    resolute = slides["resolute-support-mission"]
    assert resolute["start_date"] == {"year": "2015"}
    assert resolute["end_date"] == {"year": "2021", "month": "8"}
    assert resolute["group"] == "Afghanistan"
    assert resolute["display_date"] == "2015 – August 2021"
    assert resolute["text"]["headline"] == "Azerbaijan serves in the Resolute Support Mission"
    assert "<blockquote" in resolute["text"]["text"]
    assert "end_date" not in slides["istanbul-summit-2004"]


@pytest.mark.parametrize(
    "path", ["/api/events.csv", "/api/events.json", "/api/events.ics", "/api/timelinejs.json"]
)
def test_exports_reject_bad_filters_like_the_api(client, path):
    response = client.get(f"{path}?year=abc")
    assert response.status_code == 400 and "year" in response.get_json()["error"]


def test_page_links_to_downloads_of_the_current_view(client):
    soup = parse(client.get("/?topic=russia&limit=5"))
    links = {a.get_text(): a["href"] for a in soup.select(".downloads a")}
    assert links == {
        "CSV": "/api/events.csv?topic=russia",
        "for Excel": "/api/events.csv?topic=russia&for=excel",
        "JSON": "/api/events.json?topic=russia",
        "iCal": "/api/events.ics?topic=russia",
        "TimelineJS": "/api/timelinejs.json?topic=russia",
    }


def test_a_timeline_title_with_a_line_break_makes_a_valid_calendar(tmp_path):
    """Found by the import fuzz test: a title "0\\n0" made icalendar refuse the calendar (500)."""
    import json

    from click.testing import CliRunner

    from webapp import create_app
    from webapp.cli import main

    slide = {"start_date": {"year": 1}, "text": {"headline": "Year one"}}
    document = {"title": {"text": {"headline": "Line one\nline two"}}, "events": [slide]}
    (tmp_path / "in.json").write_text(json.dumps(document))
    result = CliRunner().invoke(
        main, ["import", str(tmp_path / "in.json"), "--db", str(tmp_path / "t.db")]
    )
    assert result.exit_code == 0, result.output
    client = create_app({"TESTING": True, "DATABASE": str(tmp_path / "t.db")}).test_client()
    response = client.get("/api/events.ics")
    assert response.status_code == 200
    assert b"X-WR-CALNAME:Line one line two" in response.data
