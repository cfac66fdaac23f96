"""Helpers for reading responses the way a reader would."""

from __future__ import annotations

from bs4 import BeautifulSoup

HTMX = {"HX-Request": "true"}


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def listed_slugs(soup: BeautifulSoup) -> list[str]:
    """The event slugs in a timeline list, in order."""
    return [article["id"].removeprefix("event-") for article in soup.select("#timeline article")]
