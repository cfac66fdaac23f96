"""Timelines from other tools: TimelineJS3 JSON, the TimelineJS spreadsheet CSV, our own exports.

Each reader turns a file into records of our curated format (``events.toml``), keeping each date
exactly as precise as the file gives it. A malformed file fails with a message naming the record
and the field, before anything is written.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from ..dates import DateError, PartialDate, display_span
from ..errors import BuildError, InputError
from ..limits import MAX_IMPORT_BYTES, MAX_IMPORT_EVENTS, MAX_TITLE_LENGTH
from ..slugs import SLUG, slugify, unique_slug
from ..store.event_shape import CSV_MEDIA_COLUMNS
from .data_folder import DataFolder
from .html_text import html_to_text
from .imported_dates import cell_text, inferred_edtf, label_of, our_edtf
from .media import media_from

DEFAULT_TOPIC = {"slug": "uncategorised", "label": "Uncategorised"}
TIMELINEJS_COLUMNS = {"Year", "Headline"}
OUR_COLUMNS = {"slug", "title", "start"}
LIST_SEPARATOR = "; "


class ImportFailed(InputError, ValueError):
    """A file that cannot be imported; the message names the record and field."""


@dataclass
class ImportedTimeline:
    """What a file holds, in our terms."""

    format: str
    title: str | None = None
    description: str | None = None
    topics: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    # Named spans of time ({"title", "start", "end"}), drawn as bands behind the events.
    eras: list[dict] = field(default_factory=list)
    # What could not be kept as it was, each naming its record: shown by `timeline import`.
    warnings: list[str] = field(default_factory=list)
    # Slugs we made from headlines (TimelineJS) give way to other sources' slugs; slugs a file
    # states (our own exports) are identities, and a clash is an error.
    generated_slugs: bool = True


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
    if isinstance(document, dict) and isinstance(document.get("timeline"), dict):
        return _timelinejs2_json(document["timeline"], name)
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
    """TimelineJS text is HTML: keep its words, blocks apart, scripts dropped."""
    return html_to_text(html)


# Where a TimelineJS field is named in an error: a JSON path, or a spreadsheet column.
JSON_FIELDS = {
    **{("start_date", p): f"start_date.{p}" for p in ("year", "month", "day")},
    **{("end_date", p): f"end_date.{p}" for p in ("year", "month", "day")},
    ("text", "headline"): "text.headline",
}
# The spreadsheet's media columns, by our name.
CSV_MEDIA = {
    "url": "Media",
    "credit": "Media Credit",
    "caption": "Media Caption",
    "thumbnail": "Media Thumbnail",
    "alt": "Alt Text",
}
CSV_FIELDS = {
    **{("start_date", p): p.title() for p in ("year", "month", "day")},
    **{("end_date", p): f"End {p.title()}" for p in ("year", "month", "day")},
    ("text", "headline"): "Headline",
}


_YEAR_TEXT = re.compile(r"[+-]?[0-9][0-9,]*")
TIME_PARTS = ("hour", "minute", "second")


def _tjs_year(value: object, where: str) -> str:
    """A TimelineJS year: a whole number, negative for BCE, perhaps written "2,001" (TimelineJS
    drops the commas) or as a JSON number."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not _YEAR_TEXT.fullmatch(text):
        raise ImportFailed(f"{where}: {text[:20]!r} is not a year (a whole number, negative BCE)")
    return str(int(text.replace(",", "")))


def _tjs_date(raw: object, which: str, where, required: bool) -> PartialDate | None:
    """A TimelineJS date object ({"year": ..., "month": ..., "day": ...}) at its precision."""
    if raw in (None, "", {}) or (
        isinstance(raw, dict) and (raw.get("year") is None or str(raw["year"]).strip() == "")
    ):
        if required:
            raise ImportFailed(f"{where(which, 'year')}: missing")
        return None
    if not isinstance(raw, dict):
        raise ImportFailed(f"{where(which, 'year')}: expected a date object")
    parts = [_tjs_year(raw["year"], where(which, "year"))]
    for part in ("month", "day"):
        value = str(raw.get(part) if raw.get(part) is not None else "").strip()
        if not value:
            break
        if not value.isdigit():
            raise ImportFailed(f"{where(which, part)}: {value[:20]!r} is not a whole number")
        parts.append(value.zfill(2))
    try:
        return PartialDate.parse("-".join(parts))
    except DateError as error:
        raise ImportFailed(f"{where(which, 'year')}: {error}") from error


