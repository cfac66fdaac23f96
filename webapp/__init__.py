"""timeline: a fast, accessible, embeddable timeline of dated, sourced events.

Three sides: ``store`` reads the built database, ``ingest`` is the only writer (curated files,
build, imports, extraction), ``web`` is the Flask app that serves the store. ``create_app`` is
imported lazily, so using ``store`` or ``ingest`` never loads Flask.
"""

from __future__ import annotations


def create_app(test_config: dict | None = None):
    """The web app (see ``webapp.app.create_app``)."""
    from .app import create_app as factory

    return factory(test_config)


def create_site(test_config: dict | None = None):
    """Every timeline of the site: the default one at ``/``, the others at ``/t/<slug>/``
    (see ``webapp.web.timelines``). What gunicorn serves."""
    from pathlib import Path

    from .app import create_app as factory
    from .web.timelines import PREFIX, SharedBytecode, TimelinesDispatcher

    default = factory(test_config)
    folder = Path(default.config["TIMELINES"])
    shared_cache = default.extensions["response_cache"]
    default.jinja_env.bytecode_cache = shared_templates = SharedBytecode()

    def mounted(database: Path):
        slug = database.parent.name
        app = factory(
            {**(test_config or {}), "DATABASE": str(database), "MOUNTED_AT": PREFIX + slug}
        )
        # One bound per worker, however many timelines it serves (keys hold the mount point).
        app.extensions["response_cache"] = shared_cache
        app.jinja_env.bytecode_cache = shared_templates  # compiled once a worker
        return app

    default.wsgi_app = TimelinesDispatcher(default.wsgi_app, folder, mounted)
    return default
