"""Errors as clear answers, written as their route kind writes them: an HTML page for readers,
``{"error": ...}`` for programs, a message inside the frame for embeds.

Never a bare 500: even a bug answers with a plain page and is logged in full.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from ..store.connection import DatabaseMissing, DatabaseOutdated, QueryInterrupted
from ..store.timeline_query import InvalidQuery
from ..wording import N_
from ..wording import gettext as _
from . import pages
from .route_kinds import kind_of

# Werkzeug's names and descriptions of the errors a reader may meet, for the catalog.
HTTP_WORDS = (
    N_("Bad Request"), N_("Forbidden"), N_("Not Found"), N_("Method Not Allowed"),
    N_("Not Implemented"), N_("Request Entity Too Large"), N_("Service Unavailable"),
    N_("Internal Server Error"), N_("Moved Permanently"),
    N_("The requested URL was not found on the server. If you entered the URL manually please "
       "check your spelling and try again."),
    N_("The method is not allowed for the requested URL."),
)  # fmt: skip


def _answer(status: int, title: str, message: str, headers=None):
    response: Response | str
    if kind_of(request.path).errors == "json":
        response = jsonify(error=message)
    else:
        response = render_template("error.html", status=status, title=title, message=message)
    return response, status, headers or {}


def handle_invalid_query(error: InvalidQuery):
    """A bad filter or option: 400, said where the person who wrote the URL will look."""
    errors = kind_of(request.path).errors
    if errors == "json":
        return jsonify(error=str(error)), 400
    if errors == "embed":
        return render_template("embed_error.html", message=str(error)), 400
    return pages.invalid_timeline(error)


def handle_http_error(error: HTTPException):
    """404, 405 and the like, with the description written for the reader."""
    headers = dict(error.get_headers())
    headers.pop("Content-Type", None)
    name = _(error.name)
    description = _(error.description) if error.description else name
    return _answer(error.code or 500, name, description, headers)


_logged: set[str] = set()


def handle_missing_database(error: DatabaseMissing):
    """Not built (or built by another version): said plainly, the file's path only in the log
    (no page names a server path)."""
    if str(error) not in _logged and len(_logged) < 100:  # once each: no flood under load
        _logged.add(str(error))
        current_app.logger.warning("%s", error)
    if isinstance(error, DatabaseOutdated):
        message = _("This timeline was built by another version of timeline: its maintainer "
                    "runs `timeline build` to rebuild it.")  # fmt: skip
    else:
        message = _("This timeline has not been built yet: its maintainer runs `timeline build`.")
    return _answer(503, _("Not built yet"), message)


def handle_interrupted(_error: QueryInterrupted):
    """A query stopped by the time limit: a clear 503, and a hint to narrow the view."""
    return _answer(
        503,
        _("Too slow"),
        _("That view took too long to compute and was stopped: narrow the filters and try again."),
        {"Retry-After": "5"},
    )


def handle_unexpected(error: Exception):
    """A bug: log it in full, tell the reader plainly, leak nothing."""
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("Unhandled error on %s", request.path)
    return _answer(500, _(InternalServerError().name), _("Something went wrong on our side."))


def init_app(app: Flask) -> None:
    app.register_error_handler(InvalidQuery, handle_invalid_query)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DatabaseMissing, handle_missing_database)
    app.register_error_handler(QueryInterrupted, handle_interrupted)
    app.register_error_handler(Exception, handle_unexpected)
