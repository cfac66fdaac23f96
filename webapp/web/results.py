"""The request's timeline result and events, with this site's absolute URLs.

Pages, the API, exports and embeds all come here, so they show the same events, counts and
description for the same filters.
"""

from __future__ import annotations

from flask import current_app, url_for

from ..store.counts import MatchCounts
from ..store.event_shape import public_event
from ..store.results import TimelineResult, timeline_result
from ..store.timeline_query import TimelineQuery
from . import media_files
from .database import get_catalog, get_db
from .links import event_url, quote_url


def read_query(args) -> TimelineQuery:
    """The filters in ``args``, checked against this database's topics and sources."""
    catalog = get_catalog()
    query = TimelineQuery.from_args(
        args,
        catalog.topic_slugs,
        catalog.source_slugs,
        catalog.place_names.keys(),
        catalog.person_names.keys(),
    )
    return query.with_drive_order(catalog.link_sizes) if query.who else query


def result_for(query: TimelineQuery) -> TimelineResult:
    cap = current_app.config["COUNT_CAP"]
    return timeline_result(get_db(), query, cap=cap, catalog=get_catalog())


def counts_for(query: TimelineQuery) -> MatchCounts:
    """The counts and facets of ``query`` alone, without fetching a page of it."""
    cap = current_app.config["COUNT_CAP"]
    return MatchCounts(get_db(), query, cap=cap, catalog=get_catalog())


def next_url(result: TimelineResult, endpoint: str, external: bool = False) -> str | None:
    """The next page of ``result`` at ``endpoint``, or None on the last page."""
    args = result.next_args
    return None if args is None else url_for(endpoint, _external=external, **args)


def public(event: dict) -> dict:
    """An event as the API and exports publish it."""
    own = get_catalog().meta.get("language") or "en"
    published = public_event({**event, "own_language": own}, event_url, quote_url)
    published["media"] = media_files.absolute(published["media"])
    return published
