"""Phones first: the results lead, the filters fold away saying what is on, nothing scrolls
sideways or overlaps, and the density strip fits any span."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.helpers import gunicorn_serving
from webapp.ingest.build import build

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


def first_event_top(page) -> float:
    return page.locator("#timeline article").first.bounding_box()["y"]


def overlapping(boxes: list[dict]) -> list[tuple[int, int]]:
    pairs = []
    for i, a in enumerate(boxes):
        for j, b in enumerate(boxes[i + 1 :], start=i + 1):
            if (
                a["x"] < b["x"] + b["width"] - 0.5
                and b["x"] < a["x"] + a["width"] - 0.5
                and a["y"] < b["y"] + b["height"] - 0.5
                and b["y"] < a["y"] + a["height"] - 0.5
            ):
                pairs.append((i, j))
    return pairs


def no_sideways_scroll(page) -> bool:
    """Neither the page nor anything in the strip that could scroll has more than it shows."""
    return page.evaluate(
        """() => [document.scrollingElement, ...document.querySelectorAll('.density *')]
                 .filter((el) => el === document.scrollingElement
                         || ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
                 .every((el) => el.scrollWidth <= el.clientWidth + 1)"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_first_event_is_on_the_first_screen(browser, base_url, scheme):
    page = browser.new_page(base_url=base_url, viewport=PHONE, color_scheme=scheme)
    page.goto("/")
    panel = page.locator("#filters-panel")
    expect(panel).not_to_have_attribute("open", "")
    expect(page.locator("#active-filters")).to_have_text("none")
    assert first_event_top(page) < PHONE["height"] - 40
    assert no_sideways_scroll(page)
    chips = page.locator(".density-years a")
    assert overlapping([chips.nth(i).bounding_box() for i in range(chips.count())]) == []
    page.locator("#filters-panel > summary").click()
    page.get_by_label("Summits").check()
    expect(page.locator("#active-filters")).to_have_text("Summits")
    page.get_by_label("Words").fill("Riga")
    expect(page.locator("#active-filters")).to_have_text("Summits · matching “Riga”")
    page.reload()  # the folded summary is in the page's own HTML too
    expect(page.locator("#active-filters")).to_have_text("Summits · matching “Riga”")
    page.close()


def test_filters_stay_open_on_wide_screens_and_without_javascript(browser, base_url):
    wide = browser.new_page(base_url=base_url, viewport=DESKTOP)
    wide.goto("/")
    expect(wide.locator("#filters-panel")).to_have_attribute("open", "")
    wide.close()
    context = browser.new_context(base_url=base_url, viewport=PHONE, java_script_enabled=False)
    plain = context.new_page()
    plain.goto("/")
    expect(plain.locator("#filters-panel")).to_have_attribute("open", "")
    expect(plain.get_by_label("Summits")).to_be_visible()
    context.close()


@pytest.fixture(scope="module")
def sparse_server(tmp_path_factory):
    """Five events from 1865 to 2007: a long span with few events."""
    folder = tmp_path_factory.mktemp("sparse")
    data = folder / "data"
    (data / "sources").mkdir(parents=True)
    (data / "timeline.toml").write_text('title = "Sparse"\ndescription = "Few events."\n')
    (data / "topics.toml").write_text(
        '[[topics]]\nslug = "general"\nlabel = "General"\ndescription = "All."\n'
    )
    years = [1865, 1901, 1950, 1989, 2007]
    sentences = [f"In {year}, something happened." for year in years]
    (data / "sources" / "s.txt").write_text("\n\n".join(sentences) + "\n")
    (data / "sources" / "s.toml").write_text(
        'title = "S"\noutlet = "T"\npublished = "2008-01-01"\n'
    )
    (data / "events.toml").write_text(
        "\n".join(
            f'[[events]]\nslug = "e{year}"\ntitle = "Event {year}"\nsummary = "."\n'
            f'start = "{year}"\ntopics = ["general"]\nsource = "s"\nquote = "{sentence}"\n'
            for year, sentence in zip(years, sentences, strict=True)
        )
    )
    build(data, folder / "sparse.db")
    with gunicorn_serving(folder / "sparse.db") as url:
        yield url


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_strip_fits_a_long_sparse_span_and_a_single_year(browser, sparse_server, viewport):
    page = browser.new_page(base_url=sparse_server, viewport=viewport)
    page.goto("/")
    chips = page.locator(".density-years a")
    expect(chips).to_have_count(5)  # every column with events, none hidden off to the side
    page.locator(".density").scroll_into_view_if_needed()  # below the axis on a wide screen
    for index in range(5):
        expect(chips.nth(index)).to_be_in_viewport()
    assert no_sideways_scroll(page)
    page.goto("/?q=1950")  # one event, so one year on the strip
    chart = page.locator(".density-chart").bounding_box()
    bars = page.locator(".density-bar")
    expect(bars).to_have_count(1)
    assert bars.first.bounding_box()["width"] < chart["width"] / 10  # a bar, not a slab
    page.close()
