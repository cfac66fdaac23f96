"""An article in, proposed events out: every dated statement with the sentence that states it.

The text is cut into sentences (``sentences``), each sentence searched for dates
(``datefinder``), and each date found becomes a proposal in our own data format, marked
``status = "proposed"`` for a person to review. Besides the dates a sentence states:

- the article's dateline (a short line above the body with a full date) is its publication;
- a statement the article reports without a date of its own ("…, the official said") is dated
  by the report, as the curated events are (``reported = true``);
- a day and month without a year take the year the sentence before ended on, or the
  publication's.

Topics, places and actors are only suggested from ``db/extract.toml`` (keywords per topic, a
gazetteer, an actor list): what it does not know is left empty rather than guessed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from ..date_forms import edtf_of
from ..date_forms import parse as parse_edtf
from ..dates import MONTH_NAMES, DateError, PartialDate, display_span, from_parts, month_number
from ..errors import SourceExists
from ..slugs import slugify, unique_slug
from ..store.event_shape import draft_event
from . import structure
from .checks import split_by_status
from .data_folder import DataFolder
from .date_mentions import MONTH, Mention, find_dates
from .documents import Document
from .gazetteer import places_in_text
from .headlines import fit, headline, publication_headline, release_item_headline
from .loading import curated_event_records, load_dataset, load_topics, read_toml
from .person_names import people_in_text
from .sentences import Sentence, split_sentences

REPORTING_VERBS = re.compile(
    r"\b(?:said|says|told|tells|noted|notes|added|adds|stated|states|announced|announces|"
    r"reported|reports|stressed|stresses|urged|urges|welcomed|welcomes|warned|warns|"
    r"declared|declares|emphasi[sz]ed|emphasi[sz]es|confirmed|confirms)\b"
)
_LEADING_CLAUSE = re.compile(
    r"^(?:(?:in|on|at|during|from|since|by|after|before|between|until|furthermore|moreover|"
    r"however|meanwhile|also|then|later|earlier|as for|in addition|according to|last|this|"
    r"next)\b[^,]{0,120},\s*|it (?:should be|is worth being|must be) noted that\s+|"
    r"notably,?\s+)",
    re.IGNORECASE,
)
# A leading time clause whose date has a comma in it: "On May 17, 1865, ", "From March 1 to
# May 17, 1865, ".
_LEADING_DATE = re.compile(
    r"^(?:on|in|from|by|since|until|between|during|then in)\s+(?:[^,]{0,40},\s*)?[^,]{0,40}?"
    r"\b\d{3,4}s?\b\s*(?:BCE?|AD)?,\s*",
    re.IGNORECASE,
)
_QUOTE_MARKS = "\"'“”‘’«»"
_PERIODS = ("century", "decade", "decades")  # a span of years a heading may name
_PASSIVE = re.compile(r"\s(?:was|were)\s")
_MARKDOWN_LINK = re.compile(r"\[([^\[\]]{1,200})\]\([^()\s]{1,300}\)")


@dataclass
class Vocabulary:
    """What the extractor may suggest: topic keywords, known places and actors."""

    topic_keywords: dict[str, list[str]] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, data_dir: Path) -> Vocabulary:
        """``db/extract.toml``, keeping only topics the vocabulary in ``topics.toml`` knows, and
        every place and actor a curated or accepted event names: the lists grow with curation.

        Raises BuildError, naming the file, when one of them cannot be read.
        """
        data_dir = Path(data_dir)
        path = DataFolder(data_dir).extract_toml
        document = read_toml(path) if path.exists() else {}
        known = {topic["slug"] for topic in load_topics(data_dir)}
        keywords = {
            slug: list(words) for slug, words in document.get("topics", {}).items() if slug in known
        }
        places, actors = list(document.get("places", [])), list(document.get("actors", []))
        accepted, _ = split_by_status(curated_event_records(data_dir))
        for _, record in accepted:
            places += record.get("places", [])
            actors += record.get("actors", [])
        return cls(keywords, list(dict.fromkeys(places)), list(dict.fromkeys(actors)))

    def topics_in(self, text: str) -> list[str]:
        return [
            slug
            for slug, words in self.topic_keywords.items()
            if any(_contains(text, word, ignore_case=True) for word in words)
        ]

    def places_in(self, text: str, opens_sentence: bool = True) -> list[str]:
        """The known places ``text`` names, then the gazetteer's (a country, a US state or a
        city of 100,000 people or more: gazetteer.places_in_text), each once."""
        known = _names_in(text, self.places)
        found = places_in_text(text, opens_sentence)
        return known + [name for name in found if name not in known]

    def actors_in(self, text: str) -> list[str]:
        """The known people and bodies ``text`` names, then the names a title introduces
        ("President Ilham Aliyev": person_names.py), each once."""
        known = _names_in(text, self.actors)
        return known + [name for name in people_in_text(text) if name not in known]


def _contains(text: str, word: str, ignore_case: bool = False) -> bool:
    flags = re.IGNORECASE if ignore_case else 0
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, flags) is not None


def _names_in(text: str, names: list[str]) -> list[str]:
    return sorted((name for name in names if _contains(text, name)), key=text.find)


@dataclass
class Proposal:
    """A candidate event: a date, the verbatim sentence that states it, and drafted fields."""

    title: str
    start: PartialDate
    quote_start: int
    quote_end: int
    quote: str
    end: PartialDate | None = None
    open_ended: bool = False
    reported: bool = False
    phrase: str | None = None
    topics: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    kind: str = "stated"  # stated, dateline, reported, or section (dated by a heading or item)
    slug: str = ""
    # Dated from the publication or the sentence before ("yesterday", "the following year"):
    # a reviewer checks these first.
    inferred: bool = False
    date_text: str = ""  # the date as the sentence writes it, when it writes one
    edtf: str | None = None  # the date as EDTF, when the words say more ("around 1450")
    # The same happening in other articles of a batch: (source slug, their proposal).
    also: list[tuple[str, Proposal]] = field(default_factory=list)

    def record(self, source: str) -> dict:
        """The proposal in the format of ``db/events.toml``, marked for review."""
        record = {"slug": self.slug, "status": "proposed", "title": self.title, "summary": ""}
        if self.edtf:
            record["edtf"] = self.edtf
        record["start"] = self.start.iso
        if self.end is not None:
            record["end"] = self.end.iso
        if self.open_ended:
            record["open_ended"] = True
        if self.reported:
            record["reported"] = True
        elif self.inferred:
            record["inferred"] = True
        record.update(topics=self.topics, places=self.places, actors=self.actors)
        record.update(source=source, quote=self.quote, quote_start=self.quote_start)
        if self.phrase:
            record["phrase"] = self.phrase
        if self.also:
            record["also"] = [
                {"source": slug, "quote": other.quote, "quote_start": other.quote_start}
                for slug, other in self.also
            ]
        return record

    def api(self, source: str) -> dict:
        """The proposal in the public event shape of ``/api/events``, plus what a draft has:
        its status, quote offsets and phrase."""
        values = {
            "slug": self.slug,
            "title": self.title,
            "summary": "",
            "start": self.start.iso,
            "end": self.end.iso if self.end else None,
            "precision": self.start.precision,
            "end_precision": self.end.precision if self.end else None,
            "open_ended": self.open_ended,
            "reported": self.reported,
            "edtf": self.edtf or edtf_of(self.start, self.end, self.open_ended),
            "display_date": parse_edtf(self.edtf).label()
            if self.edtf
            else display_span(
                self.start, self.end, open_ended=self.open_ended, reported=self.reported
            ),
            "topics": self.topics,
            "places": self.places,
            "actors": self.actors,
            "quote": self.quote,
            "source": source,
        }
        return draft_event(
            values,
            status="proposed",
            inferred=self.inferred,
            also_reported_by=[{"source": slug, "quote": other.quote} for slug, other in self.also],
            quote_start=self.quote_start,
            quote_end=self.quote_end,
            phrase=self.phrase,
        )


def extract(
    text: str,
    published: PartialDate | None = None,
    vocabulary: Vocabulary | None = None,
    day_first: bool = True,
    article_title: str | None = None,
    body_start: int = 0,
    date_line: tuple[int, int] | None = None,
) -> list[Proposal]:
    """Every dated event the article states, in the order of the text.

    ``body_start`` and ``date_line`` come from an e-mail: its statements start after the
    headers, and its Date header line is the publication.
    """
    reader = _Reader(vocabulary or Vocabulary(), day_first, article_title)
    headers = re.sub(r"[^\r\n]", " ", text[:body_start])  # blanked, every offset kept
    sentences = split_sentences(headers + text[body_start:])
    metadata_end = structure.front_matter_end(text)  # where the file came from: no event
    sentences = [sentence for sentence in sentences if sentence.start >= metadata_end]
    body_line = _first_body_line(sentences)
    dateline = None
    if date_line is not None and published is not None:
        start, end = date_line
        dateline = (Sentence(start, end, text[start:end], -1), Mention(published, (0, end - start)))
    dateline = dateline or _dateline(sentences, body_line) or _wire_dateline(sentences, published)
    # A dateline dates what the article reports; a page's posting date or its metadata only
    # says when it went up, which may be days after what it reports was said.
    reader.dated_by_dateline = dateline is not None
    dateline = dateline or _posting_line(sentences)
    if published is None and dateline is not None:
        published = dateline[1].start
    if dateline is None and published is not None and published.precision == "day":
        dateline = _lead_as_publication(sentences, body_line, published)
    reader.title_line = _title_line(sentences)
    if dateline is not None and reader.title_line == dateline[0]:
        reader.title_line = None  # "NewsFebruary 6, 2002": the date line, not a title
    reader.agency = structure.agency(sentences)
    reader.annal_years = structure.annal_years(sentences)
    repeats = structure.teaser_repeats(sentences)  # the story printing its teaser again
    sentences = [sentence for sentence in sentences if sentence.start not in repeats]
    if dateline is not None:
        reader.add(dateline[0], [dateline[1]], kind="dateline")
    skip = (dateline[0], dateline[1].span, dateline[1].start) if dateline else None
    reader.read(sentences, published, skip)
    name_slugs(reader.proposals)
    _phrase_shared_quotes(reader.proposals)
    return reader.proposals


class _Reader:
    """Reads the sentences in order, keeping what dates the next one: the publication, the
    year last stated, the date last stated, and the section a dated heading opens."""

    def __init__(self, vocabulary: Vocabulary, day_first: bool, article_title: str | None):
        self.vocabulary, self.day_first, self.article_title = vocabulary, day_first, article_title
        self.proposals: list[Proposal] = []
        self.title_line: Sentence | None = None  # the text's own title: not a statement
        self.heading_title = ""
        self.dated_by_dateline = False
        self.annal_years: dict[int, Mention] = {}  # bare year lines ("873."), by sentence
        self.release: str | None = None  # the version whose section is being read
        self.agency: str | None = None  # the news agency the story is by ("AP")

    def add(self, sentence: Sentence, mentions: list[Mention], kind: str = "stated") -> None:
        if kind == "dateline":
            own = self.title_line.text if self.title_line else None
            title = publication_headline(sentence.text, self.article_title or own, self.agency)
            self.proposals.append(
                _proposal(sentence, mentions[0], title, None, self.vocabulary, kind)
            )
        elif kind == "stated":
            self.proposals += _stated(sentence, mentions, self.vocabulary)
        elif kind == "heading":  # a release's heading, a captioned date: an event of its own
            title = self.heading_title
            self.proposals.append(
                _proposal(sentence, mentions[0], title, None, self.vocabulary, "stated")
            )
        else:
            title = draft_title(sentence.text)
            if kind == "section" and self.release is not None:
                title = release_item_headline(self.release, title)  # "0.3.5 adds …"
            self.proposals.append(
                _proposal(sentence, mentions[0], title, None, self.vocabulary, kind)
            )

    def read(self, sentences: list[Sentence], published: PartialDate | None, skip) -> None:
        publication_year = published.year if published else None
        title_year = _title_year(self.title_line)
        title = self.title_line.text.strip() if self.title_line else None
        label: PartialDate | None = None
        caption = None  # a short label line ("Quarterfinals") naming the dated line below it
        # The day the article's opening tells of (in its first statements, not in what it
        # reports): when it is not the day the page went up (and no dateline dates the
        # report), the story is of another day, and what it reports was said then.
        story_day: PartialDate | None = None
        statements = 0
        pending = None  # a captioned date line, an event unless a statement follows it
        context_year, rollback = publication_year or title_year, True
        previous: PartialDate | None = None
        section: PartialDate | None = None
        section_level = 7  # a dated Markdown heading's level; 7 for a dated line
        unit_date: PartialDate | None = None  # what a unit's later sentences inherit
        unit_day = False  # a sentence of the unit told of a day: the rest is its story
        apparatus_level: int | None = None  # under "## References": citations, no events
        for sentence in sentences:
            text = sentence.text
            if sentence.first and structure.is_apparatus_heading(text):
                apparatus_level = _heading_level(text)
                continue
            if apparatus_level is not None:
                if not (sentence.first and _heading_level(text) <= apparatus_level):
                    continue
                apparatus_level = None  # "## History" after "## See also": the text again
            if _not_a_statement(text) or _copies_title(text, title):
                continue  # the title, or its copy over an infobox, names the subject
            if skip is not None and (sentence.start, sentence.end) == (skip[0].start, skip[0].end):
                low, high = skip[1]
                text = text[:low] + " " * (high - low) + text[high:]  # the dateline: said
                if not _worth_proposing(text, []):
                    previous = skip[2]
                    continue
            year = section.year if section is not None else context_year
            mentions = find_dates(
                text, year, self.day_first, anchor=published, previous=previous,
                rollback=rollback and section is None,
            )  # fmt: skip
            if (own := structure.item_year(text, mentions)) is not None and own != year:
                mentions = find_dates(
                    text, own, self.day_first, anchor=published, previous=previous
                )
                year = own  # "1476   Apr 26, …": the item's year completes its dates
            if sentence.start in self.annal_years:
                mentions = [self.annal_years[sentence.start]]  # "873.": an annal's year
            mentions, label = _structured(text, mentions, year, previous, published)
            if structure.is_posting_line(text, mentions):
                continue  # "and last updated 2019-03-07 19:05": when the page changed
            if sentence.first:
                unit_date, unit_day = None, False
                captioned, caption = caption, None
                if pending is not None:  # a captioned date over nothing is an event itself
                    if not _opens_a_statement(text, mentions):
                        self._add_captioned(*pending)
                    pending = None
                level = _heading_level(sentence.text)
                if level <= section_level:
                    section, section_level = None, 7
                    self.release = None
                release = structure.version_of(sentence.text, mentions)
                if mentions and (release or _date_only(sentence.text, mentions)):
                    if published is not None and mentions[0].start == published:
                        continue  # the dateline said again under the headline
                    if len(mentions) == 1 and mentions[0].kind in _PERIODS:
                        continue  # "20th century", "1490s:": a page's heading, no event
                    if mentions[0].end is None and len(mentions) == 1:
                        if release:
                            self.heading_title = f"{release} is released"
                            self.release = release  # its items' titles name it
                            self.add(sentence, mentions, kind="heading")
                        elif captioned is not None:  # "Quarterfinals" over "March 8"
                            pending = (sentence, mentions, captioned)
                        section = mentions[0].start  # a dated heading: dates its section
                        section_level = min(level, 7)
                        previous = unit_date = section  # an annal's year dates its entry
                        continue
                    self.add(sentence, mentions)
                    previous = _last_date(mentions)
                    context_year = _year_for_next(mentions, publication_year or title_year)
                    continue
                if not _worth_proposing(sentence.text, mentions) or _caption(text, mentions):
                    caption = _caption(sentence.text, mentions)  # "Championship Game"
                    continue
                if section is not None:
                    completed = any(m.year_from_context for m in mentions)
                    if not mentions or (section.precision == "day" and not completed):
                        self.add(sentence, [Mention(section, (0, 0))], kind="section")
                if label is not None:
                    unit_date = label  # "1776 - …": the item's later sentences are of 1776
                elif (
                    mentions
                    and _leads_with_date(sentence.text, mentions)
                    and not mentions[0].inferred  # "Yesterday, …" dates only its sentence
                ):
                    unit_date = mentions[0].start
                elif section is not None and section.precision != "day":
                    unit_date = section
            if mentions:
                self.add(sentence, mentions)
                unit_day = unit_day or any(m.start.precision == "day" for m in mentions)
                if story_day is None and statements < 4 and not REPORTING_VERBS.search(text):
                    story_day = next(
                        (m.start for m in mentions if m.start.precision == "day" and not m.end),
                        None,
                    )
                statements += 1  # sentences that state dates, in order
            elif (
                not sentence.first
                and unit_date is not None
                and _worth_proposing(sentence.text, [])
                and not structure.is_state(sentence.text)
            ):
                self.add(sentence, [Mention(unit_date, (0, 0))], kind="section")
            elif (
                published is not None
                and not unit_day
                and (self.dated_by_dateline or story_day in (None, published))
                and REPORTING_VERBS.search(text)
                and not structure.is_remark(text)
            ):
                self.add(sentence, [Mention(published, (0, 0))], kind="reported")
            previous = _last_date(mentions) or previous
            context_year = _year_for_next(mentions, publication_year or title_year or year)
            rollback = context_year == publication_year
        if pending is not None:
            self._add_captioned(*pending)

    def _add_captioned(self, sentence: Sentence, mentions: list[Mention], caption: str) -> None:
        self.heading_title = caption
        self.add(sentence, mentions, kind="heading")


def _last_date(mentions: list[Mention]) -> PartialDate | None:
    stated = [mention for mention in mentions if not mention.open_ended]
    if not stated:
        return None
    return stated[-1].end or stated[-1].start


# A Markdown heading, a wiki heading, or a setext underline: it closes a dated section.
_HEADING = re.compile(r"^\s{0,3}(?:#{1,6}\s|={1,6}[^=]|[=-]{3,}\s*$)")


def _heading(text: str) -> bool:
    return _HEADING.match(text) is not None


def _heading_level(text: str) -> int:
    """A heading's level (1 for "# …" or "=== …", 2 for "## …"), 8 for a line that is no
    heading: a dated section closes at a heading of its own level or above ("### Added" under
    "## [1.0.0] - 2017-06-20" does not close it; "## [0.0.1] - …" does). A dated line that is
    no Markdown heading opens a section of level 7, which any heading closes."""
    if not _heading(text):
        return 8
    marks = text.lstrip()
    return min(len(marks) - len(marks.lstrip("#=")) or 1, 6)


def _structured(text, mentions, year, previous, published):
    """The sentence's dates read with the structure around them (``structure``): asides
    dropped, an item's year given to its year-less dates, and the dates said through the
    text (a bare weekday, "On the 30th", "four days after"). Also the item's label year."""
    mentions = structure.without_asides(text, mentions)
    mentions = structure.weekday_fitted(text, mentions, published)
    mentions = structure.ordinal_days(text, mentions, year)
    mentions += structure.extra_mentions(text, mentions, year, previous, published)
    mentions.sort(key=lambda mention: mention.span)
    mentions = structure.holiday_years_absorbed(mentions)
    return structure.absorb_item_year(text, mentions)


