"""Hardening, third round (issue 25): many timelines, media files, the listing and the edges.

Each test failed on the code before its fix. nginx's own behaviour is in
tests/deploy/test_nginx_round3.py.
"""

from __future__ import annotations

import email.policy
import http.client
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.servers import free_port, running
from tests.helpers import FIXTURE_DATA, GROWTH, best_seconds, gunicorn_serving, parse
from tests.test_media_files import give_media, png
from webapp import create_app, create_site, limits
from webapp.cli import main
from webapp.errors import BuildError
from webapp.ingest import documents
from webapp.ingest.build import build
from webapp.store.connection import QueryInterrupted
from webapp.web import arguments, gunicorn_conf, timelines


def run(*arguments):
    result = CliRunner().invoke(main, [*map(str, arguments)])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def site_folder(data_dir):
    """The fixture timeline as the default and two more, "other" and "third"."""
    run("build", "--data", data_dir, "--db", data_dir / "timeline.db")
    for slug, title in (("other", "The other one"), ("third", "The third one")):
        run("new", slug, "--title", title, "--data", data_dir)
    return data_dir


def site_of(folder: Path, **config):
    return create_site(
        {
            "TESTING": True,
            "DATABASE": str(folder / "timeline.db"),
            "TIMELINES": str(folder / "timelines"),
            **config,
        }
    )


def links_of(response) -> list[str]:
    soup = parse(response)
    found = [a["href"] for a in soup.select("a[href]")] + [f["action"] for f in soup.select("form")]
    return [link for link in found if not urlsplit(link).netloc]


# 1. A mount point taken from a request ------------------------------------------------------


def test_a_script_name_sent_by_a_client_never_moves_another_readers_links(site_folder):
    """gunicorn turns a ``SCRIPT_NAME`` header into the WSGI ``SCRIPT_NAME`` (and cuts it off
    ``PATH_INFO``): the request below is what it hands the app for ``/t/other/?x=1``."""
    client = site_of(site_folder).test_client()
    client.get("/?year=2004", environ_overrides={"SCRIPT_NAME": "/t/other"})
    page = client.get("/?year=2004")
    assert page.status_code == 200
    assert not [link for link in links_of(page) if link.startswith("/t/other")]
    api = client.get("/api/events?limit=1", environ_overrides={"SCRIPT_NAME": "/t/other"})
    again = client.get("/api/events?limit=1").get_json()
    assert "/t/other" not in again["next"] and "/t/other" not in again["events"][0]["url"]
    # The request itself is answered as the path it really asked for: the other timeline's API.
    assert api.status_code == 200 and api.get_json()["events"] == []


def test_the_cache_key_and_etag_include_the_mount_point(site_folder):
    client = site_of(site_folder).test_client()
    default = client.get("/api/topics").headers["ETag"]
    mounted = client.get("/t/other/api/topics").headers["ETag"]
    assert default != mounted


def test_gunicorn_takes_no_mount_point_or_scheme_from_a_header(site_folder, monkeypatch):
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")  # gunicorn's default comes from here
    assert gunicorn_conf.forwarder_headers == ""
    assert gunicorn_conf.forwarded_allow_ips == ""
    assert gunicorn_conf.secure_scheme_headers == {}
    with gunicorn_serving(site_folder / "timeline.db", timelines=site_folder / "timelines") as url:
        address = urlsplit(url)
        forged = {
            "SCRIPT_NAME": "/t/other",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Ssl": "on",
            "X-Forwarded-Host": "evil.example",
            "X-Forwarded-Prefix": "/t/other",
            "X-Script-Name": "/t/other",
            "Forwarded": "host=evil.example;proto=https",
        }
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        connection.request("GET", "/t/other/api/events?limit=1&x=1", headers=forged)
        forged_answer = connection.getresponse()
        forged_answer.read()
        connection.request("GET", "/api/events?limit=1&x=1")
        body = connection.getresponse().read().decode()
        connection.close()
    assert forged_answer.status in (200, 404)
    assert "/t/other" not in body and "https:" not in body and "evil" not in body
    assert '"next": "http://127.0.0.1' in body or '"next":"http://127.0.0.1' in body


