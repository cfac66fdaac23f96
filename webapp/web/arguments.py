"""The query arguments the public app reads, declared once.

An answer depends on these alone: any other argument (``utm_source``, ``fbclid``, a cache-buster)
is left out of the response cache's key, the ETag and every URL a page writes about itself, so
junk arguments can neither fill a worker's memory with copies of one answer nor put a stranger's
text into the copy other readers get. They are not refused and not redirected: the answer is
the one the URL without them gets.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request

KNOWN = frozenset({
    # A view's filters and page (webapp/store/timeline_query.py).
    "year", "from", "to", "topic", "source", "place", "person", "q", "limit", "cursor",
    # The filter form shows its place and people choices; the timeline shows its map.
    "who", "map",
    # The embed's options and the embed-code page (webapp/web/embeds.py, pages.py).
    "theme", "compact", "event",
    # The time axis: shown or not, and its lanes (webapp/web/axis.py).
    "axis", "lanes",
    # oEmbed (embeds.py), the CSV audience (api.py), the list of timelines' page (pages.py).
    "url", "format", "maxwidth", "maxheight", "for", "page",
    # The reader's language (webapp/web/languages.py).
    "lang",
})  # fmt: skip


def known_pairs(args) -> list[tuple[str, str]]:
    """The arguments that shape the answer, by name (each name's values in their order)."""
    pairs = [(name, value) for name, value in args.items(multi=True) if name in KNOWN]
    return sorted(pairs, key=lambda pair: pair[0])


def canonical_url() -> str:
    """This request's URL as every reader of its answer may see it: the known arguments only."""
    arguments = urlencode(known_pairs(request.args))
    return request.base_url + ("?" + arguments if arguments else "")