def _copies_title(text: str, title: str | None) -> bool:
    """The title line, or its copy over an infobox, whole or broken over lines ("2008 NCAA
    Division I Men's" over "Lacrosse Championship")."""
    text = text.strip()
    if title is None or not text:
        return False
    return text == title or (len(text.split()) >= 3 and title.startswith(text))


def _not_a_statement(text: str) -> bool:
    """A page's navigation, a link definition, a question or a call to the reader ("Sign up
    today!"): nothing happened in it."""
    return (
        structure.is_navigation(text)
        or structure.is_link_definition(text)
        or structure.is_question(text)
        or structure.is_call_to_action(text)
    )


# What a dated heading may hold besides its date: list marks, heading marks, an era.
_HEADING_NOISE = re.compile(
    r"[\W_]+|\b(?:BCE?|CE|AD|B\.C\.|A\.D\.|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)\b"
)


def _without_dates(text: str, mentions: list[Mention]) -> str:
    """The sentence with each date it states cut out."""
    for low, high in sorted((m.span for m in mentions), reverse=True):
        text = text[:low] + " " + text[high:]
    return text


def _date_only(text: str, mentions: list[Mention]) -> bool:
    """Whether the sentence is a date and nothing else ("1975", "- 218 BC", "January 17,
    1986", "March 11 – August 21, 2016"): a heading."""
    return not _HEADING_NOISE.sub("", _without_dates(text, mentions)).strip()


