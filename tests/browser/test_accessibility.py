"""WCAG 2.2 AA, checked by axe-core in a real browser, in light and dark schemes."""

from __future__ import annotations

from importlib.resources import files
from itertools import pairwise

import pytest
from playwright.sync_api import Page, expect

# axe-core 4.12, as bundled by the axe-playwright-python package; injected by evaluate() so a
# strict Content-Security-Policy cannot block it.
AXE_SOURCE = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

PAGES = [
    "/",
    "/?topic=summits&topic=afghanistan&from=2004&to=2016&q=NATO",
    "/?q=nothing-matches-this",
    "/?year=abc",
    "/events/resolute-support-mission",
    "/events/afghanistan-missions",
    "/sources/today-az-nato-azerbaijan",
    "/sources/today-az-nato-azerbaijan#lisbon-summit-2010",
    "/events/no-such-event",
    "/embed-code?topic=summits",
    "/?from=2020&to=2010",
]


def axe_violations(page: Page) -> list[str]:
    """axe-core's findings on the page at rest: after any htmx swap has settled and faded in."""
    page.wait_for_function(
        """() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')
                 && document.getAnimations().every(a => a.playState !== 'running')"""
    )
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", RULES
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


EMBEDS = ["/embed?topic=summits", "/embed?event=war-2020&theme=dark", "/embed?compact=1&year=2021"]


def violations_at(browser, base_url: str, path: str, scheme: str) -> list[str]:
    """axe-core's findings on ``path`` of ``base_url``, opened fresh in a colour ``scheme``."""
    context = browser.new_context(color_scheme=scheme, base_url=base_url)
    page = context.new_page()
    page.goto(path)
    found = axe_violations(page)
    context.close()
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES + EMBEDS)
def test_axe_reports_no_violations(browser, base_url, path, scheme):
    assert violations_at(browser, base_url, path, scheme) == []


def test_no_violations_after_live_filters_and_errors(page: Page):
    page.goto("/")
    page.get_by_label("Summits").check()
    expect(page.locator("#count")).to_contain_text("8 events")
    assert axe_violations(page) == []
    page.locator("#from").fill("2020")
    page.locator("#to").fill("2010")
    page.locator("#to").press("Enter")
    expect(page.locator("#results .problem")).to_be_visible()
    assert axe_violations(page) == []


def test_every_page_has_landmarks_one_h1_and_ordered_headings(page: Page):
    for path in PAGES:
        page.goto(path)
        for landmark in ("header", "nav", "main", "footer"):
            assert page.locator(landmark).count() >= 1, f"{path} lacks <{landmark}>"
        expect(page.locator("h1")).to_have_count(1)
        levels = page.locator("h1, h2, h3, h4").evaluate_all(
            "hs => hs.map(h => Number(h.tagName[1]))"
        )
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in pairwise(levels)), (path, levels)


@pytest.mark.parametrize(
    ("path", "dates"),
    [("/", "#timeline .event-date"), ("/sources/today-az-nato-azerbaijan", ".source-events li")],
)
def test_every_date_is_machine_readable(page: Page, path, dates):
    page.goto(path)
    found = page.locator(dates)
    assert found.count() == 22
    for index in range(found.count()):
        assert found.nth(index).locator("time[datetime]").count() >= 1


def test_skip_link_is_first_and_moves_focus_to_main(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_count_is_announced_politely(page: Page):
    page.goto("/")
    count = page.locator("#count")
    expect(count).to_have_attribute("role", "status")
    handle = count.element_handle()
    page.get_by_label("Russia").check()
    expect(count).to_have_text("1 event · Russia · 2017–2020")
    # The same live region element is updated in place, so screen readers announce it.
    assert page.evaluate("([a]) => a === document.getElementById('count')", [handle])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_reports_no_violations_on_a_phone_with_the_embed_box_open(browser, base_url, scheme):
    page = browser.new_page(
        base_url=base_url, viewport={"width": 375, "height": 812}, color_scheme=scheme
    )
    page.goto("/?topic=summits")
    page.locator(".embed-control summary").click()
    expect(page.locator("#embed-iframe")).to_be_visible()
    assert axe_violations(page) == []
    page.close()