# Headers gunicorn (27) and Werkzeug (3) honour or might: gunicorn/http/wsgi.py takes SCRIPT_NAME
# (and, in forwarder_headers, PATH_INFO) from a request, gunicorn/http/message.py the scheme from
# X-Forwarded-Proto/-Protocol/-Ssl; Werkzeug's ProxyFix reads X-Forwarded-For/-Proto/-Host/-Port/
# -Prefix; other stacks read Forwarded, X-Script-Name, X-Original-URL and X-Rewrite-URL.
FORGED_HEADERS = {
    "SCRIPT_NAME": ["/t/other", "/t", "/x"], "PATH_INFO": ["/t/other/", "/admin"],
    "X-Forwarded-Proto": ["https"], "X-Forwarded-Protocol": ["ssl"], "X-Forwarded-Ssl": ["on"],
    "X-Forwarded-Host": ["evil.example"], "X-Forwarded-Port": ["444"],
    "X-Forwarded-Prefix": ["/t/other", "/evil"], "X-Forwarded-For": ["10.0.0.1"],
    "Forwarded": ["host=evil.example;proto=https"], "X-Script-Name": ["/t/other"],
    "X-Original-URL": ["/t/other/"], "X-Rewrite-URL": ["/t/other/"],
    "Host": ["localhost", "127.0.0.1", "evil.example"], "HX-Request": ["true"],
}  # fmt: skip
FORGED_PATHS = [
    "/", "/api/events?limit=2", "/embed", "/oembed?url=http://127.0.0.1/", "/timelines",
    "/t/other/", "/t/third/api/events", "/t/" + "a" * 300 + "/",
]  # fmt: skip
FORGED_MARKS = ("evil", "/t/other", "https:", ":444", "/admin")


def _get(address, path: str, headers: dict) -> tuple[int, str]:
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=20)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    shutil.copytree(FIXTURE_DATA, folder / "data")
    data = folder / "data"
    run("build", "--data", data, "--db", data / "timeline.db")
    for slug, title in (("other", "The other one"), ("third", "The third one")):
        run("new", slug, "--title", title, "--data", data)
    port = free_port()
    command = gunicorn_conf.command(f"127.0.0.1:{port}", "--workers", 1, "--max-requests", 0)
    environment = {
        "TIMELINE_DATABASE": str(data / "timeline.db"),
        "TIMELINE_TIMELINES": str(data / "timelines"),
    }
    # Its log goes nowhere: a pipe nobody reads would stall the worker once full.
    with running(command, f"http://127.0.0.1:{port}/api/topics", env=environment):
        address = urlsplit(f"http://127.0.0.1:{port}")
        clean = {path: _get(address, path, {}) for path in FORGED_PATHS}
        yield address, clean


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(FORGED_PATHS),
    sent=st.dictionaries(
        st.sampled_from(list(FORGED_HEADERS)),
        st.sampled_from(list(FORGED_HEADERS)).flatmap(lambda h: st.sampled_from(FORGED_HEADERS[h])),
        max_size=5,
    ),
)
def test_forged_forwarding_headers_neither_err_nor_poison_a_cache(site_server, path, sent):
    """Fuzzed against real gunicorn: every forged header is ignored, a refused host is a 400,
    and the next clean request gets what the first clean one got."""
    address, clean = site_server
    status, body = _get(address, path, sent)
    assert status < 500, (path, sent, status)
    if status == 200:
        assert not [mark for mark in FORGED_MARKS if mark in body and mark not in clean[path][1]]
    assert _get(address, path, {}) == clean[path], (path, sent)


