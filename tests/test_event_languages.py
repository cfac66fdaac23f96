"""Events told in several languages: translations shown where present, the original marked
otherwise, the quote always verbatim in its own language, and search in every language."""

from __future__ import annotations

import json

import pytest
import tomlkit
from click.testing import CliRunner

from tests.helpers import listed_slugs, parse
from webapp import create_app
from webapp.cli import main
from webapp.errors import BuildError
from webapp.ingest.build import build
from webapp.ingest.importers import read_timeline_file

TOLD = {
    "az": {
        "title": "Azərbaycan NATO-nun Sülh Naminə Tərəfdaşlıq proqramına qoşulur",
        "summary": "İlham Əliyevin sələfi dövründə Azərbaycanın NATO ilə əməkdaşlığı başlayır.",
        "quote": "Qeyd edək ki, Azərbaycanın NATO ilə əməkdaşlığı 1994-cü ildə başlayıb.",
    },
    "ru": {"title": "Азербайджан присоединяется к программе «Партнёрство ради мира»"},
}


def with_translations(data_dir, told=TOLD, slug="partnership-for-peace"):
    path = data_dir / "events.toml"
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    event = next(e for e in document["events"] if e["slug"] == slug)
    event["translations"] = told
    path.write_text(tomlkit.dumps(document), encoding="utf-8")


@pytest.fixture
def told_client(data_dir, tmp_path):
    with_translations(data_dir)
    path = tmp_path / "told.db"
    build(data_dir, path)
    return create_app({"DATABASE": str(path)}).test_client()


def card(soup, slug="partnership-for-peace"):
    return soup.select_one(f"#event-{slug}")


def test_a_reader_sees_the_event_in_their_language(told_client):
    shown = card(parse(told_client.get("/?lang=az")))
    assert shown.select_one("h3 a").text == TOLD["az"]["title"]
    assert shown.select_one(".event-summary").text == TOLD["az"]["summary"]
    assert shown.select_one(".original-mark") is None
    assert not shown.select_one("h3 a").has_attr("lang")  # the page's own language


def test_the_original_is_marked_where_no_translation_exists(told_client):
    soup = parse(told_client.get("/?lang=ar"))
    shown = card(soup)
    assert shown.select_one("h3 a")["lang"] == "en"
    assert shown.select_one(".original-mark")
    russian = card(parse(told_client.get("/?lang=ru")))  # a title only: the summary is English
    assert russian.select_one("h3 a").text == TOLD["ru"]["title"]
    assert russian.select_one(".event-summary")["lang"] == "en"
    english = card(parse(told_client.get("/?lang=en")))
    assert english.select_one(".original-mark") is None
    assert english.select_one("h3 a").text == "Azerbaijan joins NATO's Partnership for Peace"


def test_the_quote_stays_verbatim_and_its_translation_is_beside_it(told_client):
    page = parse(told_client.get("/events/partnership-for-peace?lang=az"))
    quote = page.select_one("figure.quote blockquote")
    assert quote["lang"] == "en"
    assert quote.text.strip().startswith("It should be noted that Azerbaijan's cooperation")
    beside = page.select_one(".quote-translation")
    assert beside["lang"] == "az" and TOLD["az"]["quote"] in beside.text
    assert beside.select_one(".translation-mark")
    assert (
        parse(told_client.get("/events/partnership-for-peace?lang=ru")).select_one(
            ".quote-translation"
        )
        is None
    )


@pytest.mark.parametrize(
    "words",
    ["Tərəfdaşlıq", "tərəfdaşlıq", "ilham", "İlham", "Азербайджан", "АЗЕРБАЙДЖАН", "партнёрство"],
)
def test_search_finds_words_in_every_language_the_event_carries(told_client, words):
    slugs = listed_slugs(parse(told_client.get("/", query_string={"q": words})))
    assert "partnership-for-peace" in slugs, words


def test_search_keeps_dotless_i_apart_from_i(told_client):
    """Azerbaijani ı and i are two letters: "qoşulur" is found, "qoşulir" is not."""
    assert listed_slugs(parse(told_client.get("/?q=qoşulur")))
    assert not listed_slugs(parse(told_client.get("/?q=qoşulir")))


def test_the_api_and_exports_carry_translations(told_client):
    events = told_client.get("/api/events?lang=az").get_json()["events"]
    event = next(e for e in events if e["slug"] == "partnership-for-peace")
    assert event["translations"] == TOLD
    assert event["language"] == "az" and event["title"] == TOLD["az"]["title"]
    assert event["quote_language"] == "en"
    other = next(e for e in events if e["slug"] != "partnership-for-peace")
    assert other["language"] == "en" and other["translations"] == {}
    exported = json.loads(told_client.get("/api/events.json?lang=ru").get_data(as_text=True))
    found = next(e for e in exported["events"] if e["slug"] == "partnership-for-peace")
    assert found["translations"]["ru"]["title"] == found["title"] == TOLD["ru"]["title"]
    csv = told_client.get("/api/events.csv?lang=ru").get_data(as_text=True)
    assert TOLD["ru"]["title"] in csv and ",ru," in csv


def test_the_embed_shows_the_readers_language(told_client):
    soup = parse(told_client.get("/embed?lang=az&limit=50"))
    titles = [a.text for a in soup.select(".tl-event-title a")]
    assert TOLD["az"]["title"] in titles


@pytest.mark.parametrize(
    ("told", "problem"),
    [
        ({"de": {"title": "Aserbaidschan"}}, "not a language the interface speaks"),
        ({"az": {"summary": "başlıqsız"}}, "missing field 'title'"),
        ({"az": {"title": "x", "slug": "y"}}, "unknown field 'slug'"),
    ],
)
def test_a_bad_translation_fails_the_build_saying_where(data_dir, tmp_path, told, problem):
    with_translations(data_dir, told)
    with pytest.raises(BuildError, match=problem):
        build(data_dir, tmp_path / "bad.db")


def test_our_own_export_imports_back_with_its_translations(told_client, tmp_path):
    exported = tmp_path / "export.json"
    exported.write_bytes(told_client.get("/api/events.json").get_data())
    imported = read_timeline_file(exported)
    event = next(e for e in imported.events if e["slug"] == "partnership-for-peace")
    assert event["translations"] == TOLD
    assert event["title"] == "Azerbaijan joins NATO's Partnership for Peace"  # the original's
    result = CliRunner().invoke(main, ["import", str(exported), "--db", str(tmp_path / "in.db")])
    assert result.exit_code == 0, result.output
    again = create_app({"DATABASE": str(tmp_path / "in.db")}).test_client()
    events = again.get("/api/events?limit=500&lang=az").get_json()["events"]
    told = next(e for e in events if e["slug"].startswith("partnership-for-peace"))
    assert told["title"] == TOLD["az"]["title"] and told["translations"] == TOLD
