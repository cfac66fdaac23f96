"""The map of a view's places, drawn on the server as SVG: it needs no script to show or use.

Country outlines are Natural Earth's (1:110m, public domain) as the npm package world-atlas
2.0.2 ships them, converted once by ``scripts/vendor-world-atlas`` into SVG paths in an
equirectangular projection: x is the longitude + 180 and y is 90 - the latitude, so the
whole world is a 360 by 180 box and any part of it is a viewBox. Each place with events in
the view is a circle, its area by its count, inside a link that filters by that place.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass

from .. import settings

OUTLINES = "vendor/world-atlas-2.0.2/countries-110m.paths.json"
# The view's extent is widened by this share on each side, and never narrower than this many
# degrees (one city alone is shown with its region around it).
MARGIN, NARROWEST = 0.15, 24.0
ASPECT = 2.0  # width / height of the drawing


@dataclass(frozen=True)
class Point:
    """A place on the map: where it is drawn, and what its link says and does."""

    slug: str
    name: str
    count: int
    lat: float
    lon: float
    href: str
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class PlaceMap:
    """What the template draws: the viewBox, the outlines within it, and the points."""

    view_box: str
    outlines: list[str]
    points: list[Point]
    partial: bool  # the counts are of the first events only (past the count cap)
    unplaced: int  # places of the view with no coordinates


@functools.lru_cache(maxsize=1)
def _countries() -> list[dict]:
    path = settings.shipped("static") / OUTLINES
    return json.loads(path.read_text(encoding="utf-8"))["countries"]


def project(lat: float, lon: float) -> tuple[float, float]:
    """Degrees to the drawing's coordinates (equirectangular: east is right, north is up)."""
    return lon + 180.0, 90.0 - lat


def _extent(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """The box (x, y, width, height) around ``points``, widened, of the drawing's aspect, and
    inside the world where it fits."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    width = max(max(xs) - min(xs), NARROWEST) * (1 + 2 * MARGIN)
    height = max(max(ys) - min(ys), NARROWEST / ASPECT) * (1 + 2 * MARGIN)
    width, height = max(width, height * ASPECT), max(height, width / ASPECT)
    width, height = min(width, 360.0), min(height, 180.0)
    x = min(max((min(xs) + max(xs) - width) / 2, 0.0), 360.0 - width)
    y = min(max((min(ys) + max(ys) - height) / 2, 0.0), 180.0 - height)
    return x, y, width, height


def _overlaps(bbox: list[float], box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = bbox
    (left, top), (right, bottom) = project(north, west), project(south, east)
    x, y, width, height = box
    return left <= x + width and right >= x and top <= y + height and bottom >= y


def place_map(places: list[dict], counts: dict[str, int], href, partial: bool) -> PlaceMap | None:
    """The map of the places in ``counts`` (slug -> events in the view); ``href(slug)`` is the
    link of each point. None when no place of the view has coordinates."""
    shown = [p for p in places if counts.get(p["slug"]) and p.get("lat") is not None]
    if not shown:
        return None
    box = _extent([project(p["lat"], p["lon"]) for p in shown])
    most = max(counts[p["slug"]] for p in shown)
    largest = box[2] / 40  # the most named place's radius, in the drawing's units
    points = []
    for place in sorted(shown, key=lambda p: -counts[p["slug"]]):  # small ones drawn on top
        x, y = project(place["lat"], place["lon"])
        radius = max(largest * math.sqrt(counts[place["slug"]] / most), largest / 4)
        points.append(
            Point(
                place["slug"], place["name"], counts[place["slug"]], place["lat"], place["lon"],
                href(place["slug"]), round(x, 2), round(y, 2), round(radius, 2),
            )
        )  # fmt: skip
    outlines = [country["d"] for country in _countries() if _overlaps(country["bbox"], box)]
    unplaced = sum(1 for p in places if counts.get(p["slug"]) and p.get("lat") is None)
    view_box = " ".join(f"{value:.2f}" for value in box)
    return PlaceMap(view_box, outlines, points, partial, unplaced)
