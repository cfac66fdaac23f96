"""timeline import: TimelineJS JSON and CSV, our own exports, round trips, bad files."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from tests.helpers import parse
from webapp import create_app
from webapp.cli import main

TIMELINEJS = {
    "title": {"text": {"headline": "A space race", "text": "<p>From orbit to the Moon.</p>"}},
    "events": [
        {
            "start_date": {"year": 1957, "month": 10, "day": 4},
            "text": {"headline": "Sputnik 1", "text": "<p>The first <b>satellite</b>.</p>"},
            "group": "Soviet programme",
        },
        {
            "start_date": {"year": "1961", "month": "4"},
            "text": {"headline": "Vostok 1"},
            "group": "Soviet programme",
            "unique_id": "vostok-1",
        },
        {
            "start_date": {"year": 1969},
            "end_date": {"year": 1972, "month": 12},
            "text": {"headline": "Apollo landings", "text": "Six crews land."},
            "group": "Apollo",
        },
        {"start_date": {"year": 1975}, "text": {"headline": "Apollo–Soyuz"}},
    ],
}
TIMELINEJS_CSV = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
    "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
    ",,,,,,,,,A river's floods,The big ones,,,,,title,,\n"
    "1910,1,,,1910,2,,,,Great Flood of Paris,<p>The Seine rises 8.6 m.</p>,,,,,,Floods,\n"
    "1658,2,27,,,,,,,Flood of 1658,Highest recorded,,,,,,Floods,\n"
    "1900,,,,1950,,,,,An era,,,,,,era,,\n"
    "2016,6,,,,,,,,June 2016 flood,,,,,,,Floods,\n"
)


def run(*arguments):
    return CliRunner().invoke(main, ["import", *map(str, arguments)])


def events_of(db_path) -> dict[str, dict]:
    app = create_app({"DATABASE": str(db_path)})
    body = app.test_client().get("/api/events?limit=500").get_json()
    return {event["slug"]: event for event in body["events"]}


def test_timelinejs_json_keeps_each_dates_precision(tmp_path):
    source = tmp_path / "space race.json"
    source.write_text(json.dumps(TIMELINEJS))
    result = run(source, "--db", tmp_path / "space.db")
    assert result.exit_code == 0, result.output
    assert "imported 4 events (TimelineJS JSON)" in result.output
    events = events_of(tmp_path / "space.db")
    assert set(events) == {"sputnik-1", "vostok-1", "apollo-landings", "apollo-soyuz"}
    assert (events["sputnik-1"]["start"], events["sputnik-1"]["precision"]) == ("1957-10-04", "day")
    assert (events["vostok-1"]["start"], events["vostok-1"]["precision"]) == ("1961-04", "month")
    apollo = events["apollo-landings"]
    assert (apollo["start"], apollo["end"], apollo["end_precision"]) == ("1969", "1972-12", "month")
    assert apollo["display_date"] == "1969 – December 1972"
    assert events["sputnik-1"]["summary"] == "The first satellite."
    assert events["sputnik-1"]["topics"] == ["soviet-programme"]
    assert events["apollo-soyuz"]["topics"] == ["uncategorised"]
    assert events["sputnik-1"]["provenance"] == "imported from space race.json"
    assert events["sputnik-1"]["quote"] is None and events["sputnik-1"]["quote_url"] is None
    app = create_app({"DATABASE": str(tmp_path / "space.db")})
    topics = app.test_client().get("/api/topics").get_json()["topics"]
    assert {t["slug"]: t["label"] for t in topics}["soviet-programme"] == "Soviet programme"


def test_timelinejs_spreadsheet_csv_with_title_and_era_rows(tmp_path):
    source = tmp_path / "floods.csv"
    source.write_text(TIMELINEJS_CSV)
    result = run(source, "--db", tmp_path / "floods.db", "--source-slug", "seine")
    assert result.exit_code == 0, result.output
    events = events_of(tmp_path / "floods.db")
    assert list(events) == ["flood-of-1658", "great-flood-of-paris", "june-2016-flood"]
    paris = events["great-flood-of-paris"]
    assert (paris["start"], paris["end"], paris["display_date"]) == (
        "1910-01",
        "1910-02",
        "January 1910 – February 1910",
    )
    assert events["flood-of-1658"]["start"] == "1658-02-27"
    assert all(event["source"] == "seine" for event in events.values())
    app = create_app({"DATABASE": str(tmp_path / "floods.db")})
    page = parse(app.test_client().get("/"))
    assert page.select_one("h1").get_text() == "A river's floods"
    # The era row is not an event: it is a band on the strip, named with its years.
    assert "imported 3 events and 1 era" in result.output
    assert [a.get_text(" ", strip=True) for a in page.select("[aria-label=Eras] a")] == [
        "An era 1900 – 1950"
    ]


@pytest.mark.parametrize("extension", ["json", "csv"])
def test_export_then_import_gives_the_same_events(client, tmp_path, extension):
    exported = tmp_path / f"export.{extension}"
    with client.get(f"/api/events.{extension}") as response:
        exported.write_bytes(response.get_data())
    result = run(exported, "--db", tmp_path / "again.db")
    assert result.exit_code == 0, result.output
    before = {e["slug"]: e for e in client.get("/api/events?limit=500").get_json()["events"]}
    after = events_of(tmp_path / "again.db")
    same = ["title", "summary", "start", "end", "precision", "end_precision", "open_ended",
            "reported", "display_date", "topics", "places", "actors", "quote"]  # fmt: skip
    assert list(after) == list(before)
    for slug, event in before.items():
        assert {k: after[slug][k] for k in same} == {k: event[k] for k in same}, slug
        assert after[slug]["provenance"] == f"imported from export.{extension}"


def test_import_into_db_folder_writes_editable_toml_and_rebuilds(data_dir, tmp_path):
    source = tmp_path / "space.json"
    source.write_text(json.dumps(TIMELINEJS))
    result = run(source, "--data", data_dir)
    assert result.exit_code == 0, result.output
    written = data_dir / "imports" / "space.toml"
    assert 'imported_from = "space.json"' in written.read_text()
    events = events_of(data_dir / "timeline.db")
    assert len(events) == 22 + 4
    assert events["war-2020"]["provenance"] is None  # the curated events are untouched
    assert events["vostok-1"]["provenance"] == "imported from space.json"
    again = run(source, "--data", data_dir)  # importing the same source again replaces it
    assert again.exit_code == 0 and len(events_of(data_dir / "timeline.db")) == 26
    rebuilt = CliRunner().invoke(
        main, ["build", "--data", str(data_dir), "--db", str(data_dir / "timeline.db")]
    )
    assert rebuilt.output.startswith("unchanged")


def test_import_leaves_other_databases_and_db_folder_alone(data_dir, tmp_path, built_db):
    source = tmp_path / "space.json"
    source.write_text(json.dumps(TIMELINEJS))
    target = tmp_path / "copy.db"
    target.write_bytes(built_db.read_bytes())
    assert run(source, "--db", target, "--data", data_dir).exit_code == 0
    assert not (data_dir / "imports").exists()
    assert len(events_of(target)) == 26
    assert events_of(target)["war-2020"]["quote_url"].endswith("#war-2020")


def test_imported_event_page_says_where_it_came_from(tmp_path):
    source = tmp_path / "space.json"
    source.write_text(json.dumps(TIMELINEJS))
    run(source, "--db", tmp_path / "space.db")
    client = create_app({"DATABASE": str(tmp_path / "space.db")}).test_client()
    page = parse(client.get("/events/vostok-1"))
    assert "Imported from space.json" in page.select_one(".provenance").get_text()
    assert page.select_one("a.quote-link") is None
    source_page = parse(client.get("/sources/space"))
    assert "space.json" in source_page.select_one(".source-help").get_text()


def one(event: dict) -> str:
    """A JSON file holding one event."""
    return json.dumps({"events": [event]})


A = {"headline": "A"}
BAD_FILES = [
    ("bad.json", "{not json", "bad.json: not valid JSON"),
    ("bad.json", '{"events": "none"}', "expected an object with an 'events' list"),
    ("bad.json", '{"events": []}', "holds no events"),
    ("bad.json", one({"start_date": {"year": "19x4"}, "text": A}),
     "bad.json: events[0].start_date.year: '19x4' is not a year"),
    ("bad.json", one({"start_date": {"year": 1990, "month": 13}, "text": A}),
     "bad.json: events[0].start_date.year: '1990-13' is not a real calendar date"),
    ("bad.json", one({"start_date": {"year": 0}, "text": A}),
     "bad.json: events[0].start_date.year: '0': there is no year 0"),
    ("bad.json", one({"text": A}), "bad.json: events[0].start_date.year: missing"),
    ("bad.json", one({"slug": "a", "title": "A", "start": "2020", "end": "2019"}),
     "end 2019 is before start 2020"),
    ("bad.json", one({"slug": "A b", "title": "A", "start": "2020"}),
     "bad.json: events[0].slug: 'A b' is not lowercase-with-hyphens"),
    ("bad.csv", "Year,Headline\n2020,Fine\n20x0,Broken\n", "bad.csv: row 3, column Year: '20x0'"),
    ("bad.csv", "When,What\n2020,x\n", "the header needs TimelineJS columns"),
    ("bad.csv", "slug,title,start,open_ended\na,A,2020,maybe\n",
     "row 2.open_ended: expected true or false"),
    ("bad.txt", "hello", "give a .json or .csv file"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_malformed_files_fail_naming_record_and_field_and_change_nothing(
    data_dir, tmp_path, built_db, name, content, message
):
    bad = tmp_path / name
    bad.write_text(content)
    target = tmp_path / "existing.db"
    target.write_bytes(built_db.read_bytes())
    before = target.read_bytes()
    for extra in (["--db", target], ["--data", data_dir]):
        result = run(bad, *extra)
        assert result.exit_code == 1
        assert message in result.output, result.output
    assert target.read_bytes() == before
    assert not (data_dir / "imports").exists() and not (data_dir / "timeline.db").exists()


def test_an_import_cannot_take_a_curated_sources_slug_or_its_events_slugs(
    data_dir, tmp_path, built_db, client
):
    exported = tmp_path / "export.json"
    exported.write_bytes(client.get("/api/events.json").get_data())
    curated = run(exported, "--data", data_dir, "--source-slug", "today-az-nato-azerbaijan")
    assert "is a curated source" in curated.output
    target = tmp_path / "copy.db"
    target.write_bytes(built_db.read_bytes())
    clash = run(exported, "--db", target)
    assert clash.exit_code == 1
    assert "slug 'partnership-for-peace' is used more than once" in clash.output
    rows = sqlite3.connect(target).execute("SELECT count(*) FROM events").fetchone()[0]
    assert rows == 22


def test_a_slides_own_display_date_and_time_of_day_are_kept(tmp_path, built_db):
    slides = [
        {"start_date": {"year": "1914"}, "end_date": {"year": "1918"},
         "display_date": "The Great War years", "text": {"headline": "War"}},
        {"start_date": {"year": "2,001", "month": "9", "day": "11", "hour": "8", "minute": "46"},
         "text": {"text": "<p>The first plane.</p><p>Then the second.</p><script>x()</script>"}},
        {"start_date": {"year": -500}, "text": {"headline": "Rózsa Péter"},
         "media": {"url": "javascript:alert(1)"}},
    ]  # fmt: skip
    path = tmp_path / "own.json"
    path.write_text(json.dumps({"events": slides}))
    target = tmp_path / "copy.db"
    target.write_bytes(built_db.read_bytes())
    result = run(path, "--db", target)
    assert result.exit_code == 0, result.output
    assert "media url 'javascript:alert(1)' is not a web address" in result.output
    app = create_app({"TESTING": True, "DATABASE": str(target)})
    events = app.test_client().get("/api/events?source=own").get_json()["events"]
    by_title = {e["title"]: e for e in events}
    assert by_title["War"]["display_date"] == "The Great War years"
    plane = by_title["The first plane."]
    assert plane["display_date"] == "11 September 2001, 08:46"
    assert plane["summary"] == "The first plane.\n\nThen the second."
    assert by_title["Rózsa Péter"]["slug"] == "rozsa-peter"
    assert (
        by_title["Rózsa Péter"]["display_date"] == "500 BCE"
        and not by_title["Rózsa Péter"]["media"]
    )


def test_a_headline_that_makes_a_curated_events_slug_gives_way_to_it(data_dir, tmp_path):
    path = tmp_path / "pfp.json"
    slide = {"start_date": {"year": "1994"}, "text": {"headline": "Partnership for Peace"}}
    path.write_text(json.dumps({"events": [slide]}))
    result = run(path, "--data", data_dir)
    assert result.exit_code == 0, result.output
    events = events_of(data_dir / "timeline.db")
    assert "partnership-for-peace" in events and "partnership-for-peace-2" in events
    assert events["partnership-for-peace-2"]["source"] == "pfp"


def test_a_time_of_day_stays_with_its_own_end_of_the_span(tmp_path, built_db):
    slide = {
        "start_date": {"year": "2001", "month": "9", "day": "11"},
        "end_date": {"year": "2001", "month": "9", "day": "12", "hour": "9", "minute": "0"},
        "text": {"headline": "Ends at nine"},
    }
    path = tmp_path / "times.json"
    path.write_text(json.dumps({"events": [slide]}))
    target = tmp_path / "copy.db"
    target.write_bytes(built_db.read_bytes())
    assert run(path, "--db", target).exit_code == 0
    (event,) = [e for e in events_of(target).values() if e["source"] == "times"]
    assert event["display_date"] == "11 September 2001 – 12 September 2001, 09:00"


def test_our_timelinejs_export_round_trips_what_timelinejs_has_no_place_for(client, tmp_path):
    exported = tmp_path / "ours-timelinejs.json"
    exported.write_bytes(client.get("/api/timelinejs.json").get_data())
    result = run(exported, "--db", tmp_path / "again.db")
    assert result.exit_code == 0, result.output
    again = events_of(tmp_path / "again.db")
    original = {e["slug"]: e for e in client.get("/api/events?limit=500").get_json()["events"]}
    assert set(again) == set(original)
    for slug, event in original.items():
        kept = again[slug]
        assert kept["topics"] == event["topics"], slug
        assert (kept["open_ended"], kept["reported"]) == (event["open_ended"], event["reported"])
        assert kept["quote"] == event["quote"]


def test_an_era_that_cannot_be_kept_is_named_in_a_warning_and_the_rest_import(tmp_path):
    document = {
        **TIMELINEJS,
        "eras": [
            {"start_date": {"year": 1957}, "end_date": {"year": 1975},
             "text": {"headline": "The space race"}},
            {"start_date": {"year": 1990}, "text": {"headline": "No end"}},
            {"start_date": {"year": 1980}, "end_date": {"year": 1970},
             "text": {"headline": "Backwards"}},
        ],
    }  # fmt: skip
    source = tmp_path / "space.json"
    source.write_text(json.dumps(document))
    result = run(source, "--db", tmp_path / "space.db")
    assert result.exit_code == 0, result.output
    assert "eras[1].end_date.year: missing; the era was left out" in result.output
    assert "eras[2].end_date.year: the era ends before it starts" in result.output
    assert "imported 4 events and 1 era" in result.output
    # Importing the file again replaces its eras rather than adding to them.
    apollo = {"start_date": {"year": 1969}, "end_date": {"year": 1972}}
    apollo["text"] = {"headline": "Apollo"}
    document["eras"] = [document["eras"][0], apollo]
    source.write_text(json.dumps(document))
    assert run(source, "--db", tmp_path / "space.db").exit_code == 0
    with sqlite3.connect(tmp_path / "space.db") as db:
        titles = [row[0] for row in db.execute("SELECT title FROM eras ORDER BY id")]
    assert titles == ["The space race", "Apollo"]