def test_schemathesis_with_forged_forwarding_headers_finds_nothing(site_server):
    """The API fuzzer again, every request carrying the forwarding headers above."""
    from tests.test_fuzz import schemathesis_run

    address, clean = site_server
    forged = ["SCRIPT_NAME: /t/other", "X-Forwarded-Proto: https", "X-Forwarded-Ssl: on",
              "X-Forwarded-Host: evil.example", "X-Forwarded-Prefix: /evil",
              "Forwarded: host=evil.example;proto=https", "X-Script-Name: /t/other"]  # fmt: skip
    excluded = "positive_data_acceptance,negative_data_rejection"
    result = schemathesis_run(
        f"http://{address.hostname}:{address.port}",
        "--exclude-path",
        "/oembed",
        "--exclude-checks",
        excluded,
        *[option for h in forged for option in ("-H", h)],
    )
    assert result.returncode == 0, result.stdout[-3000:]
    for path, answer in clean.items():
        assert _get(address, path, {}) == answer, path


# 2. One response cache per worker, unknown arguments left out ----------------------------------


def test_every_timeline_of_a_worker_shares_one_bounded_cache(site_folder):
    site = site_of(site_folder, RESPONSE_CACHE_ENTRIES=2)
    client = site.test_client()
    for path in ("/", "/t/other/", "/t/third/", "/api/topics", "/t/other/api/topics"):
        assert client.get(path).status_code == 200
    dispatcher = site.wsgi_app
    caches = {
        id(app.extensions["response_cache"]): app.extensions["response_cache"]
        for app in [site, *dispatcher.apps.values()]
    }
    assert len(caches) == 1
    assert sum(len(cache) for cache in caches.values()) <= 2


def test_a_timeline_app_made_again_compiles_no_template(site_folder, monkeypatch):
    """Another per-app resource: each new app compiled every template again (about 300 ms), and
    a walk over more timelines than an app cache holds remakes apps all the time."""
    import jinja2

    client = site_of(site_folder).test_client()
    assert client.get("/t/other/?year=2004").status_code == 200
    compiled = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(
        jinja2.Environment,
        "compile",
        lambda self, *a, **k: compiled.append(a) or real(self, *a, **k),
    )
    page = client.get("/t/third/?year=2004")
    assert page.status_code == 200 and "The third one" in page.get_data(as_text=True)
    assert compiled == []


def test_a_timeline_app_made_again_reads_no_static_file_again(site_folder, monkeypatch):
    """Each app kept its own minified copy of every static file, read and hashed when made."""
    from webapp.web import assets

    client = site_of(site_folder).test_client()
    assert client.get("/t/other/").status_code == 200
    read = []
    real = assets._minified
    monkeypatch.setattr(assets, "_minified", lambda path: read.append(path) or real(path))
    page = parse(client.get("/t/third/"))
    stylesheet = page.select_one('link[rel="stylesheet"]')["href"]
    assert client.get(stylesheet).status_code == 200 and read == []


def test_unknown_arguments_neither_split_the_cache_nor_reach_the_page(app):
    client = app.test_client()
    cache = app.extensions["response_cache"]
    plain = client.get("/?year=2004")
    before = len(cache)
    junk = [client.get(f"/?year=2004&utm_source=x{n}&_={n}") for n in range(20)]
    assert len(cache) == before
    assert {response.headers["ETag"] for response in junk} == {plain.headers["ETag"]}
    assert all(response.get_data() == plain.get_data() for response in junk)
    assert b"utm_source" not in plain.get_data() and b"utm_source" not in junk[-1].get_data()
    # Arguments the app reads still make answers of their own, whatever their order.
    assert client.get("/?year=2005").headers["ETag"] != plain.headers["ETag"]
    both = client.get("/?topic=summits&year=2004").headers["ETag"]
    assert client.get("/?year=2004&topic=summits").headers["ETag"] == both
    assert client.get("/embed?theme=dark").headers["ETag"] != client.get("/embed").headers["ETag"]
    oembed = "/oembed?url=http://localhost/"
    assert (
        client.get(oembed + "&maxwidth=300").headers["ETag"] != client.get(oembed).headers["ETag"]
    )


