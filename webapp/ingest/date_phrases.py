"""Whether a quote states a date form: the words that say a decade, a century, a season, a
quarter, "around", "perhaps", "before" or "after".

The build refuses an event whose EDTF date says more than its quote: a decade the quote does
not name, or a qualifier ("~" approximate, "?" uncertain) or open end ("before", "after") it does
not support. The words are those the issue lists (docs/dates.md, "The quote check").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..date_forms import DateForm, Point
from ..dates import PartialDate, display_year

APPROXIMATE_WORDS = re.compile(
    r"\b(?:around|about|circa|ca\.|c\.|some|approximately|roughly|nearly|early|mid|late)(?!\w)"
    r"|~",
    re.IGNORECASE,
)
UNCERTAIN_WORDS = re.compile(
    r"\b(?:may|might|could) have\b|\b(?:possibly|perhaps|probably|reportedly|likely|maybe)\b|\?",
    re.IGNORECASE,
)
BEFORE_WORDS = re.compile(r"\b(?:before|until|till|by|prior to|up to|no later than)\b", re.I)
AFTER_WORDS = re.compile(r"\b(?:after|since|later than|from)\b", re.IGNORECASE)

ORDINAL_WORDS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
)
SEASON_WORDS = {"spring": "spring", "summer": "summer", "autumn": "autumn|fall", "winter": "winter"}
QUARTER_WORDS = ("first|1st", "second|2nd", "third|3rd", "fourth|4th|last")
HALF_WORDS = ("first|1st", "second|2nd|last")

StatesDate = Callable[[str, PartialDate], bool]


def form_problem(quote: str, form: DateForm, states_date: StatesDate) -> str | None:
    """What ``form`` says that ``quote`` does not, as a sentence for the build's error; None
    when the quote supports all of it. ``states_date`` is the plain-date check (the year)."""
    for which, point in (("start", form.start), ("end", form.end)):
        if point is not None and not _states_point(quote, point, form, states_date):
            return (
                f"edtf {form.edtf!r}: its {which} ({point.label()}) is not in its quote: correct "
                "the date, quote the sentence that states it, or mark the event inferred = true"
            )
    points = [point for point in (form.start, form.end) if point]
    if any(p.approximate for p in points) and not APPROXIMATE_WORDS.search(quote):
        return _unsupported(form, "approximate (~)", '"around", "about", "c.", "circa", "some"')
    if any(p.uncertain for p in points) and not UNCERTAIN_WORDS.search(quote):
        return _unsupported(
            form,
            "uncertain (?)",
            '"may have", "possibly", "perhaps", "probably", "reportedly", "?"',
        )
    if form.open_start and not BEFORE_WORDS.search(quote):
        return _unsupported(form, "before (../)", '"before", "until", "by"')
    if form.open_end and not AFTER_WORDS.search(quote):
        return _unsupported(form, "after (/..)", '"after", "since"')
    return None


def _unsupported(form: DateForm, what: str, words: str) -> str:
    return (
        f"edtf {form.edtf!r} says {what}, but its quote does not ({words}): drop the qualifier "
        "or quote the sentence that says it"
    )


def _states_point(quote: str, point: Point, form: DateForm, states_date: StatesDate) -> bool:
    year = point.first.year
    if point.grain == "decade" and year >= 10:
        return _says(quote, rf"(?<!\d){year}['’]?s\b")
    if point.grain == "century" and year >= 100:
        return _says(quote, rf"(?<!\d){year}['’]?s\b") or _names_century(quote, year // 100 + 1)
    if point.subyear is not None:
        return states_date(quote, PartialDate(year)) and _says(quote, _subyear_words(point))
    if point.grain in ("year", "month", "day") and form.interval:
        named = _named_century(form)
        if named and _names_century(quote, named):
            return True
    if all(
        states_date(quote, d) or _says_deep_year(quote, d.year) for d in (point.first, point.last)
    ):
        return True
    is_open = form.open_start or form.open_end
    return is_open and year >= 1 and _names_century(quote, (year - 1) // 100 + 1)


def _says_deep_year(quote: str, year: int) -> bool:
    """Deep time as the display writes it: "66 million" (years ago), "1.5 million" (CE)."""
    if abs(year) < 1_000_000:
        return False
    number = display_year(year).removesuffix(" years ago").removesuffix(" CE")
    return re.search(rf"(?<![\d.]){re.escape(number)}\b", quote) is not None


def _named_century(form: DateForm) -> int | None:
    """15 for ``1401/1500``: an interval that is a century as historians count it."""
    if not (form.start and form.end):
        return None
    low, high = form.start.first.year, form.end.last.year
    return high // 100 if low >= 1 and low % 100 == 1 and high == low + 99 else None


def _names_century(quote: str, number: int) -> bool:
    """Whether the quote says "the 15th century" or "the fifteenth century"."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    names = [f"{number}{suffix or 'th'}"]
    if number <= len(ORDINAL_WORDS):
        names.append(ORDINAL_WORDS[number - 1])
    return _says(quote, rf"\b(?:{'|'.join(names)})[\s-]+century")


def _subyear_words(point: Point) -> str:
    code = point.subyear
    if point.grain == "season":
        name = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}[21 + (code - 21) % 4]
        if 29 <= code <= 32:
            name = ("spring", "summer", "autumn", "winter")[code - 29]
        return rf"\b(?:{SEASON_WORDS[name]})\b"
    if point.grain == "quarter":
        number = code - 32
        return rf"\b(?:{QUARTER_WORDS[number - 1]})[\s-]+quarter\b|\bQ{number}\b|\b{number}Q\b"
    if point.grain == "half":
        number = code - 39
        return rf"\b(?:{HALF_WORDS[number - 1]})[\s-]+half\b|\bH{number}\b"
    return r"\b(?:first|second|last|third)\b"


def _says(quote: str, pattern: str) -> bool:
    return re.search(pattern, quote, re.IGNORECASE) is not None
