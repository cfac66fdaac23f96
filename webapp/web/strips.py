"""The density strip of a view, worked out once per build where it does not depend on the request.

A view's strip shows the timeline with its year filters cleared, so every year of a topic (and
every year of the whole timeline) shares one strip: the counts come from the build's tables,
the eras and the ranges drawn across years are the build's. Those strips are kept per worker
for the build they were made from (at most one per topic, and one for the whole timeline); any
other strip (words, sources, several topics) is made for its request, bounded by the count cap.
The page marks its own years on the kept strip as it draws it; the strip itself is never changed.
"""

from __future__ import annotations

import threading

from .. import wording
from ..store import reads
from ..store.counts import MatchCounts
from ..store.timeline_query import TimelineQuery
from .density import Strip, build_strip, with_eras

_kept: dict[tuple, Strip | None] = {}
_stamps: dict[str, str] = {}
_lock = threading.Lock()


def _keeps(query: TimelineQuery) -> bool:
    """True where the build's own tables give the strip: no words, sources or years, and one
    topic at most."""
    return (
        not (query.q or query.sources or query.has_year_filter or query.who)
        and len(query.topics) <= 1
    )


def strip_for(db, counts: MatchCounts, database: str, stamp: str) -> Strip | None:
    """The strip of ``counts``'s view (its year filters already cleared), kept per build."""
    if not stamp or not _keeps(counts.query):
        return _made(db, counts)
    key = (database, stamp, counts.query.topics, wording.current())  # its labels are in words
    if key in _kept:
        return _kept[key]
    strip = _made(db, counts)
    with _lock:
        if _stamps.get(database) != stamp:  # a new build: forget the old one's strips
            for old in [k for k in _kept if k[0] == database]:
                del _kept[old]
            _stamps[database] = stamp
        _kept[key] = strip
    return strip


def _made(db, counts: MatchCounts) -> Strip | None:
    """The density strip, when its counts can be had without counting past the cap."""
    year_counts = counts.year_counts()
    if year_counts is None:
        return None
    eras = reads.eras_of(db, counts.query.sources)
    if not (
        counts.query.topics or counts.query.q or counts.query.who
    ):  # the timeline whole: its eras widen it
        year_counts = with_eras(year_counts, eras)
    strip = build_strip(year_counts, reads.ranged_events(db, counts.query))
    return strip and strip.place_eras(eras)
