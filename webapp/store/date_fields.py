"""What a shaped event says of its date form (webapp/date_forms.py), for templates, the API and
the time axis: the EDTF string, how it is said, and whether each edge is approximate,
uncertain or open.

The build stores the edges as bits (``edge_bits``) so that reading them costs no parsing.
"""

from __future__ import annotations

from .. import date_forms, wording
from ..dates import DateError

EDGE_FLAGS = ("approximate", "uncertain", "open")
EXACT_EDGE = dict.fromkeys(EDGE_FLAGS, False)


def edge_bits(edges: dict[str, dict[str, bool]]) -> int:
    """{"start": {...}, "end": {...}} as six bits: start's flags, then end's."""
    flags = [edges[side][flag] for side in ("start", "end") for flag in EDGE_FLAGS]
    return sum(1 << index for index, flag in enumerate(flags) if flag)


def _edges(bits: int) -> dict[str, dict[str, bool]]:
    return {
        side: {flag: bool(bits >> (offset + index) & 1) for index, flag in enumerate(EDGE_FLAGS)}
        for side, offset in (("start", 0), ("end", 3))
    }


# Every combination, decoded once: a page of events only looks them up (never change them).
_EDGES = [_edges(bits) for bits in range(64)]


def date_form_fields(row: dict, open_ended: bool) -> dict:
    """``edtf``; ``date_label`` ("c. 1450", None when start and end say it all); ``fuzzy``
    (whether there is such a label); ``edges``: {"start": {...}, "end": {...}}, each edge
    approximate / uncertain / open (an open-ended event's end is open)."""
    label = row.get("date_label")
    if label and row.get("edtf") and wording.current() != wording.SOURCE_LANGUAGE:
        label = _label_in_language(row["edtf"], open_ended) or label
    if label:
        edges = _EDGES[row.get("edges") or 0]
    else:
        edges = {"start": EXACT_EDGE, "end": {**EXACT_EDGE, "open": open_ended}}
    return {"edtf": row.get("edtf"), "date_label": label, "fuzzy": bool(label), "edges": edges}


def _label_in_language(edtf: str, open_ended: bool) -> str | None:
    """The stored label is English (the build's); other languages say the EDTF in their words."""
    try:
        return date_forms.parse(edtf).label(ongoing=open_ended)
    except DateError:
        return None