def _time_of_day(raw: object) -> str | None:
    """ "14:30" from a TimelineJS date's hour and minute (and second), when it has them."""
    if not isinstance(raw, dict) or str(raw.get("hour") or "").strip() == "":
        return None
    try:
        numbers = [int(str(raw.get(part) or 0).strip() or 0) for part in TIME_PARTS]
    except ValueError:
        return None
    hour, minute, second = numbers
    return f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if second else "")


def _with_times(raw: dict, start: PartialDate, end: PartialDate | None) -> str:
    """ "11 September 2001, 08:46" (each end with its own time) when a slide gives a time of
    day; else "", and the computed date stands."""
    ends = [("start_date", start)] + ([("end_date", end)] if end and end != start else [])
    times = [_time_of_day(raw.get(which)) for which, _ in ends]
    if not any(times):
        return ""
    shown = (
        f"{date.display()}, {time}" if time else date.display()
        for (_, date), time in zip(ends, times, strict=True)
    )
    return " – ".join(shown)


def _timelinejs_record(raw: dict, where, topics: dict[str, str], warnings: list[str]) -> dict:
    """One TimelineJS slide as our record; ``where(group, part)`` names a field for errors."""
    start = _tjs_date(raw.get("start_date"), "start_date", where, required=True)
    try:
        end = _tjs_date(raw.get("end_date"), "end_date", where, required=False)
    except ImportFailed as error:  # the event still stands at its start
        warnings.append(f"{error}; the end date was left out")
        end = None
    if end is not None and end.sort_key < start.sort_key:
        warnings.append(f"{where('end_date', 'year')}: ends before it starts; end left out")
        end = None
    text = raw.get("text") if isinstance(raw.get("text"), dict) else {}
    named = (
        where("text", "headline").removesuffix(".text.headline").removesuffix(", column Headline")
    )
    media = media_from(raw.get("media"), named)
    if media:
        warnings.extend(media.warnings)
    display_date = _plain(raw.get("display_date")) or _with_times(raw, start, end)
    summary = _plain(text.get("text"))
    title = _plain(text.get("headline")) or _title_from(
        summary, media.caption if media else "", display_date, start
    )
    ours = raw.get("timeline") if isinstance(raw.get("timeline"), dict) else {}
    group = _plain(raw.get("group"))
    group_topic = {"slug": slugify(group), "label": group} if slugify(group) else DEFAULT_TOPIC
    topic_slugs = [slugify(str(t)) for t in ours.get("topics") or [] if slugify(str(t))]
    if not topic_slugs:
        topics.setdefault(group_topic["slug"], group_topic["label"])
        topic_slugs = [group_topic["slug"]]
    for slug in topic_slugs:
        topics.setdefault(slug, group if slug == group_topic["slug"] else slug)
    record = {
        "slug": slugify(str(raw.get("unique_id") or ""), 60) or slugify(title, 60),
        "title": title,
        "summary": summary or title,
        "start": start.iso,
        "topics": topic_slugs,
    }
    if end is not None and end != start:
        record["end"] = end.iso
    if display_date:
        record["display_date"] = display_date
    edtf = _slide_edtf(ours.get("edtf"), display_date, start, end, where)
    if edtf:
        record["edtf"] = edtf
    if media and media.record():
        record["media"] = media.record()
    for flag in ("open_ended", "reported"):
        if ours.get(flag) is True and not (flag == "open_ended" and "end" in record):
            record[flag] = True
    if isinstance(ours.get("quote"), str) and ours["quote"].strip():
        record["quote"] = ours["quote"]
    return record


def _slide_edtf(ours: object, display_date: str, start, end, where) -> str | None:
    """Our own export's EDTF (under the ``timeline`` key), else the qualifier the display date
    writes ("c. 1450"): never more precision than the slide gives."""
    try:
        return our_edtf(ours) or inferred_edtf(display_date, start, end)
    except DateError as error:
        raise ImportFailed(f"{where('start_date', 'year')}: timeline.edtf: {error}") from error


def _title_from(summary: str, caption: str, display_date: str, start: PartialDate) -> str:
    """A title for a slide without a headline (TimelineJS allows one): the first sentence of its
    text, else its media caption, else its date as shown."""
    for text in (summary, caption):
        first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0].strip()
        if first:
            return first if len(first) <= 90 else first[:89].rsplit(" ", 1)[0] + "…"
    return (display_date or start.display())[:MAX_TITLE_LENGTH]


