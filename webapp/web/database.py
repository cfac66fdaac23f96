"""The request's read-only database connection, opened on first use and closed at teardown."""

from __future__ import annotations

import datetime
import os

from flask import Flask, current_app, g

from ..store import reads
from ..store.connection import ReadOnlyDatabase, check_current, connect_read_only


def get_db() -> ReadOnlyDatabase:
    """The request's database, opened on first use."""
    if "db" not in g:
        check_current(current_app.config["DATABASE"])
        g.db = connect_read_only(
            current_app.config["DATABASE"], current_app.config["QUERY_TIME_LIMIT"]
        )
    return g.db


def built_at() -> datetime.datetime:
    """When the database was built: the time stamped by the build, else its file's time."""
    stamped = reads.site_meta(get_db()).get("built_at")
    if stamped:
        return datetime.datetime.fromisoformat(stamped)
    mtime = os.stat(current_app.config["DATABASE"]).st_mtime
    return datetime.datetime.fromtimestamp(int(mtime), tz=datetime.UTC)


def close_db(_error: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
