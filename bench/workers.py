"""Which gunicorn worker model serves distinct URLs best on this machine: measured, side by side.

Each model (worker processes × gthread threads, with or without recycling) serves the same kind
of distinct URLs as bench/distinct.py (never a repeat, so the response cache cannot help), one
model after the other for each case, at 1 and 32 connections. The default in
webapp/web/gunicorn_conf.py is chosen from this table (docs/speed.md says why).

    .venv/bin/python bench/workers.py --db /tmp/timeline-bench/size-1000000/demo.db [--seconds 8]

The table goes to bench/WORKERS.md.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))
from bench.distinct import PathSource, cache_hits, drive, warm  # noqa: E402
from bench.servers import free_port, running  # noqa: E402
from webapp.web import gunicorn_conf  # noqa: E402

# name -> (worker processes, gthread threads each, max_requests: 0 never recycles)
MODELS = {  # the names --models takes
    "4x2 recycled": (4, 2, 2000),  # the default before measuring: 4 processes, 2 threads each
    "4x2": (4, 2, 0),
    "2x1": (2, 1, 0),
    "2x4": (2, 4, 0),
    "4x1": (4, 1, 0),
    "3x1": (3, 1, 0),
}
CASES = [("year", 1), ("year", 32), ("page: topic + from", 32)]


def serve(port: int, db: Path, model: tuple[int, int, int], counts: Path):
    workers, threads, recycle = model
    command = gunicorn_conf.command(
        f"127.0.0.1:{port}", "--workers", workers, "--threads", threads,
        "--max-requests", recycle, "--max-requests-jitter", recycle // 10,
        "--access-logfile", "-",
    )  # fmt: skip
    env = {"TIMELINE_DATABASE": str(db), gunicorn_conf.CACHE_COUNTS_VARIABLE: str(counts)}
    return running(command, f"http://127.0.0.1:{port}/api/topics", env)


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--models", help="comma-separated model names (default: every one)")
    parser.add_argument("--rounds", type=int, default=1, help="each model this many times, in turn")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "timeline-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    source, rows = PathSource(99, 1_000_000), []
    chosen = args.models.split(",") if args.models else list(MODELS)
    turns = [(case, c, name) for case, c in CASES for _ in range(args.rounds) for name in chosen]
    for case, connections, name in turns:
        model = MODELS[name]
        paths, _ = source.draw(case, 40_000)
        warmup, _ = source.draw(case, 8)
        port, counts = free_port(), args.work / "workers.hits"
        counts.unlink(missing_ok=True)
        htmx = case.startswith("page")
        with serve(port, args.db, model, counts):
            base = f"http://127.0.0.1:{port}"
            warm(base, warmup, htmx)
            result = drive(base, paths, args.work, "workers", htmx, connections, args.seconds)
        result["cache_hits"] = cache_hits(counts)
        rows.append((case, connections, name, result))
        print(
            f"{case:20} {connections:>2}c {name:34} {result['rps']:8.1f} rps "
            f"p50 {result['p50']:7.1f} p99 {result['p99']:7.1f} ms "
            f"hits {result['cache_hits']} errors {result['errors']}",
            flush=True,
        )
    lines = [
        "# Worker models under distinct URLs",
        "",
        f"`python bench/workers.py {' '.join(sys.argv[1:])}` (1M events; each model in turn, "
        "the same kind of URLs, none repeated; cache hits 0 in every run)",
        "",
        "| case | connections | model | requests/s | p50 | p99 | cache hits |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for case, connections, name, r in rows:
        lines.append(
            f"| {case} | {connections} | {name} | {r['rps']:,.0f} | {r['p50']:,.1f} ms "
            f"| {r['p99']:,.1f} ms | {r['cache_hits']} |"
        )
    (ROOT / "bench" / "WORKERS.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
