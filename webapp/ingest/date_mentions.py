"""Date expressions in a sentence, and the numbers that only look like dates.

Found, most specific first (a span taken by one kind is not read again as another): month
ranges ("from June to August 2021"), ISO dates, numeric dates (their order settled by a number
over 12, then a weekday named in the sentence, then the outlet's convention), "18 January 2022",
"January 18, 2022", "October 2020", a day and month whose year comes from context ("on 6
February"), year ranges ("2017-2020"), and years ("in 1994", "1994's"). Neighbouring dates are
then joined: "from 2015 to August 2021" and "between 2004 and 2018" are ranges, "since 2002" an
open start.

A four-digit number is not a year when it counts something ("1200 servicemen"), is a
percentage, a price, an identifier ("No. 2019", "page 1994"), a time, part of a longer number
("1,994", "48.6", "+994 12 2018 2345") or of a compound ("a 2000-strong crowd").
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, replace

from ..dates import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    DateError,
    PartialDate,
    from_parts,
    month_number,
    weekday,
)
from . import fuzzy_mentions

FIRST_YEAR, LAST_YEAR = 1000, 2100

# Month names as written in English prose: capitalised, optionally abbreviated with a dot.
MONTH = "(?:" + "|".join(name.capitalize() for name in MONTH_NAMES.split("|")) + r")\b\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# Where a month name may start: a word's start, or glued to a label's last letter by a page's
# text extraction ("NewsFebruary 6, 2002", "DatesMay 10–26, 2008", "LaunchedJanuary 1, 1995").
_GLUED = r"(?:\b|(?<=[a-z]))"
_NOT_BEFORE = r"(?<![\w.,:/#$€£+\-–])"  # a number glued to these is part of something else
_NOT_AFTER = r"(?![\w%]|[.,:/]\d|[-–]\w)"

_ERA = r"(B\.\s?C\.(?:\s?E\.)?|BCE|BC|C\.\s?E\.|CE|A\.\s?D\.|AD)(?![\w.])"
_ANY_YEAR = r"(\d{1,3}(?:,\d{3}){1,3}|\d{1,12})"
_DASH = r"\s{0,3}[-–—]\s{0,3}"
_THROUGH = rf"(?:{_DASH}|\s{{1,20}}(?:to|until|till|through|and)\s{{1,20}})"

PATTERNS = {
    # Centuries, seasons, quarters, halves (fuzzy_mentions.py), before their years are taken.
    **{kind: pattern for kind, pattern in fuzzy_mentions.PATTERNS.items()},
    # Years of an era, as history is written: "218 BC", "217-216 B.C.", "AD 79", "21 June 217 BC".
    "era range": re.compile(rf"{_NOT_BEFORE}{_ANY_YEAR}{_DASH}{_ANY_YEAR}\s{{0,3}}{_ERA}"),
    "day month era": re.compile(
        rf"\b{_DAY}\s{{1,20}}({MONTH}),?\s{{1,20}}{_ANY_YEAR}\s{{0,3}}{_ERA}"
    ),
    "month era": re.compile(rf"{_GLUED}({MONTH}),?\s{{1,20}}{_ANY_YEAR}\s{{0,3}}{_ERA}"),
    "era year": re.compile(
        rf"{_NOT_BEFORE}(?:{_ANY_YEAR}\s{{0,3}}{_ERA}|(A\.\s?D\.|AD)\s{{1,3}}(\d{{1,4}})\b)"
    ),
    "month range": re.compile(
        rf"\b(?:[Ff]rom|[Bb]etween)\s{{1,20}}({MONTH})\s{{1,20}}"
        rf"(?:to|until|till|through|and|[-–—])\s{{1,20}}"
        rf"({MONTH})\s{{1,20}}(\d{{4}})\b"
    ),
    # "March 11 – August 21, 2016", "June 12-14, 2024", "12–14 June 2024",
    # "October 1986-April 1987".
    "month day span": re.compile(
        rf"{_GLUED}({MONTH})\s{{1,20}}{_DAY}{_THROUGH}({MONTH})\s{{1,20}}{_DAY},?\s{{1,20}}(\d{{4}})\b"
    ),
    "month days": re.compile(
        rf"{_GLUED}({MONTH})\s{{1,20}}(\d{{1,2}}){_DASH}(\d{{1,2}}),?\s{{1,20}}(\d{{4}})\b"
    ),
    "days month": re.compile(
        rf"{_NOT_BEFORE}\b(\d{{1,2}}){_DASH}(\d{{1,2}})\s{{1,20}}({MONTH}),?\s{{1,20}}(\d{{4}})\b"
    ),
    "month year span": re.compile(
        rf"{_GLUED}({MONTH}),?\s{{1,20}}(\d{{4}}){_THROUGH}({MONTH}),?\s{{1,20}}(\d{{4}})\b"
    ),
    "month span": re.compile(
        rf"{_GLUED}({MONTH})(?:{_DASH}|\s{{1,20}}(?:through|to|until|till)\s{{1,20}})({MONTH}),?\s{{1,20}}(\d{{4}})\b"
    ),
    "iso": re.compile(rf"{_NOT_BEFORE}(\d{{4}})-(\d{{2}})-(\d{{2}}){_NOT_AFTER}"),
    # Astronomers' order, a fraction of the day allowed: "2010 October 13.12".
    "year month day": re.compile(
        rf"{_NOT_BEFORE}(\d{{4}})\s{{1,3}}({MONTH})\s{{1,3}}(\d{{1,2}})(?:\.\d{{1,6}})?\b(?![:/-])"
    ),
    # Decades: "the 1960s and 1970s", "in the 1980s" (not "a 1980s-era room").
    "decades": re.compile(
        rf"{_NOT_BEFORE}(\d{{3}}0)['’]?s(?:\s{{1,3}}(?:and|to|through)\s{{1,3}}|{_DASH})(\d{{3}}0)['’]?s\b(?![-–])"
    ),
    "decade": re.compile(
        r"\b(?:the|[Ii]n|[Dd]uring|[Ss]ince|[Bb]y)\s{1,3}(?:the\s{1,3})?(?:early\s|mid-?|late\s)?(\d{3}0)['’]?s\b(?![-–])"
    ),
    "day-mon-year": re.compile(rf"{_NOT_BEFORE}(\d{{1,2}})-({MONTH})-(\d{{4}}){_NOT_AFTER}"),
    "numeric": re.compile(rf"{_NOT_BEFORE}(\d{{1,2}})([./-])(\d{{1,2}})\2(\d{{4}}){_NOT_AFTER}"),
    "day month year": re.compile(
        rf"\b{_DAY}\s{{1,20}}(?:of\s{{1,20}})?({MONTH}),?\s{{1,20}}(\d{{4}})\b"
    ),
    "month day year": re.compile(rf"{_GLUED}({MONTH})\s{{1,20}}{_DAY},?\s{{1,20}}(\d{{4}})\b"),
    "month year": re.compile(rf"{_GLUED}({MONTH}),?\s{{1,20}}(?:of\s{{1,20}})?(\d{{4}})\b"),
    # Year-less: the year comes from the context ("May 30 – July 14", "the May-September crop").
    "month day span, no year": re.compile(
        rf"{_GLUED}({MONTH})\s{{1,20}}{_DAY}{_THROUGH}({MONTH})\s{{1,20}}{_DAY}\b(?![:.,]?\s?\d)"
    ),
    "month span, no year": re.compile(rf"{_GLUED}({MONTH}){_DASH}({MONTH})\b(?!,?\s{{0,20}}\d)"),
    "day month": re.compile(
        rf"\b{_DAY}\s{{1,20}}(?:of\s{{1,20}})?({MONTH})(?!\s{{0,20}},?\s{{0,20}}\d)"
    ),
    "month day": re.compile(rf"{_GLUED}({MONTH})\s{{1,20}}{_DAY}\b(?![:.,]?\d)"),
    "year range": re.compile(
        rf"{_NOT_BEFORE}(\d{{4}})\s{{0,20}}[-–—/]\s{{0,20}}(\d{{4}}|\d{{2}})(?:['’]s)?{_NOT_AFTER}"
    ),
    "year": re.compile(rf"{_NOT_BEFORE}(\d{{4}})(?:['’]s)?{_NOT_AFTER}"),
    # A month alone, where a preposition or a list label says it is a date: "in January",
    # "since August", "February: Bill Gates ..." (its year from the context).
    "month alone": re.compile(
        rf"(?:\b(?:[Ii]n|[Ff]or|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Ff]rom|[Dd]uring|[Tt]hrough|"
        rf"[Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|[Ll]ate|[Mm]id-?)\s{{1,3}}(?:(?:early|late|mid-?)\s{{0,3}})?"
        rf"|^\W{{0,6}})({MONTH})(?!\s{{0,3}},?\s{{0,3}}\d)(?!\s\w)"
        rf"|^\W{{0,6}}({MONTH})(?=\s{{0,3}}[:–—-]\s)"
    ),
}
# Said relative to the publication: "yesterday", "last night", "this year", "on Sunday".
RELATIVE = {
    "relative day": re.compile(
        r"\b(?:([Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow)(?:['’]s)?|([Ll]ast night|"
        r"[Tt]his morning|[Tt]his afternoon|[Tt]his evening))\b(?!\.\w)"
    ),
    "relative year": re.compile(r"\b(this|last|next)\s(year)\b(?:['’]s)?", re.IGNORECASE),
    "weekday": re.compile(
        r"\b(?:on|last|this|next)\s(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
        r"\b(?!,?\s{0,3}(?:\d|" + MONTH + r"))|\b(Monday|Tuesday|Wednesday|Thursday|Friday|"
        r"Saturday|Sunday)['’]s\b"
    ),
    "years ago": re.compile(
        r"\b(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|"
        r"sixty|seventy|eighty|ninety|a hundred)\s(?:years)\s(ago|since)\b",
        re.IGNORECASE,
    ),
}
# Said relative to the date stated just before: "the following year", "later that day".
ANAPHORA = re.compile(
    r"\b(?:(the following|the next|the previous|the same|that same|that)\s"
    r"(year|day|morning|evening|night)|"
    r"(a year later|a day later|later that day|the day before|the year before))\b",
    re.IGNORECASE,
)
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100,
}  # fmt: skip
_WILL = re.compile(r"\b(?:will|shall|would|scheduled|due|to be)\b", re.IGNORECASE)
# Past tense: a year-less date far ahead of the publication in such a sentence is last year's.
PAST = re.compile(
    r"\b(?:was|were|had|did|been|ago|said|told|came|went|took|made|began|saw|won|lost|fell|"
    r"rose|left|met|held|led|gave|got|found|ran|became|wrote|\w{3,}ed)\b",
    re.IGNORECASE,
)
# How far ahead of the publication a year-less date may be and still be this year's.
NEAR_FUTURE_DAYS = 45
# A sentence about what is to come: a year-less date in it is not rolled back a year.
FUTURE = re.compile(
    r"\b(?:will|would|could|might|shall|until|expected|expects|scheduled|due|plans?|planned|next|"
    r"upcoming|forthcoming|coming)\b",
    re.IGNORECASE,
)

# Words after a number that say it counts something; with any plural noun after it, and no
# preposition before it, a number is read as a count too.
COUNT_WORDS = {
    "people", "persons", "men", "women", "children", "troops", "soldiers", "servicemen",
    "officers", "staff", "workers", "residents", "votes", "cases", "deaths", "units", "times",
    "km", "kilometres", "kilometers", "miles", "metres", "meters", "m", "kg", "tonnes", "tons",
    "dollars", "euros", "pounds", "manat", "roubles", "rubles", "usd", "eur", "azn",
    "percent", "per", "pages", "words", "hours", "minutes", "seconds", "days", "weeks",
    "feet", "acres", "hectares", "points", "goals", "runs", "spectators", "fans", "seats",
}  # fmt: skip
IRREGULAR_PLURALS = {
    "people", "children", "staff", "police", "cattle", "sheep", "feet", "geese", "personnel",
    "crew", "fish", "deer", "aircraft", "livestock",
}  # fmt: skip
ID_WORDS = {
    "no", "nr", "id", "number", "page", "p", "pp", "room", "flight", "code", "article", "item",
    "ref", "model", "route", "tel", "phone", "ext", "vol", "volume", "issue", "chapter",
    "section", "gate", "platform", "bus", "box", "unit", "lot", "order", "ticket", "usd", "eur",
    "azn", "gbp", "rub", "us$",
}  # fmt: skip
DATE_WORDS = {
    "in", "since", "from", "by", "until", "till", "to", "of", "during", "between", "and", "or",
    "after", "before", "around", "circa", "c", "year", "years", "spring", "summer", "autumn",
    "fall", "winter", "early", "late", "mid", "through", "throughout", "as", "at", "on",
}  # fmt: skip
_WORD = re.compile(r"[\w$#%]+\.?|%")
_RANGE_JOINS = {
    # "from 2015 to August 2021", "From 2004- up to 2008"
    "from": re.compile(
        r"^,?\s{0,20}[-–—]?\s{0,5}(?:up\s{1,5}to|to|until|till|through|[-–—])\s{0,20}$"
    ),
    "between": re.compile(r"^\s{0,20}and\s{0,20}$"),
    # "throughout 1996 and the beginning of 1997"
    "throughout": re.compile(
        r"^\s{0,20}and\s{1,5}(?:(?:the\s{1,5})?(?:beginning|start|end|middle|first half|"
        r"second half|early part|rest)\s{1,5}of\s{1,5})?$"
    ),
}
_LEAD = re.compile(r"\b(from|between|throughout)\s{1,20}$", re.IGNORECASE)
_OPEN_START = re.compile(r"\b(?:[Ss]ince|[Ee]ver since)\s{1,20}$")
_OPEN_AFTER = re.compile(r"^\s{0,20}(?:onwards|onward|on)\b")


# A sentence naming more dates than this is a list, not prose: the rest are not proposed.
MAX_MENTIONS = 60
# How far around a number the checks look: a few words each way.
_WINDOW = 80


class _Taken:
    """Disjoint character spans already read as dates, kept sorted for a logarithmic check."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start)
        before = index > 0 and self.ends[index - 1] > start
        after = index < len(self.starts) and self.starts[index] < end
        return before or after

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_right(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)


