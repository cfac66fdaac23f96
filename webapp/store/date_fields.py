"""What a shaped event says of its date form (webapp/date_forms.py), for templates, the API and
the time axis: the EDTF string, how it is said, and whether each edge is approximate,
uncertain or open."""

from __future__ import annotations

import json

EXACT_EDGE = {"approximate": False, "uncertain": False, "open": False}


def date_form_fields(row: dict, open_ended: bool) -> dict:
    """``edtf``; ``date_label`` ("c. 1450", None when start and end say it all); ``fuzzy``
    (whether there is such a label); ``edges``: {"start": {...}, "end": {...}}, each edge
    approximate / uncertain / open (an open-ended event's end is open)."""
    label = row.get("date_label")
    if label and row.get("edges"):
        edges = json.loads(row["edges"])
    else:
        edges = {"start": EXACT_EDGE, "end": {**EXACT_EDGE, "open": open_ended}}
    return {"edtf": row.get("edtf"), "date_label": label, "fuzzy": bool(label), "edges": edges}
