"""The curated data in ``db/``: reading it and checking it before anything is built.

Every check fails with a message naming the file and record at fault: a date that does not parse,
an end before its start, an unknown topic, or a quote that is not in its source.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from ..date_forms import DateForm
from ..dates import DateError, PartialDate, display_year, year_span
from ..errors import InputError
from ..limits import (
    MAX_MEDIA_FILE_BYTES,
    MAX_NAME_LENGTH,
    MAX_NAMES,
    MAX_QUOTE_LENGTH,
    MAX_SLUG_LENGTH,
    MAX_SOURCE_TEXT_BYTES,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
)
from ..slugs import SLUG
from ..store.schema import media_url
from .data_files import DataFileProblem, read_regular_file
from .data_folder import DataFolder
from .date_phrases import form_problem
from .edtf_records import EdtfRecordError, edtf_span
from .media import classify, safe_url
from .quote_locator import locate

STATUSES = ("accepted", "proposed")


class BuildError(InputError):
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
    imported_from: str | None = None


@dataclass
class Cited:
    """An event or undated note: a record that quotes its source.

    A record of an imported source has no source text to check its quote against: its quote
    (if any) is kept as given, and ``provenance`` says where it came from.
    """

    slug: str
    title: str
    source: Source
    quote_start: int | None
    quote_end: int | None
    phrase_start: int | None = None
    phrase_end: int | None = None
    unverified_quote: str | None = None
    provenance: str | None = None

    @property
    def verified(self) -> bool:
        return self.quote_start is not None

    @property
    def quote(self) -> str | None:
        if not self.verified:
            return self.unverified_quote
        return self.source.text[self.quote_start : self.quote_end]

    @property
    def cited(self) -> str:
        """What the record itself cites: its phrase when it shares a sentence, else its quote.

        This is what search looks in, so "Cardiff" finds the Cardiff summit and not all seven
        summits named in the one sentence.
        """
        if self.phrase_start is None:
            return self.quote or ""
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
    display_date: str | None = None  # the source's own words for the date, when it gives them
    form: DateForm | None = None  # the date as EDTF, when it says more than start and end
    media: dict | None = None
    # The same happening in other sources: {"source", "quote", "quote_start", "quote_end"}.
    also: list[dict] = field(default_factory=list)

    @property
    def years(self) -> tuple[int, int]:
        return year_span(self.start, self.end, self.open_ended, self.source.published.year)


@dataclass
class Proposed(Cited):
    """An event ``timeline extract`` proposed and nobody has accepted yet: not on the timeline,
    but its sentence is marked on the source page so a reviewer sees what the extractor used."""

    start: PartialDate = field(default_factory=lambda: PartialDate(1))
    end: PartialDate | None = None
    open_ended: bool = False
    reported: bool = False
    form: DateForm | None = None


@dataclass
class Era:
    """A named span of time (TimelineJS's eras: "The Bronze Age", "The Cold War"), drawn as a
    labelled band behind the events; it is not an event and cites nothing."""

    title: str
    start: PartialDate
    end: PartialDate
    source: str | None = None


@dataclass
class Dataset:
    settings: dict[str, str]
    topics: list[dict]
    sources: dict[str, Source]
    events: list[Event]
    notes: list[Cited]
    stamp: str
    proposals: list[Proposed] = field(default_factory=list)
    eras: list[Era] = field(default_factory=list)
    # Files of db/media/ the events show, by name under media/: built into the database.
    media_files: dict[str, bytes] = field(default_factory=dict)


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


# The longest text each field may hold (see limits.py).
LONGEST = {
    "slug": MAX_SLUG_LENGTH,
    "title": MAX_TITLE_LENGTH,
    "display_date": MAX_TITLE_LENGTH,
    "summary": MAX_SUMMARY_LENGTH,
    "quote": MAX_QUOTE_LENGTH,
    "phrase": MAX_QUOTE_LENGTH,
}


def _require(record: dict, name: str, where: str, kind: type = str):
    value = record.get(name)
    if value is None or value == "":
        raise BuildError(f"{where}: missing field {name!r}")
    if not isinstance(value, kind):
        raise BuildError(f"{where}: field {name!r} must be a {kind.__name__}")
    _check_length(value, name, where)
    return value


def _check_length(value: object, name: str, where: str) -> None:
    longest = LONGEST.get(name)
    if longest is not None and isinstance(value, str) and len(value) > longest:
        raise BuildError(
            f"{where}: {name} is {len(value):,} characters long; shorten it to {longest:,} at most"
        )


def _date(record: dict, name: str, where: str) -> PartialDate:
    try:
        return PartialDate.parse(_require(record, name, where))
    except DateError as error:
        raise BuildError(f"{where}: {name}: {error}") from error


def _string_list(record: dict, name: str, where: str) -> list[str]:
    values = record.get(name, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise BuildError(f"{where}: {name!r} must be a list of names")
    if len(values) > MAX_NAMES:
        raise BuildError(f"{where}: {name} lists {len(values)}; give {MAX_NAMES} at most")
    for value in values:
        if len(value) > MAX_NAME_LENGTH:
            raise BuildError(
                f"{where}: a name in {name} is {len(value):,} characters long; "
                f"shorten it to {MAX_NAME_LENGTH} at most"
            )
    return values


def load_settings(data_dir: Path) -> dict[str, str]:
    """The timeline's own title and description, from ``timeline.toml``."""
    document = read_toml(DataFolder(data_dir).timeline_toml)
    return {
        "title": _require(document, "title", "timeline.toml"),
        "description": _require(document, "description", "timeline.toml"),
    }


def load_topics(data_dir: Path) -> list[dict]:
    """The topic vocabulary, in display order."""
    path = DataFolder(data_dir).topics_toml
    topics = []
    for position, record in enumerate(read_toml(path).get("topics", [])):
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
    for meta_path in sorted(DataFolder(data_dir).sources.glob("*.toml")):
        slug, where = meta_path.stem, f"sources/{meta_path.name}"
        meta = read_toml(meta_path)
        text_path = meta_path.with_suffix(".txt")
        text = _source_text(data_dir, text_path.name, where)
        sources[slug] = Source(
            slug=slug,
            title=_require(meta, "title", where),
            outlet=_require(meta, "outlet", where),
            author=meta.get("author", ""),
            published=_date(meta, "published", where),
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


def _cited(record: dict, where: str, sources: dict[str, Source]) -> dict:
    """The fields every quoting record shares, with its quote located in the source."""
    slug = _require(record, "slug", where)
    if not SLUG.fullmatch(slug):
        raise BuildError(f"{where}: slug {slug!r} must be lowercase words joined by hyphens")
    source_slug = _require(record, "source", where)
    if source_slug not in sources:
        raise BuildError(f"{where}: unknown source {source_slug!r}")
    source = sources[source_slug]
    if source.imported_from is not None:
        return _imported_cited(record, where, slug, source)
    quote = _require(record, "quote", where)
    try:
        quote_start, quote_end = _quote_offsets(record, quote, source.text)
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


def _quote_offsets(record: dict, quote: str, text: str) -> tuple[int, int]:
    """Where the quote is: at ``quote_start`` when the record gives it (the extractor does) and
    the quote is there verbatim, which tells apart a sentence the source repeats; else found."""
    start = record.get("quote_start")
    given = isinstance(start, int) and not isinstance(start, bool) and start >= 0
    if given and text[start : start + len(quote)] == quote:
        return start, start + len(quote)
    return locate(quote, text)


def _imported_cited(record: dict, where: str, slug: str, source: Source) -> dict:
    """An imported record: there is no source text, so its quote is kept as given, unchecked."""
    if record.get("phrase"):
        raise BuildError(f"{where}: a phrase needs a source text to point into")
    quote = record.get("quote") or None
    if quote is not None and not isinstance(quote, str):
        raise BuildError(f"{where}: field 'quote' must be a str")
    _check_length(quote, "quote", where)
    return {
        "slug": slug,
        "title": _require(record, "title", where),
        "source": source,
        "quote_start": None,
        "quote_end": None,
        "unverified_quote": quote,
        "provenance": record.get("provenance") or f"imported from {source.imported_from}",
    }


def _span(
    record: dict, where: str
) -> tuple[PartialDate, PartialDate | None, bool, DateForm | None]:
    """Start, end, open-endedness and EDTF form (docs/dates.md), checked against each other."""
    try:
        written = edtf_span(record)
    except EdtfRecordError as error:
        raise BuildError(f"{where}: {error}") from error
    if written is not None:
        return written
    start = _date(record, "start", where)
    end = _date(record, "end", where) if record.get("end") else None
    if end is not None and end.sort_key < start.sort_key:
        raise BuildError(f"{where}: end {end.iso} is before start {start.iso}")
    open_ended = bool(record.get("open_ended", False))
    if open_ended and end is not None:
        raise BuildError(f"{where}: an open-ended event cannot also have an end")
    return start, end, open_ended, None


def _event(
    record: dict, where: str, sources: dict, topic_slugs: set[str], files: MediaFiles
) -> Event:
    start, end, open_ended, form = _span(record, where)
    topics = _string_list(record, "topics", where)
    unknown = [topic for topic in topics if topic not in topic_slugs]
    if unknown:
        raise BuildError(
            f"{where}: topics: {unknown[0]!r} is not in topics.toml; add it there "
            f'([[topics]] slug = "{unknown[0]}", label, description) or leave it out'
        )
    cited = _cited(record, where, sources)
    _check_date_in_quote(record, where, cited, start, end, form)
    return Event(
        **cited,
        summary=_optional_text(record, "summary", where) or "",
        start=start,
        end=end,
        open_ended=open_ended,
        reported=bool(record.get("reported", False)),
        topics=topics,
        places=_string_list(record, "places", where),
        actors=_string_list(record, "actors", where),
        display_date=_optional_text(record, "display_date", where),
        form=form,
        media=_media(record, where, files),
        also=_also(record, where, sources),
    )


def _also(record: dict, where: str, sources: dict[str, Source]) -> list[dict]:
    """``[[events.also]]``: the same happening quoted from other sources, each quote checked
    against its own source's text like the event's."""
    citations = record.get("also", [])
    if not isinstance(citations, list) or not all(isinstance(c, dict) for c in citations):
        raise BuildError(f"{where}: also must be a list of tables (source, quote)")
    checked = []
    for number, citation in enumerate(citations, start=1):
        named = f"{where}: also #{number}"
        slug = _require(citation, "source", named)
        source = sources.get(slug)
        if source is None or source.imported_from is not None:
            raise BuildError(f"{named}: unknown source {slug!r} (a source with a text)")
        quote = _require(citation, "quote", named)
        try:
            start, end = _quote_offsets(citation, quote, source.text)
        except LookupError as error:
            raise BuildError(f"{named}: quote not found in source {slug!r}: {quote!r}") from error
        checked.append({"source": slug, "quote": source.text[start:end],
                        "quote_start": start, "quote_end": end})  # fmt: skip
    return checked


def _check_date_in_quote(
    record: dict,
    where: str,
    cited: dict,
    start: PartialDate,
    end: PartialDate | None,
    form: DateForm | None = None,
) -> None:
    """A date the quote does not state (neither its year nor its month and year) is a typo or
    a guess: the build refuses it, unless the record says it is reported (dated by the
    publication) or inferred (from the context). Quotes without a source text are exempt."""
    if record.get("reported") or record.get("inferred") or cited.get("quote_start") is None:
        return
    quote = cited["source"].text[cited["quote_start"] : cited["quote_end"]]
    if form is not None:
        problem = form_problem(quote, form, quote_states_date)
        if problem:
            raise BuildError(f"{where}: {problem}")
        return
    for name, date in (("start", start), ("end", end)):
        if date is not None and not quote_states_date(quote, date):
            raise BuildError(
                f"{where}: {name} {date.iso} is not in its quote (it names neither the year "
                f"{display_year(date.year)} nor its month): correct the date, quote the sentence "
                "that states it, or mark the event reported = true or inferred = true"
            )


def quote_states_date(quote: str, date: PartialDate) -> bool:
    """Whether the quote writes the date's year: "1948", "218 BC" for -218, "1,994" for 1994,
    or the end of a range written short ("2017-20" for 2020)."""
    digits = re.sub(r"(?<=\d)[,\u00a0](?=\d{3}\b)", "", quote)
    year = str(abs(date.year))
    if re.search(rf"(?<!\d){year}(?!\d)", digits):
        return True
    decade, century = abs(date.year) // 10 * 10, abs(date.year) // 100 * 100
    if re.search(rf"(?<!\d)(?:{decade}|{century})['’]?s\b", digits):  # "the 1980s", "1800s"
        return True
    return any(  # "2017-20": the first two digits of the first year, the last two written
        head + tail == year
        for head, tail in re.findall(r"(?<!\d)(\d{2})\d{2}\s*[-–/]\s*(\d{2})(?!\d)", digits)
    )


def _optional_text(record: dict, name: str, where: str) -> str | None:
    value = record.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise BuildError(f"{where}: field {name!r} must be text")
    _check_length(value, name, where)
    return value


MEDIA_KEYS = ("url", "caption", "credit", "thumbnail", "alt", "kind", "provider", "quote")


# A file of our own: a path under db/media/, without "..", hidden files or odd characters.
LOCAL_MEDIA = re.compile(r"media/(?:[A-Za-z0-9][A-Za-z0-9._-]*/)*[A-Za-z0-9][A-Za-z0-9._-]*")


class MediaFiles:
    """The files of ``db/media/`` an event may show, read when first named, and those named."""

    def __init__(self, folder: Path | None = None, known: dict[str, bytes] | None = None):
        self.folder, self.known, self.used = folder, dict(known or {}), {}

    def take(self, path: str, where: str) -> None:
        name = path.removeprefix("media/")
        if name not in self.known and self.folder is not None:
            try:  # no link, nothing outside db/media/, no more than the server can answer
                body = read_regular_file(
                    self.folder, name, f"media/{name}", MAX_MEDIA_FILE_BYTES, "a media file"
                )
            except DataFileProblem as problem:
                raise BuildError(f"{where}: {problem}") from problem
            if body is not None:
                self.known[name] = body
        if name not in self.known:
            raise BuildError(f"{where}: media file {path!r} is not in db/media/ (add it there)")
        self.used[name] = self.known[name]


def _media(record: dict, where: str, files: MediaFiles) -> dict | None:
    """An event's ``[media]`` table: its addresses must be safe (http or https), or a file of our
    own in ``db/media/`` written ``media/NAME``."""
    media = record.get("media")
    if media is None:
        return None
    if not isinstance(media, dict) or not all(isinstance(v, str) for v in media.values()):
        raise BuildError(f"{where}: media must be a table of texts ({', '.join(MEDIA_KEYS)})")
    unknown = sorted(set(media) - set(MEDIA_KEYS))
    if unknown:
        raise BuildError(f"{where}: media has no field {unknown[0]!r}; use {', '.join(MEDIA_KEYS)}")
    for name in ("url", "thumbnail"):
        if media.get(name) and LOCAL_MEDIA.fullmatch(media[name]):
            files.take(media[name], where)
        elif media.get(name) and safe_url(media[name]) is None:
            raise BuildError(
                f"{where}: media {name} {media[name][:60]!r} is not an http(s) address "
                "or a file of ours (media/NAME, in db/media/)"
            )
    kept = {name: media[name] for name in MEDIA_KEYS if media.get(name)}
    if kept.get("url") and "kind" not in kept:
        kept["kind"], kept["provider"] = classify(kept["url"])
    for name in ("url", "thumbnail"):
        if LOCAL_MEDIA.fullmatch(kept.get(name, "")):
            file = kept[name].removeprefix("media/")
            kept[name] = media_url(file, files.known[file])
    return kept or None


def _proposed(record: dict, where: str, sources: dict) -> Proposed:
    """A proposal is checked as far as a reviewer needs: its quote, phrase and dates."""
    start, end, open_ended, form = _span(record, where)
    return Proposed(
        **_cited(record, where, sources),
        start=start,
        end=end,
        open_ended=open_ended,
        form=form,
        reported=bool(record.get("reported", False)),
    )


def split_by_status(
    records: list[tuple[str, dict]],
) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]]:
    """Accepted records (``status`` absent or "accepted") and proposed ones."""
    accepted, proposed = [], []
    for where, record in records:
        status = record.get("status", "accepted")
        if status not in STATUSES:
            raise BuildError(f"{where}: status must be 'accepted' or 'proposed', not {status!r}")
        (accepted if status == "accepted" else proposed).append((where, record))
    return accepted, proposed


