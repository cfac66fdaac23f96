"""Reading the database: every SQL statement the views need, and the shaping of rows into events.

Views call these functions with a validated ``TimelineQuery``; they never write SQL themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import groupby

import sqlite_utils

from .dates import PartialDate, display_span
from .filters import TimelineQuery

Database = sqlite_utils.Database


@dataclass
class Page:
    """One page of a filtered timeline."""

    events: list[dict]
    next_after: int | None


@dataclass
class Summary:
    total: int
    first_year: int | None
    last_year: int | None


def site_meta(db: Database) -> dict[str, str]:
    """The build's stamp, title and description."""
    return {row["key"]: row["value"] for row in db.query("SELECT key, value FROM meta")}


def all_topics(db: Database) -> list[dict]:
    """The topic vocabulary in display order, each with its total event count."""
    return list(
        db.query(
            """SELECT t.slug, t.label, t.description,
                      (SELECT count(*) FROM event_topics et WHERE et.topic = t.slug) AS count,
                      t.position % 8 AS tone
               FROM topics t ORDER BY t.position"""
        )
    )


def topic_slugs(db: Database) -> set[str]:
    return {row["slug"] for row in db.query("SELECT slug FROM topics")}


def source_slugs(db: Database) -> set[str]:
    return {row["slug"] for row in db.query("SELECT slug FROM sources")}


def read_filters(db: Database, args) -> TimelineQuery:
    """The request's filters, checked against this database's topics and sources."""
    return TimelineQuery.from_args(args, topic_slugs(db), source_slugs(db))


def find_events(db: Database, query: TimelineQuery) -> Page:
    """The events matching ``query`` after its cursor, in timeline order (rowid order)."""
    where, params = query.where()
    rows = list(
        db.query(
            f"SELECT e.* FROM events e WHERE {where} AND e.id > :after ORDER BY e.id LIMIT :fetch",
            {**params, "after": query.after, "fetch": query.limit + 1},
        )
    )
    has_more = len(rows) > query.limit
    rows = rows[: query.limit]
    return Page(shape_events(db, rows), rows[-1]["id"] if has_more else None)


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


def summarise(db: Database, query: TimelineQuery) -> Summary:
    """How many events match, and the years they span."""
    where, params = query.where()
    row = next(
        db.query(
            f"SELECT count(*) AS total, min(e.start_year) AS first, max(e.end_year) AS last "
            f"FROM events e WHERE {where}",
            params,
        )
    )
    return Summary(row["total"], row["first"], row["last"])


def year_counts(db: Database, query: TimelineQuery) -> list[dict]:
    """Events per calendar year; an event counts in every year its span covers."""
    where, params = query.where()
    return list(
        db.query(
            f"""SELECT y.year, count(*) AS count FROM event_years y
                WHERE y.event_id IN (SELECT e.id FROM events e WHERE {where})
                GROUP BY y.year ORDER BY y.year""",
            params,
        )
    )


def topic_counts(db: Database, query: TimelineQuery) -> list[dict]:
    """Every topic with the number of matching events that carry it."""
    where, params = query.where()
    return list(
        db.query(
            f"""SELECT t.slug, t.label, count(et.event_id) AS count FROM topics t
                LEFT JOIN event_topics et ON et.topic = t.slug
                     AND et.event_id IN (SELECT e.id FROM events e WHERE {where})
                GROUP BY t.slug ORDER BY t.position""",
            params,
        )
    )


def ranged_events(db: Database, query: TimelineQuery, most: int = 12) -> list[dict]:
    """The first ``most`` matching events that span more than one year, for the year rail."""
    where, params = query.where()
    return list(
        db.query(
            f"""SELECT e.slug, e.title, e.start_year, e.end_year, e.open_ended FROM events e
                WHERE {where} AND e.end_year > e.start_year ORDER BY e.id LIMIT :most""",
            {**params, "most": most},
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


def all_sources(db: Database) -> list[dict]:
    return list(
        db.query("SELECT slug, title, outlet, author, published FROM sources ORDER BY published")
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
    events = []
    for row in rows:
        start = PartialDate.parse(row["start"])
        end = PartialDate.parse(row["end"]) if row["end"] else None
        events.append(
            {
                **row,
                "open_ended": bool(row["open_ended"]),
                "reported": bool(row["reported"]),
                "start_date": start,
                "end_date": end,
                "display_date": display_span(
                    start, end, open_ended=bool(row["open_ended"]), reported=bool(row["reported"])
                ),
                **{kind: linked[kind].get(row["id"], []) for kind in linked},
            }
        )
    return events


def group_by_year(events: list[dict]) -> list[tuple[int, list[dict]]]:
    """Consecutive events under their start year, for the year headings."""
    return [(year, list(group)) for year, group in groupby(events, key=lambda e: e["start_year"])]
