"""The request's read-only database connection, opened on first use and closed at teardown, and
the build's catalogue beside it."""

from __future__ import annotations

import datetime
import os

from flask import Flask, current_app, g

from ..store.catalog import Catalog, catalog_for
from ..store.connection import ReadOnlyDatabase, check_current, connect_read_only


def get_db() -> ReadOnlyDatabase:
    """The request's database, opened on first use."""
    if "db" not in g:
        check_current(current_app.config["DATABASE"])
        g.db = connect_read_only(
            current_app.config["DATABASE"], current_app.config["QUERY_TIME_LIMIT"]
        )
    return g.db


def get_catalog() -> Catalog:
    """The build's topics, sources and metadata: read once per build by this worker."""
    if "catalog" not in g:
        g.catalog = catalog_for(current_app.config["DATABASE"], get_db())
    return g.catalog


def built_at() -> datetime.datetime:
    """When the database was built: the time stamped by the build, else its file's time."""
    stamped = get_catalog().meta.get("built_at")
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
