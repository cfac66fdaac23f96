"""The deploy/ nginx config, tested against the real app: headers intact, caching that honours
Cache-Control, ETag and Vary, per-client limits, size limits and slow clients shed."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request

import pytest

from bench import drill
from bench.observatory import make_certificates
from deploy.nginx import render

SECURITY_HEADERS = [
    "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
    "Permissions-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy",
    "Access-Control-Allow-Origin", "Cache-Control", "Vary", "Content-Type",
]  # fmt: skip


def fetch(url: str, headers: dict | None = None, data: bytes | None = None):
    """(status, headers, body) without raising for 4xx/5xx."""
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_render_needs_an_upstream_and_fills_every_placeholder():
    with pytest.raises(ValueError, match="upstream"):
        render([])
    text = render(["10.0.0.2:8000", "10.0.0.3:8000"], ["10.0.0.0/8"])
    assert "server 10.0.0.2:8000 max_fails=0;" in text and "server 10.0.0.3:8000" in text
    assert "10.0.0.0/8 1;" in text
    assert "${" not in text
    assert "$binary_remote_addr" in text and "$upstream_cache_status" in text


@pytest.mark.parametrize("path", ["/?year=1500", "/embed?year=1500", "/api/events?year=1500"])
def test_every_security_header_reaches_the_client_unchanged(app_url, front, path):
    _, direct, _ = fetch(app_url + path)
    _, proxied, _ = fetch(front + path)
    for name in SECURITY_HEADERS:
        assert proxied.get(name) == direct.get(name), name
    assert proxied["Server"] == "nginx"  # no version to look up exploits by


def test_a_repeated_request_is_answered_from_nginx_cache(front):
    first = fetch(front + "/?year=1600")
    second = fetch(front + "/?year=1600")
    assert first[1]["X-Cache-Status"] == "MISS"
    assert second[1]["X-Cache-Status"] == "HIT"
    assert second[2] == first[2]


def test_the_cache_keeps_page_and_htmx_fragment_apart(front):
    """Vary: HX-Request: a cached page is never handed to htmx, nor a fragment to a reader."""
    page = fetch(front + "/?year=1601")[2].decode()
    fragment = fetch(front + "/?year=1601", {"HX-Request": "true"})[2].decode()
    page_again = fetch(front + "/?year=1601")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "<html" not in fragment and 'id="results"' in fragment
    assert page_again[1]["X-Cache-Status"] == "HIT" and page_again[2].decode() == page


@pytest.mark.parametrize(
    "headers",
    [
        {"HX-Request": "true", "HX-History-Restore-Request": "true"},
        {"HX-Request": "true", "HX-Request-Type": "full"},
        {"HX-Request": "true", "HX-Boosted": "true"},
    ],
)
def test_the_cache_never_hands_a_fragment_to_back_or_a_boosted_request(front, headers):
    """Every header that picks page or fragment is in Vary, so nginx keeps them apart."""
    url = front + f"/?year={1603 + len(str(headers))}"
    fragment = fetch(url, {"HX-Request": "true"})[2].decode()
    assert "<html" not in fragment
    for _ in range(2):  # a miss, then a hit: both must be the whole page
        whole = fetch(url, headers)[2].decode()
        assert whole.lstrip().lower().startswith("<!doctype html"), headers


def test_a_request_for_an_unknown_host_is_dropped_before_the_app(front):
    host, port = front.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"GET /?year=2004 HTTP/1.1\r\nHost: evil.example\r\n\r\n")
        assert sock.recv(1024) == b""  # closed unanswered (444)
    assert fetch(front + "/?year=2004")[0] == 200


def test_the_cache_keeps_encodings_apart(front):
    plain = fetch(front + "/api/events?year=1602")
    packed = fetch(front + "/api/events?year=1602", {"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain[1]
    assert packed[1]["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed[2]) == plain[2]


def test_a_matching_etag_is_answered_304(front):
    _, headers, _ = fetch(front + "/api/events?year=1603")
    fetch(front + "/api/events?year=1603")  # cached now
    status, again, body = fetch(front + "/api/events?year=1603", {"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    assert again["ETag"] == headers["ETag"]


def test_errors_are_not_cached(front):
    first = fetch(front + "/?year=banana")
    second = fetch(front + "/?year=banana")
    assert first[0] == second[0] == 400
    assert second[1]["X-Cache-Status"] != "HIT"
    assert b"year" in second[2]


def test_a_request_body_over_the_limit_is_refused(front):
    assert fetch(front + "/", data=b"x" * 4096)[0] == 413


def test_a_client_over_its_rate_gets_429(app_url, tmp_path):
    with drill.nginx_in_front(tmp_path, [app_url], rate=2, burst=4) as strict:
        statuses = [fetch(strict + "/api/topics")[0] for _ in range(20)]
    assert statuses[:4] == [200] * 4  # a burst is let through
    assert statuses.count(429) >= 10


def test_a_listed_client_is_not_limited(app_url, tmp_path):
    with drill.nginx_in_front(tmp_path, [app_url], ["127.0.0.1"], rate=2, burst=4) as front:
        assert {fetch(front + "/api/topics")[0] for _ in range(20)} == {200}


def test_a_client_that_never_finishes_its_headers_is_dropped(front):
    host, port = front.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")  # and nothing more
        sock.settimeout(15)
        started = time.monotonic()
        with contextlib.suppress(ConnectionResetError):  # reset_timedout_connection resets it
            assert sock.recv(1024) == b""  # or it is closed, without an answer either way
        assert 4 < time.monotonic() - started < 8  # client_header_timeout 5s


def test_with_a_certificate_it_serves_https_with_hsts_and_redirects_plain_http(app_url, tmp_path):
    certificates = make_certificates(tmp_path / "tls")
    trusted = ssl.create_default_context(cafile=certificates["ca.pem"])
    with drill.nginx_in_front(
        tmp_path / "nginx",
        [app_url],
        tls_cert=certificates["server.pem"],
        tls_key=certificates["server.key"],
    ) as front:
        http_port = (tmp_path / "nginx" / "http-port").read_text()
        with urllib.request.urlopen(front + "/?year=1500", context=trusted, timeout=10) as page:
            assert page.status == 200
            assert page.headers["Strict-Transport-Security"] == (
                "max-age=63072000; includeSubDomains"
            )
            assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")
        plain = http.client.HTTPConnection("127.0.0.1", int(http_port), timeout=10)
        try:
            plain.request("GET", "/?year=1500")
            redirect = plain.getresponse()
            assert redirect.status == 301
            assert redirect.headers["Location"] == f"{front}/?year=1500"
        finally:
            plain.close()


def test_tls_settings_come_in_pairs():
    with pytest.raises(ValueError, match="TLS needs both"):
        render(["127.0.0.1:8000"], tls_cert="/etc/ssl/a.pem")
    with pytest.raises(ValueError, match="redirect-from needs TLS"):
        render(["127.0.0.1:8000"], redirect_from="80")
