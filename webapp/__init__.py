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
