"""How many SQL statements each hot view runs, counted with sqlite3's trace callback.

A request's time at scale went to statements the reader never needed (savepoints on a read-only
file, the same small tables read in five shapes, one walk per block size): each view has a
ceiling here, so that work cannot creep back. The catalogue (topics, sources, metadata) is read
once per build, so it is read before counting starts, as a worker has after its first request.
Statements SQLite's FTS5 runs on its own shadow tables (reported nested, or quoting
``'main'.``) are not ours and are not counted.
"""

from __future__ import annotations

import pytest

from webapp import create_app
from webapp.ingest.build import replace_database
from webapp.ingest.demo_data import demo_dataset
from webapp.store import connection

HTMX = {"HX-Request": "true"}


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    """3,000 generated events: enough that counting stops at the cap and walks cross segments."""
    path = tmp_path_factory.mktemp("counted") / "demo.db"
    dataset, events = demo_dataset(3000, seed=5)
    replace_database(dataset, path, events)
    return path


@pytest.fixture
def statements(monkeypatch) -> list[str]:
    """Every statement of our own that the app's connections run from now on (a worker thread
    keeps its connection between requests: each request's start sets the trace on it)."""
    seen: list[str] = []

    def ours(sql: str) -> None:
        if not sql.startswith("--") and "'main'." not in sql:
            seen.append(sql)

    begin = connection.ReadOnlyDatabase.begin

    def traced(self, time_limit):
        self.conn.set_trace_callback(ours)
        return begin(self, time_limit)

    monkeypatch.setattr(connection.ReadOnlyDatabase, "begin", traced)
    return seen


@pytest.fixture
def client(demo_path, statements):
    app = create_app({"TESTING": True, "DATABASE": str(demo_path), "RESPONSE_CACHE": False})
    client = app.test_client()
    assert client.get("/api/topics").status_code == 200  # the worker has read its catalogue
    return client


def count(client, statements: list[str], path: str, headers: dict | None = None) -> int:
    statements.clear()
    response = client.get(path, headers=headers or {})
    assert response.status_code == 200, (path, response.status_code)
    assert statements, "no statement was traced: the count would prove nothing"
    return len(statements)


FILTERS = [
    "/?year=1500",
    "/?year=1900&limit=20",
    "/?topic=war&from=1500",
    "/?topic=war&topic=art&from=1200&to=1800",
    "/?q=treaty&from=1500",
    "/?q=bridge&topic=science",
    "/?from=1950&to=1960",
    "/?source=demo&year=1700",
    "/?place=venice&from=1500",
    "/?person=the-council&from=1500",
    "/?place=lisbon&place=baku&q=treaty",
    "/?who=1&year=1900",
]


@pytest.mark.parametrize("path", FILTERS)
def test_an_htmx_filter_request_runs_at_most_12_statements(client, statements, path):
    assert count(client, statements, path, HTMX) <= 12, "\n".join(statements)


PAGES = ["/", "/?year=1500", "/?topic=war&from=1500"]
PLACE_PAGE = "/?who=1&place=venice&from=1500"
MAP_PAGES = ["/?map=1", "/?map=1&year=1500", "/places/venice", "/people/the-council"]


@pytest.mark.parametrize("path", [*PAGES, PLACE_PAGE])
def test_a_whole_timeline_page_runs_at_most_14_statements(client, statements, path):
    """The page's list, counts, facets and strip (its axis, drawn inline, is bounded below)."""
    joined = "&" if "?" in path else "?"
    assert count(client, statements, path + joined + "axis=0") <= 14, "\n".join(statements)


@pytest.mark.parametrize("path", PAGES)
def test_the_axis_of_a_page_runs_at_most_20_statements(client, statements, path):
    """The axis alone (what the whole page adds inline, and what an htmx swap loads after
    it): the window's counts in batched statements, plus a bounded look into sparse bins."""
    axis = path.replace("/", "/axis", 1)
    assert count(client, statements, axis) <= 20, "\n".join(statements)


@pytest.mark.parametrize("path", MAP_PAGES)
def test_a_map_or_a_place_page_runs_at_most_14_statements(client, statements, path):
    """The map's counts are the view's own (or one statement over its first matches, past the
    cap); a place's or person's page is its view's page, counts and map."""
    joined = "&" if "?" in path else "?"
    assert count(client, statements, path + joined + "axis=0") <= 14, "\n".join(statements)


def test_two_kinds_of_choice_walk_once_each_at_most_20_statements(client, statements):
    """A topic and a person: the form's topic counts walk the person's events, its people counts
    the topic's (no table counts a person by topic), each once, besides the view's own walk."""
    assert count(client, statements, "/?person=the-council&topic=war&from=1500", HTMX) <= 20


def test_the_axis_of_a_place_runs_at_most_24_statements(client, statements):
    """A place has no per-year table as a topic has: its axis walks its events, then looks
    into up to three sparse bins (three statements each)."""
    assert count(client, statements, PLACE_PAGE.replace("/", "/axis", 1)) <= 24


@pytest.mark.parametrize(
    "path",
    ["/api/events?year=1500&limit=20", "/api/events?topic=war&from=1500", "/api/events?q=treaty"],
)
def test_an_api_page_runs_at_most_10_statements(client, statements, path):
    assert count(client, statements, path) <= 10, "\n".join(statements)


def test_an_event_page_runs_at_most_8_statements(client, statements):
    slug = client.get("/api/events?year=1500&limit=1").get_json()["events"][0]["slug"]
    assert count(client, statements, f"/events/{slug}") <= 8, "\n".join(statements)


def test_the_catalogue_is_read_again_only_for_a_new_build(client, statements, demo_path):
    """Counting would hide a stale catalogue: a rebuilt file must be read afresh."""
    before = count(client, statements, "/api/events?year=1500")
    dataset, events = demo_dataset(100, seed=6)
    replace_database(dataset, demo_path, events)
    after = count(client, statements, "/api/events?year=1500")
    assert after > before  # the new build's catalogue was read
    assert client.get("/api/events?year=1500").get_json()["total"] <= 100
