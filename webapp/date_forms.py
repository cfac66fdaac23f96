"""Dates as people write them: circa, doubt, decades, centuries, seasons, quarters, open ends.

A date form is written in the Library of Congress's Extended Date/Time Format (EDTF, ISO 8601-2)
and read here into what the rest of the app already understands: a first and a last
``PartialDate`` (the span the form covers, at year, month or day precision), plus what the
plain dates cannot say: the grain ("decade"), the qualifiers (approximate ``~``, uncertain ``?``,
both ``%``) on each end, and whether an end is open ("before 1200": ``../1200``).

The forms held (levels 0 and 1 of EDTF, and level 2's seasons, quarters and halves):

========================  =====================================  =========================
EDTF                      meaning                                shown as
========================  =====================================  =========================
``1450~``                 about 1450                             c. 1450
``1066?``                 1066, uncertain                        1066?
``2004-06%``              about June 2004, uncertain             c. June 2004?
``199X``                  a decade: 1990–1999                    the 1990s
``14XX``                  a hundred years: 1400–1499             the 1400s
``1401/1500``             the century as historians count it     the 15th century
``1XXX``                  a thousand years: 1000–1999            1000–1999
``1001/2000``             the millennium as historians count it  the 2nd millennium
``2004-XX``               some month of 2004                     2004
``2020-21``               spring (21–24: spring … winter)        spring 2020
``2020-29``               spring, southern hemisphere (29–32)    spring 2020 (southern …)
``2021-35``               third quarter (33–36)                  Q3 2021
``2021-40``               first half (40–41)                     first half of 2021
``../1200``               some time before 1200                  before 1200
``1900/..``               some time after 1900                   after 1900
``1994/2004~``            1994 to about 2004                     1994 – c. 2004
========================  =====================================  =========================

Years are EDTF's, that is ISO 8601's: astronomical, so ``0000`` is 1 BCE and ``-0043`` is 44 BCE
(our plain dates count historically: -44). Four digits, or ``Y`` and more digits for deep time
(``Y-13799999999``, ``Y17E7`` for 170 million). Qualifiers apply to the whole date they follow,
and are held on ``Y`` years too, which EDTF itself leaves out: ``Y-65999999~`` is "c. 66 million
years ago".

Seasons cover the meteorological months of the northern hemisphere unless the code says the
southern: spring March–May, summer June–August, autumn September–November, winter December to
the next February (docs/dates.md, "Seasons").

Parsing is our own, a regular expression per part, because it runs on every imported row and
must hold our deep-time years: the ``edtf`` package (which validates the whole standard, levels 0
to 2) takes ~17 ms a string. It is asked only when we refuse a string that has a mark of a form
we do not hold (a set, a time, a qualifier on part of a date), to tell valid EDTF from a typo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import DateError, PartialDate, check_year, days_in_month, display_year
from .wording import N_
from .wording import gettext as _

# The grains of a date form's point, finest first.
GRAINS = (
    "day", "month", "season", "quarter", "third", "half", "year", "decade", "century",
    "millennium",
)  # fmt: skip

_POINT = re.compile(
    r"(?P<year>Y-?\d+(?:E\d+)?|-?[\dX]{4})"
    r"(?:-(?P<month>[\dX]{2})(?:-(?P<day>[\dX]{2}))?)?"
    r"(?P<qualifier>[~?%])?"
)

SEASON_NAMES = {21: N_("spring"), 22: N_("summer"), 23: N_("autumn"), 24: N_("winter")}
# code -> (first month, number of months, how it is named)
_SEASONAL = N_("%(season)s %(year)s")
_NORTH = N_("%(season)s %(year)s (northern hemisphere)")
_SOUTH = N_("%(season)s %(year)s (southern hemisphere)")
_SUBYEARS: dict[int, tuple[int, int, str]] = {
    21: (3, 3, _SEASONAL), 22: (6, 3, _SEASONAL), 23: (9, 3, _SEASONAL), 24: (12, 3, _SEASONAL),
    25: (3, 3, _NORTH), 26: (6, 3, _NORTH), 27: (9, 3, _NORTH), 28: (12, 3, _NORTH),
    29: (9, 3, _SOUTH), 30: (12, 3, _SOUTH), 31: (3, 3, _SOUTH), 32: (6, 3, _SOUTH),
    33: (1, 3, N_("Q1 %(year)s")), 34: (4, 3, N_("Q2 %(year)s")), 35: (7, 3, N_("Q3 %(year)s")),
    36: (10, 3, N_("Q4 %(year)s")),
    37: (1, 4, N_("first third of %(year)s")), 38: (5, 4, N_("second third of %(year)s")),
    39: (9, 4, N_("last third of %(year)s")),
    40: (1, 6, N_("first half of %(year)s")), 41: (7, 6, N_("second half of %(year)s")),
}  # fmt: skip
_SEASON_OF = {code: SEASON_NAMES[21 + (code - 21) % 4] for code in range(21, 33)}
# Southern seasons start in September (spring), December (summer), March and June.
_SEASON_OF.update({29: N_("spring"), 30: N_("summer"), 31: N_("autumn"), 32: N_("winter")})


def _subyear_grain(code: int) -> str:
    if code <= 32:
        return "season"
    return {33: "quarter", 37: "third", 40: "half"}[max(c for c in (33, 37, 40) if c <= code)]


@dataclass(frozen=True)
class Point:
    """One end of a date form: the first and last dates it covers and how it is qualified."""

    first: PartialDate
    last: PartialDate
    grain: str
    approximate: bool = False
    uncertain: bool = False
    subyear: int | None = None  # the season, quarter or half code (21–41)

    def label(self) -> str:
        """The point as people say it, qualifiers included: "c. 1450", "1066?", "Q3 2021"."""
        text = self._bare_label()
        if self.approximate:
            text = _("c. %(date)s", date=text)
        return f"{text}?" if self.uncertain else text

    def _bare_label(self) -> str:
        if self.subyear is not None:
            year = display_year(self.first.year)
            if self.first.year != self.last.year:  # winter runs into the next year
                year = f"{year}–{str(self.last.year)[-2:]}" if self.first.year > 0 else year
            season = _SEASON_OF.get(self.subyear)
            return _(_SUBYEARS[self.subyear][2], season=_(season) if season else "", year=year)
        if self.grain in ("decade", "century") and self.first.year >= 10:
            return _("the %(decade)ss", decade=self.first.year, last=self.last.year)
        if self.grain in ("decade", "century", "millennium"):
            return _years(self.first.year, self.last.year)
        return self.first.display()

    @property
    def qualifier(self) -> str:
        return {(True, True): "%", (True, False): "~", (False, True): "?"}.get(
            (self.approximate, self.uncertain), ""
        )


@dataclass(frozen=True)
class DateForm:
    """A date as its source writes it, read from EDTF; ``start``/``end`` None for an open
    (``..``) or unknown (empty) end of an interval."""

    edtf: str
    start: Point | None
    end: Point | None
    interval: bool = False
    open_start: bool = False  # "../1200": before
    open_end: bool = False  # "1900/..": after

    @property
    def first(self) -> PartialDate:
        """The first date the form covers; for "before 1200", its known edge, 1200."""
        return self.start.first if self.start else self.end.last

    @property
    def last(self) -> PartialDate | None:
        """The last date it covers, or None when that is the first (or unknown: "after 1900")."""
        if self.interval:
            return self.end.last if self.start and self.end else None
        return None if self.start.last == self.start.first else self.start.last

    @property
    def plain(self) -> bool:
        """Whether the plain start, end and open-endedness say all of it (``2004``,
        ``2015/2021-08``), so nothing new needs showing."""
        if self.interval and (self.start is None or self.end is None):
            return False  # before, after, or an unknown end
        points = [point for point in (self.start, self.end) if point]
        if any(point.grain not in ("day", "month", "year") or point.qualifier for point in points):
            return False
        return not (self.interval and _named_span(self.start, self.end))

    def edges(self) -> dict[str, dict[str, bool]]:
        """What a drawing of the span needs to know of each edge: approximate, uncertain, open
        (for the time axis: a fuzzy or open edge is drawn unlike an exact one)."""
        start, end = (self.start, self.end) if self.interval else (self.start, self.start)
        return {
            "start": _edge(start, self.open_start or (self.interval and start is None)),
            "end": _edge(end, self.open_end or (self.interval and end is None)),
        }

    def label(self, *, ongoing: bool = False) -> str:
        """The form as people say it: "c. 1450", "the 15th century", "before 1200", "1994 –
        c. 2004"; ``ongoing`` says "Since 2002" for an open end still going on."""
        if not self.interval:
            return self.start.label()
        if self.open_start or self.start is None:
            if self.open_start:
                return _("before %(date)s", date=self.end.label())
            return f"? – {self.end.label()}"
        if self.end is None:
            if ongoing:
                return _("Since %(date)s", date=self.start.label())
            if self.open_end:
                return _("after %(date)s", date=self.start.label())
            return f"{self.start.label()} – ?"
        named = _named_span(self.start, self.end)
        if named:
            return named
        return f"{self.start.label()} – {self.end.label()}"


