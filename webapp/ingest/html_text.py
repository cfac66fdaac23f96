"""HTML as plain text, through a real parser: block elements become line breaks, so
"<p>The first light.</p><p>Lit by oil.</p>" reads as two lines, not "light.Lit"; the contents of
``script``, ``style`` and the like are dropped, never kept as words."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose edges separate text (HTML's block and line-breaking elements).
BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th",
        "tr", "ul",
    }
)  # fmt: skip
# Elements whose contents are not text for a reader.
HIDDEN = frozenset(
    ["script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "head", "title"]
)
# Elements that embed something else by its address.
EMBEDDING = frozenset(["iframe", "embed", "video", "audio", "img", "source"])


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.links: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in EMBEDDING and dict(attrs).get("src"):
            self.sources.append(dict(attrs)["src"])
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in BLOCKS:
            self.parts.append("\n")
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _collect(html: str) -> _TextCollector:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return collector


def html_to_text(html: object) -> str:
    """The words of ``html``: blocks on their own lines (one blank line between paragraphs at
    most), spaces inside a line collapsed, scripts and styles dropped."""
    text = "".join(_collect(str(html or "")).parts)
    lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_links(html: object) -> list[str]:
    """The ``href`` of every link in ``html``, in order."""
    return _collect(str(html or "")).links


def embedded_sources(html: object) -> list[str]:
    """The ``src`` of every ``iframe``, ``embed``, ``video``, ``audio``, ``img`` or ``source``."""
    return _collect(str(html or "")).sources