@dataclass(frozen=True)
class Mention:
    """A date stated in a sentence: where (offsets in the sentence) and what it says."""

    start: PartialDate
    span: tuple[int, int]
    end: PartialDate | None = None
    open_ended: bool = False
    kind: str = ""
    year_from_context: bool = False
    # Dated from the publication or the sentence before ("yesterday", "the following year").
    inferred: bool = False
    edtf: str | None = None  # when the words say more than start and end ("around 1450")


def find_dates(
    sentence: str,
    context_year: int | None = None,
    day_first: bool = True,
    anchor: PartialDate | None = None,
    previous: PartialDate | None = None,
    rollback: bool = False,
) -> list[Mention]:
    """Every date the sentence states, in order; ranges joined, duplicates dropped.

    ``context_year`` completes a date given without a year; when ``rollback`` (the context is
    the publication's own year) such a date later in the year than ``anchor`` (the publication)
    is taken from the year before, unless the sentence speaks of what is to come. ``anchor``
    also dates "yesterday", "last year", "on Sunday" and settles a numeric date against the
    publication; ``previous`` (the date stated last) dates "the following year" and "later
    that day". ``day_first`` settles a numeric date such as 03/04/2021 that nothing else
    settles. Time is linear in the sentence: every pattern's repetition is bounded, each check
    looks at a bounded window, and a sentence yields at most MAX_MENTIONS dates.
    """
    taken = _Taken()
    mentions: list[Mention] = []
    kinds = list(PATTERNS.items())
    if anchor is not None and anchor.precision == "day":
        kinds += list(RELATIVE.items())
    for kind, pattern in kinds:
        for match in pattern.finditer(sentence):
            if len(mentions) >= MAX_MENTIONS:
                break
            if taken.overlaps(*match.span()):
                continue
            try:
                mention = _read(kind, match, sentence, context_year, day_first, anchor)
            except DateError:  # "30 February 2021": a date, but no real one; not "February 2021"
                taken.add(*match.span())
                continue
            if mention is not None:
                taken.add(*match.span())
                mentions.append(mention)
    mentions += _anaphoras(sentence, mentions, previous, taken)
    if rollback and anchor is not None:
        mentions = [
            _rolled_back(mention, anchor) if _told_as_past(sentence, mention.span[0]) else mention
            for mention in mentions
        ]
    mentions = [m for m in mentions if not (m.inferred and _quoted(sentence, m.span[0]))]
    mentions.sort(key=lambda mention: mention.span)
    unique, seen = [], set()
    for mention in fuzzy_mentions.qualified(sentence, _join_ranges(sentence, mentions)):
        key = (mention.start, mention.end, mention.open_ended, mention.edtf)
        if key not in seen or mention.kind == "anaphora":  # "that year": another happening
            seen.add(key)
            unique.append(mention)
    return unique


