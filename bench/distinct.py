"""Benchmark with distinct URLs: no request repeats, so no cache can help, and that is counted.

Real traffic is a long tail of views. For each case this draws different paths (random year
1200-2020, one of the 12 topics, one of six words, a page size of 10-50, one time in five a
cursor), never the same path twice in a whole run, more of them than wrk can send; the wrk Lua
script sends them in order, each thread its own share, and says so if a thread ran out and
started over. Three servers are asked the same questions, in alternation, with one connection
and with 32:

- ours, started as `timeline serve` starts it (its default workers, threads and recycling, the
  response cache on), afresh for each run, with each worker's cache hits written at its exit
  (``TIMELINE_BENCH_CACHE_COUNTS``): the `cache hits` column, which must be 0;
- the floor (bench/floor.py): a bare WSGI view under the same gunicorn settings that runs the
  same index walk and returns the page's rows as JSON with plain sqlite3 and ``json.dumps``;
- `datasette serve -i` with the same filters (`_shape=array`, `_size`, `_sort=id`; its HTML
  table for the page cases).

Before a case is timed, a sample of its questions is put to all three: each must answer the
same event ids (Datasette's as its JSON), or the case is reported as a mismatch, not timed. The
last row, `year, one URL`, is the cached path: the same URL again and again.

    .venv/bin/python bench/distinct.py [--sizes 20,1000000] [--seconds 10]

Results, with the command, go to bench/DISTINCT.md and bench/distinct.json. Needs wrk (apt) and
Datasette (`pip install -e '.[bench]'`). Every server listens on 127.0.0.1; every run is bounded.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))
from bench.servers import free_port, run_wrk, running  # noqa: E402
from webapp.ingest.demo_data import TOPICS  # noqa: E402
from webapp.web import gunicorn_conf  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
WORDS = ["treaty", "bridge", "harbour", "market", "plague", "quasar"]
PATHS_PER_RUN = 40_000  # more than any run here sends (checked: the Lua script says if not)
WARMUP = 64  # requests to a fresh server of ours before a timed run, none of them timed
SAMPLE = 8  # questions of each case put to all three servers before it is timed
HTMX = '{["HX-Request"] = "true"}'
# Each thread sends its own share of the paths (line i goes to thread i mod threads), in order;
# a thread that runs out starts over and says so in done().
LUA = """
local counter = 0
local threads = {}
setup = function(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end
init = function(args)
  paths, index, wrapped = {}, 0, 0
  local total = tonumber(os.getenv("THREADS"))
  local i = 0
  for line in io.lines(os.getenv("PATHS")) do
    if i % total == id then paths[#paths + 1] = line end
    i = i + 1
  end
end
request = function()
  index = index + 1
  if index > #paths then index, wrapped = 1, 1 end
  return wrk.format("GET", paths[index], HEADERS)
end
done = function(summary, latency, requests)
  for _, thread in ipairs(threads) do
    if thread:get("wrapped") == 1 then print("WRAPPED") end
  end
end
"""


def _cursor(after: int) -> str:
    return base64.urlsafe_b64encode(f"after:{after}".encode()).decode().rstrip("=")


def _in_topic(topic: str) -> str:
    """Datasette's filter for "has this topic" (its `_through` cannot be combined with a column
    filter on 0.65: both are bound as :p0, and it answers no rows)."""
    return urllib.parse.quote(f"id in (select event_id from event_topics where topic = '{topic}')")


# case -> (our path, Datasette's path for the same question), as templates: {year}, {topic},
# {word}, {size}, {where} (Datasette's topic filter), {cursor} / {after} (one time in five).
_SEARCH = "/demo/events.json?_sort=id&_size={size}&_shape=array{after}"
_TABLE = "/demo/events?_sort=id&_size={size}{after}"
CASES = {
    "year": ("/api/events?year={year}&limit={size}{cursor}",
             _SEARCH + "&start_year__lte={year}&end_year__gte={year}"),
    "topic + from": ("/api/events?topic={topic}&from={year}&limit={size}{cursor}",
                     _SEARCH + "&_where={where}&end_year__gte={year}"),
    "words + from": ("/api/events?q={word}&from={year}&limit={size}{cursor}",
                     _SEARCH + "&_search={word}*&end_year__gte={year}"),
    "words + topic": ("/api/events?q={word}&topic={topic}&limit={size}{cursor}",
                      _SEARCH + "&_search={word}*&_where={where}"),
    "page: year": ("/?year={year}&limit={size}{cursor}", _TABLE + "&start_year__lte={year}&end_year__gte={year}"),
    "page: topic + from": ("/?topic={topic}&from={year}&limit={size}{cursor}",
                           _TABLE + "&_where={where}&end_year__gte={year}"),
    "page: words": ("/?q={word}&from={year}&limit={size}{cursor}", _TABLE + "&_search={word}*&end_year__gte={year}"),
}  # fmt: skip
CACHED_CASE = "year, one URL"  # the cached path: one URL over and over, ours alone


class PathSource:
    """Questions for the cases, never the same path twice from one source."""

    def __init__(self, seed: int, events: int):
        self.rng, self.events, self.seen = random.Random(seed), events, set()

    def draw(self, case: str, count: int) -> tuple[list[str], list[str]]:
        """(our paths, Datasette's paths): ``count`` new questions, the same in both lists."""
        ours_template, theirs_template = CASES[case]
        ours, theirs, tries = [], [], 0
        while len(ours) < count:
            values = self._values()
            path = ours_template.format(**values)
            if path in self.seen:
                tries += 1
                if tries > 20 * count:
                    raise RuntimeError(f"{case}: fewer than {count} new paths to draw")
                continue
            self.seen.add(path)
            ours.append(path)
            theirs.append(theirs_template.format(**values))
        return ours, theirs

    def _values(self) -> dict:
        rng = self.rng
        topic = rng.choice(TOPICS)[0]
        after = rng.randint(1, max(1, self.events // 2)) if rng.random() < 0.2 else 0
        return {
            "year": rng.randint(1200, 2020), "topic": topic, "word": rng.choice(WORDS),
            "size": rng.randint(10, 50), "where": _in_topic(topic),
            "cursor": f"&cursor={_cursor(after)}" if after else "",
            "after": f"&id__gt={after}" if after else "",
        }  # fmt: skip


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=120) as response:
        return json.loads(response.read())


def same_answers(bases: dict[str, str], ours: list[str], theirs: list[str]) -> str | None:
    """None when ours, the floor and Datasette name the same events for every sampled
    question; else what differed, for the report."""
    for our_path, their_path in zip(ours[:SAMPLE], theirs[:SAMPLE], strict=True):
        api_path = "/api/events?" + our_path.split("?", 1)[1]
        json_path = their_path.replace("/demo/events?", "/demo/events.json?")
        if "_shape=array" not in json_path:
            json_path += "&_shape=array"
        answers = {
            "ours": [e["slug"] for e in _get_json(bases["ours"] + api_path)["events"]],
            "floor": [e["slug"] for e in _get_json(bases["floor"] + api_path)["events"]],
            "datasette": [e["slug"] for e in _get_json(bases["datasette"] + json_path)],
        }
        if not answers["ours"] == answers["floor"] == answers["datasette"]:
            counts = ", ".join(f"{name} {len(slugs)}" for name, slugs in answers.items())
            return f"{our_path}: different events ({counts})"
    return None


def drive(base: str, paths: list[str], folder: Path, name: str, htmx: bool, connections: int,
          seconds: int) -> dict:  # fmt: skip
    """One bounded wrk run over ``paths``, in order, each thread its own share."""
    listing = folder / f"{name}.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = folder / f"{name}.lua"
    script.write_text(LUA.replace("HEADERS", HTMX if htmx else "nil"))
    os.environ["PATHS"], os.environ["THREADS"] = str(listing), str(min(2, connections))
    result = run_wrk(base, connections, seconds, script)
    repeated = "WRAPPED" in result["output"] or result["requests"] > len(paths)
    return {"rps": result["rps"], "p50": result["p50"], "p99": result["p99"],
            "requests": result["requests"], "distinct": len(paths), "repeated": repeated,
            "errors": result["non_2xx"], "timeouts": result["socket_error_kinds"].get("timeout", 0)}  # fmt: skip


def serve_ours(port: int, db: Path, counts: Path):
    """`timeline serve` as a reader's server runs it, writing cache hits to ``counts``."""
    command = [BIN / "timeline", "serve", "--db", db, "--port", port]
    env = {gunicorn_conf.CACHE_COUNTS_VARIABLE: str(counts), "TIMELINE_DATABASE": str(db)}
    return running(command, f"http://127.0.0.1:{port}/api/topics", env)


def cache_hits(counts: Path) -> int | None:
    """The hits every worker of one run wrote at its exit; None if none wrote."""
    if not counts.exists():
        return None
    return sum(json.loads(line)["hits"] for line in counts.read_text().splitlines())


def warm(base: str, paths: list[str], htmx: bool) -> None:
    """Requests outside the timed set, eight at a time, so that every worker thread of a fresh
    server has compiled its templates, read its catalogue and opened its connection (the floor
    and Datasette stay up through the whole run, so theirs are warm)."""
    headers = {"HX-Request": "true"} if htmx else {}

    def one(path: str) -> None:
        request = urllib.request.Request(base + path, headers=headers)
        # A 503 past the time limit on a busy machine still warmed what it touched.
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=60).read()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, paths))


