"""The review desk: locked by its token, writes only from its own pages, every field's error at
once, nothing written when anything is wrong, publish rebuilds, and a publish can be undone."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.desk_helpers import cards, form_of
from tests.helpers import parse
from webapp import create_app
from webapp.cli import main
from webapp.desk.app import create_desk

ARTICLE = (Path(__file__).parent / "newsroom" / "itu-this-day-in-history.txt").read_text()
TOKEN = "test-token-not-secret"
ORIGIN = {"Origin": "http://localhost"}


@pytest.fixture
def desk(data_dir):
    result = CliRunner().invoke(
        main, ["new", "itu", "--title", "The ITU since 1865", "--data", str(data_dir)]
    )
    assert result.exit_code == 0, result.output
    folder = data_dir / "timelines" / "itu"
    app = create_desk(folder, folder / "timeline.db", TOKEN)
    client = app.test_client()
    assert client.get(f"/?token={TOKEN}").status_code == 302  # the link sets the cookie
    return client, folder


def csrf(client, path="/") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).get_data(as_text=True))[1]


def add_article(client, **changes):
    form = {"csrf": csrf(client), "title": "This Day in History", "outlet": "Mystic Stamp",
            "published": "2024-05-17", "text": ARTICLE, **changes}  # fmt: skip
    return client.post("/articles", data=form, headers=ORIGIN)


def test_the_token_link_keeps_the_rest_of_its_address(data_dir):
    app = create_desk(data_dir, data_dir / "timeline.db", TOKEN)
    opened = app.test_client().get(f"/?token={TOKEN}&lang=ru")
    assert opened.status_code == 302 and opened.headers["Location"] == "/?lang=ru"  # no token
    assert app.test_client().get(f"/?token={TOKEN}").headers["Location"] == "/"


def test_the_desk_needs_its_token_and_writes_only_from_its_own_pages(data_dir):
    folder = data_dir
    app = create_desk(folder, folder / "timeline.db", TOKEN)
    stranger = app.test_client()
    assert stranger.get("/").status_code == 403
    assert stranger.get("/?token=wrong").status_code == 403
    client = app.test_client()
    client.get(f"/?token={TOKEN}")
    assert client.get("/").status_code == 200
    good = csrf(client)
    foreign = client.post(
        "/articles", data={"csrf": good}, headers={"Origin": "http://evil.example"}
    )
    assert foreign.status_code == 403
    forged = client.post("/articles", data={"csrf": "guess"}, headers=ORIGIN)
    assert forged.status_code == 403
    assert not (folder / "extracted").exists() or not any((folder / "extracted").iterdir())


def test_the_desk_refuses_a_public_interface_without_the_flag():
    result = CliRunner().invoke(main, ["desk", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "--allow-public" in result.output


def test_an_article_form_shows_every_error_beside_its_field(desk):
    client, folder = desk
    response = add_article(client, title="", outlet="", published="2024-13-01")
    assert response.status_code == 400
    page = parse(response)
    assert {e["id"] for e in page.select(".desk-error")} == {
        "title-error", "outlet-error", "published-error",
    }  # fmt: skip
    assert page.select_one("#published")["aria-invalid"] == "true"
    assert not list((folder / "sources").glob("*.txt"))  # nothing written


def test_the_review_journey_accepts_edits_rejects_and_publishes(desk, tmp_path):
    client, folder = desk
    added = add_article(client)
    assert added.status_code == 303
    review_url = added.headers["Location"]
    opened = client.get(review_url)
    proposals = cards(opened)
    assert len(proposals) >= 5
    form = form_of(opened)
    # proposals[0] is the article's publication (its date is given, printed nowhere in it).
    for number in (1, 5, 7):
        form[f"e-{proposals[number]}--decision"] = "accept"
    form[f"e-{proposals[1]}--title"] = "The International Telegraph Union is founded in Paris"
    form[f"e-{proposals[1]}--new_topic"] = "Founding"
    form[f"e-{proposals[2]}--decision"] = "reject"
    # A wrong date: nothing is written, and the error is beside the field.
    bad_date = {**form, f"e-{proposals[5]}--start": "1865-02-30"}
    bad = client.post(review_url, data=bad_date, headers=ORIGIN)
    assert bad.status_code == 400
    assert parse(bad).select_one(f"#e-{proposals[5]}--start-error") is not None
    assert 'status = "accepted"' not in next((folder / "extracted").glob("*.toml")).read_text()
    # Now right: published, the timeline rebuilt.
    published = client.post(review_url, data=form, headers=ORIGIN)
    assert published.status_code == 303
    assert "the timeline now holds 3 events" in client.get(review_url).get_data(as_text=True)
    document = tomllib.loads(next((folder / "extracted").glob("*.toml")).read_text())
    statuses = [record["status"] for record in document["events"]]
    assert statuses.count("accepted") == 3 and len(statuses) == len(proposals) - 1
    assert (
        "# Events `timeline extract` proposed"
        in next((folder / "extracted").glob("*.toml")).read_text()
    )  # the file's comments are kept
    public = create_app({"TESTING": True, "DATABASE": str(folder / "timeline.db")}).test_client()
    events = public.get("/api/events").get_json()["events"]
    assert len(events) == 3
    founding = next(e for e in events if e["title"].startswith("The International Telegraph"))
    assert founding["topics"] == ["founding"] and founding["start"] == "1865-05-17"
    # A mistaken publish is undone: the state before it, rebuilt.
    step = parse(client.get(review_url)).select_one(".desk-history input[name=step]")["value"]
    undo = client.post("/restore", data={"csrf": csrf(client), "step": step}, headers=ORIGIN)
    assert undo.status_code == 303
    public = create_app({"TESTING": True, "DATABASE": str(folder / "timeline.db")}).test_client()
    assert public.get("/api/events").get_json()["events"] == []


def test_another_sentence_of_the_article_can_be_made_an_event(desk):
    client, folder = desk
    review_url = add_article(client).headers["Location"]
    opened = client.get(review_url)
    sentence = next(
        f for f in parse(opened).select("fieldset.desk-sentence") if "Morse code" in f.get_text()
    )
    number = sentence.select_one("input[type=checkbox]")["name"].split("-")[0]
    form = {**form_of(opened), f"{number}-mark": "on"}
    missing = client.post(review_url, data=form, headers=ORIGIN)
    assert missing.status_code == 400  # no date: said beside the field
    assert parse(missing).select_one(f"#{number}-start-error") is not None
    form[f"{number}-start"] = "1865"
    form[f"{number}-title"] = "Morse code becomes the standard telegraph alphabet"
    # The sentence does not say 1865: the same check as a proposal's, said beside the date.
    unchecked = client.post(review_url, data=form, headers=ORIGIN)
    assert unchecked.status_code == 400
    assert "does not give 1865" in parse(unchecked).select_one(f"#{number}-start-error").text
    form[f"{number}-inferred"] = "on"  # dated from the context (the paragraph's 1865)
    assert client.post(review_url, data=form, headers=ORIGIN).status_code == 303
    public = create_app({"TESTING": True, "DATABASE": str(folder / "timeline.db")}).test_client()
    events = public.get("/api/events").get_json()["events"]
    assert [e["title"] for e in events] == ["Morse code becomes the standard telegraph alphabet"]
    assert "Morse code as the standard telegraph alphabet" in events[0]["quote"]


def test_an_uploaded_email_is_read_with_its_own_date(desk):
    import io

    client, folder = desk
    mail = (
        Path(__file__).parent / "extract" / "dev" / "linux-mm-2008-mail-server.eml"
    ).read_bytes()
    form = {"csrf": csrf(client), "title": "Mail server back", "outlet": "linux-mm",
            "file": (io.BytesIO(mail), "message.eml")}  # fmt: skip
    added = client.post("/articles", data=form, headers=ORIGIN, content_type="multipart/form-data")
    assert added.status_code == 303
    meta = tomllib.loads((folder / "sources" / "mail-server-back.toml").read_text())
    assert meta["published"] == "2008-12-17"  # from its Date header: no date was typed
