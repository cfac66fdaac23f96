"""Each setting comes from its TIMELINE_* variable, is refused clearly when wrong, and is listed."""

from __future__ import annotations

import re

import pytest

from webapp import create_app
from webapp.settings import ROOT, SETTINGS, SettingError, from_environment


def test_environment_variables_reach_the_running_app(built_db, monkeypatch):
    monkeypatch.setenv("TIMELINE_DATABASE", str(built_db))
    monkeypatch.setenv("TIMELINE_CACHE_MAX_AGE", "5")
    monkeypatch.setenv("TIMELINE_CACHE_STALE_WHILE_REVALIDATE", "7")
    monkeypatch.setenv("TIMELINE_COUNT_CAP", "3")
    monkeypatch.setenv("TIMELINE_RESPONSE_CACHE", "0")
    client = create_app({"TESTING": True}).test_client()
    response = client.get("/api/events?q=summit")
    assert response.headers["Cache-Control"] == "public, max-age=5, stale-while-revalidate=7"
    body = response.get_json()
    assert (body["total"], body["total_exact"]) == (3, False)  # the cap, not the 7 summits
    assert body["facets"] == {"years": None, "topics": None}
    spec = client.get("/openapi.json").get_json()
    assert (
        "past 3 "
        in spec["components"]["schemas"]["EventsPage"]["properties"]["total"]["description"]
    )


def test_the_older_database_variable_still_works(monkeypatch):
    assert from_environment({"TIMELINE_DB": "/data/x.db"})["DATABASE"] == "/data/x.db"
    new_wins = {"TIMELINE_DB": "/old.db", "TIMELINE_DATABASE": "/new.db"}
    assert from_environment(new_wins)["DATABASE"] == "/new.db"


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("TIMELINE_COUNT_CAP", "lots", "TIMELINE_COUNT_CAP must be a whole number"),
        ("TIMELINE_QUERY_TIME_LIMIT", "-1", "must not be negative"),
        ("TIMELINE_RESPONSE_CACHE", "maybe", "TIMELINE_RESPONSE_CACHE must be 1 or 0"),
    ],
)
def test_a_bad_value_names_its_variable(variable, value, message):
    with pytest.raises(SettingError, match=message):
        from_environment({variable: value})


def test_the_readme_table_lists_every_setting_and_nothing_else():
    readme = (ROOT / "docs" / "operating.md").read_text(encoding="utf-8")  # moved from README
    table = readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `TIMELINE_([A-Z_]+)`", table, re.M)
    assert documented == [setting.name for setting in SETTINGS]
