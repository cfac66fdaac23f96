import re

from werkzeug.datastructures import MultiDict

EVENT_FIELDS = {
    "slug", "title", "summary", "start", "end", "precision", "end_precision", "edtf", "open_ended",
    "reported", "display_date", "topics", "places", "place_slugs", "actors", "actor_slugs", "quote",
    "source", "provenance", "quote_url", "url", "media", "also_reported_by", "language",
    "quote_language", "translations",
}  # fmt: skip
PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def test_events_have_the_documented_shape(client):
    body = client.get("/api/events").get_json()
    assert set(body) == {"events", "total", "total_exact", "facets", "next"}
    assert body["total"] == len(body["events"]) == 22
    assert body["next"] is None
    for event in body["events"]:
        assert set(event) == EVENT_FIELDS
        assert PARTIAL_DATE.fullmatch(event["start"])
        assert event["end"] is None or PARTIAL_DATE.fullmatch(event["end"])
        assert event["url"] == f"http://localhost/events/{event['slug']}"


def test_dates_are_exactly_as_precise_as_the_source(client):
    events = {e["slug"]: e for e in client.get("/api/events").get_json()["events"]}
    resolute = events["resolute-support-mission"]
    assert (resolute["start"], resolute["precision"]) == ("2015", "year")
    assert (resolute["end"], resolute["end_precision"]) == ("2021-08", "month")
    assert resolute["display_date"] == "2015 – August 2021"
    assert events["afghanistan-missions"]["open_ended"] is True
    assert events["today-az-report"]["start"] == "2022-01-18"
    assert events["istanbul-summit-2004"]["topics"] == ["summits"]
    assert events["istanbul-summit-2004"]["places"] == ["Istanbul"]
    assert events["istanbul-summit-2004"]["source"] == "today-az-nato-azerbaijan"


def test_filters_match_the_page(client):
    body = client.get("/api/events?year=2021").get_json()
    assert [e["slug"] for e in body["events"]] == [
        "afghanistan-missions",
        "officers-at-nato",
        "resolute-support-mission",
        "brussels-summit-2021",
        "kabul-airport-evacuation",
    ]
    topics = {row["slug"]: row["count"] for row in body["facets"]["topics"]}
    assert topics == {
        "partnership": 1,
        "summits": 1,
        "afghanistan": 3,
        "armenia-azerbaijan": 1,
        "defence-reform": 1,
        "russia": 0,
    }
    # Under a year filter, year facets count within the selected years.
    assert body["facets"]["years"] == [{"year": 2021, "last": 2021, "count": 5}]
    ranged = client.get("/api/events?from=2015&to=2017").get_json()["facets"]["years"]
    assert ranged == [  # runs of years with the same count
        {"year": 2015, "last": 2015, "count": 3},
        {"year": 2016, "last": 2017, "count": 4},
    ]


def test_next_link_keeps_every_filter_and_ends_with_null(client):
    url = "/api/events?topic=summits&topic=afghanistan&limit=4"
    seen = []
    while url:
        body = client.get(url).get_json()
        assert body["total"] == 11
        seen += [e["slug"] for e in body["events"]]
        url = body["next"]
        if url:
            assert "topic=summits" in url and "topic=afghanistan" in url and "limit=4" in url
            url = url.removeprefix("http://localhost")
    assert len(seen) == len(set(seen)) == 11


def test_topics_endpoint(client):
    topics = client.get("/api/topics").get_json()["topics"]
    assert [t["slug"] for t in topics][:2] == ["partnership", "summits"]
    assert {"slug", "label", "description", "count"} <= set(topics[0])
    assert next(t for t in topics if t["slug"] == "summits")["count"] == 8


def test_limit_bounds(client):
    assert len(client.get("/api/events?limit=1").get_json()["events"]) == 1
    assert client.get("/api/events?limit=500").status_code == 200
    assert client.get("/api/events?limit=501").status_code == 400


def test_api_errors_are_json(client):
    response = client.get("/api/events", query_string=MultiDict([("year", "abc")]))
    assert response.status_code == 400
    assert response.is_json
    assert "year" in response.get_json()["error"]
    missing = client.get("/api/nothing")
    assert missing.status_code == 404 and "error" in missing.get_json()
