"""``/openapi.json``: an OpenAPI 3.1 description of the API and oEmbed, kept true by tests."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from flask import Blueprint, current_app, jsonify, url_for

from ..limits import (
    DEFAULT_PAGE_SIZE,
    EMBED_MAX_SIZE,
    EMBED_MIN_SIZE,
    MAX_PAGE_SIZE,
    MAX_Q_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
)
from ..store.event_shape import event_schema
from ..store.schema import PLACE_KINDS
from ..wording import N_, translate
from .database import get_catalog

bp = Blueprint("openapi", __name__)


def _number(low: int, high: int) -> dict:
    """A whole number in range, or an empty value, which counts as absent (as forms send it)."""
    return {"anyOf": [{"type": "integer", "minimum": low, "maximum": high}, {"const": ""}]}


YEARS = " Years BCE are negative, as people number them (-300 is 300 BCE); there is no year 0."


def _year(name: str, description: str) -> dict:
    schema = _number(MIN_YEAR, MAX_YEAR)
    schema["anyOf"][0]["not"] = {"const": 0}
    return {"name": name, "in": "query", "description": description + YEARS, "schema": schema}


def _window_edge(name: str, description: str) -> dict:
    """``from``/``to``: a year as for ``year``, or a month or a day (``2021-08``, ``2021-08-15``,
    ``-44-03-15``), which narrows the window to within its year."""
    parameter = _year(
        name,
        description + " A month (`2021-08`) or a day (`2021-08-15`) narrows "
        "it further: a month-precision event overlaps every day of its month.",
    )
    parameter["schema"]["anyOf"].insert(
        1, {"type": "string", "pattern": r"^-?[0-9]{1,12}-[0-9]{2}(-[0-9]{2})?$"}
    )
    return parameter


AXIS_PARAMETERS = [
    {
        "name": "axis",
        "in": "query",
        "description": "Pages and embeds: `0` leaves out the time axis (default `1`).",
        "schema": {"type": "string", "enum": ["0", "1", ""]},
    },
    {
        "name": "lanes",
        "in": "query",
        "description": "The time axis draws one labelled row per topic, source, place or "
        "person (at most 12); an event with two topics (or places) is in both rows.",
        "schema": {"type": "string", "enum": ["topic", "source", "place", "person", ""]},
    },
]


# The timeline page's own (docs/people-and-places.md), declared beside the axis's for whoever
# builds its URLs.
PAGE_PARAMETERS = [
    {
        "name": "map",
        "in": "query",
        "description": "Pages and embeds: `1` adds a map of the view's places (an SVG drawn on "
        "the server, each place a link narrowing the view to it).",
        "schema": {"type": "string", "enum": ["1", ""]},
    },
    {
        "name": "who",
        "in": "query",
        "description": "The timeline page: `1` shows the filter form's lists of places and "
        "people, with their counts.",
        "schema": {"type": "string", "enum": ["1", ""]},
    },
]


def _repeatable(name: str, description: str, choices: Sequence[str]) -> dict:
    return {
        "name": name,
        "in": "query",
        "description": description,
        "style": "form",
        "explode": True,
        # An empty value counts as absent, as a plain form submit sends it.
        "schema": {"type": "array", "items": {"type": "string", "enum": [*choices, ""]}},
    }


def _filters(
    topics: list[str], sources: list[str], places: Sequence[str] = (), people: Sequence[str] = ()
) -> list[dict]:
    """The filter parameters, with this database's topics, sources, places and people as their
    only values."""
    return [
        _year("year", "Events whose span overlaps this year."),
        _window_edge(
            "from", "Events whose span ends in or after this year. Must not be after `to`."
        ),
        _window_edge("to", "Events whose span starts in or before this year."),
        _repeatable("topic", "Topic slugs; an event with any of them matches.", topics),
        _repeatable("source", "Source slugs; an event from any of them matches.", sources),
        _repeatable(
            "place", "Place slugs (`/api/places`); an event in any of them matches.", places
        ),
        _repeatable(
            "person",
            "Person or organisation slugs (`/api/people`, the events' actors); an event naming "
            "any of them matches.",
            people,
        ),
        {
            "name": "q",
            "in": "query",
            "description": "Words that must all appear (prefix match). Needs a letter or digit.",
            "schema": {"type": "string", "maxLength": MAX_Q_LENGTH},
        },
    ]


LIMIT = {
    "name": "limit",
    "in": "query",
    "description": f"Page size (default {DEFAULT_PAGE_SIZE}); on exports, a cap on the events.",
    "schema": _number(1, MAX_PAGE_SIZE),
}
CURSOR = {
    "name": "cursor",
    "in": "query",
    "description": "Opaque keyset cursor: follow `next` rather than building one.",
    "schema": {"type": "string"},
}


EMBED_SIZE = {
    "type": "integer",
    "minimum": 0,
    "description": f"A maximum to fit within (oEmbed 1.0 §2.2): the embed is drawn at its default "
    f"size or smaller, never over {EMBED_MAX_SIZE}; below {EMBED_MIN_SIZE} no embed fits (404).",
}


def _named_list(key: str, extra: dict) -> dict:
    """A vocabulary of names with slugs and event counts (places, people)."""
    return {
        "type": "object",
        "required": [key],
        "properties": {
            key: {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "name", "count", *extra],
                    "additionalProperties": False,
                    "properties": {
                        "slug": {"type": "string"},
                        "name": {"type": "string"},
                        "count": {"type": "integer", "minimum": 0},
                        **extra,
                    },
                },
            }
        },
    }


def _schemas(cap: int) -> dict:
    """The response schemas; ``cap`` is the count cap they describe."""
    return {
        "Event": event_schema(),
        "EventsPage": {
            "type": "object",
            "required": ["events", "total", "total_exact", "facets", "next"],
            "additionalProperties": False,
            "properties": {
                "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
                "total": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Matching events; when total_exact is false, at least this "
                    f"many (counts past {cap:,} are only exact where the build precomputed them)",
                },
                "total_exact": {"type": "boolean"},
                "facets": {
                    "type": "object",
                    "required": ["years", "topics"],
                    "properties": {
                        "years": {
                            "type": ["array", "null"],
                            "description": "Events per year within the selected years (an event "
                            "counts in each year it covers), as runs of years with the same count "
                            "(`year` to `last`, inclusive), so a span of billions of years is one "
                            "entry; null when it would take counting more than "
                            f"{cap:,} events one by one",
                            "items": {
                                "type": "object",
                                "required": ["year", "last", "count"],
                                "properties": {
                                    "year": {"type": "integer"},
                                    "last": {"type": "integer"},
                                    "count": {"type": "integer", "minimum": 1},
                                },
                            },
                        },
                        "topics": {
                            "type": ["array", "null"],
                            "description": f"Matching events per topic; null past {cap:,}",
                            "items": {
                                "type": "object",
                                "required": ["slug", "label", "count"],
                                "properties": {
                                    "slug": {"type": "string"},
                                    "label": {"type": "string"},
                                    "count": {"type": "integer", "minimum": 0},
                                },
                            },
                        },
                    },
                },
                "next": {"type": ["string", "null"], "format": "uri"},
            },
        },
        "Topics": {
            "type": "object",
            "required": ["topics"],
            "properties": {
                "topics": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["slug", "label", "description", "count"],
                        "properties": {
                            "slug": {"type": "string"},
                            "label": {"type": "string"},
                            "description": {"type": "string"},
                            "count": {"type": "integer", "minimum": 0},
                            "tone": {"type": "integer"},
                        },
                    },
                }
            },
        },
        "Places": _named_list(
            "places",
            {
                "kind": {
                    "type": ["string", "null"],
                    "enum": [*PLACE_KINDS, None],
                    "description": "What kind of place; null when unresolved",
                },
                "country": {"type": ["string", "null"], "description": "ISO 3166 code"},
                "country_name": {"type": ["string", "null"]},
                "lat": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
                "lon": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
            },
        ),
        "People": _named_list("people", {}),
        "TimelineJS": {
            "type": "object",
            "required": ["title", "events"],
            "properties": {
                "title": {"type": "object", "required": ["text"]},
                "scale": {
                    "const": "cosmological",
                    "description": "Set when a date lies beyond what JavaScript dates hold "
                    "(±271,821 years)",
                },
                "events": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["start_date", "text", "unique_id", "display_date"],
                        "properties": {
                            "start_date": {"$ref": "#/components/schemas/TimelineJSDate"},
                            "end_date": {"$ref": "#/components/schemas/TimelineJSDate"},
                            "text": {"type": "object", "required": ["headline", "text"]},
                            "group": {"type": "string"},
                            "display_date": {"type": "string"},
                            "unique_id": {"type": "string"},
                            "media": {"type": "object"},
                            "timeline": {
                                "type": "object",
                                "description": "What TimelineJS ignores and `timeline import` "
                                "reads back: every topic, open_ended, reported, the date as "
                                "EDTF, the quote",
                            },
                        },
                    },
                },
            },
        },
        "TimelineJSDate": {
            "type": "object",
            "required": ["year"],
            "additionalProperties": False,
            "properties": {
                "year": {"type": "string", "pattern": r"^-?\d+$"},
                "month": {"type": "string", "pattern": r"^\d{1,2}$"},
                "day": {"type": "string", "pattern": r"^\d{1,2}$"},
            },
        },
        "OEmbed": {
            "type": "object",
            "required": ["version", "type", "html", "width", "height"],
            "properties": {
                "version": {"const": "1.0"},
                "type": {"const": "rich"},
                "title": {"type": "string"},
                "provider_name": {"type": "string"},
                "provider_url": {"type": "string", "format": "uri"},
                "html": {"type": "string"},
                "width": {"type": "integer", "minimum": 1},
                "height": {"type": "integer", "minimum": 1},
            },
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "additionalProperties": False,
            "properties": {"error": {"type": "string"}},
        },
    }


def _json(schema: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


BAD_REQUEST = _json(
    "Error", "A parameter cannot be used (including `from` after `to`); the message says why."
)


def _with_response(operation: dict, status: str, response: dict) -> dict:
    operation["get"]["responses"][status] = response
    return operation


TOO_LONG = {
    "description": "The request line is longer than the server accepts (gunicorn: 4,094 bytes); "
    "answered before the application"
}


def _export(summary: str, media_type: str, schema: dict, filters: list[dict]) -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": [*filters, LIMIT],
            "responses": {
                "200": {"description": summary, "content": {media_type: {"schema": schema}}},
                "400": BAD_REQUEST,
                "414": TOO_LONG,
            },
        }
    }


def spec() -> dict:
    """The description, with this server's own address and its database's topics and sources."""
    catalog = get_catalog()
    filters = _filters(
        sorted(catalog.topic_slugs),
        sorted(catalog.source_slugs),
        sorted(catalog.place_names),
        sorted(catalog.person_names),
    )
    export = partial(_export, filters=filters)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "timeline",
            "version": "1",
            "description": N_(
                "Dated events, each quoting the sentence of its source that states it. Dates are "
                "exactly as precise as the source: `Y`, `Y-MM` or `Y-MM-DD`, years BCE negative "
                "(`-300` is 300 BCE; there is no year 0)."
            ),
        },
        "servers": [{"url": url_for("pages.timeline", _external=True).rstrip("/")}],
        "paths": {
            "/api/events": {
                "get": {
                    "summary": N_("Events matching the filters, a page at a time"),
                    "parameters": [*filters, LIMIT, CURSOR],
                    "responses": {
                        "200": _json("EventsPage", "A page of events"),
                        "400": BAD_REQUEST,
                        "414": TOO_LONG,
                    },
                }
            },
            "/api/topics": {
                "get": {
                    "summary": N_("The topic vocabulary with event counts"),
                    "responses": {"200": _json("Topics", "Every topic")},
                }
            },
            "/api/places": {
                "get": {
                    "summary": "The places the events name, with event counts and coordinates",
                    "responses": {"200": _json("Places", "Every place, most named first")},
                }
            },
            "/api/people": {
                "get": {
                    "summary": "The people and organisations the events name, with event counts",
                    "responses": {"200": _json("People", "Every person, most named first")},
                }
            },
            "/api/events.json": export(
                N_("Every matching event, as a download"),
                "application/json",
                {"$ref": "#/components/schemas/EventsPage"},
            ),
            "/api/events.csv": export(
                N_("Every matching event as CSV"), "text/csv", {"type": "string"}
            ),
            "/api/events.ics": export(
                N_("Every matching event as iCalendar all-day events"),
                "text/calendar",
                {"type": "string"},
            ),
            "/api/timelinejs.json": _with_response(
                export(
                    N_("Every matching event in the TimelineJS3 JSON format"),
                    "application/json",
                    {"$ref": "#/components/schemas/TimelineJS"},
                ),
                "404",
                _json("Error", "The view has no events: TimelineJS opens no file without slides"),
            ),
            "/axis.svg": {
                "get": {
                    "summary": N_(
                        "The view's time axis as a standalone SVG image (fonts and colours "
                        "inline, links absolute), for print, slides and a CMS that takes images"
                    ),
                    "parameters": [*filters, {"$ref": "#/components/parameters/lanes"}],
                    "responses": {
                        "200": {
                            "description": "An SVG drawing of the window's events",
                            "content": {"image/svg+xml": {"schema": {"type": "string"}}},
                        },
                        "400": {
                            "description": "A parameter cannot be used: a page says why",
                            "content": {"text/html": {"schema": {"type": "string"}}},
                        },
                        "414": TOO_LONG,
                    },
                }
            },
            "/oembed": {
                "get": {
                    "summary": N_("oEmbed 1.0 for a timeline, event or source page of this site"),
                    "parameters": [
                        {
                            "name": "url",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "minLength": 1},
                        },
                        {
                            "name": "format",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["json", "xml"]},
                        },
                        {
                            "name": "maxwidth",
                            "in": "query",
                            "schema": EMBED_SIZE,
                        },
                        {
                            "name": "maxheight",
                            "in": "query",
                            "schema": EMBED_SIZE,
                        },
                    ],
                    "responses": {
                        "200": _json("OEmbed", "The iframe snippet for that page"),
                        "400": BAD_REQUEST,
                        "414": TOO_LONG,
                        "404": _json("Error", "Not a timeline, event or source page of this site"),
                        "501": {"description": "format=xml is not provided"},
                    },
                }
            },
        },
        "components": {
            "schemas": _schemas(current_app.config["COUNT_CAP"]),
            # The pages' and embeds' own arguments for the time axis (docs/axis.md).
            "parameters": {
                parameter["name"]: parameter for parameter in [*AXIS_PARAMETERS, *PAGE_PARAMETERS]
            },
        },
    }


def in_reader_language(node):
    """The document with every summary and description the catalog has in the reader's
    language (``?lang=``); the rest, and every name and schema, as they are."""
    if isinstance(node, dict):
        return {
            key: translate(value)
            if key in ("summary", "description") and isinstance(value, str)
            else in_reader_language(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [in_reader_language(item) for item in node]
    return node


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(in_reader_language(spec()))
