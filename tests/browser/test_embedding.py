"""A host page on another origin embeds us, as a stranger's site would."""

from __future__ import annotations

import functools
import html
import shutil
import threading
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from webapp.settings import ROOT

FRAME = "iframe[src*='/embed?']"

HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A host article</title>
<script src="/htmx.min.js"></script>
</head><body>
<h1>An article on another site</h1>
{iframe}
{resize}
{fragment}
<iframe id="refused" src="{ours}/events/war-2020" width="500" height="120" title="refused"></iframe>
</body></html>
"""


def offered_snippets(base_url: str, path: str) -> dict[str, str]:
    """The snippets our own "Embed" control offers for a view, exactly as a reader copies them."""
    with urllib.request.urlopen(base_url + path) as response:
        page = BeautifulSoup(response.read(), "html.parser")
    with urllib.request.urlopen(base_url + page.select_one(".embed-body a")["href"]) as response:
        soup = BeautifulSoup(response.read(), "html.parser")
    return {
        name: soup.select_one(f"#embed-{name}").get_text()
        for name in ("iframe", "resize", "fragment")
    }


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def host_site(tmp_path_factory, live_server):
    folder = tmp_path_factory.mktemp("host")
    summits = offered_snippets(live_server, "/?topic=summits&limit=3")
    afghanistan = offered_snippets(live_server, "/?topic=afghanistan")
    page = HOST_PAGE.format(
        ours=live_server,
        iframe=summits["iframe"],
        resize=summits["resize"],
        fragment=afghanistan["fragment"],
    )
    (folder / "index.html").write_text(page)
    shutil.copy(ROOT / "static" / "vendor" / "htmx-4.0.1.min.js", folder / "htmx.min.js")
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_host_page_on_another_origin_embeds_iframe_and_fragment(page: Page, host_site, live_server):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(host_site + "/")

    fragment = page.locator("div[hx-get] .tl-embed")
    expect(fragment.locator(".tl-event")).to_have_count(3)
    expect(fragment.locator(".tl-count")).to_have_text("3 events · Afghanistan · 2002–2022")
    for href in fragment.locator("a").evaluate_all("links => links.map(a => a.href)"):
        assert href.startswith(live_server + "/")

    frame = page.frame_locator(FRAME)
    expect(frame.locator(".tl-event")).to_have_count(3)
    expect(frame.locator(".tl-more a")).to_have_attribute(
        "href", f"{live_server}/?topic=summits&limit=3"
    )
    expect(page.locator(FRAME)).not_to_have_attribute("height", "480")
    height = int(page.locator(FRAME).get_attribute("height"))
    inner = (
        page.frame_locator(FRAME)
        .locator("html")
        .evaluate("e => Math.ceil(e.getBoundingClientRect().height)")
    )
    assert height == inner != 480

    refused = page.locator("#refused").element_handle().content_frame()
    assert refused.url.startswith("chrome-error://")  # Chromium's own "refused" page
    assert refused.locator(".event-page, .site-header").count() == 0
    assert any("frame-ancestors" in text for text in console)
    assert not any("unsafe header" in text for text in console), console

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "embed-host-page.png", full_page=True)


def test_fragment_embed_is_styled_within_its_own_prefix(page: Page, host_site):
    page.goto(host_site + "/")
    fragment = page.locator("div[hx-get] .tl-embed")
    expect(fragment).to_be_visible()
    # The host's own heading keeps its default look: our stylesheet touches only .tl-* elements.
    assert page.locator("h1").evaluate("e => getComputedStyle(e).fontFamily") == page.evaluate(
        "getComputedStyle(document.body).fontFamily"
    )
    assert fragment.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"


BARE_HOST = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A page without htmx</title></head>
<body><h1>No htmx here</h1>
{fragment}
</body></html>
"""


def test_the_fragment_snippet_works_on_a_page_without_htmx(page: Page, live_server, tmp_path):
    """Pasted as offered, it loads our own hashed htmx with Subresource Integrity."""
    snippet = offered_snippets(live_server, "/?topic=afghanistan")["fragment"]
    assert 'integrity: "sha384-' in snippet and "/assets/" in snippet
    (tmp_path / "index.html").write_text(BARE_HOST.format(fragment=snippet))
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    problems = []
    page.on(
        "console",
        lambda m: (
            problems.append((m.text, m.location.get("url")))
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        fragment = page.locator("div[hx-get] .tl-embed")
        expect(fragment.locator(".tl-event")).to_have_count(3)
        assert problems == []
    finally:
        server.shutdown()
        server.server_close()


def test_the_embed_box_offers_theme_and_compactness(page: Page):
    page.goto("/?from=2000-09&to=2016-04&topic=summits")
    page.locator(".embed-control summary").click()  # the snippets load as it opens
    page.get_by_label("Dark").check()
    page.get_by_label("Compact (titles and dates only)").check()
    iframe = page.locator("#embed-iframe").input_value()
    fragment = page.locator("#embed-fragment").input_value()
    addresses = [
        iframe.split('src="')[1].split('"')[0],
        fragment.split('hx-get="')[1].split('"')[0],
    ]
    for address in addresses:  # HTML source: its & written &amp;, each argument intact
        assert "&amp;" in address and "%3B" not in address
        assert parse_qs(urlsplit(html.unescape(address)).query) == {
            "from": ["2000-09"], "to": ["2016-04"], "topic": ["summits"],
            "theme": ["dark"], "compact": ["1"],
        }  # fmt: skip
    page.goto(html.unescape(addresses[0]))
    expect(page.locator(".tl-embed.tl-theme-dark.tl-compact")).to_be_visible()
    expect(page.locator(".tl-event")).to_have_count(6)  # 2004-2014, and 2016 overlapping April
    page.go_back()
    page.locator(".embed-control summary").click()
    page.get_by_label("Follow the reader's setting").check()
    page.get_by_label("Compact (titles and dates only)").uncheck()
    assert "theme=" not in page.locator("#embed-iframe").input_value()
