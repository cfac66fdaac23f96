"""The build step: the checked dataset becomes the SQLite database the server reads.

The database is written to a new file beside the target and renamed over it, so a running server
only ever sees a whole database. Events are inserted in chronological order, so the rowid *is* the
timeline order: keyset paging is ``id > cursor`` and every index walks in date order.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import mimetypes
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from itertools import islice
from pathlib import Path

import sqlite_utils

from ..date_forms import edtf_of
from ..dates import PartialDate
from ..errors import BuildError
from ..slugs import slugify
from ..store.date_fields import edge_bits
from ..store.schema import (
    FTS_COLUMNS,
    FTS_TOKENIZER,
    INDEXES,
    LINKS,
    SCHEMA_VERSION,
    TABLES,
    Link,
    media_digest,
    media_parts,
    tag_token,
)
from ..store.spans import YearTally, blocks
from .checks import MediaFiles, assemble
from .gazetteer import folded, resolve
from .loading import load_dataset, merge_topics
from .publishing import folder_lock, former_slugs
from .records import Dataset, Event, Source


@dataclass
class BuildResult:
    path: Path
    stamp: str
    events: int
    notes: int
    unchanged: bool
    # Ambiguous place names, each naming an event.
    warnings: list[str] = dataclass_field(default_factory=list)


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


# A progress display: given the number of events, a context giving a function told of each batch.
Progress = Callable[[int], AbstractContextManager[Callable[[int], None]]]


def _quietly(total: int) -> AbstractContextManager[Callable[[int], None]]:
    return nullcontext(lambda done: None)


def build(data_dir: Path, db_path: Path, progress: Progress = _quietly) -> BuildResult:
    """Validate ``data_dir`` and (re)write ``db_path`` atomically. Raises BuildError.

    Holds the data folder's publishing lock, so it never reads files the desk is writing."""
    data_dir, db_path = Path(data_dir), Path(db_path)
    with folder_lock(data_dir):
        dataset = load_dataset(data_dir)
        counts = (len(dataset.events), len(dataset.notes))
        if existing_stamp(db_path) == dataset.stamp:
            return BuildResult(db_path, dataset.stamp, *counts, unchanged=True)
        renamed = former_slugs(data_dir, {event.slug for event in dataset.events})
        with progress(len(dataset.events)) as advance:
            warnings = replace_database(dataset, db_path, on_progress=advance, renamed=renamed)
    return BuildResult(db_path, dataset.stamp, *counts, unchanged=False, warnings=warnings)


