"""What the time axis draws for a window: its events as marks, or clusters with exact counts.

Time on the axis is a decimal year: a date's first covered instant is ``year + fraction of the
year gone``, and a date covers up to the start of the next (an instant of year precision 2004 is
``2004``–``2005``, of August 2021 ``2021.5808``–``2021.6658``). Years BCE keep their historical
numbers (-300 covers ``-300``–``-299``); no year covers ``0``–``1``, as no year 0 exists.

A window holding at most ``MAX_MARKS`` events sends every one as a mark. A fuller one is cut
into bins, each counted exactly without walking its events: with no filter but time, events are
in chronological id order, so the events starting in a bin are an id range found by binary search
(``year_ids`` narrows it to a year); one topic's counts come from ``topic_start_years``; any other
filter walks at most ``WALK_CAP`` matches and says when a count is only a lower bound. Events
that started before the window and reach into it count in its first bin, so the bins' counts sum
to the window's events. A bin with only a few events sends them as marks instead.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from itertools import pairwise

from ..dates import PartialDate, days_in_month, is_leap
from ..limits import MAX_YEAR, MIN_YEAR
from . import reads
from .catalog import Catalog
from .id_walks import matching_ids
from .reads import Database
from .timeline_query import EVENT_END_KEY_SQL, EVENT_START_KEY_SQL, TimelineQuery

MAX_MARKS = 400
WALK_CAP = 5_000
FEW = 3  # a bin with this many events or fewer shows them as marks
MAX_LANES = 12


# --- Decimal years -------------------------------------------------------------------------


def _days_before_month(year: int, month: int) -> int:
    return sum(days_in_month(year, m) for m in range(1, month))


def decimal_start(date: PartialDate) -> float:
    """The decimal year at which ``date`` begins: 2004 → 2004.0, 2021-07 → 2021.4959."""
    if date.month is None:
        return float(date.year)
    days = _days_before_month(date.year, date.month) + (date.day or 1) - 1
    return date.year + days / (366 if is_leap(date.year) else 365)


def decimal_end(date: PartialDate) -> float:
    """The decimal year at which ``date`` ends (exclusive): 2004 → 2005.0."""
    year_length = 366 if is_leap(date.year) else 365
    if date.month is None:
        days = year_length
    elif date.day is None:
        days = _days_before_month(date.year, date.month) + days_in_month(date.year, date.month)
    else:
        days = _days_before_month(date.year, date.month) + date.day
    return date.year + days / year_length


def date_at(moment: float, precision: str) -> PartialDate:
    """The date of ``precision`` ("year", "month", "day") that holds the decimal year
    ``moment``; a moment in the missing year 0 belongs to 1 CE."""
    year = min(max(math.floor(moment), MIN_YEAR), MAX_YEAR)
    if year == 0:
        return _first_date_of_1_ce(precision)
    if precision == "year":
        return PartialDate(year)
    day_of_year = int((moment - year) * (366 if is_leap(year) else 365) + 1e-6)
    month = 1
    while month < 12 and _days_before_month(year, month + 1) <= day_of_year:
        month += 1
    if precision == "month":
        return PartialDate(year, month)
    day = min(day_of_year - _days_before_month(year, month) + 1, days_in_month(year, month))
    return PartialDate(year, month, max(day, 1))


def _first_date_of_1_ce(precision: str) -> PartialDate:
    if precision == "year":
        return PartialDate(1)
    return PartialDate(1, 1) if precision == "month" else PartialDate(1, 1, 1)


def precision_for(span: float) -> str:
    """How precisely a window of ``span`` years is written in its URL."""
    if span >= 30:
        return "year"
    return "month" if span >= 2 else "day"


def _key(date: PartialDate) -> int:
    """The date key of the first day ``date`` covers (as ``EVENT_START_KEY_SQL`` computes)."""
    return date.year * 10000 + (date.month or 1) * 100 + (date.day or 1)


# --- Windows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """A stretch of time in decimal years, ``low`` inclusive to ``high`` exclusive."""

    low: float
    high: float

    @property
    def span(self) -> float:
        return self.high - self.low

    def first_date(self) -> PartialDate:
        return date_at(self.low, precision_for(self.span))

    def last_date(self) -> PartialDate:
        """The last date inside the window (its end is exclusive)."""
        precision = precision_for(self.span)
        last = date_at(self.high - max(1e-6, abs(self.high) * 1e-14), precision)
        first = self.first_date()
        return first if last < first else last

    def bounded(self) -> Window:
        """The window kept inside the years the app accepts."""
        low, high = max(self.low, MIN_YEAR), min(self.high, MAX_YEAR + 1)
        return Window(low, high) if high > low else Window(low, low + 1)


def window_of(query: TimelineQuery, span: tuple[float, float] | None) -> Window:
    """The query's own window (``year``, ``from``, ``to``) where it has one; the rest of it from
    ``span``, the filtered events' first and last decimal years, with a margin."""
    low_year, high_year = query.year_bounds
    low = decimal_start(query.fine_from) if query.fine_from else low_year
    high = decimal_end(query.fine_to) if query.fine_to else None
    if high is None and high_year is not None:
        high = float(high_year + 1)
    if low is not None and high is not None:
        return Window(float(low), float(high)).bounded()
    first, last = span or (2000.0, 2001.0)
    margin = max((last - first) * 0.04, 0.5 if last - first < 30 else 1)
    low = float(low) if low is not None else first - margin
    high = float(high) if high is not None else last + margin
    if high <= low:
        low, high = (low - 1, low + 1) if low_year is not None else (high - 1, high + 1)
    return Window(low, high).bounded()


