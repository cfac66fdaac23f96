"""Spans of years stored at a cost that does not grow with their length.

A span of years [first, last] is cut into aligned blocks of 1, 2, 4, 8 ... years (the canonical
cover of a segment tree): at most two blocks per size, so about 2·log2(length) rows, whether
the span is two years or thirteen billion. A year lies in exactly one block of each size, so
"which spans cover year Y" is one index lookup per size, each walking event ids in order.

Years are shifted by OFFSET so that blocks of deep-time (negative) years are whole numbers too.
"""

from __future__ import annotations

from itertools import pairwise

OFFSET = 2**40  # beyond ±1.1 trillion years: further than any date we accept
LEVELS = 42  # block sizes 2**0 .. 2**41, enough for any span inside ±OFFSET


def blocks(first: int, last: int) -> list[tuple[int, int]]:
    """The (level, block) pairs whose years exactly cover ``first`` to ``last`` (inclusive)."""
    low, high = first + OFFSET, last + OFFSET + 1  # half-open
    found, level = [], 0
    while low < high:
        if low & 1:
            found.append((level, low))
            low += 1
        if high & 1:
            high -= 1
            found.append((level, high))
        low, high, level = low >> 1, high >> 1, level + 1
    return found


def containing(year: int, levels: int = LEVELS) -> list[tuple[int, int]]:
    """The (level, block) pairs that contain ``year``: one per level below ``levels``."""
    shifted = year + OFFSET
    return [(level, shifted >> level) for level in range(levels)]


class YearTally:
    """Events per year from their spans, kept as the changes at each span's ends: adding a span
    costs the same whatever its length, and so does reading, which gives runs of years with the
    same count (``{"year": first, "last": last, "count": n}``), not a row per year: a span from
    the Big Bang is one run."""

    def __init__(self):
        self.changes: dict[int, int] = {}

    def add(self, first: int, last: int, low: int | None = None, high: int | None = None):
        """Count a span, clipped to ``[low, high]`` when given."""
        first = first if low is None else max(first, low)
        last = last if high is None else min(last, high)
        if first <= last:
            self.changes[first] = self.changes.get(first, 0) + 1
            self.changes[last + 1] = self.changes.get(last + 1, 0) - 1

    def counts(self) -> list[dict]:
        """``[{"year", "last", "count"}]``: the runs of years with events, in order."""
        counted: list[dict] = []
        running = 0
        points = sorted(self.changes)
        for here, following in pairwise(points):
            running += self.changes[here]
            if not running:
                continue
            if counted and counted[-1]["count"] == running and counted[-1]["last"] == here - 1:
                counted[-1]["last"] = following - 1  # one span ends as another starts
            else:
                counted.append({"year": here, "last": following - 1, "count": running})
        return counted


def counts_by_year(spans, low: int | None = None, high: int | None = None) -> list[dict]:
    """Runs of events per year from (first, last) spans, clipped to ``[low, high]``."""
    tally = YearTally()
    for first, last in spans:
        tally.add(first, last, low, high)
    return tally.counts()