def _anaphoras(sentence, mentions, previous, taken) -> list[Mention]:
    """ "the following year", "later that day": each dated from the date stated just before
    it, in this sentence or, failing that, the one before."""
    found = []
    for match in ANAPHORA.finditer(sentence):
        if taken.overlaps(*match.span()):
            continue
        before = [m for m in mentions if m.span[1] <= match.start() and not m.open_ended]
        base = (before[-1].end or before[-1].start) if before else previous
        if base is None:
            continue
        try:
            mention = _anaphora(match, base)
        except DateError:
            continue
        if mention is not None:
            found.append(mention)
    return found


_QUOTED_SPEECH = re.compile(r'“[^”]*”?|"[^"]*"?')


def _told_as_past(sentence: str, position: int) -> bool:
    """Whether the date at ``position`` is told as past: by its quoted speech's own words when
    it stands in one, else by the sentence's words outside any quote ("'I will sign on January
    15,' he tweeted on Dec. 31": the signing is to come, the tweet is past)."""
    words = _quote_around(sentence, position)
    if words is None:
        words = _QUOTED_SPEECH.sub(" ", sentence)
    return PAST.search(words) is not None and FUTURE.search(words) is None


def _quote_around(sentence: str, position: int) -> str | None:
    """The quoted speech ``position`` stands in (curly or straight quotes; one left open runs
    to the sentence's end), or None."""
    for quote in _QUOTED_SPEECH.finditer(sentence):
        if quote.start() < position < quote.end():
            return quote.group()
    return None


