"""Timelines from other tools: TimelineJS3 JSON, the TimelineJS spreadsheet CSV, our own exports.

Each reader turns a file into records of our curated format (``events.toml``), keeping each date
exactly as precise as the file gives it. A malformed file fails with a message naming the record
and the field, before anything is written.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w
from markupsafe import Markup

from ..dates import DateError, PartialDate
from ..limits import MAX_IMPORT_BYTES, MAX_IMPORT_EVENTS
from ..slugs import SLUG, slugify
from .curated import BuildError

DEFAULT_TOPIC = {"slug": "uncategorised", "label": "Uncategorised"}
TIMELINEJS_COLUMNS = {"Year", "Headline"}
OUR_COLUMNS = {"slug", "title", "start"}
LIST_SEPARATOR = "; "


class ImportFailed(ValueError):
    """A file that cannot be imported; the message names the record and field."""


@dataclass
class ImportedTimeline:
    """What a file holds, in our terms."""

    format: str
    title: str | None = None
    description: str | None = None
    topics: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)


def read_timeline_file(path: Path) -> ImportedTimeline:
    """Read ``path``, telling the format from its extension and content."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportFailed(
                f"{path.name}: the file is {size / 2**20:.1f} MB; an import may be "
                f"{MAX_IMPORT_BYTES // 2**20} MB at most (split it, or import it in parts)"
            )
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFailed(f"{path.name}: cannot be read as UTF-8 text ({error})") from error
    if path.suffix.lower() == ".csv":
        timeline = _read_csv(text, path.name)
    elif path.suffix.lower() == ".json":
        timeline = _read_json(text, path.name)
    else:
        raise ImportFailed(f"{path.name}: give a .json or .csv file")
    if not timeline.events:
        raise ImportFailed(f"{path.name}: the file holds no events")
    if len(timeline.events) > MAX_IMPORT_EVENTS:
        raise ImportFailed(
            f"{path.name}: the file holds {len(timeline.events):,} events; an import may hold "
            f"{MAX_IMPORT_EVENTS:,} at most (split it)"
        )
    return timeline


def _read_json(text: str, name: str) -> ImportedTimeline:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(f"{name}: not valid JSON ({error})") from error
    if not isinstance(document, dict) or not isinstance(document.get("events"), list):
        raise ImportFailed(f"{name}: expected an object with an 'events' list")
    events = document["events"]
    if events and all(isinstance(event, dict) and "start" in event for event in events):
        return _our_json(document, name)
    return _timelinejs_json(document, name)


def _read_csv(text: str, name: str) -> ImportedTimeline:
    reader = csv.DictReader(text.splitlines())
    columns = set(reader.fieldnames or [])
    rows = list(reader)
    if columns >= OUR_COLUMNS:
        return _our_rows(rows, name)
    if columns >= TIMELINEJS_COLUMNS:
        return _timelinejs_rows(rows, name)
    raise ImportFailed(
        f"{name}: the header needs TimelineJS columns (Year, Month, Day, ..., Headline, Text, "
        f"Group) or ours (slug, title, start, ...); found {', '.join(sorted(columns)) or 'none'}"
    )


# TimelineJS ---------------------------------------------------------------------------------


def _plain(html: object) -> str:
    """TimelineJS text is HTML: keep its words."""
    return Markup(str(html or "")).striptags().strip()


# Where a TimelineJS field is named in an error: a JSON path, or a spreadsheet column.
JSON_FIELDS = {
    **{("start_date", p): f"start_date.{p}" for p in ("year", "month", "day")},
    **{("end_date", p): f"end_date.{p}" for p in ("year", "month", "day")},
    ("text", "headline"): "text.headline",
}
CSV_FIELDS = {
    **{("start_date", p): p.title() for p in ("year", "month", "day")},
    **{("end_date", p): f"End {p.title()}" for p in ("year", "month", "day")},
    ("text", "headline"): "Headline",
}


def _tjs_date(raw: object, which: str, where, required: bool) -> PartialDate | None:
    """A TimelineJS date object ({"year": ..., "month": ..., "day": ...}) at its precision."""
    if raw in (None, "", {}) or (isinstance(raw, dict) and not str(raw.get("year") or "").strip()):
        if required:
            raise ImportFailed(f"{where(which, 'year')}: missing")
        return None
    if not isinstance(raw, dict):
        raise ImportFailed(f"{where(which, 'year')}: expected a date object")
    parts = []
    for part, width in (("year", 4), ("month", 2), ("day", 2)):
        value = str(raw.get(part) if raw.get(part) is not None else "").strip()
        if not value:
            break
        if not value.isdigit():
            raise ImportFailed(f"{where(which, part)}: {value[:20]!r} is not a whole number")
        parts.append(value.zfill(width))
    try:
        return PartialDate.parse("-".join(parts))
    except DateError as error:
        raise ImportFailed(f"{where(which, 'year')}: {error}") from error


