"""Memory of gunicorn's workers serving 300 timelines under junk-argument URLs (issue 25).

    .venv/bin/python bench/many_timelines.py [--seconds 20] [--connections 16] [--workers 2]
        [--hot 300] [--cache-mb 64]

Builds the fixture timeline once and copies it into 300 timeline folders, serves them with
gunicorn as `timeline serve` does (its own configuration), and drives two bounded wrk runs
while each worker's resident memory is read from /proc every half second:

- **junk**: every request a distinct URL, `/t/tl-NNN/?year=Y&utm_source=R` or the same under
  `/api/events`, for a random one of the 300 timelines, a year from a handful and a random
  junk argument: the answers are the ones without the junk argument, so the caches stay small.
- **distinct**: every request a distinct *meaningful* URL (a random `q=` word), the worst case
  for the response cache, whose one bound per worker (TIMELINE_RESPONSE_CACHE_BYTES, 64 MB by
  default) must hold.

``--hot N`` sends every request to the first N timelines (fewer than an app cache holds, so
the run measures the response cache rather than the making of apps); ``--cache-mb`` sets
TIMELINE_RESPONSE_CACHE_BYTES. Prints a JSON report; the figures are quoted in
docs/threat-model.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))
from bench.drill import workers_of  # noqa: E402
from bench.servers import free_port, run_wrk, running  # noqa: E402

TIMELINES = 300
LUA = {
    "junk": """
request = function()
  local t = string.format("/t/tl-%03d", math.random(0, {hot} - 1))
  local where = math.random(0, 1) == 0 and "/" or "/api/events"
  local year = ({{1994, 2002, 2004, 2022}})[math.random(1, 4)]
  local path = t .. where .. "?year=" .. year .. "&utm_source=" .. math.random(1, 1e9)
  return wrk.format("GET", path)
end
""",
    "distinct": """
request = function()
  local t = string.format("/t/tl-%03d", math.random(0, {hot} - 1))
  return wrk.format("GET", t .. "/?q=w" .. math.random(1, 1e9))
end
""",
}


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def make_site(folder: Path, count: int) -> Path:
    """The fixture data built once, and ``count`` copies of its database as timelines."""
    from click.testing import CliRunner

    from tests.helpers import FIXTURE_DATA
    from webapp.cli import main

    data = folder / "data"
    shutil.copytree(FIXTURE_DATA, data)
    database = str(data / "timeline.db")
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--db", database, "--quiet"])
    assert result.exit_code == 0, result.output
    for n in range(count):
        (data / "timelines" / f"tl-{n:03d}").mkdir(parents=True)
        shutil.copy(data / "timeline.db", data / "timelines" / f"tl-{n:03d}" / "timeline.db")
    return data


def watch(master: int, stop: threading.Event, peaks: dict[int, float], every: float = 0.5):
    while not stop.is_set():
        for pid in workers_of(master):
            value = rss_mb(pid)
            if value is not None:
                peaks[pid] = max(peaks.get(pid, 0.0), value)
        stop.wait(every)


def phase(url: str, master: int, name: str, options, work: Path) -> dict:
    seconds, connections = options.seconds, options.connections
    script = work / f"{name}.lua"
    script.write_text(LUA[name].format(hot=options.hot))
    start = {pid: rss_mb(pid) for pid in workers_of(master)}
    peaks: dict[int, float] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(master, stop, peaks), daemon=True)
    watcher.start()
    try:
        result = run_wrk(url, connections, seconds, script)
    finally:
        stop.set()
        watcher.join()
    return {
        "requests": result["requests"],
        "rps": result["rps"],
        "non_2xx": result["non_2xx"],
        "socket_errors": result["socket_errors"],
        "rss_start_mb": {str(pid): round(value or 0, 1) for pid, value in start.items()},
        "rss_peak_mb": {str(pid): round(value, 1) for pid, value in peaks.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hot", type=int, default=TIMELINES)
    parser.add_argument("--cache-mb", type=int, default=64)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        data = make_site(work, TIMELINES)
        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "-c", "python:webapp.web.gunicorn_conf",
                   "--bind", f"127.0.0.1:{port}", "--workers", arguments.workers,
                   "--max-requests", 0]  # fmt: skip
        environment = {
            "TIMELINE_DATABASE": str(data / "timeline.db"),
            "TIMELINE_TIMELINES": str(data / "timelines"),
            "TIMELINE_RESPONSE_CACHE_BYTES": str(arguments.cache_mb * 2**20),
        }
        url = f"http://127.0.0.1:{port}"
        with running(command, url + "/t/tl-000/api/topics", env=environment) as master:
            time.sleep(1)
            report = {"timelines": TIMELINES, **vars(arguments)}
            for name in ("junk", "distinct"):
                report[name] = phase(url, master.pid, name, arguments, work)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