def _quoted(sentence: str, position: int) -> bool:
    """Whether ``position`` is inside quoted speech, whose "today" is the speaker's."""
    return _quote_around(sentence, position) is not None


def _rolled_back(mention: Mention, anchor: PartialDate) -> Mention:
    """A year-less date well ahead of the publication, in a sentence about the past, is from
    the year before: "since August", written in March 1987, is August 1986."""
    if not mention.year_from_context or mention.start.sort_key <= anchor.sort_key:
        return mention
    if mention.start.in_common_calendar and anchor.in_common_calendar:
        ahead = mention.start.first_day() - anchor.first_day()
        if ahead.days <= NEAR_FUTURE_DAYS:
            return mention
    end = _shift_year(mention.end, -1) if mention.end else None
    return replace(mention, start=_shift_year(mention.start, -1), end=end)


def _shift_year(date: PartialDate, years: int) -> PartialDate:
    parts = date.parts()
    year = parts["year"] + years
    if year == 0:  # no year 0: the year before 1 is 1 BCE
        year = -1 if years < 0 else 1
    return from_parts(year, parts.get("month"), parts.get("day"))


def _era_year(number: str, era: str) -> int:
    """A year as written with its era: ("218", "BC") -> -218, ("79", "AD") -> 79."""
    year = int(number.replace(",", ""))
    if year == 0:
        raise DateError("there is no year 0")
    return -year if era.lstrip().upper().startswith("B") else year


