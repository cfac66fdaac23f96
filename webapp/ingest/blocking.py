"""Corroboration at archive scale: the same happening kept once, without comparing all pairs.

``corroborate`` decides that two proposals of different articles report one happening when they
have the same dates and their sentences share enough content words (``enough_shared``: four, or
half the smaller sentence's and at least two). So only proposals with the same dates can match,
and only ones sharing a word: the proposals are blocked by their dates (``bucket_of``: buckets
of whole dates, which an engine corroborates in parallel, independently), and within a date by
their words (an inverted index from a word to the proposals kept so far that use it). A proposal
is compared only with the kept ones sharing two of its words, earliest first: with the same
words, the result is exactly ``corroborate.corroborate``'s, at a cost that grows with the
matches, not the pairs.

Across an archive some words are no evidence (``Evidence``): the words every selected article
has (``--match``), the names of months and days and the words of the date the sentence writes
(the dates are equal already), and the words common to the run's proposals ("mln", "dlrs",
"corp" in wire copy). They are left out of the words compared.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..dates import PartialDate
from .corroborate import content_words, enough_shared

# A word in more than this share of the run's proposals (and at least COMMON_LEAST of them) says
# nothing of which happening a sentence reports.
COMMON_SHARE = 0.02
COMMON_LEAST = 20
CALENDAR_WORDS = frozenset(
    re.findall(
        r"\w+",
        """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday today yesterday tomorrow week month year""",
    )
)


@dataclass(frozen=True)
class Entry:
    """What corroboration needs of a proposal: small, so a bucket travels cheaply."""

    number: int  # its place in the archive's order of proposals
    source: str
    start: PartialDate
    end: PartialDate | None
    kind: str
    words: frozenset[str] = field(default_factory=frozenset)


@dataclass
class Evidence:
    """The words that may tell two sentences of one happening, for a whole run."""

    ignored: frozenset[str] = frozenset()
    # Leave out the words of the date each sentence writes. Evidence() (nothing left out)
    # compares the words ``corroborate`` compares.
    dates_aside: bool = False

    @classmethod
    def of_run(cls, sentences: Iterable[str], match: str | None) -> Evidence:
        """``sentences``: the sentence (or phrase) of every proposal of the run."""
        counts: Counter[str] = Counter()
        total = 0
        for sentence in sentences:
            counts.update(content_words(sentence))
            total += 1
        least = max(COMMON_LEAST, COMMON_SHARE * total)
        common = {word for word, count in counts.items() if count > least}
        return cls(frozenset(common | content_words(match or "") | CALENDAR_WORDS), True)

    def words(self, sentence: str, date_text: str = "") -> frozenset[str]:
        words = content_words(sentence) - self.ignored
        return frozenset(words - content_words(date_text) if self.dates_aside else words)


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
        match = None
        if entry.kind != "dateline":
            match = _first_match(entry, dates, postings, sources)
        if match is None:
            sources[entry.number] = {entry.source}
            for word in entry.words:
                postings.setdefault((dates, word), []).append(entry)
        else:
            merged.setdefault(match.number, []).append(entry.number)
            sources[match.number].add(entry.source)
    return sorted(merged.items())


def _first_match(entry: Entry, dates: tuple, postings, sources) -> Entry | None:
    shared: Counter[int] = Counter()
    kept: dict[int, Entry] = {}
    for word in entry.words:
        for other in postings.get((dates, word), ()):
            shared[other.number] += 1
            kept[other.number] = other
    for number in sorted(number for number, count in shared.items() if count >= 2):
        other = kept[number]
        if entry.source not in sources[number] and enough_shared(other.words, entry.words):
            return other
    return None
