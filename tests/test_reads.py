import pytest
from werkzeug.datastructures import MultiDict

from tests.helpers import per_year
from webapp.store import reads
from webapp.store.counts import MatchCounts
from webapp.store.timeline_query import InvalidQuery, TimelineQuery, decode_cursor, encode_cursor

TOPICS = {"partnership", "summits", "afghanistan", "armenia-azerbaijan", "defence-reform", "russia"}


def make(**args) -> TimelineQuery:
    multi = MultiDict()
    for name, value in args.items():
        for item in value if isinstance(value, list) else [value]:
            multi.add(name, item)
    return TimelineQuery.from_args(multi, TOPICS)


def slugs(db, query) -> list[str]:
    return [event["slug"] for event in reads.find_events(db, query).events]


def test_empty_values_count_as_absent():
    assert make(**{"from": "", "to": "", "year": "", "q": "", "topic": ""}) == TimelineQuery()


def test_unknown_parameters_are_ignored():
    assert make(colour="blue", page="7") == TimelineQuery()


def test_year_matches_every_event_whose_span_overlaps_it(memory_db):
    found = slugs(memory_db, make(year="2021"))
    assert found == [
        "afghanistan-missions",  # since 2002, runs to the source's 2022
        "officers-at-nato",
        "resolute-support-mission",  # 2015 – August 2021
        "brussels-summit-2021",
        "kabul-airport-evacuation",
    ]


def test_open_ended_events_stop_at_the_publication_year(memory_db):
    assert slugs(memory_db, make(year="2023")) == []
    assert "afghanistan-missions" in slugs(memory_db, make(year="2022"))


def test_range_selects_overlapping_spans(memory_db):
    found = slugs(memory_db, make(**{"from": "2017", "to": "2018"}))
    assert "nato-russia-meetings" in found  # 2017–2020
    assert "brussels-summit-2018" in found
    assert "resolute-support-mission" in found
    assert "warsaw-summit-2016" not in found
    assert "war-2020" not in found


def test_topics_are_ored_and_other_filters_anded(memory_db):
    both = slugs(memory_db, make(topic=["russia", "afghanistan"]))
    assert set(both) == {
        "nato-russia-meetings",
        "afghanistan-missions",
        "resolute-support-mission",
        "kabul-airport-evacuation",
    }
    assert slugs(memory_db, make(topic=["russia", "afghanistan"], year="2018")) == [
        "afghanistan-missions",
        "resolute-support-mission",
        "nato-russia-meetings",
    ]


def test_words_search_title_summary_and_quote_with_prefixes(memory_db):
    assert slugs(memory_db, make(q="Jeyranchol")) == []  # only in an undated note
    assert slugs(memory_db, make(q="Kabul airport")) == ["kabul-airport-evacuation"]
    assert slugs(memory_db, make(q="Stolt")) == [
        "stoltenberg-sargsyan-press-conference",
        "kabul-airport-evacuation",
    ]


@pytest.mark.parametrize(
    "q", ["AND", "OR war", "NEAR(war", '"Kabul', "summit*", "a:b", "NOT war", "-war", "war)", "^x"]
)
def test_fts_syntax_is_searched_as_plain_words(memory_db, q):
    query = make(q=q)
    page = reads.find_events(memory_db, query)  # no FTS syntax error
    words = {word.lower() for word in query.words}
    for event in page.events:
        text = " ".join((event["title"], event["summary"], event["quote"])).lower()
        assert all(word in text for word in words)


def test_a_shared_sentence_is_searched_by_each_events_own_phrase(memory_db):
    assert slugs(memory_db, make(q="Cardiff")) == ["cardiff-summit-2014"]
    assert len(slugs(memory_db, make(q="summit"))) == 8  # titles still say "Summit"


def test_q_and_matches_the_word_and(memory_db):
    found = slugs(memory_db, make(q="AND"))
    assert "war-2020" in found  # "...Azerbaijan and Armenia..."


def test_keyset_paging_walks_every_event_once(memory_db):
    seen, query = [], make(limit="5")
    while True:
        page = reads.find_events(memory_db, query)
        seen += [event["slug"] for event in page.events]
        if page.next_after is None:
            break
        query = TimelineQuery(limit=5, after=page.next_after)
    assert len(seen) == len(set(seen)) == 22
    assert seen == slugs(memory_db, make(limit="500"))


def test_cursor_round_trips_and_rejects_tampering():
    assert decode_cursor(encode_cursor(17)) == 17
    for token in ("17", "abc", encode_cursor(3) + "!!", "YWZ0ZXI6LTE"):
        with pytest.raises(InvalidQuery):
            decode_cursor(token)


def test_facets_count_ranges_in_every_year(memory_db):
    counts = per_year(MatchCounts(memory_db, make()).year_counts())
    assert counts[1994] == 1
    assert counts[2003] == 2  # the two "since 2002" events
    assert counts[2019] == 4  # those two, Resolute Support, the 2017–2020 meetings
    rows = MatchCounts(memory_db, make(year="2004")).topic_counts()
    topics = {row["slug"]: row["count"] for row in rows}
    assert topics["summits"] == 1
    assert topics["russia"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"year": "abc"}, "year must be a year"),
        ({"year": "0"}, "no year 0: 1 BCE .-1. is followed by 1 CE"),
        ({"year": "100000000001"}, "from -100000000000 to 100000000000"),
        ({"year": "-100000000001"}, "negative for years BCE"),
        ({"year": "--5"}, "year"),
        ({"year": "+5"}, "year"),
        ({"year": "2e3"}, "year"),
        ({"year": "99999999999999999999"}, "year"),
        ({"from": "2020", "to": "2010"}, "from .2020. must not be after to .2010."),
        ({"limit": "0"}, "limit"),
        ({"limit": "501"}, "limit"),
        ({"topic": "sports"}, "unknown topic 'sports'"),
        ({"q": "x" * 201}, "too long"),
        ({"q": " " * 150 + "x" + " " * 150}, "too long"),
        ({"q": "!!! ---"}, "at least one word"),
        ({"q": '"*"'}, "at least one word"),
        ({"cursor": "nonsense"}, "cursor"),
    ],
)
def test_bad_values_raise_a_clear_message(args, message):
    with pytest.raises(InvalidQuery, match=message):
        make(**args)


def test_description_says_what_is_shown():
    labels = {"summits": "Summits"}
    summits = make(topic="summits").describe(8, (2004, 2021), labels)
    assert summits == "8 events · Summits · 2004–2021"
    assert make(year="2021").describe(5, (2002, 2022), labels) == "5 events · 2021"
    assert make(q="Kabul").describe(1, (2021, 2021), labels) == "1 event · matching “Kabul” · 2021"
    assert make(**{"from": "2010"}).describe(3, (2002, 2022), labels) == "3 events · from 2010"
