"""/openapi.json describes every API route, and real responses validate against it."""

import jsonschema
import pytest
from werkzeug.routing import Rule

from webapp.web.openapi import spec as build_spec


@pytest.fixture(scope="module")
def spec(app):
    with app.test_request_context():
        return build_spec()


def validate(spec, schema_name: str, instance) -> None:
    schema = {**spec, "$ref": f"#/components/schemas/{schema_name}"}
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(instance)


def test_served_and_well_formed(client, spec):
    served = client.get("/openapi.json").get_json()
    assert served["openapi"] == "3.1.0"
    assert served["paths"].keys() == spec["paths"].keys()
    jsonschema.Draft202012Validator.check_schema({"$defs": spec["components"]["schemas"]})


def test_every_api_route_is_documented(app, spec):
    rules: list[Rule] = list(app.url_map.iter_rules())
    routes = {
        rule.rule for rule in rules if rule.rule.startswith(("/api/", "/oembed", "/axis.svg"))
    }
    assert routes == set(spec["paths"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/events",
        "/api/events?year=2021&limit=2",
        "/api/events?topic=summits&topic=russia&q=NATO",
        "/api/events?source=today-az-nato-azerbaijan&limit=500",
        "/api/events?q=zzzzzz",
        "/api/events.json?from=2015&to=2020",
    ],
)
def test_event_pages_match_the_schema(client, spec, url):
    validate(spec, "EventsPage", client.get(url).get_json())


def test_other_responses_match_their_schemas(client, spec):
    validate(spec, "Topics", client.get("/api/topics").get_json())
    validate(spec, "TimelineJS", client.get("/api/timelinejs.json").get_json())
    validate(spec, "OEmbed", client.get("/oembed?url=http://localhost/events/war-2020").get_json())
    for bad in ("/api/events?year=abc", "/api/events.csv?from=2020&to=2000", "/oembed"):
        response = client.get(bad)
        assert response.status_code == 400
        validate(spec, "Error", response.get_json())
    missing = client.get("/oembed?url=http://example.com/")
    assert missing.status_code == 404
    validate(spec, "Error", missing.get_json())


def test_documented_statuses_cover_what_each_route_answers(client, spec):
    probes = {
        "/api/events": ["", "?year=abc"],
        "/api/topics": [""],
        "/api/events.json": ["", "?limit=0"],
        "/api/events.csv": ["", "?topic=nope"],
        "/api/events.ics": ["", "?q=%2A"],
        "/api/timelinejs.json": ["", "?to=0"],
        "/oembed": [
            "?url=http://localhost/",
            "",
            "?url=http://x.org/",
            "?url=http://localhost/&format=xml",
        ],
    }
    for path, queries in probes.items():
        documented = spec["paths"][path]["get"]["responses"]
        for query in queries:
            with client.get(path + query) as response:
                assert str(response.status_code) in documented, (path + query, response.status_code)
