"""The time axis laid out for drawing: marks, clusters, eras and ticks placed in percentages.

The store says what a window holds (``store/axis.py``); this says where each thing goes. The
drawing is an inline SVG without a viewBox: x positions and widths are percentages of its width
and y positions are pixels, so it fits any width without scaling its text, and the template sets
only SVG attributes, which a strict CSP (no inline styles) allows. Marks are stacked in rows so
labels never overlap: a label that would run into the next mark of every row is left off (the
mark keeps its accessible name), and narrow screens show only labels that fit at 375 px.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    make_response,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup

from ..dates import PartialDate, display_span, display_year
from ..limits import MAX_YEAR, MIN_YEAR
from ..store import axis as store
from ..store.axis import AxisData, Window
from ..store.counts import MatchCounts
from ..store.timeline_query import InvalidQuery, TimelineQuery
from ..wording import gettext as _
from ..wording import ngettext
from ..wording import number as grouped
from .database import get_catalog, get_db
from .rendering import FRAGMENT_HEADERS, wants_fragment
from .results import read_query

LANES = ("topic", "source", "place", "person")
ROW_HEIGHT = 22
CLUSTER_HEIGHT = 20
TICKS_HEIGHT = 26
LANE_LABEL_HEIGHT = 18
MAX_ROWS = 8
LANE_ROWS = 3
EXTRA_ROWS = 4  # rows an axis may grow by before the marks that still find no room cluster
WIDE, NARROW = 960, 375  # the widths labels are fitted for, in pixels
TICK_CHAR_WIDTH = 6.6  # the same for an 11 px tick label
CHAR_WIDTH = 7.2  # pixels per character of a 12 px label, roughly (DejaVu Sans is wide)
PIN = 6  # a mark's dot, in pixels: the room it takes in a row
MIN_SPAN = 1 / 365.25  # a day


@dataclass(frozen=True)
class AxisOptions:
    """The axis's own URL arguments: ``axis=0`` turns it off; ``lanes=topic|source|place|
    person``."""

    shown: bool = True
    lanes: str | None = None

    @classmethod
    def from_args(cls, args) -> AxisOptions:
        shown = (args.get("axis") or "1").strip()
        if shown not in ("0", "1"):
            raise InvalidQuery(
                _("axis must be 0 or 1, not %(value)s", value=repr(shown[:40])), field="axis"
            )
        lanes = (args.get("lanes") or "").strip() or None
        if lanes is not None and lanes not in LANES:
            raise InvalidQuery(
                _(
                    "%(name)s must be one of %(allowed)s, not %(value)s",
                    name="lanes", allowed=", ".join(LANES), value=repr(lanes[:40]),
                ),
                field="lanes",
            )  # fmt: skip
        return cls(shown == "1", lanes)

    def url_args(self) -> dict:
        return {"lanes": self.lanes} if self.lanes else {}


@dataclass
class Mark:
    href: str
    name: str  # the accessible name: what and when
    label: str
    start: float
    end: float
    x: float
    width: float
    kind: str  # day, month, year, range, open
    edge: str = ""  # "fuzzy" (c., ?) or "unbounded" (before, after): drawn unlike an exact one
    row: int = 0
    labelled: bool = True
    flipped: bool = False  # the label sits to the left of the mark (near the right edge)
    narrow_fits: bool = False
    y: float = 0


@dataclass
class Drawn:
    """One lane (or the whole axis when there are no lanes), laid out."""

    lane: str | None
    label: str | None
    marks: list[Mark]
    clusters: list[dict]
    top: float = 0
    height: float = 0

    @property
    def items(self) -> list[tuple[str, object]]:
        """Clusters and marks in time order: the keyboard's order through the axis."""
        found = [("cluster", c, c["x"]) for c in self.clusters]
        found += [("mark", m, m.x) for m in self.marks]
        return [(kind, item) for kind, item, _ in sorted(found, key=lambda f: f[2])]


