"""How many events a query matches, and its facets: each worked out at most once, and bounded.

Counts come from tables the build precomputed, or from index arithmetic, where the filters allow;
otherwise from walking the matches, which stops past a cap ("10,000+ events").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cached_property

from ..limits import COUNT_CAP
from .catalog import Catalog, read_catalog
from .connection import remembered
from .id_walks import LINK_FILTERS, matching_ids, window_count
from .reads import Database
from .spans import counts_by_year
from .timeline_query import TimelineQuery


@dataclass
class Summary:
    """How many events match: exactly, or (``exact`` False) at least ``total``."""

    total: int
    exact: bool
    first_year: int | None
    last_year: int | None


def _single_topic(query: TimelineQuery) -> str | None:
    """The one topic of a query that filters by exactly one topic and no words or sources (nor
    a window of months or days, which the per-year tables cannot count)."""
    if (
        len(query.topics) == 1
        and not (query.q or query.sources or query.who)
        and not query.fine_window
    ):
        return query.topics[0]
    return None


def _only_years(query: TimelineQuery) -> bool:
    return not (query.topics or query.sources or query.q or query.fine_window or query.who)


def _one_link_alone(query: TimelineQuery) -> tuple[str, str] | None:
    """("places" or "people", slug) for a view of one place or person and no other filter: the
    build counted it."""
    if query.is_filtered and len(query.places) + len(query.people) == 1:
        rest = replace(query, places=(), people=())
        if not rest.is_filtered and not query.fine_window:
            return ("places", query.places[0]) if query.places else ("people", query.people[0])
    return None


def _year_span(db: Database, table: str, where: dict) -> tuple[int | None, int | None]:
    """First and last year in a precomputed count table (``table`` is one of ours)."""
    condition = " AND ".join(f"{column} = :{column}" for column in where) or "1"
    sql = f"SELECT min(year) AS a, max(last) AS b FROM {table} WHERE {condition}"
    row = next(db.query(sql, where))
    return row["a"], row["b"]


def _clipped(runs, low: int | None, high: int | None) -> list[dict]:
    """Runs of years cut to the window ``[low, high]``."""
    return [
        {
            "year": run["year"] if low is None else max(run["year"], low),
            "last": run["last"] if high is None else min(run["last"], high),
            "count": run["count"],
        }
        for run in runs
    ]


_IDS = "(SELECT value FROM json_each(:ids))"
_ID_FACETS_SQL = " UNION ALL ".join(
    [
        f"SELECT 'span', 'years', min(start_year), max(end_year) FROM events WHERE id IN {_IDS}",
        f"SELECT 'sources', source, count(*), NULL FROM events WHERE id IN {_IDS} GROUP BY source",
        *(
            f"SELECT '{kind}', {column}, count(*), NULL FROM {table} "
            f"WHERE event_id IN {_IDS} GROUP BY {column}"
            for kind, table, column in LINK_FILTERS
        ),
    ]
).replace(":ids", "?1")


class MatchCounts:
    """The events one query matches: its count and facets, each worked out at most once.

    Counts and facets come from tables computed at build time, or from index arithmetic, where
    the filters allow; otherwise from walking the matches, which stops past the cap.
    """

    def __init__(
        self,
        db: Database,
        query: TimelineQuery,
        cap: int = COUNT_CAP,
        catalog: Catalog | None = None,
    ):
        self.db, self.query, self.cap = db, query, cap
        self._catalog = catalog

    @cached_property
    def catalog(self) -> Catalog:
        """The build's topics, sources and metadata (read here when not given)."""
        return self._catalog or read_catalog(self.db)

    @cached_property
    def walked_ids(self) -> list[int]:
        """The first matching ids, one past the cap at most: what counting walks."""
        return matching_ids(self.db, self.query, self.cap + 1)

    @cached_property
    def bounded_ids(self) -> list[int] | None:
        """Every matching id if there are at most the cap; else None (without walking any, when
        the build's tables already say there are more)."""
        known = self.known_summary
        if known is not None and known.total > self.cap:
            return None
        ids = self.walked_ids
        return ids if len(ids) <= self.cap else None

    @cached_property
    def summary(self) -> Summary:
        """How many events match (exactly, or at least the cap) and the years they span."""
        known = self.known_summary
        if known is not None:
            return known
        ids = self.bounded_ids
        if ids is None:
            return Summary(self.cap, False, None, None)
        first, last = self.id_facets["span"].get("years", (None, None))
        return Summary(len(ids), True, first, last)

    @cached_property
    def id_facets(self) -> dict[str, dict]:
        """What the walked matches hold, in one statement over their ids: the years they span,
        and how many carry each topic, source, place and person (empty past the cap)."""
        facets: dict[str, dict] = {
            "span": {},
            "topics": {},
            "sources": {},
            "places": {},
            "people": {},
        }
        if self.bounded_ids is None:
            return facets
        for kind, key, count, last in self.db.execute(
            _ID_FACETS_SQL, [json.dumps(self.bounded_ids)]
        ):
            facets[kind][key] = (count, last) if kind == "span" else count
        return facets

    @cached_property
    def known_summary(self) -> Summary | None:
        """The summary the build's tables give without walking any match, where they do."""
        db, query = self.db, self.query
        low, high = query.year_bounds
        topic = _single_topic(query)
        if _only_years(query) and not query.has_year_filter:
            catalog = self.catalog
            return Summary(catalog.event_count, True, catalog.first_year, catalog.last_year)
        if _only_years(query):
            return Summary(window_count(db, query), True, None, None)
        if topic is not None and not query.has_year_filter:
            total = next(t["count"] for t in self.catalog.topics if t["slug"] == topic)
            span = _year_span(db, "topic_year_counts", {"topic": topic})
            return Summary(total, True, *span)
        if topic is not None and low is not None and low == high:
            row = next(
                db.query(
                    "SELECT coalesce(max(count), 0) AS n FROM (SELECT count, last "
                    "FROM topic_year_counts WHERE topic = :t AND year <= :y "
                    "ORDER BY year DESC LIMIT 1) WHERE last >= :y",
                    {"t": topic, "y": low},
                )
            )
            return Summary(row["n"], True, None, None)
        if topic is not None:  # one topic and a year window
            return Summary(self.topics_in_window()[topic], True, None, None)
        if (pair := self._topic_pair_total()) is not None:
            return Summary(pair, True, None, None)
        if (one := _one_link_alone(query)) is not None:
            kind, slug = one
            total = next(row["count"] for row in getattr(self.catalog, kind) if row["slug"] == slug)
            if total > self.cap:  # the years need a walk; past the cap, none is made
                return Summary(total, True, None, None)
        return None

    def facets(self) -> dict:
        """Matching events per year and per topic; either is None past the cap."""
        return {"years": self.year_counts(), "topics": self.topic_counts()}

    def topics_in_window(self) -> dict[str, int]:
        """Every topic's events in the query's year window, exactly, from three small tables:
        its total, less those that ended before the window and those that started after it."""
        low, high = self.query.year_bounds
        sql = """SELECT slug, event_count
                   - coalesce((SELECT through FROM topic_end_years e
                               WHERE e.topic = topics.slug AND e.year < :low
                               ORDER BY e.year DESC LIMIT 1), 0)
                   - coalesce((SELECT from_here FROM topic_start_years s
                               WHERE s.topic = topics.slug AND s.year > :high
                               ORDER BY s.year LIMIT 1), 0)
                 FROM topics"""
        window = {"low": -(2**62) if low is None else low, "high": 2**62 if high is None else high}
        # The count, the topic facet and the form's topic choices may all ask: once a request.
        counts = remembered(
            self.db,
            ("topics_in_window", window["low"], window["high"]),
            lambda: dict(self.db.execute(sql, window).fetchall()),
        )
        if window["low"] > window["high"]:  # year=478&from=1500: no year is in both
            return dict.fromkeys(counts, 0)
        return counts

    def _topic_pair_total(self) -> int | None:
        """Two topics and nothing else: |A| + |B| - |A and B|, all counted at build time."""
        query = self.query
        if len(query.topics) != 2 or query.q or query.sources or query.has_year_filter or query.who:
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
        """Events per calendar year (an event counts in every year it covers) as runs of years
        with the same count, ``{"year": first, "last", "count"}``, clipped to the query's year
        window; None when that would mean counting past the cap one by one."""
        db, query = self.db, self.query
        low, high = query.year_bounds
        window = {"low": -(2**62) if low is None else low, "high": 2**62 if high is None else high}
        if _only_years(query):
            sql = "SELECT year, last, count FROM year_counts WHERE year <= :high AND last >= :low"
            return _clipped(db.query(sql + " ORDER BY year", window), low, high)
        if (topic := _single_topic(query)) is not None:
            sql = (
                "SELECT year, last, count FROM topic_year_counts WHERE topic = :topic "
                "AND year <= :high AND last >= :low ORDER BY year"
            )
            return _clipped(db.query(sql, {**window, "topic": topic}), low, high)
        if self.bounded_ids is None:
            return None
        spans = db.execute(
            "SELECT start_year, end_year FROM events WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(self.bounded_ids)],
        ).fetchall()
        return counts_by_year(spans, low, high)

    def topic_counts(self) -> list[dict] | None:
        """Every topic with the number of matching events that carry it; None past the cap."""
        query = self.query
        topics = self.catalog.topics
        if not query.is_filtered:
            counts = {t["slug"]: t["count"] for t in topics}
        elif _only_years(query):
            counts = self.topics_in_window()
        elif self.bounded_ids is None:
            return None
        else:
            counts = self.id_facets["topics"]
        return [
            {"slug": t["slug"], "label": t["label"], "count": counts.get(t["slug"], 0)}
            for t in topics
        ]

    def link_counts(self, kind: str) -> dict[str, int] | None:
        """Matching events per place or person slug (``kind`` "places" or "people"); None past
        the cap."""
        if not self.query.is_filtered:
            return {row["slug"]: row["count"] for row in getattr(self.catalog, kind)}
        if self.bounded_ids is None:
            return None
        return self.id_facets[kind]

    def first_places(self) -> dict[str, int]:
        """Events per place among the first matches, up to the cap: a map's counts when the
        view has more events than are counted."""
        sql = (
            "SELECT place, count(*) FROM event_places "
            "WHERE event_id IN (SELECT value FROM json_each(?)) GROUP BY place"
        )
        ids = json.dumps(self.walked_ids[: self.cap])
        return dict(self.db.execute(sql, [ids]).fetchall())

    def source_counts(self) -> dict[str, int] | None:
        """Matching events per source slug; None past the cap."""
        if not self.query.is_filtered:
            return {source["slug"]: source["count"] for source in self.catalog.sources}
        if self.bounded_ids is None:
            return None
        return self.id_facets["sources"]
