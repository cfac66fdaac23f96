"""Keyboard and live behaviour: focus is never dropped, fields say when they are wrong, Tab
follows the eye, every field is live alike, one request per change, the URL with the results."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect


def test_clear_filters_keeps_focus_and_resets_form_list_and_url(page: Page):
    page.goto("/?topic=summits&from=2004")
    clear = page.locator(".clear-filters")
    clear.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#count")).to_have_text("22 events · 1994–2022")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(clear).to_be_focused()
    expect(page.get_by_label("Summits")).not_to_be_checked()
    expect(page.locator("#from")).to_have_value("")


def test_more_events_from_the_keyboard_moves_focus_to_the_first_new_event(browser, large_server):
    page = browser.new_page(base_url=large_server, viewport={"width": 1280, "height": 4000})
    page.goto("/")
    page.evaluate("document.querySelector('.more a').removeAttribute('hx-trigger')")
    page.evaluate("htmx.process(document.querySelector('.more'))")
    more = page.locator(".more a")
    more.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#timeline article")).to_have_count(100)
    expect(page.locator("#timeline .event-title a").nth(50)).to_be_focused()
    page.keyboard.press("Tab")  # on to the next new event, nothing skipped
    expect(page.locator("#timeline article").nth(50).locator(".chip").first).to_be_focused()
    page.close()


def test_arrow_keys_in_an_empty_year_box_start_at_the_timelines_years(page: Page):
    page.goto("/")
    page.locator("#from").focus()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#from")).to_have_value("1994")
    page.locator("#year").focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#year")).to_have_value("2022")


def test_arrow_keys_step_a_from_box_by_its_own_grain(page: Page):
    page.goto("/?from=2021-12&to=2022")
    box = page.locator("#from")
    for key, shown in [("ArrowUp", "2022-01"), ("ArrowDown", "2021-12"), ("ArrowDown", "2021-11")]:
        box.press(key)
        expect(box).to_have_value(shown)
    box.fill("2021-02-28")
    box.press("ArrowUp")
    expect(box).to_have_value("2021-03-01")
    box.fill("-1")
    box.press("ArrowUp")
    expect(box).to_have_value("1")  # no year 0
    box.fill("2004-06")
    box.press("Enter")
    expect(page.locator("#count")).to_contain_text("June 2004")
    assert "from=2004-06" in page.evaluate("location.search")


def test_a_month_typed_in_from_is_taken_without_javascript(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.locator("#from").fill("2021-08")
    page.locator("#to").fill("2021-08")
    page.get_by_role("button", name="Show events").click()
    expect(page.locator("#count")).to_contain_text("August 2021")
    expect(page.locator("#from")).to_have_value("2021-08")
    context.close()


def test_a_bad_field_is_marked_invalid_and_points_at_the_message(page: Page):
    page.goto("/")
    page.locator("#from").fill("2020")
    page.locator("#to").fill("2010")
    page.locator("#to").press("Enter")
    expect(page.locator("#filter-problem")).to_contain_text("must not be after to")
    expect(page.locator("#from")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#from")).to_have_attribute("aria-describedby", "filter-problem")
    page.locator("#from").fill("2000")
    page.locator("#from").press("Enter")
    expect(page.locator("#count")).to_contain_text("2000–2010")
    expect(page.locator("#from")).not_to_have_attribute("aria-invalid", "true")
    page.goto("/?from=2020&to=2010")  # the whole page says the same
    expect(page.locator("#from")).to_have_attribute("aria-invalid", "true")


def test_tab_follows_the_visual_order_on_a_wide_screen(browser, base_url):
    page = browser.new_page(base_url=base_url, viewport={"width": 1280, "height": 800})
    page.goto("/")
    page.locator("#year").focus()
    page.keyboard.press("Tab")
    expect(page.locator("#q")).to_be_focused()
    year, words = page.locator("#year").bounding_box(), page.locator("#q").bounding_box()
    topics = page.locator(".filters-topics").bounding_box()
    years = page.locator(".filters-years").bounding_box()
    assert words["y"] > year["y"] and abs(words["x"] - years["x"]) < 2  # under the years
    assert topics["x"] > words["x"] + words["width"] - 1  # topics: the next column, next in Tab
    page.keyboard.press("Tab")
    expect(page.get_by_label("Partnership")).to_be_focused()
    page.close()


def is_filter(request) -> bool:
    """An htmx request of the filter form (not an asset, not the embed box)."""
    return bool(request.headers.get("hx-request")) and re.search(r"/(\?|$)", request.url)


def test_year_boxes_are_live_and_each_change_sends_one_request(page: Page):
    page.goto("/")
    asked = []
    page.on("request", lambda request: asked.append(request.url) if is_filter(request) else None)
    page.locator("#year").fill("2008")  # no Enter, no Tab: the box is live like Words
    expect(page.locator("#count")).to_contain_text("2008")
    page.wait_for_timeout(800)
    assert len([url for url in asked if "year=2008" in url]) == 1, asked
    page.locator("#year").fill("2010")
    page.locator("#year").press("Enter")  # Enter fires submit and change: still one request
    expect(page.locator("#count")).to_contain_text("2010")
    page.wait_for_timeout(800)
    assert len([url for url in asked if "year=2010" in url]) == 1, asked


def test_the_address_bar_changes_with_the_results(page: Page):
    page.goto("/")
    page.evaluate(
        """() => { window.__seen = null;
        new MutationObserver(() => { if (window.__seen === null
              && document.getElementById('count').textContent.startsWith('8 events'))
            window.__seen = location.search; })
          .observe(document.getElementById('count'), {childList: true, subtree: true,
                                                       characterData: true}); }"""
    )
    started = time.monotonic()
    page.get_by_label("Summits").check()
    expect(page.locator("#count")).to_contain_text("8 events")
    expect(page).to_have_url(re.compile(r"topic=summits"), timeout=300)
    assert time.monotonic() - started < 2
