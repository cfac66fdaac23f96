"""The desk's "as written" field: a proposal's date as EDTF ("1450~", "199X", "../1200"), which
the reviewer may keep, correct or clear (the plain date fields then stand alone)."""

from __future__ import annotations

from ..date_forms import parse
from ..dates import DateError
from ..ingest.checks import quote_states_date
from ..ingest.date_phrases import form_problem


def edtf_errors(values: dict) -> dict[str, str]:
    """An unreadable EDTF, or one the date fields contradict, said beside its field."""
    written = values.get("edtf", "")
    if not written:
        return {}
    try:
        form = parse(written)
    except DateError as error:
        return {"edtf": f"{error}."}
    end = form.last.iso if form.last else ""
    if (values["start"] and values["start"] != form.first.iso) or (
        values["end"] and values["end"] != end
    ):
        covers = form.first.iso + (f" to {end}" if end else "")
        return {
            "edtf": f"It covers {covers}, but the dates above say otherwise: correct one of "
            "them, or clear this to keep the dates above."
        }
    return {}


def edtf_quote_errors(values: dict, quote: str) -> dict[str, str]:
    """What the form says that the sentence does not (a year, "c.", "before"), beside the EDTF
    field; the reviewer then corrects it or ticks how the event is dated."""
    written = values.get("edtf", "")
    try:
        form = parse(written) if written else None
    except DateError:
        return {}  # said by edtf_errors
    problem = form and form_problem(quote, form, quote_states_date)
    if not problem:
        return {}
    return {
        "edtf": f"The sentence does not say so ({problem}). Correct it, or tick “Dated by the "
        "article” or “Dated from the context” below."
    }


def apply_edtf(record, values: dict) -> None:
    """The EDTF on the record, with the start and end it covers (nothing when none is given)."""
    written = values.get("edtf", "")
    if not written:
        if "edtf" in record:
            del record["edtf"]
        return
    form = parse(written)
    record["edtf"] = written
    record["start"] = form.first.iso
    if form.last:
        record["end"] = form.last.iso
    elif "end" in record:
        del record["end"]
