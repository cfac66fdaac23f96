"""timeline: a fast, accessible, embeddable timeline of dated, sourced events."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from .jsonsafe import SafeJSONProvider

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. ``TIMELINE_DB`` names the database; the default is ``db/timeline.db``.

    With ``BUILD_IF_MISSING`` (the default), a missing database is built from ``DATA_DIR`` first,
    so ``flask --app webapp run`` works on a fresh clone. The server itself only reads.
    """
    app = Flask(
        __name__,
        static_folder=str(ROOT / "static"),
        template_folder=str(ROOT / "templates"),
    )
    app.config.from_mapping(
        DATABASE=os.environ.get("TIMELINE_DB", str(ROOT / "db" / "timeline.db")),
        DATA_DIR=str(ROOT / "db"),
        BUILD_IF_MISSING=True,
        RESPONSE_CACHE=os.environ.get("TIMELINE_RESPONSE_CACHE", "1") != "0",
        QUERY_TIME_LIMIT=1.0,
        COMPRESS_MIMETYPES=[
            "text/html",
            "text/css",
            "text/javascript",
            "application/json",
            "text/csv",
            "text/calendar",
        ],
        COMPRESS_ALGORITHM=["br", "gzip"],
    )
    if test_config:
        app.config.update(test_config)
    app.json = SafeJSONProvider(app)
    app.json.sort_keys = False
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    if app.config["BUILD_IF_MISSING"]:
        _build_if_needed(Path(app.config["DATA_DIR"]), Path(app.config["DATABASE"]))

    from flask_compress import Compress

    from . import api, assets, caching, db, embeds, errors, headers, openapi, pages

    db.init_app(app)
    caching.init_app(app, Compress())  # first: its after_request hook must run last
    errors.init_app(app)
    headers.init_app(app)
    assets.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(embeds.bp)
    app.register_blueprint(openapi.bp)
    app.jinja_env.globals["timeline_url"] = pages.timeline_url
    return app


def _build_if_needed(data_dir: Path, db_path: Path) -> None:
    """Build a missing database; rebuild the data folder's own one if an older version built it.

    Any other database (a demo, an import) is never overwritten from db/: it answers 503 with a
    message until it is rebuilt.
    """
    from .build import build
    from .db import DatabaseOutdated, check_current

    if not db_path.exists():
        build(data_dir, db_path)
        return
    try:
        check_current(db_path)
    except DatabaseOutdated:
        if db_path.resolve() == (data_dir / "timeline.db").resolve():
            build(data_dir, db_path)
