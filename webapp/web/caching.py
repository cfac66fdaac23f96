"""HTTP caching: strong ETags, Cache-Control, early 304s and a bounded response cache.

A response is fully determined by the build (its stamp), the address it answers as (scheme,
host and the timeline's mount point), the URL (path and the arguments the app reads, see
arguments.py) and the representation (whole page or htmx fragment; its content encoding). The
ETag is a hash of those,
known before any work is done, so a matching ``If-None-Match`` is answered 304 without opening
the database, and a hot view is answered from this worker's cache without rendering.
flask-compress appends the encoding to the ETag (``"abc:gzip"``), keeping it strong per body.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections import OrderedDict
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Request

try:  # how flask-compress picks an encoding: the cache key asks it the same question
    from flask_compress.flask_compress import _choose_algorithm
except ImportError:  # pragma: no cover (another flask-compress)
    _choose_algorithm = None  # type: ignore[assignment]

from ..store.connection import DatabaseMissing, build_info
from .addressing import UNTRUSTED
from .arguments import known_pairs
from .rendering import VARY_HTMX, wants_fragment
from .route_kinds import kind_of
from .timelines import listing_stamp

_caches: weakref.WeakSet = weakref.WeakSet()


def hit_count() -> int:
    """Answers given from every response cache of this process: the benchmark's proof that a
    run was not answered from memory (dumped at worker exit, never served)."""
    return sum(cache.hits for cache in list(_caches))


class ResponseCache:
    """A least-recently-used cache of finished responses, bounded in entries and bytes."""

    def __init__(self, max_entries: int = 2048, max_bytes: int = 64 * 1024 * 1024):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        _caches.add(self)

    def get(self, key: tuple) -> tuple[int, list, bytes] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self.hits += 1
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: tuple[int, list, bytes]) -> None:
        size = len(entry[2])
        if size > self.max_bytes // 16:
            return
        with self._lock:
            if key in self._entries:
                self._bytes -= len(self._entries.pop(key)[2])
            self._entries[key] = entry
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, _, body) = self._entries.popitem(last=False)
                self._bytes -= len(body)

    def __len__(self) -> int:
        return len(self._entries)


def etag_for(incoming: Request, endpoint: str | None, config) -> str | None:
    """The ETag of the response a request will get, before any work; None if not cacheable.

    A pure function of the request (and the app's ``config``), so the WSGI front and Flask
    compute the very same key. Arguments the app does not read are left out (arguments.py).
    """
    if not _cacheable(incoming, endpoint):
        return None
    try:
        stamp = build_info(config["DATABASE"]).stamp
    except DatabaseMissing:
        return None
    if endpoint == "pages.timelines":  # the list depends on every timeline, not this one alone
        stamp += listing_stamp(config["TIMELINES"])
    arguments = urlencode(known_pairs(incoming.args))
    representation = "fragment" if wants_fragment(incoming.headers) else "whole"
    # The address and the mount point are part of the answer (every link), so of the key.
    address = f"{incoming.scheme}://{incoming.host}{incoming.script_root}"
    key = "|".join((stamp, address, incoming.path, arguments, representation))
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def _cacheable(incoming: Request, endpoint: str | None) -> bool:
    return (
        incoming.method in ("GET", "HEAD")
        and endpoint is not None
        and kind_of(incoming.path).cacheable
    )


def cache_control() -> str:
    config = current_app.config
    return (
        f"public, max-age={config['CACHE_MAX_AGE']}, "
        f"stale-while-revalidate={config['CACHE_STALE_WHILE_REVALIDATE']}"
    )


def cache_key(etag: str, incoming: Request, app: Flask) -> tuple:
    """The entry a request may be answered from: the encoding it will get, not its raw
    ``Accept-Encoding`` (distinct junk values would each keep a copy of the same answer)."""
    accept = incoming.headers.get("Accept-Encoding", "")
    return (etag, incoming.method, chosen_encoding(app.extensions[ALGORITHMS_KEY], accept))


ALGORITHMS_KEY = "timeline.compress_algorithms"


def chosen_encoding(algorithms: tuple[str, ...], accept_encoding: str) -> str | None:
    """The content encoding flask-compress will give an answer to this ``Accept-Encoding``,
    asked of flask-compress itself so that the key and the body cannot disagree."""
    if _choose_algorithm is None:  # a flask-compress without it: key on the header as sent
        return accept_encoding
    return _choose_algorithm(algorithms, accept_encoding)


ETAG_KEY = "timeline.etag"


def base_etag() -> str | None:
    """The request's ETag: worked out once, by the WSGI front when it looked in the cache."""
    if ETAG_KEY in request.environ:
        return request.environ[ETAG_KEY]
    return etag_for(request, request.endpoint, current_app.config)


class ServeCachedFirst:
    """WSGI in front of Flask: a response-cache hit is answered without entering Flask at all.

    Misses, conditional requests and everything uncacheable go on to Flask unchanged.
    """

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        entry = self._lookup(environ)
        if entry is None:
            return self.wsgi_app(environ, start_response)
        status, headers, body = entry
        start_response(
            f"{status} {HTTP_STATUS_CODES[status]}", [*headers, ("Content-Length", str(len(body)))]
        )
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _lookup(self, environ) -> tuple | None:
        if (
            not self.app.config["RESPONSE_CACHE"]
            or environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            or "HTTP_IF_NONE_MATCH" in environ
            or UNTRUSTED in environ
        ):
            return None
        try:
            endpoint, _ = self.app.url_map.bind_to_environ(environ).match()
        except HTTPException:
            return None
        incoming = Request(environ)
        etag = environ[ETAG_KEY] = etag_for(incoming, endpoint, self.app.config)
        if etag is None:
            return None
        return self.app.extensions["response_cache"].get(cache_key(etag, incoming, self.app))


def _vary() -> str:
    if kind_of(request.path).htmx_fragments:
        return f"{VARY_HTMX}, Accept-Encoding"
    return "Accept-Encoding"


def answer_early() -> Response | None:
    """304 for a matching If-None-Match, or the cached response, before the view runs."""
    etag = base_etag()
    g.base_etag = etag
    if etag is None:
        return None
    for tag in request.if_none_match:
        if tag == etag or tag.startswith(etag + ":"):
            response = Response(status=304)
            response.set_etag(tag)
            response.headers["Cache-Control"] = cache_control()
            response.headers["Vary"] = _vary()
            g.cache_hit = True
            return response
    if not current_app.config["RESPONSE_CACHE"]:
        return None
    entry = current_app.extensions["response_cache"].get(cache_key(etag, request, current_app))
    if entry is None:
        return None
    status, headers, body = entry
    g.cache_hit = True
    return Response(body, status=status, headers=headers)


def add_validators(response: Response) -> Response:
    """ETag and Cache-Control on a fresh 200 (runs before compression adds the encoding)."""
    etag = g.get("base_etag")
    if etag and response.status_code == 200 and not g.get("cache_hit"):
        response.set_etag(etag)
        response.headers["Cache-Control"] = cache_control()
    return response


def remember(response: Response) -> Response:
    """Keep a finished 200 (compressed, every header set) for the next identical request.

    Registered before every other after_request hook, so it runs last.
    """
    etag = g.get("base_etag")
    keep = current_app.config["RESPONSE_CACHE"] and response.status_code == 200
    if etag and keep and not g.get("cache_hit") and not response.is_streamed:
        body = response.get_data()
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
        current_app.extensions["response_cache"].put(
            cache_key(etag, request, current_app), (response.status_code, headers, body)
        )
    return response


def init_app(app: Flask, compress) -> None:
    """Register in the order that matters: Flask runs after_request hooks last-registered first.

    Call before any other extension adds after_request hooks (security headers included), so the
    cached copy is the finished response.
    """
    app.extensions["response_cache"] = ResponseCache(
        app.config["RESPONSE_CACHE_ENTRIES"], app.config["RESPONSE_CACHE_BYTES"]
    )
    app.wsgi_app = ServeCachedFirst(app, app.wsgi_app)  # type: ignore[method-assign]
    app.before_request(answer_early)
    app.after_request(remember)  # runs after compression
    compress.init_app(app)
    app.extensions[ALGORITHMS_KEY] = tuple(compress.enabled_algorithms)
    app.after_request(add_validators)  # runs before compression