def _worth_proposing(text: str, mentions: list[Mention]) -> bool:
    """A statement, not a label: two words or more besides its dates ("1986
    Revenue/Headcount" is a label), and not an aside in brackets."""
    rest = _without_dates(text, mentions)
    words = [token for token in rest.split() if re.search(r"[A-Za-z]{2}", token)]
    if _FIGURE.match(rest):  # "Revenue: $7.5 million", "Employees: 910"
        return False
    return len(words) >= 2 and not text.lstrip().startswith("(")


def _opens_a_statement(text: str, mentions: list[Mention]) -> bool:
    """Whether a unit starting with ``text`` is running text (a statement), not another label
    or dated line: a captioned date above it heads a section, it is no event itself."""
    if mentions and _date_only(text, mentions):
        return False
    return _worth_proposing(text, mentions) and _caption(text, mentions) is None


def _caption(text: str, mentions: list[Mention]) -> str | None:
    """A short label with no date ("Quarterfinals", "Championship Game"): it may name the
    dated line under it."""
    words = text.split()
    if mentions or _heading(text) or not 1 <= len(words) <= 4 or text.rstrip()[-1:] in ".!?;,":
        return None
    return text.strip().strip(_QUOTE_MARKS + "#*:").strip() or None


# A label and a figure: a table row, not a statement.
_FIGURE = re.compile(r"^\W*[\w /-]{1,30}:\s*[$€£]?[\d.,]+\s*(?:[a-z]+)?\W*$")


