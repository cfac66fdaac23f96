"""Helpers for reading responses the way a reader would."""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

from bs4 import BeautifulSoup

from bench import servers
from bench.servers import free_port
from webapp.web import gunicorn_conf

HTMX = {"HX-Request": "true"}
# A frozen copy of the curated data: curating db/ never changes what these tests mean.
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
FIXTURE_ARTICLE = FIXTURE_DATA / "sources" / "today-az-nato-azerbaijan.txt"


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def listed_slugs(soup: BeautifulSoup) -> list[str]:
    """The event slugs in a timeline list, in order."""
    return [article["id"].removeprefix("event-") for article in soup.select("#timeline article")]


def wait_for(url: str, seconds: float = 30) -> bytes:
    """GET ``url`` until it answers 2xx; the body (bench/servers.py waits the same way)."""
    return servers.wait_for(url, seconds)


@contextmanager
def gunicorn_serving(db_path: Path, workers: int = 2, timelines: Path | None = None):
    """The production server on a free port of 127.0.0.1, serving ``db_path`` (and the
    timelines of ``timelines`` under /t/<slug>/); yields its URL. Started and stopped by
    bench/servers.py's ``running``, as the benchmarks start theirs."""
    port = free_port()
    environment = {"TIMELINE_DATABASE": str(db_path)}
    if timelines is not None:
        environment["TIMELINE_TIMELINES"] = str(timelines)
    command = gunicorn_conf.command(f"127.0.0.1:{port}", "--workers", workers, "--max-requests", 0)
    url = f"http://127.0.0.1:{port}"
    with servers.running(command, probe=url + "/api/topics", env=environment):
        yield url


def write_large_dataset(folder: Path, count: int) -> Path:
    """A generated timeline of ``count`` events, one a year from 1801, each quoting a sentence."""
    (folder / "sources").mkdir(parents=True)
    (folder / "timeline.toml").write_text('title = "Generated"\ndescription = "Many events."\n')
    (folder / "topics.toml").write_text(
        '[[topics]]\nslug = "general"\nlabel = "General"\ndescription = "Everything."\n'
    )
    sentences = [
        f"In {1800 + n}, generated event number {n} took place." for n in range(1, count + 1)
    ]
    (folder / "sources" / "generated.txt").write_text("\n\n".join(sentences) + "\n")
    (folder / "sources" / "generated.toml").write_text(
        'title = "Generated"\noutlet = "Tests"\npublished = "2000-01-01"\n'
    )
    records = [
        f'[[events]]\nslug = "event-{n}"\ntitle = "Event {n}"\nsummary = "Number {n}."\n'
        f'start = "{1800 + n}"\ntopics = ["general"]\nsource = "generated"\nquote = "{sentence}"\n'
        for n, sentence in enumerate(sentences, start=1)
    ]
    (folder / "events.toml").write_text("\n".join(records))
    return folder


def per_year(runs) -> dict[int, int]:
    """Runs of years with a count, ``{"year", "last", "count"}``, as {year: count} (small spans)."""
    return {year: run["count"] for run in runs for year in range(run["year"], run["last"] + 1)}


GROWTH = 8  # two input sizes this far apart: linear work takes about 8× as long, quadratic 64×


def best_seconds(function, argument) -> float:
    """The best of three runs: the least disturbed by whatever else the machine does."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        function(argument)
        best = min(best, time.perf_counter() - started)
    return best
