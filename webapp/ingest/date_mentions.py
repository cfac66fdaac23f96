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

FIRST_YEAR, LAST_YEAR = 1000, 2100

# Month names as written in English prose: capitalised, optionally abbreviated with a dot.
_MONTH = "(?:" + "|".join(name.capitalize() for name in MONTH_NAMES.split("|")) + r")\b\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_NOT_BEFORE = r"(?<![\w.,:/#$€£+\-–])"  # a number glued to these is part of something else
_NOT_AFTER = r"(?![\w%]|[.,:/]\d|[-–]\w)"

PATTERNS = {
    "month range": re.compile(
        rf"\b(?:[Ff]rom|[Bb]etween)\s{{1,20}}({_MONTH})\s{{1,20}}"
        rf"(?:to|until|till|through|and|[-–—])\s{{1,20}}"
        rf"({_MONTH})\s{{1,20}}(\d{{4}})\b"
    ),
    "iso": re.compile(rf"{_NOT_BEFORE}(\d{{4}})-(\d{{2}})-(\d{{2}}){_NOT_AFTER}"),
    "numeric": re.compile(rf"{_NOT_BEFORE}(\d{{1,2}})([./])(\d{{1,2}})\2(\d{{4}}){_NOT_AFTER}"),
    "day month year": re.compile(
        rf"\b{_DAY}\s{{1,20}}(?:of\s{{1,20}})?({_MONTH}),?\s{{1,20}}(\d{{4}})\b"
    ),
    "month day year": re.compile(rf"\b({_MONTH})\s{{1,20}}{_DAY},?\s{{1,20}}(\d{{4}})\b"),
    "month year": re.compile(rf"\b({_MONTH}),?\s{{1,20}}(?:of\s{{1,20}})?(\d{{4}})\b"),
    "day month": re.compile(
        rf"\b{_DAY}\s{{1,20}}(?:of\s{{1,20}})?({_MONTH})(?!\s{{0,20}},?\s{{0,20}}\d)"
    ),
    "month day": re.compile(rf"\b({_MONTH})\s{{1,20}}{_DAY}\b(?![:.,]?\d)"),
    "year range": re.compile(
        rf"{_NOT_BEFORE}(\d{{4}})\s{{0,20}}[-–—/]\s{{0,20}}(\d{{4}}|\d{{2}})(?:['’]s)?{_NOT_AFTER}"
    ),
    "year": re.compile(rf"{_NOT_BEFORE}(\d{{4}})(?:['’]s)?{_NOT_AFTER}"),
}

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
    "from": re.compile(r"^\s{0,20}(?:to|until|till|through|[-–—])\s{0,20}$"),
    "between": re.compile(r"^\s{0,20}and\s{0,20}$"),
}
_LEAD = re.compile(r"\b(from|between)\s{1,20}$", re.IGNORECASE)
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


def find_dates(
    sentence: str, context_year: int | None = None, day_first: bool = True
) -> list[Mention]:
    """Every date the sentence states, in order; ranges joined, duplicates dropped.

    ``context_year`` completes a day and month given without a year; ``day_first`` settles a
    numeric date such as 03/04/2021 that nothing in the sentence settles. Time is linear in the
    sentence: every pattern's repetition is bounded, each check looks at a bounded window, and
    a sentence yields at most MAX_MENTIONS dates.
    """
    taken = _Taken()
    mentions: list[Mention] = []
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(sentence):
            if len(mentions) >= MAX_MENTIONS:
                break
            if taken.overlaps(*match.span()):
                continue
            try:
                mention = _read(kind, match, sentence, context_year, day_first)
            except DateError:  # "30 February 2021": a date, but no real one; not "February 2021"
                taken.add(*match.span())
                continue
            if mention is not None:
                taken.add(*match.span())
                mentions.append(mention)
    mentions.sort(key=lambda mention: mention.span)
    unique, seen = [], set()
    for mention in _join_ranges(sentence, mentions):
        key = (mention.start, mention.end, mention.open_ended)
        if key not in seen:
            seen.add(key)
            unique.append(mention)
    return unique


def _read(kind, match, sentence, context_year, day_first) -> Mention | None:
    """The match as a Mention, or None if it is not a date; DateError if no real one."""
    groups = match.groups()
    if kind == "month range":
        year = int(groups[2])
        start, end = (
            from_parts(year, month_number(groups[0])),
            from_parts(year, month_number(groups[1])),
        )
        return Mention(start, match.span(), end=end, kind=kind) if _before(start, end) else None
    if kind == "iso":
        year, month, day = map(int, groups)
        return Mention(from_parts(year, month, day), match.span(), kind=kind)
    if kind == "numeric":
        return _numeric(match, sentence, day_first)
    if kind == "day month year":
        day, month, year = int(groups[0]), month_number(groups[1]), int(groups[2])
        return Mention(from_parts(year, month, day), match.span(), kind=kind)
    if kind == "month day year":
        month, day, year = month_number(groups[0]), int(groups[1]), int(groups[2])
        return Mention(from_parts(year, month, day), match.span(), kind=kind)
    if kind == "month year":
        month, year = month_number(groups[0]), int(groups[1])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return None
        return Mention(from_parts(year, month), match.span(), kind=kind)
    if kind in ("day month", "month day"):
        if context_year is None:
            return None
        day, month = (groups[0], groups[1]) if kind == "day month" else (groups[1], groups[0])
        date = from_parts(context_year, month_number(month), int(day))
        return Mention(date, match.span(), kind=kind, year_from_context=True)
    if kind == "year range":
        return _year_range(match, sentence)
    year = int(groups[0])
    if not _reads_as_year(sentence, match.start(1), match.end(), year):
        return None
    return Mention(from_parts(year), match.span(), kind=kind)


def _numeric(match, sentence: str, day_first: bool) -> Mention | None:
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
