"""Pages for readers: the timeline, an event, a source; each a whole page or, for htmx, a block."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, g, request, url_for

from ..dates import PartialDate, display_year
from ..limits import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_WHO_CHOICES
from ..store import reads
from ..store.connection import DatabaseMissing
from ..store.results import TimelineResult
from ..store.timeline_query import InvalidQuery, TimelineQuery
from ..wording import gettext as _
from .axis import axis_context
from .database import get_catalog, get_db
from .date_headings import heading_for
from .highlight import highlighted_paragraphs
from .languages import with_query
from .place_map import PlaceMap, place_map
from .renamed import redirect_if_renamed
from .rendering import page_or_fragment, wants_fragment
from .results import next_url, read_query, result_for
from .strips import strip_for
from .timelines import PREFIX, list_timelines, listing_page, summarise

bp = Blueprint("pages", __name__)


@bp.app_context_processor
def site_context() -> dict:
    """The timeline's title, description and sources, for every page's header."""
    try:
        catalog = get_catalog()
    except DatabaseMissing:
        return {"site": {"title": "Timeline", "description": "", "sources": [], "language": "en"}}
    return {
        "site": {
            "language": catalog.meta.get("language") or "en",
            "title": catalog.title,
            "description": catalog.meta.get("description", ""),
            "sources": catalog.sources,
        }
    }


def timeline_language() -> str | None:
    """The timeline's own language (``language`` in ``timeline.toml``), if it is built."""
    try:
        return get_catalog().meta.get("language")
    except DatabaseMissing:
        return None


@bp.app_template_global("own_language")
def own_language() -> str:
    """The language the timeline's own words (titles, summaries) are written in."""
    return timeline_language() or "en"


@bp.app_template_filter("display_date")
def display_date(iso: str) -> str:
    """``2022-01-18`` as "18 January 2022", as precise as it is."""
    return PartialDate.parse(iso).display()


bp.app_template_filter("heading_for")(heading_for)


@bp.app_template_filter("year_label")
def year_label(year: int) -> str:
    """A year as people write it: "2004", "300 BCE", "13.8 billion years ago"."""
    return display_year(year)


@bp.app_template_filter("whole_number_or_blank")
def whole_number_or_blank(value: str | None) -> str:
    """A form's number box shows only a number: anything else is said in the error instead
    (a browser logs a warning for a number box holding "abc")."""
    value = (value or "").strip()
    return value if re.fullmatch(r"-?[0-9]{1,12}", value) else ""


def timeline_url(query: TimelineQuery, external: bool = False, **changes) -> str:
    """The ``/`` URL of ``query`` with ``changes`` applied (a bookmarkable view).

    The strip links every column: the path is found by ``url_for`` once per request, then
    each URL is that path and its arguments."""
    key = "timeline_path_external" if external else "timeline_path"
    if key not in g:
        setattr(g, key, url_for("pages.timeline", _external=external))
    pairs = query.to_pairs(**changes)
    return with_query(getattr(g, key), urlencode(pairs))


def _timeline_context(db) -> dict:
    """What the timeline page shows whatever its filters: the topics, the undated notes (not in
    a fragment, which never shows them), and the timeline's first and last years (where an
    empty year box starts when stepped)."""
    catalog = get_catalog()
    return {
        "topics": catalog.topics,
        "notes": [] if wants_fragment() else reads.all_notes(db),
        "year_span": (catalog.first_year, catalog.last_year),
        "who_available": bool(catalog.places or catalog.people),
    }


def invalid_timeline(error: InvalidQuery):
    """The timeline page keeping its form and saying what to change (400)."""
    context = _timeline_context(get_db())
    return page_or_fragment(
        "timeline.html", "results", 400, error=str(error), error_field=error.field, **context
    )


