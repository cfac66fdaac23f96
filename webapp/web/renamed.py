"""Former slugs: an event renamed after it was published still answers at its old address,
with a permanent redirect to the new one (its page, its embed and its embed code alike)."""

from __future__ import annotations

from flask import abort, redirect, request, url_for

from ..store import reads
from .database import get_db


def redirect_if_renamed(slug: str, argument: str | None = None) -> None:
    """Answer 301 to the same view of the event's slug now when ``slug`` is a former one; do
    nothing otherwise (the caller's 404 stands). ``argument`` names the query argument that
    holds the slug (``event=``); without it, the slug is the route's."""
    current = reads.renamed_event(get_db(), slug)
    if current is None:
        return
    view_args = dict(request.view_args or {})
    args = request.args.to_dict()
    if argument:
        args[argument] = current
    else:
        view_args["slug"] = current
    abort(redirect(url_for(str(request.endpoint), **{**view_args, **args}), code=301))
