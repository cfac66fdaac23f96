"""Embeds for other people's pages: an iframe document, a bare fragment, and oEmbed.

Both embeds render the same template block, with absolute URLs and ``tl-`` class names, so they
look and link right inside a stranger's page. They accept exactly the filters of ``/`` plus
``event=<slug>``, validated the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import Blueprint, abort, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from . import queries
from .db import get_db
from .filters import InvalidQuery, TimelineQuery
from .rendering import render_block

bp = Blueprint("embeds", __name__)

THEMES = ("auto", "light", "dark")
DEFAULT_WIDTH, DEFAULT_HEIGHT = 600, 480
MIN_SIZE, MAX_SIZE = 120, 4000


@dataclass
class EmbedView:
    query: TimelineQuery
    events: list[dict]
    total: int
    description: str
    full_url: str
    theme: str
    compact: bool


def _option(args, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = (args.get(name) or "").strip() or default
    if value not in allowed:
        raise InvalidQuery(f"{name} must be one of {', '.join(allowed)}, not {value[:40]!r}")
    return value


def load_embed(args) -> EmbedView:
    """The events an embed shows: one event (``event=``) or a filtered timeline's first page."""
    db = get_db()
    query = queries.read_filters(db, args)
    theme = _option(args, "theme", THEMES, "auto")
    compact = _option(args, "compact", ("0", "1"), "0") == "1"
    slug = (args.get("event") or "").strip()
    if slug:
        event = queries.get_event(db, slug)
        if event is None:
            raise InvalidQuery(f"unknown event {slug[:80]!r}")
        full_url = url_for("pages.event", slug=slug, _external=True)
        return EmbedView(query, [event], 1, event["title"], full_url, theme, compact)
    page = queries.find_events(db, query)
    summary = queries.summarise(db, query)
    labels = {topic["slug"]: topic["label"] for topic in queries.all_topics(db)}
    span = (summary.first_year, summary.last_year)
    description = query.describe(summary.total, span, labels, exact=summary.exact)
    full_url = url_for("pages.timeline", _external=True, **query.to_args(after=0))
    return EmbedView(query, page.events, summary.total, description, full_url, theme, compact)


@bp.errorhandler(InvalidQuery)
def invalid_embed(error: InvalidQuery):
    """A bad embed URL says so inside the frame or fragment, where its author will see it."""
    if request.path == "/oembed":
        return jsonify(error=str(error)), 400
    return render_template("embed_error.html", message=str(error)), 400


@bp.get("/embed")
def embed():
    return render_template("embed.html", view=load_embed(request.args))


@bp.get("/embed/fragment")
def fragment():
    response = render_block("embed.html", "timeline", view=load_embed(request.args))
    return response, 200, {"Vary": "Origin"}


def _embeddable_args(page_url: str) -> MultiDict:
    """The embed arguments for a page URL of this site; NotFound for any other URL."""
    parts = urlsplit(page_url)
    ours = urlsplit(request.host_url)
    if (parts.scheme, parts.netloc) != (ours.scheme, ours.netloc):
        raise NotFound("That URL is not a page of this site.")
    args = MultiDict(
        [(name, value) for name, values in parse_qs(parts.query).items() for value in values]
    )
    path = parts.path or "/"
    segments = [segment for segment in path.split("/") if segment]
    if path == "/":
        return args
    if len(segments) == 2 and segments[0] in ("events", "sources"):
        kind, slug = segments
        find = queries.get_event if kind == "events" else queries.get_source
        if find(get_db(), slug) is None:
            raise NotFound(f"There is no such page: {path[:120]}")
        return MultiDict([("event" if kind == "events" else "source", slug)])
    raise NotFound("Only timeline, event and source pages can be embedded.")


def _size(args, name: str, default: int) -> int:
    value = (args.get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit() or not MIN_SIZE <= int(value) <= MAX_SIZE:
        raise InvalidQuery(f"{name} must be a number of pixels from {MIN_SIZE} to {MAX_SIZE}")
    return min(default, int(value))


@bp.get("/oembed")
def oembed():
    """oEmbed 1.0: the iframe snippet for a timeline, event or source page of this site."""
    if (request.args.get("format") or "json") != "json":
        abort(501, description="Only format=json is provided.")
    page_url = (request.args.get("url") or "").strip()
    if not page_url:
        raise InvalidQuery("url is required: the address of a timeline, event or source page")
    try:
        args = _embeddable_args(page_url)
    except NotFound as error:
        return jsonify(error=error.description), 404
    if "event" not in args and "source" not in args:
        args.setdefault("limit", "20")
    view = load_embed(args)
    width = _size(request.args, "maxwidth", DEFAULT_WIDTH)
    height = _size(request.args, "maxheight", DEFAULT_HEIGHT)
    src = url_for("embeds.embed", _external=True) + "?" + urlencode(list(args.items(multi=True)))
    title = view.description
    return jsonify(
        version="1.0",
        type="rich",
        provider_name=queries.site_meta(get_db()).get("title", "Timeline"),
        provider_url=url_for("pages.timeline", _external=True),
        title=title,
        width=width,
        height=height,
        html=render_template(
            "_partials/iframe_snippet.html", src=src, width=width, height=height, title=title
        ).strip(),
    )
