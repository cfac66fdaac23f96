"""Unique slugs are made one way: a slug already used gives way with -2, -3, and so on."""

from __future__ import annotations

from webapp.dates import PartialDate
from webapp.ingest.extract import event_slug
from webapp.ingest.operations import unique_slugs
from webapp.slugs import unique_slug


def test_a_used_slug_gives_way_and_joins_the_used():
    used = {"summit", "summit-2"}
    assert unique_slug("summit", used) == "summit-3"
    assert unique_slug("treaty", used) == "treaty"
    assert used == {"summit", "summit-2", "summit-3", "treaty"}


def test_a_batch_of_articles_never_repeats_a_slug():
    # A file named "report-2" next to two "report" files used to end as two "report-2".
    assert unique_slugs(["report", "report", "report-2"]) == ["report", "report-2", "report-2-2"]


def test_proposed_events_take_the_same_way():
    used: set[str] = set()
    start = PartialDate.parse("2015")
    first = event_slug("The union grew", start, used)
    assert first == "union-grew-2015"
    assert event_slug("The union grew", start, used) == "union-grew-2015-2"