@bp.get("/")
def timeline():
    db = get_db()
    query = read_query(request.args)
    result = result_for(query)
    strip_counts = result.counts_without(year=None, from_year=None, to_year=None)
    return page_or_fragment(
        "timeline.html",
        "results",
        query=query,
        groups=reads.group_by_year(result.events),
        continues_year=_year_before_cursor(db, query),
        next_url=next_url(result, "pages.timeline"),
        description=result.description,
        total=result.summary.total,
        embed_args=query.to_pairs(after=0) + _map_pair(request.args),
        full_url=timeline_url(query, external=True, after=0),
        strip=strip_for(
            db, strip_counts, current_app.config["DATABASE"], get_catalog().meta.get("build_stamp")
        ),
        topic_choices=result.topic_choices(),
        source_choices=result.source_choices() if len(get_catalog().sources) > 1 else None,
        active_filters=result.active_filters,
        who_lists=who_lists(result, request.args),
        place_map=map_of(result) if request.args.get("map") == "1" else None,
        share_summary=_share_summary(result.events),
        **axis_context(query, request.args, result.summary),
        **_timeline_context(db),
    )


def who_lists(result: TimelineResult, args) -> list[dict]:
    """The form's places and people, when shown (``who=1``, or one of them chosen): the most
    frequent of each, and any chosen, with what ticking each alone would show; else none."""
    query = result.query
    if not (query.who or args.get("who") == "1"):
        return []
    catalog = get_catalog()
    lists = []
    for name, legend, rows, chosen, choices in (
        ("place", _("Places"), catalog.places, query.places, result.place_choices),
        ("person", _("People"), catalog.people, query.people, result.person_choices),
    ):
        shown = [row for row in rows[:MAX_WHO_CHOICES] if row["count"]]
        shown += [row for row in rows[MAX_WHO_CHOICES:] if row["slug"] in chosen]
        if shown:
            lists.append(
                {
                    "name": name,
                    "legend": legend,
                    "rows": shown,
                    "chosen": chosen,
                    "choices": choices(),
                }
            )
    return lists


def _map_pair(args) -> list[tuple[str, str]]:
    """``map=1`` when the view shows its map, so its embed shows it too."""
    return [("map", "1")] if args.get("map") == "1" else []


def map_of(result: TimelineResult, external: bool = False) -> PlaceMap | None:
    """The map of the view's places (counted as far as the cap allows), each point a link to
    the view narrowed to that place, with the map kept."""
    counts = result.counts.link_counts("places")
    partial = counts is None
    if counts is None:
        counts = result.counts.first_places()

    def href(slug: str) -> str:
        narrowed = timeline_url(
            result.query, external=external, places=(slug,), after=0, limit=DEFAULT_PAGE_SIZE
        )
        return narrowed + "&map=1"

    return place_map(get_catalog().places, counts, href, partial)


def _share_summary(events: list[dict], most: int = 3) -> str:
    """A link preview's words for a view: its first events, dated ("2004: Istanbul summit; …")."""
    named = [f"{event['display_date']}: {event['title']}" for event in events[:most]]
    more = "; …" if len(events) > most else ""
    return "; ".join(named) + more


def _year_before_cursor(db, query: TimelineQuery) -> int | None:
    """On a later page, the start year of the last event already shown (no repeated heading)."""
    if not query.after:
        return None
    event = reads.event_by_id(db, query.after)
    return event["start_year"] if event else None


def _found(kind: str, slug: str) -> dict:
    """The event or source called ``slug``; a 404 that says so when there is none."""
    find = reads.get_event if kind == "event" else reads.get_source
    found = find(get_db(), slug)
    if found is None and kind == "event":
        redirect_if_renamed(slug, "event" if request.endpoint == "pages.embed_code" else None)
    if found is None:
        message = (
            _("There is no event called “%(slug)s”.")
            if kind == "event"
            else _("There is no source called “%(slug)s”.")
        )
        abort(404, description=message % {"slug": slug[:80]})
    return found


@bp.get("/events/<slug>")
def event(slug: str):
    db = get_db()
    found = _found("event", slug)
    previous, following = reads.neighbours(db, found["id"])
    return page_or_fragment(
        "event.html",
        "content",
        event=found,
        source=reads.get_source(db, found["source"]),
        also=[{**c, "source": reads.get_source(db, c["source"])} for c in found["also"]],
        previous=previous,
        following=following,
        embed_args=[("event", slug)],
        full_url=url_for("pages.event", slug=slug, _external=True),
    )


