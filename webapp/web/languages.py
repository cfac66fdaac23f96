"""The reader's language: Flask-Babel set up once for the public app and the desk.

Babel carries CLDR (month names, date orders, plural rules for every locale) and Flask-Babel puts
gettext's ``_`` into every template, so interface strings are marked where they are written and
translated from catalogs rather than by our own tables. Until catalogs ship, every reader gets
the interface in English.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel

DEFAULT_LANGUAGE = "en"


def reader_language() -> str:
    """The language a request is answered in."""
    return DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=reader_language, default_locale=DEFAULT_LANGUAGE)
