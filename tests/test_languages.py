"""The reader's language in the URL: chosen by ``?lang=``, kept by every link, never guessed."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import HTMX, parse
from webapp import create_app, wording
from webapp.errors import BuildError
from webapp.ingest.build import build
from webapp.wording import LANGUAGES

SPOKEN = list(LANGUAGES)


def lang_of(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query).get("lang", [])


@pytest.mark.parametrize("code", SPOKEN)
def test_html_lang_and_direction_follow_the_url(client, code):
    html = parse(client.get(f"/?lang={code}")).html
    assert html["lang"] == code
    assert html["dir"] == ("rtl" if code == "ar" else "ltr")


def test_accept_language_is_a_suggestion_never_a_redirect(client):
    for url in ("/", "/?lang=az"):
        response = client.get(url, headers={"Accept-Language": "ru-RU,ru;q=0.9"})
        assert response.status_code == 200
        expected = lang_of(url) or ["en"]  # the fixture timeline names no language: English
        assert parse(response).html["lang"] == expected[0]
        assert "Accept-Language" not in response.headers.get("Vary", "")
        assert response.headers["Content-Language"] == expected[0]


def test_every_page_offers_the_other_languages_of_the_same_view(client):
    soup = parse(client.get("/?year=2004&lang=ru"))
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate][hreflang]")
    }
    assert set(alternates) == set(SPOKEN)
    for code, href in alternates.items():
        assert parse_qs(urlsplit(href).query) == {"year": ["2004"], "lang": [code]}
    offered = {a["lang"]: a for a in soup.select(".languages a[lang]")}  # each name in its own
    assert set(offered) == set(SPOKEN) - {"ru"}
    for code, link in offered.items():
        assert parse_qs(urlsplit(link["href"]).query) == {"year": ["2004"], "lang": [code]}


def test_links_forms_and_next_page_keep_the_language(client):
    soup = parse(client.get("/?lang=az&limit=5"))
    internal = [
        a["href"] for a in soup.select("main a[href], header nav a[href]")
        if a["href"].startswith(("/", "http://localhost/")) and "/assets/" not in a["href"]
    ]  # fmt: skip
    assert len(internal) > 20
    missing = [href for href in internal if lang_of(href) != ["az"]]
    assert not missing, missing[:5]
    assert soup.select_one("#filters input[type=hidden][name=lang]")["value"] == "az"
    more = soup.select_one(".more a")["href"]
    fragment = parse(client.get(more, headers=HTMX))
    assert lang_of(more) == ["az"]
    assert all(lang_of(a["href"]) == ["az"] for a in fragment.select("article h3 a"))


def test_a_page_without_lang_writes_links_without_it(client):
    soup = parse(client.get("/?limit=5"))
    assert not any(lang_of(a["href"]) for a in soup.select("main a[href]"))


def test_downloads_embed_and_feed_links_keep_the_language(client):
    soup = parse(client.get("/?lang=ar&topic=summits"))
    for link in soup.select(".downloads a"):
        query = parse_qs(urlsplit(link["href"]).query)
        assert query["lang"] == ["ar"] and query["topic"] == ["summits"], link["href"]
    code = parse(client.get(soup.select_one(".embed-control a")["href"]))
    for box in ("#embed-iframe", "#embed-fragment"):
        snippet = parse_soup_text(code.select_one(box).text)
        src = snippet.select_one("[src], [hx-get]")
        assert lang_of(src.get("src") or src["hx-get"]) == ["ar"]


def parse_soup_text(text: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def test_the_embed_speaks_its_language(client):
    assert parse(client.get("/embed?lang=ru")).html["lang"] == "ru"
    assert parse(client.get("/embed?lang=ar")).html["dir"] == "rtl"


def test_oembed_keeps_the_language_of_the_page_it_embeds(client):
    for page in (
        "http://localhost/?lang=az",
        "http://localhost/events/partnership-for-peace?lang=az",
    ):
        answer = client.get("/oembed", query_string={"url": page}).get_json()
        src = parse_soup_text(answer["html"]).select_one("iframe")["src"]
        assert lang_of(src) == ["az"], src


@pytest.mark.parametrize(
    "url",
    ["/?lang=xx", "/events/partnership-for-peace?lang=EN", "/api/events?lang=de", "/embed?lang="],
)
def test_a_bad_language_is_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "lang" in text and "choose from en, az, ru, ar" in text


def test_a_cached_page_is_never_answered_to_a_url_of_another_language(built_db):
    app = create_app({"DATABASE": str(built_db), "RESPONSE_CACHE": True})
    client = app.test_client()
    tags = {}
    for _ in range(2):  # the second round is answered from the cache
        for code in SPOKEN:
            response = client.get(f"/?lang={code}&topic=summits")
            assert parse(response).html["lang"] == code
            tags.setdefault(code, response.get_etag()[0])
            assert response.get_etag()[0] == tags[code]
    assert len(set(tags.values())) == len(SPOKEN)
    stale = client.get("/?lang=ru&topic=summits", headers={"If-None-Match": f'"{tags["az"]}"'})
    assert stale.status_code == 200 and parse(stale).html["lang"] == "ru"


def test_the_default_is_the_timelines_own_language(data_dir, tmp_path):
    toml = data_dir / "timeline.toml"
    toml.write_text(toml.read_text() + 'language = "ru"\n', encoding="utf-8")
    path = tmp_path / "ru.db"
    build(data_dir, path)
    client = create_app({"DATABASE": str(path)}).test_client()
    assert parse(client.get("/")).html["lang"] == "ru"
    assert parse(client.get("/?lang=en")).html["lang"] == "en"


def test_a_timeline_in_a_language_the_interface_lacks_is_refused(data_dir, tmp_path):
    toml = data_dir / "timeline.toml"
    toml.write_text(toml.read_text() + 'language = "de"\n', encoding="utf-8")
    with pytest.raises(BuildError, match="language 'de'"):
        build(data_dir, tmp_path / "de.db")


def test_the_desk_speaks_the_language_of_its_url(data_dir):
    from tests.test_desk import TOKEN, csrf
    from webapp.desk.app import create_desk

    app = create_desk(data_dir, data_dir / "desk.db", TOKEN)
    desk = app.test_client()
    desk.get(f"/?token={TOKEN}")
    page = parse(desk.get("/?lang=ru"))
    assert page.html["lang"] == "ru"
    with wording.speaking("ru"):
        assert (
            page.select_one("#add-heading").text
            == wording.gettext("Add an article")
            != "Add an article"
        )
    form = page.select_one("form[enctype]")
    assert lang_of(form["action"]) == ["ru"]  # a POST keeps its action's query: the answer is ru
    assert csrf(desk, "/?lang=ar")
    assert parse(desk.get("/?lang=ar")).html["dir"] == "rtl"


def test_the_openapi_documents_summaries_speak_the_language(client):
    english = client.get("/openapi.json").get_json()
    russian = client.get("/openapi.json?lang=ru").get_json()
    summary = english["paths"]["/api/events"]["get"]["summary"]
    with wording.speaking("ru"):
        assert russian["paths"]["/api/events"]["get"]["summary"] == wording.gettext(summary)
        assert russian["info"]["description"] == wording.gettext(english["info"]["description"])
    assert russian["paths"]["/api/events"]["get"]["summary"] != summary
    assert russian["components"]["schemas"].keys() == english["components"]["schemas"].keys()
