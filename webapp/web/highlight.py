"""The source text cut into paragraphs and pieces, with every quoted span marked.

The build guarantees that quotes either coincide or do not overlap, and that records sharing a
quote each name a phrase inside it. So each marked span either links as a whole to its one record,
or holds one link per phrase (the seven summits in one sentence each get their own anchor).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


@dataclass
class Mark:
    start: int
    end: int
    kind: str
    records: list[dict] = field(default_factory=list)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of text between blank lines, trimmed."""
    spans, position = [], 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        chunk = text[position:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((position + lead, position + len(chunk.rstrip())))
        position = brk.end() if brk else len(text)
    return spans


def _marks(
    events: list[dict], notes: list[dict], proposals: list[dict], citations: Sequence[dict] = ()
) -> list[Mark]:
    """One mark per quoted span. A proposal is marked only where no event or note quotes the
    text already (a proposal for a sentence the timeline quotes adds nothing for the reader);
    so is a citation, this source's sentence for an event of another source."""
    by_span: dict[tuple[int, int], Mark] = {}
    for kind, records in (("event", events), ("note", notes)):
        for record in records:
            span = (record["quote_start"], record["quote_end"])
            by_span.setdefault(span, Mark(*span, kind)).records.append(record)
    quoted = list(by_span)
    for record in citations:
        span = (record["quote_start"], record["quote_end"])
        if not any(span[0] < end and start < span[1] for start, end in quoted):
            by_span.setdefault(span, Mark(*span, "event")).records.append(record)
    quoted = list(by_span)
    for record in proposals:
        span = (record["quote_start"], record["quote_end"])
        record["marked"] = not any(span[0] < end and start < span[1] for start, end in quoted)
        if record["marked"]:
            by_span.setdefault(span, Mark(*span, "proposal")).records.append(record)
    return sorted(by_span.values(), key=lambda mark: mark.start)


def _mark_parts(text: str, mark: Mark, low: int, high: int) -> list[dict]:
    """The clipped span [low, high) of a mark, split around the phrases inside it."""
    parts: list[dict] = []
    position = low
    phrased = sorted(
        (r for r in mark.records if r.get("phrase_start") is not None),
        key=lambda r: r["phrase_start"],
    )
    for record in phrased:  # proposals' phrases may overlap: each piece of text is shown once
        start, end = max(record["phrase_start"], low, position), min(record["phrase_end"], high)
        if start >= end:
            continue
        if start > position:
            parts.append({"text": text[position:start]})
        parts.append({"text": text[start:end], "record": record})
        position = end
    if position < high:
        parts.append({"text": text[position:high]})
    return parts


def _paragraph_pieces(text: str, low: int, high: int, marks: list[Mark]) -> list[dict]:
    pieces: list[dict] = []
    position = low
    for mark in marks:
        start, end = max(mark.start, low), min(mark.end, high)
        if start >= end:
            continue
        if start > position:
            pieces.append({"text": text[position:start]})
        whole = mark.records[0] if len(mark.records) == 1 and not _phrased(mark) else None
        pieces.append(
            {
                "kind": mark.kind,
                "start": mark.start,
                "record": whole,
                "first": start == mark.start,
                "parts": _mark_parts(text, mark, start, end),
            }
        )
        position = end
    if position < high:
        pieces.append({"text": text[position:high]})
    return pieces


def _phrased(mark: Mark) -> bool:
    return any(record.get("phrase_start") is not None for record in mark.records)


def highlighted_paragraphs(
    text: str,
    events: list[dict],
    notes: list[dict],
    proposals: Sequence[dict] = (),
    citations: Sequence[dict] = (),
) -> list[list[dict]]:
    """Paragraphs as lists of pieces: ``{"text"}`` or a mark ``{"kind", "record", "parts"}``."""
    marks = _marks(events, notes, list(proposals), list(citations))
    return [_paragraph_pieces(text, low, high, marks) for low, high in paragraph_spans(text)]
