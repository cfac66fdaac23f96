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
import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from ..slugs import SLUG
from ..store.schema import SCHEMA_VERSION

PREFIX = "/t/"
DATABASE_NAME = "timeline.db"
MAX_OPEN = 64


class TimelinesDispatcher:
    """WSGI: ``/t/<slug>/...`` to that timeline's app, everything else to the default one."""

    def __init__(self, default_app, folder: Path, make_app: Callable[[Path], object]):
        self.default_app, self.folder, self.make_app = default_app, Path(folder), make_app
        self.apps: OrderedDict[str, object] = OrderedDict()
        self.lock = Lock()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(PREFIX):
            slug, _, rest = path[len(PREFIX) :].partition("/")
            app = self._app(slug)
            if app is not None:
                if not rest and not path.endswith("/"):  # /t/slug -> /t/slug/
                    location = environ.get("SCRIPT_NAME", "") + path + "/"
                    start_response("308 Permanent Redirect", [("Location", location)])
                    return [b""]
                environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + PREFIX + slug
                environ["PATH_INFO"] = "/" + rest
                return app(environ, start_response)
        return self.default_app(environ, start_response)

    def _app(self, slug: str):
        if not SLUG.fullmatch(slug):
            return None
        with self.lock:
            if slug in self.apps:
                self.apps.move_to_end(slug)
                return self.apps[slug]
        database = self.folder / slug / DATABASE_NAME
        if not database.is_file():
            return None
        app = self.make_app(database)
        with self.lock:
            self.apps[slug] = app
            while len(self.apps) > MAX_OPEN:
                self.apps.popitem(last=False)
        return app


@dataclass
class Listed:
    slug: str
    title: str
    description: str
    events: int
    span: tuple[int, int] | None


def list_timelines(folder: Path) -> list[Listed]:
    """Every built timeline in ``folder``, by title: what the /timelines page shows."""
    listed = []
    if not Path(folder).is_dir():
        return listed
    for child in sorted(Path(folder).iterdir()):
        database = child / DATABASE_NAME
        if SLUG.fullmatch(child.name) and database.is_file():
            summary = summarise(database, child.name)
            if summary is not None:
                listed.append(summary)
    return sorted(listed, key=lambda timeline: timeline.title.lower())


def summarise(database: Path, slug: str) -> Listed | None:
    """A built timeline's title, description, event count and span; None if unreadable."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("schema_version") != SCHEMA_VERSION:
                return None
            count, first, last = db.execute(
                "SELECT count(*), min(start_year), max(end_year) FROM events"
            ).fetchone()
    except sqlite3.Error:
        return None
    return Listed(
        slug,
        meta.get("title") or slug,
        meta.get("description") or "",
        count,
        (first, last) if count else None,
    )