def _leads_with_date(text: str, mentions: list[Mention]) -> bool:
    """Whether the sentence opens with its date, as a dated list item does ("1984: ...",
    "7 November 1996: ...")."""
    lead = len(text) - len(text.lstrip(" \t-–—*•+#>"))
    return mentions[0].span[0] <= lead + 1


def extract_document(
    document: Document,
    published: PartialDate | None = None,
    vocabulary: Vocabulary | None = None,
    day_first: bool = True,
    article_title: str | None = None,
) -> list[Proposal]:
    """Every dated event a document states; ``published`` (else the document's own date)
    dates what it reports and completes dates written without a year."""
    return extract(
        document.text,
        published or document.published,
        vocabulary,
        day_first,
        article_title or document.title,
        document.body_start,
        document.date_line,
    )


def _year_for_next(mentions: list[Mention], publication_year: int | None) -> int | None:
    """The year a day and month without one take in the next sentence: the year this sentence
    ended on, unless it named none or left off in the present ("since 1962"): then the
    publication's."""
    stated = [mention for mention in mentions if not mention.year_from_context]
    if not stated or stated[-1].open_ended:
        return publication_year
    return (stated[-1].end or stated[-1].start).year


def _first_body_line(sentences: list[Sentence]) -> int:
    """The first line of running text: a sentence of eight words or more, ending a sentence.

    Lines above it are the headline, dateline and byline: not statements of the article.
    """
    for sentence in sentences:
        if len(sentence.text.split()) >= 8 and sentence.text.rstrip(_QUOTE_MARKS)[-1:] in ".!?":
            return sentence.line
    return 0