def _timelinejs_record(raw: dict, where, topics: dict[str, str]) -> dict:
    """One TimelineJS slide as our record; ``where(group, part)`` names a field for errors."""
    start = _tjs_date(raw.get("start_date"), "start_date", where, required=True)
    end = _tjs_date(raw.get("end_date"), "end_date", where, required=False)
    text = raw.get("text") if isinstance(raw.get("text"), dict) else {}
    title = _plain(text.get("headline")) or _plain(raw.get("display_date"))
    if not title:
        raise ImportFailed(f"{where('text', 'headline')}: missing")
    group = _plain(raw.get("group"))
    topic = {"slug": slugify(group), "label": group} if slugify(group) else DEFAULT_TOPIC
    topics.setdefault(topic["slug"], topic["label"])
    record = {
        "slug": slugify(str(raw.get("unique_id") or ""))[:60].strip("-")
        or slugify(title)[:60].strip("-"),
        "title": title,
        "summary": _plain(text.get("text")) or title,
        "start": start.iso,
        "topics": [topic["slug"]],
    }
    if end is not None and end != start:
        record["end"] = end.iso
    return record


def _timelinejs_json(document: dict, name: str) -> ImportedTimeline:
    topics: dict[str, str] = {}
    events = []
    for number, raw in enumerate(document["events"]):
        if not isinstance(raw, dict):
            raise ImportFailed(f"{name}: events[{number}]: expected an object")
        events.append(
            _timelinejs_record(raw, _namer(f"{name}: events[{number}].", JSON_FIELDS), topics)
        )
    title = document.get("title") if isinstance(document.get("title"), dict) else {}
    title_text = title.get("text") if isinstance(title.get("text"), dict) else {}
    return ImportedTimeline(
        format="TimelineJS JSON",
        title=_plain(title_text.get("headline")) or None,
        description=_plain(title_text.get("text")) or None,
        topics=_topic_list(topics),
        events=_unique_slugs(events),
    )


def _timelinejs_rows(rows: list[dict], name: str) -> ImportedTimeline:
    topics: dict[str, str] = {}
    events, title, description = [], None, None
    for number, row in enumerate(rows, start=2):
        where = f"{name}: row {number}"
        kind = (row.get("Type") or "").strip().lower()
        if kind == "title":
            title, description = _plain(row.get("Headline")), _plain(row.get("Text"))
            continue
        if kind == "era" or not any((value or "").strip() for value in row.values()):
            continue
        raw = {
            which: {
                part: row.get(column)
                for (group, part), column in CSV_FIELDS.items()
                if group == which
            }
            for which in ("start_date", "end_date")
        }
        raw["text"] = {"headline": row.get("Headline"), "text": row.get("Text")}
        raw["group"], raw["display_date"] = row.get("Group"), row.get("Display Date")
        events.append(_timelinejs_record(raw, _namer(f"{where}, column ", CSV_FIELDS), topics))
    return ImportedTimeline(
        format="TimelineJS CSV",
        title=title or None,
        description=description or None,
        topics=_topic_list(topics),
        events=_unique_slugs(events),
    )


# Our own exports ----------------------------------------------------------------------------

_OUR_TEXT_FIELDS = ("slug", "title", "summary", "quote")


