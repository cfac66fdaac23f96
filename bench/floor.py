"""The floor: the least a server can do to answer our URLs, under the same gunicorn.

A bare WSGI callable, no Flask: it reads the same arguments with ``TimelineQuery``, walks the
same indexes with ``matching_ids``, then fetches the page's rows and their places in one query
each and returns them with ``json.dumps``. No counts, facets, links, templates or cache. What
`timeline serve` spends beyond this is what our framework, shaping and extras cost.

    gunicorn -c python:webapp.web.gunicorn_conf bench.floor:app   (TIMELINE_DATABASE=...)
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from urllib.parse import parse_qs

from webapp.store.id_walks import matching_ids
from webapp.store.timeline_query import InvalidQuery, TimelineQuery

_local = threading.local()
_known: dict[str, set[str]] = {}


class _Args(dict):
    """``parse_qs``'s lists as the arguments ``TimelineQuery.from_args`` reads."""

    def get(self, name, default=None):
        values = super().get(name)
        return values[0] if values else default

    def getlist(self, name):
        return super().get(name, [])


def _connection() -> sqlite3.Connection:
    """This thread's read-only connection to ``TIMELINE_DATABASE``, opened once."""
    conn = getattr(_local, "conn", None)
    if conn is None:
        path = os.environ["TIMELINE_DATABASE"]
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        _local.conn = conn
        if not _known:
            _known["topics"] = {row[0] for row in conn.execute("SELECT slug FROM topics")}
            _known["sources"] = {row[0] for row in conn.execute("SELECT slug FROM sources")}
    return conn


EVENT_COLUMNS = ("id", "slug", "title", "summary", "start", "end", "source", "quote")


def answer(query_string: str) -> tuple[str, bytes]:
    """(status, JSON body) for one query string."""
    conn = _connection()
    try:
        query = TimelineQuery.from_args(
            _Args(parse_qs(query_string)), _known["topics"], _known["sources"]
        )
    except InvalidQuery as error:
        return "400 Bad Request", json.dumps({"error": str(error)}).encode()
    ids = matching_ids(conn, query, query.limit + 1, after=query.after)
    page = json.dumps(ids[: query.limit])
    columns = ", ".join(f'"{name}"' for name in EVENT_COLUMNS)
    rows = conn.execute(
        f"SELECT {columns} FROM events WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        [page],
    ).fetchall()
    places: dict[int, list[str]] = {}
    for event_id, name in conn.execute(
        "SELECT l.event_id, p.name FROM event_places l JOIN places p ON p.slug = l.place "
        "WHERE l.event_id IN (SELECT value FROM json_each(?)) ORDER BY l.event_id, l.position",
        [page],
    ):
        places.setdefault(event_id, []).append(name)
    events = [
        {**dict(zip(EVENT_COLUMNS, row, strict=True)), "places": places.get(row[0], [])}
        for row in rows
    ]
    more = ids[query.limit] if len(ids) > query.limit else None
    return "200 OK", json.dumps({"events": events, "next_after": more}).encode()


def app(environ, start_response):
    """WSGI: every path answers its query string's page as JSON."""
    status, body = answer(environ.get("QUERY_STRING", ""))
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
