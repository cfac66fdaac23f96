"""Fire drill: timeline behind nginx, under load while things break, and under slow clients.

    .venv/bin/python bench/drill.py [--requests 6000] [--connections 64] [--slow-seconds 15]

Everything listens on 127.0.0.1 and every step is bounded in time. Two scenarios:

- **Faults under load.** Two app instances (`timeline serve`, workers recycled every few hundred
  requests) share one database file behind nginx configured by deploy/nginx.py. wrk drives
  64 connections over a mix of pages and API URLs, a fixed number of requests (6,000, then
  3,000: not a duration, so the drill means the same on a fast machine and a busy one), while
  the database is replaced twice by rename, each master gets SIGHUP and a worker of each is
  killed with SIGKILL. Counted: non-2xx answers, socket errors, and how long each instance
  takes to serve the new build.
- **Slow clients.** slowhttptest holds 200 slowloris connections for 15 s while a probe sends
  a request every 250 ms; against nginx, and (for comparison only) against bare gunicorn.

tests/deploy/ runs the same scenarios and asserts what a user would notice (no request lost,
no failure the fault does not explain, the new build served within 10 s); this script writes
the figures, speeds included, to bench/DRILL.md. Needs Debian's nginx, wrk and slowhttptest (./scripts/test installs them).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))
from bench.servers import free_port, running, wait_for, wrk_summary  # noqa: E402
from deploy.nginx import render  # noqa: E402

BIN = Path(sys.executable).parent
TOOLS = {"nginx": "nginx-light", "wrk": "wrk", "slowhttptest": "slowhttptest", "openssl": "openssl"}
BUILD_SIZES = (300, 400, 500)  # three builds told apart by their event count


def missing_tools() -> list[str]:
    return [package for tool, package in TOOLS.items() if not shutil.which(tool)]


def get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def total_events(base: str, fresh: str = "") -> int:
    """The build's event count as served at ``base``; ``fresh`` makes a URL no cache has seen."""
    status, body = get(f"{base}/api/events?limit=1{fresh}")
    if status != 200:
        raise RuntimeError(f"{base} answered {status}")
    return json.loads(body)["total"]


def build_databases(folder: Path) -> list[Path]:
    """Three generated builds of different sizes, made before the drill starts."""
    paths = []
    for size in BUILD_SIZES:
        path = folder / f"build-{size}.db"
        if not path.exists():
            subprocess.run(
                [BIN / "timeline", "demo-data", "--events", str(size), "--db", path, "--quiet"],
                check=True,
            )
        paths.append(path)
    return paths


def swap_database(prebuilt: Path, served: Path) -> None:
    """Put a prebuilt database in place the only safe way: copy beside it, then rename over it."""
    incoming = served.with_suffix(".incoming")
    shutil.copyfile(prebuilt, incoming)
    os.replace(incoming, served)


@contextmanager
def app_instance(db: Path, max_requests: int = 0, workers: int = 2):
    """`timeline serve` on a free port; yields (URL, the gunicorn master's process)."""
    port = free_port()
    command = [BIN / "timeline", "serve", "--db", db, "--port", port, "--workers", workers,
               "--max-requests", max_requests]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with running(command, url + "/api/topics") as master:
        yield url, master


