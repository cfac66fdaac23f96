"""Pages for readers: the timeline, an event, a source; each a whole page or, for htmx, a block."""

from __future__ import annotations

from flask import Blueprint, abort, g, request, url_for

from . import queries
from .dates import PartialDate
from .db import DatabaseMissing, get_db
from .density import build_strip
from .filters import InvalidQuery, TimelineQuery
from .highlight import highlighted_paragraphs
from .rendering import page_or_fragment

bp = Blueprint("pages", __name__)


def request_sources(db) -> list[dict]:
    """The sources, read once per request: the header, the form and the count all show them."""
    if "sources" not in g:
        g.sources = queries.all_sources(db)
    return g.sources


@bp.app_context_processor
def site_context() -> dict:
    """The timeline's title, description and sources, for every page's header."""
    try:
        db = get_db()
        meta, sources = queries.site_meta(db), request_sources(db)
    except DatabaseMissing:
        meta, sources = {}, []
    return {
        "site": {
            "title": meta.get("title", "Timeline"),
            "description": meta.get("description", ""),
            "sources": sources,
        }
    }


@bp.app_template_filter("display_date")
def display_date(iso: str) -> str:
    """``2022-01-18`` as "18 January 2022", as precise as it is."""
    return PartialDate.parse(iso).display()


def timeline_url(query: TimelineQuery, external: bool = False, **changes) -> str:
    """The ``/`` URL of ``query`` with ``changes`` applied (a bookmarkable view)."""
    return url_for("pages.timeline", _external=external, **query.to_args(**changes))


@bp.get("/")
def timeline():
    db = get_db()
    topics = queries.all_topics(db)
    labels = {topic["slug"]: topic["label"] for topic in topics}
    titles = {source["slug"]: source["title"] for source in request_sources(db)}
    context = {"topics": topics, "notes": queries.all_notes(db)}
    try:
        query = TimelineQuery.from_args(request.args, labels, titles)
    except InvalidQuery as error:
        return page_or_fragment("timeline.html", "results", 400, error=str(error), **context)
    page = queries.find_events(db, query)
    matches = queries.Matches(db, query)
    summary = matches.summary
    strip_matches = queries.Matches(db, query.without_years()) if query.has_year_filter else matches
    return page_or_fragment(
        "timeline.html",
        "results",
        query=query,
        groups=queries.group_by_year(page.events),
        continues_year=_year_before_cursor(db, query),
        next_url=timeline_url(query, after=page.next_after) if page.next_after else None,
        description=query.describe(
            summary.total,
            (summary.first_year, summary.last_year),
            labels,
            exact=summary.exact,
            source_titles=titles,
        ),
        total=summary.total,
        embed_args=query.to_pairs(after=0),
        full_url=timeline_url(query, external=True, after=0),
        strip=_strip(db, strip_matches),
        **context,
    )


def _strip(db, matches: queries.Matches):
    """The density strip, when its counts can be had without counting past the cap."""
    counts = matches.year_counts()
    if counts is None:
        return None
    return build_strip(counts, queries.ranged_events(db, matches.query))


def _year_before_cursor(db, query: TimelineQuery) -> int | None:
    """On a later page, the start year of the last event already shown (no repeated heading)."""
    if not query.after:
        return None
    event = queries.event_by_id(db, query.after)
    return event["start_year"] if event else None


@bp.get("/events/<slug>")
def event(slug: str):
    db = get_db()
    found = queries.get_event(db, slug)
    if found is None:
        abort(404, description=f"There is no event called “{slug[:80]}”.")
    previous, following = queries.neighbours(db, found["id"])
    return page_or_fragment(
        "event.html",
        "content",
        event=found,
        source=queries.get_source(db, found["source"]),
        previous=previous,
        following=following,
        embed_args=[("event", slug)],
        full_url=url_for("pages.event", slug=slug, _external=True),
    )


@bp.get("/sources")
def sources():
    return page_or_fragment("sources.html", "content")


@bp.get("/sources/<slug>")
def source(slug: str):
    db = get_db()
    found = queries.get_source(db, slug)
    if found is None:
        abort(404, description=f"There is no source called “{slug[:80]}”.")
    events = queries.source_events(db, slug)
    notes = queries.source_notes(db, slug)
    proposals = queries.source_proposals(db, slug)
    return page_or_fragment(
        "source.html",
        "content",
        source=found,
        paragraphs=highlighted_paragraphs(found["text"], events, notes, proposals),
        events=events,
        notes=notes,
        proposals=proposals,
    )
