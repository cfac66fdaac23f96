"""A realistic mix: what readers do, replayed against `timeline serve` with its response cache on.

Each reader's visit is a sequence: the first page (whole), a filter (an htmx swap), a second
filter, the next page of that view (the "More events" link), an event of it (a whole page), and
Back (htmx 4 fetches the whole page again). Readers favour some choices, as people do: topics by
a Zipf-like weight, years mostly round ones (decades, centuries). The visits are generated from
the timeline itself (the next page's cursor and the event come from its own answers), then sent
in order by wrk, each thread its own share, at 1 and 32 connections. Reported: the response
cache's hit rate (its hits, counted by the workers as they exit, over the requests sent) and the
latency a reader meets.

    .venv/bin/python bench/mix.py --db PATH [--db PATH ...] [--visits 1000] [--seconds 10]

The table goes to bench/MIX.md.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))
from bench.distinct import cache_hits, serve_ours  # noqa: E402
from bench.servers import free_port, run_wrk  # noqa: E402
from webapp import create_app  # noqa: E402

# Each line of the log: "H path" for an htmx swap, "F path" for a whole page.
LUA = """
local counter = 0
setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
end
init = function(args)
  lines, index = {}, 0
  local total = tonumber(os.getenv("THREADS"))
  local i = 0
  for line in io.lines(os.getenv("PATHS")) do
    if i % total == id then lines[#lines + 1] = line end
    i = i + 1
  end
end
request = function()
  index = index % #lines + 1
  local kind, path = lines[index]:match("^(%a) (.*)$")
  if kind == "H" then
    return wrk.format("GET", path, {["HX-Request"] = "true"})
  end
  return wrk.format("GET", path)
end
"""


def _weighted(rng: random.Random, choices: list[str]) -> str:
    """One of ``choices``, the first ones far more often (weight 1/rank)."""
    return rng.choices(choices, [1 / rank for rank in range(1, len(choices) + 1)])[0]


def _year(rng: random.Random, first: int, last: int) -> int:
    """Mostly a round year (a century or a decade), sometimes any."""
    year = rng.randint(first, last)
    if rng.random() < 0.5:
        return max(first, year // 100 * 100)
    if rng.random() < 0.6:
        return max(first, year // 10 * 10)
    return year


def visits(db: Path, count: int, seed: int = 1) -> list[str]:
    """``count`` readers' visits, as log lines, generated from the timeline's own answers."""
    app = create_app({"DATABASE": str(db), "RESPONSE_CACHE": False, "TESTING": True})
    client, rng, lines = app.test_client(), random.Random(seed), []
    topics = [topic["slug"] for topic in client.get("/api/topics").get_json()["topics"]]
    rng.shuffle(topics)  # which topics are popular is a reader's matter, not the file's order
    span = client.get("/api/events?limit=1").get_json()["facets"]["years"]
    first, last = max(1200, span[0]["year"]), min(2020, span[-1]["last"])
    for _ in range(count):
        topic = _weighted(rng, topics)
        second = {"topic": topic, "from": _year(rng, first, last)}
        answer = client.get("/api/events?" + urlencode(second)).get_json()
        visit = ["F /", "H /?" + urlencode({"topic": topic}), "H /?" + urlencode(second)]
        if answer["next"]:
            parts = urlsplit(answer["next"])
            visit.append("H /?" + parts.query)
            page = client.get("/api/events?" + parts.query).get_json()["events"]
            if page:
                visit.append(f"F /events/{rng.choice(page)['slug']}")
                visit.append("F /?" + parts.query)  # Back
        lines += visit
    return lines


def replay(db: Path, lines: list[str], connections: int, seconds: int, work: Path) -> dict:
    """One bounded wrk run of the log against a fresh `timeline serve` (its cache empty)."""
    listing, script = work / "mix.txt", work / "mix.lua"
    listing.write_text("\n".join(lines) + "\n")
    script.write_text(LUA)
    counts = work / "mix.hits"
    counts.unlink(missing_ok=True)
    port = free_port()
    os.environ.update(PATHS=str(listing), THREADS=str(min(2, connections)))
    with serve_ours(port, db, counts):
        result = run_wrk(f"http://127.0.0.1:{port}", connections, seconds, script)
    hits = cache_hits(counts) or 0
    return {**result, "hits": hits, "hit_rate": hits / max(1, result["requests"])}


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, action="append", required=True)
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "timeline-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    table = [
        "# A realistic mix, response cache on",
        "",
        f"`python bench/mix.py {' '.join(sys.argv[1:])}`",
        "",
        "Visits: first page, a topic, that topic from a year, the next page, an event, Back.",
        "",
        "| timeline | requests in the log | connections | requests/s | p50 | p99 | cache hit rate |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for db in args.db:
        lines = visits(db, args.visits)
        for connections in (1, 32):
            r = replay(db, lines, connections, args.seconds, args.work)
            row = (
                f"| {db.parent.name}/{db.name} | {len(lines):,} | {connections} | {r['rps']:,.0f} "
                f"| {r['p50']:,.1f} ms | {r['p99']:,.1f} ms | {r['hit_rate']:.0%} "
                f"({r['hits']:,} of {r['requests']:,}) |"
            )
            print(row, flush=True)
            table.append(row)
    (ROOT / "bench" / "MIX.md").write_text("\n".join(table) + "\n")


if __name__ == "__main__":
    main()
