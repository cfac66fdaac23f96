"""Embeds for other people's pages: an iframe document, a bare fragment, and oEmbed.

Both embeds render the same template block, with absolute URLs and ``tl-`` class names, so they
look and link right inside a stranger's page. They accept exactly the filters of ``/`` plus
``event=<slug>``, validated the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import Blueprint, abort, current_app, g, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, NotFound

from .. import wording
from ..limits import EMBED_DEFAULT_HEIGHT, EMBED_DEFAULT_WIDTH, EMBED_MAX_SIZE, EMBED_MIN_SIZE
from ..store import reads
from ..store.timeline_query import InvalidQuery, TimelineQuery
from ..wording import gettext as _
from .axis import request_axis
from .database import get_catalog, get_db
from .languages import LANGUAGES, UnknownLanguage, with_query
from .pages import map_of
from .renamed import redirect_if_renamed
from .rendering import render_block
from .results import read_query, result_for
from .route_kinds import EMBEDDABLE_ENDPOINTS

bp = Blueprint("embeds", __name__)

THEMES = ("auto", "light", "dark")


@dataclass
class EmbedView:
    query: TimelineQuery
    events: list[dict]
    total: int
    description: str
    full_url: str
    theme: str
    compact: bool
    axis: object = None
    place_map: object = None  # with map=1 (docs/people-and-places.md)


def _option(args, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = (args.get(name) or "").strip() or default
    if value not in allowed:
        raise InvalidQuery(
            _(
                "%(name)s must be one of %(allowed)s, not %(value)s",
                name=name, allowed=", ".join(allowed), value=repr(value[:40]),
            )
        )  # fmt: skip
    return value


def load_embed(args) -> EmbedView:
    """The events an embed shows: one event (``event=``) or a filtered timeline's first page."""
    query = read_query(args)
    theme = _option(args, "theme", THEMES, "auto")
    compact = _option(args, "compact", ("0", "1"), "0") == "1"
    slug = (args.get("event") or "").strip()
    if slug:
        event = reads.get_event(get_db(), slug)
        if event is None:
            redirect_if_renamed(slug, "event")
            raise InvalidQuery(_("unknown event %(slug)s", slug=repr(slug[:80])))
        full_url = url_for("pages.event", slug=slug, _external=True)
        return EmbedView(query, [event], 1, event["title"], full_url, theme, compact)
    result = result_for(query)
    full_url = url_for("pages.timeline", _external=True, **query.to_args(after=0))
    axis = request_axis(query, args, external=True)
    shown = map_of(result, external=True) if args.get("map") == "1" else None
    return EmbedView(
        query,
        result.events,
        result.summary.total,
        result.description,
        full_url,
        theme,
        compact,
        axis,
        shown,
    )


@bp.get("/embed")
def embed():
    return render_template("embed.html", view=load_embed(request.args))


@bp.get("/embed/fragment")
def fragment():
    view = load_embed(request.args)
    response = render_block("embed.html", "timeline", view=view, bare_fragment=True)
    return response, 200, {"Vary": "Origin"}


def _embeddable_args(page_url: str) -> MultiDict:
    """The embed arguments for a page URL of this site; NotFound for any other URL."""
    parts = urlsplit(page_url)
    ours = urlsplit(request.host_url)
    if (parts.scheme, parts.netloc) != (ours.scheme, ours.netloc):
        raise NotFound(_("That URL is not a page of this site."))
    root = request.script_root  # a timeline mounted at /t/<slug> knows its pages by it
    if root and not (parts.path == root or parts.path.startswith(root + "/")):
        raise NotFound(_("That URL is not a page of this timeline."))
    try:
        path = parts.path[len(root) :] or "/"
        endpoint, values = current_app.url_map.bind("").match(path, "GET")
    except HTTPException:
        endpoint, values = None, {}
    if endpoint not in EMBEDDABLE_ENDPOINTS:
        raise NotFound(_("Only timeline, event and source pages can be embedded."))
    pairs = parse_qs(parts.query)
    if endpoint == "pages.timeline":
        return MultiDict([(name, value) for name, values in pairs.items() for value in values])
    slug = values["slug"]
    kind, find = (
        ("event", reads.get_event) if endpoint == "pages.event" else ("source", reads.get_source)
    )
    if kind == "event" and find(get_db(), slug) is None:  # a former slug: the event now
        slug = reads.renamed_event(get_db(), slug) or slug
    if find(get_db(), slug) is None:
        raise NotFound(_("There is no such page: %(path)s", path=parts.path[:120]))
    return MultiDict([(kind, slug), *(("lang", value) for value in pairs.get("lang", [])[:1])])


def speak_page_language(args) -> None:
    """The oEmbed answer (its title, its snippet) speaks the embedded page's language."""
    code = args.get("lang")
    if code is None:
        return
    if code not in LANGUAGES:
        raise UnknownLanguage(code)
    g.language = code
    wording.begin(code)


class TooSmall(Exception):
    """A maximum below what an embed can be drawn in."""


def _size(args, name: str, default: int) -> int:
    """The size to draw at: ``default``, fitted within the consumer's maximum (oEmbed 1.0 §2.2:
    maxima are limits to fit within, not values to check against a range)."""
    value = (args.get(name) or "").strip()
    if not value:
        return default
    # ASCII digits only: str.isdigit() admits "²", which int() then refuses.
    if not re.fullmatch(r"[0-9]{1,12}", value):
        raise InvalidQuery(_("%(name)s must be a whole number of pixels", name=name))
    if int(value) < EMBED_MIN_SIZE:
        raise TooSmall(f"no embed fits within {name}={value}: it needs {EMBED_MIN_SIZE} pixels")
    return min(default, int(value), EMBED_MAX_SIZE)


@bp.get("/oembed")
def oembed():
    """oEmbed 1.0: the iframe snippet for a timeline, event or source page of this site."""
    if (request.args.get("format") or "json") != "json":
        abort(501, description=_("Only format=json is provided."))
    page_url = (request.args.get("url") or "").strip()
    if not page_url:
        raise InvalidQuery(_("url is required: the address of a timeline, event or source page"))
    try:
        args = _embeddable_args(page_url)
    except NotFound as error:
        return jsonify(error=error.description), 404
    if "event" not in args and "source" not in args:
        args.setdefault("limit", "20")
    speak_page_language(args)
    view = load_embed(args)
    try:
        width = _size(request.args, "maxwidth", EMBED_DEFAULT_WIDTH)
        height = _size(request.args, "maxheight", EMBED_DEFAULT_HEIGHT)
    except TooSmall as error:
        # oEmbed 1.0 §2.3.4: 404 when the provider has no response for the request (there is
        # no embed of that size); a consumer then shows a plain link.
        return jsonify(error=str(error)), 404
    src = with_query(
        url_for("embeds.embed", _external=True, lang=None), urlencode(list(args.items(multi=True)))
    )
    title = view.description
    return jsonify(
        version="1.0",
        type="rich",
        provider_name=get_catalog().title,
        provider_url=url_for("pages.timeline", _external=True),
        title=title,
        width=width,
        height=height,
        html=render_template(
            "_partials/iframe_snippet.html", src=src, width=width, height=height, title=title
        ).strip(),
    )
