"""Reading the database: every SQL statement the views need, and the shaping of rows into events.

Views call these functions with a validated ``TimelineQuery``; they never write SQL themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import groupby

import sqlite_utils

from .dates import PartialDate, display_span
from .filters import TimelineQuery
from .matching import matching_ids, window_count

Database = sqlite_utils.Database


@dataclass
class Page:
    """One page of a filtered timeline."""

    events: list[dict]
    next_after: int | None


COUNT_CAP = 10_000


@dataclass
class Summary:
    """How many events match: exactly, or (``exact`` False) at least ``total``."""

    total: int
    exact: bool
    first_year: int | None
    last_year: int | None


def site_meta(db: Database) -> dict[str, str]:
    """The build's stamp, title and description."""
    return {row["key"]: row["value"] for row in db.query("SELECT key, value FROM meta")}


def all_topics(db: Database) -> list[dict]:
    """The topic vocabulary in display order, each with its total event count."""
    return list(
        db.query(
            """SELECT slug, label, description, event_count AS count, position % 8 AS tone
               FROM topics ORDER BY position"""
        )
    )


def topic_slugs(db: Database) -> set[str]:
    return {row["slug"] for row in db.query("SELECT slug FROM topics")}


def source_slugs(db: Database) -> set[str]:
    return {row["slug"] for row in db.query("SELECT slug FROM sources")}


def read_filters(db: Database, args) -> TimelineQuery:
    """The request's filters, checked against this database's topics and sources."""
    return TimelineQuery.from_args(args, topic_slugs(db), source_slugs(db))


def rows_by_ids(db: Database, ids: list[int]) -> list[dict]:
    """The events with these ids, in timeline order."""
    return list(
        db.query(
            "SELECT * FROM events WHERE id IN (SELECT value FROM json_each(:ids)) ORDER BY id",
            {"ids": json.dumps(ids)},
        )
    )


def find_events(db: Database, query: TimelineQuery) -> Page:
    """The events matching ``query`` after its cursor, in timeline order (rowid order)."""
    ids = matching_ids(db, query, query.limit + 1, after=query.after)
    has_more = len(ids) > query.limit
    ids = ids[: query.limit]
    return Page(shape_events(db, rows_by_ids(db, ids)), ids[-1] if has_more else None)


def iter_events(db: Database, query: TimelineQuery, cap: int | None = None) -> Iterator[dict]:
    """Every matching event in timeline order, fetched a batch at a time; at most ``cap``."""
    batch = replace(query, limit=500)
    remaining = cap
    while remaining is None or remaining > 0:
        page = find_events(db, batch)
        events = page.events if remaining is None else page.events[:remaining]
        yield from events
        if remaining is not None:
            remaining -= len(events)
        if page.next_after is None:
            return
        batch = replace(batch, after=page.next_after)


def _single_topic(query: TimelineQuery) -> str | None:
    """The one topic of a query that filters by exactly one topic and no words or sources."""
    if len(query.topics) == 1 and not query.q and not query.sources:
        return query.topics[0]
    return None


def _only_years(query: TimelineQuery) -> bool:
    return not (query.topics or query.sources or query.q)


def _year_span(db: Database, table: str, where: dict) -> tuple[int | None, int | None]:
    """First and last year in a precomputed count table (``table`` is one of ours)."""
    condition = " AND ".join(f"{column} = :{column}" for column in where) or "1"
    sql = f"SELECT min(year) AS a, max(year) AS b FROM {table} WHERE {condition}"
    row = next(db.query(sql, where))
    return row["a"], row["b"]


