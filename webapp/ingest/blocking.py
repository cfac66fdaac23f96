"""Corroboration at archive scale: the same happening kept once, without comparing all pairs.

``corroborate.same_happening`` decides whether two proposals report one happening: the same
dates, and at least two content words shared (four, or half the smaller sentence's). So only
proposals with the same dates can match, and only ones sharing a content word: the proposals
are blocked by their dates (``bucket_of``: buckets of whole dates, which an engine corroborates
in parallel, independently), and within a date by their words (an inverted index from a word
to the proposals kept so far that use it). A proposal is compared only with the kept ones that
share two of its words, earliest first, so the result is exactly ``corroborate.corroborate``'s
on the same articles in the same order, at a cost that grows with the matches, not the pairs.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass

from ..dates import PartialDate
from .corroborate import content_words, same_happening


@dataclass(frozen=True)
class Entry:
    """What corroboration needs of a proposal: small, so a bucket travels cheaply."""

    number: int  # its place in the archive's order of proposals
    source: str
    start: PartialDate
    end: PartialDate | None
    kind: str
    quote: str
    phrase: str | None = None


def bucket_of(entry: Entry, buckets: int) -> int:
    """The bucket of an entry's dates: stable across processes and machines (unlike hash())."""
    key = f"{entry.start.iso}/{entry.end.iso if entry.end else ''}"
    return zlib.crc32(key.encode()) % buckets


def corroborate_bucket(entries: list[Entry]) -> list[tuple[int, list[int]]]:
    """Each entry that reports what an earlier one of another source reports, as (the earlier
    entry's number, [the numbers merged into it]), in the order of the entries. An entry kept
    cites the others' quotes; the merged ones are dropped. A source merges into an entry at
    most once, and an article's own publication (its dateline) is never merged into another."""
    entries = sorted(entries, key=lambda entry: entry.number)
    postings: dict[tuple, list[Entry]] = {}
    merged: dict[int, list[int]] = {}
    sources: dict[int, set[str]] = {}
    for entry in entries:
        dates = (entry.start, entry.end)
        words = content_words(entry.phrase or entry.quote)
        match = None
        if entry.kind != "dateline":
            match = _first_match(entry, words, dates, postings, sources)
        if match is None:
            sources[entry.number] = {entry.source}
            for word in words:
                postings.setdefault((dates, word), []).append(entry)
        else:
            merged.setdefault(match.number, []).append(entry.number)
            sources[match.number].add(entry.source)
    return sorted(merged.items())


def _first_match(entry: Entry, words: set[str], dates: tuple, postings, sources) -> Entry | None:
    shared = Counter()
    kept: dict[int, Entry] = {}
    for word in words:
        for other in postings.get((dates, word), ()):
            shared[other.number] += 1
            kept[other.number] = other
    for number in sorted(number for number, count in shared.items() if count >= 2):
        other = kept[number]
        if entry.source not in sources[number] and same_happening(other, entry):
            return other
    return None
