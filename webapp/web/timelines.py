"""Many timelines, one server: the default timeline at ``/``, each other at ``/t/<slug>/``.

Each timeline is a folder under the timelines folder (``TIMELINE_TIMELINES``) with its own built
``timeline.db``, and is served by its own app (``create_app`` with that database), mounted under
``/t/<slug>`` by setting ``SCRIPT_NAME``: so every URL it writes (links, embeds, oEmbed, API
``next``) carries the prefix, and nothing of one timeline can appear in another's pages. Apps are
made on a timeline's first request and kept (the least recently used dropped past
``MAX_OPEN``), so hundreds of timelines cost nothing at start and one lookup per request.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from jinja2.bccache import Bucket, BytecodeCache

from ..limits import MAX_SLUG_LENGTH
from ..slugs import SLUG
from ..store.connection import DatabaseMissing, QueryInterrupted, connect_read_only
from ..store.schema import SCHEMA_VERSION

PREFIX = "/t/"
DATABASE_NAME = "timeline.db"
MAX_OPEN = 64


class TimelinesDispatcher:
    """WSGI: ``/t/<slug>/...`` to that timeline's app, everything else to the default one.

    The mount point is ours alone: whatever ``SCRIPT_NAME`` arrives (gunicorn takes one from a
    request header, or from its environment) is folded back into the path, so a client can never
    make one timeline's links point into another. A slug the router refuses, or a timeline
    removed since its app was made, reaches the default app, which answers 404.
    """

    def __init__(self, default_app, folder: Path, make_app: Callable[[Path], object]):
        self.default_app, self.folder, self.make_app = default_app, Path(folder), make_app
        self.apps: OrderedDict[str, object] = OrderedDict()
        self.lock = Lock()

    def __call__(self, environ, start_response):
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        environ["SCRIPT_NAME"], environ["PATH_INFO"] = "", path
        if path.startswith(PREFIX):
            slug, _, rest = path[len(PREFIX) :].partition("/")
            app = self._app(slug)
            if app is not None:
                if not rest and not path.endswith("/"):  # /t/slug -> /t/slug/
                    start_response("308 Permanent Redirect", [("Location", path + "/")])
                    return [b""]
                environ["SCRIPT_NAME"] = PREFIX + slug
                environ["PATH_INFO"] = "/" + rest
                return app(environ, start_response)
        return self.default_app(environ, start_response)

    def _app(self, slug: str):
        database = database_of(self.folder, slug)
        if database is None:
            with self.lock:
                self.apps.pop(slug, None)  # removed since: its app goes too
            return None
        with self.lock:
            if slug in self.apps:
                self.apps.move_to_end(slug)
                return self.apps[slug]
        app = self.make_app(database)
        with self.lock:
            self.apps[slug] = app
            while len(self.apps) > MAX_OPEN:
                self.apps.popitem(last=False)
        return app


class SharedBytecode(BytecodeCache):
    """Compiled templates, shared by every timeline app of a worker (one dict, bounded by the
    number of templates we ship): a timeline's app is made in milliseconds rather than
    compiling every template again (about 300 ms), so a walk over more timelines than
    MAX_OPEN keeps apps cheap to remake. Jinja keys each entry by template name and checks the
    source's hash, and every app's environment is configured alike (``create_app``)."""

    def __init__(self):
        self._code: dict[str, bytes] = {}
        self._lock = Lock()

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        with self._lock:
            self._code[bucket.key] = code


def is_timeline_slug(name: str) -> bool:
    """A name the router takes: a slug no longer than any slug we make."""
    return len(name) <= MAX_SLUG_LENGTH and SLUG.fullmatch(name) is not None


def database_of(folder: Path, slug: str) -> Path | None:
    """The built database of the timeline ``slug``, or None (no such slug, or not built).

    The slug is checked before the file system is asked, so no request can make a path the
    system refuses (a 256-character name is an OSError, not a 404)."""
    if not is_timeline_slug(slug):
        return None
    database = folder / slug / DATABASE_NAME
    try:
        return database if database.is_file() else None
    except OSError:
        return None


@dataclass
class Listed:
    slug: str
    title: str
    description: str
    events: int | None  # None: too many to count in time
    span: tuple[int, int] | None


# The listing shows at most this many timelines a page (by slug, each page by title), so one
# request reads at most this many summaries, whatever the folder holds.
LISTING_PAGE = 200
# Seconds one summary's queries may take: a timeline too big to count in time is listed without
# its count rather than holding the page.
SUMMARY_TIME_LIMIT = 0.25
MAX_SUMMARIES = 10_000


@dataclass
class Listing:
    timelines: list[Listed]
    page: int
    pages: int


def identity(path: Path) -> tuple[int, int, int, int] | None:
    """Which file is at ``path`` now: a new build (a rename) or an edit changes it."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)


