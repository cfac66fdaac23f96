"""TimelineJS's own example timelines (tests/real/timelinejs/, not ours) import one after another
into one timeline, keeping their BCE and deep-time dates, media, display dates and headline-less
slides. Counts are the slides each file holds (its title slide aside), counted from the file."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import FIXTURE_DATA, parse
from webapp import create_app
from webapp.cli import main
from webapp.ingest.importers import read_timeline_file

REAL = Path(__file__).parent / "real" / "timelinejs"
FILES = sorted(path for path in REAL.iterdir() if path.suffix in (".json", ".csv"))


def slides_in(path: Path) -> int:
    if path.suffix == ".csv":
        rows = csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines())
        return sum(1 for row in rows if (row.get("Type") or "").lower() not in ("title", "era"))
    document = json.loads(path.read_text(encoding="utf-8"))
    if "timeline" in document:
        return len(document["timeline"]["date"])
    return len(document["events"])


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    data = tmp_path_factory.mktemp("real") / "data"
    shutil.copytree(FIXTURE_DATA, data, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    outputs = {}
    for path in FILES:
        result = CliRunner().invoke(main, ["import", str(path), "--data", str(data), "--quiet"])
        assert result.exit_code == 0, result.output
        outputs[path.name] = result.output
    app = create_app({"TESTING": True, "DATABASE": str(data / "timeline.db")})
    return outputs, app.test_client()


def test_every_example_file_imports_into_one_timeline(imported):
    outputs, client = imported
    assert len(FILES) == 15
    for path in FILES:
        assert f"imported {slides_in(path)} events" in outputs[path.name], outputs[path.name]
    total = client.get("/api/events?limit=1").get_json()["total"]
    assert total == 22 + sum(slides_in(path) for path in FILES)


def test_the_big_bang_and_euclid_keep_their_years(imported):
    _, client = imported
    deep = client.get("/api/events?to=-1000000000").get_json()["events"]
    assert any(e["start"] == "-13800000000" for e in deep)
    assert "13.8 billion years ago" in {e["display_date"] for e in deep}
    euclid = client.get("/api/events?year=-300&q=euclid").get_json()["events"]
    assert [e["display_date"] for e in euclid] == ["300 BCE"]
    page = parse(client.get("/?year=-300"))
    assert page.select_one(".year-heading").get_text() == "300 BCE"


def test_media_is_kept_as_an_image_or_a_link_card_and_unsafe_html_is_not(imported):
    outputs, client = imported
    events = client.get("/api/events?source=all-media-types&limit=100").get_json()["events"]
    kinds = {e["media"]["kind"] for e in events if e["media"]}
    assert {"image", "video", "audio", "post", "map", "quote", "page"} <= kinds
    tweet = next(e for e in events if e["media"] and e["media"].get("kind") == "quote")
    assert "year of the dog" in tweet["media"]["quote"]
    assert "<script" not in json.dumps(events)
    assert "<script> was left out" in outputs["all-media-types.json"]
    card = parse(client.get("/?source=all-media-types&limit=100"))
    image = card.select_one(".media img")
    assert image["loading"] == "lazy" and image["referrerpolicy"] == "no-referrer"
    assert card.select(".media-link") and not card.select("iframe")


def test_headline_less_slides_get_a_title_from_their_text(imported):
    _, client = imported
    twain = client.get("/api/events?source=twain-marktwain&limit=100").get_json()["events"]
    assert len(twain) == 17 and all(e["title"].strip() for e in twain)
    document = json.loads((REAL / "twain-marktwain.json").read_text())
    untitled = [s for s in document["events"] if not s.get("text", {}).get("headline")]
    assert len(untitled) == 4


def test_same_headlines_in_two_files_do_not_clash_and_slugs_are_transliterated(imported):
    _, client = imported
    slugs = [e["slug"] for e in client.get("/api/events?limit=500").get_json()["events"]]
    assert len(slugs) == len(set(slugs))
    assert all(slug.isascii() for slug in slugs)


def test_the_timelinejs_export_sets_the_cosmological_scale_only_past_javascript_dates(imported):
    _, client = imported
    deep = client.get("/api/timelinejs.json?source=cosmo").get_json()
    assert deep["scale"] == "cosmological"
    assert {"year": "-13800000000"} in [slide["start_date"] for slide in deep["events"]]
    assert "scale" not in client.get("/api/timelinejs.json?year=-300").get_json()
    empty = client.get("/api/timelinejs.json?q=zzzznothing")
    assert empty.status_code == 404 and "without slides" in empty.get_json()["error"]
    assert "TimelineJS</a>" not in client.get("/?q=zzzznothing").get_data(as_text=True)


def test_eras_are_kept_and_drawn_as_labelled_bands_that_link_to_their_years(imported):
    outputs, client = imported
    assert "imported 20 events and 3 eras" in outputs["eras.json"]
    assert "warning" not in outputs["eras.json"]
    page = parse(client.get("/?source=eras"))
    chips = page.select("[aria-label=Eras] a")
    assert [chip.contents[0].strip() for chip in chips] == [
        "Era Test 600-650",
        "Era Test 650-700",
        "Era Test 700-720",
    ]
    assert chips[2]["href"] == "/?from=700&to=720&source=eras"
    assert len(page.select("rect.density-era")) == 3
    # A view narrowed to words draws only the eras its years reach.
    korea = parse(client.get("/?source=eras&q=korea"))
    assert [chip.contents[0].strip() for chip in korea.select("[aria-label=Eras] a")] == [
        "Era Test 650-700"
    ]


def test_the_timelinejs_export_carries_eras_and_they_import_back(imported, tmp_path):
    _, client = imported
    exported = client.get("/api/timelinejs.json?source=eras").get_json()
    assert [era["text"]["headline"] for era in exported["eras"]] == [
        "Era Test 600-650",
        "Era Test 650-700",
        "Era Test 700-720",
    ]
    assert exported["eras"][0]["start_date"] == {"year": "600"}
    path = tmp_path / "again.json"
    path.write_text(json.dumps(exported))
    again = read_timeline_file(path)
    assert [(era["title"], era["start"], era["end"]) for era in again.eras] == [
        ("Era Test 600-650", "600", "650"),
        ("Era Test 650-700", "650", "700"),
        ("Era Test 700-720", "700", "720"),
    ]