@bp.get("/embed-code")
def embed_code():
    """The snippets that embed one view (the filters of ``/``, or ``event=``)."""
    slug = (request.args.get("event") or "").strip()
    if slug:
        embed_args, description = [("event", slug)], _found("event", slug)["title"]
        full_url = url_for("pages.event", slug=slug, _external=True)
    else:
        result = result_for(read_query(request.args))
        embed_args = result.query.to_pairs(after=0) + _map_pair(request.args)
        description = result.description
        full_url = timeline_url(result.query, external=True, after=0)
    return page_or_fragment(
        "embed_code.html",
        "snippets",
        embed_args=embed_args,
        full_url=full_url,
        description=description,
    )


@bp.get("/sources")
def sources():
    return page_or_fragment("sources.html", "content")


@bp.get("/timelines")
def timelines():
    """Every timeline this server holds: this one, and each under /t/<slug>/."""
    if current_app.config.get("MOUNTED_AT"):  # a timeline's own app lists no other timeline
        abort(404, description=_("The list of timelines is at the site's root: /timelines."))
    page = listing_page(request.args)
    if page is None:
        abort(400, description=_("The page of the list of timelines is a whole number from 1."))
    listing = list_timelines(Path(current_app.config["TIMELINES"]), page)
    if listing is None:
        abort(404, description=_("The list of timelines has no page %(page)s.", page=page))
    default = summarise(Path(current_app.config["DATABASE"]), "") if page == 1 else None
    if any(listed.events is None for listed in [default, *listing.timelines] if listed):
        g.base_etag = None  # a count cut short by its time limit: no ETag, not kept in caches
    return page_or_fragment(
        "timelines.html", "content", default=default, listing=listing, prefix=PREFIX
    )


@bp.get("/sources/<slug>")
def source(slug: str):
    db = get_db()
    found = _found("source", slug)
    events = reads.source_events(db, slug)
    notes = reads.source_notes(db, slug)
    proposals = reads.source_proposals(db, slug)
    citations = reads.source_citations(db, slug)
    return page_or_fragment(
        "source.html",
        "content",
        source=found,
        paragraphs=highlighted_paragraphs(found["text"], events, notes, proposals, citations),
        events=events,
        notes=notes,
        proposals=proposals,
    )


# The pages of places and people: kind -> the catalogue's list of them, which is also the
# query's field.
WHO_PAGES = {"place": "places", "person": "people"}


def _who_page(kind: str, slug: str):
    """A place's or person's page: its name (and, for a place, what and where it is), its events
    in time order with the axis, and the filtered timeline a link away; a 404 when unknown."""
    field = WHO_PAGES[kind]
    found = next((row for row in getattr(get_catalog(), field) if row["slug"] == slug), None)
    if found is None:
        noun = _("place") if kind == "place" else _("person")
        abort(
            404, description=_("There is no %(noun)s called “%(slug)s”.", noun=noun, slug=slug[:80])
        )
    chosen: tuple[str, ...] = (slug,)
    whole = replace(read_query({}), limit=MAX_PAGE_SIZE)
    query = replace(whole, places=chosen) if kind == "place" else replace(whole, people=chosen)
    result = result_for(query)
    return page_or_fragment(
        "who.html",
        "content",
        kind=kind,
        found=found,
        query=query,
        events=result.events,
        description=result.description,
        more_url=timeline_url(query, after=0, limit=DEFAULT_PAGE_SIZE)
        if result.next_after
        else None,
        timeline_link=timeline_url(query, after=0, limit=DEFAULT_PAGE_SIZE),
        place_map=map_of(result),
        **axis_context(query, request.args, result.summary),
    )


@bp.get("/places/<slug>")
def place(slug: str):
    return _who_page("place", slug)


@bp.get("/people/<slug>")
def person(slug: str):
    return _who_page("person", slug)
