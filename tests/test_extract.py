"""`timeline extract`: proposals from an article, their quality against hand-made gold lists,
the files --add writes, and what the site shows once they are built."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import sqlite_utils
import tomli_w
from click.testing import CliRunner

from tests.helpers import FIXTURE_ARTICLE, FIXTURE_DATA, parse
from webapp import create_app
from webapp.cli import main
from webapp.dates import PartialDate
from webapp.ingest.build import build
from webapp.ingest.evaluate import load_gold, score
from webapp.ingest.extract import Vocabulary, draft_title, extract

HERE = Path(__file__).parent / "extract"
ROOT = Path(__file__).parents[1]
ARTICLE = FIXTURE_ARTICLE
# article, gold list, the outlet's convention for numeric dates
ARTICLES = [
    (ARTICLE, HERE / "today-az-nato-azerbaijan.gold.json", "dmy"),
    (HERE / "harbour-light.txt", HERE / "harbour-light.gold.json", "dmy"),
    (HERE / "marathon-lab.txt", HERE / "marathon-lab.gold.json", "mdy"),
]


def run(*arguments):
    """``timeline extract``, reading the fixture data unless told another folder."""
    data = [] if "--data" in arguments else ["--data", FIXTURE_DATA]
    return CliRunner().invoke(main, ["extract", *map(str, [*arguments, *data])])


@pytest.fixture(scope="module")
def proposals():
    return extract(ARTICLE.read_text(), vocabulary=Vocabulary.load(FIXTURE_DATA))


@pytest.mark.parametrize(
    ("article", "gold", "order"), ARTICLES, ids=lambda v: getattr(v, "stem", v)
)
def test_proposals_match_the_hand_made_gold_list(article, gold, order):
    text = article.read_text()
    found = extract(text, vocabulary=Vocabulary.load(FIXTURE_DATA), day_first=order == "dmy")
    result = score(found, load_gold(gold, text))
    assert result.f1 >= 0.9, [(p.start.iso, p.quote[:60]) for p in result.extra] + [
        (g.start.iso, text[g.quote_start : g.quote_end][:60]) for g in result.missed
    ]


def test_every_curated_dated_event_is_proposed(proposals):
    """Our article: all 22 curated events found, with no rule written for it (F1 0.957)."""
    text = ARTICLE.read_text()
    result = score(proposals, load_gold(ARTICLES[0][1], text))
    assert result.missed == []
    assert len(result.matched) == 22
    assert len(result.extra) <= 2


def test_each_quote_is_the_verbatim_sentence_with_its_offsets(proposals):
    text = ARTICLE.read_text()
    for proposal in proposals:
        assert text[proposal.quote_start : proposal.quote_end] == proposal.quote


def test_the_seven_summits_share_their_sentence_each_with_its_phrase(proposals):
    summits = [p for p in proposals if "seven NATO Summits" in p.quote]
    assert [p.phrase for p in summits] == [
        "Istanbul 2004", "Bucharest 2008", "Lisbon 2010", "Chicago 2012", "Cardiff 2014",
        "Warsaw 2016", "Brussels 2018",
    ]  # fmt: skip
    assert len({p.quote for p in summits}) == 1
    assert summits[0].places == ["Istanbul"] and summits[0].topics == ["summits"]


def test_ranges_open_starts_and_the_dateline(proposals):
    by_quote = {p.quote[:25]: p for p in proposals}
    resolute = by_quote["From 2015 to August 2021,"]
    assert (resolute.start.iso, resolute.end.iso) == ("2015", "2021-08")
    assert by_quote["Since 2002, more than 30 "].open_ended
    dateline = proposals[0]
    assert dateline.kind == "dateline" and dateline.quote == "18 January 2022 [13:37] - Today.Az"
    assert dateline.start == PartialDate(2022, 1, 18)


def test_statements_the_article_reports_are_dated_by_the_report(proposals):
    reported = [p for p in proposals if p.reported]
    assert all(p.start == PartialDate(2022, 1, 18) for p in reported)
    assert any(p.quote.startswith("NATO urges Armenia and Azerbaijan") for p in reported)
    # No proposal comes from the headline or the byline.
    assert not any(p.quote.startswith(("Today.Az »", "By ")) for p in proposals)


def test_unknown_topics_places_and_actors_are_left_empty():
    text = (HERE / "marathon-lab.txt").read_text()
    found = extract(text, vocabulary=Vocabulary.load(FIXTURE_DATA))
    assert found and all(p.topics == [] and p.places == [] for p in found)


def test_a_vocabulary_topic_must_exist_in_topics_toml(data_dir):
    (data_dir / "extract.toml").write_text('[topics]\nsummits = ["summit"]\nghosts = ["NATO"]\n')
    assert Vocabulary.load(data_dir).topic_keywords == {"summits": ["summit"]}


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        (
            "In October 2020, during a press conference with Armenian President Armen Sargsyan, "
            "NATO Secretary-General Jens Stoltenberg reminded the Armenian president that NATO "
            "is not engaged in this conflict.",
            "NATO Secretary-General Jens Stoltenberg reminds the Armenian president",
        ),
        (
            "From 2015 to 2019 the lab followed 311 marathoners, and 95.2% of them finished.",
            "From 2015 to 2019 the lab follows 311 marathoners",
        ),
        ("“We hope to see steps,” added the official.", "We hope to see steps"),
    ],
)
def test_draft_titles_keep_the_main_clause(sentence, title):
    assert draft_title(sentence) == title


def test_cli_prints_proposals_in_the_events_format():
    result = run(ARTICLE)
    assert result.exit_code == 0, result.output
    document = tomllib.loads(result.output)
    events = document["events"]
    assert len(events) == 23  # the quoted remark ("… we …", the official said) is no event
    assert {event["status"] for event in events} == {"proposed"}
    first = events[0]
    assert first["source"] == "today-az-nato-azerbaijan"
    assert first["start"] == "2022-01-18" and first["quote"].startswith("18 January 2022")


def test_cli_json_uses_the_field_names_of_the_api(client):
    result = run(ARTICLE, "--json")
    assert result.exit_code == 0, result.output
    proposals = json.loads(result.output)
    api_event = client.get("/api/events?limit=1").get_json()["events"][0]
    shared = {"start", "end", "precision", "open_ended", "reported", "quote", "title", "topics"}
    assert shared <= set(api_event) and shared <= set(proposals[0])
    resolute = next(p for p in proposals if p["quote"].startswith("From 2015"))
    assert (resolute["start"], resolute["end"], resolute["precision"]) == (
        "2015",
        "2021-08",
        "year",
    )


def test_cli_writes_to_a_file(tmp_path):
    out = tmp_path / "proposals.toml"
    result = run(ARTICLE, "--out", out)
    assert result.exit_code == 0
    assert len(tomllib.loads(out.read_text())["events"]) == 23


def test_cli_evaluates_against_a_gold_list_and_names_the_misses(tmp_path):
    result = run("--evaluate", ARTICLES[0][1], ARTICLE)
    assert result.exit_code == 0, result.output
    assert re.search(r"precision 0\.9\d\d  recall 1\.000  F1 0\.9[5-9]\d", result.output)
    gold = json.loads(ARTICLES[0][1].read_text())
    gold.append({"start": "1999", "quote": "Copyright © Today.Az"})
    (tmp_path / "gold.json").write_text(json.dumps(gold))
    result = run("--evaluate", tmp_path / "gold.json", ARTICLE)
    assert "missed: 1999  Copyright © Today.Az" in result.output
    assert "1 missed" in result.output


def test_cli_refuses_a_gold_quote_that_is_not_in_the_article(tmp_path):
    (tmp_path / "gold.json").write_text('[{"start": "2004", "quote": "Not in the text."}]')
    result = run("--evaluate", tmp_path / "gold.json", ARTICLE)
    assert result.exit_code == 1
    assert "event #1: quote not in the article" in result.output


@pytest.mark.parametrize("value", ["2022", "18/01/2022", "2022-02-30"])
def test_cli_wants_a_full_publication_date(value):
    result = run(ARTICLE, "--published", value)
    assert result.exit_code == 2 and "--published" in result.output


def add_harbour_article(data_dir: Path, *extra):
    return run(
        "--add", HERE / "harbour-light.txt", "--title", "The lighthouse that kept a town awake",
        "--outlet", "Kelmouth Gazette", "--author", "Ruth Penhale", "--data", data_dir, *extra,
    )  # fmt: skip


def test_add_files_the_article_and_its_proposals_in_db(data_dir):
    result = add_harbour_article(data_dir)
    assert result.exit_code == 0, result.output
    slug = "the-lighthouse-that-kept-a-town-awake"
    text = (data_dir / "sources" / f"{slug}.txt").read_bytes()
    assert text == (HERE / "harbour-light.txt").read_bytes()
    meta = tomllib.loads((data_dir / "sources" / f"{slug}.toml").read_text())
    assert meta["published"] == "2025-03-04"  # from the dateline
    assert meta["outlet"] == "Kelmouth Gazette"
    proposals = tomllib.loads((data_dir / "extracted" / f"{slug}.toml").read_text())["events"]
    assert len(proposals) == 14 and {p["status"] for p in proposals} == {"proposed"}
    again = add_harbour_article(data_dir)
    assert again.exit_code == 1 and "exists" in again.output


def test_add_needs_a_title_and_an_outlet(data_dir):
    result = run("--add", HERE / "harbour-light.txt", "--data", data_dir)
    assert result.exit_code == 2 and "--title and --outlet" in result.output
    assert not (data_dir / "extracted").exists()


def accept(path: Path, slugs: set[str]) -> None:
    """What a reviewer does: write a summary, pick a topic, mark the record accepted."""
    document = tomllib.loads(path.read_text())
    for record in document["events"]:
        if record["slug"] in slugs:
            record.update(status="accepted", summary="Checked by a person.", topics=["partnership"])
    path.write_text(tomli_w.dumps(document))


def test_after_build_the_site_shows_both_sources_and_the_extractors_sentences(data_dir, tmp_path):
    assert add_harbour_article(data_dir).exit_code == 0
    slug = "the-lighthouse-that-kept-a-town-awake"
    extracted = data_dir / "extracted" / f"{slug}.toml"
    records = tomllib.loads(extracted.read_text())["events"]
    lit = next(r["slug"] for r in records if r["start"] == "1887" and "end" not in r)
    accept(extracted, {lit})
    db_path = tmp_path / "two.db"
    build(data_dir, db_path)
    client = create_app({"TESTING": True, "DATABASE": str(db_path)}).test_client()

    # The accepted event is on the timeline; proposals are not.
    everything = client.get("/api/events?limit=200").get_json()
    assert lit in {event["slug"] for event in everything["events"]}
    assert everything["total"] == 23

    # A source filter, repeatable like topics, in the form and in the URL.
    page = parse(client.get("/"))
    assert [box["value"] for box in page.select('input[name="source"]')] == [
        "today-az-nato-azerbaijan",
        slug,
    ]
    only_new = client.get(f"/api/events?source={slug}").get_json()
    assert [event["slug"] for event in only_new["events"]] == [lit]
    both = client.get(f"/api/events?source={slug}&source=today-az-nato-azerbaijan")
    assert both.get_json()["total"] == 23
    described = parse(client.get(f"/?source={slug}")).select_one("#count").get_text(" ")
    assert "1 event" in described and "The lighthouse that kept a town awake" in described

    # The source page marks the sentences the extractor used and lists what awaits review.
    source = parse(client.get(f"/sources/{slug}"))
    accepted_mark = source.select_one(f"mark.quote--event a#{lit}")
    assert accepted_mark.get_text().startswith("The Kelmouth light was first lit in 1887")
    proposed = source.select("mark.quote--proposal")
    assert len(proposed) == 10  # 14 proposals, 13 left, some sharing a sentence
    assert any("from June to August 1940" in mark.get_text() for mark in proposed)
    listed = source.select(".source-proposals li")
    assert len(listed) == 13
    target = listed[0].a["href"].removeprefix("#")
    assert source.find(id=target).name == "mark"
    # Marks sharing a sentence never show a word twice: the page reads as the article does.
    shown = " ".join(source.select_one(".source-text").get_text(" ").split())
    assert shown == " ".join((HERE / "harbour-light.txt").read_text().split())

    # With two sources, the header links to a list of them.
    home = parse(client.get("/"))
    assert home.select_one('nav a[href="/sources"]').get_text() == "Sources"
    listing = parse(client.get("/sources")).select(".source-list li")
    assert [item.a.get_text() for item in listing] == [
        "NATO seeks broad practical co-op with Azerbaijan",
        "The lighthouse that kept a town awake",
    ]
    assert "1 event · 13 awaiting review" in " ".join(listing[1].get_text(" ").split())


def test_build_refuses_an_unknown_status(data_dir):
    assert add_harbour_article(data_dir).exit_code == 0
    extracted = next((data_dir / "extracted").glob("*.toml"))
    extracted.write_text(extracted.read_text().replace('"proposed"', '"maybe"', 1))
    result = CliRunner().invoke(
        main, ["build", "--data", str(data_dir), "--db", str(data_dir / "x.db")]
    )
    assert result.exit_code == 1
    assert "status must be 'accepted' or 'proposed', not 'maybe'" in result.output


def test_build_checks_a_proposals_quote_against_its_source(data_dir):
    """Provenance holds before review too: a proposal quoting what the source does not say fails."""
    assert add_harbour_article(data_dir).exit_code == 0
    extracted = next((data_dir / "extracted").glob("*.toml"))
    text = extracted.read_text()
    extracted.write_text(text.replace('quote = "The Kelmouth light', 'quote = "The Kelmoth light'))
    result = CliRunner().invoke(
        main, ["build", "--data", str(data_dir), "--db", str(data_dir / "x.db")]
    )
    assert result.exit_code == 1
    assert "quote not found in source 'the-lighthouse-that-kept-a-town-awake'" in result.output


def test_places_and_actors_grow_with_curation(data_dir):
    vocabulary = Vocabulary.load(data_dir)
    assert "Sabina Mammadli" in vocabulary.actors  # named by a curated event, not extract.toml
    assert add_harbour_article(data_dir).exit_code == 0
    extracted = next((data_dir / "extracted").glob("*.toml"))
    document = tomllib.loads(extracted.read_text())
    document["events"][1]["actors"] = ["Walter Trewin"]  # still proposed: not learnt
    document["events"][2].update(
        status="accepted", summary="A gale.", topics=["partnership"], places=["Kelmouth"]
    )
    extracted.write_text(tomli_w.dumps(document))
    vocabulary = Vocabulary.load(data_dir)
    assert "Kelmouth" in vocabulary.places
    assert "Walter Trewin" not in vocabulary.actors


def test_a_repeated_sentence_is_told_apart_by_its_offset(data_dir, tmp_path):
    text = "It rained in 2001.\n\nThen it rained again.\n\nIt rained in 2001.\n"
    article = tmp_path / "rain.txt"
    article.write_text(text)
    result = run("--add", article, "--title", "Rain", "--outlet", "Weather", "--published",
                 "2002-01-01", "--data", data_dir)  # fmt: skip
    assert result.exit_code == 0, result.output
    extracted = data_dir / "extracted" / "rain.toml"
    records = tomllib.loads(extracted.read_text())["events"]
    stated = [r for r in records if r["start"] == "2001"]  # besides the publication, its lead
    assert [r["quote_start"] for r in stated] == [0, text.rindex("It rained")]
    document = {"events": stated}
    for record in document["events"]:
        record.update(status="accepted", summary="Rain.", topics=["partnership"])
    extracted.write_text(tomli_w.dumps(document))
    build(data_dir, tmp_path / "rain.db")
    rows = sqlite_utils.Database(tmp_path / "rain.db").query(
        "SELECT quote_start FROM events WHERE source = 'rain' ORDER BY quote_start"
    )
    assert [row["quote_start"] for row in rows] == [0, text.rindex("It rained")]
    # An import rewrites the whole database from itself: the second sentence stays the second.
    imported = tmp_path / "more.json"
    imported.write_text(
        json.dumps({"events": [{"start_date": {"year": 1999}, "text": {"headline": "More"}}]})
    )
    result = CliRunner().invoke(main, ["import", str(imported), "--db", str(tmp_path / "rain.db")])
    assert result.exit_code == 0, result.output
    rows = sqlite_utils.Database(tmp_path / "rain.db").query(
        "SELECT quote_start FROM events WHERE source = 'rain' ORDER BY quote_start"
    )
    assert [row["quote_start"] for row in rows] == [0, text.rindex("It rained")]


def test_a_broken_vocabulary_file_is_named_not_a_traceback(data_dir):
    (data_dir / "extract.toml").write_text("[topics\n")
    result = run(ARTICLE, "--data", data_dir)
    assert result.exit_code == 1
    assert "extract.toml" in result.output and "Traceback" not in result.output
