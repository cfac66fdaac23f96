"""Benchmark with distinct URLs: every request a different filter combination, so no cache helps.

Real traffic is a long tail of views. For each case this writes thousands of different paths
(random year 1200-2020, one of the 12 topics, one of six words, sometimes a cursor), and a wrk
Lua script sends them in random order, to our server (gunicorn as `timeline serve` runs it) and
to `datasette serve -i` asked the same question (`_shape=array`, `_size=20`, `_sort=id`; its HTML
table for the page cases), in alternation, with one connection and with 32.

    .venv/bin/python bench/distinct.py [--sizes 20,100000,1000000] [--seconds 5]

Results, with the command, go to bench/DISTINCT.md and bench/distinct.json. Needs wrk (apt) and
Datasette (`pip install -e '.[bench]'`). Every server listens on 127.0.0.1; every run is bounded.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))
from bench.servers import free_port, run_wrk, running  # noqa: E402
from webapp.ingest.demo_data import TOPICS  # noqa: E402
from webapp.web import gunicorn_conf  # noqa: E402

PYTHON = sys.executable
WORDS = ["treaty", "bridge", "harbour", "market", "plague", "quasar"]
PATHS_PER_CASE = 5000
HTMX = '{["HX-Request"] = "true"}'
# The Lua script: each request one of the case's paths, chosen at random.
LUA = """
local paths = {}
init = function(args)
  for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)], HEADERS)
