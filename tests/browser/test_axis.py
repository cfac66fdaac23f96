"""The time axis in real Chromium, JavaScript on and off: boxes where their dates are, zoom and
pan by links, drag, Ctrl+wheel and keys changing the URL, Back, lanes, clusters at scale."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import violations_at
from tests.helpers import gunicorn_serving
from webapp.cli import main


def window(page: Page) -> tuple[float, float]:
    axis = page.locator("[data-axis]")
    return float(axis.get_attribute("data-from")), float(axis.get_attribute("data-to"))


def url_args(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.evaluate("location.href")).query)


def wait_for_axis(page: Page):
    expect(page.locator("[data-axis]:not(.axis-slot) svg")).to_have_count(1)


def wait_for_address(page: Page, part: str, present: bool = True):
    """Until the address holds ``part`` (or, ``present`` False, no longer does). Read from
    ``location``: Playwright's page.url misses a pushState made from a timer."""
    page.wait_for_function(
        "([part, present]) => location.href.includes(part) === present", arg=[part, present]
    )


def frame_in_view(page: Page) -> dict:
    frame = page.locator("[data-axis] .axis-frame")
    frame.scroll_into_view_if_needed()
    return frame.bounding_box()


def wait_for_window_from(page: Page, low: float):
    """Until the axis on screen starts at ``low`` (give or take a year's rounding)."""
    page.wait_for_function(
        """low => { const axis = document.querySelector('[data-axis]:not(.axis-slot)');
                    return axis && Math.abs(parseFloat(axis.dataset.from) - low) < 1.01; }""",
        arg=low,
    )


def assert_boxes_proportional(page: Page):
    low, high = window(page)
    svg = page.locator("[data-axis] svg").bounding_box()
    marks = page.locator("[data-axis] a[data-start]")
    assert marks.count() > 0
    for index in range(marks.count()):
        mark = marks.nth(index)
        start, end = float(mark.get_attribute("data-start")), float(mark.get_attribute("data-end"))
        left, right = max(start, low), min(end, high)
        box = mark.bounding_box()
        assert box["x"] - svg["x"] == pytest.approx(
            (left - low) / (high - low) * svg["width"], abs=1
        )
        assert box["width"] == pytest.approx((right - left) / (high - low) * svg["width"], abs=1)


def opened(browser, base_url: str, javascript: bool, path: str):
    """A context of its own, JavaScript on or off, and a page at ``path`` with its axis drawn."""
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(path)
    wait_for_axis(page)
    return context, page


@pytest.mark.parametrize("javascript", [True, False])
def test_marks_boxes_are_proportional_and_zoom_links_work(browser, base_url, javascript):
    context, page = opened(browser, base_url, javascript, "/?topic=summits")
    assert_boxes_proportional(page)
    low, high = window(page)
    page.locator("[data-zoom=in]").click()
    wait_for_address(page, "from=")
    wait_for_axis(page)
    new_low, new_high = window(page)
    assert new_high - new_low == pytest.approx((high - low) / 2, abs=1.01)
    assert url_args(page)["topic"] == ["summits"]
    assert_boxes_proportional(page)
    page.locator("[data-pan=later]").click()
    wait_for_address(page, f"from={int(new_low)}", present=False)
    wait_for_axis(page)
    assert window(page)[0] > new_low
    page.go_back()
    wait_for_window_from(page, new_low)
    wait_for_axis(page)
    assert_boxes_proportional(page)
    context.close()


def test_drag_pans_and_pushes_one_history_entry(page: Page):
    page.goto("/")
    wait_for_axis(page)
    low, high = window(page)
    frame = frame_in_view(page)
    y = frame["y"] + frame["height"] - 8
    page.mouse.move(frame["x"] + frame["width"] * 0.7, y)
    page.mouse.down()
    for step in range(1, 6):
        page.mouse.move(frame["x"] + frame["width"] * (0.7 - step * 0.06), y)
    page.mouse.up()
    wait_for_address(page, "from=")
    wait_for_axis(page)
    new_low, new_high = window(page)
    assert new_low > low + (high - low) * 0.2  # dragged left by 30 %: later times come in
    assert new_high - new_low == pytest.approx(high - low, rel=0.1)
    page.go_back()
    wait_for_address(page, "from=", present=False)
    wait_for_window_from(page, low)
    assert window(page) == (low, high)


def test_ctrl_wheel_zooms_and_a_plain_wheel_scrolls(page: Page):
    page.set_viewport_size({"width": 1000, "height": 500})
    page.goto("/")
    wait_for_axis(page)
    low, high = window(page)
    frame = frame_in_view(page)
    page.mouse.move(frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2)
    page.mouse.wheel(0, 200)
    page.wait_for_function("window.scrollY > 0")
    assert "from=" not in page.evaluate("location.href")
    page.keyboard.down("Control")
    page.mouse.wheel(0, -100)
    page.mouse.wheel(0, -100)
    page.keyboard.up("Control")
    wait_for_address(page, "from=")
    wait_for_axis(page)
    new_low, new_high = window(page)
    assert new_high - new_low < (high - low) * 0.6


