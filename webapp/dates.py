"""Honest dates: a date is as precise as its source says, and may be a range.

Dates live in the data as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. They are never padded to a fake
first of January: ``2004`` stays a year, shown as "2004". Parsing and display go through arrow, here
and nowhere else.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import arrow

from .limits import MAX_YEAR, MIN_YEAR

PRECISIONS = ("year", "month", "day")
_ISO_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_ENGLISH = arrow.locales.get_locale("en")


class DateError(ValueError):
    """A date that is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or not a real day."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; arrow checks that the day exists."""
        match = _ISO_PARTIAL.fullmatch(str(text).strip())
        if not match:
            raise DateError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
        date = cls(year, month, day)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise DateError(f"{text!r}: the year must be between {MIN_YEAR} and {MAX_YEAR}")
        try:
            # The fast path for ISO text: the standard library checks the day exists (arrow,
            # at ~20k dates/s, would dominate a million-event build).
            datetime.date(year, 1 if month is None else month, 1 if day is None else day)
        except ValueError as error:
            raise DateError(f"{text!r} is not a real calendar date") from error
        return date

    @property
    def precision(self) -> str:
        """``year``, ``month`` or ``day``: how much of the date the source gives."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def iso(self) -> str:
        """The date as precise as it is known: ``2004``, ``2021-08`` or ``2022-01-18``."""
        parts = [f"{self.year:04d}"]
        parts += [f"{value:02d}" for value in (self.month, self.day) if value is not None]
        return "-".join(parts)

    @property
    def sort_key(self) -> int:
        """An integer that orders dates; a year sorts before the months within it."""
        return self.year * 10000 + (self.month or 0) * 100 + (self.day or 0)

    def first_day(self) -> datetime.date:
        """The first calendar day the date covers (1 January for a year)."""
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
        if self.month is None:
            return f"{self.year:04d}"
        month = _ENGLISH.month_name(self.month)
        if self.day is None:
            return f"{month} {self.year:04d}"
        return f"{self.day} {month} {self.year:04d}"


def display_span(
    start: PartialDate,
    end: PartialDate | None = None,
    *,
    open_ended: bool = False,
    reported: bool = False,
) -> str:
    """An event's display date: "2015 – August 2021", "Since 2002", "Reported 18 January 2022"."""
    if open_ended:
        return f"Since {start.display()}"
    if reported:
        return f"Reported {start.display()}"
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
        "-".join([f"{year:04d}", *(f"{part:02d}" for part in (month, day) if part is not None)])
    )


def weekday(date: PartialDate) -> str:
    """The English weekday name of a day-precision date ("Tuesday"), through arrow."""
    return arrow.get(date.first_day()).format("dddd", locale="en")
