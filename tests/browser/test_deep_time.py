"""Deep time, eras and media in a real browser: TimelineJS's own cosmological example files and
its eras example imported, and a picture of our own served offline from db/media/."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from tests.browser.test_accessibility import violations_at
from tests.helpers import FIXTURE_DATA, gunicorn_serving
from tests.test_media_files import give_media, png
from tests.test_real_timelines import REAL
from webapp.cli import main


@pytest.fixture(scope="module")
def deep_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("deep") / "data"
    shutil.copytree(FIXTURE_DATA, data, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    (data / "media").mkdir()
    (data / "media" / "members.png").write_bytes(png(320, 160))
    give_media(data, "media/members.png")
    for name in ("cosmo.json", "cosmo-mixed.json", "eras.json"):
        result = CliRunner().invoke(main, ["import", str(REAL / name), "--data", str(data)])
        assert result.exit_code == 0, result.output
    with gunicorn_serving(data / "timeline.db") as url:
        yield url


def test_a_bce_event_shows_its_year_as_people_write_it(browser, deep_server):
    page = browser.new_page(base_url=deep_server)
    page.goto("/?year=-300")
    expect(page.locator(".year-heading").first).to_have_text("300 BCE")
    card = page.locator("#timeline article", has_text="Euclid")
    expect(card.locator(".event-date")).to_have_text("300 BCE")
    expect(page.locator("#count")).to_contain_text("300 BCE")
    page.close()


def test_a_deep_time_span_and_the_strip_read_in_years_ago(browser, deep_server):
    page = browser.new_page(base_url=deep_server)
    page.goto("/?source=cosmo")
    expect(page.locator(".density-heading")).to_have_text("Events per 100 million years")
    paleozoic = page.locator("#timeline article", has_text="Paleozoic era")
    expect(paleozoic.locator(".event-date")).to_have_text(
        "538.8 million years ago – 251.9 million years ago"
    )
    expect(page.locator("#timeline .year-heading").first).to_have_text("13.8 billion years ago")
    # A column of the strip filters to its span of years, and the URL says so.
    page.locator(".density-years a").first.click()
    expect(page).to_have_url(f"{deep_server}/?from=-13800000000&to=-13700000001&source=cosmo")
    expect(page.locator("#timeline article").first).to_contain_text("The Big Bang")
    page.close()


def test_an_image_of_our_own_loads_offline_lazily_and_without_a_referrer(browser, deep_server):
    page = browser.new_page(base_url=deep_server)
    page.goto("/events/partnership-for-peace")
    image = page.locator(".media img")
    expect(image).to_be_visible()
    expect(image).to_have_attribute("referrerpolicy", "no-referrer")
    expect(image).to_have_attribute("loading", "lazy")
    page.wait_for_function("document.querySelector('.media img').complete")
    assert image.evaluate("img => img.naturalWidth") == 320  # the file itself, served by us
    page.close()


def test_eras_are_labelled_bands_whose_chips_filter_to_their_years(browser, deep_server):
    page = browser.new_page(base_url=deep_server)
    page.goto("/?source=eras")
    expect(page.locator("rect.density-era")).to_have_count(3)
    chips = page.get_by_role("list", name="Eras").get_by_role("link")
    expect(chips).to_have_count(3)
    chips.filter(has_text="Era Test 650-700").click()
    expect(page).to_have_url(f"{deep_server}/?from=650&to=700&source=eras")
    expect(page.locator("#count")).to_contain_text("650")
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path", ["/?source=cosmo", "/?source=eras", "/events/partnership-for-peace"]
)
def test_deep_time_eras_and_media_are_accessible(browser, deep_server, path, scheme):
    assert violations_at(browser, deep_server, path, scheme) == []
