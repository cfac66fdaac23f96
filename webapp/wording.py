"""The interface's words in the reader's language: gettext catalogs, read straight from ``.po``.

One module for both sides of the server: templates (through Jinja's i18n extension) and the
plain-Python read side (descriptions, filter errors, dates) translate through the same catalogs,
so a word cannot be translated twice, differently. It imports neither Flask nor the store: the
web side says which language a request speaks (``speaking``), everything below asks ``current()``.

The catalogs are the ``.po`` files under ``webapp/translations/``; each is compiled in memory the
first time its language is spoken (Babel's own reader and ``.mo`` writer), so a fresh clone and an
installed wheel need no build step and no compiled file is ever committed or left stale.
"""

from __future__ import annotations

import gettext as gettext_module
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

CATALOGS = Path(__file__).parent / "translations"
DOMAIN = "messages"


@dataclass(frozen=True)
class Language:
    """A language the interface speaks: its code (``<html lang>``, ``hreflang``, ``?lang=``), its
    own name for itself (how a reader recognises it in a list of links) and its direction."""

    code: str
    name: str
    direction: str = "ltr"


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("en", "English"),
        Language("az", "Azərbaycanca"),
        Language("ru", "Русский"),
        Language("ar", "العربية", "rtl"),
    )
}
SOURCE_LANGUAGE = "en"  # the language the interface is written in: its msgids

_current: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)
_catalogs: dict[str, gettext_module.NullTranslations] = {}
_lock = threading.Lock()


def current() -> str:
    """The language being written in now."""
    return _current.get()


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Write in ``code`` inside the block (a request, a test, an export)."""
    token = _current.set(code)
    try:
        yield
    finally:
        _current.reset(token)


def begin(code: str) -> None:
    """Write in ``code`` from now on in this context (one request: each has its own context)."""
    _current.set(code)


def catalog_path(code: str) -> Path:
    return CATALOGS / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(code: str | None = None) -> gettext_module.NullTranslations:
    """The compiled catalog of ``code`` (the current language by default), read once."""
    code = code or current()
    found = _catalogs.get(code)
    if found is None:
        found = _compile(code)
        with _lock:
            _catalogs[code] = found
    return found


def _compile(code: str) -> gettext_module.NullTranslations:
    path = catalog_path(code)
    if code == SOURCE_LANGUAGE or not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=code)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def translate(message: str) -> str:
    """``message`` in the current language, unformatted (Jinja formats its own)."""
    return translations().gettext(message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` the current language uses for ``n``, unformatted."""
    return translations().ngettext(singular, plural, n)


def gettext(message: str, **variables) -> str:
    """``message`` in the current language, ``%(name)s`` filled from ``variables``."""
    text = translate(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables) -> str:
    """The plural form for ``n``, with ``%(num)s`` (and ``variables``) filled in."""
    return translate_plural(singular, plural, n) % {"num": number(n), **variables}


def number(value: int | float) -> str:
    """A number as the current language groups it ("12,345", "12 345", "١٢٬٣٤٥")."""
    return format_decimal(value, locale=current())


def N_(message: str) -> str:
    """Marks a constant for the catalog; it is translated where it is used (``gettext``)."""
    return message
