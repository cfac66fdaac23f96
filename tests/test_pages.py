import pytest

from tests.helpers import HTMX, listed_slugs, parse


def test_timeline_lists_every_event_in_order_under_year_headings(client):
    response = client.get("/")
    soup = parse(response)
    assert response.status_code == 200
    slugs = listed_slugs(soup)
    assert len(slugs) == 22
    assert slugs[0] == "partnership-for-peace"
    assert slugs[-1] == "normalization-hopes"
    headings = [h.get_text(strip=True) for h in soup.select("#timeline h2")]
    assert headings == sorted(headings)
    assert headings[:3] == ["1994", "2002", "2004"]
    assert soup.select_one("#count").get_text(strip=True) == "22 events · 1994–2022"


def test_event_cards_show_honest_dates(client):
    soup = parse(client.get("/"))

    def date_of(slug):
        return soup.select_one(f"#event-{slug} .event-date")

    assert date_of("resolute-support-mission").get_text(" ", strip=True) == "2015 – August 2021"
    assert [t["datetime"] for t in date_of("resolute-support-mission").select("time")] == [
        "2015",
        "2021-08",
    ]
    assert date_of("afghanistan-missions").get_text(" ", strip=True) == "Since 2002"
    assert date_of("stoltenberg-sargsyan-press-conference").get_text(strip=True) == "October 2020"
    assert date_of("colomina-visit").get_text(" ", strip=True) == "Reported 18 January 2022"
    assert "January 2004" not in soup.get_text()


def test_year_filter_lists_exactly_the_events_overlapping_it(client):
    soup = parse(client.get("/?year=2021"))
    assert listed_slugs(soup) == [
        "afghanistan-missions",
        "officers-at-nato",
        "resolute-support-mission",
        "brussels-summit-2021",
        "kabul-airport-evacuation",
    ]
    assert soup.select_one("#year")["value"] == "2021"


def test_topic_filter_and_form_state_come_from_the_url(client):
    soup = parse(client.get("/?topic=summits&topic=russia&q=NATO"))
    checked = [box["value"] for box in soup.select("input[name=topic][checked]")]
    assert checked == ["summits", "russia"]
    assert soup.select_one("#q")["value"] == "NATO"
    for slug in listed_slugs(soup):
        chips = [a.get_text(strip=True) for a in soup.select(f"#event-{slug} .chip")]
        assert {"Summits", "Russia"} & set(chips)


def test_plain_form_submit_with_empty_fields_is_the_whole_timeline(client):
    soup = parse(client.get("/?from=&to=&year=&q="))
    assert len(listed_slugs(soup)) == 22


def test_form_works_without_javascript(client):
    soup = parse(client.get("/"))
    form = soup.select_one("form#filters")
    assert form["method"] == "get"
    assert form["action"] == "/"
    names = {field["name"] for field in form.select("input[name]")}
    assert names == {"from", "to", "year", "topic", "q"}
    assert form.select_one("button[type=submit]")
    assert soup.select_one("a.clear-filters")["href"] == "/"


def test_htmx_request_gets_only_the_fragment_from_the_same_block(client):
    full = parse(client.get("/?topic=afghanistan"))
    response = client.get("/?topic=afghanistan", headers=HTMX)
    fragment = parse(response)
    assert "HX-Request" in response.headers["Vary"]
    assert fragment.find("html") is None
    assert fragment.select_one("form") is None
    # The same block, but for the time axis: a fragment leaves a slot for it (same window),
    # which draws it in a follow-up request (docs/axis.md), so the list swaps at once.
    slot, axis = (
        fragment.select_one("[data-axis]").extract(),
        full.select_one("[data-axis]").extract(),
    )
    assert (slot["data-from"], slot["data-to"]) == (axis["data-from"], axis["data-to"])
    assert str(fragment.select_one("#results")) == str(full.select_one("#results"))
    assert listed_slugs(fragment) == [
        "afghanistan-missions",
        "resolute-support-mission",
        "kabul-airport-evacuation",
    ]


@pytest.mark.parametrize(
    "headers",
    [
        {"HX-Request": "true", "HX-History-Restore-Request": "true"},
        {"HX-Request": "true", "HX-Boosted": "true"},
        {"HX-Request": "true", "HX-Request-Type": "full"},
    ],
)
def test_history_restores_and_boosted_requests_get_the_whole_page(client, headers):
    response = client.get("/?year=2004", headers=headers)
    soup = parse(response)
    assert soup.find("html") and soup.select_one("form#filters") and soup.select_one("header")
    assert "HX-Request" in response.headers["Vary"]


def test_density_strip_links_filter_to_a_year_keeping_other_filters(client):
    soup = parse(client.get("/?topic=summits"))
    links = {a["data-year"]: a["href"] for a in soup.select(".density a")}
    assert links["2004"] == "/?year=2004&topic=summits"
    assert "1994" not in links  # the partnership event is not a summit
    ranged = parse(client.get("/?from=2010&to=2012"))
    assert ranged.select_one('.density a[data-year="2010"]')["aria-current"] == "true"
    assert not ranged.select_one('.density a[data-year="2004"]').has_attr("aria-current")


def test_more_link_pages_with_every_filter_kept(client):
    soup = parse(client.get("/?topic=summits&limit=3"))
    assert listed_slugs(soup) == [
        "istanbul-summit-2004",
        "bucharest-summit-2008",
        "lisbon-summit-2010",
    ]
    more = soup.select_one("#timeline li.more a")
    assert more["href"] == more["hx-get"]
    assert "topic=summits" in more["href"] and "limit=3" in more["href"]
    second = parse(client.get(more["href"], headers=HTMX))
    assert listed_slugs(second) == [
        "chicago-summit-2012",
        "cardiff-summit-2014",
        "warsaw-summit-2016",
    ]


