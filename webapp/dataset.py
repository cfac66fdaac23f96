"""The curated data in ``db/``: reading it and checking it before anything is built.

Every check fails with a message naming the file and record at fault: a date that does not parse,
an end before its start, an unknown topic, or a quote that is not in its source.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from .dates import DateError, PartialDate, year_span
from .provenance import locate

SCHEMA_VERSION = "2"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class BuildError(Exception):
    """Input that cannot be built; the message names the file and record at fault."""


@dataclass
class Source:
    slug: str
    title: str
    outlet: str
    author: str
    published: PartialDate
    language: str
    text: str
    url: str | None = None


@dataclass
class Cited:
    """An event or undated note: a record that quotes its source."""

    slug: str
    title: str
    source: Source
    quote_start: int
    quote_end: int
    phrase_start: int | None = None
    phrase_end: int | None = None

    @property
    def quote(self) -> str:
        return self.source.text[self.quote_start : self.quote_end]

    @property
    def cited(self) -> str:
        """What the record itself cites: its phrase when it shares a sentence, else its quote.

        This is what search looks in, so "Cardiff" finds the Cardiff summit and not all seven
        summits named in the one sentence.
        """
        if self.phrase_start is None:
            return self.quote
        return self.source.text[self.phrase_start : self.phrase_end]


@dataclass
class Event(Cited):
    summary: str = ""
    start: PartialDate = field(default_factory=lambda: PartialDate(1))
    end: PartialDate | None = None
    open_ended: bool = False
    reported: bool = False
    topics: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)

    @property
    def years(self) -> tuple[int, int]:
        return year_span(self.start, self.end, self.open_ended, self.source.published.year)


@dataclass
class Dataset:
    settings: dict[str, str]
    topics: list[dict]
    sources: dict[str, Source]
    events: list[Event]
    notes: list[Cited]
    stamp: str


def slugify(name: str) -> str:
    """A URL-safe slug for a place or actor name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise BuildError(f"{path}: {error}") from error


def _require(record: dict, name: str, where: str, kind: type = str):
    value = record.get(name)
    if value is None or value == "":
        raise BuildError(f"{where}: missing field {name!r}")
    if not isinstance(value, kind):
        raise BuildError(f"{where}: field {name!r} must be a {kind.__name__}")
    return value


def _date(record: dict, name: str, where: str) -> PartialDate:
    try:
        return PartialDate.parse(_require(record, name, where))
    except DateError as error:
        raise BuildError(f"{where}: {name}: {error}") from error