def timed_ours(port: int, db: Path, work: Path, name: str, paths: list[str], warmup: list[str],
               htmx: bool, connections: int, seconds: int) -> dict:  # fmt: skip
    """One run of ours on a fresh server, so its cache starts empty and its hits are its own."""
    counts = work / f"{name}.hits"
    counts.unlink(missing_ok=True)
    base = f"http://127.0.0.1:{port}"
    with serve_ours(port, db, counts):
        warm(base, warmup, htmx)
        result = drive(base, paths, work, name, htmx, connections, seconds)
    return {**result, "cache_hits": cache_hits(counts)}


def _print(size: int, case: str, connections: int, server: str, result: dict) -> None:
    hits = result.get("cache_hits", "")
    print(f"{size:>9,} {case:19} {connections:>2}c {server:9} {result['rps']:9.1f} rps "
          f"p50 {result['p50']:8.2f} p99 {result['p99']:8.2f} ms  {result['requests']} req of "
          f"{result['distinct']} paths  non-2xx {result['errors']} timeouts {result['timeouts']}"
          f"  cache hits {hits}", flush=True)  # fmt: skip


def ensure_database(size: int, work: Path) -> Path:
    db = work / f"size-{size}" / "demo.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    if not db.exists():
        subprocess.run([str(BIN / "timeline"), "demo-data", "--events", str(size),
                        "--db", str(db), "--quiet"], check=True)  # fmt: skip
    return db