class Matches:
    """The events one query matches: its count and facets, each worked out at most once.

    Counts and facets come from tables computed at build time, or from index arithmetic, where
    the filters allow; otherwise from walking the matches, which stops past COUNT_CAP.
    """

    def __init__(self, db: Database, query: TimelineQuery):
        self.db, self.query = db, query

    @cached_property
    def bounded_ids(self) -> list[int] | None:
        """Every matching id if there are at most COUNT_CAP; else None."""
        ids = matching_ids(self.db, self.query, COUNT_CAP + 1)
        return ids if len(ids) <= COUNT_CAP else None

    @cached_property
    def summary(self) -> Summary:
        """How many events match (exactly, or at least COUNT_CAP) and the years they span."""
        db, query = self.db, self.query
        low, high = query.year_bounds
        topic = _single_topic(query)
        if _only_years(query) and not query.has_year_filter:
            total = int(site_meta(db).get("event_count", 0))
            return Summary(total, True, *_year_span(db, "year_counts", {}))
        if _only_years(query):
            return Summary(window_count(db, query), True, None, None)
        if topic is not None and not query.has_year_filter:
            row = next(db.query("SELECT event_count FROM topics WHERE slug = :t", {"t": topic}))
            span = _year_span(db, "topic_year_counts", {"topic": topic})
            return Summary(row["event_count"], True, *span)
        if topic is not None and low is not None and low == high:
            row = next(
                db.query(
                    "SELECT coalesce(sum(count), 0) AS n FROM topic_year_counts "
                    "WHERE topic = :t AND year = :y",
                    {"t": topic, "y": low},
                )
            )
            return Summary(row["n"], True, None, None)
        if (pair := self._topic_pair_total()) is not None:
            return Summary(pair, True, None, None)
        ids = self.bounded_ids
        if ids is None:
            return Summary(COUNT_CAP, False, None, None)
        span = next(
            db.query(
                "SELECT min(start_year) AS first, max(end_year) AS last FROM events "
                "WHERE id IN (SELECT value FROM json_each(:ids))",
                {"ids": json.dumps(ids)},
            )
        )
        return Summary(len(ids), True, span["first"], span["last"])

    def _topic_pair_total(self) -> int | None:
        """Two topics and nothing else: |A| + |B| - |A and B|, all counted at build time."""
        query = self.query
        if len(query.topics) != 2 or query.q or query.sources or query.has_year_filter:
            return None
        first, second = sorted(query.topics)
        row = next(
            self.db.query(
                """SELECT (SELECT event_count FROM topics WHERE slug = :a)
                        + (SELECT event_count FROM topics WHERE slug = :b)
                        - coalesce((SELECT count FROM topic_pairs WHERE a = :a AND b = :b), 0)
                   AS n""",
                {"a": first, "b": second},
            )
        )
        return row["n"]

    def year_counts(self) -> list[dict] | None:
        """Events per calendar year (an event counts in every year it covers), within the
        query's year window; None when that would mean counting past COUNT_CAP one by one."""
        db, query = self.db, self.query
        low, high = query.year_bounds
        window = {"low": -(2**62) if low is None else low, "high": 2**62 if high is None else high}
        if _only_years(query):
            sql = "SELECT year, count FROM year_counts WHERE year BETWEEN :low AND :high"
            return list(db.query(sql + " ORDER BY year", window))
        if (topic := _single_topic(query)) is not None:
            sql = (
                "SELECT year, count FROM topic_year_counts WHERE topic = :topic "
                "AND year BETWEEN :low AND :high ORDER BY year"
            )
            return list(db.query(sql, {**window, "topic": topic}))
        if self.bounded_ids is None:
            return None
        return list(
            db.query(
                "SELECT year, count(*) AS count FROM event_years "
                "WHERE event_id IN (SELECT value FROM json_each(:ids)) "
                "AND year BETWEEN :low AND :high GROUP BY year ORDER BY year",
                {**window, "ids": json.dumps(self.bounded_ids)},
            )
        )

    def topic_counts(self) -> list[dict] | None:
        """Every topic with the number of matching events that carry it; None past COUNT_CAP."""
        db, query = self.db, self.query
        low, high = query.year_bounds
        topics = list(db.query("SELECT slug, label, event_count FROM topics ORDER BY position"))
        if not query.is_filtered:
            counts = {t["slug"]: t["event_count"] for t in topics}
        elif _only_years(query) and low is not None and low == high:
            sql = "SELECT topic, count FROM topic_year_counts WHERE year = ?"
            counts = dict(db.execute(sql, [low]).fetchall())
        elif self.bounded_ids is None:
            return None
        else:
            sql = (
                "SELECT topic, count(*) FROM event_topics "
                "WHERE event_id IN (SELECT value FROM json_each(?)) GROUP BY topic"
            )
            counts = dict(db.execute(sql, [json.dumps(self.bounded_ids)]).fetchall())
        return [
            {"slug": t["slug"], "label": t["label"], "count": counts.get(t["slug"], 0)}
            for t in topics
        ]


def summarise(db: Database, query: TimelineQuery) -> Summary:
    return Matches(db, query).summary


def ranged_events(db: Database, query: TimelineQuery, most: int = 12) -> list[dict]:
    """The first ``most`` matching events that span more than one year, for the year rail."""
    ids = matching_ids(db, query, most, extra="e.end_year > e.start_year")
    return list(
        db.query(
            "SELECT slug, title, start_year, end_year, open_ended FROM events "
            "WHERE id IN (SELECT value FROM json_each(:ids)) ORDER BY id",
            {"ids": json.dumps(ids)},
        )
    )


