"""The time axis as a reader's browser receives it, with JavaScript off: marks where their dates
are, windows in the URL, zoom and pan links, lanes, clusters with exact counts, the SVG export."""

from __future__ import annotations

import itertools
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from tests.helpers import FIXTURE_DATA, parse
from webapp import create_app
from webapp.cli import main
from webapp.web.axis import PIN, WIDE

REAL = Path(__file__).parent / "real" / "timelinejs"
SVG = "{http://www.w3.org/2000/svg}"


def axis_of(soup):
    axis = soup.select_one("[data-axis]")
    assert axis is not None, "no axis on the page"
    return axis, float(axis["data-from"]), float(axis["data-to"])


def box(mark) -> tuple[float, float]:
    """A mark's own box as (left, width) in percent of the axis."""
    rect = mark.find("rect")
    return float(rect["x"].rstrip("%")), float(rect["width"].rstrip("%"))


def expected_box(mark, low: float, high: float) -> tuple[float, float]:
    start, end = float(mark["data-start"]), float(mark["data-end"])
    left, right = max(start, low), min(end, high)
    return (left - low) / (high - low) * 100, (right - left) / (high - low) * 100


def name(link) -> str:
    """A link's accessible name: an SVG link takes it from its <title>."""
    return link.find("title").get_text()


def marks_by_title(soup) -> dict[str, object]:
    return {name(mark).rsplit(", ", 1)[0]: mark for mark in soup.select("a[data-start]")}


def args_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def test_every_mark_is_a_link_whose_box_is_proportional_to_its_dates(client):
    soup = parse(client.get("/"))
    _, low, high = axis_of(soup)
    marks = soup.select("[data-axis] a[data-start]")
    assert len(marks) == 22  # the article's events, each once
    for mark in marks:
        assert mark["href"].startswith("/events/")
        left, width = box(mark)
        want_left, want_width = expected_box(mark, low, high)
        assert left == pytest.approx(want_left, abs=0.002)
        assert width == pytest.approx(want_width, abs=0.002)
    # Ticks and era bands carry no event dates: only marks do.
    assert not soup.select("[data-axis] [data-start]:not(a)")


def test_default_window_is_the_events_span_with_a_margin(client):
    _, low, high = axis_of(parse(client.get("/")))
    assert 1990 < low < 1994 and 2022.05 < high < 2026  # 1994 … 18 January 2022


def test_precision_is_honest_a_year_covers_its_year_and_a_month_its_month(client):
    marks = marks_by_title(parse(client.get("/")))
    pfp = marks["Azerbaijan joins NATO's Partnership for Peace"]
    assert (pfp["data-start"], pfp["data-end"]) == ("1994", "1995")
    assert "axis-year" in pfp["class"]
    kabul = marks["Azerbaijani troops help secure Kabul airport during the evacuation"]
    assert float(kabul["data-start"]) == pytest.approx(2021 + 212 / 365, abs=1e-5)  # 1 August
    assert float(kabul["data-end"]) == pytest.approx(2021 + 243 / 365, abs=1e-5)  # 1 September
    assert "axis-month" in kabul["class"]
    day = marks["Colomina meets Azerbaijani officials"]
    assert float(day["data-end"]) - float(day["data-start"]) == pytest.approx(1 / 365, abs=1e-5)
    assert "axis-day" in day["class"]


def test_a_range_is_a_bar_and_an_open_span_runs_to_its_source_s_publication(client):
    marks = marks_by_title(parse(client.get("/")))
    resolute = marks["Azerbaijan serves in the Resolute Support Mission"]
    assert resolute["data-start"] == "2015"
    assert float(resolute["data-end"]) == pytest.approx(2021 + 243 / 365, abs=1e-5)  # Aug 2021
    assert "axis-range" in resolute["class"]
    assert "2015 – August 2021" in name(resolute)
    missions = marks["Azerbaijan takes part in NATO missions in Afghanistan"]
    assert "axis-open" in missions["class"] and name(missions).endswith("since 2002")
    # The source was published on 18 January 2022: the span ends with that day.
    assert float(missions["data-end"]) == pytest.approx(2022 + 18 / 365, abs=1e-5)


