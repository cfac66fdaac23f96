"""The desk's "as written" field: a proposal's date as EDTF ("1450~", "199X", "../1200"), which
the reviewer may keep, correct or clear (the plain date fields then stand alone)."""

from __future__ import annotations

from ..date_forms import parse
from ..dates import DateError
from ..ingest.curated import quote_states_date
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


def apply_edtf(record, values: dict) -> bool:
    """The EDTF on the record, with the start and end it covers; True when it was given (the
    caller then checks the quote against the form, not the plain start)."""
    written = values.get("edtf", "")
    if not written:
        if "edtf" in record:
            del record["edtf"]
        return False
    form = parse(written)
    record["edtf"] = written
    record["start"] = form.first.iso
    if form.last:
        record["end"] = form.last.iso
    elif "end" in record:
        del record["end"]
    # The reviewer has checked the date against the sentence, as for a plain date.
    if form_problem(record.get("quote", ""), form, quote_states_date) and not record.get(
        "reported"
    ):
        record["inferred"] = True
    return True
