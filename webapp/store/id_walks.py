"""Walking the events that match a query, in timeline order, through indexes only.

Events are stored in chronological rowid order, so "the next page" is always "the next ids". A
query is answered by walking ids upward through the most selective index it has:

- words (``q``): the FTS5 index, which yields rowids in ascending order;
- topics: the ``(topic, event_id)`` index, one walk per topic, merged;
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

import sqlite_utils

from .spans import containing
from .timeline_query import TimelineQuery, fine_window_clause

Database = sqlite_utils.Database
BIG = 2**62


@dataclass
class Segment:
    """Ids in ``[low, high]`` reached by one driver, with the other filters as row checks."""

    low: int
    high: int
    before_window: int | None = None  # set for "started earlier, covers the window's first year"


def _window_segments(db: Database, query: TimelineQuery) -> list[Segment]:
    low, high = query.year_bounds
    if low is None and high is None:
        return [Segment(1, BIG)]
    low = low if low is not None else -BIG
    high = high if high is not None else BIG
    first = db.execute("SELECT min(first_id) FROM year_ids WHERE year >= ?", [low]).fetchone()[0]
    last = db.execute("SELECT max(last_id) FROM year_ids WHERE year <= ?", [high]).fetchone()[0]
    segments = []
    if low > -BIG:
        segments.append(Segment(1, (first or BIG) - 1, before_window=low))
    if first is not None and last is not None and first <= last:
        segments.append(Segment(first, last))
    return segments


def _checks(query: TimelineQuery, skip_topics: bool) -> tuple[list[str], dict]:
    """Row checks for every filter the driver does not already apply (a search applies topics
    and sources itself, through their tag tokens)."""
    clauses, params = [], {}
    skip_topics = skip_topics or bool(query.q)
    low, high = query.year_bounds
    if low is not None:
        clauses.append("e.end_year >= :low")
        params["low"] = low
    if high is not None:
        clauses.append("e.start_year <= :high")
        params["high"] = high
    if (fine := fine_window_clause(query)) is not None:
        clauses.append(fine[0])
        params.update(fine[1])
    if query.topics and not skip_topics:
        names = [f":topic{i}" for i in range(len(query.topics))]
        clauses.append(
            "EXISTS (SELECT 1 FROM event_topics x WHERE x.event_id = e.id "
            f"AND x.topic IN ({', '.join(names)}))"
        )
        params.update({name[1:]: topic for name, topic in zip(names, query.topics, strict=True)})
    if query.sources and not query.q:
        names = [f":source{i}" for i in range(len(query.sources))]
        clauses.append(f"e.source IN ({', '.join(names)})")
        params.update({name[1:]: slug for name, slug in zip(names, query.sources, strict=True)})
    return clauses, params


def _driver_sql(
    query: TimelineQuery,
    segment: Segment,
    topic: str | None,
    extra: str,
    block: tuple[int, int] | list[list[int]] | None = None,
) -> tuple[str, dict]:
    """One ordered walk of ids (``:after`` exclusive, at most ``:need``) over a segment."""
    clauses, params = _checks(query, skip_topics=topic is not None)
    if extra:
        clauses.append(extra)
    params.update(low_id=segment.low, high_id=segment.high)
    if query.q:
        params["match"] = query.match_expression
    if topic is not None:
        params["driver_topic"] = topic
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
        else:
            params["level"], params["block"] = block
            leading = ["b.level = :level", "b.block = :block"]
        if query.q:
            clauses.append(
                "b.event_id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :match "
                "AND rowid <= :high_id)"
            )
    elif query.q:
        table, column, leading = "events_fts f", "f.rowid", ["events_fts MATCH :match"]
    elif topic is not None:
        table, column, leading = "event_topics t", "t.event_id", ["t.topic = :driver_topic"]
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


def _segment_ids(
    db: Database, query: TimelineQuery, segment: Segment, after: int, need: int, extra: str
) -> list[int]:
    """Up to ``need`` matching ids after ``after`` in one segment, ascending."""
    if segment.before_window is not None and query.q:
        # One statement for every block size, so the search's match list is built once.
        blocks = [list(block) for block in _covering_blocks(db, segment.before_window)]
        drivers = [(None, blocks)] if blocks else []
    elif segment.before_window is not None:
        drivers = [(None, block) for block in _covering_blocks(db, segment.before_window)]
    else:
        topics = list(query.topics) if query.topics and not query.q else [None]
        drivers = [(topic, None) for topic in topics]
    walks = []
    for topic, block in drivers:
        sql, params = _driver_sql(query, segment, topic, extra, block)
        rows = db.execute(sql, {**params, "after": after, "need": need}).fetchall()
        walks.append([row[0] for row in rows])
    if not walks:
        return []
    if len(walks) == 1:
        return walks[0]
    merged, previous = [], None
    for event_id in heapq.merge(*walks):
        if event_id != previous:
            merged.append(event_id)
            previous = event_id
        if len(merged) == need:
            break
    return merged


def _covering_blocks(db: Database, year: int) -> list[tuple[int, int]]:
    """The blocks of ``event_blocks`` that contain ``year``, at the sizes the build used."""
    top = db.execute("SELECT max(level) FROM event_blocks").fetchone()[0]
    return [] if top is None else containing(year, top + 1)


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


def window_count(db: Database, query: TimelineQuery) -> int:
    """How many events overlap the query's year window, by index arithmetic alone."""
    total = 0
    for segment in _window_segments(db, query):
        if segment.before_window is None:
            total += segment.high - segment.low + 1
        else:
            for level, block in _covering_blocks(db, segment.before_window):
                total += db.execute(
                    "SELECT count(*) FROM event_blocks WHERE level = ? AND block = ? "
                    "AND event_id BETWEEN ? AND ?",
                    [level, block, segment.low, segment.high],
                ).fetchone()[0]
    return total
