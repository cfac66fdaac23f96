"""The shapes the curated data is read into: sources, the records that quote them, eras, and
the whole dataset the build writes.

``loading`` reads them from the files of ``db/`` and ``checks`` makes sure they hold together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..date_forms import DateForm
from ..dates import PartialDate, year_span


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
    # The event told in other languages: {"az": {"title", "summary"?, "quote"?}}; the quote
    # there is a translation of the source's sentence, never in its place.
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

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
    # places.toml: a place's name -> how to resolve it by hand (country, kind, lat, lon).
    place_overrides: dict[str, dict] = field(default_factory=dict)
