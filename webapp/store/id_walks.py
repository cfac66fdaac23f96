"""Walking the events that match a query, in timeline order, through indexes only.

Events are stored in chronological rowid order, so "the next page" is always "the next ids". A
query is answered by walking ids upward through the most selective index it has:

- words (``q``): the FTS5 index, which yields rowids in ascending order;
- topics, else places, else people: the ``(topic, event_id)`` index (or the place's, the
  actor's), one walk per value, merged;
- otherwise a plain rowid range.

The remaining filters are checked on each row reached (cheap column tests or a primary-key
probe). A year window ``[low, high]`` splits the id space in two ordered, disjoint segments: the
events that started before ``low`` and still cover it (one walk per block size of
``event_blocks``, merged: see spans.py), then the contiguous id range of events starting within
the window (``year_ids`` gives its ends).
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass

from .connection import ReadOnlyDatabase, remembered
from .schema import LINKS
from .spans import containing
from .timeline_query import TimelineQuery, fine_window_clause

Database = ReadOnlyDatabase  # or anything with the same query and execute
BIG = 2**62


@dataclass
class Segment:
    """Ids in ``[low, high]`` reached by one driver, with the other filters as row checks."""

    low: int
    high: int
    before_window: int | None = None  # set for "started earlier, covers the window's first year"
    levels: int = 0  # block sizes in ``event_blocks`` (for a before-window segment)


# The window's id range and the block sizes the build used, in one statement.
_WINDOW_SQL = """SELECT (SELECT min(first_id) FROM year_ids WHERE year >= :low),
                        (SELECT max(last_id) FROM year_ids WHERE year <= :high),
                        (SELECT max(level) FROM event_blocks)"""


def _window_segments(db: Database, query: TimelineQuery) -> list[Segment]:
    low, high = query.year_bounds
    if low is None and high is None:
        return [Segment(1, BIG)]
    low = low if low is not None else -BIG
    high = high if high is not None else BIG
    # The page, its count and its facets all ask: work it out once per request.
    return remembered(db, ("segments", low, high), lambda: _segments(db, low, high))


def _segments(db: Database, low: int, high: int) -> list[Segment]:
    first, last, top = db.execute(_WINDOW_SQL, {"low": low, "high": high}).fetchone()
    segments = []
    if low > -BIG:
        levels = 0 if top is None else top + 1
        segments.append(Segment(1, (first or BIG) - 1, before_window=low, levels=levels))
    if first is not None and last is not None and first <= last:
        segments.append(Segment(first, last))
    return segments


# The query's field for each link table (``person=`` filters the actors).
QUERY_FIELDS = {"topics": "topics", "places": "places", "actors": "people"}
# The link filters, in the order they may drive a walk: (query field, link table, column).
LINK_FILTERS = tuple((QUERY_FIELDS[link.kind], link.table, link.column) for link in LINKS)


def driving_link(query: TimelineQuery) -> tuple[str, str, str] | None:
    """The link filter whose index walks the ids (of those set, the first of the query's drive
    order, else topics, places, people), or None when words (the search index) or nothing of
    them drive it."""
    if query.q:
        return None
    order = {kind: rank for rank, kind in enumerate(query.drive_order)}
    links = sorted(LINK_FILTERS, key=lambda link: order.get(link[0], len(order)))
    return next((link for link in links if getattr(query, link[0])), None)


def _checks(
    query: TimelineQuery, driven: str | None, skip_years: bool = False
) -> tuple[list[str], dict]:
    """Row checks for every filter the driver does not already apply (a search applies topics
    and sources itself, through their tag tokens; a link walk its own link; the id range of
    events starting within the window applies the years: each starts in it, so ends after its
    first year)."""
    clauses, params = [], {}
    low, high = (None, None) if skip_years else query.year_bounds
    if low is not None:
        clauses.append("e.end_year >= :low")
        params["low"] = low
    if high is not None:
        clauses.append("e.start_year <= :high")
        params["high"] = high
    if (fine := fine_window_clause(query)) is not None:
        clauses.append(fine[0])
        params.update(fine[1])
    for field, table, column in LINK_FILTERS:
        values = getattr(query, field)
        if not values or field == driven or (field == "topics" and query.q):
            continue
        names = [f":{column}{i}" for i in range(len(values))]
        clauses.append(
            f"EXISTS (SELECT 1 FROM {table} x WHERE x.event_id = e.id "
            f"AND x.{column} IN ({', '.join(names)}))"
        )
        params.update({name[1:]: value for name, value in zip(names, values, strict=True)})
    if query.sources and not query.q:
        names = [f":source{i}" for i in range(len(query.sources))]
        clauses.append(f"e.source IN ({', '.join(names)})")
        params.update({name[1:]: slug for name, slug in zip(names, query.sources, strict=True)})
    return clauses, params


def _driver_sql(
    query: TimelineQuery,
    segment: Segment,
    driver: str | None,
    extra: str,
    block: tuple[int, int] | list[list[int]] | None = None,
    arm: int = 0,
) -> tuple[str, dict]:
    """One ordered walk of ids (``:after`` exclusive, at most ``:need``) over a segment."""
    in_window = segment.before_window is None
    link = driving_link(query) if driver is not None else None
    clauses, params = _checks(query, link[0] if link else None, skip_years=in_window)
    if extra:
        clauses.append(extra)
    params.update(low_id=segment.low, high_id=segment.high)
    if query.q:
        params["match"] = query.match_expression
    if driver is not None:
        params["driver_value"] = driver
    if block is not None:
        # Few events: those covering the window's first year that started before it, in one
        # block size (the walks of all sizes are merged), or in all of them at once.
        table, column = "event_blocks b", "b.event_id"
        if isinstance(block, list):
            params["blocks"] = json.dumps(block)
            leading = [
                "(b.level, b.block) IN (SELECT json_extract(value, '$[0]'), "
                "json_extract(value, '$[1]') FROM json_each(:blocks))"
            ]
        else:  # one arm of a union: its block has parameters of its own
            params[f"level{arm}"], params[f"block{arm}"] = block
            leading = [f"b.level = :level{arm}", f"b.block = :block{arm}"]
        if query.q:
            clauses.append(
                "b.event_id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :match "
                "AND rowid <= :high_id)"
            )
    elif query.q:
        table, column, leading = "events_fts f", "f.rowid", ["events_fts MATCH :match"]
    elif link is not None:
        table, column = f"{link[1]} t", "t.event_id"
        leading = [f"t.{link[2]} = :driver_value"]
    else:
        table, column, leading = "events e", "e.id", []
    # Join the events only when a row check needs their columns.
    join = f" JOIN events e ON e.id = {column}" if clauses and table != "events e" else ""
    where = [*leading, f"{column} > :after", f"{column} BETWEEN :low_id AND :high_id", *clauses]
    sql = (
        f"SELECT {column} AS id FROM {table}{join} "
        f"WHERE {' AND '.join(where)} ORDER BY {column} LIMIT :need"
    )
    return sql, params


# SQLite's compound SELECT limit (connection.LIMITS): walks of this many block sizes per statement.
ARMS_PER_STATEMENT = 8


def _segment_ids(
    db: Database, query: TimelineQuery, segment: Segment, after: int, need: int, extra: str
) -> list[int]:
    """Up to ``need`` matching ids after ``after`` in one segment, ascending."""
    if segment.before_window is not None:
        blocks = containing(segment.before_window, segment.levels) if segment.levels else []
        if not blocks:
            return []
        if query.q:  # one statement for every block size, so the match list is built once
            sql, params = _driver_sql(query, segment, None, extra, [list(b) for b in blocks])
            return _walk(db, sql, params, after, need)
        return _block_walks(db, query, segment, blocks, after, need, extra)
    link = driving_link(query)
    drivers = list(getattr(query, link[0])) if link else [None]
    walks = []
    for driver in drivers:
        sql, params = _driver_sql(query, segment, driver, extra)
        walks.append(_walk(db, sql, params, after, need))
    return walks[0] if len(walks) == 1 else _merged(walks, need)


def _walk(db: Database, sql: str, params: dict, after: int, need: int) -> list[int]:
    return [row[0] for row in db.execute(sql, {**params, "after": after, "need": need})]


def _block_walks(
    db: Database,
    query: TimelineQuery,
    segment: Segment,
    blocks: list[tuple[int, int]],
    after: int,
    need: int,
    extra: str,
) -> list[int]:
    """The events covering the window's first year that started before it: one ordered walk per
    block size, up to eight of them as the arms of one UNION ALL, merged here (an event is in
    one block of each size at most, and each arm brings ``need`` ids at most)."""
    found: set[int] = set()
    for start in range(0, len(blocks), ARMS_PER_STATEMENT):
        arms, params = [], {}
        for arm, block in enumerate(blocks[start : start + ARMS_PER_STATEMENT]):
            sql, arm_params = _driver_sql(query, segment, None, extra, block, arm)
            arms.append(f"SELECT id FROM ({sql})")
            params.update(arm_params)
        found.update(_walk(db, " UNION ALL ".join(arms), params, after, need))
    return sorted(found)[:need]


def _merged(walks: list[list[int]], need: int) -> list[int]:
    """Ascending walks as one ascending walk without repeats, ``need`` ids at most."""
    merged, previous = [], None
    for event_id in heapq.merge(*walks):
        if event_id != previous:
            merged.append(event_id)
            previous = event_id
        if len(merged) == need:
            break
    return merged


def matching_ids(
    db: Database, query: TimelineQuery, need: int, after: int = 0, extra: str = ""
) -> list[int]:
    """The first ``need`` ids matching ``query`` after ``after``, in timeline order.

    ``extra`` is one more fixed row check (e.g. "e.end_year > e.start_year" for ranges).
    """
    ids: list[int] = []
    for segment in _window_segments(db, query):
        if segment.high <= after:
            continue
        ids += _segment_ids(db, query, segment, after, need - len(ids), extra)
        if len(ids) >= need:
            break
    return ids


_BLOCK_COUNT_SQL = """SELECT count(*) FROM event_blocks
    WHERE (level, block) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]')
                             FROM json_each(:blocks))
      AND event_id BETWEEN :low_id AND :high_id"""


def window_count(db: Database, query: TimelineQuery) -> int:
    """How many events overlap the query's year window, by index arithmetic alone."""
    total = 0
    for segment in _window_segments(db, query):
        if segment.before_window is None:
            total += segment.high - segment.low + 1
        elif segment.levels:
            blocks = [list(block) for block in containing(segment.before_window, segment.levels)]
            params = {"blocks": json.dumps(blocks), "low_id": segment.low, "high_id": segment.high}
            total += db.execute(_BLOCK_COUNT_SQL, params).fetchone()[0]
    return total
