"""Benchmark: our server against Datasette, nginx and a bare Flask "hello", in one run.

The headline is distinct URLs (bench/distinct.py): every request a different filter combination,
so the response cache cannot help, ours against Datasette at 1 and 32 connections, with the
issue's targets checked. Second, the fixed-URL table: for each size (default 20, 100,000 and 1,000,000 generated events) it builds the database with
`timeline demo-data`, starts every server on 127.0.0.1, and drives them in alternation with wrk,
case by case, for the same questions: a year filter, a topic filter, a search and a facet count.
Each case runs with one connection (latency) and with 32 (throughput). It prints both tables and
writes them, with the command that produced them, to bench/RESULTS.md.

    .venv/bin/python bench/run.py [--sizes 20,100000,1000000] [--seconds 5] [--distinct-only]

Needs Debian's wrk and nginx (installed by the script when missing, as root) and Datasette
(`pip install -e '.[bench]'`). Every server listens on 127.0.0.1 only; every run is bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))
from bench import distinct  # noqa: E402
from bench.distinct import pick  # noqa: E402
from bench.servers import free_port, run_wrk, running  # noqa: E402
from webapp.web import gunicorn_conf  # noqa: E402

PYTHON = sys.executable
GUNICORN_OPTIONS = ["-w", "4", "--max-requests", "0", "--log-level", "warning"]
# RESULTS.md is rewritten on each run, except what follows this line (the prose written by hand).
HAND_WRITTEN = "<!-- Written by hand: bench/run.py keeps everything below this line. -->"


def gunicorn(port: int, *options: str) -> list[str]:
    """Our gunicorn configuration (webapp/web/gunicorn_conf.py) on ``port``, 4 workers."""
    return gunicorn_conf.command(f"127.0.0.1:{port}", *GUNICORN_OPTIONS, *options)


THROUGH = urllib.parse.quote(
    json.dumps({"table": "event_topics", "column": "topic", "value": "science"})
)
# case -> (our URL, Datasette URL without _shape); the same question asked of each.
CASES = {
    "year filter": ("/api/events?year=1900", "/demo/events.json?start_year__lte=1900&end_year__gte=1900&_sort=id&_size=50"),
    "topic filter": ("/api/events?topic=science", f"/demo/events.json?_through={THROUGH}&_sort=id&_size=50"),
    "search": ("/api/events?q=treaty", "/demo/events.json?_search=treaty&_sort=id&_size=50"),
    "facet count": ("/api/events?limit=1", "/demo/events.json?_facet=start_year&_size=1"),
}  # fmt: skip
PAGES = {"year filter": "/?year=1900", "topic filter": "/?topic=science", "search": "/?q=treaty"}


def wrk(url: str, connections: int, seconds: int) -> dict:
    """Requests/s, latency percentiles (ms), errors and timeouts, as results.json keeps them."""
    result = run_wrk(url, connections, seconds)
    return {
        "rps": result["rps"],
        "p50": result["p50"],
        "p99": result["p99"],
        "errors": result["non_2xx"],
        "timeouts": result["socket_error_kinds"].get("timeout", 0),
    }


def check_answers(server: str, url: str) -> None:
    """Every URL must answer 200 before it is timed: fast errors would flatter a server."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
    except urllib.error.HTTPError as error:
        sys.exit(f"{server}: {url} answered {error.code}: {error.read()[:300]!r}")


def ensure_tools() -> None:
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
    if missing and os.geteuid() == 0:
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk", "nginx-light"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    elif missing:
        sys.exit(f"missing {', '.join(missing)}: apt-get install wrk nginx-light")
    if not shutil.which("datasette", path=str(Path(PYTHON).parent)):
        sys.exit("missing datasette: .venv/bin/pip install -e '.[bench]'")


def nginx_conf(folder: Path, port: int) -> Path:
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""daemon off; worker_processes 2; pid {folder}/nginx.pid; error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; default_type application/json;
  client_body_temp_path {folder}; proxy_temp_path {folder}; fastcgi_temp_path {folder};
  uwsgi_temp_path {folder}; scgi_temp_path {folder};
  server {{ listen 127.0.0.1:{port}; root {folder}/static; }} }}
