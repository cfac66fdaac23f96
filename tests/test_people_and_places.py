"""Places and people as filters: the URL, the form's counts, the API, exports and embeds."""

from __future__ import annotations

import csv
import io

from tests.helpers import listed_slugs, parse
from tests.test_desk import desk  # noqa: F401  (the fixture)

HTMX = {"HX-Request": "true"}


def api_events(client, query: str) -> list[dict]:
    return client.get(f"/api/events?limit=100&{query}").get_json()["events"]


def test_events_carry_place_and_actor_slugs_beside_their_names(client):
    kabul = next(e for e in api_events(client, "") if "Kabul" in e["places"])
    assert kabul["place_slugs"] == ["kabul", "kabul-international-airport"]
    assert kabul["actors"] == ["Jens Stoltenberg", "Taliban"]
    assert kabul["actor_slugs"] == ["jens-stoltenberg", "taliban"]


def test_a_place_filter_keeps_the_events_in_that_place(client):
    events = api_events(client, "place=brussels")
    assert len(events) == 2
    assert all("Brussels" in event["places"] for event in events)


def test_places_and_people_are_repeatable_and_combine_with_every_other_filter(client):
    either = api_events(client, "place=brussels&place=kabul")
    assert {p for e in either for p in e["place_slugs"]} >= {"brussels", "kabul"}
    assert len(either) == 3
    minsk = api_events(client, "place=armenia&person=minsk-group")
    assert [e["actor_slugs"] for e in minsk] == [["nato", "minsk-group"]]
    assert len(api_events(client, "place=armenia")) == 3
    in_2021 = api_events(client, "person=nato&year=2021")
    assert in_2021 and all(
        int(e["start"][:4]) <= 2021 <= int((e["end"] or "9999")[:4]) for e in in_2021
    )
    worded = api_events(client, "person=ilham-aliyev&q=summit")
    assert worded and all("ilham-aliyev" in e["actor_slugs"] for e in worded)
    summits = api_events(client, "topic=summits&person=ilham-aliyev")
    assert summits and all("summits" in e["topics"] for e in summits)


def test_an_unknown_place_is_a_400_that_says_so(client):
    response = client.get("/?place=atlantis")
    assert response.status_code == 400
    assert "unknown place 'atlantis'" in parse(response).select_one(".problem").get_text()
    assert client.get("/api/events?person=nobody").status_code == 400


def test_the_view_names_its_places_and_people_in_words(client):
    count = parse(client.get("/?place=kabul&person=jens-stoltenberg")).select_one("#count")
    assert count.get_text(strip=True) == "1 event · in Kabul · with Jens Stoltenberg · 2021"


def test_the_form_folds_places_and_people_into_one_button_until_asked(client):
    soup = parse(client.get("/?topic=summits"))
    button = soup.select_one("#filters #filters-who button")
    assert button["name"] == "who" and button["value"] == "1"
    assert not soup.select("input[name=place]")


def test_the_form_lists_places_and_people_with_counts_that_follow_other_filters(client):
    whole = parse(client.get("/?who=1"))
    assert whole.select_one("input[name=who][type=hidden]")["value"] == "1"
    assert _count(whole, "place", "azerbaijan") == 5
    assert _count(whole, "person", "nato") == 10
    in_2021 = parse(client.get("/?who=1&year=2021"))
    assert _count(in_2021, "person", "nato") == 4
    assert _count(in_2021, "place", "azerbaijan") == 0
    # A place's own choices do not zero each other: each says what ticking it alone would show.
    chosen = parse(client.get("/?place=kabul"))
    assert chosen.select_one("input[name=place][value=kabul]").has_attr("checked")
    assert _count(chosen, "place", "brussels") == 2
    assert _count(chosen, "person", "taliban") == 1
    assert _count(chosen, "person", "ilham-aliyev") == 0


def test_a_filter_swap_morphs_the_place_and_people_choices_in_place(client):
    fragment = parse(client.get("/?who=1&person=nato&year=2021", headers=HTMX))
    block = fragment.select_one("#filters-who")
    assert block["hx-swap-oob"] == "outerMorph"
    assert _count(fragment, "place", "afghanistan") == 2
    plain = parse(client.get("/?year=2021", headers=HTMX))
    assert plain.select_one("#filters-who") is None


def _count(soup, name: str, slug: str) -> int:
    label = soup.select_one(f"input[name={name}][value='{slug}']").find_parent("label")
    return int(label.select_one(".topic-count").get_text(strip=True).strip("()"))


