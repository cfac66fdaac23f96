"""Generated timelines: the demo data, the index-only engine against plain SQL, query plans."""

from __future__ import annotations

import json
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from tests import helpers
from tests.helpers import write_large_dataset
from webapp.cli import main
from webapp.ingest.build import replace_database
from webapp.ingest.demo_data import TOPICS, demo_dataset
from webapp.store import reads
from webapp.store.catalog import read_catalog
from webapp.store.counts import MatchCounts
from webapp.store.id_walks import matching_ids
from webapp.store.timeline_query import TimelineQuery

EVENTS = 3000


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    dataset, events = demo_dataset(EVENTS, seed=7)
    replace_database(dataset, path, events)
    return path


@pytest.fixture(scope="module")
def demo_db(demo_path):
    return sqlite_utils.Database(sqlite3.connect(f"file:{demo_path}?mode=ro", uri=True))


def test_demo_data_command_is_quiet_off_a_terminal_and_deterministic(tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    for path in (first, second):
        result = CliRunner().invoke(
            main, ["demo-data", "--events", "500", "--seed", "3", "--db", str(path)]
        )
        assert result.exit_code == 0, result.output
        assert result.output == f"built {path}: 500 generated events (seed 3)\n"
    dump = "SELECT slug, start, end, title, quote FROM events ORDER BY id"
    rows = [sqlite3.connect(path).execute(dump).fetchall() for path in (first, second)]
    assert rows[0] == rows[1] and len(rows[0]) == 500


def test_demo_events_are_chronological_with_mixed_precision_and_ranges(demo_db):
    rows = list(
        demo_db.query("SELECT start, end, start_precision, open_ended FROM events ORDER BY id")
    )
    keys = [(int(r["start"][:4]), r["start"]) for r in rows]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)
    assert {r["start_precision"] for r in rows} == {"year", "month", "day"}
    assert sum(1 for r in rows if r["end"]) > EVENTS * 0.05
    assert any(r["open_ended"] for r in rows)
    assert demo_db["event_topics"].count >= EVENTS


def plain_where(query: TimelineQuery) -> tuple[str, dict]:
    """The obvious WHERE clause for a query's filters, written independently of the engine."""
    clauses, params = [], {}
    low, high = query.year_bounds
    if low is not None:
        clauses.append("e.end_year >= :low")
        params["low"] = low
    if high is not None:
        clauses.append("e.start_year <= :high")
        params["high"] = high
    if query.topics:
        params.update({f"t{i}": topic for i, topic in enumerate(query.topics)})
        names = ", ".join(f":t{i}" for i in range(len(query.topics)))
        clauses.append(f"e.id IN (SELECT event_id FROM event_topics WHERE topic IN ({names}))")
    if query.sources:
        params.update({f"s{i}": source for i, source in enumerate(query.sources)})
        clauses.append(f"e.source IN ({', '.join(f':s{i}' for i in range(len(query.sources)))})")
    if query.q:
        clauses.append("e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :match)")
        params["match"] = query.match_expression
    return " AND ".join(clauses) or "1", params


def plain_ids(db, query: TimelineQuery) -> list[int]:
    """The obvious (slow) SQL for the same filters: the reference the fast engine must match."""
    where, params = plain_where(query)
    return [
        row["id"]
        for row in db.query(f"SELECT e.id FROM events e WHERE {where} ORDER BY e.id", params)
    ]


def random_query(rng: random.Random) -> TimelineQuery:
    low = rng.choice([None, rng.randint(1150, 2030)])
    high = rng.choice([None, (low or 1200) + rng.choice([0, 0, 5, 60, 400])])
    return TimelineQuery(
        year=rng.choice([None, None, None, rng.randint(1200, 2025)]),
        from_year=low,
        to_year=high,
        topics=tuple(rng.sample([slug for slug, _ in TOPICS], rng.choice([0, 0, 1, 1, 2, 3]))),
        q=rng.choice(
            [None, None, "treaty", "the bridge", "quasar", "Venice", "guild found", "zzz"]
        ),
        sources=rng.choice([(), (), ("demo",)]),
    )


