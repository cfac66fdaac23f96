"""A timeline view's result, assembled in one place for pages, the API, exports and embeds.

Each of them shows the same page of events, count, description and next page; assembling them
separately let them drift (an embed once titled a source filter by its slug).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from ..limits import COUNT_CAP
from ..wording import gettext as _
from . import reads
from .catalog import Catalog, read_catalog
from .counts import MatchCounts, Summary
from .timeline_query import TimelineQuery


@dataclass
class TimelineResult:
    """One page of a filtered timeline, with what every view of it says about the whole."""

    query: TimelineQuery
    events: list[dict]
    next_after: int | None
    counts: MatchCounts
    topic_labels: dict[str, str]
    source_titles: dict[str, str]
    who_names: dict = field(default_factory=dict)

    @property
    def summary(self) -> Summary:
        return self.counts.summary

    @cached_property
    def description(self) -> str:
        """The view in plain words: "7 events · Summits · 2004–2018"."""
        summary = self.summary
        return self.query.describe(
            summary.total,
            (summary.first_year, summary.last_year),
            self.topic_labels,
            exact=summary.exact,
            source_titles=self.source_titles,
            names=self.who_names,
        )

    @property
    def active_filters(self) -> str:
        """The filters in force, for the folded filter form: "Summits · 2004–2018" or "none"."""
        words = self.query.filter_words(self.topic_labels, self.source_titles, self.who_names)
        return " · ".join(words) or _("none")

    @property
    def next_args(self) -> dict | None:
        """The URL arguments of the next page, or None on the last."""
        if self.next_after is None:
            return None
        return self.query.to_args(after=self.next_after)

    def counts_without(self, **cleared) -> MatchCounts:
        """The counts of this view with some filters cleared (the view's own when none were set)."""
        query = replace(self.query, **cleared)
        if query == self.query:
            return self.counts
        return MatchCounts(self.counts.db, query, self.counts.cap, self.counts.catalog)

    def topic_choices(self) -> dict[str, int] | None:
        """What ticking each topic alone would show under the other filters (so the topic
        filter's own choices do not zero each other out); None past the count cap."""
        rows = self.counts_without(topics=()).topic_counts()
        return None if rows is None else {row["slug"]: row["count"] for row in rows}

    def source_choices(self) -> dict[str, int] | None:
        """What ticking each source alone would show under the other filters; None past the cap."""
        return self.counts_without(sources=()).source_counts()

    def place_choices(self) -> dict[str, int] | None:
        """What ticking each place alone would show under the other filters; None past the cap."""
        return self.counts_without(places=()).link_counts("places")

    def person_choices(self) -> dict[str, int] | None:
        """What ticking each person alone would show under the other filters; None past the cap."""
        return self.counts_without(people=()).link_counts("people")

    def facets(self) -> dict:
        """Matching events per year and per topic; either is None past the count cap."""
        return self.counts.facets()


def timeline_result(
    db: reads.Database, query: TimelineQuery, cap: int = COUNT_CAP, catalog: Catalog | None = None
) -> TimelineResult:
    """The first page of ``query`` after its cursor, with its counts (worked out lazily).

    ``catalog`` is the build's (read here when not given)."""
    catalog = catalog or read_catalog(db)
    counts = MatchCounts(db, query, cap, catalog)
    if (query.q or query.who) and not query.after and query.limit < cap:
        # A search, or a view of places or people, is counted by walking its matches: its first
        # page is that walk's start.
        page = reads.page_of(db, counts.walked_ids[: query.limit + 1], query.limit)
    else:
        page = reads.find_events(db, query)
    return TimelineResult(
        query=query,
        events=page.events,
        next_after=page.next_after,
        counts=counts,
        topic_labels=catalog.labels,
        source_titles=catalog.titles,
        who_names=catalog.who_names,
    )