def nginx_main_config(folder: Path, site: str) -> Path:
    """A whole nginx.conf around the deploy/ site config, with every path inside ``folder``."""
    (folder / "site.conf").write_text(site)
    user = "user root;\n" if os.geteuid() == 0 else ""  # else workers run as nobody
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""{user}daemon off;
worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
"""
    )
    return conf


@contextmanager
def nginx_in_front(folder: Path, upstreams: list[str], unlimited=(), **settings):
    """Debian's nginx with the deploy/ config on a free port; yields its URL.

    With ``tls_cert`` and ``tls_key`` it serves HTTPS (the URL yielded) and redirects plain
    HTTP from a second port, ``folder / "http-port"`` saying which.
    """
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    tls = bool(settings.get("tls_cert"))
    if tls:
        redirect_port = free_port()
        settings["redirect_from"] = f"127.0.0.1:{redirect_port}"
        (folder / "http-port").write_text(str(redirect_port))
    site = render(
        [address.removeprefix("http://") for address in upstreams],
        unlimited,
        listen=f"127.0.0.1:{port}",
        cache_dir=folder / "cache",
        **settings,
    )
    conf = nginx_main_config(folder, site)
    subprocess.run(["nginx", "-t", "-q", "-c", conf], check=True, capture_output=True)
    with running(["nginx", "-c", conf]):
        url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
        wait_for_port(port)
        if not tls:
            wait_for(url + "/api/topics")
        yield url


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def workers_of(master_pid: int) -> set[int]:
    """The gunicorn workers: the master's child processes, read from /proc."""
    children = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == master_pid:
                children.add(int(entry.name))
    return children


def mixed_urls(count: int = 20000, seed: int = 1) -> list[str]:
    """Pages, fragments' URLs and API answers over the generated data, most of them distinct."""
    rng = random.Random(seed)
    topics = ["politics", "war", "science", "trade", "law", "technology"]
    words = ["treaty", "harbour", "bridge", "charter", "fleet", "market", "canal", "census"]
    makers = [
        lambda: f"/?year={rng.randint(1200, 2025)}",
        lambda: f"/api/events?year={rng.randint(1200, 2025)}",
        lambda: f"/?topic={rng.choice(topics)}&from={rng.randint(1200, 1900)}",
        lambda: f"/api/events?q={rng.choice(words)}&limit={rng.randint(1, 100)}",
        lambda: f"/embed?topic={rng.choice(topics)}&year={rng.randint(1200, 2025)}",
        lambda: f"/events/event-{rng.randint(1, 300)}",
        lambda: "/",
    ]
    return [rng.choice(makers)() for _ in range(count)]


def wrk_script(folder: Path, urls: list[str], name: str, quota: int | None = None) -> Path:
    """A wrk script cycling through ``urls``. With a ``quota``, each thread stops once it has
    had that many answers and ``<name>.faults-done`` exists, and says so by writing
    ``<name>.done-<thread>`` (see ``requests_with_faults``)."""
    script = folder / f"{name}.lua"
    listed = ",\n".join(json.dumps(url) for url in urls)
    stopping = ""
    if quota is not None:
        flag, done = json.dumps(str(folder / f"{name}.faults-done")), str(folder / f"{name}.done-")
        stopping = (
            f"local quota, answered, threads = {quota}, 0, 0\n"
            "setup = function(thread)\n"
            "  threads = threads + 1\n"
            '  thread:set("id", threads)\n'
            "end\n"
            "response = function(status, headers, body)\n"
            "  answered = answered + 1\n"
            "  if answered < quota or answered % 10 ~= 0 then return end\n"
            f"  local flag = io.open({flag}, 'r')\n"
            "  if flag == nil then return end\n"
            "  flag:close()\n"
            f"  local done = io.open({json.dumps(done)} .. id, 'w')\n"
            "  done:write(answered)\n"
            "  done:close()\n"
            "  wrk.thread:stop()\n"
            "end\n"
        )
    script.write_text(
        f"local paths = {{\n{listed}\n}}\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n + 1\n"
        '  return wrk.format("GET", paths[(n % #paths) + 1])\n'
        "end\n" + stopping
    )
    return script


@dataclass
class DrillReport:
    """What wrk saw in each phase, what was done meanwhile, and what the servers did about it."""

    survivable: dict = field(default_factory=dict)  # swaps, HUPs, recycling: nothing may fail
    kills: dict = field(default_factory=dict)  # SIGKILLs: only requests in flight may fail
    events: list[str] = field(default_factory=list)
    switch_seconds: list[float] = field(default_factory=list)
    served_totals: list[int] = field(default_factory=list)
    workers_seen: int = 0
    workers_at_start: int = 0
    killed: int = 0


