"""Honest dates: a date is as precise as its source says, and may be a range.

Dates live in the data as ``Y``, ``Y-MM`` or ``Y-MM-DD``. They are never padded to a fake first of
January: ``2004`` stays a year, shown as "2004". Parsing and display go through here and nowhere
else.

Years run from deep time to the far future (``limits.MIN_YEAR`` to ``limits.MAX_YEAR``) in
historical numbering, as people write them: ``-300`` is 300 BCE, the year before 1 is -1, and
there is no year 0. A year is written without padding (``602``, ``-44-03-15``); four-digit input
such as ``0602`` is read too. Months and days follow the proleptic Gregorian calendar before
year 1 as after it (1 BCE is a leap year, as astronomical year 0 is).

Display convention (README, "Dates"): "602", "44 BCE", "15 March 44 BCE", "12,000 BCE" and
"25,000 CE"; a million years or more before the common era is said as time ago ("13.8 billion
years ago", "66 million years ago"), a million years or more after it as "1.5 million CE".
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import arrow
from babel import dates as babel_dates
from babel.numbers import format_compact_decimal

from . import wording
from .errors import InputError
from .limits import MAX_YEAR, MIN_YEAR
from .wording import N_
from .wording import gettext as _

PRECISIONS = ("year", "month", "day")
_ISO_PARTIAL = re.compile(r"(-?\d{1,12})(?:-(\d{2})(?:-(\d{2}))?)?")
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ENGLISH = arrow.locales.get_locale("en")


class DateError(InputError, ValueError):
    """A date that is not ``Y``, ``Y-MM`` or ``Y-MM-DD``, or not a real day."""


NO_YEAR_ZERO = N_("there is no year 0: 1 BCE (-1) is followed by 1 CE (1)")


def is_leap(year: int) -> bool:
    """Gregorian leap years, proleptic and in historical numbering (1 BCE is astronomical 0)."""
    astronomical = year + 1 if year < 0 else year
    return astronomical % 4 == 0 and (astronomical % 100 != 0 or astronomical % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    return 29 if month == 2 and is_leap(year) else _DAYS_IN_MONTH[month - 1]


def check_year(year: int, what: str = "the year") -> int:
    """``year`` if it is one we can tell (inside the limits, not 0); DateError saying why if not."""
    if year == 0:
        raise DateError(f"{what}: {NO_YEAR_ZERO}")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"{what} must be between {MIN_YEAR} and {MAX_YEAR}, not {year}")
    return year


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``Y``, ``Y-MM`` or ``Y-MM-DD`` (``-300``, ``602``, ``2021-08-15``)."""
        match = _ISO_PARTIAL.fullmatch(str(text).strip())
        if not match:
            raise DateError(
                f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD "
                "(a minus sign for years BCE: -300)"
            )
        year, month, day = (int(part) if part else None for part in match.groups())
        check_year(year, f"{text!r}")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"{text!r} is not a real calendar date: no month {month}")
        if day is not None and not 1 <= day <= days_in_month(year, month):
            raise DateError(f"{text!r} is not a real calendar date")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        """``year``, ``month`` or ``day``: how much of the date the source gives."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def iso(self) -> str:
        """The date as precise as it is known: ``2004``, ``2021-08`` or ``2022-01-18``."""
        parts = [str(self.year)]
        parts += [f"{value:02d}" for value in (self.month, self.day) if value is not None]
        return "-".join(parts)

    @property
    def sort_key(self) -> int:
        """An integer that orders dates; a year sorts before the months within it."""
        return self.year * 10000 + (self.month or 0) * 100 + (self.day or 0)

    @property
    def html_datetime(self) -> str:
        """The date as HTML's ``<time datetime>`` wants it: years of four digits at least (only
        years from 1 have an HTML form)."""
        return "-".join([f"{self.year:04d}", *(f"{p:02d}" for p in (self.month, self.day) if p)])

    @property
    def in_common_calendar(self) -> bool:
        """Whether the standard library's dates (years 1–9999) can hold it, as iCalendar and
        spreadsheets need."""
        return datetime.MINYEAR <= self.year < datetime.MAXYEAR

    def first_day(self) -> datetime.date:
        """The first calendar day the date covers (1 January for a year); DateError outside
        years 1–9998 (see ``in_common_calendar``)."""
        if not self.in_common_calendar:
            raise DateError(f"{self.iso} lies outside the years 1–9998 a calendar file can hold")
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def day_after(self) -> datetime.date:
        """The day after the last day the date covers: an exclusive end, as iCalendar wants."""
        shift = {"year": {"years": 1}, "month": {"months": 1}, "day": {"days": 1}}
        return arrow.get(self.first_day()).shift(**shift[self.precision]).date()

    def parts(self) -> dict[str, int]:
        """Only the parts that are known: {"year": 2021, "month": 8}."""
        named = {"year": self.year, "month": self.month, "day": self.day}
        return {name: value for name, value in named.items() if value is not None}

    def display(self) -> str:
        """Human form: "2004", "August 2021", "18 January 2022".

        Month names come from arrow's English locale directly: parsing and formatting through
        arrow cost ~80 µs a date, and a page shows a hundred.
        """
        year = display_year(self.year)
        if self.month is None:
            return year
        if wording.current() != wording.SOURCE_LANGUAGE:
            return _in_locale(self, year)
        month = _ENGLISH.month_name(self.month)
        if self.day is None:
            return f"{month} {year}"
        return f"{self.day} {month} {year}"


def _in_locale(date: PartialDate, year: str) -> str:
    """A month or a day in the reader's language, as CLDR writes it (through Babel): "18 yanvar
    2022", "18 января 2022 г.", "январь 2022 г."; a year outside 1–9999 keeps our own words for
    the year beside CLDR's month name."""
    locale = wording.current()
    month = date.month or 1
    if date.in_common_calendar:
        day = datetime.date(date.year, month, date.day or 1)
        if date.day is None:
            return babel_dates.format_skeleton("yMMMM", day, locale=locale)
        return babel_dates.format_date(day, "long", locale=locale)
    name = babel_dates.get_month_names("wide", "stand-alone", locale=locale)[month]
    return f"{date.day} {name} {year}" if date.day else f"{name} {year}"


