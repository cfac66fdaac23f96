"""A record's date written as EDTF (``edtf = "199X"``), read into the plain start, end and
open-endedness every other part of the build uses, plus the form itself when it says more
than they can ("the 1990s", "c. 1450", "before 1200")."""

from __future__ import annotations

from ..date_forms import DateForm, parse
from ..dates import DateError, PartialDate

Span = tuple[PartialDate, PartialDate | None, bool, DateForm | None]


class EdtfRecordError(ValueError):
    """A record's ``edtf`` that cannot be read, or that its ``start`` or ``end`` contradicts."""


def edtf_span(record: dict) -> Span | None:
    """Start, end, open-endedness and form of a record giving ``edtf``; None when it does not.

    A record may give ``start`` and ``end`` beside ``edtf`` (our exports do, for old readers):
    they must then be the first and last dates the form covers. ``open_ended = true`` with an
    open end (``2002/..``) says the event is still going on ("Since 2002"); without it, an
    open end is "after 2002".
    """
    text = record.get("edtf")
    if text in (None, ""):
        return None
    if not isinstance(text, str):
        raise EdtfRecordError('edtf must be text, such as "1450~" or "199X"')
    try:
        form = parse(text)
    except DateError as error:
        raise EdtfRecordError(f"edtf: {error}") from error
    ongoing = bool(record.get("open_ended", False))
    if ongoing and not (form.open_end and form.start):
        raise EdtfRecordError(f'open_ended = true needs an open end in edtf ("{text}/..")')
    start, end = form.first, form.last
    for name, value in (("start", start), ("end", end)):
        _check_agrees(record, name, value, text)
    plain_ongoing = (
        ongoing and form.start.grain in ("day", "month", "year") and not (form.start.qualifier)
    )
    return start, end, ongoing, None if form.plain or plain_ongoing else form


def _check_agrees(record: dict, name: str, value: PartialDate | None, text: str) -> None:
    given = record.get(name)
    if given in (None, ""):
        return
    try:
        agrees = value is not None and PartialDate.parse(str(given)) == value
    except DateError:
        agrees = False
    if not agrees:
        says = value.iso if value else "none"
        raise EdtfRecordError(
            f"{name} {given} disagrees with edtf {text!r}, whose {name} is {says}: "
            "give the edtf alone"
        )
