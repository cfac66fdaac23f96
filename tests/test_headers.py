"""Security headers, exactly, on every kind of route."""

import pytest

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
EVERYWHERE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def headers_of(client, url):
    with client.get(url) as response:
        assert response.status_code in (200, 400, 404), url
        return response.headers


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?topic=summits",
        "/?year=abc",
        "/events/war-2020",
        "/sources/today-az-nato-azerbaijan",
        "/nope",
    ],
)
def test_pages_refuse_framing_and_lock_everything_down(client, url):
    headers = headers_of(client, url)
    assert headers["Content-Security-Policy"] == PAGE_CSP
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert headers["Permissions-Policy"].startswith("accelerometer=(), ")
    assert all(rule.endswith("=()") for rule in headers["Permissions-Policy"].split(", "))
    assert "Access-Control-Allow-Origin" not in headers
    for name, value in EVERYWHERE.items():
        assert headers[name] == value
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"]


def test_the_iframe_embed_may_be_framed_by_anyone(client):
    headers = headers_of(client, "/embed?topic=russia")
    embed_csp = PAGE_CSP.replace("frame-ancestors 'none'", "frame-ancestors *")
    assert headers["Content-Security-Policy"] == embed_csp
    assert "X-Frame-Options" not in headers
    assert headers["Cross-Origin-Resource-Policy"] == "cross-origin"


@pytest.mark.parametrize(
    "url",
    [
        "/embed/fragment?topic=russia",
        "/api/events",
        "/api/topics",
        "/oembed?url=http://localhost/",
        "/openapi.json",
    ],
)
def test_shared_routes_are_readable_from_anywhere_without_credentials(client, url):
    headers = headers_of(client, url)
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    for forbidden in (
        "Access-Control-Allow-Credentials",
        "Access-Control-Allow-Private-Network",
        "Set-Cookie",
        "X-Frame-Options",
    ):
        assert forbidden not in headers


def test_assets_may_be_loaded_by_other_sites(client):
    headers = headers_of(client, "/static/embed.css")
    assert headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_write_methods(client, method):
    response = getattr(client, method)("/api/events")
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
