"""Links to events, quotes and topic views: one ``url_for`` per request, then string templates.

A page of 50 events made about 150 ``url_for`` calls (the event, its quote, each topic chip),
each a walk of the URL map; the address of each differs only in its slug. So each kind of link
is built once per request with a placeholder, and every event's is that template filled in,
quoted as Werkzeug quotes it.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import g, url_for

_SLOT = "__slot__"  # Werkzeug leaves it as it is; the last occurrence is the slot
# What Werkzeug leaves unquoted in a path segment, a query value and an anchor.
_PATH_SAFE = "!$&'()*+,/:;=@"
_QUERY_SAFE = "!$'()*,/:;?@"
_ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"


def _template(name: str, endpoint: str, external: bool, **values) -> tuple[str, str]:
    """``endpoint``'s URL with a placeholder for the value, split there: once a request."""
    key = f"link_{name}"
    if key not in g:
        url = url_for(endpoint, _external=external, **values)
        head, _, tail = url.rpartition(_SLOT)
        setattr(g, key, (head, tail))
    return getattr(g, key)


def event_url(slug: str) -> str:
    """The event's page, absolute."""
    head, tail = _template("event", "pages.event", True, slug=_SLOT)
    return head + quote(slug, safe=_PATH_SAFE) + tail


def quote_url(source: str, slug: str) -> str:
    """The event's sentence highlighted in its source, absolute."""
    head, tail = _template("source", "pages.source", True, slug=_SLOT)
    return f"{head}{quote(source, safe=_PATH_SAFE)}{tail}#{quote(slug, safe=_ANCHOR_SAFE)}"


def topic_url(slug: str) -> str:
    """The timeline narrowed to one topic."""
    head, tail = _template("topic", "pages.timeline", False, topic=_SLOT)
    return head + quote(slug, safe=_QUERY_SAFE) + tail
