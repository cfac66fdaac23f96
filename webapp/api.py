"""The JSON API: the same filters and paging as the timeline page, for programs."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from . import queries
from .db import get_db
from .filters import InvalidQuery, TimelineQuery

bp = Blueprint("api", __name__, url_prefix="/api")


def event_json(event: dict) -> dict:
    """An event as the API publishes it: dates exactly as precise as the source gives them."""
    return {
        "slug": event["slug"],
        "title": event["title"],
        "summary": event["summary"],
        "start": event["start"],
        "end": event["end"],
        "precision": event["start_precision"],
        "end_precision": event["end_precision"],
        "open_ended": event["open_ended"],
        "reported": event["reported"],
        "display_date": event["display_date"],
        "topics": [topic["slug"] for topic in event["topics"]],
        "places": [place["name"] for place in event["places"]],
        "actors": [actor["name"] for actor in event["actors"]],
        "quote": event["quote"],
        "source": event["source"],
        "quote_url": url_for(
            "pages.source", slug=event["source"], _anchor=event["slug"], _external=True
        ),
        "url": url_for("pages.event", slug=event["slug"], _external=True),
    }


@bp.errorhandler(InvalidQuery)
def invalid_query(error: InvalidQuery):
    return jsonify(error=str(error)), 400


@bp.get("/events")
def events():
    db = get_db()
    query = TimelineQuery.from_args(request.args, queries.topic_slugs(db))
    page = queries.find_events(db, query)
    next_url = None
    if page.next_after:
        next_url = url_for("api.events", _external=True, **query.to_args(after=page.next_after))
    return jsonify(
        events=[event_json(event) for event in page.events],
        total=queries.summarise(db, query).total,
        facets={
            "years": queries.year_counts(db, query),
            "topics": queries.topic_counts(db, query),
        },
        next=next_url,
    )


@bp.get("/topics")
def topics():
    return jsonify(topics=queries.all_topics(get_db()))
