"""The database's shape, declared once: the builder creates it, the reader relies on it.

Bump ``SCHEMA_VERSION`` with any change here; a server meeting a database of another version
answers 503 and asks for a rebuild rather than misread it.
"""

from __future__ import annotations

import hashlib

SCHEMA_VERSION = "17"

# name -> (columns, options for sqlite-utils' ``Table.create``), in creation order.
TABLES: dict[str, tuple[dict[str, type], dict]] = {
    "meta": ({"key": str, "value": str}, {"pk": "key"}),
    "sources": (
        {
            "slug": str, "title": str, "outlet": str, "author": str, "published": str,
            "language": str, "url": str, "imported_from": str, "text": str, "event_count": int,
            "proposal_count": int,
        },
        {"pk": "slug"},
    ),
    "topics": (
        {"slug": str, "label": str, "description": str, "position": int, "event_count": int},
        {"pk": "slug"},
    ),
    # Runs of years with the same number of events: {"year": first, "last", "count"}.
    "year_counts": ({"year": int, "last": int, "count": int}, {"pk": "year"}),
    "year_ids": ({"year": int, "first_id": int, "last_id": int}, {"pk": "year"}),
    "topic_pairs": ({"a": str, "b": str, "count": int}, {"pk": ("a", "b")}),
    "topic_year_counts": (
        {"topic": str, "year": int, "last": int, "count": int},
        {"pk": ("topic", "year")},
    ),
    # Per topic, how many of its events started in or after each start year, and how many ended
    # in or before each end year: with its total, the exact count of its events in any year
    # window is total - (ended before it) - (started after it), two index seeks.
    "topic_start_years": (
        {"topic": str, "year": int, "from_here": int}, {"pk": ("topic", "year")}
    ),
    "topic_end_years": ({"topic": str, "year": int, "through": int}, {"pk": ("topic", "year")}),
    "events": (
        {
            "id": int, "slug": str, "title": str, "summary": str, "start": str,
            "start_precision": str, "end": str, "end_precision": str, "open_ended": int,
            "reported": int, "start_year": int, "end_year": int, "source": str, "quote": str,
            "quote_start": int, "quote_end": int, "phrase_start": int, "phrase_end": int,
            "cited": str, "provenance": str, "tags": str, "display_date": str, "media": str,
            "also": str,
            # The date as EDTF (always); said as people say it, and its edges' qualifiers as
            # bits (date_fields.py), only when the EDTF says more than start and end.
            "edtf": str, "date_label": str, "edges": int,
            # The event in other languages ({"az": {"title", "summary", "quote"}}, JSON), those
            # words again for search, and the language of the quote (its source's).
            "translations": str, "translated": str, "quote_language": str,
        },
        {
            "pk": "id",
            "not_null": {"slug", "title", "start", "start_year", "end_year", "source"},
            "foreign_keys": [("source", "sources", "slug")],
        },
    ),
    "notes": (
        {
            "slug": str, "title": str, "source": str, "quote": str, "quote_start": int,
            "quote_end": int,
        },
        {"pk": "slug", "foreign_keys": [("source", "sources", "slug")]},
    ),
    "proposals": (
        {
            "slug": str, "title": str, "source": str, "start": str, "end": str,
            "open_ended": int, "reported": int, "quote": str, "quote_start": int,
            "quote_end": int, "phrase_start": int, "phrase_end": int, "edtf": str,
            "date_label": str,
        },
        {"pk": "slug", "foreign_keys": [("source", "sources", "slug")]},
    ),
    # The same happening in other sources (events.also, as JSON, serves the event itself): by
    # source, for the source page's marks.
    "citations": (
        {"event_id": int, "source": str, "quote_start": int, "quote_end": int},
        {"pk": ("source", "quote_start", "event_id")},
    ),
    # Named spans of time drawn as bands behind the events; ``source`` is the import that brought
    # one, null for the curated data's own.
    "eras": (
        {
            "id": int, "title": str, "start": str, "end": str, "start_year": int,
            "end_year": int, "source": str,
        },
        {"pk": "id", "not_null": {"title", "start", "end", "start_year", "end_year"}},
    ),
    # Files of db/media/ the events show, served from here at ``/media/<digest>/<name>``.
    "media_files": (
        {"name": str, "digest": str, "mimetype": str, "body": bytes}, {"pk": "name"}
    ),
    # Places as the events name them, and where the gazetteer (or places.toml) puts them: kind is
    # city, country, region or place; country an ISO code; lat/lon decimal degrees, or null.
    "places": (
        {
            "slug": str, "name": str, "event_count": int, "kind": str, "country": str,
            "country_name": str, "lat": float, "lon": float, "resolved": str,
        },
        {"pk": "slug"},
    ),
    # An event's former slugs (its title changed after it was published): they answer 301.
    "former_slugs": ({"former": str, "slug": str}, {"pk": "former"}),
    # People: the events' actors (organisations and countries too), filtered as ``person=``.
    "actors": ({"slug": str, "name": str, "event_count": int}, {"pk": "slug"}),
    # Each event spanning more than one year, as aligned blocks of years (see spans.py).
    "event_blocks": (
        {"level": int, "block": int, "event_id": int},
        {"pk": ("level", "block", "event_id"), "foreign_keys": [("event_id", "events", "id")]},
    ),
}  # fmt: skip


