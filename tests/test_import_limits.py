"""Imports cost what their content is worth: long spans are cheap, and every size is bounded."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from webapp import create_app
from webapp.cli import main
from webapp.limits import MAX_IMPORT_EVENTS, MAX_TITLE_LENGTH
from webapp.store.spans import LEVELS


def timelinejs(events: list[dict]) -> str:
    return json.dumps({"events": events})


def slide(start: int, end: int | None = None, headline: str = "Slide", **more) -> dict:
    slide = {"start_date": {"year": start}, "text": {"headline": headline}, **more}
    if end is not None:
        slide["end_date"] = {"year": end}
    return slide


def run_import(tmp_path, text: str, name: str = "file.json"):
    source = tmp_path / name
    source.write_text(text)
    return CliRunner().invoke(main, ["import", str(source), "--db", str(tmp_path / "t.db")])


def test_spans_of_ten_thousand_years_cost_what_short_ones_do(tmp_path):
    """300 events spanning years 1-9999 once took 1 GB, 15 s and 171 MB (a row per year)."""
    long_spans = [slide(1, 9999, f"Long {n}") for n in range(300)]
    result = run_import(tmp_path, timelinejs(long_spans))
    assert result.exit_code == 0, result.output
    size = (tmp_path / "t.db").stat().st_size
    with sqlite3.connect(tmp_path / "t.db") as conn:
        blocks = conn.execute("SELECT count(*) FROM event_blocks").fetchone()[0]
    assert blocks <= 300 * 2 * LEVELS
    assert size < 3 * 2**20, size
    client = create_app({"TESTING": True, "DATABASE": str(tmp_path / "t.db")}).test_client()
    covered = client.get("/api/events?year=5000&limit=500").get_json()
    assert covered["total"] == 300 and len(covered["events"]) == 300
    assert client.get("/?from=4000&to=4001").status_code == 200


@pytest.mark.parametrize(
    "events, message",
    [
        ([slide(2000, headline="x" * (MAX_TITLE_LENGTH + 1))], "shorten it to 300"),
        ([{**slide(2000), "text": {"headline": "A", "text": "y" * 10_000_001}}], "shorten it"),
        ([slide(2000, group="g" * 300)], "slug is 300 characters long"),
        (
            [slide(2000 + n % 10, headline=f"E{n}") for n in range(MAX_IMPORT_EVENTS + 1)],
            "50,000 at most",
        ),
    ],
    ids=["long title", "10 MB text", "long group", "too many events"],
)
def test_imports_have_documented_limits_with_clear_messages(tmp_path, events, message):
    result = run_import(tmp_path, timelinejs(events))
    assert result.exit_code == 1 and message in result.output, result.output[-500:]
    assert "Traceback" not in result.output
    assert not (tmp_path / "t.db").exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    result = run_import(tmp_path, " " * (10 * 2**20 + 1))
    assert result.exit_code == 1 and "10 MB at most" in result.output
