"""The desk never loses work: stale pages refused (and shown what differs), a repeated form is
one publish, publishes one at a time, a failed publish puts everything back and keeps the
history, drafts kept, a history of restorable steps, and a desk that only its own secret and
Host open. Flask's test client against a real data folder; the article is the ITU one."""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.desk_helpers import ORIGIN, TOKEN, cards, csrf, form_of
from tests.helpers import parse
from webapp import create_app
from webapp.cli import main
from webapp.desk.app import create_desk
from webapp.errors import BuildError
from webapp.ingest import publishing
from webapp.ingest.build import build

NEWSROOM = Path(__file__).parent / "newsroom"
ARTICLE = (NEWSROOM / "itu-this-day-in-history.txt").read_text()


@pytest.fixture
def desk(data_dir):
    """A desk on the whole data folder, with the new timeline "itu" and the ITU article on it;
    yields the client, the timeline's folder and the article's review URL."""
    started = CliRunner().invoke(
        main, ["new", "itu", "--title", "The ITU", "--data", str(data_dir)]
    )
    assert started.exit_code == 0, started.output
    app = create_desk(data_dir, data_dir / "timeline.db", TOKEN, "http://public.example")
    client = app.test_client()
    client.get(f"/t/itu/?token={TOKEN}")
    form = {
        "csrf": csrf(client, "/t/itu/"),
        "title": "This Day in History",
        "outlet": "Mystic",
        "published": "2024-05-17",
        "text": ARTICLE,
    }
    added = client.post("/t/itu/articles", data=form, headers=ORIGIN)
    assert added.status_code == 303
    return client, data_dir / "timelines" / "itu", added.headers["Location"]


def records(folder: Path) -> list[dict]:
    return tomllib.loads(next((folder / "extracted").glob("*.toml")).read_text())["events"]


def public_events(folder: Path) -> list[dict]:
    public = create_app({"TESTING": True, "DATABASE": str(folder / "timeline.db")}).test_client()
    return public.get("/api/events").get_json()["events"]


def stated(response) -> list[str]:
    """The slugs of cards whose sentence states the proposal's date (accepting needs no box)."""
    page = parse(response)
    return [
        slug
        for slug in cards(response)
        if page.select_one(f"#e-{slug}--start")["value"][:4]
        in page.select_one(f"#e-{slug}--card blockquote").text
    ]


def test_a_stale_tab_is_refused_and_shown_what_changed(desk):
    client, folder, url = desk
    first_tab, second_tab = client.get(url), client.get(url)
    slugs = stated(first_tab)
    form = form_of(first_tab)
    form[f"e-{slugs[0]}--decision"] = "reject"
    assert client.post(url, data=form, headers=ORIGIN).status_code == 303
    before = records(folder)
    # The second tab, made before that publish, accepts an event with a new title.
    stale = form_of(second_tab)
    stale[f"e-{slugs[1]}--decision"] = "accept"
    stale[f"e-{slugs[1]}--title"] = "Written onto the wrong event"
    refused = client.post(url, data=stale, headers=ORIGIN)
    assert refused.status_code == 409
    page = parse(refused)
    assert "this article changed since you opened it" in page.select_one("[role=alert]").text
    table = page.select_one(".desk-differences").text
    assert "is no longer in the article" in table and "Written onto the wrong event" in table
    assert records(folder) == before  # nothing written
    assert public_events(folder) == []
    # The page shown is the article as it is now: sent again, it publishes.
    fresh = form_of(refused)
    fresh[f"e-{slugs[1]}--decision"] = "accept"
    assert client.post(url, data=fresh, headers=ORIGIN).status_code == 303
    assert [e["slug"] for e in public_events(folder)] == [slugs[1]]


def test_the_same_form_sent_twice_is_one_publish(desk):
    client, folder, url = desk
    opened = client.get(url)
    form = form_of(opened)
    form[f"e-{stated(opened)[0]}--decision"] = "accept"
    first = client.post(url, data=form, headers=ORIGIN)
    again = client.post(url, data=form, headers=ORIGIN)  # a double-click, or a reload
    assert first.status_code == again.status_code == 303
    assert len(publishing.history(folder)) == 1
    assert len(public_events(folder)) == 1


