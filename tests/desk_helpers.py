"""Reading the desk's forms as a browser sends them: every field with its value, checked boxes
and radios only, so a test changes what a person would change and sends the rest as it was."""

from __future__ import annotations

import re

from tests.helpers import parse

TOKEN = "test-token-not-secret"
ORIGIN = {"Origin": "http://localhost"}


def form_of(response, selector: str = "form.desk-review") -> dict[str, str]:
    """The fields of the page's form as the browser would send them, untouched."""
    form = parse(response).select_one(selector)
    values = {}
    for element in form.select("input, textarea"):
        name, kind = element.get("name"), element.get("type", "text")
        if not name or kind == "file":
            continue
        if kind in ("checkbox", "radio"):
            if element.has_attr("checked"):
                values[name] = element.get("value", "on")
        elif element.name == "textarea":
            values[name] = element.get_text()
        else:
            values[name] = element.get("value", "")
    return values


def cards(response) -> list[str]:
    """The slugs of the review page's event cards, in order."""
    return [
        re.fullmatch(r"e-(.+)--card", card["id"])[1]
        for card in parse(response).select("fieldset.desk-proposal")
    ]


def csrf(client, path: str = "/") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).get_data(as_text=True))[1]
