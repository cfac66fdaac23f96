"""The density strip: events per year as a year rail, with ranges drawn across their years.

Up to 150 years, one column a year with its count. Longer timelines group years into decades,
centuries, and so on by tens up to billions of years, so 13.8 billion years cost what 30 do; a
grouped column shows relative density (an event counts in each year it covers) and links to its
years, where the exact count shows. Counts arrive as runs of years with the same count. The
chart always fits the width (at least 30 columns, so a single year is a bar, not a slab); the
links below it are
chips that wrap, one per column with events, so labels never overlap or scroll. Everything is
laid out here in column units, so the template draws it with SVG attributes alone and a strict
CSP holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dates import PartialDate, display_span, display_year, display_years, large_number, past_zero
from ..wording import gettext as _

BAR_HEIGHT = 8.0
LANE_HEIGHT = 1.2
MAX_YEARS = 150
# Fewer columns than this are centred in empty ones, so one year is a bar, not the whole width.
MIN_COLUMNS = 30


@dataclass
class Strip:
    first: int
    size: int  # years a column
    years: list[dict]
    lanes: list[list[dict]]
    eras: list[dict] = field(default_factory=list)

    @property
    def last(self) -> int:
        """The last year the columns reach."""
        return self.first + self.size * self.width - 1

    def place_eras(self, eras: list[dict]) -> Strip:
        """Eras as bands behind the columns they cover (clipped to the strip), each with a
        colour of its own and its dates as the file gives them."""
        placed = []
        for number, era in enumerate(eras):
            start = max(0, (era["start_year"] - self.first) // self.size)
            end = min(self.width - 1, (era["end_year"] - self.first) // self.size)
            if end < start:
                continue
            span = display_span(PartialDate.parse(era["start"]), PartialDate.parse(era["end"]))
            placed.append(
                {**era, "x": start, "width": end - start + 1, "tone": number % 8, "span": span}
            )
        self.eras = placed
        return self

    @property
    def width(self) -> int:
        return len(self.years)

    @property
    def height(self) -> float:
        return round(BAR_HEIGHT + LANE_HEIGHT * len(self.lanes) + 0.4, 2)

    @property
    def grouped(self) -> bool:
        return self.size > 1

    @property
    def unit(self) -> str:
        """What a column holds: "year", "decade", "century", "1,000 years", "1 billion years"."""
        named = {1: "year", 10: "decade", 100: "century"}
        return named.get(self.size) or f"{large_number(self.size)} years"

    @property
    def heading(self) -> str:
        """The strip's heading in the reader's language: "Events per decade"."""
        named = {1: _("Events per year"), 10: _("Events per decade"), 100: _("Events per century")}
        return named.get(self.size) or _("Events per %(size)s years", size=large_number(self.size))


def column_size(span: int) -> int:
    """Years a column: 1, 10, 100, ... whatever keeps the strip at 150 columns or fewer, so it
    costs the same for 30 years or 13 billion."""
    size = 1
    while span > MAX_YEARS * size:
        size *= 10
    return size


def _lanes(ranges: list[dict], first: int, size: int) -> list[list[dict]]:
    """Greedy lane assignment: each range goes in the first lane where it overlaps nothing."""
    lanes: list[list[dict]] = []
    ends: list[int] = []
    for event in ranges:
        start, end = (event["start_year"] - first) // size, (event["end_year"] - first) // size
        bar = {**event, "x": start + 0.08, "width": round(end - start + 1 - 0.16, 2)}
        for index, lane_end in enumerate(ends):
            if start > lane_end:
                lanes[index].append(bar)
                ends[index] = end
                break
        else:
            lanes.append([bar])
            ends.append(end)
    for number, lane in enumerate(lanes):
        for bar in lane:
            bar["y"] = round(BAR_HEIGHT + 0.4 + number * LANE_HEIGHT, 2)
    return lanes


def _label(start: int, size: int) -> str:
    """ "2004", "1990s" (a decade or a century of the common era), "300–201 BCE", or
    "14 billion years ago–13 billion years ago"."""
    if size == 1:
        return display_year(start)
    if size <= 100 and start >= 10:
        return f"{start}s"
    return display_years(past_zero(start, 1), past_zero(start + size - 1, -1))


def _column_totals(runs: list[dict], first: int, size: int) -> dict[int, int]:
    """Event-years per column from runs of years: one step per column a run touches."""
    totals: dict[int, int] = {}
    for run in runs:
        low, high = run["year"], run["last"]
        for column in range((low - first) // size, (high - first) // size + 1):
            start = first + column * size
            years = min(high, start + size - 1) - max(low, start) + 1
            totals[column] = totals.get(column, 0) + run["count"] * years
    return totals


def with_eras(counts: list[dict], eras: list[dict]) -> list[dict]:
    """Runs of years widened to cover ``eras`` (as years without events), so a timeline's eras
    show in full; no events, no strip."""
    if not counts:
        return counts
    empty = [{"year": era["start_year"], "last": era["end_year"], "count": 0} for era in eras]
    return sorted(counts + empty, key=lambda run: (run["year"], run["last"]))


def build_strip(counts: list[dict], ranges: list[dict]) -> Strip | None:
    """Columns from the first year with events to the last, gaps included; None if empty.
    ``counts`` are runs of years, ``{"year": first, "last", "count"}``."""
    if not counts:
        return None
    size = column_size(max(run["last"] for run in counts) - counts[0]["year"] + 1)
    first = counts[0]["year"] // size * size
    totals = _column_totals(counts, first, size)
    most = max(totals.values())
    used = max(totals) + 1
    padding = max(0, MIN_COLUMNS - used) // 2
    first -= padding * size
    totals = {column + padding: count for column, count in totals.items()}
    columns = []
    for column in range(max(used, MIN_COLUMNS)):
        count = totals.get(column, 0)
        height = round(BAR_HEIGHT * count / most, 2)
        start = first + column * size
        columns.append(
            {"year": past_zero(start, 1), "last": past_zero(start + size - 1, -1), "count": count,
             "label": _label(start, size),
             "x": column + 0.15, "height": height, "y": round(BAR_HEIGHT - height, 2)}
        )  # fmt: skip
    return Strip(first, size, columns, _lanes(ranges, first, size))