def bench_size(size: int, seconds: int, work: Path, cases: list[str] | None = None) -> list[dict]:
    db = ensure_database(size, work)
    ports = {name: free_port() for name in ("ours", "floor", "datasette", "check")}
    bases = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    source, rows = PathSource(size, size), []
    floor = gunicorn_conf.command(f"127.0.0.1:{ports['floor']}", "--chdir", ROOT,
                                  "--access-logfile", "-", "bench.floor:app")  # fmt: skip
    datasette = [BIN / "datasette", "serve", "-i", db, "-h", "127.0.0.1", "-p",
                 ports["datasette"], "--setting", "sql_time_limit_ms", "5000"]  # fmt: skip
    env = {"TIMELINE_DATABASE": str(db)}
    with (
        running(floor, bases["floor"] + "/?year=1500", env),
        running(datasette, bases["datasette"] + "/-/versions.json"),
        serve_ours(ports["check"], db, work / "check.hits"),
    ):
        for case in cases or list(CASES):
            sample = source.draw(case, SAMPLE)
            checks = {**bases, "ours": bases["check"]}
            mismatch = same_answers(checks, *sample)
            if mismatch:
                print(f"{size:>9,} {case}: not timed, {mismatch}", flush=True)
                rows.append({"size": size, "case": case, "mismatch": mismatch})
                continue
            htmx = case.startswith("page")
            for connections in (1, 32):
                ours, theirs = source.draw(case, PATHS_PER_RUN)
                warmup, _ = source.draw(case, WARMUP)
                name = f"{list(CASES).index(case)}-{connections}"
                runs = {
                    "ours": (timed_ours, ports["ours"], db, work, f"ours-{name}", ours, warmup,
                             htmx),
                    "floor": (drive, bases["floor"], ours, work, f"floor-{name}", False),
                    "datasette": (drive, bases["datasette"], theirs, work, f"ds-{name}", False),
                }  # fmt: skip
                for server, (run, *arguments) in runs.items():
                    result = run(*arguments, connections, seconds)
                    rows.append({"size": size, "case": case, "server": server,
                                 "connections": connections, **result})  # fmt: skip
                    _print(size, case, connections, server, result)
    rows += cached_path(size, db, seconds, work)
    return rows


