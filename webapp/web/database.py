"""The request's read-only database connection, opened on first use and closed at teardown."""

from __future__ import annotations

from flask import Flask, current_app, g

from ..store.connection import ReadOnlyDatabase, check_current, connect_read_only


def get_db() -> ReadOnlyDatabase:
    """The request's database, opened on first use."""
    if "db" not in g:
        check_current(current_app.config["DATABASE"])
        g.db = connect_read_only(
            current_app.config["DATABASE"], current_app.config["QUERY_TIME_LIMIT"]
        )
    return g.db


def close_db(_error: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
