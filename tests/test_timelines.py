"""Many timelines, one server: a journalist starts one from a real article and it is served on
its own at /t/<slug>/, while every URL of the default timeline answers as before."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner

from tests.helpers import gunicorn_serving, parse, wait_for
from webapp import create_site
from webapp.cli import main

ARTICLE = Path(__file__).parent / "newsroom" / "itu-this-day-in-history.txt"


def run(*arguments):
    result = CliRunner().invoke(main, [*map(str, arguments)])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def site(data_dir):
    """The fixture timeline as the default, and a new one made from the ITU article."""
    run("build", "--data", data_dir, "--db", data_dir / "timeline.db")
    run("new", "itu", "--title", "The ITU since 1865", "--data", data_dir)
    run("extract", "--timeline", "itu", "--add", ARTICLE, "--title", "This Day in History",
        "--outlet", "Mystic Stamp", "--published", "2024-05-17", "--data", data_dir)  # fmt: skip
    extracted = next((data_dir / "timelines" / "itu" / "extracted").glob("*.toml"))
    document = tomllib.loads(extracted.read_text())
    for record in document["events"]:
        record["status"] = "accepted"  # no topic, no summary: both are optional
    extracted.write_text(tomli_w.dumps(document))
    run("build", "--timeline", "itu", "--data", data_dir)
    app = create_site(
        {
            "TESTING": True,
            "DATABASE": str(data_dir / "timeline.db"),
            "TIMELINES": str(data_dir / "timelines"),
        }
    )
    return app.test_client(), data_dir


def test_a_new_timeline_is_served_on_its_own_with_its_own_title(site):
    client, _ = site
    page = parse(client.get("/t/itu/"))
    assert page.select_one("h1").get_text(strip=True) == "The ITU since 1865"
    titles = [a.get_text() for a in page.select("#timeline .event-title a")]
    assert any("International Telegraph Union" in title for title in titles)
    assert not any("NATO" in title for title in titles)
    events = client.get("/t/itu/api/events?limit=100").get_json()["events"]
    assert {e["source"] for e in events} == {"this-day-in-history"}
    assert all(e["url"].startswith("http://localhost/t/itu/events/") for e in events)
    # The default timeline's URLs answer as they did, with none of the new one's events.
    default = client.get("/api/events?limit=100").get_json()["events"]
    assert len(default) == 22 and not any("Telegraph" in e["title"] for e in default)
    assert client.get("/t/itu").status_code == 308


def test_nothing_of_one_timeline_leaks_into_another(site):
    client, _ = site
    page = parse(client.get("/t/itu/"))
    assert not page.select("input[name=topic]")  # the NATO vocabulary is not offered
    event = next(iter(client.get("/t/itu/api/events?limit=1").get_json()["events"]))
    event_page = parse(client.get(event["url"].removeprefix("http://localhost")))
    for link in event_page.select(".neighbours a"):
        assert link["href"].startswith("/t/itu/")
    assert "Azerbaijan" not in client.get("/t/itu/sources").get_data(as_text=True)


def test_embeds_and_oembed_of_a_timeline_carry_its_title(site):
    client, _ = site
    oembed = client.get("/t/itu/oembed?url=http://localhost/t/itu/").get_json()
    assert oembed["provider_name"] == "The ITU since 1865"
    assert "/t/itu/embed" in oembed["html"]
    embed = client.get("/t/itu/embed").get_data(as_text=True)
    assert "The ITU since 1865" in embed and "Azerbaijan and NATO" not in embed
    # A page of another timeline is not this one's to embed.
    assert client.get("/t/itu/oembed?url=http://localhost/").status_code == 404


def test_the_list_of_timelines_names_each_with_its_size(site):
    client, _ = site
    listing = parse(client.get("/timelines"))
    text = listing.get_text(" ", strip=True)
    assert "Azerbaijan and NATO" in text and "The ITU since 1865" in text
    assert listing.select_one('a[href="/t/itu/"]') is not None
    assert client.get("/t/itu/timelines").status_code == 404


def test_rebuilding_one_timeline_leaves_the_others_alone(site):
    _, data_dir = site
    default_db = data_dir / "timeline.db"
    before = default_db.stat().st_mtime_ns
    (data_dir / "timelines" / "itu" / "timeline.toml").write_text(
        'title = "The ITU, renamed"\ndescription = "Events of the ITU."\n'
    )
    run("build", "--timeline", "itu", "--data", data_dir)
    run("build", "--data", data_dir, "--db", default_db)  # unchanged: its data did not change
    assert default_db.stat().st_mtime_ns == before


def test_a_timeline_that_does_not_exist_is_named(data_dir):
    result = CliRunner().invoke(main, ["build", "--timeline", "nope", "--data", str(data_dir)])
    assert result.exit_code == 2 and "no timeline 'nope'" in result.output
    again = CliRunner().invoke(main, ["new", "itu", "--title", "A", "--data", str(data_dir)])
    assert again.exit_code == 0
    twice = CliRunner().invoke(main, ["new", "itu", "--title", "B", "--data", str(data_dir)])
    assert twice.exit_code == 1 and "exists" in twice.output


def test_gunicorn_serves_every_timeline(site):
    _, data_dir = site
    with gunicorn_serving(data_dir / "timeline.db", timelines=data_dir / "timelines") as url:
        page = wait_for(url + "/t/itu/").decode()
        assert "<h1" in page and "The ITU since 1865" in page
        assert "The ITU since 1865" in wait_for(url + "/timelines").decode()


def test_the_list_of_timelines_keeps_the_language(site):
    client, _ = site
    listing = parse(client.get("/timelines?lang=ar"))
    assert listing.html["dir"] == "rtl"
    assert listing.select_one('a[href="/t/itu/?lang=ar"]') is not None
    assert parse(client.get("/t/itu/?lang=ar")).html["lang"] == "ar"