def matches_span(db: Database, query: TimelineQuery, summary) -> tuple[float, float] | None:
    """The first and last decimal years of the query's events, from its summary where it knows
    them, else from the timeline's."""
    first, last = summary.first_year, summary.last_year
    if first is None or last is None:
        row = db.execute("SELECT min(year), max(last) FROM year_counts").fetchone()
        first, last = row
    if first is None:
        return None
    return float(first), float(last + 1)


def window_query(query: TimelineQuery, window: Window) -> TimelineQuery:
    """``query`` narrowed to ``window``: the events the axis and the list below it show."""
    first, last = window.first_date(), window.last_date()
    whole_first = decimal_start(PartialDate(first.year)) == decimal_start(first)
    whole_last = decimal_end(PartialDate(last.year)) == decimal_end(last)
    return replace(
        query,
        year=None,
        from_year=first.year,
        to_year=last.year,
        from_date=None if whole_first else first,
        to_date=None if whole_last else last,
        after=0,
    )


# --- What the window holds ----------------------------------------------------------------


@dataclass
class Cluster:
    low: float
    high: float
    count: int
    exact: bool = True


@dataclass
class AxisData:
    window: Window
    marks: list[dict] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    eras: list[dict] = field(default_factory=list)
    lane: str | None = None
    lane_label: str | None = None


def _published(db: Database) -> dict[str, PartialDate]:
    rows = db.execute("SELECT slug, published FROM sources").fetchall()
    return {slug: PartialDate.parse(published) for slug, published in rows if published}


def mark_of(event: dict, published: dict[str, PartialDate]) -> dict:
    """An event with the decimal years it covers: ``axis_start`` and ``axis_end``."""
    start = event["start_date"]
    if event["open_ended"]:
        horizon = published.get(event["source"]) or PartialDate(event["end_year"])
        end = max(decimal_end(horizon), decimal_end(start))
    else:
        end = decimal_end(event["end_date"] or start)
    return {**event, "axis_start": decimal_start(start), "axis_end": end}


def _events(db: Database, ids: list[int]) -> list[dict]:
    published = _published(db)
    return [
        mark_of(event, published) for event in reads.shape_events(db, reads.rows_by_ids(db, ids))
    ]


def bin_edges(window: Window, count: int) -> list[float]:
    """``count`` equal bins over the window, edges on whole years when bins are a year or more."""
    step = window.span / count
    if step >= 1:
        step = float(math.ceil(step))
        first = float(math.floor(window.low))
        edges = [first + step * index for index in range(count + 2)]
        return [edge for edge in edges if edge < window.high] + [window.high]
    return [window.low + step * index for index in range(count)] + [window.high]


def _only_time(query: TimelineQuery) -> bool:
    return not (query.topics or query.sources or query.q or query.who)


def _start_key_at(moment: float) -> int:
    """The date key of the first day starting at or after the decimal year ``moment``."""
    day = date_at(moment, "day")
    if decimal_start(day) < moment - 1e-12:
        return _key(day) + 1  # within the day: the next day key (keys need only be ordered)
    return _key(day)


