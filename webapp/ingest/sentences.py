"""A text cut into sentences, each with its exact character offsets in the text.

The cutting is pysbd's (a port of the Pragmatic Segmenter, with its suite of golden rules): it
keeps a quotation and its attribution ("…,” added the official.") in one sentence, and does not
break at abbreviations or at domain-like names such as "Today.Az". We run it one unit at a time:
a paragraph, a headline, a dateline, a list item. In most articles a line is a unit; in
hard-wrapped text (wire copy, e-mail, plain-text archives, broken at 60–80 columns) a unit runs
over several lines, which are joined for the cutting with each line break read as a space, so
every offset stays the text's own and a quote is always the verbatim source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import pysbd


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    line: int  # 0-based number of the unit (paragraph, heading, list item) it is in
    first: bool = True  # the first sentence of its unit


# A line that starts a unit of its own: a list item or a Markdown heading.
_ITEM = re.compile(r"^\s{0,12}(?:[-*+•–—]{1,2}\s|\d{1,3}[.)]\s|#{1,6}\s)")
# A line that ends a sentence or a heading-like label: the next line is not its continuation.
_ENDS = re.compile(r"""[.!?:;]["'”’)\]]*\s*$""")


def _wrap_width(lines: list[str]) -> int | None:
    """The column the text is wrapped at, if it is hard-wrapped: most of its long lines end
    within a few columns of one another, at 90 characters or fewer."""
    lengths = sorted(len(line.rstrip()) for line in lines if len(line.strip()) > 20)
    if len(lengths) < 4:
        return None
    typical = lengths[int(len(lengths) * 0.9) - 1]
    return typical if 40 <= typical <= 90 else None


def units(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the text's units, in order: runs of non-empty lines that are
    one paragraph in hard-wrapped text, single lines otherwise."""
    lines = text.splitlines(keepends=True)
    width = _wrap_width(lines)
    spans: list[tuple[int, int]] = []
    position, previous = 0, ""
    for line in lines:
        start, end = position, position + len(line.rstrip("\r\n"))
        position += len(line)
        if not line.strip():
            previous = ""
            continue
        if previous and _continues(previous, line, width):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        previous = line.rstrip("\r\n")
    return spans


# Words a line cannot end a paragraph on: it was broken mid-sentence.
_DANGLING = re.compile(
    r"\b(?:a|an|the|of|in|on|at|to|by|for|from|with|and|or|but|that|which|since|until|"
    r"between|during|after|before|as|than)\s*$",
    re.IGNORECASE,
)


def _continues(previous: str, line: str, width: int | None) -> bool:
    """Whether ``line`` carries on the unit ``previous`` belongs to: the previous line was
    broken mid-sentence (it ran to the wrapping width, or ends on a word like "in" or "the",
    or this line goes on in lower case), and this one starts no item or heading, nor a
    paragraph by its first-line indent (a wire story's "    LOS ANGELES, Feb 26 - …" under its
    title line; deeper than a line opening a list item is that item's hanging indent)."""
    if _ENDS.search(previous) or _ITEM.match(line):
        return False
    if _indent(line) > _indent(previous) and not _ITEM.match(previous):
        return False
    wrapped = width is not None and len(previous.rstrip()) >= width * 0.7
    return wrapped or _DANGLING.search(previous) is not None or line.lstrip()[:1].islower()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` in order; empty lines are skipped."""
    sentences = []
    for number, (start, end) in enumerate(units(text)):
        flat = re.sub(r"[\r\n]", " ", text[start:end])  # same length: offsets hold
        sentences += _line_sentences(text, start, flat, number)
    return sentences


# How much pysbd reads at once. Its time grows with the square of its input, so a long line is
# fed to it a window at a time; a "sentence" longer than this is cut at a space.
WINDOW = 2000


def _segments(line: str) -> Iterator[str]:
    """pysbd's sentences of ``line``, in bounded windows, so time stays linear in the line.

    Each window's last sentence may run on past it, so the next window starts there again.
    """
    start = 0
    while start < len(line):
        end = len(line)
        if end - start > WINDOW:
            space = line.rfind(" ", start + 1, start + WINDOW)
            end = space if space > start else start + WINDOW
        pieces = [piece for piece in _segmenter().segment(line[start:end]) if piece.strip()]
        if end == len(line) or len(pieces) < 2:
            yield from pieces
            start = end
            continue
        yield from pieces[:-1]
        resume = line.rfind(pieces[-1].strip(), start, end)
        start = resume if resume > start else end


def _line_sentences(text: str, offset: int, line: str, line_number: int) -> list[Sentence]:
    """The sentences of one unit (``line``, its line breaks read as spaces), their text the
    source's own slice."""
    found, cursor = [], 0
    for piece in _segments(line):
        piece = piece.strip()
        at = line.find(piece, cursor) if piece else -1
        if at < 0:  # the segmenter changed the text: fall back to the whole unit
            stripped = line.strip()
            start = offset + line.index(stripped)
            end = start + len(stripped)
            return [Sentence(start, end, text[start:end], line_number)]
        start, end = offset + at, offset + at + len(piece)
        if found and _CIRCA_END.search(found[-1].text):  # "c. 1400" is not two sentences
            start = found.pop().start
        found.append(Sentence(start, end, text[start:end], line_number, first=not found))
        cursor = at + len(piece)
    return found


# A sentence the segmenter ended at "c." or "ca." (circa) goes on into the next.
_CIRCA_END = re.compile(r"(?<![\w.])(?:c|ca|approx)\.$")
