"""The one test of the live curated data in db/: it builds, and every event and source serves.

Every other test reads the frozen copy in tests/fixtures/data, so curating db/ changes nothing
they assert; this one follows whatever db/ holds today.
"""

from __future__ import annotations

import tomllib

from webapp import create_app
from webapp.ingest.build import build
from webapp.settings import ROOT

LIVE_DATA = ROOT / "db"


def test_live_data_builds_and_serves_every_event_and_source(tmp_path):
    result = build(LIVE_DATA, tmp_path / "live.db")
    curated = tomllib.loads((LIVE_DATA / "events.toml").read_text(encoding="utf-8"))
    accepted = [e for e in curated["events"] if e.get("status", "accepted") == "accepted"]
    assert result.events >= len(accepted) > 0

    client = create_app({"TESTING": True, "DATABASE": str(tmp_path / "live.db")}).test_client()
    assert client.get("/").status_code == 200
    listed = client.get("/api/events?limit=500").get_json()
    assert listed["total"] == result.events
    for event in listed["events"]:
        assert client.get(f"/events/{event['slug']}").status_code == 200
    for path in (LIVE_DATA / "sources").glob("*.toml"):
        assert client.get(f"/sources/{path.stem}").status_code == 200


def test_live_quotes_carry_their_sources_language(tmp_path):
    """Whatever db/ holds: each event page marks its quote with its source's language, and a
    quote in another language than the page's keeps it in every language of the interface."""
    from bs4 import BeautifulSoup

    build(LIVE_DATA, tmp_path / "live.db")
    client = create_app({"TESTING": True, "DATABASE": str(tmp_path / "live.db")}).test_client()
    languages = {
        path.stem: tomllib.loads(path.read_text(encoding="utf-8")).get("language", "en")
        for path in (LIVE_DATA / "sources").glob("*.toml")
    }
    events = client.get("/api/events?limit=500").get_json()["events"]
    for event in events:
        assert event["quote_language"] == languages[event["source"]]
    for code in ("en", "az", "ru", "ar"):
        for event in events[:: max(1, len(events) // 6)]:
            page = client.get(f"/events/{event['slug']}?lang={code}").get_data(as_text=True)
            quote = BeautifulSoup(page, "html.parser").select_one("figure.quote blockquote")
            assert quote["lang"] == languages[event["source"]]
