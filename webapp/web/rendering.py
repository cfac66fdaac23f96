"""Page or fragment: the one place that decides, so the two can never drift apart.

A view names its template and the block htmx swaps. A plain request gets the whole page; an htmx
request gets that block alone, rendered from the same template with the same context. History
restores and boosted navigation always get the whole page, so Back and reload never show a bare
fragment.
"""

from __future__ import annotations

from flask import Response, current_app, make_response, render_template, request

# Every request header that decides between page and fragment: each must be in Vary, or a shared
# cache could hand a whole page to an htmx swap, or a bare fragment to Back.
FRAGMENT_HEADERS = ("HX-Request", "HX-History-Restore-Request", "HX-Boosted", "HX-Request-Type")
VARY_HTMX = ", ".join(FRAGMENT_HEADERS)


def wants_fragment(headers=None) -> bool:
    """True for an htmx request that will swap part of a page already on screen."""
    headers = request.headers if headers is None else headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-History-Restore-Request") != "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-Request-Type") != "full"
    )


def render_block(template_name: str, block_name: str, **context) -> str:
    """Render one named block of a template with the same context the whole page would get."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    app.update_template_context(context)
    template = app.jinja_env.get_template(template_name)
    block = template.blocks[block_name]
    return "".join(block(template.new_context(context)))


def page_or_fragment(template_name: str, block_name: str, status: int = 200, **context) -> Response:
    """The whole page, or only ``block_name`` for htmx; either way Vary names the htmx headers."""
    if wants_fragment():
        body = render_block(template_name, block_name, fragment=True, **context)
    else:
        body = render_template(template_name, fragment=False, **context)
    response = make_response(body, status)
    for header in FRAGMENT_HEADERS:
        response.vary.add(header)
    return response
