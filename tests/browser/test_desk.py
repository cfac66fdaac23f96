"""The newsroom journey in a real browser: a new timeline, an article pasted into the review desk,
three proposals accepted (one edited), one rejected, published, and the public server showing
them. The desk runs as `timeline desk` does, the public site under gunicorn."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from bench.drill import wait_for_port
from tests.browser.test_accessibility import axe_violations
from tests.helpers import FIXTURE_DATA, free_port, gunicorn_serving
from webapp.cli import main

ARTICLE = (Path(__file__).parents[1] / "newsroom" / "itu-this-day-in-history.txt").read_text()


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    data = tmp_path_factory.mktemp("newsroom") / "data"
    shutil.copytree(FIXTURE_DATA, data, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    started = CliRunner().invoke(
        main, ["new", "itu", "--title", "The ITU since 1865", "--data", str(data)]
    )
    assert started.exit_code == 0, started.output
    port = free_port()
    desk = subprocess.Popen(
        [sys.executable, "-c", "from webapp.cli import main; main()", "desk", "--data", str(data),
         "--timeline", "itu", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        link = ""
        while "token=" not in link:
            link = desk.stderr.readline()
            assert link or desk.poll() is None, "the desk did not start"
        desk_url = re.search(r"http://\S+", link)[0]
        wait_for_port(port)
        with gunicorn_serving(data / "timelines" / "itu" / "timeline.db") as public:
            yield desk_url, public
    finally:
        os.killpg(desk.pid, signal.SIGTERM)
        desk.communicate(timeout=20)  # reads and closes its pipe


def test_a_journalist_makes_a_timeline_from_an_article_in_the_browser(browser, newsroom):
    desk_url, public = newsroom
    page = browser.new_page()
    page.goto(desk_url)  # the link with the token; it leaves the address bar
    expect(page.get_by_role("heading", level=1)).to_have_text("The ITU since 1865")
    assert "token" not in page.url
    page.get_by_label("Title").fill("This Day in History – May 17, 1865")
    page.get_by_label("Outlet (who published it)").fill("Mystic Stamp")
    page.get_by_label("Published (YYYY-MM-DD)").fill("2024-05-17")
    page.get_by_label("The article (paste it)").fill(ARTICLE)
    page.get_by_role("button", name="Find its dated events").click()
    proposals = page.locator("fieldset.desk-proposal")
    expect(proposals.first).to_be_visible()
    assert proposals.count() >= 5
    for number in (0, 3, 4):
        proposals.nth(number).get_by_label("Accept").check()
    edited = proposals.nth(0).get_by_label("Title")
    edited.fill("The International Telegraph Union is founded in Paris")
    proposals.nth(1).get_by_label("Reject").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("the timeline now holds 3 events")
    expect(page.locator("fieldset.desk-proposal")).to_have_count(proposals.count())
    site = browser.new_page()
    site.goto(public + "/")
    expect(site.locator("#timeline article")).to_have_count(3)
    expect(site.locator("#timeline")).to_contain_text(
        "The International Telegraph Union is founded in Paris"
    )
    expect(site.get_by_role("heading", level=1)).to_have_text("The ITU since 1865")
    page.close()
    site.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_desk_is_keyboard_usable_and_axe_clean(browser, newsroom, scheme):
    desk_url, _ = newsroom
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(desk_url)
    assert axe_violations(page) == []
    # Keyboard only: a wrong form sent with Enter shows its errors beside the fields.
    page.get_by_label("Title").focus()
    page.keyboard.type("A title")
    page.keyboard.press("Enter")
    expect(page.locator(".desk-error").first).to_be_visible()
    assert axe_violations(page) == []
    page.goto(desk_url.split("?")[0])
    article = page.locator("main .desk-articles a").first  # the articles, not the picker
    if article.count():
        article.focus()
        page.keyboard.press("Enter")
        expect(page.locator("fieldset.desk-proposal").first).to_be_visible()
        assert axe_violations(page) == []
    context.close()
