"""The read-only database connection, one per request on ``g``.

The server never writes: the file is opened with ``mode=ro``, so even a bug cannot change it. A new
build replaces the file by rename; each request opens the file that is there now.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from flask import Flask, current_app, g


class DatabaseMissing(RuntimeError):
    """The configured database file does not exist: it has not been built."""


def connect_read_only(path: Path | str) -> sqlite_utils.Database:
    """Open ``path`` read-only; raise DatabaseMissing rather than create an empty file."""
    path = Path(path)
    if not path.exists():
        raise DatabaseMissing(f"no database at {path}: run `timeline build`")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return sqlite_utils.Database(conn)


def get_db() -> sqlite_utils.Database:
    """The request's database, opened on first use."""
    if "db" not in g:
        g.db = connect_read_only(current_app.config["DATABASE"])
    return g.db


def close_db(_error: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