def cached_path(size: int, db: Path, seconds: int, work: Path) -> list[dict]:
    """Ours alone on one URL again and again: what the response cache gives, labelled so."""
    rows, port = [], free_port()
    for connections in (1, 32):
        paths = ["/api/events?year=1500&limit=20"] * PATHS_PER_RUN
        with serve_ours(port, db, work / "cached.hits"):
            result = drive(f"http://127.0.0.1:{port}", paths, work, f"cached-{connections}",
                           False, connections, seconds)  # fmt: skip
        result = {**result, "cache_hits": "cached path", "repeated": True}
        rows.append({"size": size, "case": CACHED_CASE, "server": "ours",
                     "connections": connections, **result})  # fmt: skip
        _print(size, CACHED_CASE, connections, "ours", result)
    return rows


def pick(rows: list[dict], size: int, case: str, server: str, connections: int) -> dict | None:
    """The one result row for this size, case, server and number of connections, if any."""
    wanted = (size, case, server, connections)
    return next(
        (
            r
            for r in rows
            if (r["size"], r["case"], r.get("server"), r.get("connections")) == wanted
        ),
        None,
    )


def _ratio(a: dict | None, b: dict | None) -> str:
    if not a or not b:
        return "–"
    return "∞" if b["rps"] == 0 else f"{a['rps'] / b['rps']:,.1f}×"


def _rate(row: dict | None, p99: bool = False) -> str:
    if not row:
        return "–"
    text = f"{row['rps']:,.0f}" if row["rps"] >= 10 else f"{row['rps']:,.1f}"
    if p99:
        text += f" · {row['p99']:,.1f} ms" if row["p99"] < 100 else f" · {row['p99']:,.0f} ms"
    if row.get("errors") or row.get("timeouts"):
        text += f" ({row['errors']} non-2xx, {row['timeouts']} timeouts)"
    return text


def _hits(*runs: dict | None) -> str:
    values = [str(run["cache_hits"]) for run in runs if run and "cache_hits" in run]
    return "cached path" if "cached path" in values else " / ".join(values) or "–"


def _distinct(*runs: dict | None) -> str:
    """Requests sent against distinct paths, per run: every request must have been new."""
    parts = []
    for run in runs:
        if run:
            note = " (repeats)" if run["repeated"] else ""
            parts.append(f"{run['requests']:,} of {run['distinct']:,}{note}")
    return " / ".join(parts)


