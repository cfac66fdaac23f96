"""Dates as people write them in a real browser: an approximate and a decade event in the list,
light and dark, with their machine-readable EDTF, filtered by the years they cover, and
axe-clean. Screenshots go to test-results/screenshots/ to be looked at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import violations_at
from tests.helpers import gunicorn_serving
from tests.test_date_forms import FUZZY
from webapp.ingest.build import build


@pytest.fixture(scope="module")
def fuzzy_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzzy-browser") / "timeline.db"
    build(FUZZY, path)
    with gunicorn_serving(path) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_approximate_and_a_decade_event_in_the_list(browser, fuzzy_server, scheme):
    context = browser.new_context(color_scheme=scheme, base_url=fuzzy_server)
    page = context.new_page()
    page.goto("/?from=1400&to=2000")
    workshop = page.locator("#event-printing-workshop")
    decade = page.locator("#event-music-players")
    expect(workshop.locator(".event-date")).to_have_text("c. 1450")
    expect(decade.locator(".event-date")).to_have_text("the 1990s")
    expect(decade.locator("data.date-form")).to_have_attribute("value", "199X")
    expect(workshop.locator("data.date-form")).to_have_attribute("value", "1450~")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"fuzzy-dates-{scheme}.png", full_page=True)
    colour = decade.locator(".event-date").evaluate("e => getComputedStyle(e).color")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert colour != background
    context.close()


def test_a_decade_is_found_by_a_year_inside_it_through_the_form(browser, fuzzy_server):
    page = browser.new_page(base_url=fuzzy_server)
    page.goto("/")
    year = page.locator("input[name=year]")
    if not year.is_visible():
        page.locator("summary", has_text="Filter").first.click()
    year.fill("1995")
    year.press("Enter")
    expect(page).to_have_url(f"{fuzzy_server}/?year=1995", timeout=5000)
    expect(page.locator("#timeline article")).to_have_count(2)
    expect(page.locator("#event-music-players .event-date")).to_have_text("the 1990s")
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/", "/events/castle", "/embed?year=1995"])
def test_fuzzy_dates_are_accessible(browser, fuzzy_server, path, scheme):
    assert violations_at(browser, fuzzy_server, path, scheme) == []
