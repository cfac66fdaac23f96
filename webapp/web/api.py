"""The JSON API: the same filters and paging as the timeline page, for programs."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Blueprint, Response, abort, jsonify, request, url_for

from ..dates import PartialDate
from ..limits import EXPORT_MAX_EVENTS
from ..slugs import slugify
from ..store import reads
from ..store.timeline_query import InvalidQuery, TimelineQuery
from ..wording import gettext as _
from . import exports, jsonsafe
from .database import built_at, get_catalog, get_db
from .results import counts_for, next_url, public, read_query, result_for

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


@dataclass
class Export:
    """One file of an export: up to ``limit`` (else EXPORT_MAX_EVENTS) matching events, and the
    URL of the file that continues it when more match."""

    query: TimelineQuery
    events: list[dict]
    next_url: str | None


def _export() -> Export:
    query = read_query(request.args)
    size = query.limit if (request.args.get("limit") or "").strip() else EXPORT_MAX_EVENTS
    page = reads.find_events(get_db(), replace(query, limit=size))
    next_url = None
    if page.next_after is not None:
        following = query.to_args(after=page.next_after)
        next_url = url_for(str(request.endpoint), _external=True, **following)
    return Export(query, [public(event) for event in page.events], next_url)


def _file_name(export: Export) -> str:
    """The view in a file name: "azerbaijan-and-nato-summits-2004-2021.csv"."""
    catalog = get_catalog()
    words = export.query.filter_words(catalog.labels, catalog.titles, catalog.who_names)
    title = catalog.meta.get("title") or "timeline"
    stem = slugify(" ".join([title, *words]), longest=100) or "timeline"
    if request.endpoint == "api.export_timelinejs":
        stem += "-timelinejs"
    return f"{stem}.{request.path.rsplit('.', 1)[1]}"


def _download(body, mimetype: str, export: Export) -> Response:
    """The file, named after the view, with a Link to the next file when the view goes on."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{_file_name(export)}"'
    if export.next_url:
        response.headers["Link"] = f'<{export.next_url}>; rel="next"'
    return response


@bp.get("/events.csv")
def export_csv():
    """CSV; ``for=excel`` adds a byte-order mark (so Excel reads UTF-8) and keeps dates as text."""
    audience = (request.args.get("for") or "").strip()
    if audience not in ("", "excel"):
        raise InvalidQuery(
            _("for must be excel or left out, not %(value)s", value=repr(audience[:40]))
        )
    export = _export()
    labels = get_catalog().labels
    rows = exports.csv_rows(export.events, labels, for_spreadsheets=audience == "excel")
    body = ("\ufeff" if audience == "excel" else "") + "".join(rows)
    return _download(body, "text/csv", export)


@bp.get("/events.json")
def export_json():
    export = _export()
    counts = counts_for(export.query)  # the file already holds its events: no page to fetch
    body = {
        "events": export.events,
        "total": counts.summary.total,
        "total_exact": counts.summary.exact,
        "facets": counts.facets(),
        "next": export.next_url,
    }
    return _download(jsonsafe.dumps(body, ensure_ascii=False), "application/json", export)


@bp.get("/events.ics")
def export_ics():
    export = _export()
    body = exports.ical(export.events, get_catalog().title, request.host.split(":")[0], built_at())
    return _download(body, "text/calendar", export)


@bp.get("/timelinejs.json")
def export_timelinejs():
    export, db = _export(), get_db()
    if not export.events:
        abort(404, description=NO_SLIDES)
    title = timelinejs_title(export.query)
    years = [
        PartialDate.parse(event[end] or event["start"]).year
        for event in export.events
        for end in ("start", "end")
    ]
    narrowed = (
        export.query.has_year_filter or export.query.topics or export.query.q or export.query.who
    )
    years_shown = (min(years), max(years)) if narrowed else None
    eras = reads.eras_of(db, export.query.sources, years_shown)
    body = exports.timelinejs(export.events, title, get_catalog().labels, eras)
    return _download(jsonsafe.dumps(body, ensure_ascii=False), "application/json", export)


NO_SLIDES = (
    "This view has no events, and TimelineJS cannot open a timeline without slides: "
    "widen the filters (fewer topics, a wider year range or other words)."
)


def timelinejs_title(query) -> dict:
    """The title slide: the source's title when the view draws on one source, else the site's."""
    catalog = get_catalog()
    sources = catalog.sources
    if query.sources:
        sources = [source for source in sources if source["slug"] in query.sources]
    if len(sources) == 1:
        source = sources[0]
        byline = ", ".join(part for part in (source["outlet"], source["author"]) if part)
        return {"headline": source["title"], "text": f"{byline}, {source['published']}"}
    return {"headline": catalog.title, "text": catalog.meta.get("description", "")}


@bp.get("/topics")
def topics():
    return jsonify(topics=get_catalog().topics)


@bp.get("/places")
def places():
    """Every place the events name, most named first, with where the gazetteer puts it."""
    return jsonify(places=get_catalog().places)


@bp.get("/people")
def people():
    """Every person or organisation the events name (their ``actors``), most named first."""
    return jsonify(people=get_catalog().people)
