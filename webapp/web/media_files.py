"""Media files of our own (``db/media/``), served from the database under content-hashed URLs.

The build copies each file an event shows into the database, so a timeline with its pictures
is one file that works offline. The hash in the URL changes with the content, so a file may be
cached for ever. An SVG could carry a script: every file is answered with a sandboxing CSP, so
opening one directly runs nothing on our origin.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, url_for

from ..store.schema import MEDIA_PATH, media_parts
from .assets import YEAR
from .database import get_db

bp = Blueprint("media_files", __name__, url_prefix=MEDIA_PATH.rstrip("/"))

SANDBOX = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@bp.get("/<digest>/<path:name>")
def media_file(digest: str, name: str) -> Response:
    row = next(
        get_db().query(
            "SELECT body, mimetype FROM media_files WHERE name = :name AND digest = :digest",
            {"name": name, "digest": digest},
        ),
        None,
    )
    if row is None:
        abort(404, description="No such media file: it may have changed; reload the page.")
    response = Response(row["body"], mimetype=row["mimetype"])
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response.headers["Content-Security-Policy"] = SANDBOX
    response.set_etag(digest)
    return response


def absolute_url(url: str) -> str:
    """A media address as other sites can load it: our own files under this site's origin."""
    parts = media_parts(url or "")
    if parts is None:
        return url
    digest, name = parts
    return url_for("media_files.media_file", digest=digest, name=name, _external=True)


def absolute(media: dict | None) -> dict | None:
    """An event's media with its own files' addresses made absolute (API, exports, embeds)."""
    if not media:
        return media
    return {key: absolute_url(value) if key in ("url", "thumbnail") else value
            for key, value in media.items()}  # fmt: skip