@dataclass
class AxisView:
    window: Window
    lanes: list[Drawn]
    eras: list[dict]
    ticks: list[dict]
    nav: dict[str, str]
    heading: str
    height: float
    by: str | None
    mark_count: int = 0
    cluster_count: int = 0
    svg_url: str = ""
    external: bool = False  # inside an embed: every link opens the site in a new tab

    @property
    def target(self) -> Markup:
        return Markup(' target="_blank" rel="noopener"' if self.external else "")

    @property
    def edges(self) -> set[str]:
        """The kinds of inexact edge drawn (for the key: only what the axis shows)."""
        return {mark.edge for lane in self.lanes for mark in lane.marks if mark.edge}

    @property
    def nav_rel(self) -> Markup:
        return Markup(' target="_blank" rel="noopener"' if self.external else ' rel="nofollow"')

    @property
    def data_from(self) -> str:
        return _decimal(self.window.low)

    @property
    def data_to(self) -> str:
        return _decimal(self.window.high)


def _decimal(value: float) -> str:
    """A decimal year for a data attribute: enough digits for a day, no trailing zeros."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _percent(value: float, window: Window) -> float:
    return (value - window.low) / window.span * 100


def _clip(start: float, end: float, window: Window) -> tuple[float, float]:
    """The box of [start, end) inside the window, as (x, width) in percent (to 0.001 %: a
    tenth of a pixel on a wide screen)."""
    left = _percent(max(start, window.low), window)
    right = _percent(min(end, window.high), window)
    return round(left, 3), round(max(right - left, 0), 3)


# --- Windows and their links --------------------------------------------------------------


def window_args(window: Window) -> dict:
    """The ``TimelineQuery`` changes that make a URL of ``window`` (whole years where its edges
    fall on them: ``from=2010&to=2019``, else ``from=2021-08&to=2021-09``)."""
    windowed = store.window_query(TimelineQuery(), window)
    return {
        "year": None,
        "from_year": windowed.from_year,
        "to_year": windowed.to_year,
        "from_date": windowed.from_date,
        "to_date": windowed.to_date,
        "after": 0,
    }


def zoomed(window: Window, factor: float) -> Window:
    """The window ``factor`` times as long around the same centre (at least a day)."""
    centre = (window.low + window.high) / 2
    half = max(window.span * factor, MIN_SPAN) / 2
    return Window(centre - half, centre + half).bounded()


def panned(window: Window, share: float) -> Window:
    """The window moved by ``share`` of its length (negative: earlier)."""
    shift = window.span * share
    low = min(max(window.low + shift, MIN_YEAR), MAX_YEAR + 1 - window.span)
    return Window(low, low + window.span).bounded()


class Links:
    """URLs of other windows of the same view (same filters, lanes and endpoint)."""

    def __init__(self, endpoint: str, query: TimelineQuery, options: AxisOptions, **extra):
        self.endpoint, self.query, self.options, self.extra = endpoint, query, options, extra

    def to(self, window: Window) -> str:
        args = self.query.to_args(**window_args(window))
        return url_for(self.endpoint, **args, **self.options.url_args(), **self.extra)


# --- Ticks ----------------------------------------------------------------------------------

_MONTH_STEPS = (1, 2, 3, 6)
_DAY_STEPS = (1, 2, 7, 14)


def _year_step(span: float, most: int) -> int:
    """A round number of years (1, 2, 5 × a power of ten) giving at most ``most`` ticks."""
    power = 1
    while True:
        for multiple in (1, 2, 5):
            step = multiple * power
            if span / step <= most:
                return step
        power *= 10


def ticks(window: Window, most: int = 8) -> list[dict]:
    """Tick marks at round dates inside the window, each labelled for its scale."""
    span = window.span
    if span >= 2:
        return _year_ticks(window, _year_step(span, most))
    if span >= 60 / 365:
        step = next((s for s in _MONTH_STEPS if span * 12 / s <= most), 12)
        return _month_ticks(window, step)
    step = next((s for s in _DAY_STEPS if span * 365 / s <= most), 28)
    return _day_ticks(window, step)


def _year_ticks(window: Window, step: int) -> list[dict]:
    first = math.ceil(window.low / step) * step
    found = []
    year = first
    while year < window.high:
        shown = year if year != 0 else 1  # no year 0: the tick stands at 1 CE
        found.append(
            {
                "at": float(shown),
                "label": _("%(number)s CE", number=1) if shown != year else display_year(shown),
                "until": float(year + step),
            }
        )
        year += step
    return [tick for tick in found if window.low <= tick["at"] < window.high]


def _month_ticks(window: Window, step: int) -> list[dict]:
    found = []
    year, month = math.floor(window.low), 1
    while True:
        if year == 0:
            year = 1
        date = PartialDate(year, month)
        at = store.decimal_start(date)
        if at >= window.high:
            return found
        if at >= window.low and (month - 1) % step == 0:
            label = date.display() if month == 1 or not found else date.display().split(" ")[0]
            nxt = PartialDate(year + (month + step - 1) // 12, (month + step - 1) % 12 + 1)
            found.append({"at": at, "label": label, "until": store.decimal_start(nxt)})
        month += 1
        if month == 13:
            year, month = year + 1, 1


def _day_ticks(window: Window, step: int) -> list[dict]:
    found = []
    moment = window.low
    day = store.date_at(moment, "day")
    for _step in range(400):
        at = store.decimal_start(day)
        if at >= window.high:
            break
        if at >= window.low and (day.day - 1) % step == 0 and day.day + step <= 32:
            label = f"{day.day} {day.display().split(' ')[1][:3]}"
            found.append({"at": at, "label": label, "until": at + step / 365.25})
        day = store.date_at(store.decimal_end(day) + 1e-9, "day")
    return found


# --- Marks ----------------------------------------------------------------------------------


def _kind(event: dict) -> str:
    if event["open_ended"]:
        return "open"
    if event["end_date"] is not None and event["end_date"] != event["start_date"]:
        return "range"
    return event["start_date"].precision


def _edge(event: dict) -> str:
    """How the event's edges are known: "unbounded" for a before or an after (not a "since",
    which is drawn open), "fuzzy" for an approximate or uncertain edge, "" for exact ones."""
    edges = event.get("edges") or {}
    sides = [edges.get(side) or {} for side in ("start", "end")]
    if not event["open_ended"] and any(side.get("open") for side in sides):
        return "unbounded"
    if any(side.get("approximate") or side.get("uncertain") for side in sides):
        return "fuzzy"
    return ""


def _name(event: dict) -> str:
    """What and when, as a screen reader says the mark: "Istanbul Summit, 2004"."""
    if event.get("date_label"):
        return f"{event['title']}, {event['date_label']}"
    when = display_span(
        event["start_date"], event["end_date"], open_ended=event["open_ended"], reported=False
    )
    return f"{event['title']}, {when[0].lower() + when[1:] if event['open_ended'] else when}"


def _mark(event: dict, window: Window, event_url) -> Mark:
    x, width = _clip(event["axis_start"], event["axis_end"], window)
    return Mark(
        href=event_url(event["slug"]),
        name=_name(event),
        label=event["title"],
        start=event["axis_start"],
        end=event["axis_end"],
        x=x,
        width=width,
        kind=_kind(event),
        edge=_edge(event),
    )


def _label_room(
    label: str, width_px: int, char_width: float = CHAR_WIDTH, pad: float = PIN + 6
) -> float:
    """The share of the axis (in percent of ``width_px``) a label takes, ``pad`` included."""
    return (len(label) * char_width + pad) / width_px * 100


def stack(marks: list[Mark], rows: int) -> list[Mark]:
    """Give each mark a row where it does not run into another; the marks no row has room for.

    A mark wants its box and its label to the right (to the left near the right edge); failing
    that, its box and dot alone, unlabelled; failing that, it is crowded out (``crowded``
    gathers those into clusters, so that no mark is drawn over another).
    """
    crowded = []
    ends = [-math.inf] * rows
    dot = PIN / WIDE * 100
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        own = max(mark.width, dot)
        room = _label_room(mark.label, WIDE)
        mark.flipped = mark.x + room > 100
        label_from = mark.x - room if mark.flipped else mark.x
        label_to = mark.x + own if mark.flipped else mark.x + max(own, room)
        row = next((r for r in range(rows) if ends[r] <= label_from), None)
        mark.labelled = row is not None and label_from >= 0
        if mark.labelled:
            ends[row] = label_to
        else:
            row = next((r for r in range(rows) if ends[r] <= mark.x), None)
            if row is None:
                crowded.append(mark)
                continue
            ends[row] = max(ends[row], mark.x + own)
        mark.row = row
    out = {id(mark) for mark in crowded}
    _fit_narrow([mark for mark in marks if id(mark) not in out])
    return crowded


def crowded_clusters(crowded: list[Mark]) -> list[store.Cluster]:
    """Marks no row had room for, as clusters of those that touch (within a dot's width of
    each other): each a count and a link to its narrower window, as at scale."""
    gap = PIN / WIDE * 100
    groups: list[list[Mark]] = []
    for mark in sorted(crowded, key=lambda m: m.x):
        if groups and mark.x <= max(m.x + max(m.width, gap) for m in groups[-1]) + gap:
            groups[-1].append(mark)
        else:
            groups.append([mark])
    return [
        store.Cluster(min(m.start for m in group), max(m.end for m in group), len(group))
        for group in groups
    ]


def _fit_narrow(marks: list[Mark]) -> None:
    """Which labels still fit on a 375 px screen, whole: those that end before the next mark
    in their row, or the axis's edge (a label cut off there read as another name). The rest
    show there as dots, their names kept."""
    for row in {mark.row for mark in marks}:
        in_row = sorted((m for m in marks if m.row == row), key=lambda m: m.x)
        for mark, following in zip(in_row, [*in_row[1:], None], strict=True):
            room = max(mark.width, _label_room(mark.label, NARROW))
            limit = following.x if following is not None else 100
            mark.narrow_fits = mark.labelled and not mark.flipped and mark.x + room <= limit


def _cluster(cluster, window: Window, links: Links) -> dict:
    x, width = _clip(cluster.low, cluster.high, window)
    inner = Window(cluster.low, cluster.high)
    first, last = inner.first_date(), inner.last_date()
    when = first.display() if first == last else f"{first.display()} – {last.display()}"
    count = grouped(cluster.count) + ("" if cluster.exact else "+")
    return {
        "x": x,
        "width": width,
        "centre": round(x + width / 2, 3),
        "count": cluster.count,
        "exact": cluster.exact,
        "short": _short_count(cluster.count) + ("" if cluster.exact else "+"),
        "name": ngettext(
            "%(count)s event starting %(when)s",
            "%(count)s events starting %(when)s",
            cluster.count,
            count=count,
            when=when,
        ),
        "href": links.to(inner),
    }


def _short_count(count: int) -> str:
    if count < 1000:
        return str(count)
    if count < 1_000_000:
        return f"{count / 1000:.1f}".rstrip("0").rstrip(".") + "k"
    return f"{count / 1_000_000:.1f}".rstrip("0").rstrip(".") + "M"


def _draw(data: AxisData, window: Window, links: Links, event_url, rows: int) -> Drawn:
    marks = [_mark(event, window, event_url) for event in data.marks]
    marks.sort(key=lambda m: (m.start, m.end))
    for room in range(rows, rows + EXTRA_ROWS + 1):
        crowded = stack(marks, room)
        if not crowded:
            break
    out = {id(mark) for mark in crowded}
    marks = [mark for mark in marks if id(mark) not in out]
    found = sorted([*data.clusters, *crowded_clusters(crowded)], key=lambda c: c.low)
    clusters = [_cluster(c, window, links) for c in found]
    used = max((m.row for m in marks), default=-1) + 1
    top = CLUSTER_HEIGHT + 4 if clusters else 0
    for mark in marks:
        mark.y = top + mark.row * ROW_HEIGHT
    return Drawn(data.lane, data.lane_label, marks, clusters, 0, top + max(used, 1) * ROW_HEIGHT)


def _eras(eras: list[dict], window: Window) -> list[dict]:
    placed = []
    for number, era in enumerate(eras):
        start, end = PartialDate.parse(era["start"]), PartialDate.parse(era["end"])
        x, width = _clip(store.decimal_start(start), store.decimal_end(end), window)
        if width > 0:
            placed.append({"title": era["title"], "x": x, "width": width, "tone": number % 8,
                           "when": display_span(start, end)})  # fmt: skip
    return placed


def _tick_flips(tick: dict, x: float) -> bool:
    """Whether a tick's label goes left of its line: where, right of it, the axis's edge would
    cut it on a phone ("2016" read as "201"); only near that edge, so labels do not collide."""
    return x + _label_room(tick["label"], NARROW, TICK_CHAR_WIDTH, pad=6) > 100 and x > 85


def _nav(window: Window, links: Links) -> dict[str, str | None]:
    """The zoom and pan links; None for one that would lead back here (at a day's zoom, or
    at the first or last year there is)."""
    here = links.to(window)
    targets = {
        "earlier": panned(window, -0.5),
        "later": panned(window, 0.5),
        "in": zoomed(window, 0.5),
        "out": zoomed(window, 2),
    }
    return {
        name: url if (url := links.to(target)) != here else None for name, target in targets.items()
    }


def build_axis(
    db,
    query: TimelineQuery,
    options: AxisOptions,
    endpoint: str,
    event_url,
    cap: int,
    summary=None,
    **extra,
) -> AxisView:
    """The axis of ``query``'s view: its window (the query's own, or the events' span with a
    margin), what the window holds, and every link that zooms and pans it. ``summary`` is the
    query's own counts when the caller has them (the page's list counted them already)."""
    summary = summary or MatchCounts(db, replace(query, after=0), cap=cap).summary
    window = store.window_of(query, store.matches_span(db, query, summary))
    links = Links(endpoint, query, options, **extra)
    if options.lanes:
        data = store.lanes_data(db, get_catalog(), query, window, options.lanes)
        rows = LANE_ROWS
    else:
        data = [store.axis_data(db, query, window)]
        rows = MAX_ROWS
    lanes, top = [], TICKS_HEIGHT
    for lane in data:
        drawn = _draw(lane, window, links, event_url, rows)
        if drawn.lane is not None:
            top += LANE_LABEL_HEIGHT
        drawn.top = top
        lanes.append(drawn)
        top += drawn.height + 6
    eras = data[0].eras if data else []
    placed_ticks = [
        {**tick, "x": (x := round(_percent(tick["at"], window), 3)), "flip": _tick_flips(tick, x),
         "href": links.to(Window(tick["at"], max(tick["until"], tick["at"] + MIN_SPAN)))}
        for tick in ticks(window)
    ]  # fmt: skip
    first, last = window.first_date(), window.last_date()
    view = AxisView(
        window=window,
        lanes=lanes,
        eras=_eras(eras, window),
        ticks=placed_ticks,
        nav=_nav(window, links),
        heading=f"{first.display()} – {last.display()}",
        height=top + 4,
        by=options.lanes,
    )
    view.mark_count = sum(len(lane.marks) for lane in lanes)
    view.cluster_count = sum(len(lane.clusters) for lane in lanes)
    return view


# --- Serving --------------------------------------------------------------------------------

bp = Blueprint("axis", __name__)
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'"
STANDALONE_WIDTH = 960
_STANDALONE_CSS = None


@bp.app_template_filter("axis_decimal")
def axis_decimal(value: float) -> str:
    return _decimal(value)


def request_axis(
    query: TimelineQuery, args, endpoint: str = "pages.timeline", external=False, summary=None
):
    """The axis of the request's view, or None when ``axis=0`` turns it off."""
    options = AxisOptions.from_args(args)
    if not options.shown:
        return None

    def event_url(slug: str) -> str:
        return url_for("pages.event", slug=slug, _external=external)

    view = build_axis(
        get_db(), query, options, endpoint, event_url, current_app.config["COUNT_CAP"],
        summary, _external=external,
    )  # fmt: skip
    svg_args = {**query.to_args(after=0), **options.url_args()}
    view.svg_url = url_for("axis.svg", _external=external, **svg_args)
    view.external = external
    return view