def _timelinejs_json(document: dict, name: str) -> ImportedTimeline:
    topics: dict[str, str] = {}
    events, warnings = [], []
    for number, raw in enumerate(document["events"]):
        if not isinstance(raw, dict):
            raise ImportFailed(f"{name}: events[{number}]: expected an object")
        where = _namer(f"{name}: events[{number}].", JSON_FIELDS)
        events.append(_timelinejs_record(raw, where, topics, warnings))
    title = document.get("title") if isinstance(document.get("title"), dict) else {}
    title_text = title.get("text") if isinstance(title.get("text"), dict) else {}
    eras = document.get("eras") if isinstance(document.get("eras"), list) else []
    return ImportedTimeline(
        format="TimelineJS JSON"
        + (" (cosmological scale)" if document.get("scale") == "cosmological" else ""),
        title=_plain(title_text.get("headline")) or None,
        description=_plain(title_text.get("text")) or None,
        topics=_topic_list(topics),
        events=_unique_slugs(events),
        eras=_eras(
            [(raw, _namer(f"{name}: eras[{n}].", JSON_FIELDS)) for n, raw in enumerate(eras)],
            warnings,
        ),
        warnings=warnings,
    )


def _era(raw: object, where) -> dict:
    """A TimelineJS era (a headline over a start and an end) as ours: both ends are required."""
    if not isinstance(raw, dict):
        raise ImportFailed(f"{where('text', 'headline')}: expected an era object")
    start = _tjs_date(raw.get("start_date"), "start_date", where, required=True)
    end = _tjs_date(raw.get("end_date"), "end_date", where, required=True)
    if end.sort_key < start.sort_key:
        raise ImportFailed(f"{where('end_date', 'year')}: the era ends before it starts")
    text = raw.get("text") if isinstance(raw.get("text"), dict) else {}
    title = _plain(text.get("headline")) or display_span(start, end)
    return {"title": title[:MAX_TITLE_LENGTH], "start": start.iso, "end": end.iso}


def _eras(raws: Iterable[tuple[object, object]], warnings: list[str]) -> list[dict]:
    """The eras that can be kept; one that cannot is named in a warning, never fails the file."""
    kept = []
    for raw, where in raws:
        try:
            kept.append(_era(raw, where))
        except ImportFailed as error:
            warnings.append(f"{error}; the era was left out")
    return kept


def _timelinejs2_date(text: object) -> dict:
    """TimelineJS 2's "2012,2,11" (year, month, day, comma-separated) as a version 3 date."""
    parts = [part.strip() for part in str(text or "").split(",")]
    return dict(zip(("year", "month", "day"), (p for p in parts if p), strict=False))


def _timelinejs2_json(timeline: dict, name: str) -> ImportedTimeline:
    """TimelineJS 2's format ({"timeline": {"date": [...]}}, still in its examples), read by
    turning each date into a version 3 slide."""
    dates = timeline.get("date")
    if not isinstance(dates, list):
        raise ImportFailed(f"{name}: expected timeline.date, a list (TimelineJS 2)")
    slides = []
    for entry in dates:
        if not isinstance(entry, dict):
            raise ImportFailed(f"{name}: timeline.date: expected objects")
        asset = entry.get("asset") if isinstance(entry.get("asset"), dict) else {}
        slides.append({
            "start_date": _timelinejs2_date(entry.get("startDate")),
            "end_date": _timelinejs2_date(entry.get("endDate")) or None,
            "text": {"headline": entry.get("headline"), "text": entry.get("text")},
            "group": entry.get("tag"),
            "media": {"url": asset.get("media"), "credit": asset.get("credit"),
                      "caption": asset.get("caption"), "thumbnail": asset.get("thumbnail")},
        })  # fmt: skip
    document = {
        "title": {"text": {"headline": timeline.get("headline"), "text": timeline.get("text")}},
        "events": slides,
    }
    imported = _timelinejs_json(document, name)
    imported.format = "TimelineJS 2 JSON"
    return imported


