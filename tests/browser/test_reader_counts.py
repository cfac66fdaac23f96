"""Every count on the page follows the current filters, live and in the full page alike."""

from __future__ import annotations

from playwright.sync_api import expect


def topic_count(page, label: str):
    return page.locator(".topic-option", has_text=label).locator(".topic-count")


def test_topic_counts_follow_a_source_filter_live_and_on_reload(browser, two_source_server):
    page = browser.new_page(base_url=two_source_server)
    page.goto("/")
    expect(topic_count(page, "Summits")).to_have_text("(8)")
    page.get_by_label("The lighthouse that kept a town awake").check()
    expect(page.locator("#count")).to_contain_text("1 event")
    expect(topic_count(page, "Summits")).to_have_text("(0)")
    expect(topic_count(page, "Partnership")).to_have_text("(1)")
    page.reload()  # the full page says the same, from its own HTML
    expect(topic_count(page, "Summits")).to_have_text("(0)")
    page.get_by_label("Partnership").check()  # a topic's count is what ticking it shows
    expect(page.locator("#count")).to_contain_text("1 event")
    expect(topic_count(page, "Summits")).to_have_text("(0)")
    page.close()


def test_ticking_a_topic_never_zeroes_the_other_topics_counts(page):
    page.goto("/")
    page.get_by_label("Summits").check()
    expect(page.locator("#count")).to_contain_text("8 events")
    expect(topic_count(page, "Afghanistan")).to_have_text("(3)")  # what ticking it adds
    page.get_by_label("Words").fill("Kabul")
    expect(page.locator("#count")).to_contain_text("matching “Kabul”")
    expect(topic_count(page, "Afghanistan")).to_have_text("(1)")
    expect(topic_count(page, "Summits")).to_have_text("(0)")


def test_source_counts_follow_the_other_filters(browser, two_source_server):
    page = browser.new_page(base_url=two_source_server)
    page.goto("/")
    lighthouse = page.locator("#source-count-lighthouse")
    nato = page.locator("#source-count-today-az-nato-azerbaijan")
    expect(lighthouse).to_have_text(", 1")
    expect(nato).to_have_text(", 22")
    page.get_by_label("Summits").check()
    expect(page.locator("#count")).to_contain_text("8 events")
    expect(lighthouse).to_have_text(", 0")
    expect(nato).to_have_text(", 8")
    page.goto("/?topic=summits")  # and in the page's own HTML
    expect(page.locator("#source-count-lighthouse")).to_have_text(", 0")
    page.close()
