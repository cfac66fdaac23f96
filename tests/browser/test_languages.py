"""Every language in a real browser: phone and desktop widths, light and dark, axe-clean, nothing
wider than the screen, Arabic right to left, and the embed in a host page in each language."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_embedding import QuietHandler, offered_snippets
from tests.helpers import FIXTURE_DATA, gunicorn_serving
from tests.test_event_languages import TOLD, with_translations
from webapp import wording
from webapp.ingest.build import build
from webapp.settings import ROOT

LANGUAGES = list(wording.LANGUAGES)
WIDTHS = {"phone": (375, 812), "desktop": (1280, 800)}


@pytest.fixture(scope="module")
def told_server(tmp_path_factory):
    """The fixture timeline with one event told in Azerbaijani and Russian."""
    folder = tmp_path_factory.mktemp("told")
    data = folder / "data"
    shutil.copytree(FIXTURE_DATA, data, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    with_translations(data)
    build(data, folder / "told.db")
    with gunicorn_serving(folder / "told.db") as url:
        yield url


def opened(browser, url: str, width: str, scheme: str) -> Page:
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("path", ["/", "/events/partnership-for-peace"])
def test_each_language_is_axe_clean_and_fits_the_screen(
    browser, told_server, path, code, width, scheme
):
    page = opened(browser, f"{told_server}{path}?lang={code}", width, scheme)
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if code == "ar" else "ltr")
    assert axe_violations(page) == []
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"scrolls sideways by {overflow}px"
    page.context.close()


def test_arabic_lays_the_list_right_to_left_and_time_left_to_right(browser, told_server):
    page = opened(browser, f"{told_server}/?lang=ar", "desktop", "light")
    card = page.locator(".event").first.bounding_box()
    edge = page.locator(".event--open").first.evaluate(
        "e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]"
    )
    right, left = (float(width.removesuffix("px")) for width in edge)
    assert right > left  # an open-ended event's dashed edge is on the right, where lines start
    title = page.locator(".event-title a").first.bounding_box()
    assert title["x"] + title["width"] > card["x"] + card["width"] / 2  # text starts at the right
    earlier = page.locator("[data-pan=earlier]").bounding_box()
    later = page.locator("[data-pan=later]").bounding_box()
    assert earlier["x"] < later["x"]  # time runs left to right, as decided in docs/languages.md
    first, last = page.locator(".density-years a").first, page.locator(".density-years a").last
    assert first.bounding_box()["x"] < last.bounding_box()["x"]
    page.context.close()


@pytest.mark.parametrize("code", ["ar", "az"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_screenshots_of_arabic_and_azerbaijani(browser, told_server, code, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path, name in (("/", "timeline"), ("/events/partnership-for-peace", "event")):
        page = opened(browser, f"{told_server}{path}?lang={code}", width, "light")
        expect(page.locator("html")).to_have_attribute("lang", code)
        page.screenshot(path=SCREENSHOTS / f"{name}-{code}-{WIDTHS[width][0]}-light.png")
        page.context.close()


@pytest.fixture(scope="module")
def host_pages(tmp_path_factory, told_server):
    """One host page per language on another origin, each with the iframe and the fragment our
    Embed control offers for that language's view."""
    folder = tmp_path_factory.mktemp("hosts")
    for code in LANGUAGES:
        snippets = offered_snippets(told_server, f"/?topic=partnership&limit=3&lang={code}")
        (folder / f"{code}.html").write_text(
            f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<script src="/htmx.min.js"></script></head><body><h1>A host article</h1>
{snippets["iframe"]}{snippets["fragment"]}</body></html>""",
            encoding="utf-8",
        )
    shutil.copy(ROOT / "static" / "vendor" / "htmx-4.0.1.min.js", folder / "htmx.min.js")
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_embed_speaks_each_language_in_a_host_page(page: Page, host_pages, code):
    page.goto(f"{host_pages}/{code}.html")
    frame = page.frame_locator("iframe[src*='/embed?']")
    expect(frame.locator("html")).to_have_attribute("lang", code)
    expect(frame.locator(".tl-event")).to_have_count(3)
    fragment = page.locator("div[hx-get] .tl-embed")
    expect(fragment.locator(".tl-event")).to_have_count(3)
    title = TOLD.get(code, {}).get("title", "Azerbaijan joins NATO's Partnership for Peace")
    expect(frame.locator(".tl-event-title a").first).to_have_text(title)
    expect(fragment.locator(".tl-event-title a").first).to_have_text(title)
    with wording.speaking(code):
        more = wording.gettext("View the full timeline")
    expect(frame.locator(".tl-more a")).to_contain_text(more.split(" (")[0])
