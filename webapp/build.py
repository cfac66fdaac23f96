"""The build step: the checked dataset becomes the SQLite database the server reads.

The database is written to a new file beside the target and renamed over it, so a running server
only ever sees a whole database. Events are inserted in chronological order, so the rowid *is* the
timeline order: keyset paging is ``id > cursor`` and every index walks in date order.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from .dataset import (
    SCHEMA_VERSION,
    BuildError,
    Dataset,
    Event,
    Source,
    assemble,
    load_dataset,
    merge_topics,
    slugify,
)
from .dates import PartialDate


@dataclass
class BuildResult:
    path: Path
    stamp: str
    events: int
    notes: int
    unchanged: bool


def existing_stamp(db_path: Path) -> str | None:
    """The build stamp of the database at ``db_path``, or None if there is none to read."""
    if not db_path.exists():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'build_stamp'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def build(data_dir: Path, db_path: Path) -> BuildResult:
    """Validate ``data_dir`` and (re)write ``db_path`` atomically. Raises BuildError."""
    data_dir, db_path = Path(data_dir), Path(db_path)
    dataset = load_dataset(data_dir)
    counts = (len(dataset.events), len(dataset.notes))
    if existing_stamp(db_path) == dataset.stamp:
        return BuildResult(db_path, dataset.stamp, *counts, unchanged=True)
    replace_database(dataset, db_path)
    return BuildResult(db_path, dataset.stamp, *counts, unchanged=False)


def replace_database(dataset: Dataset, db_path: Path) -> None:
    """Write ``dataset`` to a new file beside ``db_path``, then rename it over ``db_path``."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = db_path.with_name(f"{db_path.name}.tmp-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(temporary)
        try:
            write_database(dataset, db)
        finally:
            db.close()
        os.replace(temporary, db_path)
    finally:
        temporary.unlink(missing_ok=True)


def import_into_database(
    db_path: Path, source: Source, topics: list[dict], records: list[dict], file_bytes: bytes
) -> BuildResult:
    """Add imported records to the database at ``db_path`` (created if missing), atomically.

    The whole database is read back and rewritten, so every record is checked again and events
    stay in chronological rowid order. An earlier import of the same source is replaced.
    """
    db_path = Path(db_path)
    if db_path.exists():
        with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
            old = sqlite_utils.Database(conn)
            settings, known_topics, sources, events, notes = read_database(old)
            old_stamp = existing_stamp(db_path) or ""
    else:
        settings = {"title": source.title, "description": f"Events {source.title.lower()}."}
        known_topics, sources, events, notes, old_stamp = [], {}, [], [], ""
    previous = sources.get(source.slug)
    if previous is not None and previous.imported_from is None:
        raise BuildError(
            f"source {source.slug!r} is a curated source: choose another --source-slug"
        )
    sources[source.slug] = source
    kept = [(where, record) for where, record in events if record["source"] != source.slug]
    added = [(f"{source.imported_from}: event {r['slug']!r}", r) for r in records]
    stamp = hashlib.sha256(old_stamp.encode() + b"\0" + file_bytes).hexdigest()[:16]
    dataset = assemble(
        settings,
        merge_topics(known_topics, topics, source.imported_from or "import"),
        sources,
        kept + added,
        notes,
        stamp,
    )
    replace_database(dataset, db_path)
    return BuildResult(db_path, stamp, len(dataset.events), len(dataset.notes), unchanged=False)


def read_database(db: sqlite_utils.Database) -> tuple[dict, list, dict, list, list]:
    """A built database back as raw material for ``assemble``: settings, topics, sources, and
    event and note records in the curated-file form (so they are checked again on rewrite)."""
    meta = {row["key"]: row["value"] for row in db.query("SELECT key, value FROM meta")}
    settings = {key: meta[key] for key in ("title", "description") if key in meta}
    topics = list(
        db.query("SELECT slug, label, description, position FROM topics ORDER BY position")
    )
    sources = {
        row["slug"]: Source(**{**row, "published": PartialDate.parse(row["published"])})
        for row in db.query("SELECT * FROM sources")
    }
    names = {
        kind: _names_by_event(db, table, column, name)
        for kind, table, column, name in (
            ("topics", "event_topics", "topic", "slug"),
            ("places", "event_places", "place", "name"),
            ("actors", "event_actors", "actor", "name"),
        )
    }
    events = []
    for row in db.query("SELECT * FROM events ORDER BY id"):
        record = {
            key: row[key]
            for key in ("slug", "title", "summary", "start", "end", "source", "quote", "provenance")
            if row[key] is not None
        }
        record.update(open_ended=bool(row["open_ended"]), reported=bool(row["reported"]))
        record.update({kind: names[kind].get(row["id"], []) for kind in names})
        if row["phrase_start"] is not None:
            text = sources[row["source"]].text
            record["phrase"] = text[row["phrase_start"] : row["phrase_end"]]
        events.append((f"database event {row['slug']!r}", record))
    notes = [
        (f"database note {row['slug']!r}", row)
        for row in db.query("SELECT slug, title, source, quote FROM notes")
    ]
    return settings, topics, sources, events, notes


def _names_by_event(db, table: str, column: str, name: str) -> dict[int, list[str]]:
    """What each event links to in ``table``: topic slugs, or place and actor names."""
    named = "topics" if column == "topic" else f"{column}s"
    rows = db.query(
        f"SELECT l.event_id, n.{name} AS value FROM {table} l "
        f"JOIN {named} n ON n.slug = l.{column} ORDER BY l.event_id, l.position"
    )
    grouped: dict[int, list[str]] = {}
    for row in rows:
        grouped.setdefault(row["event_id"], []).append(row["value"])
    return grouped


