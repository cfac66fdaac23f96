"""Date forms in imported files: our own exports' ``edtf`` read back, and the qualifier a
TimelineJS display date writes ("c. 1450", "1066?") kept without inventing any precision.

TimelineJS dates are a year, a month and a day; a slide's ``display_date`` is free text. The
import keeps that text as the event's display date, as always, and infers from it only what
it plainly says of the same date: "c."/"ca."/"circa"/"about"/"around" before the slide's own
year makes it approximate (``1450~``), a "?" after it uncertain (``1066?``). Nothing else is
read from it: a display date "the 1490s" over the year 1490 stays the year 1490 (docs/dates.md,
"What imports infer").
"""

from __future__ import annotations

import re

from ..date_forms import edtf_date, parse
from ..dates import PartialDate, display_span

# A spreadsheet export's marks before a cell (a zero-width space, an inert-cell quote).
_CELL_MARKS = "\u200b'"
_APPROXIMATE = re.compile(r"(?:c\.|ca\.|circa|about|around|approx\.|approximately)\s*", re.I)


def cell_text(value: object) -> str:
    """A cell's text without the marks our spreadsheet export puts before a date: a zero-width
    space, or the quote that keeps "-2000-02" (a month BCE) from being read as a formula."""
    return str(value).strip().lstrip(_CELL_MARKS)


def our_edtf(value: object) -> str | None:
    """The ``edtf`` of one of our exported events when it says more than its start and end
    (``199X``, ``1450~``); None when it is absent or plain (``2004``). DateError if unreadable."""
    if value in (None, ""):
        return None
    form = parse(cell_text(value))
    return None if form.plain else form.edtf


def label_of(record: dict) -> str:
    """The date we would show for an imported record: its form's words, else the plain span."""
    if record.get("edtf"):
        return parse(record["edtf"]).label(ongoing=record.get("open_ended", False))
    end = PartialDate.parse(record["end"]) if record.get("end") else None
    return display_span(
        PartialDate.parse(record["start"]),
        end,
        open_ended=record.get("open_ended", False),
        reported=record.get("reported", False),
    )


def inferred_edtf(display_date: str, start: PartialDate, end: PartialDate | None) -> str | None:
    """``1450~`` for a single-date slide shown "c. 1450", ``1066?`` for "1066?", ``1066%`` for
    "c. 1066?"; None when the display date does not qualify the slide's own date. The date may
    be written with its era and followed by a remark: "c. 1250 BC (Late Date)"."""
    if (end is not None and end != start) or not display_date:
        return None
    shown = " ".join(display_date.split())
    match = re.fullmatch(
        rf"({_APPROXIMATE.pattern})?{_date_words(start)}\s*(\?)?(?:\s*[(,;].*)?", shown, re.I
    )
    if not match or not (match.group(1) or match.group(2)):
        return None
    qualifier = {(True, True): "%", (True, False): "~", (False, True): "?"}[
        (bool(match.group(1)), bool(match.group(2)))
    ]
    return edtf_date(start) + qualifier


def _date_words(date: PartialDate) -> str:
    """The date as a display date may write it: ours ("1250 BCE"), or a year with its era as
    people write it ("1250 BC", "AD 79", "1,066")."""
    ours = re.escape(date.display())
    if date.precision != "year":
        return f"(?:{ours})"
    digits = f"{abs(date.year):,}".replace(",", ",?")
    if date.year < 0:
        return rf"(?:{ours}|{digits}\s?(?:BCE|BC|B\.C\.(?:E\.)?))"
    return rf"(?:{ours}|(?:AD\s?|A\.D\.\s?)?{digits}(?:\s?(?:CE|AD|A\.D\.))?)"
