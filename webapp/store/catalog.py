"""The catalogue: a timeline's topics, sources and metadata, read once per build.

Every view needs them (the form lists the topics, the header the sources, a filter is checked
against both, a description names them); they change only when the file does. So each worker
reads them once per database file, in six SELECTs, and keeps them while the file's identity
(inode, size, mtime) stays the same: a new build arrives by rename, and a new identity.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from .connection import build_info


@dataclass(frozen=True)
class Catalog:
    """Topics in display order (slug, label, description, count, tone), sources by date (slug,
    title, outlet, author, published, count, proposals), the build's metadata, and the years the
    whole timeline spans."""

    topics: list[dict]
    sources: list[dict]
    meta: dict[str, str]
    first_year: int | None = None
    last_year: int | None = None
    # Places and people (the events' actors) by count, most first: slug, name, count (and for
    # places kind, country, lat, lon).
    places: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    topic_slugs: frozenset[str] = field(init=False)
    source_slugs: frozenset[str] = field(init=False)
    labels: dict[str, str] = field(init=False)
    titles: dict[str, str] = field(init=False)
    place_names: dict[str, str] = field(init=False)
    person_names: dict[str, str] = field(init=False)
    # ("place" or "person", slug) -> name, for the words that describe a view.
    who_names: dict[tuple[str, str], str] = field(init=False)
    # "topics", "places", "people" -> slug -> event count: which index a walk starts from.
    link_sizes: dict[str, dict[str, int]] = field(init=False)

    def __post_init__(self) -> None:
        derived = {
            "topic_slugs": frozenset(topic["slug"] for topic in self.topics),
            "source_slugs": frozenset(source["slug"] for source in self.sources),
            "labels": {topic["slug"]: topic["label"] for topic in self.topics},
            "titles": {source["slug"]: source["title"] for source in self.sources},
            "place_names": {place["slug"]: place["name"] for place in self.places},
            "person_names": {person["slug"]: person["name"] for person in self.people},
            "link_sizes": {
                kind: {row["slug"]: row["count"] for row in getattr(self, kind)}
                for kind in ("topics", "places", "people")
            },
            "who_names": {
                **{("place", row["slug"]): row["name"] for row in self.places},
                **{("person", row["slug"]): row["name"] for row in self.people},
            },
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    @property
    def title(self) -> str:
        """The timeline's title; "Timeline" when the build names none."""
        return self.meta.get("title") or "Timeline"

    @property
    def event_count(self) -> int:
        return int(self.meta.get("event_count") or 0)


def read_catalog(db) -> Catalog:
    """The catalogue of ``db`` (anything with ``query``), in six SELECTs."""
    topics = list(
        db.query(
            "SELECT slug, label, description, event_count AS count, position % 8 AS tone "
            "FROM topics ORDER BY position"
        )
    )
    sources = list(
        db.query(
            "SELECT slug, title, outlet, author, published, event_count AS count, "
            "proposal_count AS proposals FROM sources ORDER BY published, slug"
        )
    )
    meta = {row["key"]: row["value"] for row in db.query("SELECT key, value FROM meta")}
    span = next(db.query("SELECT min(year) AS first, max(last) AS last FROM year_counts"))
    places = list(
        db.query(
            "SELECT slug, name, event_count AS count, kind, country, country_name, lat, lon "
            "FROM places "
            "ORDER BY event_count DESC, name"
        )
    )
    people = list(
        db.query(
            "SELECT slug, name, event_count AS count FROM actors ORDER BY event_count DESC, name"
        )
    )
    return Catalog(topics, sources, meta, span["first"], span["last"], places, people)


_catalogs: dict[str, Catalog] = {}
_lock = threading.Lock()


def catalog_for(path: Path | str, db) -> Catalog:
    """The catalogue of the build at ``path`` (open as ``db``): read once per build stamp."""
    path = str(path)
    stamp = build_info(path).stamp
    cached = _catalogs.get(path)
    if stamp and cached is not None and cached.meta.get("build_stamp") == stamp:
        return cached
    catalog = read_catalog(db)
    with _lock:
        _catalogs[path] = catalog
    return catalog