def test_keys_zoom_and_pan_when_the_axis_has_focus(page: Page):
    page.goto("/")
    wait_for_axis(page)
    low, high = window(page)
    page.locator("[data-axis]").focus()
    page.keyboard.press("+")
    wait_for_address(page, "from=")
    wait_for_axis(page)
    zoomed = window(page)
    assert zoomed[1] - zoomed[0] == pytest.approx((high - low) / 2, abs=1.01)
    expect(page.locator("[data-axis]")).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        """low => { const axis = document.querySelector('[data-axis]:not(.axis-slot)');
                    return axis && parseFloat(axis.dataset.from) > low + 1; }""",
        arg=zoomed[0],
    )
    assert window(page)[0] == pytest.approx(zoomed[0] + (zoomed[1] - zoomed[0]) / 4, abs=0.1)
    assert "from=" in page.evaluate("location.search")


def test_lanes_and_clusters_at_twenty_thousand_events(browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("axis-demo") / "demo.db"
    result = CliRunner().invoke(
        main, ["demo-data", "--events", "20000", "--db", str(path), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    with gunicorn_serving(path) as url:
        page = browser.new_page(base_url=url)
        page.goto("/")
        clusters = page.locator("[data-axis] a[data-count]")
        assert clusters.count() >= 1
        assert page.locator("[data-axis] a[data-start]").count() + clusters.count() <= 600
        label = clusters.first.locator("title").text_content()
        assert "events starting" in label
        clusters.last.click()
        wait_for_address(page, "from=")
        wait_for_axis(page)
        page.goto("/?lanes=topic&from=1990&to=1991")
        lanes = page.locator("[data-axis] [data-lane]")
        assert lanes.count() == 12
        page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/", "/?lanes=topic", "/embed?topic=summits"])
def test_axis_is_axe_clean(browser, base_url, path, scheme):
    assert violations_at(browser, base_url, path, scheme) == []


def test_on_a_phone_the_axis_fits_and_pans_by_touch(browser, base_url):
    context = browser.new_context(
        base_url=base_url, viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto("/")
    wait_for_axis(page)
    fold = page.locator("[data-axis] > .axis-fold")
    expect(fold).not_to_have_attribute("open", "")  # folded on a phone, one tap away
    page.locator("[data-axis] summary").tap()
    expect(fold).to_have_attribute("open", "")
    svg = page.locator("[data-axis] svg").bounding_box()
    assert svg["x"] >= 0 and svg["x"] + svg["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    low, _ = window(page)
    frame = frame_in_view(page)
    y = frame["y"] + frame["height"] - 6
    page.evaluate(
        """([x0, x1, y]) => {
            const frame = document.querySelector('[data-axis] .axis-frame');
            const fire = (type, x) => frame.dispatchEvent(new PointerEvent(type, {
                pointerId: 7, pointerType: 'touch', clientX: x, clientY: y, bubbles: true,
                isPrimary: true}));
            fire('pointerdown', x0);
            for (let i = 1; i <= 5; i++) fire('pointermove', x0 + (x1 - x0) * i / 5);
            fire('pointerup', x1);
        }""",
        [frame["x"] + 100, frame["x"] + 300, y],
    )
    wait_for_address(page, "from=")
    wait_for_axis(page)
    assert window(page)[0] < low  # dragged right: earlier times come in
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_month_window_stays_when_a_topic_is_chosen(browser, base_url, javascript):
    context, page = opened(browser, base_url, javascript, "/?from=2015&to=2023")
    while "-" not in url_args(page).get("from", [""])[0]:  # zoom in until the window is months
        before = page.evaluate("location.href")
        page.locator("[data-zoom=in]").click()
        page.wait_for_function("before => location.href !== before", arg=before)
        wait_for_axis(page)
    window_from, window_to = url_args(page)["from"], url_args(page)["to"]
    expect(page.locator("#from")).to_have_value(window_from[0])
    page.get_by_role("checkbox", name="Afghanistan").check()
    if not javascript:
        page.get_by_role("button", name="Show events").click()
    wait_for_address(page, "topic=afghanistan")
    assert url_args(page)["from"] == window_from and url_args(page)["to"] == window_to
    context.close()


def test_the_standalone_svg_follows_the_reader_s_scheme(browser, base_url):
    backgrounds = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(base_url=base_url, color_scheme=scheme)
        page = context.new_page()
        page.goto("/axis.svg?topic=summits")
        backgrounds[scheme] = page.evaluate(
            "getComputedStyle(document.querySelector('.axis-bg')).fill"
        )
        context.close()
    assert backgrounds["light"] != backgrounds["dark"]
    assert backgrounds["dark"] == "rgb(30, 33, 37)"  # the dark pages' surface, #1e2125