def _total_or_none(base: str, fresh: str = "") -> int | None:
    """The event count served at ``base``, or None while it does not answer in time: a probe
    that waits in the queue behind the load is not yet an answer, and the deadline decides."""
    try:
        return total_events(base, fresh)
    except OSError:
        return None


def wait_for_build(instances: list[str], front: str, expected: int, seconds: float = 10) -> float:
    """Seconds until every instance, and nginx on a URL it has not cached, serves ``expected``."""
    rng = random.Random()
    started = time.monotonic()
    while True:
        # Generated events start in 1200 or later: any earlier `from` leaves the total alone.
        fresh = f"&from={rng.randint(1, 1199)}"
        totals = [_total_or_none(url) for url in instances] + [_total_or_none(front, fresh)]
        if all(total == expected for total in totals):
            return time.monotonic() - started
        if time.monotonic() - started > seconds:
            raise AssertionError(f"still serving {totals}, expected {expected}")
        time.sleep(0.05)


WRK_THREADS = 2
FAULT_SPACING = 2.0  # seconds between faults: each meets the load the one before it left
LOAD_LIMIT = 300  # seconds a phase may take at most; a machine that slow fails the drill
# A request is lost when no answer has come after this long. Not wrk's default 2 s nor a speed
# target: on a machine busy with other work an answer may queue for seconds, and still come.
LOST_AFTER = "30s"