def test_junk_accept_encodings_keep_one_copy_per_encoding(app):
    """A sibling of the junk arguments: the raw Accept-Encoding was part of the cache key."""
    client = app.test_client()
    cache = app.extensions["response_cache"]
    gzip = client.get("/?year=1994", headers={"Accept-Encoding": "gzip"})
    before = len(cache)
    junk = [
        client.get("/?year=1994", headers={"Accept-Encoding": f"gzip, x-junk-{n}"})
        for n in range(20)
    ]
    assert len(cache) == before
    assert {response.headers["Content-Encoding"] for response in junk} == {"gzip"}
    assert all(response.get_data() == gzip.get_data() for response in junk)
    brotli = client.get("/?year=1994", headers={"Accept-Encoding": "br, gzip"})
    plain = client.get("/?year=1994", headers={"Accept-Encoding": "x-junk"})
    assert brotli.headers["Content-Encoding"] == "br" and "Content-Encoding" not in plain.headers


# ``args.get("x")``, ``args.getlist("x")``, or a helper called as ``f(args, "x")`` (not hasattr).
READ_ARGUMENT = re.compile(
    r"""(?:args\.(?:get|getlist)\(\s*|\b(?!hasattr\b)\w+\(\s*(?:request\.)?args\s*,\s*)"""
    r"""["']([a-z_]+)["']"""
)


def test_every_argument_the_app_reads_is_in_the_cache_key():
    """The key leaves out arguments the app does not read; one it reads but the list lacks would
    be answered from another URL's copy. Read from the code, so a new argument cannot be missed."""
    root = Path(__file__).resolve().parent.parent
    files = [
        *(root / "webapp" / "web").glob("*.py"),
        *(root / "webapp" / "store").glob("*.py"),
        *(root / "templates").glob("*.html"),
        *(root / "templates" / "_partials").glob("*"),
    ]
    read = {name for file in files for name in READ_ARGUMENT.findall(file.read_text())}
    assert {"year", "q", "theme", "maxwidth", "page"} <= read
    assert read <= arguments.KNOWN, sorted(read - arguments.KNOWN)


def test_a_junk_argument_gets_the_same_answer_not_a_redirect(client):
    response = client.get("/api/events?limit=2&fbclid=abc")
    assert response.status_code == 200
    assert "fbclid" not in response.get_data(as_text=True)


# 4. A slug the router refuses --------------------------------------------------------------