def _dateline(sentences: list[Sentence], body_line: int) -> tuple[Sentence, Mention] | None:
    """The short line above the body that carries a full date: when the article was published.
    A heading is none ("## [1.0.0] - 2017-06-20" dates its section)."""
    for sentence in sentences:
        if sentence.line >= body_line:
            return None
        if _heading(sentence.text):
            continue
        for mention in find_dates(sentence.text):
            if mention.start.precision == "day" and mention.end is None:
                return sentence, mention
    return None


def _posting_line(sentences: list[Sentence]) -> tuple[Sentence, Mention] | None:
    """A line near the top that only says when the page was posted ("March 7, 2019 Updated:
    March 7, 2019" under a byline): the publication, when no dateline came first."""
    for sentence in sentences[:20]:
        mentions = find_dates(sentence.text)
        if (
            structure.is_posting_line(sentence.text, mentions)
            and mentions[0].start.precision == "day"
            and mentions[0].end is None
        ):
            return sentence, mentions[0]
    return None


def _lead_as_publication(
    sentences: list[Sentence], body_line: int, published: PartialDate
) -> tuple[Sentence, Mention] | None:
    """The article's first sentence of running text (its lead) as what was published on
    ``published``, for an article whose date is known but printed nowhere in it."""
    if len(sentences) < 3:
        return None  # a sentence or two, not an article
    lead = next((s for s in sentences if s.line >= body_line), None)
    return (lead, Mention(published, (0, 0), inferred=True)) if lead is not None else None


