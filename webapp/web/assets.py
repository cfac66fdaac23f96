"""Static assets under content-hashed URLs, cached for a year as immutable.

``asset("style.css")`` in a template gives ``/assets/3f9c…/style.css``. The hash changes with the
content, so browsers may keep each file forever and still never see a stale one. Files are served
from memory (they are small), which also lets them be compressed like any other response.
The plain ``/static/...`` URLs keep working, with a short cache, for pages of other sites that
link our embed stylesheet.

The page loads two files, ``site.css`` and ``site.js`` (``BUNDLES``): one request each, and one
compressed stream per kind, which is smaller than three because the files share words. Every
file is compressed once a process at the strongest settings (zopfli for gzip, brotli at quality
11), since it never changes while the process lives: the first view's budget
(``tests/test_caching.py``) is counted in those bytes.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import mimetypes
import re
from pathlib import Path

import rjsmin
import zopfli.gzip
from flask import Flask, Response, abort, redirect, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from .caching import ALGORITHMS_KEY, chosen_encoding

try:
    import brotli
except ImportError:  # pragma: no cover (flask-compress then compresses brotli itself)
    brotli = None

YEAR = 365 * 24 * 3600


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_SPACE = re.compile(r"\s*([{};,>])\s*|(?<=[a-z-]):\s+")
_CSS_LEADING_ZERO = re.compile(r"(?<![\w.#-])0\.(\d)")

BUNDLES = {
    "site.css": ("style.css", "axis.css"),
    "site.js": ("vendor/htmx-4.0.1.min.js", "app.js", "axis.js"),
}


def _minified(path: Path) -> bytes:
    """Our own CSS and JS without comments and needless spaces (vendored files are left as they
    are). JS by rjsmin, which reads strings, regular expressions and template literals as the
    language does; CSS by the expressions here, safe for the stylesheets we write (no
    comment-like text inside strings, no significant whitespace)."""
    text = path.read_text(encoding="utf-8")
    if "vendor" in path.parts or path.suffix == ".svg":
        return text.encode()
    if path.suffix == ".css":
        text = _CSS_SPACE.sub(lambda m: m[1] or ":", " ".join(_CSS_COMMENT.sub("", text).split()))
        text = _CSS_LEADING_ZERO.sub(r".\1", text)
    else:
        text = rjsmin.jsmin(text)
    return text.encode()


def _bundled(files: dict[str, bytes], parts: tuple[str, ...]) -> bytes:
    """The files one after another, in the order their tags stood in the page. Each of our
    scripts runs in a function of its own, so that its ``"use strict"`` and its names stay its
    own as when it was a file apart."""
    if not parts[0].endswith(".js"):
        return b"\n".join(files[name] for name in parts)
    scripts = [
        files[name] if "vendor/" in name else b"(()=>{" + files[name] + b"\n})()" for name in parts
    ]
    return b";\n".join(scripts) + b";\n"


@functools.lru_cache(maxsize=64)
def _compressed(digest: str, encoding: str, body: bytes) -> bytes:
    """``body`` (named by its ``digest``) in ``encoding`` at the strongest settings: worth the
    fraction of a second once a process, as every reader gets these bytes."""
    if encoding == "gzip":
        return zopfli.gzip.compress(body)
    return brotli.compress(body, quality=11)


def _shipped_files(static: Path) -> tuple[dict, dict, dict]:
    """The static files (minified), their digests and integrity hashes: read once a process
    while the files stay the same, and shared by every timeline's app (each kept its own copy
    and hashed them again when it was made)."""
    found = sorted(
        path for path in static.rglob("*")
        if path.is_file() and path.suffix in {".css", ".js", ".svg"}
    )  # fmt: skip
    identity = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in found)
    return _read_shipped(static, identity)


@functools.lru_cache(maxsize=4)
def _read_shipped(static: Path, identity: tuple) -> tuple[dict, dict, dict]:
    paths = [Path(name) for name, *_ in identity]
    files = {path.relative_to(static).as_posix(): _minified(path) for path in paths}
    files |= {name: _bundled(files, parts) for name, parts in BUNDLES.items()}
    digests = {name: hashlib.sha256(body).hexdigest()[:16] for name, body in files.items()}
    integrity = {
        name: "sha384-" + base64.b64encode(hashlib.sha384(body).digest()).decode()
        for name, body in files.items()
    }
    return files, digests, integrity


def _precompressed_encoding(app: Flask, mimetype: str) -> str | None:
    """The encoding this request will get for a file of ours, when we compress it ourselves
    (CSS and JS; an SVG is left to flask-compress as before)."""
    if mimetype not in ("text/css", "text/javascript"):
        return None
    encoding = chosen_encoding(
        app.extensions[ALGORITHMS_KEY], request.headers.get("Accept-Encoding", "")
    )
    if encoding == "gzip" or (encoding == "br" and brotli is not None):
        return encoding
    return None


def init_app(app: Flask) -> None:
    files, digests, integrity = _shipped_files(Path(app.static_folder or "static"))

    def asset(name: str, external: bool = False) -> str:
        url = url_for("asset_file", digest=digests[name], filename=name, _external=external)
        if app.config.get("MOUNTED_AT") and not external:
            # Every timeline has the same files: the site's root serves them, cached once.
            url = url.removeprefix(request.script_root)
        return url

    @app.get("/assets/<digest>/<path:filename>")
    def asset_file(digest: str, filename: str) -> WerkzeugResponse:
        if digests.get(filename) != digest:
            abort(404, description="No such asset: it may have changed; reload the page.")
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        encoding = _precompressed_encoding(app, mimetype)
        body = files[filename]
        response = Response(
            _compressed(digest, encoding, body) if encoding else body, mimetype=mimetype
        )
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        if encoding:
            response.headers["Content-Encoding"] = encoding
            response.vary.add("Accept-Encoding")
        response.set_etag(f"{digest}:{encoding}" if encoding else digest)
        return response.make_conditional(request)

    @app.get("/favicon.ico")
    def favicon() -> WerkzeugResponse:
        """Browsers ask for /favicon.ico when a page names no icon: send them to ours."""
        response = redirect(asset("favicon.svg"), code=301)
        response.headers["Cache-Control"] = f"public, max-age={YEAR}"
        return response

    app.jinja_env.globals["asset"] = asset
    app.jinja_env.globals["asset_integrity"] = integrity.__getitem__
