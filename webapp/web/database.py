"""The request's read-only database connection and the build's catalogue beside it.

Each worker thread keeps its connection to a file between requests (SQLite's page cache stays
warm, and opening and closing cost about a millisecond a request), for as long as the file at
the configured path is the one it opened: a new build arrives by rename, a new identity (inode,
size, mtime), and the next request opens it.
"""

from __future__ import annotations

import datetime
import os
import threading

from flask import Flask, current_app, g

from ..store.catalog import Catalog, catalog_for
from ..store.connection import ReadOnlyDatabase, check_current, connect_read_only

_threads = threading.local()


def get_db() -> ReadOnlyDatabase:
    """The request's database: this thread's connection to the file there now."""
    if "db" not in g:
        path = current_app.config["DATABASE"]
        check_current(path)
        g.db = _thread_connection(path).begin(current_app.config["QUERY_TIME_LIMIT"])
    return g.db


def _thread_connection(path: str) -> ReadOnlyDatabase:
    """This thread's connection to ``path``, opened again when the file there changed."""
    kept = getattr(_threads, "connections", None)
    if kept is None:
        kept = _threads.connections = {}
    stat = os.stat(path)
    identity = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    held = kept.get(path)
    if held is not None and held[0] == identity:
        return held[1]
    if held is not None:
        held[1].close()
    db = connect_read_only(path)
    kept[path] = (identity, db)
    return db


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
    """The request is over: its connection stays with the thread, without a deadline."""
    db = g.pop("db", None)
    if db is not None:
        db.begin(None)


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
