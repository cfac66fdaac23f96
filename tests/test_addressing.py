"""A stranger's Host or X-Forwarded-* header never reaches an absolute URL or a cached answer."""

from __future__ import annotations

import pytest

from tests.helpers import HTMX, parse
from webapp import create_app
from webapp.settings import SettingError

EVIL = {"Host": "evil.example"}
PUBLIC = "https://timeline.example"


def absolute_links(body: str) -> set[str]:
    """Every origin an absolute http(s) URL in ``body`` names."""
    import re

    return set(re.findall(r"https?://[^/\"'\s<>&]+", body))


@pytest.fixture
def cached_app(built_db):
    return create_app({"TESTING": True, "DATABASE": str(built_db), "RESPONSE_CACHE": True})


def test_an_unknown_host_is_refused_and_poisons_nothing(cached_app):
    client = cached_app.test_client()
    refused = client.get("/?year=2004", headers=EVIL)
    assert refused.status_code == 400
    assert "does not answer for the host" in parse(refused).select_one(".problem").get_text()
    assert "Content-Security-Policy" in refused.headers
    for path in ("/?year=2004", "/api/events?limit=1", "/oembed?url=http://evil.example/"):
        assert client.get(path, headers=EVIL).status_code == 400
    page = client.get("/?year=2004").get_data(as_text=True)
    assert absolute_links(page) == {"http://localhost"}
    api = client.get("/api/events?limit=1").get_json()
    assert api["next"].startswith("http://localhost/api/events?")


@pytest.mark.parametrize("host", ["localhost:5000", "127.0.0.1:8123", "[::1]:8000", "LOCALHOST"])
def test_local_hosts_are_answered_as_themselves_without_configuration(built_db, host):
    client = create_app({"TESTING": True, "DATABASE": str(built_db)}).test_client()
    api = client.get("/api/events?limit=1", headers={"Host": host}).get_json()
    assert api["next"].startswith(f"http://{host.lower()}/api/events?")


def test_each_address_has_its_own_cache_entry_and_etag(cached_app):
    client = cached_app.test_client()
    first = client.get("/api/events?limit=1", headers={"Host": "127.0.0.1:9"})
    second = client.get("/api/events?limit=1", headers={"Host": "localhost:9"})
    assert first.headers["ETag"] != second.headers["ETag"]
    assert second.get_json()["next"].startswith("http://localhost:9/")
    revalidated = client.get(
        "/api/events?limit=1",
        headers={"Host": "localhost:9", "If-None-Match": first.headers["ETag"]},
    )
    assert revalidated.status_code == 200  # another host's tag never matches


def test_with_a_public_url_every_absolute_url_uses_it(built_db):
    app = create_app({"TESTING": True, "DATABASE": str(built_db), "PUBLIC_URL": PUBLIC})
    client = app.test_client()
    for host in ("localhost:5000", "timeline.example"):
        page = client.get("/?topic=summits", headers={"Host": host}).get_data(as_text=True)
        assert absolute_links(page) == {PUBLIC}, host
        api = client.get("/api/events?limit=1", headers={"Host": host}).get_json()
        assert api["next"].startswith(f"{PUBLIC}/api/events?")
    ics = client.get("/api/events.ics?limit=1").get_data(as_text=True)
    assert "@timeline.example" in ics
    embedded = client.get(f"/oembed?url={PUBLIC}/%3Ftopic%3Dsummits")
    assert embedded.status_code == 200 and PUBLIC + "/embed?" in embedded.get_json()["html"]
    assert client.get("/", headers=EVIL).status_code == 400


def test_forwarded_headers_count_only_from_configured_proxies(built_db):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "timeline.example"}
    config = {
        "TESTING": True,
        "DATABASE": str(built_db),
        "TIMELINE_TRUSTED_HOSTS": "timeline.example",
    }
    ignored = create_app(config).test_client()
    assert (
        ignored.get("/api/events?limit=1", headers=forwarded)
        .get_json()["next"]
        .startswith("http://localhost/")
    )
    behind_tls = create_app({**config, "TRUSTED_PROXIES": 1}).test_client()
    api = behind_tls.get("/api/events?limit=1", headers=forwarded).get_json()
    assert api["next"].startswith(f"{PUBLIC}/api/events?")
    oembed = behind_tls.get(f"/oembed?url={PUBLIC}/", headers=forwarded)
    assert oembed.status_code == 200
    spoofed = behind_tls.get("/", headers={**forwarded, "X-Forwarded-Host": "evil.example"})
    assert spoofed.status_code == 400  # a forwarded host is checked like any other


@pytest.mark.parametrize(
    "url", ["timeline.example", "ftp://timeline.example", "https://timeline.example/sub/"]
)
def test_a_public_url_must_be_an_origin(built_db, url):
    with pytest.raises(SettingError, match="TIMELINE_PUBLIC_URL"):
        create_app({"DATABASE": str(built_db), "PUBLIC_URL": url})


def test_vary_names_every_header_that_picks_page_or_fragment(client):
    for headers in ({}, HTMX, {**HTMX, "HX-History-Restore-Request": "true"}):
        vary = {v.strip() for v in client.get("/", headers=headers).headers["Vary"].split(",")}
        assert {"HX-Request", "HX-Request-Type", "HX-History-Restore-Request", "HX-Boosted"} <= vary
    restored = client.get("/", headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert restored.get_data(as_text=True).lstrip().startswith("<!doctype html>")