def replace_database(
    dataset: Dataset,
    db_path: Path,
    events: Iterable[Event] | None = None,
    on_progress: Callable[[int], None] | None = None,
    renamed: dict[str, str] | None = None,
) -> list[str]:
    """Write ``dataset`` to a new file beside ``db_path``, then rename it over ``db_path``;
    returns the build's warnings.

    The new file is private until the rename, so it is written without a journal or syncs.
    Every build has a temporary file of its own (two at once never share one).
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=db_path.parent, prefix=f"{db_path.name}.tmp-")
    os.close(handle)
    os.chmod(name, 0o644)  # as readable as the database it replaces (mkstemp makes it private)
    temporary = Path(name)
    try:
        db = sqlite_utils.Database(temporary)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA cache_size = -262144")
        try:
            warnings = write_database(dataset, db, events, on_progress)
            db["former_slugs"].insert_all(
                {"former": former, "slug": slug} for former, slug in (renamed or {}).items()
            )
        finally:
            db.close()
        os.replace(temporary, db_path)
    finally:
        temporary.unlink(missing_ok=True)
    return warnings


def import_into_database(
    db_path: Path,
    source: Source,
    topics: list[dict],
    records: list[dict],
    file_bytes: bytes,
    progress: Progress = _quietly,
    eras: list[dict] = (),
) -> BuildResult:
    """Add imported records to the database at ``db_path`` (created if missing), atomically.

    The whole database is read back and rewritten, so every record is checked again and events
    stay in chronological rowid order. An earlier import of the same source is replaced.
    """
    db_path = Path(db_path)
    if db_path.exists():
        with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
            old = sqlite_utils.Database(conn)
            settings, known_topics, sources, events, notes, old_eras, files = read_database(old)
            old_stamp = existing_stamp(db_path) or ""
    else:
        settings = {"title": source.title, "description": f"Events {source.title.lower()}."}
        known_topics, sources, events, notes, old_eras, files = [], {}, [], [], [], {}
        old_stamp = ""
    previous = sources.get(source.slug)
    if previous is not None and previous.imported_from is None:
        raise BuildError(
            f"source {source.slug!r} is a curated source: choose another --source-slug"
        )
    sources[source.slug] = source
    kept = [(where, record) for where, record in events if record["source"] != source.slug]
    added = [(f"{source.imported_from}: event {r['slug']!r}", r) for r in records]
    kept_eras = [(where, era) for where, era in old_eras if era.get("source") != source.slug]
    added_eras = [
        (f"{source.imported_from}: era {era['title']!r}", {**era, "source": source.slug})
        for era in eras
    ]
    stamp = hashlib.sha256(old_stamp.encode() + b"\0" + file_bytes).hexdigest()[:16]
    dataset = assemble(
        settings,
        merge_topics(known_topics, topics, source.imported_from or "import"),
        sources,
        kept + added,
        notes,
        stamp,
        kept_eras + added_eras,
        MediaFiles(known=files),
    )
    with progress(len(dataset.events)) as advance:
        replace_database(dataset, db_path, on_progress=advance)
    return BuildResult(db_path, stamp, len(dataset.events), len(dataset.notes), unchanged=False)


def read_database(db: sqlite_utils.Database) -> tuple[dict, list, dict, list, list, list, dict]:
    """A built database back as raw material for ``assemble``: settings, topics, sources, and
    event, note and era records in the curated-file form (so they are checked again on
    rewrite), and the media files the events show."""
    meta = {row["key"]: row["value"] for row in db.query("SELECT key, value FROM meta")}
    settings = {key: meta[key] for key in ("title", "description") if key in meta}
    topics = list(
        db.query("SELECT slug, label, description, position FROM topics ORDER BY position")
    )
    sources = {
        row["slug"]: Source(**{**row, "published": PartialDate.parse(row["published"])})
        for row in db.query(
            "SELECT slug, title, outlet, author, published, language, text, url, imported_from "
            "FROM sources"
        )
    }
    names = {link.kind: _names_by_event(db, link) for link in LINKS}
    events = []
    for row in db.query("SELECT * FROM events ORDER BY id"):
        record = _cited_record(row, sources, ("summary", "provenance", "display_date"))
        record.update({kind: names[kind].get(row["id"], []) for kind in names})
        if row["media"]:
            record["media"] = _curated_media(json.loads(row["media"]))
        if row["also"]:
            record["also"] = [
                {"source": c["source"], "quote": c["quote"], "quote_start": c["quote_start"]}
                for c in json.loads(row["also"])
            ]
        events.append((f"database event {row['slug']!r}", record))
    for row in db.query("SELECT * FROM proposals"):
        record = _cited_record(row, sources, ())
        events.append((f"database proposal {row['slug']!r}", {**record, "status": "proposed"}))
    notes = [
        (f"database note {row['slug']!r}", row)
        for row in db.query("SELECT slug, title, source, quote, quote_start FROM notes")
    ]
    eras = [
        (f"database era {row['title']!r}", {k: v for k, v in row.items() if v is not None})
        for row in db.query('SELECT title, start, "end", source FROM eras ORDER BY id')
    ]
    files = {row["name"]: row["body"] for row in db.query("SELECT name, body FROM media_files")}
    return settings, topics, sources, events, notes, eras, files


def _curated_media(media: dict) -> dict:
    """Stored media as the curated data writes it: a file of ours as ``media/NAME`` again."""
    for field in ("url", "thumbnail"):
        parts = media_parts(media.get(field) or "")
        if parts:
            media[field] = f"media/{parts[1]}"
    return media


def _cited_record(row: dict, sources: dict, extra: tuple[str, ...]) -> dict:
    """An event or proposal row back in the curated-file form: its dates, quote (with the offset
    that tells apart a repeated sentence) and phrase."""
    keys = ("slug", "title", "start", "end", "source", "quote", "quote_start", *extra)
    record = {key: row[key] for key in keys if row[key] is not None}
    record.update(open_ended=bool(row["open_ended"]), reported=bool(row["reported"]))
    if row.get("date_label"):
        record["edtf"] = row["edtf"]  # the form, when it says more than start and end
    if row["phrase_start"] is not None:
        text = sources[row["source"]].text
        record["phrase"] = text[row["phrase_start"] : row["phrase_end"]]
    return record


def _names_by_event(db, link: Link) -> dict[int, list[str]]:
    """What each event links to: topic slugs, or place and actor names (as the files give them)."""
    value = "slug" if link.kind == "topics" else link.name
    rows = db.query(
        f"SELECT l.event_id, n.{value} AS value FROM {link.table} l "
        f"JOIN {link.named} n ON n.slug = l.{link.column} ORDER BY l.event_id, l.position"
    )
    grouped: dict[int, list[str]] = {}
    for row in rows:
        grouped.setdefault(row["event_id"], []).append(row["value"])
    return grouped


def write_database(
    dataset: Dataset,
    db: sqlite_utils.Database,
    events: Iterable[Event] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> list[str]:
    """Create every table, index and the search index in an empty database; returns the
    build's warnings (ambiguous place names).

    ``events`` (chronological, streamed) replaces ``dataset.events`` for big generated data;
    ``on_progress`` hears how many events each batch added.
    """
    _create_schema(db)
    _insert_sources_and_vocabulary(db, dataset)
    warnings = insert_events(
        db, dataset.events if events is None else events, on_progress,
        place_overrides=dataset.place_overrides,
    )  # fmt: skip
    _insert_notes(db, dataset.notes)
    _insert_proposals(db, dataset.proposals)
    _insert_eras(db, dataset.eras)
    _insert_media_files(db, dataset.media_files)
    finish_database(db)
    return warnings


def finish_database(db: sqlite_utils.Database) -> None:
    """Indexes, the search index and the counts the pages ask for most, computed once."""
    _create_indexes(db)
    db["events"].enable_fts(FTS_COLUMNS, tokenize=FTS_TOKENIZER)
    _insert_year_counts(db)
    db.execute(
        "INSERT INTO year_ids (year, first_id, last_id) "
        "SELECT start_year, min(id), max(id) FROM events GROUP BY start_year"
    )
    for table, column, total, order in (
        ("topic_start_years", "start_year", "from_here", "DESC"),
        ("topic_end_years", "end_year", "through", "ASC"),
    ):
        db.execute(
            f"INSERT INTO {table} (topic, year, {total}) SELECT topic, year, "
            f"sum(n) OVER (PARTITION BY topic ORDER BY year {order}) FROM ("
            f"SELECT t.topic, e.{column} AS year, count(*) AS n FROM event_topics t "
            f"JOIN events e ON e.id = t.event_id GROUP BY t.topic, e.{column})"
        )
    db.execute(
        "INSERT INTO topic_pairs (a, b, count) SELECT x.topic, y.topic, count(*) "
        "FROM event_topics x JOIN event_topics y ON y.event_id = x.event_id AND x.topic < y.topic "
        "GROUP BY x.topic, y.topic"
    )
    db.execute(
        "UPDATE topics SET event_count = "
        "(SELECT count(*) FROM event_topics WHERE event_topics.topic = topics.slug)"
    )
    for table, link, column in (
        ("places", "event_places", "place"),
        ("actors", "event_actors", "actor"),
    ):
        db.execute(
            f"UPDATE {table} SET event_count = "
            f"(SELECT count(*) FROM {link} WHERE {link}.{column} = {table}.slug)"
        )
    db.execute(
        "UPDATE sources SET event_count = "
        "(SELECT count(*) FROM events WHERE events.source = sources.slug), "
        "proposal_count = (SELECT count(*) FROM proposals WHERE proposals.source = sources.slug)"
    )
    db.execute(
        "INSERT INTO meta (key, value) SELECT 'event_count', CAST(count(*) AS TEXT) FROM events"
    )
    db.execute("ANALYZE")


def _insert_year_counts(db: sqlite_utils.Database) -> None:
    """Events per year, in all and per topic, from each event's span: the work grows with the
    events and the years shown, never with the length of a span times the events."""
    everything, by_topic = YearTally(), {}
    for first, last in db.execute("SELECT start_year, end_year FROM events").fetchall():
        everything.add(first, last)
    sql = (
        "SELECT t.topic, e.start_year, e.end_year FROM event_topics t "
        "JOIN events e ON e.id = t.event_id"
    )
    for topic, first, last in db.execute(sql).fetchall():
        by_topic.setdefault(topic, YearTally()).add(first, last)
    db["year_counts"].insert_all(everything.counts())
    db["topic_year_counts"].insert_all(
        {"topic": topic, **row} for topic, tally in by_topic.items() for row in tally.counts()
    )


def _create_schema(db: sqlite_utils.Database) -> None:
    for name, (columns, options) in TABLES.items():
        db[name].create(columns, **options)


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
        "tags": " ".join(
            [
                *(tag_token("topic", topic) for topic in event.topics),
                tag_token("source", event.source.slug),
            ]
        ),
        "provenance": event.provenance,
        "display_date": event.display_date,
        "media": json.dumps(event.media, ensure_ascii=False) if event.media else None,
        "also": json.dumps(event.also, ensure_ascii=False) if event.also else None,
        **_date_form_columns(event),
        **_translation_columns(event),
    }


def _translation_columns(event: Event) -> dict:
    """The event's other languages as JSON, and all their words in one column for search."""
    told = event.translations
    words = " ".join(text for fields in told.values() for text in fields.values())
    return {
        "translations": json.dumps(told, ensure_ascii=False) if told else None,
        "translated": words or None,
        "quote_language": event.source.language,
    }