def test_accessible_names_say_what_and_when_and_keyboard_order_follows_time(client):
    soup = parse(client.get("/"))
    marks = soup.select("[data-axis] a[data-start]")
    assert "Aliyev attends the NATO Summit in Istanbul, 2004" in [name(m) for m in marks]
    starts = [float(m["data-start"]) for m in marks]
    assert starts == sorted(starts)
    axis, _, _ = axis_of(soup)
    assert axis["tabindex"] == "0" and axis["aria-labelledby"] == "axis-heading"
    # The decorative second link of each mark (its dot and label) is out of the tab order.
    for pin in soup.select("[data-axis] a[aria-hidden=true]"):
        assert pin["tabindex"] == "-1"


def test_month_windows_narrow_the_axis_and_the_list(client):
    soup = parse(client.get("/?from=2021-08&to=2021-09"))
    _, low, high = axis_of(soup)
    assert low == pytest.approx(2021 + 212 / 365, abs=1e-5)
    assert high == pytest.approx(2021 + 273 / 365, abs=1e-5)  # the end of September
    listed = [a.get_text(strip=True) for a in soup.select("#timeline .event-title a")]
    assert "Azerbaijani troops help secure Kabul airport during the evacuation" in listed
    assert "Conflict paragraph dropped from the Brussels communiqué" not in listed  # June 2021
    assert len(listed) == len(soup.select("[data-axis] a[data-start]"))
    api = client.get("/api/events?from=2021-08-15&to=2021-08-31").get_json()
    assert api["total"] == len(api["events"]) == 4  # Kabul, and three spans still running


@pytest.mark.parametrize(
    ("args", "word"),
    [
        ("from=2021-13", "month"),
        ("from=2021-02-30", "real calendar date"),
        ("from=0", "year 0"),
        ("from=2022-02&to=2022-01", "must not be after"),
        ("lanes=people", "lanes"),
        ("axis=2", "axis"),
    ],
)
def test_a_bad_window_or_axis_argument_is_a_clear_400(client, args, word):
    response = client.get(f"/?{args}")
    assert response.status_code == 400
    assert word in parse(response).select_one("#filter-problem").get_text()


def test_deep_time_windows_are_accepted(client):
    response = client.get("/?from=-14000000000&to=2030")
    _, low, high = axis_of(parse(response))
    assert (low, high) == (-14_000_000_000, 2031)
    assert "billion years ago" in " ".join(t.get_text() for t in parse(response).select("text"))


@pytest.mark.parametrize("args", ["year=1", "to=1", "from=1&to=1", "from=0001-01&to=0001-02"])
def test_a_window_at_the_first_year_of_the_era_pans_back_across_the_missing_year_0(client, args):
    soup = parse(client.get(f"/?{args}"))
    earlier = soup.select_one("[data-axis] [data-pan=earlier]")["href"]
    assert client.get(earlier).status_code == 200


def test_zoom_and_pan_links_name_narrower_wider_earlier_and_later_windows(client):
    soup = parse(client.get("/?from=2000&to=2019&topic=summits"))
    _, low, high = axis_of(soup)
    span = high - low
    for link, (want_low, want_high) in {
        "[data-zoom=in]": (low + span / 4, high - span / 4),
        "[data-zoom=out]": (low - span / 2, high + span / 2),
        "[data-pan=earlier]": (low - span / 2, high - span / 2),
        "[data-pan=later]": (low + span / 2, high + span / 2),
    }.items():
        href = soup.select_one(f"[data-axis] {link}")["href"]
        assert args_of(href)["topic"] == ["summits"]  # the filters stay
        _, got_low, got_high = axis_of(parse(client.get(href)))
        assert got_low == pytest.approx(want_low, abs=1.01)
        assert got_high == pytest.approx(want_high, abs=1.01)


def test_a_tick_is_a_link_to_its_stretch_of_time(client):
    soup = parse(client.get("/"))
    ticks = soup.select("[data-axis] .axis-ticks a")
    assert len(ticks) >= 4
    labels = [tick.find("text").get_text() for tick in ticks]
    assert "2000" in labels or "2010" in labels
    tick = next(t for t in ticks if t.find("text").get_text() == "2010")
    assert name(tick) == "2010: show this stretch"
    assert args_of(tick["href"])["from"] == ["2010"]


