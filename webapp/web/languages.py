"""The reader's language: named in the URL (``?lang=az``), never guessed from the request.

The language is a query argument like every other argument a view keeps (see arguments.py), so
the response cache, the ETag and every link a page writes carry it without a second mechanism,
and a shared URL shows what its sender saw. Without ``lang`` a page speaks the timeline's own
language (``language`` in ``timeline.toml``; English when it names none). ``Accept-Language`` is
never read, so no answer varies on it and no cache can hand one reader's language to another.

Flask-Babel stays for its locale selector (``flask_babel.get_locale`` follows the same choice);
the words themselves come from ``webapp.wording``, which the plain-Python side shares.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from babel import Locale, UnknownLocaleError
from flask import Flask, Response, current_app, g, request
from flask_babel import Babel
from markupsafe import Markup
from werkzeug.exceptions import BadRequest

from .. import wording
from ..wording import LANGUAGES, SOURCE_LANGUAGE, Language
from .arguments import known_pairs

DEFAULT_LANGUAGE = SOURCE_LANGUAGE
DEFAULT_KEY = "timeline.default_language"
# Blueprints whose links keep the reader's language (assets and media need none).
SPEAKING_BLUEPRINTS = frozenset({"pages", "embeds", "api", "openapi", "axis", "desk"})


class UnknownLanguage(BadRequest):
    """``?lang=`` names a language the interface does not speak: a 400 that lists those it does."""

    def __init__(self, value: str):
        listed = ", ".join(LANGUAGES)
        super().__init__(
            description=wording.gettext(
                "lang: unknown language %(value)s: choose from %(listed)s",
                value=repr(value[:20]),
                listed=listed,
            )
        )


def default_language() -> str:
    """The language a URL without ``lang`` speaks (the app's own rule: the timeline's file)."""
    finder: Callable[[], str | None] = current_app.extensions[DEFAULT_KEY]
    code = finder()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def language_in_url() -> str | None:
    """``lang`` as the URL gives it, checked; None when the URL names none."""
    value = request.args.get("lang")
    if value is None:
        return None
    if value not in LANGUAGES:
        raise UnknownLanguage(value)
    return value


def reader_language() -> str:
    """The language a request is answered in (also Flask-Babel's locale selector)."""
    if "language" not in g:
        try:
            g.language_in_url = language_in_url()
        except UnknownLanguage:
            g.language_in_url = None
            g.language = default_language()
            raise
        g.language = g.language_in_url or default_language()
    return g.language


def choose_language() -> None:
    """Before a view: the request speaks its language from here on (a bad ``lang`` is a 400)."""
    g.pop("language", None)
    wording.begin(DEFAULT_LANGUAGE)
    wording.begin(reader_language())


def say_language(response: Response) -> Response:
    """``Content-Language`` names the language the answer is written in (its URL's)."""
    if "language" in g and response.mimetype in ("text/html", "application/json"):
        response.headers["Content-Language"] = g.language
    return response


def speak_default(_error: BaseException | None = None) -> None:
    """After a request, the thread speaks the source language again (a worker's next request,
    a test, a command never inherit the last reader's)."""
    wording.begin(DEFAULT_LANGUAGE)


def keep_language(endpoint: str | None, values: dict) -> None:
    """Every ``url_for`` of a page that named its language names it too (links, forms' actions,
    the next page, embeds, feeds, exports), unless the caller chose one (the language links)."""
    if not endpoint or "lang" in values:
        return
    if endpoint.partition(".")[0] not in SPEAKING_BLUEPRINTS:
        return
    chosen = g.get("language_in_url")
    if chosen:
        values["lang"] = chosen


def with_query(url: str, query: str) -> str:
    """``url`` with more arguments (``query``, already encoded), whether or not it has some."""
    if not query:
        return url
    return url + ("&" if "?" in url else "?") + query


def language_links() -> list[dict]:
    """This very view in every other language, for the page's links and ``hreflang`` alternates."""
    here = [(name, value) for name, value in _known_pairs() if name != "lang"]
    links = []
    for language in LANGUAGES.values():
        query = urlencode([*here, ("lang", language.code)])
        links.append(
            {"language": language, "query": f"?{query}", "url": f"{request.base_url}?{query}"}
        )
    return links


def _known_pairs() -> list[tuple[str, str]]:
    return known_pairs(request.args)


def language_name(code: str | None) -> str:
    """A language's name in the page's language, as CLDR gives it ("ingilis", "английский")."""
    if not code:
        return ""
    try:
        return Locale.parse(code).get_language_name(page_language().code) or code
    except (ValueError, UnknownLocaleError):
        return code


def direction_of(code: str) -> str:
    """``rtl`` or ``ltr``: ours for the languages we speak, CLDR's for any other (a source's)."""
    if code in LANGUAGES:
        return LANGUAGES[code].direction
    try:
        return "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"
    except (ValueError, UnknownLocaleError):
        return "ltr"


def lang_attributes(code: str | None, always: bool = False) -> Markup:
    """` lang="en" dir="ltr"` for words in another language than the page's (``dir`` only where
    the direction differs, so an English quote's full stop stays at its end on an Arabic page);
    nothing for words in the page's own language, unless ``always``."""
    page = page_language()
    if not code or (code == page.code and not always):
        return Markup("")
    attributes = Markup(' lang="{}"').format(code)
    direction = direction_of(code)
    if direction != page.direction:
        attributes += Markup(' dir="{}"').format(direction)
    return attributes


def page_language() -> Language:
    return LANGUAGES[g.get("language") or DEFAULT_LANGUAGE]


def init_app(app: Flask, default: Callable[[], str | None] = lambda: None) -> None:
    """Babel for ``app``, and the language's hooks: chosen before every view, kept by every link.

    ``default`` finds the language of a URL without ``lang`` (the public app reads the build)."""
    app.extensions[DEFAULT_KEY] = default
    Babel(app, locale_selector=reader_language, default_locale=DEFAULT_LANGUAGE)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        wording.translate, wording.translate_plural, newstyle=True
    )
    app.before_request(choose_language)
    app.teardown_request(speak_default)
    app.after_request(say_language)
    app.url_defaults(keep_language)
    app.jinja_env.globals.update(
        language_links=language_links,
        page_language=page_language,
        with_query=with_query,
        language_name=language_name,
        lang_attributes=lang_attributes,
    )
    app.jinja_env.filters["number"] = wording.number