def requests_with_faults(
    front: str, connections: int, requests: int, folder: Path, urls: list[str], name: str, faults
) -> dict:
    """At least ``requests`` requests by wrk against ``front``, and each fault inflicted under
    that load, ``FAULT_SPACING`` seconds apart: the load goes on until both are done.

    A fixed number of requests, not a duration, so the drill means the same on a fast machine
    and a busy one. ``complete`` says whether the load ended by itself (not at LOAD_LIMIT).
    """
    threads = min(WRK_THREADS, connections)
    script = wrk_script(folder, urls, name, quota=-(-requests // threads))
    command = ["wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{LOAD_LIMIT}s",
               "--timeout", LOST_AFTER, "-s", str(script), front]  # fmt: skip
    load = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    failures: list[BaseException] = []

    def inflict() -> None:
        try:
            for fault in faults:
                time.sleep(FAULT_SPACING)
                fault()
        except BaseException as error:  # raised once wrk has finished
            failures.append(error)
        finally:
            (folder / f"{name}.faults-done").touch()

    saboteur = threading.Thread(target=inflict)
    saboteur.start()
    deadline = time.monotonic() + LOAD_LIMIT
    while len(list(folder.glob(f"{name}.done-*"))) < threads and time.monotonic() < deadline:
        if load.poll() is not None:
            break
        time.sleep(0.1)
    complete = len(list(folder.glob(f"{name}.done-*"))) == threads
    load.send_signal(signal.SIGINT)  # wrk waits out its duration otherwise; INT ends it now
    output = load.communicate(timeout=60)[0]
    saboteur.join()
    if failures:
        raise failures[0]
    return {**wrk_summary(output), "complete": complete, "asked": requests}


@contextmanager
def watching_workers(masters: list[subprocess.Popen]):
    """Collects every worker process id the masters have, sampled ten times a second."""
    seen = set().union(*(workers_of(master.pid) for master in masters))
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.1):
            seen.update(*(workers_of(master.pid) for master in masters))

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        yield seen
    finally:
        stop.set()
        sampler.join()


def faults_under_load(
    work: Path,
    requests: int = 6000,
    connections: int = 64,
    max_requests: int = 300,
    kill_requests: int = 3000,
) -> DrillReport:
    """Scenario 1 (see the module docstring), in two phases told apart.

    At least ``requests`` requests while the database is swapped twice and each master gets
    a SIGHUP, with workers recycling all along; then at least ``kill_requests`` while a worker
    of each instance is killed with SIGKILL. nginx retries a request whose worker dies before
    answering; one whose answer had begun cannot be retried.
    """
    builds = build_databases(work)
    served = work / "served.db"
    swap_database(builds[0], served)
    report = DrillReport()
    with ExitStack() as stack:
        instances = [stack.enter_context(app_instance(served, max_requests)) for _ in range(2)]
        urls, masters = [url for url, _ in instances], [master for _, master in instances]
        front = stack.enter_context(nginx_in_front(work / "nginx", urls, ["127.0.0.1"]))
        seen = stack.enter_context(watching_workers(masters))
        report.workers_at_start = len(seen)

        def swap(build: Path, size: int) -> None:
            swap_database(build, served)
            took = wait_for_build(urls, front, size)
            report.switch_seconds.append(round(took, 3))
            report.events.append(
                f"database replaced by the {size}-event build: served by both "
                f"instances and nginx {took:.2f} s later"
            )

        def hup(index: int) -> None:
            os.kill(masters[index].pid, signal.SIGHUP)
            report.events.append(f"SIGHUP to instance {index + 1}'s master: every worker replaced")

        def kill_worker(index: int) -> None:
            victim = min(workers_of(masters[index].pid))
            os.kill(victim, signal.SIGKILL)
            report.killed += 1
            report.events.append(f"SIGKILL to a worker of instance {index + 1}")

        # Each phase gets URLs nginx has not cached yet, so the load reaches the app.
        report.survivable = requests_with_faults(
            front, connections, requests, work, mixed_urls(seed=1), "phase-1", [
                lambda: swap(builds[1], BUILD_SIZES[1]),
                lambda: hup(0),
                lambda: swap(builds[2], BUILD_SIZES[2]),
                lambda: hup(1),
            ],
        )  # fmt: skip
        report.kills = requests_with_faults(
            front,
            connections,
            kill_requests,
            work,
            mixed_urls(seed=2),
            "phase-2",
            [lambda: kill_worker(0), lambda: kill_worker(1)],
        )
        report.workers_seen = len(seen)
        report.served_totals = [total_events(url) for url in urls]
    return report


@dataclass
class SlowReport:
    target: str
    connections: int
    seconds: int
    probes: int
    answered: int
    p50_ms: float
    p99_ms: float

    @property
    def answered_share(self) -> float:
        return self.answered / self.probes if self.probes else 0.0


def probe_while(stop: threading.Event, url: str, every: float = 0.25) -> list[float | None]:
    """Latency (ms) of a GET every ``every`` seconds, None for a probe that failed."""
    latencies: list[float | None] = []
    rng = random.Random(3)
    while not stop.is_set():
        started = time.monotonic()
        path = rng.choice(["/", f"/api/events?year={rng.randint(1200, 2025)}", "/api/topics"])
        try:
            status, _ = get(url + path, timeout=2)
            latencies.append((time.monotonic() - started) * 1000 if status == 200 else None)
        except OSError:
            latencies.append(None)
        stop.wait(max(0.0, every - (time.monotonic() - started)))
    return latencies


def slow_clients(url: str, target: str, connections: int = 200, seconds: int = 15) -> SlowReport:
    """Scenario 2: slowloris (headers never finished) with a probe every 250 ms."""
    attack = subprocess.Popen(
        ["slowhttptest", "-H", "-c", str(connections), "-l", str(seconds), "-r", "200",
         "-i", "10", "-s", "8192", "-t", "GET", "-u", url + "/", "-p", "3"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    stop = threading.Event()
    latencies: list[float | None] = []
    try:
        time.sleep(2)  # let the connections open: the attack is at full strength from here
        prober = threading.Thread(target=lambda: latencies.extend(probe_while(stop, url)))
        prober.start()
        time.sleep(max(1, seconds - 3))
        stop.set()
        prober.join()
    finally:
        stop.set()
        try:
            attack.wait(timeout=seconds + 30)
        except subprocess.TimeoutExpired:
            os.killpg(attack.pid, signal.SIGKILL)
            attack.wait()
    answered = sorted(latency for latency in latencies if latency is not None)
    quantiles = statistics.quantiles(answered, n=100) if len(answered) > 1 else [float("inf")] * 99
    return SlowReport(
        target,
        connections,
        seconds,
        len(latencies),
        len(answered),
        round(statistics.median(answered), 2) if answered else float("inf"),
        round(quantiles[98], 2),
    )


def slow_client_drill(work: Path, connections: int, seconds: int) -> list[SlowReport]:
    """The slowloris run against nginx (per-client limits on) and against bare gunicorn."""
    builds = build_databases(work)
    reports = []
    with app_instance(builds[0]) as (app_url, _):
        with nginx_in_front(work / "nginx-slow", [app_url]) as front:
            reports.append(slow_clients(front, "nginx → gunicorn", connections, seconds))
        reports.append(slow_clients(app_url, "bare gunicorn", connections, seconds))
    return reports


def markdown(drill: DrillReport, slow: list[SlowReport], command: str, settings: dict) -> str:
    def phase(wrk: dict) -> str:
        seconds = wrk["requests"] / wrk["rps"] if wrk["rps"] else 0
        return (
            f"wrk, {settings['connections']} connections, at least {wrk['asked']:,} requests "
            f"over 20,000 mixed page and API URLs (most reach the app): **{wrk['requests']:,} "
            f"requests in {seconds:.1f} s, {wrk['non_2xx']} non-2xx, {wrk['socket_errors']} "
            "socket errors**" + (f" {wrk['socket_error_kinds']}" if wrk["socket_errors"] else "")
        )

    survivable = [e for e in drill.events if not e.startswith("SIGKILL")]
    kills = [e for e in drill.events if e.startswith("SIGKILL")]
    lines = [
        "# Fire drill",
        "",
        f"Produced by `{command.strip()}` on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores: "
        "Debian's nginx with deploy/nginx/timeline.conf in front of two `timeline serve` "
        f"instances (2 gthread workers each, `--max-requests {settings['max_requests']}`) sharing "
        "one database file. The tests in tests/deploy/ run the same drill and assert the limits.",
        "",
        "## Faults under load",
        "",
        phase(drill.survivable) + ". Meanwhile:",
        "",
        *[f"- {event}" for event in survivable],
        f"- workers recycled all along: {drill.workers_seen} worker processes seen over both "
        f"phases, {drill.workers_at_start} at the start (the SIGHUPs and SIGKILLs account for 6)",
        "",
        phase(drill.kills) + ". Meanwhile:",
        "",
        *[f"- {event}" for event in kills],
        "",
        "A request whose worker dies before answering is retried by nginx on the other instance; "
        "one whose answer had begun cannot be, and its connection is cut: that is the cost of a "
        "SIGKILL, at most the requests in flight on the worker (2 threads).",
        "",
        "## Slow clients",
        "",
        f"slowhttptest: {slow[0].connections} slowloris connections for {slow[0].seconds} s "
        f"(`slowhttptest -H -c {slow[0].connections} -l {slow[0].seconds} -r 200 -i 10`), "
        "a probe every 250 ms from the second second on (`/`, `/api/topics` or a year's API page).",
        "",
        "| target | probes | answered | p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
        *[
            f"| {r.target} | {r.probes} | {r.answered_share:.0%} | {r.p50_ms} | {r.p99_ms} |"
            for r in slow
        ],
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--slow-seconds", type=int, default=15)
    parser.add_argument("--slow-connections", type=int, default=200)
    args = parser.parse_args()
    if missing_tools():
        sys.exit(f"missing: apt-get install {' '.join(missing_tools())}")
    with tempfile.TemporaryDirectory(prefix="timeline-drill-") as folder:
        work = Path(folder)
        settings = {
            "requests": args.requests,
            "connections": args.connections,
            "max_requests": 300,
            "kill_requests": args.requests // 2,
        }
        drill = faults_under_load(work, **settings)
        slow = slow_client_drill(work, args.slow_connections, args.slow_seconds)
    text = markdown(drill, slow, "python bench/drill.py " + " ".join(sys.argv[1:]), settings)
    (ROOT / "bench" / "DRILL.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