"""
    )
    return conf


def bench_size(size: int, seconds: int, work: Path) -> list[dict]:
    db = work / f"size-{size}" / "demo.db"  # Datasette names a database after its file: "demo"
    db.parent.mkdir(parents=True, exist_ok=True)
    if not db.exists():
        timeline = str(Path(PYTHON).parent / "timeline")
        subprocess.run(
            [timeline, "demo-data", "--events", str(size), "--db", str(db), "--quiet"], check=True
        )
    ports = {name: free_port() for name in ("ours", "uncached", "datasette", "hello", "nginx")}
    static = work / "static"
    static.mkdir(exist_ok=True)
    base = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    servers = [
        running(gunicorn(ports['ours']), base["ours"] + "/api/topics",
                {"TIMELINE_DATABASE": str(db)}),
        running(gunicorn(ports['uncached']), base["uncached"] + "/api/topics",
                {"TIMELINE_DATABASE": str(db), "TIMELINE_RESPONSE_CACHE": "0"}),
        running([str(Path(PYTHON).parent / "datasette"), "serve", "-i", str(db), "-h", "127.0.0.1", "-p", str(ports["datasette"])],
                base["datasette"] + "/-/versions.json"),
        running(gunicorn(ports['hello'], "--chdir", str(ROOT / "bench"), "hello:app"), base["hello"] + "/"),
    ]  # fmt: skip
    rows = []
    with contextmanager_stack(servers):
        for case, (ours_url, datasette_url) in CASES.items():
            with urllib.request.urlopen(base["ours"] + ours_url) as response:
                (static / "same-size.json").write_bytes(response.read())
            with running(
                ["nginx", "-c", str(nginx_conf(work, ports["nginx"]))],
                base["nginx"] + "/same-size.json",
            ):
                targets = {
                    "ours": base["ours"] + ours_url,
                    "ours, no response cache": base["uncached"] + ours_url,
                    "datasette": base["datasette"] + datasette_url,
                    "datasette _shape=array": base["datasette"] + datasette_url + "&_shape=array",
                    "flask hello": base["hello"] + "/",
                    "nginx static": base["nginx"] + "/same-size.json",
                }
                if case in PAGES:
                    targets["ours, HTML page"] = base["ours"] + PAGES[case]
                for server, url in targets.items():
                    check_answers(server, url)
                for connections in (1, 32):
                    for server, url in targets.items():  # in alternation, case by case
                        result = wrk(url, connections, seconds)
                        rows.append(
                            {
                                "size": size,
                                "case": case,
                                "server": server,
                                "connections": connections,
                                **result,
                            }
                        )
                        print(
                            f"{size:>9,} {case:13} {connections:>2}c {server:26} {result['rps']:9.0f} rps "
                            f"p50 {result['p50']:7.2f} ms  p99 {result['p99']:7.2f} ms  errors {result['errors']}  timeouts {result['timeouts']}",
                            flush=True,
                        )
    return rows


@contextmanager
def contextmanager_stack(managers):
    if not managers:
        yield
        return
    with managers[0], contextmanager_stack(managers[1:]):
        yield


def rate(row: dict | None) -> str:
    """Requests/s, or how a server failed to answer within wrk's timeout."""
    if row is None:
        return "–"
    if row["rps"] < 1 and row.get("timeouts"):
        return f"{row['rps']:.1f} ({row['timeouts']} timed out)"
    return f"{row['rps']:,.1f}" if row["rps"] < 10 else f"{row['rps']:,.0f}"


def ratio(ours: dict, theirs: dict) -> str:
    if theirs["rps"] == 0:
        return "∞ (none answered)"
    return f"{ours['rps'] / theirs['rps']:,.1f}×"