def _first_id_from(db: Database, key: int) -> int:
    """The first event id whose start date key is ``key`` or later (ids are in date order)."""
    year = _year_of(key)
    row = db.execute("SELECT first_id, last_id FROM year_ids WHERE year = ?", [year]).fetchone()
    if row is None or key <= year * 10000 + 101:
        found = db.execute("SELECT min(first_id) FROM year_ids WHERE year >= ?", [year]).fetchone()
        if row is None or found[0] is None:
            nxt = db.execute("SELECT min(first_id) FROM year_ids WHERE year > ?", [year]).fetchone()
            return nxt[0] if nxt[0] is not None else _after_last(db)
        return found[0]
    low, high = row[0], row[1] + 1  # the answer lies in [low, high]
    while low < high:
        middle = (low + high) // 2
        start = db.execute("SELECT start FROM events WHERE id = ?", [middle]).fetchone()[0]
        if _key(PartialDate.parse(start)) >= key:
            high = middle
        else:
            low = middle + 1
    return low


def _after_last(db: Database) -> int:
    return (db.execute("SELECT max(last_id) FROM year_ids").fetchone()[0] or 0) + 1


def _first_ids_from(db: Database, keys: list[int]) -> list[int]:
    """``_first_id_from`` of each key: the keys at a year's first day (a default window's
    edges) in one statement over ``year_ids``, any other by its own search."""
    years = {key: _year_of(key) for key in keys}
    at_year_start = sorted({years[key] for key in keys if key <= years[key] * 10000 + 101})
    found = {}
    if at_year_start:
        rows = db.execute(
            "SELECT j.value, coalesce((SELECT min(first_id) FROM year_ids WHERE year >= j.value),"
            " (SELECT coalesce(max(last_id), 0) + 1 FROM year_ids)) FROM json_each(?) j",
            [json.dumps(at_year_start)],
        ).fetchall()
        found = dict(rows)
    return [
        found[years[key]] if years[key] in found and key <= years[key] * 10000 + 101
        else _first_id_from(db, key)
        for key in keys
    ]  # fmt: skip


def _year_of(key: int) -> int:
    """The year of a date key (year * 10000 + month * 100 + day, BCE years negative)."""
    return key // 10000 if key >= 0 else -((-key + 9999) // 10000)


def _counts_by_ids(
    db: Database, edges: list[float], total: int | None, before: int = 0
) -> list[int]:
    """Events starting in each bin, by id arithmetic; the window's earlier starters in the
    first bin (``before`` of them, or all of ``total`` the bins do not hold)."""
    ids = _first_ids_from(db, [_start_key_at(edge) for edge in edges])
    counts = [max(b - a, 0) for a, b in pairwise(ids)]
    counts[0] += before if total is None else max(total - sum(counts), 0)
    return counts


def _still_running(db: Database, key: int) -> int:
    """How many events started before the date key ``key`` and end on or after it: those that
    started before it (an id range) less those that ended before it (the ``end_year`` index,
    then the rows of that one year)."""
    started = _first_id_from(db, key) - 1  # ids run from 1 in date order
    year = _year_of(key)
    ended = db.execute("SELECT count(*) FROM events WHERE end_year < ?", [year]).fetchone()[0]
    ended += db.execute(
        f"SELECT count(*) FROM events e WHERE e.end_year = ? AND {EVENT_END_KEY_SQL} < ?",
        [year, key],
    ).fetchone()[0]
    return max(started - ended, 0)


def _counts_by_topic(db: Database, topic: str, edges: list[float], total: int) -> list[int] | None:
    """One topic's events starting in each whole-year bin, from ``topic_start_years``."""
    if any(edge != math.floor(edge) for edge in edges[:-1]):
        return None
    years = [math.floor(edge) for edge in edges[:-1]] + [math.ceil(edges[-1])]
    from_here = [
        row[0]
        for row in db.execute(
            "SELECT coalesce((SELECT from_here FROM topic_start_years WHERE topic = ? "
            "AND year >= j.value ORDER BY year LIMIT 1), 0) FROM json_each(?) j ORDER BY j.key",
            [topic, json.dumps(years)],
        ).fetchall()
    ]
    counts = [max(a - b, 0) for a, b in pairwise(from_here)]
    counts[0] += max(total - sum(counts), 0)
    return counts


def _counts_by_walk(
    db: Database, query: TimelineQuery, edges: list[float]
) -> tuple[list[int], bool]:
    """Each bin's events from walking at most ``WALK_CAP`` matches; False when capped."""
    ids = matching_ids(db, query, WALK_CAP + 1)
    exact = len(ids) <= WALK_CAP
    rows = db.execute(
        "SELECT start FROM events WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(ids[:WALK_CAP])],
    ).fetchall()
    counts = [0] * (len(edges) - 1)
    for (start,) in rows:
        moment = decimal_start(PartialDate.parse(start))
        index = 0
        while index < len(counts) - 1 and moment >= edges[index + 1]:
            index += 1
        counts[index] += 1
    return counts, exact


