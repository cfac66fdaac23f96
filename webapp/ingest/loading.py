"""Reading the curated data in ``db/`` (``timeline.toml``, ``topics.toml``, ``sources/``,
``events.toml``, ``extracted/``, ``imports/``) into records, then checking them into a dataset.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..errors import BuildError
from ..limits import MAX_SOURCE_TEXT_BYTES
from ..slugs import SLUG
from ..store.schema import PLACE_KINDS
from ..wording import LANGUAGES
from .checks import MediaFiles, assemble
from .data_files import DataFileProblem, read_regular_file
from .data_folder import DataFolder
from .fields import date_field, optional_text, require
from .records import Dataset, Source


def read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BuildError(f"{path}: cannot be read ({error.strerror or error})") from error
    except tomllib.TOMLDecodeError as error:
        raise BuildError(
            f"{path}: not valid TOML: {error}. A text goes between double quotes, and a double "
            'quote inside it is written \\"; or put the text between triple quotes """…"""'
        ) from error


def load_settings(data_dir: Path) -> dict[str, str]:
    """The timeline's own title, description and language, from ``timeline.toml``."""
    document = read_toml(DataFolder(data_dir).timeline_toml)
    settings = {
        "title": require(document, "title", "timeline.toml"),
        "description": require(document, "description", "timeline.toml"),
    }
    language = optional_text(document, "language", "timeline.toml")
    if language is not None:
        if language not in LANGUAGES:
            raise BuildError(
                f"timeline.toml: language {language!r} is not one the interface speaks: "
                f"choose from {', '.join(LANGUAGES)}"
            )
        settings["language"] = language
    return settings


def load_topics(data_dir: Path) -> list[dict]:
    """The topic vocabulary, in display order."""
    path = DataFolder(data_dir).topics_toml
    topics = []
    for position, record in enumerate(read_toml(path).get("topics", [])):
        where = f"{path.name}: topic #{position + 1}"
        slug = require(record, "slug", where)
        if not SLUG.fullmatch(slug):
            raise BuildError(f"{where}: slug {slug!r} must be lowercase words joined by hyphens")
        topics.append(
            {
                "slug": slug,
                "label": require(record, "label", where),
                "description": require(record, "description", where),
                "position": position,
            }
        )
    return topics


def load_sources(data_dir: Path) -> dict[str, Source]:
    """Each ``sources/<slug>.toml`` with its verbatim text in ``sources/<slug>.txt``."""
    sources = {}
    for meta_path in sorted(DataFolder(data_dir).sources.glob("*.toml")):
        slug, where = meta_path.stem, f"sources/{meta_path.name}"
        meta = read_toml(meta_path)
        text_path = meta_path.with_suffix(".txt")
        text = _source_text(data_dir, text_path.name, where)
        sources[slug] = Source(
            slug=slug,
            title=require(meta, "title", where),
            outlet=require(meta, "outlet", where),
            author=meta.get("author", ""),
            published=date_field(meta, "published", where),
            language=meta.get("language", "en"),
            text=text,
            url=meta.get("url"),
        )
    return sources


def _source_text(data_dir: Path, name: str, where: str) -> str:
    """A source's verbatim text: a regular file of ``sources/`` the server can answer whole."""
    try:
        body = read_regular_file(
            data_dir / "sources", name, f"sources/{name}", MAX_SOURCE_TEXT_BYTES, "a source text"
        )
    except DataFileProblem as problem:
        raise BuildError(f"{where}: {problem}") from problem
    if body is None:
        raise BuildError(f"{where}: the source text {name} is missing")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BuildError(f"{where}: sources/{name} is not UTF-8 text") from error
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as a text file reads


def _numbered(document: dict, table: str, where: str) -> list[tuple[str, dict]]:
    """The ``[[table]]`` records, each named for messages: "events.toml: event #3 (slug)"."""
    kind = table.removesuffix("s")
    return [
        (f"{where}: {kind} #{n} ({record.get('slug', 'no slug')})", record)
        for n, record in enumerate(document.get(table, []), start=1)
    ]


# What places.toml may say of a place, and the type of each.
PLACE_OVERRIDE_FIELDS = {"country": str, "kind": str, "lat": (int, float), "lon": (int, float)}


