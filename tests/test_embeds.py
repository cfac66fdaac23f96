from urllib.parse import quote

import pytest

from tests.helpers import HTMX, parse

ORIGIN = "http://localhost"


def test_iframe_embed_is_a_standalone_document_that_anyone_may_frame(client):
    response = client.get("/embed?topic=summits&limit=3")
    soup = parse(response)
    assert response.status_code == 200
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    assert soup.find("html") and soup.select_one("script[src$='/embed.js']")
    assert soup.select_one("header.site-header") is None and soup.select_one("form") is None
    titles = [a.get_text() for a in soup.select(".tl-event-title a")]
    assert titles == [
        "Aliyev attends the NATO Summit in Istanbul",
        "Aliyev attends the NATO Summit in Bucharest",
        "Aliyev attends the NATO Summit in Lisbon",
    ]
    full = soup.select_one(".tl-more a")
    assert full["href"] == f"{ORIGIN}/?topic=summits&limit=3"
    assert "8 events" in full.get_text()
    for link in soup.select("a"):
        assert link["href"].startswith(ORIGIN + "/")
        assert link["target"] == "_blank" and link["rel"] == ["noopener"]


def test_every_other_page_refuses_framing(client):
    for url in ("/", "/events/war-2020", "/sources/today-az-nato-azerbaijan", "/nope"):
        response = client.get(url)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"


def test_theme_and_compact_options(client):
    dark = parse(client.get("/embed?theme=dark&compact=1&year=2021"))
    section = dark.select_one("section.tl-embed")
    assert "tl-theme-dark" in section["class"] and "tl-compact" in section["class"]
    assert dark.select(".tl-summary") == []
    assert "tl-theme-auto" in parse(client.get("/embed")).select_one("section")["class"]


def test_single_event_embed_shows_its_quote(client):
    soup = parse(client.get("/embed?event=resolute-support-mission"))
    assert [a.get_text() for a in soup.select(".tl-event-title a")] == [
        "Azerbaijan serves in the Resolute Support Mission"
    ]
    assert "From 2015 to August 2021" in soup.select_one(".tl-quote").get_text()
    assert soup.select_one(".tl-more a")["href"] == f"{ORIGIN}/events/resolute-support-mission"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "year must be a year"),
        ("topic=sports", "unknown topic"),
        ("event=no-such-event", "unknown event"),
        ("theme=purple", "theme must be one of auto, light, dark"),
        ("compact=yes", "compact must be one of 0, 1"),
        ("from=2020&to=2000", "must not be after"),
    ],
)
@pytest.mark.parametrize("path", ["/embed", "/embed/fragment"])
def test_embeds_validate_like_the_timeline(client, path, query, message):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert message in parse(response).get_text()


def test_fragment_is_bare_html_with_absolute_links_and_prefixed_classes(client):
    response = client.get("/embed/fragment?topic=afghanistan")
    soup = parse(response)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert soup.find("html") is None and soup.find("script") is None and soup.find("head") is None
    assert len(soup.select(".tl-event")) == 3
    for link in soup.select("[href]"):
        assert link["href"].startswith(ORIGIN + "/")
    for element in soup.find_all(class_=True):
        assert all(name.startswith("tl-") for name in element["class"]), element["class"]
    assert soup.select_one("h2.tl-title")  # a fragment sits under the host's own h1