ERA_KINDS = ("era range", "day month era", "month era", "era year")
RANGE_KINDS = (
    "month day span", "month days", "days month", "month year span", "month span",
    "month day span, no year", "month span, no year",
)  # fmt: skip
RELATIVE_KINDS = ("relative day", "relative year", "weekday", "years ago")


def _read(kind, match, sentence, context_year, day_first, anchor=None):
    """The match as a Mention, or None if it is not a date; DateError if no real one."""
    groups, span = match.groups(), match.span()
    if kind in fuzzy_mentions.KINDS:
        return fuzzy_mentions.read(kind, match, Mention)
    if kind in ERA_KINDS:
        return _era_mention(kind, groups, span)
    if kind in RANGE_KINDS:
        return _range_mention(kind, groups, span, context_year)
    if kind in RELATIVE_KINDS:
        return _relative(kind, match, sentence, anchor)
    if kind == "month alone":
        if context_year is None:
            return None
        date = from_parts(context_year, month_number(groups[0] or groups[1]))
        return Mention(date, span, kind=kind, year_from_context=True)
    if kind == "day-mon-year":
        day, month, year = int(groups[0]), month_number(groups[1]), int(groups[2])
        return Mention(from_parts(year, month, day), span, kind=kind)
    if kind == "month range":
        year = int(groups[2])
        start = from_parts(year, month_number(groups[0]))
        end = from_parts(year, month_number(groups[1]))
        return Mention(start, span, end=end, kind=kind) if _before(start, end) else None
    if kind == "iso":
        year, month, day = map(int, groups)
        return Mention(from_parts(year, month, day), span, kind=kind)
    if kind == "year month day":
        year, month, day = int(groups[0]), month_number(groups[1]), int(groups[2])
        return Mention(from_parts(year, month, day), span, kind=kind)
    if kind in ("decades", "decade"):
        first, last = int(groups[0]), int(groups[-1])
        if not FIRST_YEAR <= first <= last <= LAST_YEAR:
            return None
        width = 99 if last % 100 == 0 else 9  # "the 1800s" is a century, "the 1980s" a decade
        return Mention(from_parts(first), span, end=from_parts(last + width), kind=kind)
    if kind == "numeric":
        return _numeric(match, sentence, day_first, anchor)
    return _read_written(kind, match, sentence, context_year)