@pytest.mark.parametrize("seed", range(60))
def test_fast_engine_matches_plain_sql(demo_db, seed):
    query = random_query(random.Random(seed))
    expected = plain_ids(demo_db, query)
    assert matching_ids(demo_db, query, len(expected) + 5) == expected
    if expected:  # paging from the middle
        middle = expected[len(expected) // 2]
        assert (
            matching_ids(demo_db, query, 7, after=middle) == [i for i in expected if i > middle][:7]
        )
    matches = MatchCounts(demo_db, query, cap=10**6)  # exact: the oracle counts everything
    assert matches.summary.exact and matches.summary.total == len(expected)
    low, high = query.year_bounds
    where_ids = json.dumps(expected)
    per_year = Counter()  # the naive way: every year of every matching span, one by one
    for first, last in demo_db.execute(
        "SELECT start_year, end_year FROM events WHERE id IN (SELECT value FROM json_each(?))",
        [where_ids],
    ).fetchall():
        per_year.update(range(max(first, low or first), min(last, high or last) + 1))
    assert helpers.per_year(matches.year_counts()) == dict(per_year)
    topic_counts = {row["slug"]: row["count"] for row in matches.topic_counts()}
    for slug, count in demo_db.execute(
        "SELECT topic, count(*) FROM event_topics "
        "WHERE event_id IN (SELECT value FROM json_each(?)) GROUP BY topic",
        [where_ids],
    ).fetchall():
        assert topic_counts[slug] == count


def test_counts_past_the_cap_are_reported_as_lower_bounds(demo_db):
    query = TimelineQuery(q="the")
    summary = MatchCounts(demo_db, query, cap=100).summary
    assert (summary.total, summary.exact) == (100, False)
    assert MatchCounts(demo_db, query, cap=100).year_counts() is None
    exact = MatchCounts(demo_db, TimelineQuery(topics=("politics",)), cap=100).summary
    assert exact.exact and exact.total > 100  # precomputed, so exact however large
    assert query.describe(100, (None, None), {}, exact=False) == "100+ events · matching “the”"


HOT = [
    TimelineQuery(),
    TimelineQuery(year=1800),
    TimelineQuery(from_year=1500, to_year=1600),
    TimelineQuery(topics=("science",)),
    TimelineQuery(topics=("sport", "art")),
    TimelineQuery(q="treaty"),
    TimelineQuery(q="the"),
    TimelineQuery(q="bridge", year=1900),
    TimelineQuery(topics=("war",), year=1950),
    TimelineQuery(topics=("law",), from_year=1700, to_year=1750, after=1000),
]


def traced_plans(path, query: TimelineQuery) -> list[tuple[str, list[str]]]:
    """Every statement a timeline page runs for ``query``, with its query plan (the catalogue is
    read once per build, not per request: it is read before the trace starts)."""
    statements = []
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    catalog = read_catalog(sqlite_utils.Database(conn))
    db = sqlite_utils.Database(conn, tracer=lambda sql, params: statements.append((sql, params)))
    page = reads.find_events(db, query)
    matches = MatchCounts(db, query, catalog=catalog)
    matches.summary, matches.year_counts(), matches.topic_counts()
    reads.ranged_events(db, query)
    reads.shape_events(db, page.events)
    plans = []
    for sql, params in statements:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}", params or []).fetchall()
        plans.append((sql, [row[3] for row in rows]))
    return plans


# A SCAN is allowed only of a virtual table (FTS5, json_each), a constant, a table whose size is
# bounded by the vocabulary or the calendar, never by the number of events, or a subquery's rows
# (the arms of a union of walks, each with its own LIMIT).
FULL_SCAN = re.compile(
    r"^SCAN (?!.*VIRTUAL TABLE)(?!(CONSTANT ROW|meta|topics|year_counts)\b)(?!\(subquery-\d+\))"
)


@pytest.mark.parametrize("query", HOT, ids=[repr(q.to_args()) for q in HOT])
def test_hot_queries_use_indexes_and_sort_nothing_large(demo_path, query):
    for sql, plan in traced_plans(demo_path, query):
        for step in plan:
            assert not FULL_SCAN.search(step), (step, sql)
            if "TEMP B-TREE" in step:  # only over the capped id list handed in as JSON
                assert "json_each" in sql, (step, sql)


def test_the_plan_check_catches_the_naive_query(demo_db):
    """The detector above must flag what a naive filter does: scan every event, sort a big set."""
    where, params = plain_where(TimelineQuery(topics=("war",), year=1800))
    naive = f"SELECT e.* FROM events e WHERE {where} ORDER BY e.start_year DESC"
    plan = [row[3] for row in demo_db.execute(f"EXPLAIN QUERY PLAN {naive}", params).fetchall()]
    assert any(FULL_SCAN.search(step) or "TEMP B-TREE" in step for step in plan), plan


def on_a_terminal(arguments: str) -> str:
    """What `timeline ARGUMENTS` prints under a pseudo-terminal (util-linux `script`), as a person
    at a shell would see it."""
    if shutil.which("script") is None:
        pytest.skip("util-linux script is not installed")
    command = f"{Path(sys.executable).with_name('timeline')} {arguments}"
    return subprocess.run(
        ["script", "-qec", command, "/dev/null"], capture_output=True, text=True, timeout=120
    ).stdout


def test_demo_data_shows_a_progress_bar_with_rate_on_a_terminal(tmp_path):
    arguments = f"demo-data --events 30000 --db {tmp_path / 'bar.db'}"
    shown = on_a_terminal(arguments)
    assert "generating" in shown and "events/s" in shown and "30000/30000" in shown
    quiet = on_a_terminal(arguments + " --quiet")
    assert "events/s" not in quiet and "built" in quiet


def test_build_and_import_show_the_progress_bar_on_a_terminal(tmp_path):
    data = write_large_dataset(tmp_path / "data", 6000)
    shown = on_a_terminal(f"build --data {data} --db {tmp_path / 'big.db'}")
    assert "building" in shown and "events/s" in shown and "6000/6000" in shown
    assert "built" in shown and "6000 events" in shown
    slides = [
        {"start_date": {"year": 1500 + n % 500}, "text": {"headline": f"Slide {n}"}}
        for n in range(4000)
    ]
    (tmp_path / "slides.json").write_text(json.dumps({"events": slides}))
    imported = on_a_terminal(f"import {tmp_path / 'slides.json'} --db {tmp_path / 'imported.db'}")
    assert (
        "importing" in imported and "4000/4000" in imported and "imported 4000 events" in imported
    )