def _date_form_columns(event: Event) -> dict:
    """The event's EDTF, and how it is said and drawn when it says more than start and end."""
    form = event.form
    if form is None:
        return {"edtf": edtf_of(event.start, event.end, event.open_ended)}
    return {
        "edtf": form.edtf,
        "date_label": form.label(ongoing=event.open_ended),
        "edges": edge_bits(form.edges()),
    }


def _insert_sources_and_vocabulary(db: sqlite_utils.Database, dataset: Dataset) -> None:
    db["meta"].insert_all(
        [
            {"key": "build_stamp", "value": dataset.stamp},
            {
                "key": "built_at",
                "value": datetime.datetime.now(datetime.UTC).isoformat("T", "seconds"),
            },
            {"key": "schema_version", "value": SCHEMA_VERSION},
            *({"key": key, "value": value} for key, value in dataset.settings.items()),
        ]
    )
    db["sources"].insert_all(
        {**vars(source), "published": source.published.iso} for source in dataset.sources.values()
    )
    db["topics"].insert_all(dataset.topics)


def _insert_notes(db: sqlite_utils.Database, notes: list) -> None:
    db["notes"].insert_all(
        {
            "slug": note.slug,
            "title": note.title,
            "source": note.source.slug,
            "quote": note.quote,
            "quote_start": note.quote_start,
            "quote_end": note.quote_end,
        }
        for note in notes
    )


