"""The read-only database connection.

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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..limits import SQLITE_MAX_LENGTH
from .schema import SCHEMA_VERSION

T = TypeVar("T")


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
    info = build_info(path)
    if info.schema_version != SCHEMA_VERSION:
        raise DatabaseOutdated(
            f"the database at {path} was built by another version of timeline "
            f"(schema {info.schema_version or 'unknown'}, this is {SCHEMA_VERSION}): "
            "run `timeline build` (or `timeline demo-data` again) to rebuild it"
        )
    return info


class QueryInterrupted(RuntimeError):
    """A query ran past the connection's time limit and SQLite stopped it."""


class _Fetched:
    """A statement's rows, fetched at once: what ``execute`` returns on a read-only connection."""

    def __init__(self, cursor: sqlite3.Cursor):
        self.description = cursor.description
        self._rows = cursor.fetchall()

    def fetchall(self) -> list[tuple]:
        return self._rows

    def fetchone(self) -> tuple | None:
        return self._rows[0] if self._rows else None

    def __iter__(self):
        return iter(self._rows)


class ReadOnlyDatabase:
    """A hardened read-only connection whose time limit surfaces as ``QueryInterrupted``.

    Plain ``sqlite3``: a reader needs rows, not sqlite-utils' savepoints around every statement
    (they doubled the statements a request ran). SQLite reports a stopped query as a generic
    OperationalError; the connection knows whether its own deadline stopped it, so callers catch
    a name rather than match a message.
    """

    deadline: float | None = None

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.memo: dict = {}  # facts several readers of one request ask for (``remembered``)

    def execute(self, sql: str, parameters=None) -> _Fetched:
        """The statement's rows as tuples, fetched at once."""
        with self._interruptible():
            return _Fetched(self.conn.execute(sql, parameters or ()))

    def query(self, sql: str, params=None) -> Iterator[dict]:
        """The statement's rows as dicts (column name to value), fetched at once."""
        with self._interruptible():
            cursor = self.conn.execute(sql, params or ())
            names = [column[0] for column in cursor.description]
            return iter([dict(zip(names, row, strict=True)) for row in cursor.fetchall()])

    def begin(self, time_limit: float | None) -> ReadOnlyDatabase:
        """Start a request on this connection: a fresh memo and, with ``time_limit``, a new
        deadline for every query it runs."""
        self.memo = {}
        if time_limit is None:
            self.deadline = None
            self.conn.set_progress_handler(None, 0)
        else:
            deadline = self.deadline = time.monotonic() + time_limit
            self.conn.set_progress_handler(lambda: time.monotonic() > deadline, 500)
        return self

    def close(self) -> None:
        self.conn.close()

    @contextlib.contextmanager
    def _interruptible(self):
        try:
            yield
        except sqlite3.OperationalError as error:
            if self.deadline is not None and time.monotonic() > self.deadline:
                raise QueryInterrupted("the query ran past its time limit") from error
            raise


def remembered(db, key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, once per connection (that is, per request) for ``key``; every time on a
    connection without a memo (sqlite-utils' in tests)."""
    memo = getattr(db, "memo", None)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


# Conservative caps: nothing we run needs more, and a hostile value cannot make SQLite work harder.
LIMITS = {
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_LENGTH: SQLITE_MAX_LENGTH,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 100_000,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 100,
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 8,
    sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER: 500,
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 100,
}


def connect_read_only(path: Path | str, time_limit: float | None = None) -> ReadOnlyDatabase:
    """Open ``path`` read-only and immutable, hardened; raise DatabaseMissing if it is absent.

    ``immutable=1`` lets SQLite skip locking: safe because a new build only ever arrives by
    rename, and a connection is used only while the file it opened is the one at ``path``. With
    ``time_limit`` (seconds), every query stops once that much time has passed since the
    connection was opened, or since ``begin`` last started a request on it.
    """
    path = Path(path)
    if not path.exists():
        raise DatabaseMissing(f"no database at {path}: run `timeline build`")
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    conn.execute("PRAGMA trusted_schema = OFF")
    for limit, value in LIMITS.items():
        conn.setlimit(limit, value)
    db = ReadOnlyDatabase(conn)
    db.begin(time_limit)
    return db
