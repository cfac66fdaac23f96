"""What only a browser shows: live filtering, history, keyboard use, paging, layout."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS

ALL = "22 events · 1994–2022"


def cards(page: Page):
    return page.locator("#timeline article")


def mark_document(page: Page) -> None:
    """Tag the live document: the tag survives htmx swaps and is gone after a full page load."""
    page.evaluate("window.__sameDocument = true")


def same_document(page: Page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def test_topic_filter_applies_live_and_the_url_is_the_state(page: Page):
    page.goto("/")
    expect(page.locator("#count")).to_have_text(ALL)
    mark_document(page)
    with page.expect_response(lambda response: "topic=summits" in response.url) as answer:
        page.get_by_label("Summits").check()
    assert "<html" not in answer.value.text()  # htmx fetched the fragment, not a whole page
    expect(page.locator("#count")).to_have_text("8 events · Summits · 2004–2021")
    expect(cards(page)).to_have_count(8)
    assert same_document(page), "filtering reloaded the page"
    expect(page).to_have_url(re.compile(r"/\?topic=summits$"))
    expect(page.get_by_label("Summits")).to_be_focused()

    page.go_back()
    expect(page.locator("#count")).to_have_text(ALL)
    expect(cards(page)).to_have_count(22)
    expect(page.get_by_label("Summits")).not_to_be_checked()

    page.go_forward()
    expect(cards(page)).to_have_count(8)
    page.reload()
    expect(page.locator("#count")).to_have_text("8 events · Summits · 2004–2021")
    expect(page.get_by_label("Summits")).to_be_checked()


def test_search_narrows_after_the_delay_and_clearing_restores(page: Page):
    page.goto("/")
    mark_document(page)
    page.locator("#q").press_sequentially("Kabul", delay=40)
    expect(page.locator("#count")).to_have_text("1 event · matching “Kabul” · 2021")
    expect(cards(page)).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=Kabul"))
    expect(page.locator("#q")).to_be_focused()
    page.locator("#q").fill("")
    expect(page.locator("#count")).to_have_text(ALL)
    assert same_document(page)


def test_density_strip_year_filters_to_that_year_and_keeps_focus(page: Page):
    page.goto("/?topic=summits")
    mark_document(page)
    page.locator("#density-2004").click()
    expect(page.locator("#count")).to_have_text("1 event · Summits · 2004")
    expect(page.locator("#year")).to_have_value("2004")
    expect(page).to_have_url(re.compile(r"year=2004"))
    expect(page.locator("#density-2004")).to_be_focused()
    expect(page.locator("#density-2004")).to_have_attribute("aria-current", "true")
    assert same_document(page)


def test_live_filter_error_is_shown_where_the_results_were(page: Page):
    page.goto("/")
    page.locator("#from").fill("2020")
    page.locator("#to").fill("2010")
    page.locator("#to").press("Enter")
    expect(page.locator("#results .problem")).to_contain_text("must not be after to")
    expect(page.locator("#count")).to_have_text("No events shown: the filter needs a change.")
    page.locator("#to").fill("2022")
    page.locator("#to").press("Enter")
    expect(page.locator("#count")).to_have_text("14 events · 2020–2022")


def test_back_after_a_live_filter_shows_a_whole_page(page: Page):
    page.goto("/")
    page.get_by_label("Afghanistan").check()
    expect(cards(page)).to_have_count(3)
    page.get_by_role(
        "link", name="Azerbaijan serves in the Resolute Support Mission", exact=True
    ).click()
    expect(page.locator("h1")).to_have_text("Azerbaijan serves in the Resolute Support Mission")
    page.go_back()
    expect(cards(page)).to_have_count(3)
    page.go_back()
    expect(cards(page)).to_have_count(22)
    for landmark in ("header.site-header", "form#filters", "main h1", "footer"):
        expect(page.locator(landmark)).to_have_count(1)
    expect(page.locator("html")).to_have_count(1)


def test_event_quote_link_lands_on_the_highlighted_sentence(page: Page):
    page.goto("/events/warsaw-summit-2016")
    page.get_by_role("link", name="See this sentence in the source").click()
    expect(page).to_have_url(re.compile(r"/sources/today-az-nato-azerbaijan#warsaw-summit-2016$"))
    target = page.locator(":target")
    expect(target).to_have_text("Warsaw 2016")
    expect(target).to_be_in_viewport()
    highlighted = target.evaluate("e => getComputedStyle(e).backgroundColor")
    sentence = page.locator("mark:has(#warsaw-summit-2016)")
    assert highlighted != sentence.evaluate("e => getComputedStyle(e).backgroundColor")


def test_form_filters_with_javascript_off(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/")
    page.get_by_label("Russia").check()
    page.locator("#from").fill("2017")
    with page.expect_navigation():
        page.get_by_role("button", name="Show events").click()
    expect(page.locator("#count")).to_have_text("1 event · Russia · from 2017")
    assert "topic=russia" in page.url and "from=2017" in page.url
    with page.expect_navigation():
        page.locator("#density-2018").click()
    expect(page.locator("#count")).to_have_text("1 event · Russia · 2018")
    with page.expect_navigation():
        page.get_by_role("link", name="Clear filters").click()
    expect(page.locator("#count")).to_have_text(ALL)
    context.close()


def test_more_events_load_as_the_reader_scrolls(page: Page, large_server):
    page.goto(large_server + "/")
    expect(page.locator("#count")).to_have_text("130 events · 1801–1930")
    expect(cards(page)).to_have_count(50)
    mark_document(page)
    for expected in (100, 130):
        page.locator("#timeline li.more").scroll_into_view_if_needed()
        expect(cards(page)).to_have_count(expected)
    expect(page.locator("#timeline li.more")).to_have_count(0)
    titles = cards(page).locator("h3").all_inner_texts()
    assert titles == [f"Event {n}" for n in range(1, 131)]
    assert same_document(page)


def tab_to(page: Page, selector: str, most: int = 80) -> None:
    """Press Tab until ``selector`` has focus, as a keyboard user would."""
    for _ in range(most):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_alone_reaches_and_operates_every_filter_and_opens_an_event(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    tab_to(page, "#from")
    page.keyboard.type("2004")
    page.keyboard.press("Tab")
    expect(page.locator("#count")).to_have_text("21 events · from 2004")
    expect(page.locator("#to")).to_be_focused()
    page.keyboard.type("2016")
    page.keyboard.press("Tab")
    expect(page.locator("#count")).to_have_text("9 events · 2004–2016")
    tab_to(page, "input[value=summits]")
    page.keyboard.press("Space")
    expect(page.locator("#count")).to_have_text("6 events · Summits · 2004–2016")
    expect(page.locator("input[value=summits]")).to_be_focused()
    tab_to(page, "#q")
    page.keyboard.type("Cardiff")
    page.keyboard.press("Enter")
    expect(page.locator("#count")).to_have_text(
        "1 event · Summits · matching “Cardiff” · 2004–2016"
    )
    tab_to(page, "#year")
    page.keyboard.type("2014")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"year=2014"))
    tab_to(page, "#timeline .event-title a")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Aliyev attends the NATO Summit in Cardiff")


def test_j_and_k_move_between_events(page: Page):
    page.goto("/")
    page.keyboard.press("j")
    expect(page.locator("#event-partnership-for-peace .event-title a")).to_be_focused()
    page.keyboard.press("j")
    expect(page.locator("#event-afghanistan-missions .event-title a")).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator("#event-partnership-for-peace .event-title a")).to_be_focused()
    page.locator("#q").focus()
    page.keyboard.press("j")
    expect(page.locator("#q")).to_have_value("j")


def test_print_shows_events_without_controls(page: Page):
    page.goto("/")
    page.emulate_media(media="print")
    expect(page.locator("#filters")).to_be_hidden()
    expect(page.locator(".density")).to_be_hidden()
    expect(cards(page)).to_have_count(22)
    link = page.locator("#event-war-2020 .event-title a")
    after = link.evaluate("e => getComputedStyle(e, '::after').content")
    assert f"{page.url.rstrip('/')}/events/war-2020" in after  # an address a reader can type
    quote = page.locator("#event-war-2020 .event-quote")
    expect(quote).to_be_visible()  # the sentence the event rests on, and where it is
    expect(quote).to_contain_text("44-day war")
    cite = quote.evaluate("e => getComputedStyle(e, '::after').content")
    assert "/sources/today-az-nato-azerbaijan#war-2020" in cite and "http" in cite
    page.emulate_media(media="screen")
    expect(quote).to_be_hidden()


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)])
@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("timeline", "/"),
        ("event", "/events/resolute-support-mission"),
        ("source", "/sources/today-az-nato-azerbaijan"),
    ],
)
def test_screenshots_and_no_horizontal_scroll(browser, base_url, name, path, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=base_url)
    page = context.new_page()
    page.goto(path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}x{height}.png", full_page=True)
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, f"{path} scrolls sideways at {width}px"
    context.close()


def test_filtering_keeps_the_scroll_position(page: Page):
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto("/")
    page.evaluate("window.scrollTo(0, 250)")
    page.get_by_label("Armenia–Azerbaijan").check()
    expect(page.locator("#count")).to_have_text("5 events · Armenia–Azerbaijan · 2020–2022")
    assert page.evaluate("window.scrollY") == 250


def test_loading_state_shows_while_a_filter_is_in_flight(page: Page):
    page.goto("/")
    release = []

    def hold_htmx_requests(route):
        if route.request.headers.get("hx-request") == "true":
            release.append(route)
        else:
            route.continue_()

    page.route("**/?*", hold_htmx_requests)
    page.get_by_label("Russia").check()
    expect(page.locator("#loading")).to_be_visible()
    expect(page.locator("#results")).to_have_css("opacity", "0.6")
    release.pop().continue_()
    expect(page.locator("#count")).to_have_text("1 event · Russia · 2017–2020")
    expect(page.locator("#loading")).to_be_hidden()


def test_reduced_motion_turns_smooth_scrolling_off(browser, base_url):
    for motion, expected in (("no-preference", "smooth"), ("reduce", "auto")):
        context = browser.new_context(reduced_motion=motion, base_url=base_url)
        page = context.new_page()
        page.goto("/")
        page.locator("#q").focus()
        assert (
            page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == expected
        )
        context.close()
