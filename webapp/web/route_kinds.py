"""The kinds of route, declared once: caching, headers, errors and templates all read this.

A kind says who may frame an answer, who may read it cross-origin, whether it is cached, how its
errors are written and whether htmx gets a fragment of it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RouteKind:
    name: str
    errors: str  # "page" (an HTML page), "json" ({"error": ...}) or "embed" (inside the embed)
    framed_by_anyone: bool  # frame-ancestors * rather than 'none'
    cross_origin: bool  # CORS * (never with credentials) and Cross-Origin-Resource-Policy
    cacheable: bool  # strong ETag, Cache-Control and the response cache
    htmx_fragments: bool  # an htmx request gets a fragment of the page


PAGE = RouteKind("page", "page", False, False, True, True)
EMBED = RouteKind("embed", "embed", True, False, True, False)
FRAGMENT = RouteKind("fragment", "embed", False, True, True, False)
API = RouteKind("api", "json", False, True, True, False)
ASSET = RouteKind("asset", "page", False, False, False, False)

# Path (exact, or a prefix when it ends with "/") -> kind; the first match wins, else PAGE.
PATHS: tuple[tuple[str, RouteKind], ...] = (
    ("/embed", EMBED),
    ("/embed/", FRAGMENT),
    ("/api/", API),
    ("/oembed", API),
    ("/openapi.json", API),
    ("/static/", ASSET),
    ("/assets/", ASSET),
    ("/media/", ASSET),
)

# Pages that oEmbed can embed, and that advertise it with a discovery link.
EMBEDDABLE_ENDPOINTS = frozenset({"pages.timeline", "pages.event", "pages.source"})


def kind_of(path: str) -> RouteKind:
    """The kind of the route at ``path``, whether or not anything answers there."""
    for declared, kind in PATHS:
        if path == declared or (declared.endswith("/") and path.startswith(declared)):
            return kind
    return PAGE