def _edge(point: Point | None, is_open: bool) -> dict[str, bool]:
    return {
        "approximate": bool(point and point.approximate),
        "uncertain": bool(point and point.uncertain),
        "open": is_open,
    }


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


def _named_span(start: Point, end: Point) -> str | None:
    """ "the 15th century" for 1401/1500, "the 2nd millennium" for 1001/2000 (and BCE alike):
    a century counted as historians count it, from a year 1 to a year 100, unqualified."""
    if start.qualifier or end.qualifier or start.grain != "year" or end.grain != "year":
        return None
    low, high = start.first.year, end.last.year
    for size in (100, 1000):
        if high - low != size - 1:
            continue
        if low >= 1 and low % size == 1:
            return _ordinal_span(size, high // size, bce=False)
        if high <= -1 and -high % size == 1:
            return _ordinal_span(size, -low // size, bce=True)
    return None


_ORDINAL_SPANS = {
    (100, False): N_("the %(ordinal)s century"),
    (100, True): N_("the %(ordinal)s century BCE"),
    (1000, False): N_("the %(ordinal)s millennium"),
    (1000, True): N_("the %(ordinal)s millennium BCE"),
}


def _ordinal_span(size: int, count: int, bce: bool) -> str:
    """ "the 15th century": each language picks the number it writes (English's ordinal, the
    Roman numeral of "XV век" and "XV əsr", or the plain number)."""
    return _(_ORDINAL_SPANS[size, bce], ordinal=_ordinal(count), roman=roman(count), number=count)


def roman(number: int) -> str:
    """1–3999 in Roman numerals (centuries as Russian and Azerbaijani write them); larger as is."""
    if not 1 <= number <= 3999:
        return str(number)
    digits = []
    for value, letters in zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"),
        strict=True,
    ):
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def _years(low: int, high: int) -> str:
    if -9999 <= low <= high <= -1:
        years = f"{-low}–{-high}"
        return _("%(year)s BCE", year=years)
    return f"{display_year(low)}–{display_year(high)}"


class NotHeld(DateError):
    """A valid EDTF string of a form this timeline does not hold (a set, a partial qualifier)."""


def parse(text: str) -> DateForm:
    """Read an EDTF string; DateError saying why when it is not one we hold."""
    edtf = str(text).strip()
    if "/" not in edtf:
        return DateForm(edtf, _point(edtf, edtf), None)
    if edtf.count("/") > 1:
        raise _refusal(edtf)
    left, right = edtf.split("/")
    if left in ("", "..") and right in ("", ".."):
        raise DateError(f"{edtf!r}: an interval needs at least one known end")
    start = None if left in ("", "..") else _point(left, edtf)
    end = None if right in ("", "..") else _point(right, edtf)
    form = DateForm(edtf, start, end, True, left == "..", right == "..")
    if start and end and (end.last.sort_key < start.first.sort_key):
        raise DateError(f"{edtf!r}: the interval ends before it starts")
    return form


def _point(part: str, whole: str) -> Point:
    match = _POINT.fullmatch(part)
    if not match:
        raise _refusal(whole)
    year_text, month_text, day_text, qualifier = match.group("year", "month", "day", "qualifier")
    if year_text == "-0000" or (year_text.startswith("Y") and month_text):
        raise _refusal(whole)  # no negative zero; a Y year is a year alone
    approximate, uncertain = qualifier in ("~", "%"), qualifier in ("?", "%")
    if "X" in year_text:
        if month_text or not re.fullmatch(r"-?\d+X+", year_text):
            raise _refusal(whole)
        return _unspecified_years(year_text, whole, approximate, uncertain)
    year = _historical(_astronomical(year_text, whole), whole)
    if month_text is None:
        date = PartialDate(year)
        return Point(date, date, "year", approximate, uncertain)
    if month_text == "XX":
        if day_text not in (None, "XX"):
            raise _refusal(whole)
        date = PartialDate(year)
        return Point(date, date, "year", approximate, uncertain)
    number = int(month_text)
    if number in _SUBYEARS and day_text is None:
        return _subyear(year, number, approximate, uncertain)
    if not 1 <= number <= 12:
        raise DateError(f"{whole!r}: no month {number} (seasons and quarters are 21–41)")
    if day_text is None or day_text == "XX":
        date = PartialDate(year, number)
        return Point(date, date, "month", approximate, uncertain)
    if not 1 <= int(day_text) <= days_in_month(year, number):
        raise DateError(f"{whole!r} is not a real calendar date")
    date = PartialDate(year, number, int(day_text))
    return Point(date, date, "day", approximate, uncertain)


def _astronomical(year_text: str, whole: str) -> int:
    if not year_text.startswith("Y"):
        return int(year_text)
    digits = year_text[1:]
    base, _, exponent = digits.partition("E")
    value = int(base) * 10 ** int(exponent or 0)
    if abs(value) <= 9999 and not exponent:
        raise DateError(f"{whole!r}: a Y year has more than four digits (write {value:04d})")
    return value


def _historical(astronomical: int, whole: str) -> int:
    """EDTF's years count 0000 as 1 BCE; ours count historically (-1)."""
    return check_year(astronomical - 1 if astronomical <= 0 else astronomical, repr(whole))


def _unspecified_years(year_text: str, whole: str, approximate: bool, uncertain: bool) -> Point:
    """``199X`` (a decade), ``14XX`` (a hundred years), ``1XXX`` (a thousand)."""
    unknown = year_text.count("X")
    if unknown >= 4:
        raise DateError(f"{whole!r}: a year with no digit known says nothing")
    size = 10**unknown
    known = int(year_text.replace("X", "0"))
    low, high = (known, known + size - 1) if known >= 0 else (known - size + 1, known)
    first, last = (PartialDate(_historical(y, whole)) for y in (low, high))
    grain = {1: "decade", 2: "century", 3: "millennium"}[unknown]
    return Point(first, last, grain, approximate, uncertain)


def _subyear(year: int, code: int, approximate: bool, uncertain: bool) -> Point:
    month, count, _ = _SUBYEARS[code]
    last_month = month + count - 1
    first = PartialDate(year, month)
    if last_month > 12:  # winter: December to February
        next_year = year + 1 if year != -1 else 1
        last = PartialDate(check_year(next_year), last_month - 12)
    else:
        last = PartialDate(year, last_month)
    return Point(first, last, _subyear_grain(code), approximate, uncertain, code)


# What only EDTF's forms we do not hold have: a set or list, a time, a qualifier before a part
# or inside a date, unspecified digits before known ones, significant digits. A string without
# any is a typo whichever way it is read, and the slow library is not asked.
_BEYOND_US = re.compile(r"[\[\]{}T]|[~?%](?=[\d-])|(?<=-)[~?%]|X.*-\d|\dS\d")


def _refusal(edtf: str) -> DateError:
    """Why ``edtf`` is refused: a valid form we do not hold, or not EDTF at all."""
    if not _BEYOND_US.search(edtf) or len(edtf) > 100:
        return _not_edtf(edtf)
    try:
        import edtf as edtf_library

        edtf_library.parse_edtf(edtf)
    except Exception:  # the library raises its own parse errors, and others on odd input
        return _not_edtf(edtf)
    return NotHeld(
        f"{edtf!r} is valid EDTF, but not a form this timeline holds (sets, lists and qualifiers "
        "on part of a date are not): write it as one date or an interval"
    )


def unbounded(edtf: str | None, open_ended: bool) -> bool:
    """Whether an event's EDTF leaves an edge open or unknown ("../1200", "1900/..", "1985/"),
    other than an open-ended event's still-going end: read from the string as the build wrote
    it, without parsing it again."""
    if not edtf or "/" not in edtf:
        return False
    left, right = edtf.split("/", 1)
    return left in ("", "..") or (right in ("", "..") and not open_ended)


def _not_edtf(edtf: str) -> DateError:
    return DateError(
        f"{edtf[:60]!r} is not an EDTF date (forms: 1450~, 1066?, 199X, 14XX, 2020-21, 2021-35, "
        "../1200, 1900/.., 1994/2004~; docs/dates.md)"
    )


# Writing EDTF from plain dates.


def edtf_year(year: int) -> str:
    """A historical year as EDTF writes it: 602 -> 0602, -44 -> -0043, deep time with Y."""
    astronomical = year + 1 if year < 0 else year
    if abs(astronomical) > 9999:
        return f"Y{astronomical}"
    return f"-{-astronomical:04d}" if astronomical < 0 else f"{astronomical:04d}"


def edtf_date(date: PartialDate) -> str:
    """A plain date in EDTF: ``2021-08``, ``-0043-03-15``, ``Y-13799999999``."""
    parts = [edtf_year(date.year)]
    if parts[0].startswith("Y"):
        return parts[0]  # EDTF gives a Y year no month: its start and end keep any
    parts += [f"{value:02d}" for value in (date.month, date.day) if value is not None]
    return "-".join(parts)


def edtf_of(start: PartialDate, end: PartialDate | None, open_ended: bool) -> str:
    """The EDTF string of plain dates: ``2004``, ``2015/2021-08``, ``2002/..``."""
    if open_ended:
        return f"{edtf_date(start)}/.."
    if end is None or end == start:
        return edtf_date(start)
    return f"{edtf_date(start)}/{edtf_date(end)}"