def _our_record(raw: dict, where: str) -> dict:
    record = {}
    for name in _OUR_TEXT_FIELDS:
        value = raw.get(name)
        if value not in (None, "") and not isinstance(value, str):
            raise ImportFailed(f"{where}.{name}: expected text")
        if value:
            record[name] = value
    for name in ("slug", "title"):
        if name not in record:
            raise ImportFailed(f"{where}.{name}: missing")
    if not slugify(record["slug"]) == record["slug"]:
        raise ImportFailed(f"{where}.slug: {record['slug'][:40]!r} is not lowercase-with-hyphens")
    record.setdefault("summary", record["title"])
    for name, required in (("start", True), ("end", False)):
        value = raw.get(name)
        if value in (None, ""):
            if required:
                raise ImportFailed(f"{where}.{name}: missing")
            continue
        try:
            record[name] = PartialDate.parse(str(value)).iso
        except DateError as error:
            raise ImportFailed(f"{where}.{name}: {error}") from error
    for name in ("open_ended", "reported"):
        value = raw.get(name, False)
        if isinstance(value, str):
            if value.strip().lower() not in ("", "true", "false"):
                raise ImportFailed(f"{where}.{name}: expected true or false, not {value[:20]!r}")
            value = value.strip().lower() == "true"
        record[name] = bool(value)
    for name in ("topics", "places", "actors"):
        value = raw.get(name) or []
        if isinstance(value, str):
            value = [item.strip() for item in value.split(LIST_SEPARATOR.strip()) if item.strip()]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ImportFailed(f"{where}.{name}: expected a list of names")
        record[name] = value
    record["topics"] = [slugify(topic) for topic in record["topics"]] or [DEFAULT_TOPIC["slug"]]
    return record


def _our_json(document: dict, name: str) -> ImportedTimeline:
    events = [
        _our_record(raw, f"{name}: events[{number}]")
        for number, raw in enumerate(document["events"])
    ]
    labels = {
        topic.get("slug"): topic.get("label")
        for topic in (document.get("facets") or {}).get("topics", [])
        if isinstance(topic, dict)
    }
    return ImportedTimeline(
        format="timeline JSON", topics=_topics_of(events, labels), events=events
    )


def _our_rows(rows: list[dict], name: str) -> ImportedTimeline:
    events = [_our_record(row, f"{name}: row {number}") for number, row in enumerate(rows, start=2)]
    return ImportedTimeline(format="timeline CSV", topics=_topics_of(events, {}), events=events)


# Shared -------------------------------------------------------------------------------------


def _namer(prefix: str, names: dict):
    """A function naming a field for error messages, in the file's own terms."""
    return lambda group, part: prefix + names[(group, part)]


def _topics_of(events: Iterable[dict], labels: dict) -> list[dict]:
    used = dict.fromkeys(topic for event in events for topic in event["topics"])
    default = {DEFAULT_TOPIC["slug"]: DEFAULT_TOPIC["label"]}
    return _topic_list({slug: labels.get(slug) or default.get(slug) or slug for slug in used})


def _topic_list(labels: dict[str, str]) -> list[dict]:
    return [{"slug": slug, "label": label} for slug, label in labels.items()]


def _unique_slugs(events: list[dict]) -> list[dict]:
    """Generated slugs made unique within the file: a second "summit" becomes "summit-2"."""
    seen: dict[str, int] = {}
    for event in events:
        base = event["slug"] or "event"
        seen[base] = seen.get(base, 0) + 1
        event["slug"] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return events


def import_records(timeline: ImportedTimeline, source_slug: str, file_name: str) -> list[dict]:
    """The file's events as records of the import source, each saying where it came from."""
    provenance = f"imported from {file_name}"
    return [{**event, "source": source_slug, "provenance": provenance} for event in timeline.events]


def check_source_slug(slug: str) -> str:
    if not SLUG.fullmatch(slug or ""):
        raise BuildError(f"source slug {slug!r} must be lowercase words joined by hyphens")
    return slug


def write_import_file(
    data_dir: Path, source_slug: str, file_name: str, timeline: ImportedTimeline, today: str
) -> Path:
    """``imports/<source_slug>.toml`` in our curated format, replacing an earlier import of it."""
    check_source_slug(source_slug)
    if (data_dir / "sources" / f"{source_slug}.toml").exists():
        raise BuildError(
            f"source {source_slug!r} is a curated source: choose another --source-slug"
        )
    document = {
        "source": {
            "title": timeline.title or f"Imported from {file_name}",
            "imported_from": file_name,
            "published": today,
        },
        "topics": timeline.topics,
        "events": [
            {k: v for k, v in event.items() if v not in (None, [], "")} for event in timeline.events
        ],
    }
    header = (
        f"# Imported by `timeline import` from {file_name} ({timeline.format}).\n"
        "# Edit freely: `timeline build` checks these records like events.toml.\n"
        "# Events have no source text here, so their quotes (if any) are kept unchecked.\n\n"
    )
    target = data_dir / "imports" / f"{source_slug}.toml"
    target.parent.mkdir(exist_ok=True)
    target.write_text(header + tomli_w.dumps(document), encoding="utf-8")
    return target