def _insert_media_files(db: sqlite_utils.Database, files: dict[str, bytes]) -> None:
    db["media_files"].insert_all(
        {
            "name": name,
            "digest": media_digest(body),
            "mimetype": mimetypes.guess_type(name)[0] or "application/octet-stream",
            "body": body,
        }
        for name, body in files.items()
    )


def _insert_eras(db: sqlite_utils.Database, eras: list) -> None:
    db["eras"].insert_all(
        {
            "id": number,
            "title": era.title,
            "start": era.start.iso,
            "end": era.end.iso,
            "start_year": era.start.year,
            "end_year": era.end.year,
            "source": era.source,
        }
        for number, era in enumerate(eras, start=1)
    )


def _insert_proposals(db: sqlite_utils.Database, proposals: list) -> None:
    db["proposals"].insert_all(
        {
            "slug": proposal.slug,
            "title": proposal.title,
            "source": proposal.source.slug,
            "start": proposal.start.iso,
            "end": proposal.end.iso if proposal.end else None,
            "open_ended": int(proposal.open_ended),
            "reported": int(proposal.reported),
            "quote": proposal.quote,
            "quote_start": proposal.quote_start,
            "quote_end": proposal.quote_end,
            "phrase_start": proposal.phrase_start,
            "phrase_end": proposal.phrase_end,
            "edtf": proposal.form.edtf if proposal.form else None,
            "date_label": proposal.form.label(ongoing=proposal.open_ended)
            if proposal.form
            else None,
        }
        for proposal in proposals
    )