def test_lanes_by_topic_put_an_event_with_two_topics_in_both(client):
    soup = parse(client.get("/?lanes=topic"))
    lanes = {lane["data-lane"]: lane for lane in soup.select("[data-axis] [data-lane]")}
    assert {"summits", "partnership", "defence-reform"} <= set(lanes)
    two = "Azerbaijani officers serve at NATO headquarters and agencies, since 2002"
    in_lanes = [
        slug
        for slug, lane in lanes.items()
        if two in [name(a) for a in lane.select("a[data-start]")]
    ]
    assert sorted(in_lanes) == ["defence-reform", "partnership"]
    # Every link keeps the lanes.
    assert args_of(soup.select_one("[data-zoom=in]")["href"])["lanes"] == ["topic"]


def test_embeds_carry_the_axis_and_axis_0_turns_it_off(client):
    framed = parse(client.get("/embed?topic=summits"))
    assert framed.select("[data-axis] a[data-start]")
    for link in framed.select("[data-axis] a[href]"):
        assert link["href"].startswith("http://localhost/") and link["target"] == "_blank"
    assert not parse(client.get("/embed?axis=0")).select("[data-axis]")
    assert not parse(client.get("/?axis=0")).select("[data-axis]")
    bare = parse(client.get("/embed/fragment?topic=summits"))
    assert bare.select_one(".tl-axis img")["src"].startswith("http://localhost/axis.svg?")
    assert not parse(client.get("/embed/fragment?axis=0")).select(".tl-axis")