def large_number(number: int) -> str:
    """1_500_000 as "1.5 million", 13_800_000_000 as "13.8 billion" (CLDR's long compact
    form in the other languages: "13,8 milyard")."""
    if wording.current() != wording.SOURCE_LANGUAGE:
        if number >= 10**6:
            return format_compact_decimal(
                number, format_type="long", fraction_digits=2, locale=wording.current()
            )
        return wording.number(number)
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if number >= size:
            return f"{number / size:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{number:,}"


def display_year(year: int) -> str:
    """A year as people write it: "602", "2022", "44 BCE", "12,000 BCE", "25,000 CE",
    "66 million years ago", "1.5 million CE" (the convention in the module docstring)."""
    if 1 <= year <= 9999:
        return str(year)
    if -9999 <= year <= -1:
        return _("%(year)s BCE", year=-year)
    if year <= -1_000_000:
        return _("%(number)s years ago", number=large_number(-year))
    if year < 0:
        return _("%(year)s BCE", year=wording.number(-year))
    return _("%(number)s CE", number=large_number(year))


def display_years(low: int, high: int) -> str:
    """A span of years in words: "2004–2018", "300–201 BCE", "44 BCE–14", "602"."""
    if low == high:
        return display_year(low)
    if -9999 <= low <= high <= -1:
        years = f"{-low}–{-high}"
        return _("%(year)s BCE", year=years)
    return f"{display_year(low)}–{display_year(high)}"


def past_zero(year: int, step: int) -> int:
    """``year``, or the year next to it in the direction of ``step`` when it is 0, which no
    calendar has (a column of years starting at 0 starts at 1)."""
    return year if year else step


def display_span(
    start: PartialDate,
    end: PartialDate | None = None,
    *,
    open_ended: bool = False,
    reported: bool = False,
) -> str:
    """An event's display date: "2015 – August 2021", "Since 2002", "Reported 18 January 2022"."""
    if open_ended:
        return _("Since %(date)s", date=start.display())
    if reported:
        return _("Reported %(date)s", date=start.display())
    if end is None or end == start:
        return start.display()
    return f"{start.display()} – {end.display()}"


def year_span(
    start: PartialDate, end: PartialDate | None, open_ended: bool, horizon_year: int
) -> tuple[int, int]:
    """The first and last calendar year an event covers.

    An open-ended event ("since 2002") runs up to ``horizon_year``, the year its source was
    published: the source can vouch for nothing later.
    """
    if open_ended:
        return start.year, max(start.year, horizon_year)
    return start.year, (end or start).year


def month_number(name: str) -> int | None:
    """1–12 for an English month name or abbreviation ("August", "Aug", "Sept."), else None."""
    key = name.rstrip(".").lower()
    return _MONTHS.get(key)


def _month_names() -> dict[str, int]:
    names = {}
    for number in range(1, 13):
        names[_ENGLISH.month_name(number).lower()] = number
        names[_ENGLISH.month_abbreviation(number).lower()] = number
    names["sept"] = 9
    return names


_MONTHS = _month_names()
# A regular expression alternation of every month name, longest first ("June" before "Jun").
MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
WEEKDAY_NAMES = [_ENGLISH.day_name(number) for number in range(1, 8)]  # Monday first


def from_parts(year: int, month: int | None = None, day: int | None = None) -> PartialDate:
    """A date from numbers found in text; DateError unless it is a real calendar date."""
    return PartialDate.parse(
        "-".join([str(year), *(f"{part:02d}" for part in (month, day) if part is not None)])
    )


def weekday(date: PartialDate) -> str:
    """The English weekday name of a day-precision date ("Tuesday"), through arrow."""
    return arrow.get(date.first_day()).format("dddd", locale="en")