def _title_line(sentences: list[Sentence]) -> Sentence | None:
    """The text's first line (below any date line) when it is a title: a line of its own,
    ending in no full stop, with more text after it ("2007 Southland Conference men's
    basketball tournament", "1912 - Sane 4th July Celebration"). Its dates name the subject;
    they are not events."""
    notices = {s.line for s in sentences[:6] if structure.is_call_to_action(s.text)}
    while sentences and (_dated_line(sentences[0].text) or sentences[0].line in notices):
        sentences = sentences[1:]  # a date line or a page's notice above the title
    if len(sentences) < 3 or sentences[1].line == sentences[0].line:
        return None
    first = sentences[0]
    text = first.text.strip()
    if text.rstrip(_QUOTE_MARKS)[-1:] in ".!?:;" or _heading(text) or len(text.split()) < 3:
        return None
    mentions = find_dates(text)
    if mentions and _date_only(text, mentions):
        return None
    return first


def _dated_line(text: str) -> bool:
    mentions = find_dates(text)
    return bool(mentions) and (
        _date_only(text, mentions) or structure.is_posting_line(text, mentions)
    )


def _title_year(title: Sentence | None) -> int | None:
    """The year a title names ("2007 Southland Conference …"): the year of the text's
    year-less dates when no publication gives one."""
    if title is None:
        return None
    years = [m.start.year for m in find_dates(title.text) if m.end is None]
    return years[0] if len(years) == 1 else None


# A wire dateline opening the body: "COLOMBO, March 30 -", "LOMBARD, Ill., March 3 -",
# "BEIJING, Jan. 8 (Xinhua) —". Its month and day are the publication's; the year is the
# publication's when given (a wire item rarely prints it).
_WIRE = re.compile(
    r"^\s{0,12}[A-Z][A-Z.'’ -]{1,40}(?:,\s{1,3}[A-Z][A-Za-z.'’ -]{1,30}){0,2},\s{1,3}"
    rf"(?:({MONTH})\s{{1,3}}(\d{{1,2}})|(\d{{1,2}})\s{{1,3}}({MONTH}))"
    r"(?:,?\s{1,3}(\d{4}))?\s{0,3}(?:\([A-Za-z .-]{2,30}\)\s{0,3})?[-–—]{1,2}"
)


# "LOS ANGELES (Reuters) -": a dateline without a date, kept out of titles.
_AGENCY_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{1,40}\s\([A-Za-z .-]{2,30}\)\s{0,3}[-–—]\s*")


def _wire_dateline(
    sentences: list[Sentence], published: PartialDate | None
) -> tuple[Sentence, Mention] | None:
    """The dateline at the start of the body's first sentence, dated when the year is known."""
    for sentence in sentences[:12]:
        match = _WIRE.match(sentence.text)
        if match is None:
            continue
        month_name, day = match.group(1) or match.group(4), match.group(2) or match.group(3)
        year = int(match.group(5)) if match.group(5) else published.year if published else None
        if year is None:
            return None
        try:
            date = from_parts(year, month_number(month_name), int(day))
        except DateError:
            return None
        return sentence, Mention(date, match.span())
    return None


# Where one sentence joins two happenings: "X won, while Y were named", "A is opened in Xiamen
# and sites are launched in Ireland", "Dell acquires Perot Systems and launches Dell Services".
_CLAUSE_BREAK = re.compile(
    r",\s+while\s+|;\s+(?:and\s+)?"
    r"|\s+and\s+(?=(?:[\w’'-]+\s+){1,3}(?:is|are|was|were|has|have|had)\b|[a-z]+es\b)"
)
_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|[a-z]{3,}ed)\b|\b[A-Z][a-z]+\s[a-z]{3,}e?s\b"
)


def _clauses(text: str) -> list[str]:
    """The happenings a one-date sentence joins, each as it is written; [] when it is one."""
    pieces, start = [], 0
    for match in _CLAUSE_BREAK.finditer(text):
        piece = text[start : match.start()]
        if _VERB.search(piece) and len(piece.split()) >= 3:
            pieces.append(piece)
            start = match.end()
    pieces.append(text[start:])
    pieces = [piece.strip().rstrip(".;,") for piece in pieces]
    if len(pieces) < 2 or any(len(p.split()) < 3 or text.count(p) != 1 for p in pieces):
        return []
    return pieces