def batched(items: Iterable, size: int) -> Iterable[list]:
    """Lists of up to ``size`` items (itertools.batched arrives only in Python 3.12)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_events(
    db: sqlite_utils.Database,
    events: Iterable[Event],
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = 20_000,
    place_overrides: dict | None = None,
) -> list[str]:
    """Events in the order given (which must be chronological: it becomes the rowid order) with
    their topics, places, actors and the years they cover, a batch at a time; places are then
    resolved (gazetteer.py). Returns the warnings about ambiguous place names."""
    names: dict[str, dict[str, str]] = {"places": {}, "actors": {}}
    contexts: dict[str, list[tuple[str, str, list[str]]]] = {}
    for batch in batched(enumerate(events, start=1), batch_size):
        rows: dict[str, list[dict]] = {"events": [], "event_blocks": [], "citations": []}
        rows.update({link.table: [] for link in LINKS})
        for number, event in batch:
            rows["events"].append(_event_row(number, event))
            rows["event_topics"] += [
                {"event_id": number, "topic": topic, "position": position}
                for position, topic in enumerate(event.topics)
            ]
            for table, column, values in (
                ("places", "place", event.places),
                ("actors", "actor", event.actors),
            ):
                for position, name in enumerate(dict.fromkeys(values)):
                    slug = slugify(name)
                    names[table].setdefault(slug, name)
                    rows[f"event_{table}"].append(
                        {"event_id": number, column: slug, "position": position}
                    )
            _remember_context(contexts, event)
            rows["citations"] += [
                {"event_id": number, "source": c["source"], "quote_start": c["quote_start"],
                 "quote_end": c["quote_end"]}
                for c in event.also
            ]  # fmt: skip
            first_year, last_year = event.years
            if last_year > first_year:
                rows["event_blocks"] += [
                    {"level": level, "block": block, "event_id": number}
                    for level, block in blocks(first_year, last_year)
                ]
        for table, table_rows in rows.items():
            db[table].insert_all(table_rows, batch_size=batch_size)
        if on_progress:
            on_progress(len(batch))
    db["actors"].insert_all({"slug": slug, "name": name} for slug, name in names["actors"].items())
    place_rows, warnings = _resolved_places(names["places"], contexts, place_overrides or {})
    db["places"].insert_all(place_rows)
    return warnings


# The events kept per place for resolving an ambiguous name: its first few are context enough.
CONTEXT_EVENTS = 3


def _remember_context(contexts: dict, event: Event) -> None:
    """The event's words and other places, for each place it names (its first few events)."""
    words = " ".join(part for part in (event.title, event.summary, event.quote) if part)
    for name in event.places:
        kept = contexts.setdefault(slugify(name), [])
        if len(kept) < CONTEXT_EVENTS:
            kept.append((event.slug, words, [other for other in event.places if other != name]))


def _resolved_places(
    names: dict[str, str], contexts: dict, overrides: dict
) -> tuple[list[dict], list[str]]:
    """Each place's row with where the gazetteer (or places.toml) puts it, and the warnings
    about ambiguous names: first each alone, then the ambiguous again with the countries of the
    other places their events name."""
    by_name = {folded(name): entry for name, entry in overrides.items()}
    resolved = {
        slug: resolve(name, _words(contexts, slug), by_name.get(folded(name)))
        for slug, name in names.items()
    }
    for slug, result in list(resolved.items()):
        if result.warning is None:
            continue
        others = {
            found.place.country
            for _, _, other_names in contexts.get(slug, [])
            for other in other_names
            if (found := resolved.get(slugify(other))) and found.place and not found.warning
        }
        resolved[slug] = resolve(names[slug], _words(contexts, slug), None, others)
    rows, warnings = [], []
    for slug, name in names.items():
        result = resolved[slug]
        place = result.place
        rows.append(
            {"slug": slug, "name": name, "resolved": result.by}
            | (
                {"kind": place.kind, "country": place.country or None,
                 "country_name": place.country_name or None, "lat": place.lat, "lon": place.lon}
                if place else {}
            )
        )  # fmt: skip
        if result.warning:
            warnings.append(result.warning)
    return rows, warnings


def _words(contexts: dict, slug: str) -> list[tuple[str, str]]:
    return [
        (event, f"{words} {' '.join(others)}") for event, words, others in contexts.get(slug, [])
    ]


def _create_indexes(db: sqlite_utils.Database) -> None:
    for table, columns, unique in INDEXES:
        db[table].create_index(columns, unique=unique)
