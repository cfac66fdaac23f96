"""The read-only database connection, one per request on ``g``.

The server never writes: the file is opened with ``mode=ro``, so even a bug cannot change it. A new
build replaces the file by rename; each request opens the file that is there now, and the build
stamp and schema version are read again only when the file's identity (inode, size, mtime) changes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from flask import Flask, current_app, g


class DatabaseMissing(RuntimeError):
    """The configured database file does not exist: it has not been built."""


class DatabaseOutdated(DatabaseMissing):
    """The database was built by another version of timeline: it must be rebuilt."""


@dataclass(frozen=True)
class BuildInfo:
    stamp: str
    schema_version: str


_build_info: dict[str, tuple[tuple, BuildInfo]] = {}
_build_info_lock = threading.Lock()


def build_info(path: Path | str) -> BuildInfo:
    """The stamp and schema version of the database at ``path``, cached by file identity."""
    path = str(path)
    try:
        stat = os.stat(path)
    except FileNotFoundError as error:
        raise DatabaseMissing(f"no database at {path}: run `timeline build`") from error
    identity = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    cached = _build_info.get(path)
    if cached and cached[0] == identity:
        return cached[1]
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        meta = {}
    info = BuildInfo(meta.get("build_stamp", ""), meta.get("schema_version", ""))
    with _build_info_lock:
        _build_info[path] = (identity, info)
    return info


def check_current(path: Path | str) -> BuildInfo:
    """The database's build info; DatabaseOutdated if an older timeline built it."""
    from .dataset import SCHEMA_VERSION

    info = build_info(path)
    if info.schema_version != SCHEMA_VERSION:
        raise DatabaseOutdated(
            f"the database at {path} was built by another version of timeline "
            f"(schema {info.schema_version or 'unknown'}, this is {SCHEMA_VERSION}): "
            "run `timeline build` (or `timeline demo-data` again) to rebuild it"
        )
    return info


class QueryTooSlow(RuntimeError):
    """A request's queries ran past the time limit and were stopped."""


# Conservative caps: nothing we run needs more, and a hostile value cannot make SQLite work harder.
LIMITS = {
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_LENGTH: 10_000_000,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 100_000,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 100,
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 8,
    sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER: 500,
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 100,
}


def connect_read_only(path: Path | str, time_limit: float | None = None) -> sqlite_utils.Database:
    """Open ``path`` read-only and immutable, hardened; raise DatabaseMissing if it is absent.

    ``immutable=1`` lets SQLite skip locking: safe because a new build only ever arrives by
    rename, and each request opens whatever file is there. With ``time_limit`` (seconds), every
    query on this connection stops once that much time has passed since it was opened.
    """
    path = Path(path)
    if not path.exists():
        raise DatabaseMissing(f"no database at {path}: run `timeline build`")
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    conn.execute("PRAGMA trusted_schema = OFF")
    for limit, value in LIMITS.items():
        conn.setlimit(limit, value)
    if time_limit is not None:
        deadline = time.monotonic() + time_limit
        conn.set_progress_handler(lambda: time.monotonic() > deadline, 500)
    return sqlite_utils.Database(conn)


def get_db() -> sqlite_utils.Database:
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
