"""The app factory: the public, read-only web server.

It reads one built database and never writes: it does not import the ingest side, and it does
not build a missing database (the CLI and ``timeline dev`` do that before they serve).
"""

from __future__ import annotations

from flask import Flask
from flask_compress import Compress

from . import limits, settings
from .web import (
    addressing,
    api,
    arguments,
    assets,
    caching,
    database,
    embeds,
    errors,
    headers,
    languages,
    links,
    media_files,
    openapi,
    pages,
)
from .web import axis as axis_view
from .web.jsonsafe import SafeJSONProvider
from .web.route_kinds import EMBEDDABLE_ENDPOINTS

COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/json",
    "text/csv",
    "text/calendar",
]


def create_app(test_config: dict | None = None) -> Flask:
    """The app, configured from ``TIMELINE_*`` settings (``settings.py``), then ``test_config``."""
    app = Flask(
        __name__,
        static_folder=str(settings.shipped("static")),
        template_folder=str(settings.shipped("templates")),
    )
    app.config.from_mapping(settings.from_environment())
    app.config.update(COMPRESS_MIMETYPES=COMPRESSED_TYPES, COMPRESS_ALGORITHM=["br", "gzip"])
    if test_config:
        app.config.update(test_config)
    app.json = SafeJSONProvider(app)
    app.json.sort_keys = False
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        limits=limits.as_dict(),
        embeddable_endpoints=EMBEDDABLE_ENDPOINTS,
        timeline_url=pages.timeline_url,
        canonical_url=arguments.canonical_url,
        event_url=links.event_url,
        quote_url=links.quote_url,
        topic_url=links.topic_url,
    )
    app.jinja_env.filters["media_src"] = media_files.absolute_url

    addressing.init_app(app)  # first: a request for an untrusted host goes no further
    database.init_app(app)
    caching.init_app(app, Compress())  # before other after_request hooks: its own runs last
    errors.init_app(app)
    languages.init_app(app, default=pages.timeline_language)
    headers.init_app(app)
    assets.init_app(app)
    for blueprint in (pages.bp, api.bp, embeds.bp, openapi.bp, media_files.bp, axis_view.bp):
        app.register_blueprint(blueprint)
    addressing.wrap(app)  # outermost WSGI layers, in front of the response cache
    return app