def table(rows: list[dict]) -> str:
    lines = [
        "| events | case | ours rps 1c / 32c | ours p50 / p99 ms (1c) | ours p99 ms (32c) "
        "| HTML page p99 ms (1c) | Datasette rps 1c / 32c | Datasette array rps 1c / 32c "
        "| ours / array 1c | ours / array 32c | hello rps (32c) | ours / hello | nginx static rps |",
        "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sorted({r["size"] for r in rows}):
        for case in CASES:
            ours, single = pick(rows, size, case, "ours", 32), pick(rows, size, case, "ours", 1)
            plain = [pick(rows, size, case, "datasette", c) for c in (1, 32)]
            array = [pick(rows, size, case, "datasette _shape=array", c) for c in (1, 32)]
            hello, nginx = (
                pick(rows, size, case, "flask hello", 32),
                pick(rows, size, case, "nginx static", 32),
            )
            page = pick(rows, size, case, "ours, HTML page", 1)
            page_p99 = f"{page['p99']:.2f}" if page else "–"
            lines.append(
                f"| {size:,} | {case} | {rate(single)} / {rate(ours)} | {single['p50']:.2f} / {single['p99']:.2f} "
                f"| {ours['p99']:.1f} | {page_p99} | {rate(plain[0])} / {rate(plain[1])} "
                f"| {rate(array[0])} / {rate(array[1])} | {ratio(single, array[0])} | {ratio(ours, array[1])} "
                f"| {rate(hello)} | {ours['rps'] / max(hello['rps'], 1):.2f} | {rate(nginx)} |"
            )
    return "\n".join(lines)


def uncached_table(rows: list[dict]) -> str:
    lines = [
        "| events | case | no response cache: rps (32c) | p50 / p99 ms (1c) | p99 ms (32c) |",
        "|---:|---|---:|---|---:|",
    ]
    for row in rows:
        if row["server"] == "ours, no response cache" and row["connections"] == 32:
            single = pick(rows, row["size"], row["case"], row["server"], 1)
            lines.append(
                f"| {row['size']:,} | {row['case']} | {row['rps']:,.0f} | {single['p50']:.2f} / {single['p99']:.2f} | {row['p99']:.1f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,100000,1000000")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument(
        "--work", type=Path, default=None, help="folder for databases (kept between runs)"
    )
    parser.add_argument("--distinct-only", action="store_true", help="skip the fixed-URL table")
    parser.add_argument("--report", type=Path, help="only rewrite RESULTS.md from a results.json")
    args = parser.parse_args()
    if args.report:
        saved = json.loads(args.report.read_text())
        write_report(
            saved["distinct"],
            saved["fixed"],
            args.seconds,
            "python bench/run.py " + " ".join(sys.argv[1:]),
        )
        return
    ensure_tools()
    work = args.work or Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    distinct_rows, fixed_rows = [], []
    for size in sizes:
        distinct_rows += distinct.bench_size(size, args.seconds, work)
    if not args.distinct_only:
        for size in sizes:
            fixed_rows += bench_size(size, args.seconds, work)
    write_report(
        distinct_rows, fixed_rows, args.seconds, "python bench/run.py " + " ".join(sys.argv[1:])
    )


def write_report(distinct_rows: list[dict], rows: list[dict], seconds: int, command: str) -> None:
    fixed = (
        f"{table(rows)}\n\nOurs with the in-process response cache turned off "
        f"(`TIMELINE_RESPONSE_CACHE=0`), every request computed:\n\n{uncached_table(rows)}\n"
        if rows
        else "(not run: `--distinct-only`)\n"
    )
    report = (
        f"# Benchmark results\n\nProduced by `{command.strip()}` on {time.strftime('%Y-%m-%d')}, "
        f"{os.cpu_count()} cores, gunicorn `-w 4 -k gthread --threads 2` for ours and for Flask "
        f"hello, `datasette serve -i` (0.65), nginx with 2 workers serving a file the size of our "
        f"response. wrk, {seconds} s a run, servers driven in alternation case by case. "
        f"1c = one connection, 32c = 32 connections.\n\n"
        f"## Distinct URLs (the headline)\n\n{distinct.__doc__.split(chr(10) * 2)[1]}\n\n"
        f"{distinct.table(distinct_rows)}\n\nTargets at the largest size:\n\n"
        f"{distinct.targets(distinct_rows)}\n\n"
        f"## One fixed URL per case (what the response cache answers)\n\n{fixed}"
    )
    results = ROOT / "bench" / "RESULTS.md"
    by_hand = results.read_text().partition(HAND_WRITTEN)[1:] if results.exists() else ("", "")
    results.write_text(report + ("\n\n" + "".join(by_hand) if by_hand[0] else ""))
    (ROOT / "bench" / "results.json").write_text(
        json.dumps({"distinct": distinct_rows, "fixed": rows}, indent=1)
    )
    print(report)


if __name__ == "__main__":
    main()