def _timelinejs_rows(rows: list[dict], name: str) -> ImportedTimeline:
    topics: dict[str, str] = {}
    events, title, description, warnings, era_rows = [], None, None, [], []
    for number, row in enumerate(rows, start=2):
        where = f"{name}: row {number}"
        kind = (row.get("Type") or "").strip().lower()
        if kind == "title":
            title, description = _plain(row.get("Headline")), _plain(row.get("Text"))
            continue
        if not any((value or "").strip() for value in row.values()):
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
        where_field = _namer(f"{where}, column ", CSV_FIELDS)
        if kind == "era":
            era_rows.append((raw, where_field))
            continue
        raw["group"], raw["display_date"] = row.get("Group"), row.get("Display Date")
        raw["media"] = {name.lower(): row.get(column) for name, column in CSV_MEDIA.items()}
        for part in TIME_PARTS:
            raw["start_date"][part] = row.get(part.title())
            raw["end_date"][part] = row.get(f"End {part.title()}")
        events.append(_timelinejs_record(raw, where_field, topics, warnings))
    return ImportedTimeline(
        format="TimelineJS CSV",
        title=title or None,
        description=description or None,
        topics=_topic_list(topics),
        events=_unique_slugs(events),
        eras=_eras(era_rows, warnings),
        warnings=warnings,
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
            record[name] = PartialDate.parse(cell_text(value)).iso
        except DateError as error:
            raise ImportFailed(f"{where}.{name}: {error}") from error
    for name in ("open_ended", "reported"):
        value = raw.get(name, False)
        if isinstance(value, str):
            if value.strip().lower() not in ("", "true", "false"):
                raise ImportFailed(f"{where}.{name}: expected true or false, not {value[:20]!r}")
            value = value.strip().lower() == "true"
        record[name] = bool(value)
    try:
        edtf = our_edtf(raw.get("edtf"))
    except DateError as error:
        raise ImportFailed(f"{where}.edtf: {error}") from error
    if edtf:
        record["edtf"] = edtf
    for name in ("topics", "places", "actors"):
        value = raw.get(name) or []
        if isinstance(value, str):
            value = [item.strip() for item in value.split(LIST_SEPARATOR.strip()) if item.strip()]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ImportFailed(f"{where}.{name}: expected a list of names")
        record[name] = value
    record["topics"] = [slugify(topic) for topic in record["topics"]] or [DEFAULT_TOPIC["slug"]]
    shown = raw.get("display_date")
    if isinstance(shown, str) and shown.strip() and shown.strip() != _computed_date(record):
        record["display_date"] = shown.strip()
    given = (
        raw.get("media")
        if isinstance(raw.get("media"), dict)
        else {column.removeprefix("media_"): raw.get(column) for column in CSV_MEDIA_COLUMNS}
    )
    media = media_from(given, where)
    if media and media.record():
        record["media"] = media.record()
    told = _our_translations(raw.get("translations"), where)
    if told:
        record["translations"] = told
    return record


def _our_translations(told: object, where: str) -> dict:
    """An export's ``translations`` as it gave them; the build checks each language and field."""
    if told in (None, "", {}):
        return {}
    if not isinstance(told, dict) or not all(isinstance(fields, dict) for fields in told.values()):
        raise ImportFailed(f"{where}.translations: expected languages, each with its title")
    return {
        code: {name: text for name, text in fields.items() if isinstance(text, str) and text}
        for code, fields in told.items()
    }


def _computed_date(record: dict) -> str:
    """The display date we would write for ``record``: an export's own is kept only if other."""
    return label_of(record)


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
        format="timeline JSON",
        topics=_topics_of(events, labels),
        events=events,
        generated_slugs=False,
    )


def _our_rows(rows: list[dict], name: str) -> ImportedTimeline:
    events = [_our_record(row, f"{name}: row {number}") for number, row in enumerate(rows, start=2)]
    return ImportedTimeline(
        format="timeline CSV", topics=_topics_of(events, {}), events=events, generated_slugs=False
    )


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


def _unique_slugs(events: list[dict], taken: Iterable[str] = ()) -> list[dict]:
    """Slugs made unique within the file and against ``taken`` (the slugs other sources already
    use): a second "summit" becomes "summit-2"."""
    used = set(taken)
    for event in events:
        event["slug"] = unique_slug(event["slug"] or "event", used)
    return events


def avoid_taken_slugs(timeline: ImportedTimeline, taken: Iterable[str]) -> ImportedTimeline:
    """The file's generated slugs renamed where another source of the same timeline uses them,
    so two files that both start with "Introduction" import side by side."""
    if timeline.generated_slugs:
        _unique_slugs(timeline.events, taken)
    return timeline


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
    if DataFolder(data_dir).source_meta(source_slug).exists():
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
    if timeline.eras:
        document["eras"] = timeline.eras
    header = (
        f"# Imported by `timeline import` from {file_name} ({timeline.format}).\n"
        "# Edit freely: `timeline build` checks these records like events.toml.\n"
        "# Events have no source text here, so their quotes (if any) are kept unchecked.\n\n"
    )
    target = DataFolder(data_dir).imports(source_slug)
    target.parent.mkdir(exist_ok=True)
    target.write_text(header + tomli_w.dumps(document), encoding="utf-8")
    return target