def _read_written(kind, match, sentence, context_year) -> Mention | None:
    """Dates written in words ("18 January 2022", "October 2020", "6 February"), year ranges
    and years."""
    groups, span = match.groups(), match.span()
    if kind == "day month year":
        day, month, year = int(groups[0]), month_number(groups[1]), int(groups[2])
        return Mention(from_parts(year, month, day), span, kind=kind)
    if kind == "month day year":
        month, day, year = month_number(groups[0]), int(groups[1]), int(groups[2])
        return Mention(from_parts(year, month, day), span, kind=kind)
    if kind == "month year":
        month, year = month_number(groups[0]), int(groups[1])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return None
        return Mention(from_parts(year, month), span, kind=kind)
    if kind in ("day month", "month day"):
        if context_year is None:
            return None
        day, month = (groups[0], groups[1]) if kind == "day month" else (groups[1], groups[0])
        date = from_parts(context_year, month_number(month), int(day))
        return Mention(date, span, kind=kind, year_from_context=True)
    if kind == "year range":
        return _year_range(match, sentence)
    year = int(groups[0])
    if not _reads_as_year(sentence, match.start(1), match.end(), year):
        return None
    return Mention(from_parts(year), span, kind=kind)


def _era_mention(kind: str, groups: tuple, span: tuple[int, int]) -> Mention:
    if kind == "era range":
        first, last, era = groups
        start, end = _era_year(first, era), _era_year(last, era)
        return Mention(from_parts(start), span, end=from_parts(end), kind=kind)
    if kind == "day month era":
        day, month, number, era = groups
        date = from_parts(_era_year(number, era), month_number(month), int(day))
        return Mention(date, span, kind=kind)
    if kind == "month era":
        month, number, era = groups
        return Mention(from_parts(_era_year(number, era), month_number(month)), span, kind=kind)
    number, era, prefix, prefixed = groups
    year = _era_year(number, era) if number else _era_year(prefixed, prefix)
    return Mention(from_parts(year), span, kind=kind)


