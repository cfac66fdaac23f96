"""Place and person views at scale: best of 3 per URL through the test client.

    .venv/bin/timeline demo-data --events 1000000 --db /tmp/demo1m.db
    .venv/bin/python bench/places_at_scale.py /tmp/demo1m.db

Prints a Markdown table (docs/people-and-places.md has the last run's).
"""

import sys
import time

from webapp import create_app


def main(database: str) -> None:
    app = create_app({"DATABASE": database, "RESPONSE_CACHE": False})
    c = app.test_client()
    c.get("/api/topics")
    for url in [
        "/api/places",
        "/api/events?place=venice",
        "/api/events?place=rio-de-janeiro",
        "/?place=rio-de-janeiro&from=1900",
        "/?who=1",
        "/?who=1&year=1900",
        "/?person=the-patriarchate&q=treaty",
        "/?place=kabul&person=the-council&topic=war",
        "/?place=venice&place=kabul&from=1500&to=1600",
        "/api/events?place=kabul&year=1250",
        "/axis?place=kabul",
        "/?map=1",
        "/?map=1&year=1900",
        "/?map=1&person=the-navy&from=1800",
        "/places/venice",
        "/people/the-council",
        "/?lanes=place",
        "/?lanes=person&year=1900",
    ]:
        best = 1e9
        for _ in range(3):
            t = time.perf_counter()
            r = c.get(url, headers={"HX-Request": "true"} if url.startswith("/?") else {})
            best = min(best, time.perf_counter() - t)
        print(f"| `{url}` | {r.status_code} | {best * 1000:.1f} |")


if __name__ == "__main__":
    main(sys.argv[1])
