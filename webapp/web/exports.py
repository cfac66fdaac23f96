"""Events in other people's formats: CSV, iCalendar and TimelineJS3 JSON.

Each function takes events as the API publishes them (``results.public``) and returns text. The
formats are written by the csv module and the icalendar library, never by hand.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import icalendar
from markupsafe import escape

from ..dates import PartialDate
from ..store.event_shape import CSV_COLUMNS

LIST_SEPARATOR = "; "


def csv_rows(events: Iterable[dict]) -> Iterable[str]:
    """The header and one line per event; lists joined by "; ", booleans as true/false."""
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
        row = {
            name: LIST_SEPARATOR.join(value) if isinstance(value, list) else value
            for name, value in event.items()
        }
        for flag in ("open_ended", "reported"):
            row[flag] = "true" if event[flag] else "false"
        writer.writerow(row)
        yield flush()


def ical(events: Iterable[dict], calendar_name: str, host: str) -> bytes:
    """One all-day VEVENT per event, covering the whole period its precision names."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//timeline//events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", calendar_name)
    for event in events:
        start = PartialDate.parse(event["start"])
        end = PartialDate.parse(event["end"]) if event["end"] else start
        entry = icalendar.Event()
        entry.add("uid", f"{event['slug']}@{host}")
        entry.add("summary", event["title"])
        entry.add("dtstart", start.first_day())
        entry.add("dtend", end.day_after())
        entry.add("description", _ical_description(event))
        entry.add("url", event["url"])
        if event["topics"]:
            entry.add("categories", event["topics"])
        entry.add("x-timeline-precision", event["precision"])
        entry.add("x-timeline-display-date", event["display_date"])
        if event["open_ended"]:
            entry.add("x-timeline-open-ended", "TRUE")
        calendar.add_component(entry)
    return calendar.to_ical()


def _ical_description(event: dict) -> str:
    lines = [event["display_date"], "", event["summary"]]
    if event["quote"]:
        lines += ["", f"“{event['quote']}”", f"Source: {event['quote_url'] or event['provenance']}"]
    return "\n".join(lines)


def timelinejs(events: Iterable[dict], title: dict, topic_labels: dict[str, str]) -> dict:
    """The TimelineJS3 JSON format: only the date parts that exist, first topic as group."""
    slides = []
    for event in events:
        slide = {
            "unique_id": event["slug"],
            "start_date": _tjs_date(event["start"]),
            "text": {"headline": event["title"], "text": _tjs_text(event)},
            "display_date": event["display_date"],
        }
        if event["end"]:
            slide["end_date"] = _tjs_date(event["end"])
        if event["topics"]:
            slide["group"] = topic_labels.get(event["topics"][0], event["topics"][0])
        slides.append(slide)
    return {"title": {"text": title}, "events": slides}


def _tjs_date(iso: str) -> dict[str, str]:
    return {name: str(value) for name, value in PartialDate.parse(iso).parts().items()}


def _tjs_text(event: dict) -> str:
    text = f"<p>{escape(event['summary'])}</p>"
    if event["quote"] and event["quote_url"]:
        cite, quote = escape(event["quote_url"]), escape(event["quote"])
        text += f'<blockquote cite="{cite}">{quote}</blockquote>'
    return text
