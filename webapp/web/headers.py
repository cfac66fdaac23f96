"""Response headers by kind of route: who may frame it, who may read it.

Pages refuse to be framed. Embeds exist to be framed by anyone. The fragment, the API and oEmbed
may be read cross-origin (CORS ``*``, never with credentials: there are no cookies to send).
"""

from __future__ import annotations

from flask import Flask, Response, request

from .route_kinds import ASSET, PAGE, kind_of

# htmx's own request headers, which make a cross-origin htmx GET need a preflight.
HTMX_REQUEST_HEADERS = (
    "HX-Request, HX-Current-URL, HX-Target, HX-Trigger, HX-Trigger-Name, HX-Boosted, "
    "HX-History-Restore-Request, HX-Prompt, HX-Request-Type, HX-Source"
)
# htmx reads these response headers; exposing them keeps a host page's console free of
# "Refused to get unsafe header" errors (we never set them, so nothing is revealed).
HTMX_RESPONSE_HEADERS = (
    "HX-Location, HX-Push-Url, HX-Redirect, HX-Refresh, HX-Replace-Url, HX-Reswap, "
    "HX-Retarget, HX-Reselect, HX-Trigger, HX-Trigger-After-Settle, HX-Trigger-After-Swap, HX-Push"
)
# Images: our own, and an event's media image from wherever it is published (http or https; only
# <img>, no script or frame from anywhere else).
_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
)
PAGE_POLICY = _POLICY.format(ancestors="'none'")
EMBED_POLICY = _POLICY.format(ancestors="*")


PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), fullscreen=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-get=(), screen-wake-lock=(), usb=(), xr-spatial-tracking=()"
)


def add_headers(response: Response) -> Response:
    kind = kind_of(request.path)
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    # An HTML error page under /static/ or /assets/ is a page like any other.
    if kind is PAGE or (kind is ASSET and response.mimetype == "text/html"):
        headers.setdefault("Content-Security-Policy", PAGE_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
    headers.setdefault("Cross-Origin-Resource-Policy", "cross-origin")
    if kind is ASSET:
        # Other sites load our htmx and embed.css, with Subresource Integrity: that needs CORS.
        headers["Access-Control-Allow-Origin"] = "*"
    elif kind.framed_by_anyone:
        headers.setdefault("Content-Security-Policy", EMBED_POLICY)
    elif kind.cross_origin:
        headers["Access-Control-Allow-Origin"] = "*"
        headers["Access-Control-Expose-Headers"] = HTMX_RESPONSE_HEADERS
        headers.setdefault("Content-Security-Policy", PAGE_POLICY)
    return response


def answer_preflight() -> Response | None:
    """CORS preflight for shared routes: GET, with htmx's headers allowed."""
    if request.method != "OPTIONS" or not kind_of(request.path).cross_origin:
        return None
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = HTMX_REQUEST_HEADERS
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def init_app(app: Flask) -> None:
    app.before_request(answer_preflight)
    app.after_request(add_headers)