def _numbered(document: dict, table: str, where: str) -> list[tuple[str, dict]]:
    """The ``[[table]]`` records, each named for messages: "events.toml: event #3 (slug)"."""
    kind = table.removesuffix("s")
    return [
        (f"{where}: {kind} #{n} ({record.get('slug', 'no slug')})", record)
        for n, record in enumerate(document.get(table, []), start=1)
    ]


def _era(record: dict, where: str) -> Era:
    title = _require(record, "title", where)
    _check_length(title, "title", where)
    start, end = _date(record, "start", where), _date(record, "end", where)
    if end.sort_key < start.sort_key:
        raise BuildError(f"{where}: end {end.iso} is before start {start.iso}")
    return Era(title, start, end, record.get("source"))


def load_eras(data_dir: Path) -> list[tuple[str, dict]]:
    """``[[eras]]`` of ``events.toml`` and of each import (which names its source)."""
    folder = DataFolder(data_dir)
    records = [
        (f"events.toml: era #{n} ({record.get('title', 'no title')})", record)
        for n, record in enumerate(read_toml(folder.events_toml).get("eras", []), start=1)
    ]
    for path in sorted(folder.imports_dir.glob("*.toml")):
        records += [
            (f"imports/{path.name}: era #{n} ({record.get('title', 'no title')})",
             {**record, "source": path.stem})
            for n, record in enumerate(read_toml(path).get("eras", []), start=1)
        ]  # fmt: skip
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


