"""Which host a request may name, and which address the app answers as.

An absolute URL we write (embed snippets, oEmbed, API ``next`` links, iCal UIDs) must never come
from a header a stranger can set: one request with ``Host: evil.example`` would otherwise put
that host into cached answers handed to everyone. So:

- a request naming a host we do not trust is answered 400 before any cache is consulted;
- with ``TIMELINE_PUBLIC_URL`` set, every request is answered as addressed to it;
- without it, only 127.0.0.1, localhost and [::1] (any port) are trusted, each answered as
  itself, so local development and tests just work;
- ``X-Forwarded-Proto`` and ``-Host`` are believed only from ``TIMELINE_TRUSTED_PROXIES``
  proxies in front (Werkzeug's ProxyFix), never by default.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix

from ..settings import SettingError

LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
UNTRUSTED = "timeline.untrusted_host"
_HOST = re.compile(r"(?P<name>[a-z0-9.-]{1,253}|\[[0-9a-f:.]{2,45}\])(?::(?P<port>[0-9]{1,5}))?")


def host_name(header: str) -> str | None:
    """The name part of a ``Host`` header, lower-cased; None when it is not a valid host."""
    match = _HOST.fullmatch(header.strip().lower())
    if match is None or (match["port"] and not 0 < int(match["port"]) < 65536):
        return None
    return match["name"]


def is_trusted(header: str, trusted: tuple[str, ...]) -> bool:
    """True when the host is one of ``trusted`` (an entry starting with "." admits subdomains)."""
    name = host_name(header)
    if name is None:
        return False
    return any(name == ref or (ref.startswith(".") and name.endswith(ref)) for ref in trusted)


def public_origin(url: str | None) -> tuple[str, str] | None:
    """``(scheme, host[:port])`` of TIMELINE_PUBLIC_URL; SettingError unless it is an origin."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or host_name(parts.netloc) is None:
        raise SettingError(
            f"TIMELINE_PUBLIC_URL must be like https://timeline.example, not {url!r}"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or "@" in parts.netloc:
        raise SettingError("TIMELINE_PUBLIC_URL must be an origin alone: no path, query or user")
    return parts.scheme, parts.netloc.lower()


class PublicAddress:
    """WSGI: flag a request for an untrusted host; answer a trusted one as the public URL."""

    def __init__(self, wsgi_app, origin: tuple[str, str] | None, trusted: tuple[str, ...]):
        self.wsgi_app, self.origin, self.trusted = wsgi_app, origin, trusted

    def __call__(self, environ, start_response):
        header = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if not is_trusted(header, self.trusted):
            # Kept aside for the message; the request itself no longer names it, so nothing
            # downstream can write it into a link.
            environ[UNTRUSTED] = header[:100]
            environ["HTTP_HOST"] = "localhost"
        elif self.origin is not None:
            scheme, netloc = self.origin
            environ["wsgi.url_scheme"] = scheme
            environ["HTTP_HOST"] = netloc
        return self.wsgi_app(environ, start_response)


def refuse_untrusted_host() -> None:
    """The first thing a request meets in Flask: 400 for a host we do not answer for."""
    host = request.environ.get(UNTRUSTED)
    if host is not None:
        abort(400, description=f"This site does not answer for the host “{host}”.")


def trusted_hosts(app: Flask, origin: tuple[str, str] | None) -> tuple[str, ...]:
    configured = [
        h.strip().lower() for h in app.config["TIMELINE_TRUSTED_HOSTS"].split(",") if h.strip()
    ]
    public = [host_name(origin[1])] if origin else []
    return (*LOCAL_HOSTS, *public, *configured)


def init_app(app: Flask) -> None:
    """Register the host check first, so it runs before every other hook."""
    app.before_request(refuse_untrusted_host)


def wrap(app: Flask) -> None:
    """Outermost WSGI layers: forwarded headers (if proxies are trusted), then the address.

    Call after the response cache wraps the app, so a cached answer is never reached by a
    request for an untrusted host, and the cache key sees the public address.
    """
    origin = public_origin(app.config["PUBLIC_URL"])
    app.wsgi_app = PublicAddress(app.wsgi_app, origin, trusted_hosts(app, origin))  # type: ignore[method-assign]
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