def write_database(dataset: Dataset, db: sqlite_utils.Database) -> None:
    """Create every table, index and the search index in an empty database."""
    _create_schema(db)
    _insert_dataset(db, dataset)
    _create_indexes(db)
    db["events"].enable_fts(
        ["title", "summary", "cited"], tokenize="porter unicode61 remove_diacritics 2"
    )
    db.execute("ANALYZE")


def _create_schema(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["sources"].create(
        {
            "slug": str,
            "title": str,
            "outlet": str,
            "author": str,
            "published": str,
            "language": str,
            "url": str,
            "imported_from": str,
            "text": str,
        },
        pk="slug",
    )
    db["topics"].create({"slug": str, "label": str, "description": str, "position": int}, pk="slug")
    db["events"].create(
        {
            "id": int,
            "slug": str,
            "title": str,
            "summary": str,
            "start": str,
            "start_precision": str,
            "end": str,
            "end_precision": str,
            "open_ended": int,
            "reported": int,
            "start_year": int,
            "end_year": int,
            "source": str,
            "quote": str,
            "quote_start": int,
            "quote_end": int,
            "phrase_start": int,
            "phrase_end": int,
            "cited": str,
            "provenance": str,
        },
        pk="id",
        not_null={"slug", "title", "start", "start_year", "end_year", "source"},
        foreign_keys=[("source", "sources", "slug")],
    )
    db["notes"].create(
        {
            "slug": str,
            "title": str,
            "source": str,
            "quote": str,
            "quote_start": int,
            "quote_end": int,
        },
        pk="slug",
        foreign_keys=[("source", "sources", "slug")],
    )
    for table, column in (("places", "place"), ("actors", "actor")):
        db[table].create({"slug": str, "name": str}, pk="slug")
        db[f"event_{table}"].create(
            {"event_id": int, column: str, "position": int},
            pk=("event_id", column),
            foreign_keys=[("event_id", "events", "id"), (column, table, "slug")],
        )
    db["event_topics"].create(
        {"event_id": int, "topic": str, "position": int},
        pk=("event_id", "topic"),
        foreign_keys=[("event_id", "events", "id"), ("topic", "topics", "slug")],
    )
    db["event_years"].create(
        {"event_id": int, "year": int},
        pk=("event_id", "year"),
        foreign_keys=[("event_id", "events", "id")],
    )


def _event_row(number: int, event: Event) -> dict:
    first_year, last_year = event.years
    return {
        "id": number,
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "start": event.start.iso,
        "start_precision": event.start.precision,
        "end": event.end.iso if event.end else None,
        "end_precision": event.end.precision if event.end else None,
        "open_ended": int(event.open_ended),
        "reported": int(event.reported),
        "start_year": first_year,
        "end_year": last_year,
        "source": event.source.slug,
        "quote": event.quote,
        "quote_start": event.quote_start,
        "quote_end": event.quote_end,
        "phrase_start": event.phrase_start,
        "phrase_end": event.phrase_end,
        "cited": event.cited,
        "provenance": event.provenance,
    }


def _insert_dataset(db: sqlite_utils.Database, dataset: Dataset) -> None:
    db["meta"].insert_all(
        [
            {"key": "build_stamp", "value": dataset.stamp},
            {"key": "schema_version", "value": SCHEMA_VERSION},
            *({"key": key, "value": value} for key, value in dataset.settings.items()),
        ]
    )
    db["sources"].insert_all(
        {**vars(source), "published": source.published.iso} for source in dataset.sources.values()
    )
    db["topics"].insert_all(dataset.topics)
    db["events"].insert_all(
        _event_row(number, event) for number, event in enumerate(dataset.events, start=1)
    )
    db["notes"].insert_all(
        {
            "slug": note.slug,
            "title": note.title,
            "source": note.source.slug,
            "quote": note.quote,
            "quote_start": note.quote_start,
            "quote_end": note.quote_end,
        }
        for note in dataset.notes
    )
    _insert_links(db, dataset)


def _insert_links(db: sqlite_utils.Database, dataset: Dataset) -> None:
    """The many-to-many tables: topics, places, actors and the years each event covers."""
    names: dict[str, dict[str, str]] = {"places": {}, "actors": {}}
    links: dict[str, list[dict]] = {"topics": [], "places": [], "actors": [], "years": []}
    for number, event in enumerate(dataset.events, start=1):
        for position, topic in enumerate(event.topics):
            links["topics"].append({"event_id": number, "topic": topic, "position": position})
        for table, column, values in (
            ("places", "place", event.places),
            ("actors", "actor", event.actors),
        ):
            for position, name in enumerate(dict.fromkeys(values)):
                names[table].setdefault(slugify(name), name)
                links[table].append(
                    {"event_id": number, column: slugify(name), "position": position}
                )
        first_year, last_year = event.years
        links["years"] += [
            {"event_id": number, "year": year} for year in range(first_year, last_year + 1)
        ]
    for table, by_slug in names.items():
        db[table].insert_all({"slug": slug, "name": name} for slug, name in by_slug.items())
    for table, rows in links.items():
        db[f"event_{table}"].insert_all(rows)


def _create_indexes(db: sqlite_utils.Database) -> None:
    db["events"].create_index(["slug"], unique=True)
    db["events"].create_index(["start_year", "end_year"])
    db["events"].create_index(["end_year"])
    db["events"].create_index(["source"])
    db["event_topics"].create_index(["topic", "event_id"])
    db["event_places"].create_index(["place", "event_id"])
    db["event_actors"].create_index(["actor", "event_id"])
    db["event_years"].create_index(["year", "event_id"])
    db["notes"].create_index(["source"])
