"""The density strip: events per year as a year rail, with ranges drawn across their years.

Everything is laid out here in whole-year units, so the template can draw it with SVG attributes
alone (no inline styles) and a strict Content-Security-Policy holds.
"""

from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT = 8.0
LANE_HEIGHT = 1.2
MAX_YEARS = 150


@dataclass
class Strip:
    first: int
    years: list[dict]
    lanes: list[list[dict]]

    @property
    def width(self) -> int:
        return len(self.years)

    @property
    def height(self) -> float:
        return BAR_HEIGHT + LANE_HEIGHT * len(self.lanes) + 0.4


def _lanes(ranges: list[dict], first: int) -> list[list[dict]]:
    """Greedy lane assignment: each range goes in the first lane where it overlaps nothing."""
    lanes: list[list[dict]] = []
    ends: list[int] = []
    for event in ranges:
        bar = {
            **event,
            "x": event["start_year"] - first + 0.08,
            "width": event["end_year"] - event["start_year"] + 1 - 0.16,
        }
        for index, end in enumerate(ends):
            if event["start_year"] > end:
                lanes[index].append(bar)
                ends[index] = event["end_year"]
                break
        else:
            lanes.append([bar])
            ends.append(event["end_year"])
    for number, lane in enumerate(lanes):
        for bar in lane:
            bar["y"] = BAR_HEIGHT + 0.4 + number * LANE_HEIGHT
    return lanes


def build_strip(counts: list[dict], ranges: list[dict]) -> Strip | None:
    """A strip covering every year from the first to the last with events, gaps included.

    Returns None when there is nothing to draw, or when the span is too long to read as one
    year per column (wider timelines need decades, left for later).
    """
    if not counts:
        return None
    first, last = counts[0]["year"], counts[-1]["year"]
    if last - first + 1 > MAX_YEARS:
        return None
    by_year = {row["year"]: row["count"] for row in counts}
    most = max(by_year.values())
    years = []
    for offset, year in enumerate(range(first, last + 1)):
        count = by_year.get(year, 0)
        height = BAR_HEIGHT * count / most
        years.append(
            {"year": year, "count": count, "x": offset + 0.15, "height": height,
             "y": BAR_HEIGHT - height}
        )  # fmt: skip
    return Strip(first, years, _lanes(ranges, first))