def _range_ends(kind: str, groups: tuple, context_year: int | None):
    """(start, end) of a range written in one piece; its year given once, or by the context."""
    month = month_number
    if kind == "month day span":
        m1, d1, m2, d2, year = groups
        year = int(year)
        return from_parts(year, month(m1), int(d1)), from_parts(year, month(m2), int(d2))
    if kind == "month days":
        m, d1, d2, year = groups
        return from_parts(int(year), month(m), int(d1)), from_parts(int(year), month(m), int(d2))
    if kind == "days month":
        d1, d2, m, year = groups
        return from_parts(int(year), month(m), int(d1)), from_parts(int(year), month(m), int(d2))
    if kind == "month year span":
        m1, y1, m2, y2 = groups
        return from_parts(int(y1), month(m1)), from_parts(int(y2), month(m2))
    if kind == "month span":
        m1, m2, year = groups
        return from_parts(int(year), month(m1)), from_parts(int(year), month(m2))
    if kind == "month day span, no year":
        m1, d1, m2, d2 = groups
        year = context_year
        return from_parts(year, month(m1), int(d1)), from_parts(year, month(m2), int(d2))
    m1, m2 = groups
    return from_parts(context_year, month(m1)), from_parts(context_year, month(m2))


def _range_mention(kind: str, groups: tuple, span: tuple[int, int], context_year: int | None):
    year_less = kind.endswith("no year")
    if year_less and context_year is None:
        return None
    start, end = _range_ends(kind, groups, context_year)
    if not _before(start, end):
        return None
    return Mention(start, span, end=end, kind=kind, year_from_context=year_less)


def _as_date(date: PartialDate) -> datetime.date | None:
    """A day of the common era as a datetime.date, for arithmetic in days."""
    return date.first_day() if date.precision == "day" and date.in_common_calendar else None


def _day_mention(day: datetime.date, span: tuple[int, int], kind: str) -> Mention:
    return Mention(from_parts(day.year, day.month, day.day), span, kind=kind, inferred=True)


def _relative(kind: str, match, sentence: str, anchor: PartialDate) -> Mention | None:
    """A date said relative to the publication (``anchor``, a day)."""
    text = match.group(0).lower()
    if kind == "relative year":
        shift = {"this": 0, "last": -1, "next": 1}[match.group(1).lower()]
        return Mention(from_parts(anchor.year + shift), match.span(), kind=kind, inferred=True)
    if kind == "years ago":
        number = match.group(1).lower()
        years = NUMBER_WORDS.get(number) or int(number)
        return Mention(from_parts(anchor.year - years), match.span(), kind=kind, inferred=True)
    today = _as_date(anchor)
    if today is None:
        return None
    if kind == "relative day":
        shift = -1 if text.startswith(("yesterday", "last night")) else 0
        shift = 1 if text.startswith("tomorrow") else shift
        return _day_mention(today + datetime.timedelta(days=shift), match.span(), kind)
    wanted = WEEKDAY_NAMES.index((match.group(1) or match.group(2)).capitalize())
    before = sentence[max(0, match.start() - 60) : match.start()]
    ahead = text.startswith("next") or (
        not text.startswith("last") and _WILL.search(before) is not None
    )
    step = datetime.timedelta(days=1 if ahead else -1)
    day = today
    while day.weekday() != wanted:
        day += step
    return _day_mention(day, match.span(), kind)


def _anaphora(match, previous: PartialDate) -> Mention | None:
    """ "the following year", "later that day": dated from the date stated just before."""
    text = match.group(0).lower()
    later = any(word in text for word in ("following", "next", "later"))
    earlier = any(word in text for word in ("previous", "before"))
    shift = 1 if later and "later that day" not in text else -1 if earlier else 0
    if "year" in text:
        year = previous.year + shift
        year = year if year != 0 else shift  # no year 0
        return Mention(from_parts(year), match.span(), kind="anaphora", inferred=True)
    day = _as_date(previous)
    if day is None:
        return None
    return _day_mention(day + datetime.timedelta(days=shift), match.span(), "anaphora")