def _bin_ids(db: Database, query: TimelineQuery, low: float, high: float, first: bool) -> list[int]:
    """The ids of events starting in [low, high) (or, for the first bin, before ``high``)."""
    bin_query = window_query(query, Window(low, high))
    extra = f"{EVENT_START_KEY_SQL} < {_start_key_at(high)}"
    if not first:
        extra += f" AND {EVENT_START_KEY_SQL} >= {_start_key_at(low)}"
    return matching_ids(db, bin_query, FEW + 1, extra=extra)


def window_total(db: Database, query: TimelineQuery, cap: int) -> tuple[int, bool]:
    """How many events overlap the window of ``query`` (a window query), and whether exactly."""
    from .counts import MatchCounts  # counts imports reads, as this module does

    summary = MatchCounts(db, query, cap=cap).summary
    return summary.total, summary.exact


def axis_data(
    db: Database, query: TimelineQuery, window: Window, bins: int = 48, most: int = MAX_MARKS
) -> AxisData:
    """The marks or clusters of ``query``'s events in ``window``, and its eras."""
    windowed = window_query(query, window)
    data = AxisData(window)
    first_year, last_year = math.floor(window.low), math.floor(window.high)
    data.eras = reads.eras_of(db, query.sources, (first_year, last_year))
    ids = matching_ids(db, windowed, most + 1)
    if len(ids) <= most:
        data.marks = _events(db, ids)
        return data
    edges = bin_edges(window, bins)
    counts, exact = _bin_counts(db, windowed, edges)
    few_ids = []
    for index, count in enumerate(counts):
        low, high = edges[index], edges[index + 1]
        if exact and 0 < count <= FEW:
            few_ids += _bin_ids(db, windowed, low, high, first=index == 0)
        elif count:
            data.clusters.append(Cluster(low, high, count, exact))
    data.marks = _events(db, sorted(set(few_ids)))
    return data


def _bin_counts(
    db: Database, windowed: TimelineQuery, edges: list[float]
) -> tuple[list[int], bool]:
    """Each bin's events, exactly where precomputed counts or id arithmetic allow, and whether
    the counts are exact."""
    if _only_time(windowed) and not windowed.fine_window:
        total, _ = window_total(db, windowed, cap=0)
        return _counts_by_ids(db, edges, total), True
    if _only_time(windowed):
        return _counts_by_ids(db, edges, None, _still_running(db, _start_key_at(edges[0]))), True
    if len(windowed.topics) == 1 and not (
        windowed.sources or windowed.q or windowed.fine_window or windowed.who
    ):
        total, exact = window_total(db, windowed, cap=0)
        counts = _counts_by_topic(db, windowed.topics[0], edges, total) if exact else None
        if counts is not None:
            return counts, True
    return _counts_by_walk(db, windowed, edges)


def lane_values(catalog: Catalog, query: TimelineQuery, by: str) -> list[tuple[str, str]]:
    """The lanes of ``lanes=topic|source|place|person``: (slug, label), those the query keeps,
    in order (topics as the vocabulary has them, sources by date, places and people most named
    first)."""
    if by == "topic":
        rows = [(t["slug"], t["label"]) for t in catalog.topics if t["count"]]
        chosen = set(query.topics)
    elif by == "source":
        rows = [(s["slug"], s["title"]) for s in catalog.sources if s["count"]]
        chosen = set(query.sources)
    else:
        named = catalog.places if by == "place" else catalog.people
        rows = [(row["slug"], row["name"]) for row in named if row["count"]]
        chosen = set(query.places if by == "place" else query.people)
    return [row for row in rows if not chosen or row[0] in chosen][:MAX_LANES]


def _narrowed_to(query: TimelineQuery, by: str, slug: str) -> TimelineQuery:
    """The query of one lane: its own topic, source, place or person in place of the query's."""
    if by == "topic":
        return replace(query, topics=(slug,))
    if by == "source":
        return replace(query, sources=(slug,))
    if by == "place":
        return replace(query, places=(slug,))
    return replace(query, people=(slug,))


def lanes_data(
    db: Database, catalog: Catalog, query: TimelineQuery, window: Window, by: str
) -> list[AxisData]:
    """One axis row per topic, source, place or person; an event with two is in both."""
    lanes = lane_values(catalog, query, by)
    most = max(MAX_MARKS // max(len(lanes), 1), FEW * 4)
    drawn = []
    for slug, label in lanes:
        narrowed = _narrowed_to(query, by, slug)
        lane = axis_data(db, narrowed, window, bins=32, most=most)
        lane.lane, lane.lane_label = slug, label
        drawn.append(lane)
    return drawn