def _string_list(record: dict, name: str, where: str) -> list[str]:
    values = record.get(name, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise BuildError(f"{where}: {name!r} must be a list of names")
    return values


def load_settings(data_dir: Path) -> dict[str, str]:
    """The timeline's own title and description, from ``timeline.toml``."""
    document = _read_toml(data_dir / "timeline.toml")
    return {
        "title": _require(document, "title", "timeline.toml"),
        "description": _require(document, "description", "timeline.toml"),
    }


def load_topics(data_dir: Path) -> list[dict]:
    """The topic vocabulary, in display order."""
    path = data_dir / "topics.toml"
    topics = []
    for position, record in enumerate(_read_toml(path).get("topics", [])):
        where = f"{path.name}: topic #{position + 1}"
        slug = _require(record, "slug", where)
        if not SLUG.fullmatch(slug):
            raise BuildError(f"{where}: slug {slug!r} must be lowercase words joined by hyphens")
        topics.append(
            {
                "slug": slug,
                "label": _require(record, "label", where),
                "description": _require(record, "description", where),
                "position": position,
            }
        )
    return topics


def load_sources(data_dir: Path) -> dict[str, Source]:
    """Each ``sources/<slug>.toml`` with its verbatim text in ``sources/<slug>.txt``."""
    sources = {}
    for meta_path in sorted((data_dir / "sources").glob("*.toml")):
        slug, where = meta_path.stem, f"sources/{meta_path.name}"
        meta = _read_toml(meta_path)
        text_path = meta_path.with_suffix(".txt")
        if not text_path.exists():
            raise BuildError(f"{where}: the source text {text_path.name} is missing")
        sources[slug] = Source(
            slug=slug,
            title=_require(meta, "title", where),
            outlet=_require(meta, "outlet", where),
            author=meta.get("author", ""),
            published=_date(meta, "published", where),
            language=meta.get("language", "en"),
            text=text_path.read_text(encoding="utf-8"),
            url=meta.get("url"),
        )
    return sources


def _cited(record: dict, where: str, sources: dict[str, Source]) -> dict:
    """The fields every quoting record shares, with its quote located in the source."""
    slug = _require(record, "slug", where)
    if not SLUG.fullmatch(slug):
        raise BuildError(f"{where}: slug {slug!r} must be lowercase words joined by hyphens")
    source_slug = _require(record, "source", where)
    if source_slug not in sources:
        raise BuildError(f"{where}: unknown source {source_slug!r}")
    source = sources[source_slug]
    quote = _require(record, "quote", where)
    try:
        quote_start, quote_end = locate(quote, source.text)
    except LookupError as error:
        raise BuildError(
            f"{where}: quote not found in source {source_slug!r} ({error}): {quote!r}"
        ) from error
    phrase_start = phrase_end = None
    if record.get("phrase"):
        try:
            phrase_start, phrase_end = locate(
                record["phrase"], source.text, within=(quote_start, quote_end)
            )
        except LookupError as error:
            raise BuildError(f"{where}: phrase {record['phrase']!r} not in its quote") from error
    return {
        "slug": slug,
        "title": _require(record, "title", where),
        "source": source,
        "quote_start": quote_start,
        "quote_end": quote_end,
        "phrase_start": phrase_start,
        "phrase_end": phrase_end,
    }


def _event(record: dict, number: int, sources: dict, topic_slugs: set[str]) -> Event:
    where = f"events.toml: event #{number} ({record.get('slug', 'no slug')})"
    start = _date(record, "start", where)
    end = _date(record, "end", where) if record.get("end") else None
    if end is not None and end.sort_key < start.sort_key:
        raise BuildError(f"{where}: end {end.iso} is before start {start.iso}")
    open_ended = bool(record.get("open_ended", False))
    if open_ended and end is not None:
        raise BuildError(f"{where}: an open-ended event cannot also have an end")
    topics = _string_list(record, "topics", where)
    if not topics:
        raise BuildError(f"{where}: give at least one topic")
    unknown = [topic for topic in topics if topic not in topic_slugs]
    if unknown:
        raise BuildError(f"{where}: unknown topic {unknown[0]!r} (see topics.toml)")
    return Event(
        **_cited(record, where, sources),
        summary=_require(record, "summary", where),
        start=start,
        end=end,
        open_ended=open_ended,
        reported=bool(record.get("reported", False)),
        topics=topics,
        places=_string_list(record, "places", where),
        actors=_string_list(record, "actors", where),
    )


def _check_unique_slugs(records: list[Cited]) -> None:
    repeated = [slug for slug, count in Counter(r.slug for r in records).items() if count > 1]
    if repeated:
        raise BuildError(f"events.toml: slug {repeated[0]!r} is used more than once")


def _check_highlights_nest(records: list[Cited]) -> None:
    """Quotes that overlap must be the very same span, so the source page can highlight them.

    Records sharing a span need a ``phrase`` each, so every one gets its own anchor.
    """
    by_span: dict[tuple[str, int, int], list[Cited]] = {}
    for record in records:
        by_span.setdefault((record.source.slug, record.quote_start, record.quote_end), []).append(
            record
        )
    for span, next_span in pairwise(sorted(by_span)):
        (source, _, end), (next_source, next_start, _) = span, next_span
        if source == next_source and next_start < end:
            first, second = by_span[span][0], by_span[next_span][0]
            raise BuildError(
                f"events.toml: the quotes of {first.slug!r} and {second.slug!r} overlap; "
                "quote the same sentence exactly, or sentences that do not overlap"
            )
    for sharing in by_span.values():
        without_phrase = [record.slug for record in sharing if record.phrase_start is None]
        if len(sharing) > 1 and without_phrase:
            raise BuildError(
                f"events.toml: {without_phrase[0]!r} shares its quote with "
                f"{len(sharing) - 1} other record(s): give each a 'phrase' from the quote"
            )


def content_stamp(data_dir: Path) -> str:
    """A hash of every input file and the schema version: the identity of a build."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and path.suffix in {".toml", ".txt"}:
            digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def load_dataset(data_dir: Path) -> Dataset:
    """Read and validate everything in ``data_dir``; raise BuildError on the first problem."""
    data_dir = Path(data_dir)
    settings = load_settings(data_dir)
    topics = load_topics(data_dir)
    sources = load_sources(data_dir)
    document = _read_toml(data_dir / "events.toml")
    topic_slugs = {topic["slug"] for topic in topics}
    events = [
        _event(record, number, sources, topic_slugs)
        for number, record in enumerate(document.get("events", []), start=1)
    ]
    notes = [
        Cited(**_cited(record, f"events.toml: note #{n} ({record.get('slug')})", sources))
        for n, record in enumerate(document.get("notes", []), start=1)
    ]
    _check_unique_slugs(events)
    _check_unique_slugs(notes)
    _check_highlights_nest(events + notes)
    events.sort(key=lambda e: (e.start.sort_key, (e.end or e.start).sort_key))
    return Dataset(settings, topics, sources, events, notes, content_stamp(data_dir))
