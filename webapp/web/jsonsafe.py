"""JSON that can never be read as HTML: ``<``, ``>`` and ``&`` are written as ``\\u003c`` and so on.

The decoded values are identical; the text simply contains no markup, whatever a request echoed
into it (an error message quotes the value it refuses).
"""

from __future__ import annotations

import json

from flask.json.provider import DefaultJSONProvider

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def dumps(value, **kwargs) -> str:
    """``json.dumps`` with markup characters escaped (they can only occur inside strings)."""
    text = json.dumps(value, **kwargs)
    for character, escape in _ESCAPES.items():
        text = text.replace(character, escape)
    return text


class SafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON, markup-free: every ``jsonify`` response goes through ``dumps`` above."""

    def dumps(self, obj, **kwargs) -> str:
        kwargs.setdefault("default", self.default)
        kwargs.setdefault("ensure_ascii", self.ensure_ascii)
        kwargs.setdefault("sort_keys", self.sort_keys)
        return dumps(obj, **kwargs)
