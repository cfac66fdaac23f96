"""Errors as clear answers: an HTML page for readers, ``{"error": ...}`` under ``/api/``.

Never a bare 500: even a bug answers with a plain page and is logged in full.
"""

from __future__ import annotations

import sqlite3

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from .db import DatabaseMissing


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/oembed", "/openapi.json")


def _answer(status: int, title: str, message: str, headers=None):
    if _wants_json():
        response = jsonify(error=message)
    else:
        response = render_template("error.html", status=status, title=title, message=message)
    return response, status, headers or {}


def handle_http_error(error: HTTPException):
    """404, 405 and the like, with the description written for the reader."""
    headers = dict(error.get_headers())
    headers.pop("Content-Type", None)
    return _answer(error.code or 500, error.name, error.description or error.name, headers)


def handle_missing_database(error: DatabaseMissing):
    return _answer(503, "Not built yet", str(error))


def handle_database_error(error: sqlite3.OperationalError):
    """A query stopped by the time limit is a clear 503; any other database error is a bug."""
    if "interrupted" in str(error):
        return _answer(
            503,
            "Too slow",
            "That view took too long to compute and was stopped: narrow the filters and try again.",
            {"Retry-After": "5"},
        )
    return handle_unexpected(error)


def handle_unexpected(error: Exception):
    """A bug: log it in full, tell the reader plainly, leak nothing."""
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    from flask import current_app

    current_app.logger.exception("Unhandled error on %s", request.path)
    return _answer(500, InternalServerError.name, "Something went wrong on our side.")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DatabaseMissing, handle_missing_database)
    app.register_error_handler(sqlite3.OperationalError, handle_database_error)
    app.register_error_handler(Exception, handle_unexpected)