def all_notes(db: Database) -> list[dict]:
    """Every undated note, with its source, in source order."""
    return list(db.query("SELECT slug, title, source FROM notes ORDER BY source, quote_start"))


def get_event(db: Database, slug: str) -> dict | None:
    rows = list(db.query("SELECT * FROM events WHERE slug = :slug", {"slug": slug}))
    return shape_events(db, rows)[0] if rows else None


def event_by_id(db: Database, event_id: int) -> dict | None:
    return next(db.query("SELECT * FROM events WHERE id = :id", {"id": event_id}), None)


def neighbours(db: Database, event_id: int) -> tuple[dict | None, dict | None]:
    """The events just before and after ``event_id`` in the timeline."""
    before = next(
        db.query(
            "SELECT slug, title FROM events WHERE id < :id ORDER BY id DESC LIMIT 1",
            {"id": event_id},
        ),
        None,
    )
    after = next(
        db.query(
            "SELECT slug, title FROM events WHERE id > :id ORDER BY id LIMIT 1", {"id": event_id}
        ),
        None,
    )
    return before, after


def get_source(db: Database, slug: str) -> dict | None:
    return next(db.query("SELECT * FROM sources WHERE slug = :slug", {"slug": slug}), None)


def source_events(db: Database, slug: str) -> list[dict]:
    """The source's events in timeline order, with their quote offsets."""
    rows = db.query("SELECT * FROM events WHERE source = :slug ORDER BY id", {"slug": slug})
    return shape_events(db, list(rows))


def source_notes(db: Database, slug: str) -> list[dict]:
    return list(
        db.query("SELECT * FROM notes WHERE source = :slug ORDER BY quote_start", {"slug": slug})
    )


def source_proposals(db: Database, slug: str) -> list[dict]:
    """Events the extractor proposed from this source that nobody has accepted yet."""
    rows = db.query(
        "SELECT * FROM proposals WHERE source = :slug ORDER BY quote_start, start", {"slug": slug}
    )
    return [_dated(row) for row in rows]


def all_sources(db: Database) -> list[dict]:
    return list(
        db.query(
            "SELECT slug, title, outlet, author, published, event_count AS count, "
            "proposal_count AS proposals FROM sources ORDER BY published, slug"
        )
    )


# kind -> (link table, its column, named table, name column, colour tone); constants only.
_LINKS = {
    "topics": ("event_topics", "topic", "topics", "label", "n.position % 8"),
    "places": ("event_places", "place", "places", "name", "0"),
    "actors": ("event_actors", "actor", "actors", "name", "0"),
}


def _linked_names(db: Database, ids: list[int]) -> dict[str, dict[int, list[dict]]]:
    """Topics, places and actors of the events ``ids``, grouped by event id."""
    linked: dict[str, dict[int, list[dict]]] = {}
    for kind, (link_table, column, table, name, tone) in _LINKS.items():
        rows = db.query(
            f"""SELECT l.event_id, n.slug, n.{name} AS name, {tone} AS tone FROM {link_table} l
                JOIN {table} n ON n.slug = l.{column}
                WHERE l.event_id IN (SELECT value FROM json_each(:ids))
                ORDER BY l.event_id, l.position""",
            {"ids": json.dumps(ids)},
        )
        linked[kind] = {
            event_id: [{k: row[k] for k in ("slug", "name", "tone")} for row in group]
            for event_id, group in groupby(rows, key=lambda row: row["event_id"])
        }
    return linked


def shape_events(db: Database, rows: list[dict]) -> list[dict]:
    """Rows as events: dates parsed and displayed, topics, places and actors attached."""
    if not rows:
        return []
    linked = _linked_names(db, [row["id"] for row in rows])
    return [
        {**_dated(row), **{kind: linked[kind].get(row["id"], []) for kind in linked}}
        for row in rows
    ]


def _dated(row: dict) -> dict:
    """An event or proposal row with its dates parsed and its display date written out."""
    start = PartialDate.parse(row["start"])
    end = PartialDate.parse(row["end"]) if row["end"] else None
    open_ended, reported = bool(row["open_ended"]), bool(row["reported"])
    return {
        **row,
        "open_ended": open_ended,
        "reported": reported,
        "start_date": start,
        "end_date": end,
        "display_date": display_span(start, end, open_ended=open_ended, reported=reported),
    }


def group_by_year(events: list[dict]) -> list[tuple[int, list[dict]]]:
    """Consecutive events under their start year, for the year headings."""
    return [(year, list(group)) for year, group in groupby(events, key=lambda e: e["start_year"])]