def _check_unique_slugs(records: list[Cited]) -> None:
    repeated = [slug for slug, count in Counter(r.slug for r in records).items() if count > 1]
    if repeated:
        sources = sorted({r.source.slug for r in records if r.slug == repeated[0]})
        raise BuildError(
            f"slug {repeated[0]!r} is used more than once (sources: {', '.join(sources)})"
        )


def _check_highlights_nest(records: list[Cited]) -> None:
    """Quotes that overlap must be the very same span, so the source page can highlight them.

    Records sharing a span need a ``phrase`` each, so every one gets its own anchor.
    """
    by_span: dict[tuple[str, int, int], list[Cited]] = {}
    for record in (record for record in records if record.verified):
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
            title=_require(meta, "title", f"{where}: [source]"),
            outlet=meta.get("outlet", ""),
            author=meta.get("author", ""),
            published=_date(meta, "published", f"{where}: [source]"),
            language=meta.get("language", "en"),
            text="",
            imported_from=_require(meta, "imported_from", f"{where}: [source]"),
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
        slug = _require(record, "slug", f"{where}: topic")
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


def assemble(
    settings: dict[str, str],
    topics: list[dict],
    sources: dict[str, Source],
    event_records: list[tuple[str, dict]],
    note_records: list[tuple[str, dict]],
    stamp: str,
    era_records: list[tuple[str, dict]] = (),
    media_files: MediaFiles | None = None,
) -> Dataset:
    """Check every record against the sources and vocabulary; events in chronological order.

    Event records still marked ``status = "proposed"`` become proposals, not events.
    """
    topic_slugs = {topic["slug"] for topic in topics}
    event_records, proposal_records = split_by_status(event_records)
    files = media_files or MediaFiles()
    errors: list[str] = []
    events = _every(event_records, lambda r, w: _event(r, w, sources, topic_slugs, files), errors)
    notes = _every(note_records, lambda r, w: Cited(**_cited(r, w, sources)), errors)
    proposals = _every(proposal_records, lambda r, w: _proposed(r, w, sources), errors)
    eras = _every(era_records, _era, errors)
    for check, records in (
        (_check_unique_slugs, events + proposals),
        (_check_unique_slugs, notes),
        (_check_highlights_nest, events + notes),
    ):
        try:
            check(records)
        except BuildError as error:
            errors.append(str(error))
    if errors:
        raise BuildError(
            errors[0] if len(errors) == 1
            else f"{len(errors)} problems:\n" + "\n".join(f"- {e}" for e in errors)
        )  # fmt: skip
    events.sort(key=lambda e: (e.start.sort_key, (e.end or e.start).sort_key))
    eras.sort(key=lambda era: (era.start.sort_key, era.end.sort_key))
    return Dataset(settings, topics, sources, events, notes, stamp, proposals, eras, files.used)


def _every(records, check, errors: list[str]) -> list:
    """Each record checked; every record's problem is listed, not only the first one's."""
    checked = []
    for where, record in records:
        try:
            checked.append(check(record, where))
        except BuildError as error:
            errors.append(str(error))
    return checked


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
    return assemble(
        load_settings(data_dir),
        topics,
        sources,
        events + load_extracted(data_dir) + imported_events,
        notes,
        content_stamp(data_dir),
        load_eras(data_dir),
        MediaFiles(DataFolder(data_dir).media),
    )
