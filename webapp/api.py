"""The JSON API: the same filters and paging as the timeline page, for programs."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    request,
    stream_with_context,
    url_for,
)

from . import exports, jsonsafe, queries
from .db import connect_read_only, get_db
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
        "provenance": event["provenance"],
        "quote_url": url_for(
            "pages.source", slug=event["source"], _anchor=event["slug"], _external=True
        )
        if event["quote_start"] is not None
        else None,
        "url": url_for("pages.event", slug=event["slug"], _external=True),
    }


@bp.errorhandler(InvalidQuery)
def invalid_query(error: InvalidQuery):
    return jsonify(error=str(error)), 400


@bp.get("/events")
def events():
    db = get_db()
    query = queries.read_filters(db, request.args)
    page = queries.find_events(db, query)
    next_url = None
    if page.next_after:
        next_url = url_for("api.events", _external=True, **query.to_args(after=page.next_after))
    matches = queries.Matches(db, query)
    summary = matches.summary
    return jsonify(
        events=[event_json(event) for event in page.events],
        total=summary.total,
        total_exact=summary.exact,
        facets={
            "years": matches.year_counts(),
            "topics": matches.topic_counts(),
        },
        next=next_url,
    )


def _export_query(db) -> tuple[TimelineQuery, int | None]:
    """The request's filters, and the number of events to export: all, unless ``limit`` says."""
    query = queries.read_filters(db, request.args)
    return query, query.limit if (request.args.get("limit") or "").strip() else None


def _export_events():
    """All events matching the request's filters (``limit``, when given, caps them)."""
    db = get_db()
    query, cap = _export_query(db)
    return db, query, (event_json(event) for event in queries.iter_events(db, query, cap))


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/events.csv")
def export_csv():
    """Streamed, on a connection of its own: the request's closes before the body is sent."""
    query, cap = _export_query(get_db())

    @stream_with_context
    def rows():
        db = connect_read_only(current_app.config["DATABASE"])
        try:
            events = (event_json(event) for event in queries.iter_events(db, query, cap))
            yield from exports.csv_rows(events)
        finally:
            db.close()

    return _download(rows(), "text/csv", "timeline.csv")


@bp.get("/events.json")
def export_json():
    db, query, events = _export_events()
    matches = queries.Matches(db, query)
    summary = matches.summary
    body = {
        "events": list(events),
        "total": summary.total,
        "total_exact": summary.exact,
        "facets": {
            "years": matches.year_counts(),
            "topics": matches.topic_counts(),
        },
        "next": None,
    }
    return _download(jsonsafe.dumps(body, ensure_ascii=False), "application/json", "timeline.json")


@bp.get("/events.ics")
def export_ics():
    db, _, events = _export_events()
    name = queries.site_meta(db).get("title", "Timeline")
    body = exports.ical(events, name, request.host.split(":")[0])
    return _download(body, "text/calendar", "timeline.ics")


@bp.get("/timelinejs.json")
def export_timelinejs():
    db, query, events = _export_events()
    labels = {topic["slug"]: topic["label"] for topic in queries.all_topics(db)}
    body = exports.timelinejs(events, timelinejs_title(db, query), labels)
    return _download(
        jsonsafe.dumps(body, ensure_ascii=False), "application/json", "timelinejs.json"
    )


def timelinejs_title(db, query) -> dict:
    """The title slide: the source's title when the view draws on one source, else the site's."""
    sources = queries.all_sources(db)
    if query.sources:
        sources = [source for source in sources if source["slug"] in query.sources]
    if len(sources) == 1:
        source = sources[0]
        byline = ", ".join(part for part in (source["outlet"], source["author"]) if part)
        return {"headline": source["title"], "text": f"{byline}, {source['published']}"}
    meta = queries.site_meta(db)
    return {"headline": meta.get("title", "Timeline"), "text": meta.get("description", "")}


@bp.get("/topics")
def topics():
    return jsonify(topics=queries.all_topics(get_db()))