def table(rows: list[dict]) -> str:
    lines = ["| events | case | ours 1c · p99 | floor 1c | Datasette 1c | × Datasette 1c "
             "| × floor 1c | ours 32c · p99 | floor 32c | Datasette 32c | × Datasette 32c "
             "| × floor 32c | requests of distinct URLs (1c / 32c) | cache hits (1c / 32c) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]  # fmt: skip
    for size in sorted({r["size"] for r in rows}):
        for case in [*CASES, CACHED_CASE]:
            mismatch = next((r for r in rows if r["size"] == size and r["case"] == case
                             and "mismatch" in r), None)  # fmt: skip
            if mismatch:
                lines.append(
                    f"| {size:,} | {case} | not timed: {mismatch['mismatch']} |" + " |" * 11
                )
                continue
            got = {(s, c): pick(rows, size, case, s, c)
                   for s in ("ours", "floor", "datasette") for c in (1, 32)}  # fmt: skip
            o1, o32 = got["ours", 1], got["ours", 32]
            if not o1:
                continue
            f1, f32, d1, d32 = (
                got["floor", 1],
                got["floor", 32],
                got["datasette", 1],
                got["datasette", 32],
            )
            lines.append(
                f"| {size:,} | {case} | {_rate(o1, True)} | {_rate(f1)} | {_rate(d1)} "
                f"| {_ratio(o1, d1)} | {_ratio(o1, f1)} | {_rate(o32, True)} | {_rate(f32)} "
                f"| {_rate(d32)} | {_ratio(o32, d32)} | {_ratio(o32, f32)} "
                f"| {_distinct(o1, o32)} | {_hits(o1, o32)} |"
            )
    return "\n".join(lines)


def targets(rows: list[dict]) -> str:
    """The issue's goals at the largest size, each said as met or not, with the figure."""
    size = max(r["size"] for r in rows)
    lines = []
    for case in CASES:
        ours1, ours32 = pick(rows, size, case, "ours", 1), pick(rows, size, case, "ours", 32)
        if not ours1 or not ours32:
            continue
        checks = []
        for connections, ours in ((1, ours1), (32, ours32)):
            theirs = pick(rows, size, case, "datasette", connections)
            times = ours["rps"] / theirs["rps"] if theirs and theirs["rps"] else float("inf")
            checks.append((times >= 8, f"{times:,.1f}× Datasette at {connections}c (≥ 8×)"))
        checks += [
            (ours1["p99"] <= 20, f"p99 {ours1['p99']:.1f} ms at 1c (≤ 20)"),
            (ours32["p99"] <= 150, f"p99 {ours32['p99']:.0f} ms at 32c (≤ 150)"),
            (ours1["cache_hits"] == 0 and ours32["cache_hits"] == 0, "0 cache hits"),
        ]
        if case == "year":
            floor = pick(rows, size, case, "floor", 1)
            share = floor["rps"] / ours1["rps"] if floor and ours1["rps"] else float("inf")
            checks.append((share <= 2, f"floor / ours {share:.2f} at 1c (≤ 2)"))
        said = "; ".join(("met: " if ok else "**not met**: ") + text for ok, text in checks)
        lines.append(f"- {case}: {said}")
    return "\n".join(lines)


ABOUT = """Every request of a run is a URL sent once (`requests of distinct URLs`: sent, against
the distinct URLs drawn; `(repeats)` if a wrk thread ever started over). `ours` is `timeline
serve` as it runs by default, started afresh for each run, response cache on; `cache hits` is
what its workers counted at exit (0 means no answer came from memory; the fixed-URL row is the
`cached path`). `floor` is bench/floor.py: the same index walk under the same gunicorn, rows as
JSON with plain sqlite3, nothing else. `× floor` is ours' requests/s over the floor's (1.0× would
be the floor). Datasette was checked to answer the same events as ours for 8 questions of each
case before it was timed. ms figures are p99. The machine is shared (2 cores, other
engineers' work beside it): compare within a row. docs/speed.md says what costs what."""


def main() -> None:
    # A stopped run still stops its servers (the ``running`` blocks end on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,1000000")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--cases", help="comma-separated case names (default: every case)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "timeline-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in (int(value) for value in args.sizes.split(",")):
        rows += bench_size(size, args.seconds, args.work, args.cases and args.cases.split(","))
    (ROOT / "bench" / "distinct.json").write_text(json.dumps(rows, indent=1) + "\n")
    command = " ".join(["python bench/distinct.py", *sys.argv[1:]])
    (ROOT / "bench" / "DISTINCT.md").write_text(
        f"# Distinct URLs: ours against the floor and Datasette\n\n`{command}`\n\n{ABOUT}\n\n"
        f"{table(rows)}\n\nGoals at the largest size:\n\n{targets(rows)}\n"
    )
    print(table(rows))
    print(targets(rows))


if __name__ == "__main__":
    main()
