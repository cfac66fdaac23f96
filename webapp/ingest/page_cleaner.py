"""A saved web page made safe to hand to trafilatura: linear work, and a time limit.

lxml (libxml2) and trafilatura take time quadratic in the attributes of one element (libxml2
compares each new attribute with those before it; htmldate and justext scan an element's text
again per attribute): a 1 MB page of one ``<p>`` with 100,000 attributes took minutes. So the
page is first rewritten by Python's own HTML parser, which reads it in one linear pass, keeping at
most ``MAX_ATTRIBUTES`` attributes an element, each at most ``MAX_ATTRIBUTE_CHARS`` long: far more
than any article's markup needs (trafilatura reads ``class``, ``id``, ``itemprop``, ``content``,
``datetime``...). trafilatura also takes time quadratic in the inline elements of one
paragraph (a ``<p>`` holding thousands of ``<b>`` or ``<a>``): past ``MAX_INLINE_RUN`` inline
elements without a block between them, further inline tags are dropped and their text kept.
Text, scripts (JSON-LD metadata) and the document's structure are kept as they are; comments
and processing instructions go.
"""

from __future__ import annotations

import time
from html import escape
from html.parser import HTMLParser

MAX_ATTRIBUTES = 16
MAX_ATTRIBUTE_CHARS = 2_000
MAX_INLINE_RUN = 200
# Phrasing elements: inside a paragraph, they only format or link its words.
INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
        "font", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong",
        "sub", "sup", "time", "tt", "u", "var", "wbr",
    }
)  # fmt: skip
CHECK_EVERY = 1_000  # handler calls between two looks at the clock


class TooSlow(RuntimeError):
    """The page took longer to read than its time limit."""


class Deadline:
    """A moment after which reading gives up (``check`` raises TooSlow)."""

    def __init__(self, seconds: float):
        self.seconds, self.at = seconds, time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise TooSlow(f"over {self.seconds:g} s")


class _Rewriter(HTMLParser):
    def __init__(self, deadline: Deadline):
        super().__init__(convert_charrefs=True)
        self.deadline, self.calls, self.parts = deadline, 0, []
        self.inline_run = 0  # inline start tags since the last other tag
        self.dropped: dict[str, int] = {}  # inline tags dropped and not yet closed, by name

    def _tick(self) -> None:
        self.calls += 1
        if self.calls % CHECK_EVERY == 0:
            self.deadline.check()

    def _tag(self, tag: str, attrs: list, end: str) -> None:
        self._tick()
        kept = [
            f' {name}="{escape(value or "", quote=True)}"' if value is not None else f" {name}"
            for name, value in attrs[:MAX_ATTRIBUTES]
            if len(value or "") <= MAX_ATTRIBUTE_CHARS
        ]
        self.parts.append(f"<{tag}{''.join(kept)}{end}")

    def _drops(self, tag: str) -> bool:
        """Whether this start tag is one inline element too many (its text is kept)."""
        if tag not in INLINE:
            self.inline_run = 0
            return False
        self.inline_run += 1
        return self.inline_run > MAX_INLINE_RUN

    def handle_starttag(self, tag, attrs):
        if self._drops(tag):
            self._tick()
            self.dropped[tag] = self.dropped.get(tag, 0) + 1
            return
        self._tag(tag, attrs, ">")

    def handle_startendtag(self, tag, attrs):
        if self._drops(tag):
            self._tick()
            return
        self._tag(tag, attrs, " />")

    def handle_endtag(self, tag):
        self._tick()
        if self.dropped.get(tag):
            self.dropped[tag] -= 1
            return
        if tag not in INLINE:
            self.inline_run = 0
        self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        self._tick()
        # Inside <script> or <style> the text is raw (JSON-LD must stay JSON); elsewhere the
        # parser unescaped it, so it is escaped again.
        self.parts.append(data if self.cdata_elem else escape(data, quote=False))

    def handle_decl(self, decl):
        self.parts.append(f"<!{decl}>")


def bounded_page(html: str, deadline: Deadline) -> str:
    """``html`` rewritten in linear time with a bounded number of attributes per element."""
    rewriter = _Rewriter(deadline)
    rewriter.feed(html)
    rewriter.close()
    deadline.check()
    return "".join(rewriter.parts)