def listed_slugs(folder: Path) -> list[str]:
    """The slugs of the folder's built timelines, in order: names only, no database opened."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return sorted(
        entry.name for entry in entries
        if is_timeline_slug(entry.name) and database_of(Path(folder), entry.name) is not None
    )  # fmt: skip


def listing_stamp(folder: Path) -> str:
    """What the list of timelines depends on: each listed file's identity (no file is opened),
    so a timeline made, rebuilt or removed changes the list's ETag."""
    digest = hashlib.sha256()
    for slug in listed_slugs(folder):
        digest.update(f"{slug}:{identity(Path(folder) / slug / DATABASE_NAME)}|".encode())
    return digest.hexdigest()[:16]


def listing_page(args) -> int | None:
    """The ``page`` argument of /timelines: a whole number from 1; None when it is not one."""
    text = (args.get("page") or "1").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 6 or int(text) < 1:
        return None
    return int(text)


def list_timelines(folder: Path, page: int = 1) -> Listing | None:
    """One page of the folder's built timelines, by title; None past the last page."""
    slugs = listed_slugs(folder)
    pages = max(1, -(-len(slugs) // LISTING_PAGE))
    if page > pages:
        return None
    chosen = slugs[(page - 1) * LISTING_PAGE : page * LISTING_PAGE]
    summaries = (summarise(Path(folder) / slug / DATABASE_NAME, slug) for slug in chosen)
    listed = sorted(filter(None, summaries), key=lambda timeline: timeline.title.lower())
    return Listing(listed, page, pages)


_summaries: OrderedDict[str, tuple[tuple, Listed | None]] = OrderedDict()
_summaries_lock = Lock()


def forget_summaries() -> None:
    with _summaries_lock:
        _summaries.clear()


def summarise(database: Path, slug: str) -> Listed | None:
    """A built timeline's summary, read again only when its file's identity changes."""
    key, seen = str(database), identity(database)
    if seen is None:
        return None
    with _summaries_lock:
        cached = _summaries.get(key)
        if cached is not None and cached[0] == seen:
            _summaries.move_to_end(key)
            return cached[1]
    summary, final = read_summary(database, slug)
    if final:  # one stopped by the time limit is read again next time
        with _summaries_lock:
            _summaries[key] = (seen, summary)
            while len(_summaries) > MAX_SUMMARIES:
                _summaries.popitem(last=False)
    return summary


def read_summary(database: Path, slug: str) -> tuple[Listed | None, bool]:
    """A built timeline's title, description, event count and span (None if unreadable), and
    whether that is final (not cut short by the time limit)."""
    final = True
    try:
        with contextlib.closing(connect_read_only(database, SUMMARY_TIME_LIMIT)) as db:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("schema_version") != SCHEMA_VERSION:
                return None, True
            try:
                count, first, last = db.execute(
                    "SELECT count(*), min(start_year), max(end_year) FROM events"
                ).fetchone() or (0, None, None)
            except QueryInterrupted:
                count = first = last = None
                final = False
    except QueryInterrupted:
        return None, False
    except (sqlite3.Error, DatabaseMissing):
        return None, True
    return Listed(
        slug,
        meta.get("title") or slug,
        meta.get("description") or "",
        count,
        (first, last) if count else None,
    ), final
