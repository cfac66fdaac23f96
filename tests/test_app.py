import re
import sqlite3

import pytest

from tests.helpers import parse
from webapp import create_app
from webapp.web.database import get_db


def test_the_server_cannot_write_to_its_database(app):
    with app.app_context():
        db = get_db()
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.execute("DELETE FROM events")


def test_the_server_never_builds_a_missing_database_it_says_how_to(tmp_path):
    target = tmp_path / "none.db"
    app = create_app({"DATABASE": str(target)})
    response = app.test_client().get("/")
    assert response.status_code == 503
    assert "timeline build" in parse(response).select_one(".problem").get_text()
    assert not target.exists()


def test_scripts_are_served_from_our_own_origin(client):
    soup = parse(client.get("/"))
    sources = [script["src"] for script in soup.select("script")]
    assert [re.sub(r"/assets/[0-9a-f]{16}/", "/assets/HASH/", src) for src in sources] == [
        "/assets/HASH/site.js",  # htmx, then our app.js and axis.js (assets.BUNDLES)
    ]
    assert all(not tag.string for tag in soup.select("script"))  # no inline scripts
    with client.get(sources[0]) as script:
        assert script.status_code == 200
        assert b"htmx" in script.get_data()[:2000]
        assert script.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_other_methods_are_refused_not_crashed(client):
    response = client.post("/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_the_connection_is_immutable_untrusting_and_cannot_attach(app):
    with app.app_context():
        db = get_db()
        assert db.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        with pytest.raises(sqlite3.OperationalError, match="too many attached databases"):
            db.execute("ATTACH DATABASE ':memory:' AS other")


def test_a_query_past_the_time_limit_is_a_clear_503(built_db):
    app = create_app({"DATABASE": str(built_db), "QUERY_TIME_LIMIT": 0.0, "RESPONSE_CACHE": False})
    client = app.test_client()
    page = client.get("/?q=NATO")
    assert page.status_code == 503 and page.headers["Retry-After"] == "5"
    assert "took too long" in parse(page).select_one(".problem").get_text()
    api = client.get("/api/events?q=NATO")
    assert api.status_code == 503 and "took too long" in api.get_json()["error"]
