"""A text cut into sentences, each with its exact character offsets in the text.

The cutting is pysbd's (a port of the Pragmatic Segmenter, with its suite of golden rules): it
keeps a quotation and its attribution ("…,” added the official.") in one sentence, and does not
break at abbreviations or at domain-like names such as "Today.Az". We run it one line at a time,
because in an article a line is a paragraph, a headline or a dateline, never half a sentence;
and we locate each sentence in the text ourselves, so a quote is always the verbatim source.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import pysbd


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    line: int  # 0-based number of the non-empty line it is on


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` in order; empty lines are skipped."""
    sentences, position, line_number = [], 0, 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            sentences += _line_sentences(text, position, line.rstrip("\r\n"), line_number)
            line_number += 1
        position += len(line)
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
    found, cursor = [], 0
    for piece in _segments(line):
        piece = piece.strip()
        at = line.find(piece, cursor) if piece else -1
        if at < 0:  # the segmenter changed the text: fall back to the whole line
            stripped = line.strip()
            start = offset + line.index(stripped)
            return [Sentence(start, start + len(stripped), stripped, line_number)]
        found.append(Sentence(offset + at, offset + at + len(piece), piece, line_number))
        cursor = at + len(piece)
    return found
