"""Places and people in a real browser: the form's lists and counts, their pages, the map with
JavaScript off and on, axe-clean in both schemes, at 375 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import axe_violations


def test_places_and_people_open_from_one_button_and_their_counts_follow_the_filters(page: Page):
    page.goto("/")
    page.get_by_role("button", name="Places and people").click()
    kabul = page.locator("input[name=place][value=kabul]")
    expect(kabul).to_be_visible()
    assert "who=1" in page.url
    nato = page.locator("label:has(input[name=person][value=nato]) .topic-count")
    expect(nato).to_have_text("(10)")
    page.fill("#year", "2021")
    expect(nato).to_have_text("(4)")
    kabul.check()
    expect(page.locator("#count")).to_contain_text("in Kabul")
    expect(kabul).to_be_focused()  # the morph kept the box in use
    expect(page.locator("label:has(input[name=person][value=taliban]) .topic-count")).to_have_text(
        "(1)"
    )
    page.reload()
    expect(page.locator("input[name=place][value=kabul]")).to_be_checked()
    page.fill("#year", "2020")
    page.locator("#year").press("Enter")  # presses "Show events", never a button of the lists
    expect(page.locator("#count")).to_contain_text("0 events")
    assert "map=1" not in page.url


def test_enter_in_a_box_of_the_folded_form_does_not_open_the_lists(page: Page):
    page.goto("/")
    page.fill("#q", "summit")
    page.locator("#q").press("Enter")
    expect(page.locator("#count")).to_contain_text("matching")
    assert "who=1" not in page.url
    expect(page.locator("input[name=place]")).to_have_count(0)


def test_the_form_lists_work_without_javascript(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("button", name="Places and people").click()
    page.locator("input[name=person][value=jens-stoltenberg]").check()
    page.locator("#filters-who").get_by_role("button", name="Show events").click()  # below them
    expect(page.locator("#count")).to_contain_text("with Jens Stoltenberg")
    context.close()


def test_a_place_page_and_a_person_page_from_an_event(page: Page):
    page.goto("/events/kabul-airport-evacuation")
    page.locator(".facts").get_by_role("link", name="Kabul", exact=True).click()
    expect(page.locator("h1")).to_have_text("Kabul")
    expect(page.locator(".lede")).to_contain_text("A city in Afghanistan")
    page.get_by_role("link", name="Show the timeline of these events").click()
    expect(page.locator("#count")).to_contain_text("in Kabul")
    page.goto("/people/nato")
    expect(page.locator(".who-events li")).to_have_count(10)


def _point(page: Page, slug: str) -> tuple[float, float]:
    circle = page.locator(f"[data-map] a[data-place={slug}] circle")
    return float(circle.get_attribute("cx")), float(circle.get_attribute("cy"))


@pytest.mark.parametrize("javascript", [False, True])
def test_the_map_draws_each_place_as_a_link_that_filters_by_it(browser, base_url, javascript):
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript)
    page = context.new_page()
    page.goto("/?map=1")
    expect(page.locator("[data-map]")).to_be_visible()
    kabul, brussels = _point(page, "kabul"), _point(page, "brussels")
    assert kabul[0] > brussels[0]  # east of Brussels
    assert kabul[1] > brussels[1]  # and south of it (y grows southward)
    point = page.locator("[data-map] a[data-place=kabul]")
    assert float(point.get_attribute("data-lat")) == pytest.approx(34.53, abs=0.01)
    assert "place=kabul" in point.get_attribute("href")
    # Kabul's airport is drawn over Kabul: the keyboard (and the list beside) reach both.
    point.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#count")).to_contain_text("in Kabul")
    expect(page.locator("[data-map] a")).to_have_count(2)  # the event names its airport too
    page.go_back()
    page.locator("[data-map] a[data-place=brussels]").click()
    expect(page.locator("#count")).to_contain_text("in Brussels")
    context.close()


def sized(browser, base_url: str, width: int, height: int, scheme: str):
    """A context of its own at ``width``×``height`` in the colour ``scheme``, and a page in it."""
    context = browser.new_context(
        base_url=base_url, viewport={"width": width, "height": height}, color_scheme=scheme
    )
    return context, context.new_page()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_map_and_pages_are_axe_clean_at_375_px(browser, base_url, scheme):
    context, page = sized(browser, base_url, 375, 812, scheme)
    for path in ("/?map=1&who=1", "/places/kabul", "/people/jens-stoltenberg"):
        page.goto(path)
        assert axe_violations(page) == [], path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways ({width} px)"
    page.goto("/?map=1")
    page.locator(".place-map").screenshot(path=str(SCREENSHOTS / f"map-375-{scheme}.png"))
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_screenshot_of_the_map_on_a_wide_screen(browser, base_url, scheme):
    context, page = sized(browser, base_url, 1280, 900, scheme)
    page.goto("/?map=1")
    page.locator(".place-map").screenshot(path=str(SCREENSHOTS / f"map-1280-{scheme}.png"))
    assert axe_violations(page) == []
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize(("path", "name"), [("/", "folded"), ("/?who=1&person=nato", "open")])
def test_the_places_and_people_lists_fit_the_screen(browser, base_url, width, path, name):
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(path)
    if width == 375:  # folded on phones: open it as a reader would
        page.locator("#filters-panel > summary").click()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#filters").screenshot(path=str(SCREENSHOTS / f"places-{name}-{width}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
