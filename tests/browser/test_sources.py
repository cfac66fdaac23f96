"""A timeline of two sources, one added by `timeline extract --add`: filtering by source live,
and the source page's marks for the extractor's proposals, accessible in both schemes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import violations_at


def test_filtering_by_source_live_updates_the_url_and_the_list(browser, two_source_server):
    page = browser.new_page(base_url=two_source_server)
    page.goto("/")
    expect(page.locator("#count")).to_contain_text("23 events")
    page.get_by_label("The lighthouse that kept a town awake").check()
    expect(page.locator("#count")).to_contain_text("1 event")
    expect(page.locator("#count")).to_contain_text("The lighthouse that kept a town awake")
    expect(page).to_have_url(f"{two_source_server}/?source=lighthouse")
    expect(page.locator("#timeline article")).to_have_count(1)
    page.go_back()
    expect(page.locator("#count")).to_contain_text("23 events")
    page.close()


def test_a_proposal_link_lands_on_its_marked_sentence(browser, two_source_server):
    page = browser.new_page(base_url=two_source_server)
    page.goto("/sources/lighthouse")
    expect(page.locator("mark.quote--proposal").first).to_be_visible()
    link = page.locator(".source-proposals a", has_text="June to August 1940").first
    link.click()
    target = page.locator("mark.quote--proposal:target")
    expect(target).to_contain_text("from June to August 1940")
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/", "/?source=lighthouse", "/sources/lighthouse"])
def test_axe_reports_no_violations_with_two_sources(browser, two_source_server, path, scheme):
    assert violations_at(browser, two_source_server, path, scheme) == []