def test_publishes_at_once_are_one_at_a_time_and_never_fail(desk):
    client, folder, url = desk
    opened = client.get(url)
    slugs = stated(opened)
    forms = []
    for slug in slugs[:4]:
        form = form_of(opened)
        form[f"e-{slug}--decision"] = "accept"
        forms.append(form)
    codes = []

    def send(form):  # each from a tab of its own
        tab = client.application.test_client()
        tab.get(f"/t/itu/?token={TOKEN}")
        codes.append(tab.post(url, data=form, headers=ORIGIN).status_code)

    threads = [threading.Thread(target=send, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [303, 409, 409, 409]  # one published; the others were stale
    assert len(public_events(folder)) == 1
    assert not list(folder.glob("*.tmp*")) and not list(folder.glob("extracted/.*.new"))


def test_a_failed_publish_puts_every_file_back_and_keeps_the_undo_before_it(desk, monkeypatch):
    client, folder, url = desk
    opened = client.get(url)
    slugs = stated(opened)
    form = form_of(opened)
    form[f"e-{slugs[0]}--decision"] = "accept"
    assert client.post(url, data=form, headers=ORIGIN).status_code == 303
    after_good = (records(folder), (folder / "topics.toml").read_text())
    history = publishing.history(folder)

    def broken(*args, **kwargs):
        raise BuildError("extracted/x.toml: event #1 (nothing): the disk is full")

    monkeypatch.setattr("webapp.ingest.build.replace_database", broken)
    form = form_of(client.get(url))
    form[f"e-{slugs[1]}--decision"] = "accept"
    form[f"e-{slugs[1]}--new_topic"] = "Telegraphy"
    failed = client.post(url, data=form, headers=ORIGIN)
    assert failed.status_code == 400
    assert "would not build, so nothing was written" in parse(failed).text
    assert (records(folder), (folder / "topics.toml").read_text()) == after_good
    assert publishing.history(folder) == history  # the good publish can still be undone
    assert len(public_events(folder)) == 1


def test_an_edit_on_a_proposal_kept_for_later_is_kept_as_its_draft(desk):
    client, folder, url = desk
    opened = client.get(url)
    slug = cards(opened)[2]
    form = form_of(opened)
    form[f"e-{slug}--title"] = "My better title, not yet checked"
    form[f"e-{slug}--start"] = "18"  # half typed: a draft need not be right yet
    assert client.post(url, data=form, headers=ORIGIN).status_code == 303
    again = parse(client.get(url))
    assert again.select_one(f"#e-{slug}--title")["value"] == "My better title, not yet checked"
    assert again.select_one(f"#e-{slug}--start")["value"] == "18"
    assert "(draft)" in again.select_one(f"#e-{slug}--card legend").text
    record = next(r for r in records(folder) if r["slug"] == slug)
    assert record["status"] == "proposed" and record["draft"]["start"] == "18"
    assert public_events(folder) == []


def test_a_topic_made_on_one_card_is_known_to_the_next(desk):
    client, folder, url = desk
    opened = client.get(url)
    first, second = stated(opened)[:2]
    form = form_of(opened)
    form.update(
        {
            f"e-{first}--decision": "accept",
            f"e-{first}--new_topic": "Telegraphy",
            f"e-{second}--decision": "accept",
            f"e-{second}--topics": "Telegraphy",
        }
    )
    assert client.post(url, data=form, headers=ORIGIN).status_code == 303
    assert [e["topics"] for e in public_events(folder)] == [["telegraphy"], ["telegraphy"]]


def test_a_date_the_sentence_does_not_give_needs_a_box_ticked(desk):
    client, folder, url = desk
    opened = client.get(url)
    slug = stated(opened)[0]
    form = form_of(opened)
    form.update({f"e-{slug}--decision": "accept", f"e-{slug}--start": "1901"})
    refused = client.post(url, data=form, headers=ORIGIN)
    assert refused.status_code == 400
    error = parse(refused).select_one(f"#e-{slug}--start-error").text
    assert "does not give 1901" in error and "Dated from the context" in error
    form[f"e-{slug}--inferred"] = "on"
    assert client.post(url, data=form, headers=ORIGIN).status_code == 303
    assert public_events(folder)[0]["start"] == "1901"


def test_a_slug_follows_the_title_until_published_then_keeps_its_former_one(desk):
    client, folder, url = desk
    opened = client.get(url)
    slug = stated(opened)[0]
    form = form_of(opened)
    form.update(
        {
            f"e-{slug}--decision": "accept",
            f"e-{slug}--title": "Twenty states found the Telegraph Union",
        }
    )
    assert client.post(url, data=form, headers=ORIGIN).status_code == 303
    [event] = public_events(folder)
    assert event["slug"].startswith("twenty-states-found-telegraph-union")
    first_slug = event["slug"]
    record = next(r for r in records(folder) if r["slug"] == first_slug)
    assert "former_slugs" not in record  # never public under the extractor's slug
    form = form_of(client.get(url))
    form[f"e-{first_slug}--title"] = "The Telegraph Union is founded in Paris"
    assert client.post(url, data=form, headers=ORIGIN).status_code == 303
    record = next(r for r in records(folder) if r["title"].startswith("The Telegraph Union"))
    assert record["former_slugs"] == [first_slug] and record["slug"] != first_slug


def test_the_history_keeps_ten_publishes_each_restorable(desk):
    client, _folder, url = desk
    titles = [f"Edit number {n} of the title" for n in range(11)]
    slug = None
    for title in titles:
        opened = client.get(url)
        slug = slug or cards(opened)[0]
        form = form_of(opened)
        form[f"e-{slug}--title"] = title
        assert client.post(url, data=form, headers=ORIGIN).status_code == 303
    page = parse(client.get(url))
    steps = page.select(".desk-history li")
    assert len(steps) == 11
    assert all("“This Day in History”: 1 kept as drafts" in step.text for step in steps)
    assert all(step.select_one("time[datetime]") for step in steps)
    # Restoring the fourth newest puts back the title before it: the seventh edit.
    chosen = steps[3].select_one("input[name=step]")["value"]
    restored = client.post(
        "/t/itu/restore",
        headers=ORIGIN,
        data={"csrf": csrf(client, url), "step": chosen, "back": url.rsplit("/", 1)[1]},
    )
    assert restored.status_code == 303 and restored.headers["Location"] == url
    shown = client.get(url)
    assert parse(shown).select_one(f"#e-{slug}--title")["value"] == titles[6]
    assert "Restored the state before" in parse(shown).select_one("[role=status]").text
    assert "Restored the state before" in parse(shown).select_one(".desk-history li").text


def test_the_success_banner_shows_once_and_links_to_the_public_page(desk):
    client, _folder, url = desk
    opened = client.get(url)
    form = form_of(opened)
    form[f"e-{stated(opened)[0]}--decision"] = "accept"
    done = client.post(url, data=form, headers=ORIGIN)
    assert done.status_code == 303 and "?" not in done.headers["Location"]
    banner = parse(client.get(url)).select_one("[role=status]")
    assert "the timeline now holds 1 event." in banner.text  # one event, said in the singular
    assert banner.a["href"] == "http://public.example/t/itu/sources/this-day-in-history"
    assert parse(client.get(url)).select_one("[role=status]") is None  # a reload: no banner


def test_one_desk_serves_every_timeline(desk):
    client, _folder, _url = desk
    home = parse(client.get("/t/itu/"))
    picker = {a.text: a["href"] for a in home.select(".desk-picker a")}
    assert picker["The ITU"] == "/t/itu/" and "/" in picker.values()
    assert home.select_one(".desk-articles a").text == "This Day in History"  # its title
    assert client.get("/t/nowhere/").status_code == 404
    assert client.get("/").status_code == 200


def test_the_same_article_twice_is_said_plainly(desk):
    client, _folder, url = desk
    form = {
        "csrf": csrf(client, "/t/itu/"),
        "title": "Another title",
        "outlet": "Mystic",
        "text": ARTICLE,
    }
    again = client.post("/t/itu/articles", data=form, headers=ORIGIN)
    assert again.status_code == 400
    page = parse(again)
    assert "on the desk already" in page.select_one("#text-error").text
    assert page.select_one("[role=alert] a")["href"] == url


def test_a_saved_page_fills_title_and_outlet_and_a_chosen_file_is_kept(desk):
    import io

    client, folder, _ = desk
    page = (
        "<html><head><title>Dam opens – Riverside Gazette</title>"
        '<meta property="og:title" content="Dam opens after ten years">'
        '<meta property="og:site_name" content="Riverside Gazette">'
        '<meta property="article:published_time" content="2019-04-02"></head><body><article>'
        "<h1>Dam opens after ten years</h1><p>The Riverside dam opened on 1 April 2019, ten "
        "years after work began in 2009, the council said on Tuesday.</p><p>Engineers first "
        "surveyed the valley in 1998, and the plan was approved by voters in 2007.</p>"
        "</article></body></html>"
    )
    form = {
        "csrf": csrf(client, "/t/itu/"),
        "title": "",
        "outlet": "",
        "published": "2019-4",
        "file": (io.BytesIO(page.encode()), "dam.html"),
    }
    refused = client.post("/t/itu/articles", data=form, headers=ORIGIN)
    assert refused.status_code == 400  # the date is not a day
    shown = parse(refused)
    assert shown.select_one("#title")["value"] == "Dam opens after ten years"
    assert shown.select_one("#outlet")["value"] == "Riverside Gazette"
    assert "<article>" in shown.select_one("#text").text  # the file's text, kept
    assert shown.select_one("input[name=file_name]")["value"] == "dam.html"
    form = form_of(refused, "form[enctype]")
    form["published"] = ""
    added = client.post("/t/itu/articles", data=form, headers=ORIGIN)
    assert added.status_code == 303
    meta = tomllib.loads((folder / "sources" / "dam-opens-after-ten-years.toml").read_text())
    assert (meta["outlet"], meta["published"]) == ("Riverside Gazette", "2019-04-02")


def test_the_desk_cookie_is_its_own_and_odd_secrets_are_refused_not_errors(data_dir):
    def cookie_of(secret: str) -> tuple[str, str]:
        client = create_desk(data_dir, data_dir / "timeline.db", secret).test_client()
        set_cookie = client.get(f"/?token={secret}").headers["Set-Cookie"]
        name, value = set_cookie.split(";")[0].split("=", 1)
        return name, value

    first, second = cookie_of("first-secret"), cookie_of("second-secret")
    assert first[0] != second[0]  # two desks never share (or overwrite) one cookie
    assert "first-secret" not in first[1]  # the token itself is not in it
    stranger = create_desk(data_dir, data_dir / "timeline.db", "first-secret").test_client()
    assert stranger.get("/?token=wrøng-tøken").status_code == 403
    stranger.set_cookie(first[0], "ünïcode")
    assert stranger.get("/").status_code == 403
    stranger.set_cookie(first[0], first[1])
    assert stranger.get("/").status_code == 200
    odd_csrf = stranger.post("/articles", data={"csrf": "çsrf"}, headers=ORIGIN)
    assert odd_csrf.status_code == 403


def test_the_desk_refuses_hosts_it_was_not_started_on(data_dir):
    app = create_desk(data_dir, data_dir / "timeline.db", TOKEN, hosts=("127.0.0.1:8100",))
    client = app.test_client()
    assert client.get(f"/?token={TOKEN}", base_url="http://127.0.0.1:8100").status_code == 302
    assert client.get("/", base_url="http://127.0.0.1:8100").status_code == 200
    rebound = client.get("/", base_url="http://attacker.example:8100")
    assert rebound.status_code == 400 and "answers only at" in rebound.get_data(as_text=True)


def test_build_waits_for_a_publish_holding_the_lock(data_dir):
    built = threading.Event()
    with publishing.folder_lock(data_dir):
        worker = threading.Thread(target=lambda: (build(data_dir, data_dir / "x.db"), built.set()))
        worker.start()
        assert not built.wait(0.5)  # blocked: a publish is writing
    worker.join()
    assert built.is_set() and (data_dir / "x.db").exists()


def test_a_renamed_event_answers_301_at_its_former_slug_and_others_still_404(desk):
    client, folder, url = desk
    opened = client.get(url)
    slug = stated(opened)[0]
    form = form_of(opened)
    form.update({f"e-{slug}--decision": "accept", f"e-{slug}--title": "Union founded"})
    client.post(url, data=form, headers=ORIGIN)
    [first] = public_events(folder)
    form = form_of(client.get(url))
    form[f"e-{first['slug']}--title"] = "The Telegraph Union is founded in Paris"
    assert client.post(url, data=form, headers=ORIGIN).status_code == 303
    [now] = public_events(folder)
    public = create_app({"TESTING": True, "DATABASE": str(folder / "timeline.db")}).test_client()
    page = public.get(f"/events/{first['slug']}")
    assert page.status_code == 301 and page.headers["Location"].endswith(f"/events/{now['slug']}")
    embed = public.get(f"/embed?event={first['slug']}&theme=dark")
    assert embed.status_code == 301
    assert (
        f"event={now['slug']}" in embed.headers["Location"]
        and "theme=dark" in embed.headers["Location"]
    )
    code = public.get(f"/embed-code?event={first['slug']}")
    assert code.status_code == 301 and f"event={now['slug']}" in code.headers["Location"]
    oembed = public.get(f"/oembed?url=http://localhost/events/{first['slug']}").get_json()
    assert f"event={now['slug']}" in oembed["html"]
    assert public.get(f"/events/{now['slug']}").status_code == 200
    assert public.get("/events/never-an-event").status_code == 404
    assert public.get("/embed?event=never-an-event").status_code == 400


def test_problems_only_the_build_finds_are_put_beside_their_fields_all_at_once(desk):
    client, folder, url = desk
    opened = client.get(url)
    first, second = stated(opened)[:2]
    form = form_of(opened)
    form.update(
        {
            f"e-{first}--decision": "accept",
            f"e-{first}--title": "Union " * 60,
            f"e-{second}--decision": "accept",
            f"e-{second}--summary": "B" * 10_001,
        }
    )
    refused = client.post(url, data=form, headers=ORIGIN)
    assert refused.status_code == 400
    page = parse(refused)
    title_error = page.select_one("[id$='--title-error']").text
    summary_error = page.select_one("[id$='--summary-error']").text
    assert title_error.startswith("Title is 359 characters long; shorten it to")
    assert summary_error.startswith("Summary is 10,001 characters long")
    assert "extracted/" not in page.text and "event #" not in page.text
    assert page.select_one("[id$='--summary-error']").find_parent("details").has_attr("open")
    assert public_events(folder) == []


def test_a_second_article_telling_the_same_events_gets_slugs_of_its_own(desk):
    client, _folder, url = desk
    retold = ARTICLE + "\nThe union's founding was recalled in 2015 by the stamp's issuers.\n"
    form = {
        "csrf": csrf(client, "/t/itu/"),
        "title": "The same day, retold",
        "outlet": "Other",
        "published": "2024-05-18",
        "text": retold,
    }
    added = client.post("/t/itu/articles", data=form, headers=ORIGIN)
    assert added.status_code == 303  # not "slug … is used more than once"
    first, second = cards(client.get(url)), cards(client.get(added.headers["Location"]))
    assert set(first).isdisjoint(second)
    assert [parse(client.get("/t/itu/")).select(".desk-articles a")[n].text for n in (0, 1)] == [
        "The same day, retold",
        "This Day in History",
    ]


@pytest.mark.parametrize(
    "path", ["/t/itu/articles/..", "/t/itu/articles/%00", "/t/itu/articles/Nope"]
)
def test_odd_addresses_get_a_clear_404(desk, path):
    client, _, _ = desk
    response = client.get(path)
    assert response.status_code == 404
    assert "There is no such" in response.get_data(as_text=True)


def test_keep_for_later_on_a_published_event_takes_it_off_the_timeline_with_its_edits(desk):
    client, folder, url = desk
    opened = client.get(url)
    slug = stated(opened)[0]
    form = form_of(opened)
    form[f"e-{slug}--decision"] = "accept"
    client.post(url, data=form, headers=ORIGIN)
    [event] = public_events(folder)
    form = form_of(client.get(url))
    form.update(
        {
            f"e-{event['slug']}--decision": "pending",
            f"e-{event['slug']}--summary": "To check with the ITU archive.",
        }
    )
    assert client.post(url, data=form, headers=ORIGIN).status_code == 303
    assert public_events(folder) == []
    card = parse(client.get(url)).select_one(f"#e-{event['slug']}--card")
    assert card.select_one("textarea").text == "To check with the ITU archive."
    assert card.select_one("input[value=pending]").has_attr("checked")


def test_a_port_in_use_is_said_plainly(data_dir):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["desk", "--data", str(data_dir), "--port", str(port)])
    assert result.exit_code == 1 and "choose another --port" in result.output
    unknown = CliRunner().invoke(main, ["desk", "--data", str(data_dir), "--timeline", "nope"])
    assert unknown.exit_code == 2 and "timeline new nope" in unknown.output


def test_a_real_saved_reuters_page_needs_no_retyping_and_cannot_be_added_twice(desk):
    import io

    client, folder, _ = desk
    saved = (
        Path(__file__).parent / "extract" / "dev" / "reuters-2020-parasite-sag.html"
    ).read_bytes()

    def upload():
        form = {
            "csrf": csrf(client, "/t/itu/"),
            "title": "",
            "outlet": "",
            "published": "",
            "file": (io.BytesIO(saved), "parasite.html"),
        }
        return client.post("/t/itu/articles", data=form, headers=ORIGIN)

    added = upload()
    assert added.status_code == 303
    slug = added.headers["Location"].rsplit("/", 1)[1]
    meta = tomllib.loads((folder / "sources" / f"{slug}.toml").read_text())
    assert meta["title"].startswith("'Parasite' scores historic upset at SAG awards")
    assert (meta["outlet"], meta["author"], meta["published"]) == (
        "Reuters",
        "Jill Serjeant",
        "2020-01-20",
    )
    assert meta["url"] == "https://www.reuters.com/article/us-awards-sag-idUSKBN1ZI0EH"
    again = upload()
    assert again.status_code == 400
    assert "already" in parse(again).select_one(".desk-error").text


def test_the_desk_opens_no_file_itself():
    """Every read and write goes through the ingest side (webapp.ingest.publishing)."""
    import ast

    for module in (Path(__file__).parents[1] / "webapp" / "desk").glob("*.py"):
        tree = ast.parse(module.read_text())
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        imported |= {
            node.module.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and not node.level
        }
        assert not imported & {
            "pathlib",
            "sqlite3",
            "sqlite_utils",
            "tomlkit",
            "tomllib",
            "shutil",
        }, module
        calls = {
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
        }
        assert not calls & {"open", "read_text", "write_text", "read_bytes", "unlink", "glob"}, (
            module
        )


def test_the_journey_with_a_real_wire_story(data_dir):
    """An AP story nobody here wrote: pasted, five events accepted (two retitled), one rejected,
    one edit kept as a draft, published; then the publish undone."""
    CliRunner().invoke(main, ["new", "foxconn", "--title", "Foxconn", "--data", str(data_dir)])
    folder = data_dir / "timelines" / "foxconn"
    client = create_desk(data_dir, data_dir / "timeline.db", TOKEN).test_client()
    client.get(f"/t/foxconn/?token={TOKEN}")
    story = (NEWSROOM / "ap-2019-foxconn-wisconsin.txt").read_text()
    form = {
        "csrf": csrf(client, "/t/foxconn/"),
        "title": "Key moments in Foxconn's plan",
        "outlet": "The Associated Press",
        "published": "2019-02-01",
        "text": story,
    }
    url = client.post("/t/foxconn/articles", data=form, headers=ORIGIN).headers["Location"]
    opened = client.get(url)
    page = parse(opened)
    by_sentence = {
        card.blockquote.text: card["id"][2:].removesuffix("--card")
        for card in page.select("fieldset.desk-proposal")
    }

    def slug_of(words: str) -> str:
        return next(slug for sentence, slug in by_sentence.items() if words in sentence)

    form = form_of(opened)
    for words in (
        "Trump announces",
        "Scott Walker signs",
        "will be built in Mount Pleasant",
        "approves air permits",
        "breaks ground in Mount Pleasant",
    ):
        form[f"e-{slug_of(words)}--decision"] = "accept"
    form[f"e-{slug_of('Trump announces')}--title"] = "Trump announces a Foxconn plant"
    form[f"e-{slug_of('breaks ground')}--title"] = "Foxconn breaks ground in Mount Pleasant"
    form[f"e-{slug_of('still pending')}--decision"] = "reject"
    form[f"e-{slug_of('DNR approves a request')}--title"] = "Racine may draw lake water"
    assert client.post(url, data=form, headers=ORIGIN).status_code == 303
    events = public_events(folder)
    assert [e["start"] for e in events] == [
        "2017-07-26",
        "2017-09-18",
        "2017-10-04",
        "2018-04-24",
        "2018-06-28",
    ]
    assert events[0]["title"] == "Trump announces a Foxconn plant"
    assert events[0]["quote"].startswith("July 26, 2017: President Donald Trump announces")
    shown = parse(client.get(url))
    assert shown.select_one(f"#e-{slug_of('DNR approves a request')}--title")["value"] == (
        "Racine may draw lake water"
    )
    step = shown.select(".desk-history input[name=step]")[-1]["value"]
    client.post(
        "/t/foxconn/restore", data={"csrf": csrf(client, url), "step": step}, headers=ORIGIN
    )
    assert public_events(folder) == []