end
"""


def _cursor(after: int) -> str:
    return base64.urlsafe_b64encode(f"after:{after}".encode()).decode().rstrip("=")


def _through(topic: str) -> str:
    return urllib.parse.quote(
        json.dumps({"table": "event_topics", "column": "topic", "value": topic})
    )


# case -> (our path, Datasette's path for the same question), as templates: {year}, {topic},
# {word}, {through} (Datasette's filter on event_topics), {cursor} (ours, one time in five).
_SEARCH = "/demo/events.json?_sort=id&_size=20&_shape=array"
_TABLE = "/demo/events?_sort=id&_size=20"
CASES = {
    "year": ("/api/events?year={year}&limit=20{cursor}",
             _SEARCH + "&start_year__lte={year}&end_year__gte={year}"),
    "topic + from": ("/api/events?topic={topic}&from={year}&limit=20{cursor}",
                     _SEARCH + "&_through={through}&end_year__gte={year}"),
    "words + from": ("/api/events?q={word}&from={year}&limit=20{cursor}",
                     _SEARCH + "&_search={word}&end_year__gte={year}"),
    "words + topic": ("/api/events?q={word}&topic={topic}&limit=20{cursor}",
                      _SEARCH + "&_search={word}&_through={through}"),
    "page: year": ("/?year={year}&limit=20", _TABLE + "&start_year__lte={year}&end_year__gte={year}"),
    "page: topic + from": ("/?topic={topic}&from={year}&limit=20",
                           _TABLE + "&_through={through}&end_year__gte={year}"),
    "page: words": ("/?q={word}&from={year}&limit=20", _TABLE + "&_search={word}&end_year__gte={year}"),
}  # fmt: skip


def case_paths(case: str, rng: random.Random, events: int) -> tuple[list[str], list[str]]:
    """(our paths, Datasette's paths) for one case: the same questions, in the same order."""
    ours_template, theirs_template = CASES[case]
    ours, theirs = [], []
    for _ in range(PATHS_PER_CASE):
        topic = rng.choice(TOPICS)[0]
        values = {
            "year": rng.randint(1200, 2020), "topic": topic, "word": rng.choice(WORDS),
            "through": _through(topic),
            "cursor": f"&cursor={_cursor(rng.randint(1, max(1, events // 2)))}"
            if rng.random() < 0.2 else "",
        }  # fmt: skip
        ours.append(ours_template.format(**values))
        theirs.append(theirs_template.format(**values))
    return ours, theirs


def drive(base: str, paths: list[str], folder: Path, name: str, htmx: bool, connections: int,
          seconds: int) -> dict:  # fmt: skip
    """One bounded wrk run over ``paths`` in random order; the first path must answer 200."""
    with urllib.request.urlopen(base + paths[0], timeout=60) as response:
        response.read()
    listing = folder / f"{name}.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = folder / f"{name}.lua"
    script.write_text(LUA.replace("HEADERS", HTMX if htmx else "nil"))
    import os

    os.environ["PATHS"] = str(listing)
    result = run_wrk(base, connections, seconds, script)
    return {"rps": result["rps"], "p50": result["p50"], "p99": result["p99"],
            "errors": result["non_2xx"], "timeouts": result["socket_error_kinds"].get("timeout", 0)}  # fmt: skip


def bench_size(size: int, seconds: int, work: Path) -> list[dict]:
    db = work / f"size-{size}" / "demo.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    if not db.exists():
        subprocess.run([str(Path(PYTHON).parent / "timeline"), "demo-data", "--events", str(size),
                        "--db", str(db), "--quiet"], check=True)  # fmt: skip
    ours_port, theirs_port = free_port(), free_port()
    ours, theirs = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{theirs_port}"
    rng, rows = random.Random(size), []
    serve = gunicorn_conf.command(f"127.0.0.1:{ours_port}", "--max-requests", 0,
                                  "--log-level", "warning")  # fmt: skip
    datasette = [str(Path(PYTHON).parent / "datasette"), "serve", "-i", str(db), "-h",
                 "127.0.0.1", "-p", str(theirs_port), "--setting", "sql_time_limit_ms", "5000"]  # fmt: skip
    with (
        running(serve, ours + "/api/topics", {"TIMELINE_DATABASE": str(db)}),
        running(datasette, theirs + "/-/versions.json"),
    ):
        for case in CASES:
            our_paths, their_paths = case_paths(case, rng, size)
            for connections in (1, 32):
                for server, base, paths in (("ours", ours, our_paths),
                                            ("datasette", theirs, their_paths)):  # fmt: skip
                    name = f"{server}-{list(CASES).index(case)}-{connections}"
                    htmx = server == "ours" and case.startswith("page")
                    result = drive(base, paths, work, name, htmx, connections, seconds)
                    rows.append({"size": size, "case": case, "server": server,
                                 "connections": connections, **result})  # fmt: skip
                    print(f"{size:>9,} {case:19} {connections:>2}c {server:9} {result['rps']:9.1f} rps "
                          f"p50 {result['p50']:8.2f} p99 {result['p99']:8.2f} ms  non-2xx {result['errors']} "
                          f"timeouts {result['timeouts']}", flush=True)  # fmt: skip
    return rows


def pick(rows: list[dict], size: int, case: str, server: str, connections: int) -> dict | None:
    """The one result row for this size, case, server and number of connections, if any."""
    wanted = (size, case, server, connections)
    return next(
        (r for r in rows if (r["size"], r["case"], r["server"], r["connections"]) == wanted), None
    )


def table(rows: list[dict]) -> str:
    def times(a, b):
        if not a or not b:
            return "–"
        return "∞" if b["rps"] == 0 else f"{a['rps'] / b['rps']:,.1f}×"

    lines = ["| events | case | ours rps 1c | ours p99 1c | Datasette rps 1c | ratio 1c "
             "| ours rps 32c | ours p99 32c | Datasette rps 32c | ratio 32c |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for size in sorted({r["size"] for r in rows}):
        for case in CASES:
            o1, d1 = pick(rows, size, case, "ours", 1), pick(rows, size, case, "datasette", 1)
            o32 = pick(rows, size, case, "ours", 32)
            d32 = pick(rows, size, case, "datasette", 32)
            if not o1:
                continue
            lines.append(
                f"| {size:,} | {case} | {o1['rps']:,.0f} | {o1['p99']:.1f} ms | {d1['rps']:,.1f} "
                f"| {times(o1, d1)} | {o32['rps']:,.0f} | {o32['p99']:.0f} ms | {d32['rps']:,.1f} "
                f"| {times(o32, d32)} |"
            )
    return "\n".join(lines)


def targets(rows: list[dict]) -> str:
    """The issue's targets at the largest size, each said as met or not, with the figure."""
    size = max(r["size"] for r in rows)
    small = min(r["size"] for r in rows)
    lines = []
    for case in CASES:
        ours1, ours32 = pick(rows, size, case, "ours", 1), pick(rows, size, case, "ours", 32)
        theirs1 = pick(rows, size, case, "datasette", 1)
        if not ours1:
            continue
        times = ours1["rps"] / theirs1["rps"] if theirs1 and theirs1["rps"] else float("inf")
        lowest = pick(rows, small, case, "ours", 1)
        scale = ours1["rps"] / lowest["rps"] if lowest and lowest["rps"] else float("nan")
        checks = [
            (times >= 8, f"{times:,.1f}× Datasette (≥ 8×)"),
            (ours1["p99"] <= 20, f"p99 {ours1['p99']:.1f} ms at 1c (≤ 20)"),
            (ours32["p99"] <= 150, f"p99 {ours32['p99']:.0f} ms at 32c (≤ 150)"),
            (scale >= 0.65, f"{size:,} / {small:,} events throughput {scale:.2f} (≥ 0.65)"),
        ]
        said = "; ".join(("met: " if ok else "**not met**: ") + text for ok, text in checks)
        lines.append(f"- {case}: {said}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,100000,1000000")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "timeline-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in (int(value) for value in args.sizes.split(",")):
        rows += bench_size(size, args.seconds, args.work)
    (ROOT / "bench" / "distinct.json").write_text(json.dumps(rows, indent=1) + "\n")
    command = " ".join(["python bench/distinct.py", *sys.argv[1:]])
    (ROOT / "bench" / "DISTINCT.md").write_text(
        f"# Distinct URLs: ours against Datasette\n\n`{command}`\n\n{table(rows)}\n"
    )
    print(table(rows))


if __name__ == "__main__":
    main()