def load_place_overrides(data_dir: Path) -> dict[str, dict]:
    """``[places."Name"]`` tables of the optional ``places.toml``: a country to choose among a
    name's candidates, or a kind and coordinates given by hand."""
    path = DataFolder(data_dir).places_toml
    if not path.exists():
        return {}
    places = read_toml(path).get("places", {})
    for name, entry in places.items():
        for key, value in entry.items():
            kind = PLACE_OVERRIDE_FIELDS.get(key)
            if kind is None or not isinstance(value, kind) or isinstance(value, bool):
                raise BuildError(
                    f"places.toml: place {name!r}: {key} is not one of "
                    f"{', '.join(PLACE_OVERRIDE_FIELDS)} of the right type"
                )
        lat, lon = entry.get("lat", 0), entry.get("lon", 0)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or ("lat" in entry) != ("lon" in entry):
            raise BuildError(f"places.toml: place {name!r}: lat and lon go together, in degrees")
        if entry.get("kind", "place") not in PLACE_KINDS:
            raise BuildError(
                f"places.toml: place {name!r}: kind is one of {', '.join(PLACE_KINDS)}"
            )
    return places


def load_eras(data_dir: Path) -> list[tuple[str, dict]]:
    """``[[eras]]`` of ``events.toml`` and of each import (which names its source)."""
    folder = DataFolder(data_dir)
    records = [
        (f"events.toml: era #{n} ({record.get('title', 'no title')})", record)
        for n, record in enumerate(read_toml(folder.events_toml).get("eras", []), start=1)
    ]
    for path in sorted(folder.imports_dir.glob("*.toml")):
        records += [
            (
                f"imports/{path.name}: era #{n} ({record.get('title', 'no title')})",
                {**record, "source": path.stem},
            )
            for n, record in enumerate(read_toml(path).get("eras", []), start=1)
        ]
    return records


def load_extracted(data_dir: Path) -> list[tuple[str, dict]]:
    """The event records in ``extracted/<source>.toml``, written by ``timeline extract --add``."""
    records = []
    for path in sorted(DataFolder(data_dir).extracted_dir.glob("*.toml")):
        records += _numbered(read_toml(path), "events", f"extracted/{path.name}")
    return records


def curated_event_records(data_dir: Path) -> list[tuple[str, dict]]:
    """Event records written by people or proposed by the extractor, unchecked."""
    events = _numbered(read_toml(DataFolder(data_dir).events_toml), "events", "events.toml")
    return events + load_extracted(data_dir)


def content_stamp(data_dir: Path) -> str:
    """A hash of every input file and the schema version: the identity of a build."""
    return DataFolder(data_dir).content_stamp()


def load_imports(data_dir: Path) -> tuple[dict[str, Source], list[dict], list[tuple[str, dict]]]:
    """``imports/<slug>.toml`` files written by ``timeline import``: a source with no text, the
    topics it brought, and its events."""
    sources, topics, records = {}, [], []
    for path in sorted(DataFolder(data_dir).imports_dir.glob("*.toml")):
        where = f"imports/{path.name}"
        document = read_toml(path)
        meta = document.get("source", {})
        sources[path.stem] = Source(
            slug=path.stem,
            title=require(meta, "title", f"{where}: [source]"),
            outlet=meta.get("outlet", ""),
            author=meta.get("author", ""),
            published=date_field(meta, "published", f"{where}: [source]"),
            language=meta.get("language", "en"),
            text="",
            imported_from=require(meta, "imported_from", f"{where}: [source]"),
        )
        topics += document.get("topics", [])
        records += [
            (name, {**record, "source": path.stem})
            for name, record in _numbered(document, "events", where)
        ]
    return sources, topics, records


def merge_topics(topics: list[dict], added: list[dict], where: str) -> list[dict]:
    """The vocabulary with ``added`` topics appended; a slug already known keeps its label."""
    merged, known = list(topics), {topic["slug"] for topic in topics}
    for record in added:
        slug = require(record, "slug", f"{where}: topic")
        if not SLUG.fullmatch(slug):
            raise BuildError(f"{where}: topic slug {slug!r} must be lowercase words and hyphens")
        if slug not in known:
            label = record.get("label") or slug
            description = record.get("description") or f"Imported topic “{label}”."
            merged.append(
                {"slug": slug, "label": label, "description": description, "position": len(merged)}
            )
            known.add(slug)
    return merged


def load_dataset(data_dir: Path) -> Dataset:
    """Read and validate everything in ``data_dir``; raise BuildError on the first problem."""
    data_dir = Path(data_dir)
    sources = load_sources(data_dir)
    imported_sources, imported_topics, imported_events = load_imports(data_dir)
    sources.update(imported_sources)
    document = read_toml(DataFolder(data_dir).events_toml)
    events = _numbered(document, "events", "events.toml")
    notes = _numbered(document, "notes", "events.toml")
    topics = merge_topics(load_topics(data_dir), imported_topics, "imports")
    dataset = assemble(
        load_settings(data_dir),
        topics,
        sources,
        events + load_extracted(data_dir) + imported_events,
        notes,
        content_stamp(data_dir),
        load_eras(data_dir),
        MediaFiles(DataFolder(data_dir).media),
    )
    dataset.place_overrides = load_place_overrides(data_dir)
    return dataset