def test_the_places_and_people_apis_list_each_with_its_count(client):
    places = client.get("/api/places").get_json()["places"]
    assert places[0] == {**places[0], "slug": "azerbaijan", "name": "Azerbaijan", "count": 5}
    assert [p["count"] for p in places] == sorted((p["count"] for p in places), reverse=True)
    people = client.get("/api/people").get_json()["people"]
    assert people[0] == {"slug": "nato", "name": "NATO", "count": 10}


def test_openapi_declares_the_filters_with_this_timelines_values(client):
    spec = client.get("/openapi.json").get_json()
    parameters = {p["name"]: p for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert "kabul" in parameters["place"]["schema"]["items"]["enum"]
    assert "jens-stoltenberg" in parameters["person"]["schema"]["items"]["enum"]
    assert {"/api/places", "/api/people"} <= set(spec["paths"])


def test_the_cache_key_keeps_place_and_person(client):
    first = client.get("/api/events?place=kabul")
    second = client.get("/api/events?place=brussels")
    assert first.get_etag() != second.get_etag()
    assert len(first.get_json()["events"]) == 1


def test_exports_and_embeds_keep_the_filters(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv?place=brussels").text)))
    assert len(rows) == 2 and all("brussels" in row["place_slugs"] for row in rows)
    soup = parse(client.get("/?place=brussels"))
    links = [a["href"] for a in soup.select(".downloads a")]
    assert links and all("place=brussels" in href for href in links)
    embed = parse(client.get("/embed?person=taliban"))
    assert len(embed.select(".tl-event")) == 1
    assert "with Taliban" in embed.select_one(".tl-count").get_text()


def test_the_timeline_lists_only_the_chosen_places_events(client):
    assert listed_slugs(parse(client.get("/?place=kabul"))) == [
        e["slug"] for e in api_events(client, "place=kabul")
    ]


def test_a_place_page_names_it_lists_its_events_in_order_and_links_the_timeline(client):
    response = client.get("/places/brussels")
    assert response.status_code == 200
    soup = parse(response)
    assert soup.select_one("h1").get_text(strip=True) == "Brussels"
    listed = [a["href"].rsplit("/", 1)[1] for a in soup.select(".who-events a")]
    assert listed == [e["slug"] for e in api_events(client, "place=brussels")]
    assert soup.select_one("a[href='/?place=brussels']")
    assert soup.select_one("[data-axis]") is not None


def test_a_person_page_lists_their_events(client):
    soup = parse(client.get("/people/jens-stoltenberg"))
    assert soup.select_one("h1").get_text(strip=True) == "Jens Stoltenberg"
    assert len(soup.select(".who-events li")) == 2
    assert soup.select_one("a[href='/?person=jens-stoltenberg']")


def test_an_unknown_place_or_person_is_a_404_page(client):
    for path in ("/places/atlantis", "/people/nobody", "/places/%E2%80%AE"):
        response = client.get(path)
        assert response.status_code == 404
        assert "There is no" in parse(response).get_text()


def test_the_event_page_links_each_place_and_person_to_its_page(client):
    kabul = next(e for e in api_events(client, "place=kabul"))
    soup = parse(client.get(f"/events/{kabul['slug']}"))
    hrefs = {a["href"] for a in soup.select(".facts a")}
    assert {"/places/kabul", "/places/kabul-international-airport"} <= hrefs
    assert {"/people/jens-stoltenberg", "/people/taliban"} <= hrefs
    for href in hrefs - {h for h in hrefs if h.startswith("/?")}:
        assert client.get(href).status_code == 200


def test_the_seeds_places_resolve_to_where_they_are(client):
    places = {p["slug"]: p for p in client.get("/api/places").get_json()["places"]}
    assert (places["kabul"]["kind"], places["kabul"]["country"]) == ("city", "AF")
    assert (places["azerbaijan"]["kind"], places["azerbaijan"]["country"]) == ("country", "AZ")
    assert places["chicago"]["country"] == "US"
    assert abs(places["lisbon"]["lat"] - 38.7) < 0.1 and abs(places["lisbon"]["lon"] + 9.1) < 0.1
    by_hand = places["south-caucasus"]  # places.toml
    assert (by_hand["kind"], by_hand["lat"], by_hand["lon"]) == ("region", 41.7, 44.8)


def test_an_ambiguous_place_is_resolved_by_its_events_context_and_reported(data_dir, tmp_path):
    from webapp.ingest.build import build

    events = data_dir / "events.toml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace('places = ["Warsaw"]', 'places = ["Georgia", "Atlanta"]'))
    result = build(data_dir, tmp_path / "t.db")
    georgia = [w for w in result.warnings if "'Georgia'" in w]
    assert len(georgia) == 1 and "(event '" in georgia[0]
    assert "resolved by the event's context as Georgia (region, United States)" in georgia[0]
    (data_dir / "places.toml").write_text('[places."Georgia"]\ncountry = "GE"\n')
    again = build(data_dir, tmp_path / "t2.db")
    assert not [w for w in again.warnings if "'Georgia'" in w]


def _points(soup) -> dict[str, tuple[float, float]]:
    return {
        a["data-place"]: (float(a.circle["cx"]), float(a.circle["cy"]))
        for a in soup.select("[data-map] a[href]")
    }


def test_the_map_is_drawn_on_the_server_with_kabul_east_and_south_of_brussels(client):
    soup = parse(client.get("/?map=1"))
    drawing = soup.select_one("svg[data-map]")
    assert drawing is not None and drawing.select("path")  # country outlines
    points = _points(soup)
    assert points["kabul"][0] > points["brussels"][0]  # east
    assert points["kabul"][1] > points["brussels"][1]  # south: y grows downward
    kabul = soup.select_one("[data-map] a[data-place=kabul]")
    assert (float(kabul["data-lat"]), float(kabul["data-lon"])) == (34.52813, 69.17233)
    assert "place=kabul" in kabul["href"] and "map=1" in kabul["href"]
    radius = {a["data-place"]: float(a.circle["r"]) for a in soup.select("[data-map] a")}
    assert radius["azerbaijan"] > radius["brussels"] > radius["kabul"]  # sized by count
    listed = [a.get_text() for a in soup.select(".place-map-list a")]
    assert listed[0] == "Azerbaijan" and "Kabul" in listed and len(listed) == len(points)


def test_the_map_follows_the_view_and_zooms_to_its_extent(client):
    world = parse(client.get("/?map=1")).select_one("svg[data-map]")["viewbox"]
    narrowed = parse(client.get("/?map=1&year=2021"))
    assert "kabul" in _points(narrowed) and "chicago" not in _points(narrowed)
    kabul_only = parse(client.get("/?map=1&place=kabul")).select_one("svg[data-map]")
    width = float(kabul_only["viewbox"].split()[2])
    assert width < float(world.split()[2]) and width < 60


def test_the_map_is_only_there_when_asked_for(client):
    assert parse(client.get("/")).select_one("[data-map]") is None
    fragment = parse(client.get("/?map=1&year=2004", headers=HTMX))
    assert fragment.select_one("#results [data-map]") is not None
    assert parse(client.get("/?map=1")).select_one("#filters input[name=map][value='1']")


def test_embeds_show_the_map_with_map_1(client):
    embed = parse(client.get("/embed?map=1&person=nato"))
    hrefs = [a["href"] for a in embed.select("[data-map] a")]
    assert hrefs and all(h.startswith("http://localhost/?") and "place=" in h for h in hrefs)
    assert parse(client.get("/embed?person=nato")).select_one("[data-map]") is None


def test_the_axis_has_a_lane_per_place_or_person(client):
    soup = parse(client.get("/?lanes=place"))
    lanes = [g["data-lane"] for g in soup.select("#axis .axis-lane[data-lane]")]
    assert lanes[:3] == ["azerbaijan", "armenia", "afghanistan"]  # most named first
    assert soup.select_one("#filters input[name=lanes][value=place]")
    chosen = parse(client.get("/?lanes=person&person=nato&person=taliban"))
    assert [g["data-lane"] for g in chosen.select("#axis .axis-lane[data-lane]")] == [
        "nato",
        "taliban",
    ]
    taliban = chosen.select_one("#axis .axis-lane[data-lane=taliban]")
    assert {a["href"] for a in taliban.select("a[href*='/events/']")} == {
        "/events/kabul-airport-evacuation"
    }
    assert client.get("/?lanes=people").status_code == 400


def test_the_gazetteer_proposes_the_places_a_sentence_names():
    from webapp.ingest.gazetteer import places_in_text

    assert places_in_text("Aliyev attended summits in Istanbul and San Francisco.") == [
        "Istanbul",
        "San Francisco",  # not San as well
    ]
    assert places_in_text("Since then Azerbaijan's troops served in Afghanistan.") == [
        "Azerbaijan",
        "Afghanistan",
    ]
    assert places_in_text("Nice weather. Mobile phones spread.") == []  # capitals opening sentences
    assert places_in_text("Istanbul 2004", opens_sentence=False) == ["Istanbul"]
    assert places_in_text("Stars in Who's Afraid of Soul Vine?") == []  # no other names of cities
    # An acronym is no city (the ITU is not Itu in Brazil); a dateline's city in capitals is.
    assert places_in_text("The ITU was founded in Paris in 1865.") == ["Paris"]
    assert places_in_text("From KABUL, Aug. 27 - the airlift ended.") == ["KABUL"]


def test_the_extractor_proposes_places_from_the_gazetteer_for_the_desk():
    from webapp.ingest.extract import Vocabulary, extract

    text = "On 3 May 2019 the ministers met in Lisbon, and on 4 May 2019 they flew to Tbilisi."
    found = extract(text, vocabulary=Vocabulary())
    assert {place for proposal in found for place in proposal.places} == {"Lisbon", "Tbilisi"}


def test_a_view_with_its_map_embeds_with_it_and_oembed_keeps_it(client):
    snippets = parse(client.get("/embed-code?place=kabul&map=1")).get_text()
    assert "place=kabul&amp;map=1" in snippets or "place=kabul&map=1" in snippets
    page = "http://localhost/?place=kabul&map=1"
    oembed = client.get("/oembed", query_string={"url": page, "format": "json"}).get_json()
    assert oembed["title"] == "1 event · in Kabul · 2021"
    assert "place=kabul&amp;map=1" in oembed["html"]


def test_a_timeline_naming_no_place_or_person_has_no_button_for_them(data_dir, tmp_path):
    from webapp import create_app
    from webapp.ingest.build import build

    events = data_dir / "events.toml"
    lines = events.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(("places =", "actors ="))]
    events.write_text("\n".join(kept) + "\n", encoding="utf-8")
    build(data_dir, tmp_path / "t.db")
    bare = create_app({"TESTING": True, "DATABASE": str(tmp_path / "t.db")}).test_client()
    assert parse(bare.get("/")).select_one("#filters-who") is None
    assert bare.get("/api/places").get_json() == {"places": []}


def test_a_walk_starts_from_the_filter_with_the_fewest_events():
    from webapp.store.id_walks import driving_link
    from webapp.store.timeline_query import TimelineQuery

    query = TimelineQuery(topics=("war",), places=("kabul",), people=("the-council",))
    assert driving_link(query)[0] == "topics"  # no sizes known: topics first, as before
    sizes = {"topics": {"war": 140_000}, "places": {"kabul": 5_000}, "people": {"the-council": 9}}
    assert driving_link(query.with_drive_order(sizes))[0] == "people"
    assert query.with_drive_order(sizes) == query  # the order changes how, not what


def test_the_desk_flags_an_ambiguous_place_its_publish_names(desk):  # noqa: F811
    from tests.desk_helpers import cards, form_of
    from tests.test_desk import ORIGIN, add_article

    client, _ = desk
    review_url = add_article(client).headers["Location"]
    opened = client.get(review_url)
    chosen = cards(opened)[1]
    form = {
        **form_of(opened),
        f"e-{chosen}--decision": "accept",
        f"e-{chosen}--places": "Paris",
    }
    assert client.post(review_url, data=form, headers=ORIGIN).status_code == 303
    notices = [p.get_text(" ", strip=True) for p in parse(client.get(review_url)).select("main p")]
    flagged = [n for n in notices if n.startswith("Check this place:")]
    assert len(flagged) == 1 and f"(event '{chosen}')" in flagged[0]
    assert "Paris, Texas" in flagged[0]


def test_a_place_page_says_where_it_is_and_maps_its_events_places(client):
    soup = parse(client.get("/places/kabul"))
    assert "A city in Afghanistan (34.53° N, 69.17° E)" in soup.select_one(".lede").get_text()
    points = _points(soup)
    assert set(points) == {"kabul", "kabul-international-airport"}
    person = parse(client.get("/people/ilham-aliyev"))
    hrefs = [a["href"] for a in person.select("[data-map] a")]
    assert "/?place=brussels&person=ilham-aliyev&map=1" in hrefs


def test_the_extractor_proposes_the_people_a_title_introduces():
    from webapp.ingest.extract import Vocabulary, extract
    from webapp.ingest.person_names import people_in_text

    sentence = (
        "NATO Secretary General Jens Stoltenberg met Armenian President Armen Sargsyan; "
        "the Secretary General's Special Representative was there too."
    )
    assert people_in_text(sentence) == ["Jens Stoltenberg", "Armen Sargsyan"]
    assert people_in_text("The Kennedy Center honoured Elizabeth Taylor.") == []  # no title
    found = extract(
        "On 3 May 2019 President Emmanuel Macron visited Lisbon.", vocabulary=Vocabulary()
    )
    assert [p.actors for p in found] == [["Emmanuel Macron"]]


def test_timeline_build_prints_the_ambiguous_places_as_warnings(data_dir, tmp_path):
    from click.testing import CliRunner

    from webapp.cli import main

    events = data_dir / "events.toml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace('places = ["Warsaw"]', 'places = ["Paris"]'), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", "--data", str(data_dir), "--db", str(tmp_path / "t.db")]
    )
    assert result.exit_code == 0, result.output
    assert "warning: place 'Paris' (event 'warsaw-summit-2016') is ambiguous" in result.output
