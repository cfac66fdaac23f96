"""Reading the database: every SQL statement the views need, and the shaping of rows into events.

Views call these functions with a validated ``TimelineQuery``; they never write SQL themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import groupby

from .. import wording
from ..dates import PartialDate, display_span
from ..limits import MAX_ERAS_SHOWN
from .connection import ReadOnlyDatabase
from .date_fields import date_form_fields
from .id_walks import matching_ids
from .schema import LINKS
from .timeline_query import TimelineQuery

Database = ReadOnlyDatabase  # or anything with the same query and execute


@dataclass
class Page:
    """One page of a filtered timeline."""

    events: list[dict]
    next_after: int | None


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
    return page_of(db, matching_ids(db, query, query.limit + 1, after=query.after), query.limit)


def page_of(db: Database, ids: list[int], limit: int) -> Page:
    """A page from the first matching ids (at least ``limit + 1`` of them when there are more)."""
    has_more = len(ids) > limit
    ids = ids[:limit]
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


def ranged_events(db: Database, query: TimelineQuery, most: int = 12) -> list[dict]:
    """The first ``most`` matching events that span more than one year, for the year rail."""
    ids = matching_ids(db, query, most, extra="e.end_year > e.start_year")
    return list(
        db.query(
            "SELECT slug, title, start_year, end_year, open_ended, date_label FROM events "
            "WHERE id IN (SELECT value FROM json_each(:ids)) ORDER BY id",
            {"ids": json.dumps(ids)},
        )
    )


def eras_of(
    db: Database, sources: tuple[str, ...] = (), years: tuple[int, int] | None = None
) -> list[dict]:
    """The eras a view shows, in order: the curated data's own and every source's, or, when the
    view is narrowed to sources, only theirs besides; with ``years``, those overlapping them."""
    first, last = years or (None, None)
    rows = db.query(
        'SELECT title, start, "end", start_year, end_year, source FROM eras '
        "WHERE (:last IS NULL OR start_year <= :last) AND (:first IS NULL OR end_year >= :first) "
        "AND (:sources = '[]' OR source IS NULL "
        "     OR source IN (SELECT value FROM json_each(:sources))) "
        "ORDER BY id LIMIT :most",
        {"first": first, "last": last, "sources": json.dumps(sources), "most": MAX_ERAS_SHOWN},
    )
    return list(rows)


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


def source_citations(db: Database, slug: str) -> list[dict]:
    """Events of other sources that this source reports too: their slug and title, and where
    this source says it."""
    return list(
        db.query(
            "SELECT e.slug, e.title, e.start, c.quote_start, c.quote_end FROM citations c "
            "JOIN events e ON e.id = c.event_id WHERE c.source = :slug ORDER BY c.quote_start",
            {"slug": slug},
        )
    )


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


_LINKED_SQL = (
    " UNION ALL ".join(
        f"""SELECT '{link.kind}' AS kind, l.event_id, l.position, n.slug, n.{link.name} AS name,
               {link.tone} AS tone
        FROM {link.table} l JOIN {link.named} n ON n.slug = l.{link.column}
        WHERE l.event_id IN (SELECT value FROM json_each(:ids))"""
        for link in LINKS
    )
    + " ORDER BY kind, event_id, position"
)


def _linked_names(db: Database, ids: list[int]) -> dict[str, dict[int, list[dict]]]:
    """Topics, places and actors of the events ``ids``, grouped by event id: one statement."""
    linked: dict[str, dict[int, list[dict]]] = {link.kind: {} for link in LINKS}
    for kind, event_id, _, slug, name, tone in db.execute(_LINKED_SQL, {"ids": json.dumps(ids)}):
        linked[kind].setdefault(event_id, []).append({"slug": slug, "name": name, "tone": tone})
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
    forms = date_form_fields(row, open_ended)
    computed = forms["date_label"] or display_span(
        start, end, open_ended=open_ended, reported=reported
    )
    return {
        **row,
        "open_ended": open_ended,
        "reported": reported,
        "start_date": start,
        "end_date": end,
        "computed_date": computed,
        **forms,
        # The source's own words for the date ("The Great War years") when it gives them.
        "display_date": row.get("display_date") or computed,
        "media": json.loads(row["media"]) if row.get("media") else None,
        "also": json.loads(row["also"]) if row.get("also") else [],
        **told_in_reader_language(row),
    }


def told_in_reader_language(row: dict) -> dict:
    """The title and summary in the reader's language where the event carries them, the
    original's kept beside; ``told`` is the language shown (None: the original's), and
    ``quote_translation`` a translation of the quote, shown beside it, never instead."""
    translations = json.loads(row["translations"]) if row.get("translations") else {}
    told = translations.get(wording.current())
    shown = {
        "translations": translations,
        "original_title": row["title"],
        "original_summary": row.get("summary") or "",
        "told": wording.current() if told else None,
        "quote_translation": (told or {}).get("quote"),
        "summary_told": bool(told and told.get("summary")),
    }
    if told:
        shown["title"] = told["title"]
        shown["summary"] = told.get("summary", row.get("summary") or "")
    return shown


def group_by_year(events: list[dict]) -> list[tuple[int, list[dict]]]:
    """Consecutive events under their start year, for the year headings."""
    return [(year, list(group)) for year, group in groupby(events, key=lambda e: e["start_year"])]


def renamed_event(db: Database, former: str) -> str | None:
    """The slug now of the event once called ``former`` (renamed after it was published)."""
    row = next(
        db.query("SELECT slug FROM former_slugs WHERE former = :former", {"former": former}), None
    )
    return row["slug"] if row else None
