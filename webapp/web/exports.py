"""Events in other people's formats: CSV, iCalendar and TimelineJS3 JSON.

Each function takes events as the API publishes them (``results.public``) and returns text. The
formats are written by the csv module and the icalendar library, never by hand.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from typing import Any

import icalendar
from markupsafe import escape

from ..date_forms import unbounded
from ..dates import PartialDate
from ..store.event_shape import CSV_COLUMNS, CSV_MEDIA_COLUMNS

LIST_SEPARATOR = "; "


# A cell starting with one of these is a formula to a spreadsheet (=HYPERLINK(...) can leak data).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def inert_cell(value: object) -> object:
    """A cell no spreadsheet will run: OWASP's rule, a leading quote before a formula start.

    A plain number ("-300", a year BC) is kept as it is: it is a number, not a formula.
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


# For spreadsheets: a zero-width space before a date keeps Excel and LibreOffice from reading
# "2020-11" as 1 November 2020 (a formula-free way to say "this is text").
TEXT_MARK = "\u200b"
DATE_COLUMNS = ("start", "end", "edtf")


def csv_rows(
    events: Iterable[dict], topic_labels: dict[str, str], for_spreadsheets: bool = False
) -> Iterable[str]:
    """The header and one line per event; lists joined by "; ", topics by their labels, booleans
    as true/false, every cell inert (``inert_cell``); dates kept as text for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writeheader()
    yield flush()
    for event in events:
        row: dict[str, Any] = {
            name: inert_cell(LIST_SEPARATOR.join(value) if isinstance(value, list) else value)
            for name, value in event.items()
        }
        labels = (topic_labels.get(topic, topic) for topic in event["topics"])
        row["topics"] = inert_cell(LIST_SEPARATOR.join(labels))
        for flag in ("open_ended", "reported"):
            row[flag] = "true" if event[flag] else "false"
        media = event.get("media") or {}
        for column in CSV_MEDIA_COLUMNS:
            row[column] = inert_cell(media.get(column.removeprefix("media_"), ""))
        if for_spreadsheets:
            row.update({name: TEXT_MARK + row[name] for name in DATE_COLUMNS if row[name]})
        writer.writerow(row)
        yield flush()


def ical(events: Iterable[dict], calendar_name: str, host: str, stamp: datetime.datetime) -> bytes:
    """One all-day VEVENT per event, covering the whole period its precision names.

    ``stamp`` (when the data was built) is every event's DTSTAMP, which RFC 5545 requires. An
    event iCalendar cannot hold (before year 1, or ending in year 9999 or later, since its
    exclusive end would be 10000, or open at one end: "before 1200", "after 1900") is left out,
    and the calendar says how many were. A decade or a quarter is the whole span it covers;
    "c." and "?" are said in the description and X-TIMELINE-DISPLAY-DATE, as iCalendar has no
    place for them.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//timeline//events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _one_line(calendar_name))
    left_out = 0
    for event in events:
        if unbounded(event.get("edtf"), event["open_ended"]):
            left_out += 1  # "before 1200", "after 1900": no calendar day to put it on
            continue
        start = PartialDate.parse(event["start"])
        end = PartialDate.parse(event["end"]) if event["end"] else start
        try:
            first_day, end_day = start.first_day(), end.day_after()
        except (OverflowError, ValueError):  # DateError is a ValueError
            left_out += 1
            continue
        entry = icalendar.Event()
        entry.add("uid", f"{event['slug']}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("summary", event["title"])
        entry.add("dtstart", first_day)
        entry.add("dtend", end_day)
        entry.add("description", _ical_description(event))
        entry.add("url", event["url"])
        if event["topics"]:
            entry.add("categories", event["topics"])
        entry.add("x-timeline-precision", event["precision"])
        entry.add("x-timeline-display-date", _one_line(event["display_date"]))
        if event.get("edtf"):
            entry.add("x-timeline-edtf", event["edtf"])
        if event["open_ended"]:
            entry.add("x-timeline-open-ended", "TRUE")
        calendar.add_component(entry)
    if left_out:
        calendar.add("x-timeline-left-out", f"{left_out} events whose dates iCalendar cannot hold")
    return calendar.to_ical()


def _one_line(text: str) -> str:
    """Text for an iCalendar X- property, which icalendar writes unescaped: one line."""
    return " ".join(text.split())


def _ical_description(event: dict) -> str:
    lines = [event["display_date"], "", event["summary"]]
    if event["quote"]:
        lines += ["", f"“{event['quote']}”", f"Source: {event['quote_url'] or event['provenance']}"]
    return "\n".join(lines)


# JavaScript dates hold ±8.64e15 ms around 1970: about ±271,821 years. Past that TimelineJS needs
# its cosmological scale, where a date is a year alone.
JS_DATE_YEARS = 271_821
# Keys TimelineJS ignores and our importer reads back, so an export round-trips.
OURS = "timeline"


def timelinejs(
    events: Iterable[dict], title: dict, topic_labels: dict[str, str], eras: Iterable[dict] = ()
) -> dict:
    """The TimelineJS3 JSON format: only the date parts that exist, first topic as group, and
    what TimelineJS has no place for (every topic, open-endedness, "reported", the quote) under
    the ``timeline`` key of each slide, which TimelineJS ignores and ``timeline import`` reads.

    TimelineJS puts headlines, texts, display dates and group names into the page as HTML, so
    every one of our texts is escaped: a title "Vector<T> released" shows as written, and an
    imported "<img onerror=...>" stays text.
    """
    slides, cosmological = [], False
    for event in events:
        slide = {
            "unique_id": event["slug"],
            "start_date": _tjs_date(event["start"]),
            "text": {"headline": str(escape(event["title"])), "text": _tjs_text(event)},
            "display_date": str(escape(event["display_date"])),
            OURS: {
                "topics": event["topics"],
                "open_ended": event["open_ended"],
                "reported": event["reported"],
                "edtf": event["edtf"],
                "quote": event["quote"],
                "quote_url": event["quote_url"],
            },
        }
        if event["end"]:
            slide["end_date"] = _tjs_date(event["end"])
        if event["topics"]:
            slide["group"] = str(escape(topic_labels.get(event["topics"][0], event["topics"][0])))
        if event.get("media"):
            slide["media"] = _tjs_media(event["media"])
        cosmological |= any(
            abs(int(date["year"])) > JS_DATE_YEARS
            for date in (slide["start_date"], slide.get("end_date"))
            if date
        )
        slides.append(slide)
    title_slide = {key: str(escape(value)) for key, value in title.items()}
    document = {"title": {"text": title_slide}, "events": slides}
    document_eras = [
        {
            "start_date": _tjs_date(era["start"]),
            "end_date": _tjs_date(era["end"]),
            "text": {"headline": str(escape(era["title"]))},
        }
        for era in eras
    ]
    if document_eras:
        document["eras"] = document_eras
        cosmological |= any(
            abs(era[which]) > JS_DATE_YEARS for era in eras for which in ("start_year", "end_year")
        )
    if cosmological:
        document["scale"] = "cosmological"
    return document


# The media fields TimelineJS reads, named as we name them.
TJS_MEDIA_FIELDS = ("url", "caption", "credit", "thumbnail", "alt")


def _tjs_media(media: dict) -> dict:
    return {name: str(escape(media[name])) for name in TJS_MEDIA_FIELDS if media.get(name)}


def _tjs_date(iso: str) -> dict[str, str]:
    return {name: str(value) for name, value in PartialDate.parse(iso).parts().items()}


def _tjs_text(event: dict) -> str:
    text = f"<p>{escape(event['summary'])}</p>"
    if event["quote"] and event["quote_url"]:
        cite, quote = escape(event["quote_url"]), escape(event["quote"])
        text += f'<blockquote cite="{cite}">{quote}</blockquote>'
    return text