# What a place may be, as its page says it: a city (or town), a country, a region (a state,
# province or area wider than a city), or a place (a site, an airport, a hand-given point).
PLACE_KINDS = ("city", "country", "region", "place")


class Link:
    """A many-to-many link from events to a named vocabulary (topics, places, actors)."""

    def __init__(self, kind: str, table: str, column: str, named: str, name: str, tone: str):
        self.kind, self.table, self.column = kind, table, column
        self.named, self.name, self.tone = named, name, tone


# Every link table, its column, the table it names and that table's name column, and the SQL for
# a colour tone (topics are tinted by their place in the vocabulary). Constants only: they are
# spliced into SQL.
LINKS = (
    Link("topics", "event_topics", "topic", "topics", "label", "n.position % 8"),
    Link("places", "event_places", "place", "places", "name", "0"),
    Link("actors", "event_actors", "actor", "actors", "name", "0"),
)

for _link in LINKS:
    TABLES[_link.table] = (
        {"event_id": int, _link.column: str, "position": int},
        {
            "pk": ("event_id", _link.column),
            "foreign_keys": [("event_id", "events", "id"), (_link.column, _link.named, "slug")],
        },
    )

# (table, columns, unique) in creation order; each is walked by a query in ``store``.
INDEXES = (
    ("events", ["slug"], True),
    ("topics", ["position"], False),
    ("events", ["start_year", "end_year"], False),
    ("events", ["end_year"], False),
    ("events", ["source"], False),
    *((link.table, [link.column, "event_id"], False) for link in LINKS),
    ("notes", ["source"], False),
)

# Words are searched in the texts; "tags" holds a token per topic and source of the event
# (``tag_token``), so a search narrowed by topic or source is one walk of the search index.
TEXT_COLUMNS = ["title", "summary", "cited", "translated"]
FTS_COLUMNS = [*TEXT_COLUMNS, "tags"]


MEDIA_PATH = "/media/"


def media_digest(body: bytes) -> str:
    """A media file's content hash, the part of its address that changes with it."""
    return hashlib.sha256(body).hexdigest()[:16]


def media_url(name: str, body: bytes) -> str:
    """Where a media file of our own is served: its content's hash in the path, so it may be
    cached for ever and a changed file gets a new address."""
    return f"{MEDIA_PATH}{media_digest(body)}/{name}"


def media_parts(url: str) -> tuple[str, str] | None:
    """(digest, name under db/media/) when ``url`` is one of ``media_url``'s, else None."""
    if not url.startswith(MEDIA_PATH):
        return None
    digest, _, name = url.removeprefix(MEDIA_PATH).partition("/")
    return (digest, name) if len(digest) == 16 and name else None


def tag_token(kind: str, slug: str) -> str:
    """The search-index token for a topic or source: ``ztopicwar``, ``zsourcedemo``."""
    return "z" + kind + "".join(character for character in slug if character.isalnum())


FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