def test_fragment_answers_the_preflight_htmx_triggers(client):
    response = client.options(
        "/embed/fragment?topic=russia",
        headers={
            "Origin": "http://elsewhere.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "hx-current-url,hx-request,hx-target,hx-trigger",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    allowed = {
        h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")
    }
    assert {"hx-current-url", "hx-request", "hx-target", "hx-trigger"} <= allowed
    assert "GET" in response.headers["Access-Control-Allow-Methods"]


def oembed(client, url, **extra):
    query = "&".join([f"url={quote(url, safe='')}", *[f"{k}={v}" for k, v in extra.items()]])
    return client.get(f"/oembed?{query}")


def test_oembed_returns_an_iframe_for_a_timeline_view(client):
    body = oembed(client, f"{ORIGIN}/?topic=summits&year=2004", maxwidth=400).get_json()
    assert body["version"] == "1.0" and body["type"] == "rich"
    assert (body["width"], body["height"]) == (400, 480)
    frame = parse_html(body["html"]).select_one("iframe")
    assert frame["src"].startswith(f"{ORIGIN}/embed?")
    assert "topic=summits" in frame["src"] and "year=2004" in frame["src"]
    assert frame["width"] == "400" and frame["title"] == body["title"] == "1 event · Summits · 2004"


def parse_html(text):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def test_oembed_for_event_and_source_pages(client):
    event = oembed(client, f"{ORIGIN}/events/war-2020", maxheight=200).get_json()
    assert "event=war-2020" in event["html"] and event["height"] == 200
    source = oembed(client, f"{ORIGIN}/sources/today-az-nato-azerbaijan").get_json()
    assert "source=today-az-nato-azerbaijan" in source["html"]


@pytest.mark.parametrize(
    "url",
    [
        "https://localhost/",  # another scheme
        "http://example.com/",  # another host
        "http://localhost:8080/",  # another port
        f"{ORIGIN}/api/events",  # not a page
        f"{ORIGIN}/static/style.css",
        f"{ORIGIN}/events/no-such-event",
        f"{ORIGIN}/events/war-2020/extra",
        "javascript:alert(1)",
    ],
)
def test_oembed_refuses_urls_that_are_not_our_pages(client, url):
    response = oembed(client, url)
    assert response.status_code == 404
    assert "error" in response.get_json()


def test_oembed_format_and_size_rules(client):
    assert oembed(client, f"{ORIGIN}/", format="xml").status_code == 501
    assert oembed(client, f"{ORIGIN}/", maxwidth="wide").status_code == 400
    # Maxima are fitted within (micawber sends a maxheight derived from a wide maxwidth).
    wide = oembed(client, f"{ORIGIN}/", maxwidth=2251, maxheight=5627).get_json()
    assert (wide["width"], wide["height"]) == (600, 480)
    assert oembed(client, f"{ORIGIN}/", maxwidth=10**9).status_code == 200
    narrow = oembed(client, f"{ORIGIN}/", maxwidth=300, maxheight=130).get_json()
    assert (narrow["width"], narrow["height"]) == (300, 130)
    too_small = oembed(client, f"{ORIGIN}/", maxwidth=50)
    assert too_small.status_code == 404 and "needs 120 pixels" in too_small.get_json()["error"]
    assert client.get("/oembed").status_code == 400


@pytest.mark.parametrize(
    "url", ["/", "/?topic=russia", "/events/war-2020", "/sources/today-az-nato-azerbaijan"]
)
def test_pages_advertise_oembed(client, url):
    link = parse(client.get(url)).select_one("link[rel=alternate][type='application/json+oembed']")
    assert link is not None
    discovered = client.get(link["href"].removeprefix(ORIGIN))
    assert discovered.status_code == 200 and discovered.get_json()["type"] == "rich"


def snippets_offered(client, page: str, headers=None):
    """The snippets a page's Embed box offers: it links them, and loads them when opened."""
    box = parse(client.get(page, headers=headers)).select_one(".embed-control")
    link = box.select_one(".embed-body a")["href"]
    assert box["hx-get"] == link and box["hx-trigger"] == "toggle once"
    return parse(client.get(link, headers=headers))


def test_embed_control_offers_snippets_for_exactly_the_current_view(client):
    soup = snippets_offered(client, "/?topic=summits&year=2004", HTMX)
    iframe = parse_html(soup.select_one("#embed-iframe").get_text()).select_one("iframe")
    assert iframe["src"] == f"{ORIGIN}/embed?year=2004&topic=summits"
    fragment = soup.select_one("#embed-fragment").get_text()
    assert f'hx-get="{ORIGIN}/embed/fragment?year=2004&amp;topic=summits"' in fragment
    assert 'htmx.config.mode = "cors"' in fragment
    event = snippets_offered(client, "/events/war-2020")
    assert "embed?event=war-2020" in event.select_one("#embed-iframe").get_text()
    assert (
        event.select_one("h1").get_text()
        == "Embed “NATO calls for a ceasefire during the 44-day war”"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/events",
        "/api/topics",
        "/api/events.csv",
        "/oembed?url=http://localhost/",
        "/openapi.json",
    ],
)
def test_api_and_oembed_may_be_read_from_any_origin_without_credentials(client, url):
    with client.get(url) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response.headers
        assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(
    "view", ["source=today-az-nato-azerbaijan", "source=today-az-nato-azerbaijan&topic=summits"]
)
def test_page_embed_fragment_and_oembed_describe_a_source_view_alike(client, view):
    """All four assemble one result: a source is named by its title everywhere, never its slug."""
    page = parse(client.get(f"/?{view}")).select_one("#count").get_text()
    assert "“NATO seeks broad practical co-op with Azerbaijan”" in page
    assert "today-az-nato-azerbaijan" not in page
    embed = parse(client.get(f"/embed?{view}")).select_one(".tl-count").get_text()
    fragment = parse(client.get(f"/embed/fragment?{view}")).select_one(".tl-count").get_text()
    title = oembed(client, f"{ORIGIN}/?{view}").get_json()["title"]
    assert page == embed == fragment == title