def _stated(sentence: Sentence, mentions: list[Mention], vocabulary: Vocabulary) -> list[Proposal]:
    """One proposal per date; several dates in a sentence share it, each with its own phrase.
    One date over several joined happenings is one proposal for each."""
    if len(mentions) == 1 and (clauses := _clauses(sentence.text)):
        return [
            _proposal(sentence, mentions[0], draft_title(clause), clause, vocabulary)
            for clause in clauses
        ]
    shared = len(mentions) > 1
    title = draft_title(sentence.text)
    marks = _item_marks(sentence.text, mentions) if shared else []
    proposals = []
    for index, mention in enumerate(mentions):
        phrase = _phrase(sentence.text, index, mentions, marks) if shared else None
        if shared and phrase and sentence.text.count(phrase) != 1:
            phrase = sentence.text[mention.span[0] : mention.span[1]]
        proposals.append(
            _proposal(sentence, mention, _with_phrase(title, phrase), phrase, vocabulary)
        )
    return proposals


def _proposal(sentence, mention, title, phrase, vocabulary, kind="stated") -> Proposal:
    where = phrase or sentence.text
    return Proposal(
        title=title,
        start=mention.start,
        end=mention.end,
        open_ended=mention.open_ended,
        reported=kind == "reported",
        quote_start=sentence.start,
        quote_end=sentence.end,
        quote=sentence.text,
        phrase=phrase,
        topics=vocabulary.topics_in(sentence.text),
        places=vocabulary.places_in(where, not phrase or sentence.text.startswith(phrase)),
        actors=vocabulary.actors_in(sentence.text),
        kind=kind,
        inferred=mention.inferred or mention.year_from_context or kind == "section",
        date_text=sentence.text[mention.span[0] : mention.span[1]].strip(),
        edtf=mention.edtf,
    )


def _phrase_shared_quotes(proposals: list[Proposal]) -> None:
    """Proposals quoting one sentence each name their part of it (the build needs a phrase
    for every record sharing a quote): the dateline its dateline, another its date as
    written, else the sentence's first words, as many as make it unique."""
    by_quote: dict[tuple[int, int], list[Proposal]] = {}
    for proposal in proposals:
        by_quote.setdefault((proposal.quote_start, proposal.quote_end), []).append(proposal)
    for sharing in by_quote.values():
        if len(sharing) < 2:
            continue
        taken = {p.phrase for p in sharing if p.phrase}
        for proposal in (p for p in sharing if not p.phrase):
            candidates = [proposal.date_text.rstrip(" -–—")] if proposal.date_text else []
            words = proposal.quote.split()
            candidates += [" ".join(words[:n]) for n in range(4, len(words) + 1)]
            proposal.phrase = next(
                (c for c in candidates if c and c not in taken and proposal.quote.count(c) == 1),
                None,
            )
            taken.add(proposal.phrase)


def _item_marks(text: str, mentions: list[Mention]) -> list[int]:
    """Where list items may end, in order: brackets, commas and semicolons outside every date."""
    inside = bytearray(len(text))
    for low, high in (mention.span for mention in mentions):
        inside[low:high] = b"\x01" * (high - low)
    return [at for at, char in enumerate(text) if char in "(),;:" and not inside[at]]


def _phrase(text: str, index: int, mentions: list[Mention], marks: list[int]) -> str:
    """The list item around a date: "Istanbul 2004" in "Summits (Istanbul 2004, Riga 2006)".

    Items end at brackets, commas and semicolons (``marks``), but never inside a date
    ("18, 2022") or another date's item: phrases sharing a sentence do not overlap.
    """
    low, high = mentions[index].span
    left_limit = mentions[index - 1].span[1] if index else 0
    right_limit = mentions[index + 1].span[0] if index + 1 < len(mentions) else len(text)
    before = bisect.bisect_left(marks, low)
    after = bisect.bisect_left(marks, high)
    left = max(marks[before - 1] if before else -1, left_limit - 1)
    right = min(marks[after] if after < len(marks) else len(text), right_limit)
    item = text[left + 1 : right].strip()
    item = re.sub(r"^(?:and|or)\s{1,20}", "", item)
    if len(item) > 80 or not item:
        return text[low:high]
    return item


def draft_title(sentence: str) -> str:
    """The sentence as a headline: dateline, leading time and linking clauses, asides and
    quotation marks dropped, then made a headline by ``headlines.headline`` (the main clause,
    in the present, at most 70 characters, never cut with "…")."""
    title = _WIRE.sub("", sentence.strip(), count=1)
    title = _AGENCY_DATELINE.sub("", title, count=1).strip(_QUOTE_MARKS).strip()
    rest = _LEADING_DATE.sub("", title, count=1)
    if rest != title and _main_clause(rest):
        title = rest
    while (match := _LEADING_CLAUSE.match(title)) and _main_clause(title[match.end() :]):
        if _PASSIVE.search(match.group()):
            break  # "This year Osred … was slain on the border, he had …": the main clause
        title = title[match.end() :]
    title = _MARKDOWN_LINK.sub(r"\1", title)  # "[H. T. Kung](./H._T._Kung)": its words
    title = re.sub(r"\s{0,20}\([^()]{0,200}\)", "", title)
    title = re.sub(r"\s{0,20}\[\[?\w{1,4}\]?\]", "", title)  # a reference mark: "Texas.[1]"
    title = re.sub(r"\[\s*\]|\[\*?\[?citation needed\]?\*?\]", "", title)
    title = re.sub(r"[\s\u00a0]+", " ", title).strip().rstrip(".,;:").strip(_QUOTE_MARKS)
    return headline(title)


