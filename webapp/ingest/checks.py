"""The build's checks of curated records, each failing with a ``BuildError`` naming the file and
record at fault: a date that does not parse, an end before its start, an unknown topic, a quote
that is not in its source, a date the quote does not state, media that is not safe.

``assemble`` runs them all over the records ``loading`` read and lists every problem at once.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

from ..date_forms import DateForm
from ..dates import PartialDate, display_year
from ..errors import BuildError
from ..limits import MAX_MEDIA_FILE_BYTES
from ..slugs import SLUG
from ..store.schema import media_url
from ..wording import LANGUAGES
from .data_files import DataFileProblem, read_regular_file
from .date_phrases import form_problem
from .edtf_records import EdtfRecordError, edtf_span
from .fields import check_length, date_field, optional_text, require, string_list
from .media import classify, safe_url
from .quote_locator import locate
from .records import Cited, Dataset, Era, Event, Proposed, Source


def _cited(record: dict, where: str, sources: dict[str, Source]) -> dict:
    """The fields every quoting record shares, with its quote located in the source."""
    slug = require(record, "slug", where)
    if not SLUG.fullmatch(slug):
        raise BuildError(f"{where}: slug {slug!r} must be lowercase words joined by hyphens")
    source_slug = require(record, "source", where)
    if source_slug not in sources:
        raise BuildError(f"{where}: unknown source {source_slug!r}")
    source = sources[source_slug]
    if source.imported_from is not None:
        return _imported_cited(record, where, slug, source)
    quote = require(record, "quote", where)
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
        "title": require(record, "title", where),
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
    check_length(quote, "quote", where)
    return {
        "slug": slug,
        "title": require(record, "title", where),
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
    start = date_field(record, "start", where)
    end = date_field(record, "end", where) if record.get("end") else None
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
    topics = string_list(record, "topics", where)
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
        summary=optional_text(record, "summary", where) or "",
        start=start,
        end=end,
        open_ended=open_ended,
        reported=bool(record.get("reported", False)),
        topics=topics,
        places=string_list(record, "places", where),
        actors=string_list(record, "actors", where),
        display_date=optional_text(record, "display_date", where),
        form=form,
        media=_media(record, where, files),
        also=_also(record, where, sources),
        translations=_translations(record, where),
    )


TRANSLATED_FIELDS = ("title", "summary", "quote")


def _translations(record: dict, where: str) -> dict[str, dict[str, str]]:
    """``[events.translations.<lang>]``: the title (required), summary and a translation of the
    quote in a language the interface speaks; no other field."""
    given = record.get("translations", {})
    if not isinstance(given, dict):
        raise BuildError(
            f"{where}: translations must be a table of languages ([events.translations.az])"
        )
    told = {}
    for code, fields in given.items():
        named = f"{where}: translations.{code}"
        if code not in LANGUAGES:
            raise BuildError(
                f"{named}: not a language the interface speaks ({', '.join(LANGUAGES)})"
            )
        if not isinstance(fields, dict):
            raise BuildError(f"{named} must be a table (title, summary, quote)")
        unknown = sorted(set(fields) - set(TRANSLATED_FIELDS))
        if unknown:
            raise BuildError(
                f"{named}: unknown field {unknown[0]!r}: only {', '.join(TRANSLATED_FIELDS)}"
            )
        told[code] = {"title": require(fields, "title", named)}
        for name in ("summary", "quote"):
            text = optional_text(fields, name, named)
            if text:
                told[code][name] = text
    return told


def _also(record: dict, where: str, sources: dict[str, Source]) -> list[dict]:
    """``[[events.also]]``: the same happening quoted from other sources, each quote checked
    against its own source's text like the event's."""
    citations = record.get("also", [])
    if not isinstance(citations, list) or not all(isinstance(c, dict) for c in citations):
        raise BuildError(f"{where}: also must be a list of tables (source, quote)")
    checked = []
    for number, citation in enumerate(citations, start=1):
        named = f"{where}: also #{number}"
        slug = require(citation, "source", named)
        source = sources.get(slug)
        if source is None or source.imported_from is not None:
            raise BuildError(f"{named}: unknown source {slug!r} (a source with a text)")
        quote = require(citation, "quote", named)
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


STATUSES = ("accepted", "proposed")


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


def _era(record: dict, where: str) -> Era:
    title = require(record, "title", where)
    check_length(title, "title", where)
    start, end = date_field(record, "start", where), date_field(record, "end", where)
    if end.sort_key < start.sort_key:
        raise BuildError(f"{where}: end {end.iso} is before start {start.iso}")
    return Era(title, start, end, record.get("source"))


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
            errors[0]
            if len(errors) == 1
            else f"{len(errors)} problems:\n" + "\n".join(f"- {e}" for e in errors)
        )
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
