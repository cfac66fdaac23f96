"""The strict Content-Security-Policy holds in a real browser: nothing is ever blocked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""

URLS = [
    "/",
    "/?topic=summits&from=2004&to=2016",
    "/?year=abc",
    "/events/resolute-support-mission",
    "/sources/today-az-nato-azerbaijan#lisbon-summit-2010",
    "/embed?topic=summits",
    "/embed?event=war-2020&theme=dark",
    "/nothing-here",
]


@pytest.mark.parametrize("url", URLS)
def test_no_csp_violation_on_any_page(page: Page, url):
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []


def test_no_csp_violation_while_filtering_live(page: Page):
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto("/")
    page.get_by_label("Afghanistan").check()
    expect(page.locator("#count")).to_contain_text("3 events")
    page.locator("#q").press_sequentially("Kabul", delay=30)
    expect(page.locator("#count")).to_contain_text("1 event")
    page.locator("details.embed-control summary").first.click()
    page.locator("#density-2021").click()
    expect(page).to_have_url(re.compile("year=2021"))
    assert page.evaluate("window.__violations") == []