def _main_clause(rest: str) -> bool:
    """Whether what follows a leading clause can stand alone ("NATO urged…", not "and 95%…")."""
    first = rest.split(" ", 1)[0].lower()
    return len(rest) > 20 and first not in {"and", "but", "or", "while", "which", "who", "so"}


def _with_phrase(title: str, phrase: str | None) -> str:
    """A title for one of several events in a sentence: its own item when that says enough
    ("From June to August 1940 it was switched off"), else the sentence's ("…: Istanbul 2004")."""
    if not phrase:
        return title
    if len(phrase.split()) >= 5:
        return draft_title(phrase)
    if phrase in title:
        return title
    return f"{fit(title, max(30, 68 - len(phrase)))}: {phrase}"


# Words a slug does without: the date is at its end already, and these say nothing.
_SLUG_NOISE = set(MONTH_NAMES.split("|")) | {
    "a", "an", "the", "of", "in", "on", "at", "by", "for", "from", "to", "and", "or", "since",
    "between", "until", "during", "after", "before", "its", "his", "her", "their", "was", "were",
    "is", "are", "has", "have", "had", "be", "been", "with", "as", "that", "this", "up",
}  # fmt: skip


def event_slug(title: str, start: PartialDate, used: set[str]) -> str:
    """A readable slug not in ``used`` (which it joins): up to five words of the title that say
    something (no dates, numbers or small words), then the year ("union-grew-2015")."""
    words = [
        word for word in slugify(title).split("-")
        if word and not any(c.isdigit() for c in word) and word not in _SLUG_NOISE
    ][:5]  # fmt: skip
    year = str(start.year) if start.year > 0 else f"{-start.year}-bce"
    return unique_slug("-".join([*words, year]).strip("-"), used)


def name_slugs(proposals: list[Proposal]) -> None:
    """A readable slug for each proposal, unique within the article (see ``event_slug``)."""
    used: set[str] = set()
    for proposal in proposals:
        proposal.slug = event_slug(proposal.title, proposal.start, used)


PROPOSALS_HEADER = """\
# Events `timeline extract` proposed from sources/{slug}.txt, in the format of events.toml.
# Review each: check the date and the quote, write the title and a summary in your own words,
# set topics (from topics.toml), places and actors, then change status to "accepted", or
# delete the record. `timeline build` puts accepted events on the timeline; proposed ones
# are only marked on the source page.

"""


def proposals_toml(proposals: list[Proposal], source: str) -> str:
    """The proposals as an events file a person edits: ``[[events]]`` tables."""
    document = {"events": [proposal.record(source) for proposal in proposals]}
    return PROPOSALS_HEADER.format(slug=source) + tomli_w.dumps(document)


def proposals_toml_records(records: list[dict]) -> str:
    """Proposals of several sources (a batch) as one events file."""
    return tomli_w.dumps({"events": records})


def add_source(data_dir: Path, slug: str, text: str, meta: dict, proposals: list[Proposal]):
    """Write the article as a new source and its proposals into ``data_dir``.

    Returns the paths written. Refuses to replace a source that exists (SourceExists).
    """
    text_path, meta_path, proposals_path = paths = DataFolder(data_dir).source_files(slug)
    existing = [str(path) for path in paths if path.exists()]
    if existing:
        raise SourceExists(f"{existing[0]} exists: choose another --source-slug")
    proposals_path.parent.mkdir(exist_ok=True)
    text_path.write_text(text, encoding="utf-8")
    meta_path.write_text(
        f"# Metadata for sources/{slug}.txt, added by `timeline extract --add`.\n"
        + tomli_w.dumps({key: value for key, value in meta.items() if value}),
        encoding="utf-8",
    )
    proposals_path.write_text(proposals_toml(proposals, slug), encoding="utf-8")
    return paths


def publication_of(proposals: list[Proposal]) -> PartialDate | None:
    """The day the article's dateline gives for its publication, if it has one."""
    return next((p.start for p in proposals if p.kind == "dateline"), None)


def add_sources(data_dir: Path, articles: list[tuple[str, str, dict, list[Proposal]]]):
    """Each article (slug, text, metadata, proposals) added with ``add_source``, then the whole
    data folder checked: if a source exists already or anything would not build, every file
    written is removed again and the error raised (SourceExists, BuildError)."""
    folder = DataFolder(data_dir)
    written: list[Path] = []
    with folder.guarded(path for slug, *_ in articles for path in folder.source_files(slug)):
        for slug, text, meta, proposals in articles:
            written += add_source(data_dir, slug, text, meta, proposals)
        load_dataset(data_dir)
    return written