@dataclass
class AxisSlot:
    """Where an htmx fragment's axis will be: its window, and the URL that draws it."""

    window: Window
    url: str

    @property
    def data_from(self) -> str:
        return _decimal(self.window.low)

    @property
    def data_to(self) -> str:
        return _decimal(self.window.high)

    @property
    def heading(self) -> str:
        return f"{self.window.first_date().display()} – {self.window.last_date().display()}"


def axis_context(query: TimelineQuery, args, summary) -> dict:
    """The timeline template's axis: drawn inline in a whole page; in an htmx fragment, a slot
    that loads it from ``/axis`` (so a swap of the list is not held up by the drawing).
    ``summary`` is the counts of the page's list, which the axis's window is drawn from."""
    options = AxisOptions.from_args(args)
    if not options.shown:
        return {"axis": None, "axis_slot": None}
    if not wants_fragment():
        return {"axis": request_axis(query, args, summary=summary), "axis_slot": None}
    window = store.window_of(query, store.matches_span(get_db(), query, summary))
    url = url_for("axis.fragment", **query.to_args(after=0), **options.url_args())
    return {"axis": None, "axis_slot": AxisSlot(window, url)}


@bp.get("/axis")
def fragment():
    """The axis alone, as HTML, for the slot an htmx fragment leaves for it."""
    view = request_axis(read_query(request.args), request.args)
    if view is None:
        return Response("", mimetype="text/html")
    response = make_response(render_template("_partials/axis.html", axis=view))
    for header in FRAGMENT_HEADERS:
        response.vary.add(header)
    return response


def _standalone_css() -> str:
    """The axis's stylesheet with the colours it needs, for an SVG that stands alone."""
    global _STANDALONE_CSS
    if _STANDALONE_CSS is None:
        static = Path(current_app.static_folder)
        _STANDALONE_CSS = (static / "axis-standalone.css").read_text(encoding="utf-8") + (
            static / "axis.css"
        ).read_text(encoding="utf-8")
    return _STANDALONE_CSS


@bp.get("/axis.svg")
def svg():
    """The view's axis as a standalone SVG image: fonts and colours inline, links absolute."""
    db = get_db()
    query = read_query(request.args)
    options = replace(AxisOptions.from_args(request.args), shown=True)

    def event_url(slug: str) -> str:
        return url_for("pages.event", slug=slug, _external=True)

    view = build_axis(
        db, query, options, "pages.timeline", event_url, current_app.config["COUNT_CAP"],
        _external=True,
    )  # fmt: skip
    body = render_template(
        "_partials/axis_drawing.html",
        axis=view,
        standalone=True,
        standalone_width=STANDALONE_WIDTH,
        standalone_css=Markup(_standalone_css()),
    )
    response = Response('<?xml version="1.0" encoding="UTF-8"?>\n' + body, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = SVG_POLICY
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
