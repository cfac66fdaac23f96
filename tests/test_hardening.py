"""Faults a security review and real clients found, each pinned by a test that failed before.

(Host, proxies and Vary are in test_addressing.py; extractor timing in test_linear_time.py.)
"""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import icalendar
import pytest
from click.testing import CliRunner

from tests.helpers import parse
from webapp import create_app
from webapp.cli import main
from webapp.web.exports import inert_cell

# Our own JSON format, whose texts are plain text: whatever they hold must reach every export as
# text. Places and actors too, and a topic label.
HOSTILE = {
    "events": [
        {"slug": "formula", "title": "=HYPERLINK(\"http://x.example\")", "summary": "+SUM(A1)",
         "start": "1990", "places": ["@home"], "actors": ["-dash"], "topics": ["grp"]},
        {"slug": "generic", "title": "Vector<T> released",
         "summary": "<img src=x onerror=alert(1)>", "start": "1991"},
        {"slug": "minus", "title": "-5 degrees", "summary": "\tTabbed", "start": "1992"},
        {"slug": "far-end", "title": "The far end", "summary": "Late.", "start": "9999"},
    ],
    "facets": {"topics": [{"slug": "grp", "label": "<i>Group</i>"}]},
}  # fmt: skip


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A database holding an imported file of hostile texts."""
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.json"
    source.write_text(json.dumps(HOSTILE))
    result = CliRunner().invoke(main, ["import", str(source), "--db", str(folder / "h.db")])
    assert result.exit_code == 0, result.output
    app = create_app({"TESTING": True, "DATABASE": str(folder / "h.db")})
    return app.test_client()


def test_csv_cells_never_start_a_formula(hostile):
    rows = list(csv.DictReader(io.StringIO(hostile.get("/api/events.csv").get_data(as_text=True))))
    cells = [value for row in rows for value in row.values() if value]
    assert not [cell for cell in cells if cell[0] in "=+-@\t\r"]
    titles = {row["title"] for row in rows}
    assert '\'=HYPERLINK("http://x.example")' in titles and "'-5 degrees" in titles


@pytest.mark.parametrize(
    "value, written",
    [("=1+1", "'=1+1"), ("-300", "-300"), ("-3.5", "-3.5"), ("-300 BC", "'-300 BC"),
     ("@me", "'@me"), ("\rx", "'\rx"), ("plain", "plain"), (7, 7), (None, None)],
)  # fmt: skip
def test_inert_cells_keep_plain_numbers(value, written):
    assert inert_cell(value) == written


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _tags(html: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_timelinejs_export_escapes_every_text_it_treats_as_html(hostile):
    body = hostile.get("/api/timelinejs.json").get_json()
    texts = [body["title"]["text"]["headline"], body["title"]["text"]["text"]]
    for slide in body["events"]:
        texts += [slide["text"]["headline"], slide["display_date"], slide.get("group", "")]
        assert set(_tags(slide["text"]["text"])) <= {"p", "blockquote"}
    assert not [text for text in texts if _tags(text)]
    headlines = [slide["text"]["headline"] for slide in body["events"]]
    assert "Vector&lt;T&gt; released" in headlines
    assert "&lt;img" in json.dumps(body) and "<img" not in json.dumps(body)


def test_ical_has_dtstamp_and_leaves_out_what_it_cannot_hold(hostile):
    response = hostile.get("/api/events.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.get_data())
    events = calendar.walk("VEVENT")
    assert len(events) == 3 and all(event.get("dtstamp") for event in events)
    assert "far-end" not in response.get_data(as_text=True)
    assert calendar["x-timeline-left-out"].startswith("1 event")


def test_exports_are_bounded_paged_and_cached(client):
    first = client.get("/api/events.csv?limit=5")
    assert first.status_code == 200 and first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("public")
    rows = list(csv.DictReader(io.StringIO(first.get_data(as_text=True))))
    assert len(rows) == 5
    following = first.headers["Link"].split(">")[0].lstrip("<")
    assert following.startswith("http://localhost/api/events.csv?") and "cursor=" in following
    second = client.get(following.removeprefix("http://localhost"))
    more = list(csv.DictReader(io.StringIO(second.get_data(as_text=True))))
    assert not {row["slug"] for row in rows} & {row["slug"] for row in more}
    assert (
        client.get(
            "/api/events.csv?limit=5", headers={"If-None-Match": first.headers["ETag"]}
        ).status_code
        == 304
    )
    whole = client.get("/api/events.json").get_json()
    assert whole["next"] is None and len(whole["events"]) == 22


def test_a_non_ascii_digit_is_a_400_not_a_500(client):
    for value in ("²", "١٢٠", "１２０"):
        response = client.get(f"/oembed?url=http://localhost/&maxwidth={value}")
        assert response.status_code == 400, value


@pytest.mark.parametrize("path", ["/static/no-such.css", "/assets/0000/style.css"])
def test_html_error_pages_under_assets_carry_the_page_headers(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert parse(response).select_one(".problem")


def test_csv_for_spreadsheets_has_a_bom_labels_text_dates_and_the_views_name(client):
    plain = client.get("/api/events.csv?topic=summits&year=2004")
    assert plain.headers["Content-Disposition"] == (
        'attachment; filename="azerbaijan-and-nato-summits-2004.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(plain.get_data(as_text=True))))
    assert rows[0]["topics"] == "Summits" and rows[0]["start"] == "2004"  # labels; plain dates
    excel = client.get("/api/events.csv?topic=summits&year=2004&for=excel")
    body = excel.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8's byte-order mark, which Excel needs
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0]["start"] == "\u200b2004"  # text, whatever a spreadsheet makes of dates
    assert client.get("/api/events.csv?for=word").status_code == 400
    events = client.get("/api/events.ics").headers["Content-Disposition"]
    assert events == 'attachment; filename="azerbaijan-and-nato.ics"'
