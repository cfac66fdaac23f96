"""The public shape of an event, declared once.

The API, the OpenAPI schema, the CSV columns and the extractor's JSON all read this table, so a
field added here appears everywhere at once and a field missing anywhere is a test failure.
"""

from __future__ import annotations

from collections.abc import Callable

from ..dates import PRECISIONS

_PARTIAL_DATE = r"^-?\d{1,12}(-\d{2}(-\d{2})?)?$"

# name -> JSON schema (with its description). Order is the order of the API and CSV columns.
EVENT_FIELDS: dict[str, dict] = {
    "slug": {"type": "string", "description": "Stable identifier, used in the event's URL"},
    "title": {"type": "string"},
    "summary": {"type": "string"},
    "start": {"type": "string", "pattern": _PARTIAL_DATE, "description": "Y, Y-MM or "
              "Y-MM-DD: as precise as the source, never padded; years BCE are negative (-300 is "
              "300 BCE, -44-03-15 the Ides of March), and there is no year 0"},
    "end": {"type": ["string", "null"], "pattern": _PARTIAL_DATE},
    "precision": {"type": "string", "enum": list(PRECISIONS)},
    "end_precision": {"type": ["string", "null"], "enum": [*PRECISIONS, None]},
    "edtf": {"type": ["string", "null"], "description": "The date in the Library of Congress's "
             "Extended Date/Time Format (ISO 8601-2), as its source writes it: 1450~ (about "
             "1450), 1066? (uncertain), 199X (the 1990s), 1401/1500 (the 15th century), 2020-21 "
             "(spring), 2021-35 (third quarter), ../1200 (before 1200), 1900/.. (after 1900, or "
             "since 1900 when open_ended). Years are ISO's: 0000 is 1 BCE. start and end are the "
             "first and last dates it covers, and precision their grain (docs/dates.md)"},
    "open_ended": {"type": "boolean", "description": "Still going on (\"since 2002\")"},
    "reported": {"type": "boolean", "description": "The only date is the report's"},
    "display_date": {"type": "string", "description": "The date as a reader sees it: the "
                     "source's own words when it gives them (\"Mid-2000s\"), else written from "
                     "start and end (\"2015 – August 2021\", \"44 BCE\")"},
    "topics": {"type": "array", "items": {"type": "string"}, "description": "Topic slugs"},
    "places": {"type": "array", "items": {"type": "string"}, "description": "Place names"},
    "place_slugs": {"type": "array", "items": {"type": "string"}, "description": "The places' "
                    "slugs, in the same order: place=<slug> filters by one, /places/<slug> is "
                    "its page"},
    "actors": {"type": "array", "items": {"type": "string"}, "description": "People and "
               "organisations named"},
    "actor_slugs": {"type": "array", "items": {"type": "string"}, "description": "The actors' "
                    "slugs, in the same order: person=<slug> filters by one, /people/<slug> is "
                    "their page"},
    "quote": {"type": ["string", "null"], "description": "The source's verbatim sentence"},
    "source": {"type": "string", "description": "The source's slug"},
    "provenance": {
        "type": ["string", "null"],
        "description": "null when the quote was checked against the source text; else where the "
        "event came from, e.g. 'imported from file.json'",
    },
    "quote_url": {
        "type": ["string", "null"],
        "format": "uri",
        "description": "The quote highlighted in its source; null without a source text",
    },
    "url": {"type": "string", "format": "uri", "description": "The event's page"},
    "also_reported_by": {
        "type": "array",
        "description": "The same happening reported by other sources: each source's slug, its "
        "verbatim sentence, and that sentence highlighted in it",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["source", "quote", "quote_url"],
            "properties": {
                "source": {"type": "string"}, "quote": {"type": "string"},
                "quote_url": {"type": "string", "format": "uri"},
            },
        },
    },
    "language": {"type": "string", "description": "The language title and summary are in "
                 "here: the reader's (lang) where the event carries a translation, else the "
                 "timeline's own"},
    "quote_language": {"type": ["string", "null"], "description": "The language of the quote: "
                       "its source's (the quote is never translated in place)"},
    "translations": {
        "type": "object",
        "description": "The event told in other languages, by language code: title, and where "
        "given summary and a translation of the quote",
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "required": ["title"],
            "properties": {
                "title": {"type": "string"}, "summary": {"type": "string"},
                "quote": {"type": "string"},
            },
        },
    },
    "media": {
        "type": ["object", "null"],
        "description": "An image, or a link to a video, sound, post, map, document or page; "
        "a quoted post keeps its words in `quote`. Addresses are http(s) only; a file of the "
        "timeline's own is served by this site under /media/.",
        "additionalProperties": False,
        "properties": {
            "url": {"type": "string"}, "caption": {"type": "string"},
            "credit": {"type": "string"}, "thumbnail": {"type": "string"},
            "alt": {"type": "string"}, "provider": {"type": "string"},
            "kind": {"enum": ["image", "video", "audio", "post", "map", "document", "page",
                              "quote"]},
            "quote": {"type": "string"},
        },
    },
}  # fmt: skip

# CSV has no room for the quote's link (a spreadsheet row carries the quote itself) or for a
# nested object: media becomes columns of its own.
CSV_MEDIA_COLUMNS = ("media_url", "media_caption", "media_credit", "media_thumbnail", "media_alt")
CSV_COLUMNS = [
    name
    for name in EVENT_FIELDS
    if name not in ("quote_url", "media", "also_reported_by", "translations")
] + list(CSV_MEDIA_COLUMNS)


def event_schema() -> dict:
    """The JSON schema of a published event: every field required, no others."""
    return {
        "type": "object",
        "required": list(EVENT_FIELDS),
        "additionalProperties": False,
        "properties": EVENT_FIELDS,
    }


def public_event(
    event: dict, event_url: Callable[[str], str], quote_url: Callable[[str, str], str]
) -> dict:
    """A shaped event row (``reads.shape_events``) as the API publishes it.

    ``event_url(slug)`` and ``quote_url(source, slug)`` make the absolute links: the web side
    knows the site's address, the store does not.
    """
    values = {
        **event,
        "precision": event["start_precision"],
        "topics": [topic["slug"] for topic in event["topics"]],
        "places": [place["name"] for place in event["places"]],
        "actors": [actor["name"] for actor in event["actors"]],
        "place_slugs": [place["slug"] for place in event["places"]],
        "actor_slugs": [actor["slug"] for actor in event["actors"]],
        "quote_url": quote_url(event["source"], event["slug"])
        if event["quote_start"] is not None
        else None,
        "url": event_url(event["slug"]),
        "language": event.get("told") or event.get("own_language") or "en",
        "translations": event.get("translations") or {},
        "quote_language": event.get("quote_language"),
        "also_reported_by": [
            {
                "source": c["source"],
                "quote": c["quote"],
                "quote_url": quote_url(c["source"], event["slug"]),
            }
            for c in event.get("also", [])
        ],
    }
    return {name: values[name] for name in EVENT_FIELDS}


def draft_event(values: dict, **extra) -> dict:
    """Every public field of an event not yet published (None where it has no value yet), then
    ``extra`` fields that only a draft has."""
    return {**{name: values.get(name) for name in EVENT_FIELDS}, **extra}
