"""Bad input gets a clear 400 (or 404), never a 500, on the page, the fragment and the API."""

import pytest

from tests.helpers import HTMX, parse

BAD = [
    ("year=abc", "year must be a year"),
    ("year=0", "there is no year 0"),
    ("year=100000000001", "from -100000000000 to 100000000000"),
    ("year=9223372036854775808", "year"),
    ("from=2020&to=2010", "must not be after"),
    ("from=abc", "or a month or a day: 2021-08, 2021-08-15"),
    ("to=2021-13", "to:"),
    ("limit=0", "limit"),
    ("limit=-1", "limit"),
    ("limit=1e3", "limit"),
    ("topic=sports", "unknown topic"),
    ("q=" + "a" * 201, "too long"),
    ("q=%22%2A%22", "at least one word"),
    ("cursor=xyz", "cursor"),
]


@pytest.mark.parametrize(("query", "message"), BAD)
def test_page_answers_400_keeping_the_form(client, query, message):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    soup = parse(response)
    assert message in soup.select_one(".problem").get_text()
    assert soup.select_one("form#filters")
    assert soup.select_one(".problem")["role"] == "alert"


@pytest.mark.parametrize(("query", "message"), BAD)
def test_fragment_answers_400_in_place_of_the_results(client, query, message):
    response = client.get(f"/?{query}", headers=HTMX)
    assert response.status_code == 400
    soup = parse(response)
    assert soup.find("html") is None
    assert message in soup.select_one("#results .problem").get_text()


@pytest.mark.parametrize(("query", "message"), BAD)
def test_api_answers_400_with_an_error(client, query, message):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 400
    assert message in response.get_json()["error"]


@pytest.mark.parametrize(
    "q",
    ["AND", "OR", "NEAR(", "NEAR(a b)", '"unbalanced', "*", "a*", "-war", "war -peace", "col:x",
     "<script>alert(1)</script>", "'; DROP TABLE events; --", "\u0000x", "ünïcödé", "日本"],
)  # fmt: skip
def test_anything_typed_in_q_is_never_a_server_error(client, q):
    response = client.get("/", query_string={"q": q})
    assert response.status_code in (200, 400)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert client.get("/api/events", query_string={"q": q}).status_code in (200, 400)


def test_q_and_searches_the_word(client):
    soup = parse(client.get("/?q=AND"))
    assert soup.select("#timeline article")
    assert "matching “AND”" in soup.select_one("#count").get_text()


def test_repeated_topics_are_accepted_once(client):
    response = client.get("/?" + "&".join(["topic=russia"] * 1000))
    assert response.status_code == 200
    assert parse(response).select_one("#count").get_text().startswith("1 event")
