"""The JSON API: the same filters and paging as the timeline page, for programs."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    request,
    stream_with_context,
)

from ..store import reads
from ..store.connection import connect_read_only
from ..store.timeline_query import TimelineQuery
from . import exports, jsonsafe
from .database import get_db
from .results import next_url, public, read_query, result_for

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/events")
def events():
    result = result_for(read_query(request.args))
    return jsonify(
        events=[public(event) for event in result.events],
        total=result.summary.total,
        total_exact=result.summary.exact,
        facets=result.facets(),
        next=next_url(result, "api.events", external=True),
    )


def _export_query() -> tuple[TimelineQuery, int | None]:
    """The request's filters, and the number of events to export: all, unless ``limit`` says."""
    query = read_query(request.args)
    return query, query.limit if (request.args.get("limit") or "").strip() else None


def _export_events():
    """All events matching the request's filters (``limit``, when given, caps them)."""
    db = get_db()
    query, cap = _export_query()
    return db, query, (public(event) for event in reads.iter_events(db, query, cap))


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/events.csv")
def export_csv():
    """Streamed, on a connection of its own: the request's closes before the body is sent."""
    query, cap = _export_query()

    @stream_with_context
    def rows():
        db = connect_read_only(current_app.config["DATABASE"])
        try:
            events = (public(event) for event in reads.iter_events(db, query, cap))
            yield from exports.csv_rows(events)
        finally:
            db.close()

    return _download(rows(), "text/csv", "timeline.csv")


@bp.get("/events.json")
def export_json():
    _, query, events = _export_events()
    result = result_for(query)
    body = {
        "events": list(events),
        "total": result.summary.total,
        "total_exact": result.summary.exact,
        "facets": result.facets(),
        "next": None,
    }
    return _download(jsonsafe.dumps(body, ensure_ascii=False), "application/json", "timeline.json")


@bp.get("/events.ics")
def export_ics():
    db, _, events = _export_events()
    name = reads.site_meta(db).get("title", "Timeline")
    body = exports.ical(events, name, request.host.split(":")[0])
    return _download(body, "text/calendar", "timeline.ics")


@bp.get("/timelinejs.json")
def export_timelinejs():
    db, query, events = _export_events()
    body = exports.timelinejs(events, timelinejs_title(db, query), reads.topic_labels(db))
    return _download(
        jsonsafe.dumps(body, ensure_ascii=False), "application/json", "timelinejs.json"
    )


def timelinejs_title(db, query) -> dict:
    """The title slide: the source's title when the view draws on one source, else the site's."""
    sources = reads.all_sources(db)
    if query.sources:
        sources = [source for source in sources if source["slug"] in query.sources]
    if len(sources) == 1:
        source = sources[0]
        byline = ", ".join(part for part in (source["outlet"], source["author"]) if part)
        return {"headline": source["title"], "text": f"{byline}, {source['published']}"}
    meta = reads.site_meta(db)
    return {"headline": meta.get("title", "Timeline"), "text": meta.get("description", "")}


@bp.get("/topics")
def topics():
    return jsonify(topics=reads.all_topics(get_db()))
