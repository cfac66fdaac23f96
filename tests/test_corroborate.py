"""Many articles at once: extracted on every core, the same happening reported by two sources
kept once and citing both, through to the built site."""

from __future__ import annotations

import json
import tomllib

import pytest
import tomli_w
from click.testing import CliRunner

from tests.helpers import parse
from webapp import create_app
from webapp.cli import main
from webapp.dates import PartialDate
from webapp.errors import BuildError
from webapp.ingest.build import build
from webapp.ingest.corroborate import corroborate, extract_many
from webapp.ingest.extract import Vocabulary

FIRST = (
    "KELMOUTH, March 3 - The harbour board said the breakwater collapsed on 1 March 2025 "
    "after a winter storm battered the coast.\n"
)
SECOND = (
    "Gazette, 4 March 2025\n\nThe breakwater at Kelmouth collapsed on 1 March 2025 when a winter "
    "storm battered the coast, officials said.\n\nA new lifeboat was also named on 1 March 2025 "
    "at a ceremony in the town hall.\n"
)


@pytest.fixture
def two_articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "board.txt").write_text(FIRST)
    (folder / "gazette.txt").write_text(SECOND)
    return folder


def jobs(folder):
    day = PartialDate.parse("2025-03-04")
    return [(path, path.stem, None, day, Vocabulary(), True) for path in sorted(folder.iterdir())]


def test_the_same_happening_in_two_articles_is_one_proposal_citing_both(two_articles):
    articles = extract_many(jobs(two_articles), workers=2)
    assert [article.slug for article in articles] == ["board", "gazette"]  # the given order
    corroborate(articles)
    collapses = [
        p
        for a in articles
        for p in a.proposals
        if p.start.iso == "2025-03-01" and p.kind == "stated"
    ]
    assert len(collapses) == 2  # the collapse (cited twice), and the lifeboat: not the same
    collapse = next(p for p in collapses if "breakwater" in p.quote)
    assert [slug for slug, _ in collapse.also] == ["gazette"]
    assert "officials said" in collapse.also[0][1].quote
    # Each article's own publication stays its own.
    assert sum(p.kind == "dateline" for a in articles for p in a.proposals) == 2


def test_the_cli_extracts_a_folder_and_says_what_it_merged(two_articles):
    result = CliRunner().invoke(
        main, ["extract", str(two_articles), "--json", "--published", "2025-03-04"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    cited = [e for e in body if e["also_reported_by"]]
    assert len(cited) == 1 and cited[0]["source"] == "board"
    assert cited[0]["also_reported_by"][0]["source"] == "gazette"
    assert "reported by more than one" in result.stderr


def test_accepted_corroborated_events_show_every_source_on_the_site(
    two_articles, data_dir, tmp_path
):
    added = CliRunner().invoke(
        main,
        ["extract", str(two_articles), "--add", "--outlet", "Kelmouth Gazette",
         "--published", "2025-03-04", "--data", str(data_dir)],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    path = data_dir / "extracted" / "board.toml"
    document = tomllib.loads(path.read_text())
    for record in document["events"]:
        record.update(status="accepted", summary="The breakwater falls.", topics=["partnership"])
    path.write_text(tomli_w.dumps(document))
    build(data_dir, tmp_path / "t.db")
    client = create_app({"TESTING": True, "DATABASE": str(tmp_path / "t.db")}).test_client()
    events = client.get("/api/events?source=board&limit=50").get_json()["events"]
    collapse = next(e for e in events if e["also_reported_by"])
    citation = collapse["also_reported_by"][0]
    assert citation["source"] == "gazette" and "officials said" in citation["quote"]
    assert citation["quote_url"].endswith(f"/sources/gazette#{collapse['slug']}")
    page = parse(client.get(f"/events/{collapse['slug']}"))
    assert "Also reported by" in page.get_text() and "officials said" in page.get_text()
    source = parse(client.get("/sources/gazette"))
    mark = source.select_one(f"mark a#{collapse['slug']}")
    assert mark is not None and "breakwater at Kelmouth" in mark.get_text()


def test_a_citation_whose_quote_is_not_in_its_source_fails_the_build(data_dir, tmp_path):
    path = data_dir / "events.toml"
    text = path.read_text()
    at = text.index('slug = "partnership-for-peace"')
    at = text.index("[[events]]", at)
    path.write_text(
        text[:at]
        + '[[events.also]]\nsource = "today-az-nato-azerbaijan"\nquote = "Not in the text."\n\n'
        + text[at:]
    )
    with pytest.raises(BuildError, match=r"partnership-for-peace.*also #1: quote not found"):
        build(data_dir, tmp_path / "t.db")