def test_axis_svg_is_a_standalone_svg_of_the_same_drawing(client):
    response = client.get("/axis.svg?topic=summits")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{SVG}svg" and root.get("width") == "960"
    assert root.find(f"{SVG}style") is not None  # colours and fonts inside
    links = root.iter(f"{SVG}a")
    events = [a for a in links if a.get("data-start")]
    page = parse(client.get("/?topic=summits")).select("[data-axis] a[data-start]")
    assert [a.get("data-start") for a in events] == [a["data-start"] for a in page]
    assert all(a.get("href").startswith("http://localhost/events/") for a in events)
    assert client.get("/axis.svg?from=oops").status_code == 400


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """TimelineJS's own example files (eras, cosmological time) imported into one timeline."""
    data = tmp_path_factory.mktemp("axis-real") / "data"
    shutil.copytree(FIXTURE_DATA, data, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    for name in ("eras.json", "cosmo.json"):
        result = CliRunner().invoke(
            main, ["import", str(REAL / name), "--data", str(data), "--quiet"]
        )
        assert result.exit_code == 0, result.output
    return create_app({"TESTING": True, "DATABASE": str(data / "timeline.db")}).test_client()


def test_eras_are_bands_behind_the_marks(real):
    soup = parse(real.get("/?source=eras"))
    bands = soup.select("[data-axis] rect.axis-era")
    assert bands and all(not band.has_attr("data-start") for band in bands)
    assert all(band.find("title").get_text() for band in bands)
    legend = soup.select_one(".axis-legend").get_text(" ")
    assert any(band.find("title").get_text().split(" (")[0] in legend for band in bands)


def test_lanes_by_source_label_each_row_with_its_source(real):
    soup = parse(real.get("/?lanes=source"))
    lanes = [lane["data-lane"] for lane in soup.select("[data-axis] [data-lane]")]
    assert {"today-az-nato-azerbaijan", "eras", "cosmo"} <= set(lanes)
    labels = [text.get_text() for text in soup.select(".axis-lane-label")]
    assert len(labels) == len(lanes)


def test_cosmological_time_is_drawn_in_billions_of_years(real):
    soup = parse(real.get("/?source=cosmo"))
    _, low, high = axis_of(soup)
    assert low < -13_000_000_000 and high > 1900
    ticks = " ".join(t.get_text() for t in soup.select(".axis-ticks text"))
    assert "billion years ago" in ticks
    names = [name(m) for m in soup.select("a[data-start]")]
    assert any("13.8 billion years ago" in name for name in names)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("axis-demo") / "demo.db"
    result = CliRunner().invoke(
        main, ["demo-data", "--events", "5000", "--db", str(path), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    return create_app({"TESTING": True, "DATABASE": str(path)}).test_client()


def _count_in_window(client, href: str) -> int:
    args = {name: values[0] for name, values in args_of(href).items()}
    return client.get("/api/events", query_string={**args, "limit": 1}).get_json()["total"]


def test_a_full_window_sends_clusters_whose_counts_sum_to_its_events(demo):
    soup = parse(demo.get("/"))
    clusters = soup.select("[data-axis] a[data-count]")
    marks = soup.select("[data-axis] a[data-start]")
    assert clusters and len(clusters) + len(marks) <= 600
    total = sum(int(c["data-count"]) for c in clusters) + len(marks)
    assert total == 5000
    # A cluster's count is exact: its link's window holds at least that many events (it counts
    # those starting there; its window also holds spans running in from earlier).
    for cluster in clusters[-3:]:
        assert _count_in_window(demo, cluster["href"]) >= int(cluster["data-count"]) > 0


def test_clusters_sum_right_in_a_window_of_months_and_under_a_topic(demo):
    for query in ("from=1990-03&to=1991-02", "topic=war", "q=harbour"):
        soup = parse(demo.get(f"/?{query}"))
        clusters = soup.select("[data-axis] a[data-count]")
        marks = soup.select("[data-axis] a[data-start]")
        drawn = sum(int(c["data-count"]) for c in clusters) + len(marks)
        total = demo.get(f"/api/events?{query}&limit=1").get_json()
        if total["total_exact"]:
            assert drawn == total["total"], query


def test_the_filter_form_keeps_the_axis_lanes(client):
    form = parse(client.get("/?lanes=source")).select_one("form#filters")
    assert form.select_one("input[type=hidden][name=lanes]")["value"] == "source"
    assert not parse(client.get("/")).select("form#filters input[name=lanes]")


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("from=2021-08&to=2021-09-15", ["2021-08", "2021-09-15"]),
        ("from=2004&to=2010", ["2004", "2010"]),
        ("from=-14000000000&to=2021", ["-14000000000", "2021"]),
        ("from=abc", ["abc", ""]),  # kept as typed, beside the message that says what is wrong
    ],
)
def test_the_filter_form_holds_the_window_so_a_topic_chosen_next_keeps_it(client, query, shown):
    soup = parse(client.get(f"/?{query}"))
    boxes = [soup.select_one(f"#filters [name={name}]") for name in ("from", "to")]
    assert [box["type"] for box in boxes] == ["text", "text"]  # a month or a day fits, too
    assert [box["value"] for box in boxes] == shown


@pytest.mark.parametrize("window", ["from=1945&to=2071", "from=985&to=3031", "", "lanes=topic"])
def test_marks_never_overlap_and_what_finds_no_room_is_a_cluster(client, window):
    soup = parse(client.get(f"/?{window}"))
    dot = PIN / WIDE * 100
    rows: dict[tuple, list[tuple[float, float]]] = {}
    for mark in soup.select("[data-axis] a[data-start]"):
        rect = mark.select_one("rect")
        left = float(rect["x"].rstrip("%"))
        lane = mark.find_parent(attrs={"data-lane": True})
        key = (lane["data-lane"] if lane else None, rect["y"])
        rows.setdefault(key, []).append((left, left + max(float(rect["width"].rstrip("%")), dot)))
    for boxes in rows.values():
        boxes.sort()
        for (_, end), (start, _) in itertools.pairwise(boxes):
            assert start >= end - 1e-6, f"two marks drawn over each other in {window or '/'}"
    if "lanes" not in window:  # every event is a mark or counted in a cluster, once
        marks = len(soup.select("[data-axis] a[data-start]"))
        counted = sum(int(c["data-count"]) for c in soup.select("[data-axis] a[data-count]"))
        assert marks + counted == 22


@pytest.mark.parametrize(
    ("query", "dead_end"),
    [("from=2022-01-18&to=2022-01-18", "in"), ("from=-100000000000&to=-99999999000", "earlier")],
)
def test_a_zoom_or_pan_that_would_lead_back_here_is_no_link(client, query, dead_end):
    soup = parse(client.get(f"/?{query}"))
    for control in soup.select(".axis-nav a"):
        name = control.get("data-zoom") or control.get("data-pan")
        if name == dead_end:
            assert not control.has_attr("href") and control["aria-disabled"] == "true"
        else:
            assert args_of(control["href"]) != args_of(f"/?{query}")


def test_a_tick_label_at_the_right_edge_stands_left_of_its_line(client):
    root = ET.fromstring(client.get("/axis.svg?from=2000-09&to=2016-04&topic=summits").data)
    labels = [t for t in root.iter(f"{SVG}text") if t.text and t.text.isdigit()]
    last, *others = sorted(labels, key=lambda t: -float(t.get("x").rstrip("%")))
    assert last.text == "2016" and float(last.get("x").rstrip("%")) > 95
    assert last.get("text-anchor") == "end"  # not cut to "201" by the edge
    assert all(t.get("text-anchor") is None for t in others)