def _numeric(match, sentence: str, day_first: bool, anchor: PartialDate | None) -> Mention | None:
    """03/04/2021 (or 03.04.2021, 03-04-2021): the order settled by a number over 12, then by
    the publication (the reading that is its day, else the only one not after it), then by a
    weekday named in the sentence, then by the outlet's convention (``day_first``)."""
    first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    orders = []
    for day, month in ((first, second), (second, first)):
        try:
            orders.append(from_parts(year, month, day))
        except DateError:
            continue
    orders = list(dict.fromkeys(orders))
    if not orders:
        return None
    if len(orders) == 2 and anchor is not None and anchor.precision == "day":
        settled = [date for date in orders if date == anchor] or [
            date for date in orders if date.sort_key <= anchor.sort_key
        ]
        if len(settled) == 1:
            orders = settled
    if len(orders) == 2:
        named = [name for name in WEEKDAY_NAMES if re.search(rf"\b{name}\b", sentence)]
        fitting = [date for date in orders if named and weekday(date) in named]
        orders = fitting if len(fitting) == 1 else [orders[0] if day_first else orders[1]]
    return Mention(orders[0], match.span(), kind="numeric")


def _year_range(match, sentence: str) -> Mention | None:
    first, last = match.group(1), match.group(2)
    low = int(first)
    high = int(first[:2] + last) if len(last) == 2 else int(last)
    if not (FIRST_YEAR <= low < high <= LAST_YEAR):
        return None
    if not _reads_as_year(sentence, match.start(1), match.end(), low):
        return None
    return Mention(from_parts(low), match.span(), end=from_parts(high), kind="year range")


def _before(first: PartialDate, second: PartialDate) -> bool:
    return first.sort_key < second.sort_key


def _words_before(sentence: str, position: int, count: int = 2) -> list[str]:
    window = sentence[max(0, position - _WINDOW) : position]
    return [w.lower().rstrip(".") for w in _WORD.findall(window)[-count:]]


def _reads_as_year(sentence: str, start: int, end: int, year: int) -> bool:
    """Whether the four digits at ``start`` name a year rather than count or label something."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return False
    before = _words_before(sentence, start)
    after_text = sentence[end : end + _WINDOW]
    after = [word.lower().strip(".,;:!?") for word in after_text.split(None, 2)[:2]]
    previous = before[-1] if before else ""
    following = after[0] if after else ""
    if previous in ID_WORDS or sentence[max(0, start - _WINDOW) : start].rstrip().endswith(
        ("#", "№")
    ):
        return False
    if previous.isdigit() or following.isdigit():  # a phone number or a list of numbers
        return False
    opening, closing = sentence[start - 1 : start], sentence[end : end + 2].lstrip(",.")[:1]
    if start and opening in ("“", '"') and closing in ("”", '"'):
        return False  # a title in quotes: the film “1917”
    if following in ("%", "percent") or after[:2] == ["per", "cent"]:
        return False
    if following in COUNT_WORDS:
        return False
    next_word = re.match(r"\s+([a-z][a-z]+)\b", after_text)
    return not (next_word and _plural(next_word.group(1)) and previous not in DATE_WORDS)


def _plural(word: str) -> bool:
    """A rough test for a plural noun: what a count is followed by ("1200 fishermen")."""
    return word in IRREGULAR_PLURALS or (word.endswith(("s", "men")) and not word.endswith("ss"))


def _join_ranges(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """Join "from A to B" and "between A and B" into ranges; mark "since A" open-ended."""
    joined: list[Mention] = []
    index = 0
    while index < len(mentions):
        mention = mentions[index]
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        before = sentence[max(0, mention.span[0] - _WINDOW) : mention.span[0]]
        lead = _LEAD.search(before)
        if following and lead and mention.end is None and following.end is None:
            gap = sentence[mention.span[1] : following.span[0]]
            if _RANGE_JOINS[lead.group(1).lower()].match(gap):
                end = following.start
                if mention.year_from_context or mention.start.year > end.year:
                    pass
                elif _before(mention.start, end):
                    span = (mention.span[0], following.span[1])
                    joined.append(replace(mention, end=end, span=span, kind="range"))
                    index += 2
                    continue
        after = sentence[mention.span[1] : mention.span[1] + _WINDOW]
        open_after = lead is not None and _OPEN_AFTER.match(after) is not None
        if mention.end is None and (_OPEN_START.search(before) or open_after):
            mention = replace(mention, open_ended=True)
        joined.append(mention)
        index += 1
    return joined