@pytest.mark.parametrize(
    "slug", ["a" * 256, "a" * 300, "b" * (limits.MAX_SLUG_LENGTH + 1), "-x", "A", "a--b", "%00"]
)
def test_a_slug_the_router_refuses_gets_a_404_page(site_folder, slug):
    client = site_of(site_folder).test_client()
    for path in (f"/t/{slug}/", f"/t/{slug}", f"/t/{slug}/api/events"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.mimetype in ("text/html", "application/json")


def test_gunicorn_answers_a_very_long_slug_with_a_404(site_folder):
    with gunicorn_serving(site_folder / "timeline.db", timelines=site_folder / "timelines") as url:
        address = urlsplit(url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        connection.request("GET", "/t/" + "a" * 300 + "/")
        response = connection.getresponse()
        body = response.read().decode()
        connection.close()
    assert response.status == 404 and "<h1" in body


# 5. /timelines: its own stamp; no page names a server path -----------------------------------


def test_the_list_of_timelines_follows_timelines_made_and_removed(site_folder):
    client = site_of(site_folder).test_client()
    first = client.get("/timelines")
    assert "The other one" in first.get_data(as_text=True)
    run("new", "fourth", "--title", "The fourth one", "--data", site_folder)
    shutil.rmtree(site_folder / "timelines" / "other")
    second = client.get("/timelines")
    text = second.get_data(as_text=True)
    assert "The fourth one" in text and "The other one" not in text
    assert second.headers["ETag"] != first.headers["ETag"]
    stale = client.get("/timelines", headers={"If-None-Match": first.headers["ETag"]})
    assert stale.status_code == 200


def test_the_list_of_timelines_answers_htmx_with_a_fragment(site_folder):
    """Found by the forged-header fuzzer: the fragment named a macro defined outside it (500)."""
    response = site_of(site_folder).test_client().get("/timelines", headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body and "The other one" in body


def test_a_removed_timeline_is_a_404_that_names_no_server_path(site_folder):
    client = site_of(site_folder).test_client()
    assert client.get("/t/other/").status_code == 200
    shutil.rmtree(site_folder / "timelines" / "other")
    for path in ("/t/other/", "/t/other/api/events"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert str(site_folder) not in response.get_data(as_text=True)


def test_a_missing_or_outdated_database_names_no_server_path(tmp_path):
    client = create_app({"TESTING": True, "DATABASE": str(tmp_path / "gone.db")}).test_client()
    for path in ("/", "/api/events", "/embed"):
        response = client.get(path)
        assert response.status_code == 503
        body = response.get_data(as_text=True)
        assert str(tmp_path) not in body and "timeline build" in body
    (tmp_path / "old.db").write_bytes(b"")
    import sqlite3

    with sqlite3.connect(tmp_path / "old.db") as db:
        db.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('schema_version', '0')")
    old = create_app({"TESTING": True, "DATABASE": str(tmp_path / "old.db")}).test_client()
    response = old.get("/")
    assert response.status_code == 503 and str(tmp_path) not in response.get_data(as_text=True)


# 6. /timelines: a summary per file identity, a bounded listing --------------------------------


def test_a_summary_is_read_once_per_file_and_again_when_the_file_changes(site_folder, monkeypatch):
    timelines.forget_summaries()
    opened = []
    real = timelines.read_summary
    monkeypatch.setattr(timelines, "read_summary", lambda *a: opened.append(a) or real(*a))
    client = site_of(site_folder).test_client()
    client.get("/timelines?junk=1")
    first = len(opened)
    assert first >= 2
    for n in range(5):
        assert client.get(f"/timelines?junk={n + 2}").status_code == 200
    assert len(opened) == first
    (site_folder / "timelines" / "other" / "timeline.toml").write_text(
        'title = "Renamed"\ndescription = "New."\n'
    )
    run("build", "--timeline", "other", "--data", site_folder)
    assert "Renamed" in client.get("/timelines").get_data(as_text=True)
    assert len(opened) == first + 1


def test_a_timeline_too_big_to_count_in_time_is_listed_without_its_count(site_folder, monkeypatch):
    """Its count stopped by the summary's time limit: listed by title, counted next time."""
    timelines.forget_summaries()
    real = timelines.connect_read_only

    class CountTooSlow:
        def __init__(self, db):
            self.db = db

        def execute(self, sql, *parameters):
            if "count(*)" in sql:
                raise QueryInterrupted("the query ran past its time limit")
            return self.db.execute(sql, *parameters)

        def close(self):
            self.db.close()

    monkeypatch.setattr(timelines, "connect_read_only", lambda *a: CountTooSlow(real(*a)))
    client = site_of(site_folder).test_client()
    cut_short = client.get("/timelines")
    text = parse(cut_short).get_text(" ", strip=True)
    assert "The other one too many events to count here" in text
    assert "ETag" not in cut_short.headers  # not kept by any cache
    monkeypatch.setattr(timelines, "connect_read_only", real)
    text = parse(client.get("/timelines?again=1")).get_text(" ", strip=True)
    assert "The other one 0 events" in text


def test_a_long_list_of_timelines_is_paged(site_folder):
    built = site_folder / "timelines" / "other" / "timeline.db"
    count = timelines.LISTING_PAGE + 30
    for n in range(count):
        copy = site_folder / "timelines" / f"copy-{n:04d}"
        copy.mkdir()
        shutil.copy(built, copy / "timeline.db")
    client = site_of(site_folder).test_client()
    first = parse(client.get("/timelines"))
    listed = [a["href"] for a in first.select(".source-list a")]
    assert len(listed) <= timelines.LISTING_PAGE + 1  # the default timeline, then a page
    following = first.select_one('a[rel="next"]')["href"]
    second = parse(client.get(following))
    more = [a["href"] for a in second.select(".source-list a")]
    assert more and not set(more) & set(listed)
    everything = set(listed) | set(more)
    assert len(everything) == count + 3  # the default, "other", "third" and the copies
    assert client.get("/timelines?page=0").status_code == 400
    assert client.get("/timelines?page=99").status_code == 404


# 7. One media size limit, consistent with what the server serves --------------------------------


def test_a_media_file_at_the_limit_is_built_and_served(data_dir, tmp_path):
    (data_dir / "media").mkdir()
    picture = png(4, 4)
    body = picture + b"\0" * (limits.MAX_MEDIA_FILE_BYTES - len(picture))
    (data_dir / "media" / "big.png").write_bytes(body)
    give_media(data_dir, "media/big.png")
    build(data_dir, tmp_path / "t.db")
    client = create_app({"TESTING": True, "DATABASE": str(tmp_path / "t.db")}).test_client()
    event = client.get("/api/events?limit=1").get_json()["events"][0]
    response = client.get(event["media"]["url"].removeprefix("http://localhost"))
    assert response.status_code == 200 and response.get_data() == body


def test_a_media_file_the_server_could_not_serve_fails_the_build(data_dir, tmp_path):
    (data_dir / "media").mkdir()
    (data_dir / "media" / "big.png").write_bytes(b"\0" * (limits.MAX_MEDIA_FILE_BYTES + 1))
    give_media(data_dir, "media/big.png")
    with pytest.raises(BuildError, match=r"media/big.png .* at most"):
        build(data_dir, tmp_path / "t.db")
    assert limits.MAX_MEDIA_FILE_BYTES < limits.SQLITE_MAX_LENGTH


def test_a_source_text_the_server_could_not_serve_fails_the_build(data_dir, tmp_path):
    text = data_dir / "sources" / "today-az-nato-azerbaijan.txt"
    original = text.read_text(encoding="utf-8")
    text.write_text(original + "x" * limits.MAX_SOURCE_TEXT_BYTES, encoding="utf-8")
    with pytest.raises(BuildError, match=r"today-az-nato-azerbaijan.txt .* at most"):
        build(data_dir, tmp_path / "t.db")
    assert limits.MAX_SOURCE_TEXT_BYTES < limits.SQLITE_MAX_LENGTH


# 8. Symbolic links in the data folder -----------------------------------------------------------


def test_a_symbolic_link_in_db_media_fails_the_build(data_dir, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(2, 2))
    (data_dir / "media").mkdir()
    (data_dir / "media" / "linked.png").symlink_to(secret)
    give_media(data_dir, "media/linked.png")
    with pytest.raises(BuildError, match="symbolic link"):
        build(data_dir, tmp_path / "t.db")


def test_a_linked_folder_in_db_media_fails_the_build(data_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(png(2, 2))
    (data_dir / "media").mkdir()
    (data_dir / "media" / "sub").symlink_to(outside, target_is_directory=True)
    give_media(data_dir, "media/sub/secret.png")
    with pytest.raises(BuildError, match=r"symbolic link|outside"):
        build(data_dir, tmp_path / "t.db")


def test_a_linked_media_folder_fails_the_build(data_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(png(2, 2))
    (data_dir / "media").symlink_to(outside, target_is_directory=True)
    give_media(data_dir, "media/secret.png")
    with pytest.raises(BuildError, match=r"symbolic link|outside"):
        build(data_dir, tmp_path / "t.db")


def test_a_linked_source_text_fails_the_build(data_dir, tmp_path):
    secret = tmp_path / "secret.txt"
    text = data_dir / "sources" / "today-az-nato-azerbaijan.txt"
    secret.write_text(text.read_text(encoding="utf-8"), encoding="utf-8")
    text.unlink()
    text.symlink_to(secret)
    with pytest.raises(BuildError, match="symbolic link"):
        build(data_dir, tmp_path / "t.db")


# 9. Linear parsing of uploaded pages and e-mail, with a time limit ------------------------------


PAGE = (
    "<html><head><title>T</title></head><body><article>{}<p>The text of the article, long "
    "enough to be kept as the main text of the page.</p></article></body></html>"
)


def _many_attributes(n: int) -> str:
    return PAGE.format("<p " + " ".join(f"a{i}=v" for i in range(n)) + ">Words.</p>")


def _many_inline_elements(n: int) -> str:
    return PAGE.format("<p>" + "<b>word</b> " * n + "</p>")


def _many_encoded_words(n: int) -> str:
    words = " ".join("=?utf-8?q?caf=C3=A9?=" for _ in range(n))
    return f"Date: Tue, 18 Jan 2022 10:00:00 +0000\nFrom: a@b.org\nSubject: {words}\n\nBody.\n"


# name -> (how an input of size n is made, the smaller n)
LINEAR = {
    "a page: many attributes on one element": (_many_attributes, 3000),
    "a page: many inline elements in one paragraph": (_many_inline_elements, 1000),
    "an e-mail: many encoded words in its Subject": (_many_encoded_words, 500),
}


@pytest.mark.parametrize("name", LINEAR)
def test_reading_an_upload_grows_linearly(name):
    make, size = LINEAR[name]
    small, large = make(size), make(size * GROWTH)
    best_seconds(documents.read_document, small)  # warm: trafilatura's first call loads much
    ratio = best_seconds(documents.read_document, large) / max(
        best_seconds(documents.read_document, small), 1e-4
    )
    assert ratio < GROWTH * 3, f"{name}: {GROWTH}x the input took {ratio:.0f}x the time"


def test_a_bounded_page_keeps_the_article_its_metadata_and_its_words():
    document = documents.read_document(
        '<html><head><meta name="date" content="2020-01-20"><title>A title</title></head><body>'
        + "<article><h1>A title</h1><p>"
        + "<b>word</b> " * 1000
        + 'and the end.</p><p class="x" data-a="1">A second paragraph of the article.</p>'
        + "</article></body></html>"
    )
    assert document.published.iso == "2020-01-20" and document.title == "A title"
    assert document.text.count("word") == 1000 and "and the end." in document.text
    assert "A second paragraph of the article." in document.text


def test_a_subject_of_encoded_words_is_still_decoded():
    document = documents.read_document(_many_encoded_words(3))
    assert document.title == "cafécafécafé"  # RFC 2047: the space between encoded words goes
    headers = email.policy.default.header_factory("Subject", "=?utf-8?q?caf=C3=A9?= au lait")
    assert documents.read_document(
        "Date: Tue, 18 Jan 2022 10:00:00 +0000\nFrom: a@b.org\nSubject: =?utf-8?q?caf=C3=A9?= au "
        "lait\n\nBody.\n"
    ).title == str(headers)


def test_reading_an_upload_past_its_time_limit_answers_with_a_message(monkeypatch):
    monkeypatch.setattr(documents, "READ_TIME_LIMIT", 0.0)
    with pytest.raises(documents.DocumentError, match="too long to read"):
        documents.read_document("<html><body>" + "<p>Words here.</p>" * 2000 + "</body></html>")
    with pytest.raises(documents.DocumentError, match="too long to read"):
        documents.read_document(_many_encoded_words(2000))