def test_later_page_does_not_repeat_the_year_heading_it_continues(client):
    first = parse(client.get("/?year=2022&limit=3"))
    more = first.select_one("li.more a")["href"]
    second = parse(client.get(more))
    assert [h.get_text() for h in first.select("#timeline h2")] == ["2002", "2022"]
    assert [h.get_text() for h in second.select("#timeline h2")] == []


def test_event_page_shows_everything_about_the_event(client):
    response = client.get("/events/kabul-airport-evacuation")
    soup = parse(response)
    assert response.status_code == 200
    assert soup.select_one("h1").get_text() == (
        "Azerbaijani troops help secure Kabul airport during the evacuation"
    )
    assert soup.select_one(".event-date time")["datetime"] == "2021-08"
    quote = soup.select_one("blockquote")
    assert quote["cite"].endswith("/sources/today-az-nato-azerbaijan#kabul-airport-evacuation")
    assert "120 Azerbaijani servicemen" in quote.get_text()
    link = soup.select_one("a.quote-link")["href"]
    assert link == "http://localhost/sources/today-az-nato-azerbaijan#kabul-airport-evacuation"
    facts = soup.select_one("dl.facts").get_text(" ", strip=True)
    assert "Kabul International Airport" in facts and "Jens Stoltenberg" in facts
    assert soup.select_one("a[rel=prev]")["href"] == "/events/brussels-summit-2021"
    assert soup.select_one("a[rel=next]")["href"] == "/events/today-az-report"


def test_first_and_last_events_have_one_neighbour(client):
    first = parse(client.get("/events/partnership-for-peace"))
    last = parse(client.get("/events/normalization-hopes"))
    assert first.select_one("a[rel=prev]") is None and first.select_one("a[rel=next]")
    assert last.select_one("a[rel=next]") is None and last.select_one("a[rel=prev]")


def test_source_page_highlights_each_quote_with_an_anchor_to_its_event(client, built_db):
    soup = parse(client.get("/sources/today-az-nato-azerbaijan"))
    for slug in ("partnership-for-peace", "resolute-support-mission", "today-az-report"):
        anchor = soup.select_one(f"#{slug}")
        assert anchor.name == "a" and anchor["href"] == f"/events/{slug}"
        assert anchor.find_parent("mark")
    summit = soup.select_one("#warsaw-summit-2016")
    assert summit.get_text() == "Warsaw 2016"
    assert summit.find_parent("mark").get_text().startswith("Aliyev also attended seven NATO")
    event_anchors = soup.select("mark.quote--event a[id]")
    assert len(event_anchors) == 22


def test_source_page_lists_undated_notes_without_dates(client):
    soup = parse(client.get("/sources/today-az-nato-azerbaijan"))
    notes = soup.select(".source-notes li a")
    assert len(notes) == 7
    target = notes[0]["href"]
    assert soup.select_one(target).name == "mark"
    assert "Saloglu and Jeyranchol" in soup.select_one("#note-mine-clearance-projects").get_text()


@pytest.mark.parametrize(
    "url", ["/events/resolute-support-mission", "/sources/today-az-nato-azerbaijan"]
)
def test_event_and_source_pages_have_fragments_too(client, url):
    full = parse(client.get(url))
    fragment = parse(client.get(url, headers=HTMX))
    assert fragment.find("html") is None and fragment.find("header", class_="site-header") is None
    assert fragment.select_one("h1").get_text() == full.select_one("h1").get_text()


@pytest.mark.parametrize("url", ["/events/no-such-event", "/sources/nope", "/nothing-here"])
def test_unknown_slugs_get_a_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    soup = parse(response)
    assert soup.select_one("h1").get_text() == "Not Found"
    assert soup.select_one("a[href='/']")


def _meta(soup, name: str) -> str | None:
    tag = soup.select_one(f'meta[property="{name}"], meta[name="{name}"]')
    return tag["content"] if tag else None


@pytest.mark.parametrize(
    "path, title, words, kind",
    [
        ("/?topic=summits", "8 events · Summits · 2004–2021", "2004: Aliyev attends", "website"),
        ("/events/war-2020", "NATO calls for a ceasefire during the 44-day war", "2020: During",
         "article"),
        ("/sources/today-az-nato-azerbaijan", "NATO seeks broad practical co-op with Azerbaijan",
         "Today.Az, 18 January 2022: 22 dated events", "article"),
    ],
)  # fmt: skip
def test_link_previews_describe_the_view_itself(client, path, title, words, kind):
    soup = parse(client.get(path))
    assert _meta(soup, "og:title") == title
    description = _meta(soup, "description")
    assert description.startswith(words)
    assert _meta(soup, "og:description") == description
    assert _meta(soup, "og:type") == kind and _meta(soup, "twitter:card") == "summary"
    assert _meta(soup, "og:url") == f"http://localhost{path}"
    assert _meta(soup, "og:site_name") == "Azerbaijan and NATO"


def test_a_favicon_is_ours_and_never_a_404(client):
    icon = parse(client.get("/")).select_one('link[rel="icon"]')["href"]
    assert client.get(icon).mimetype == "image/svg+xml"
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 301 and redirect.headers["Location"] == icon
