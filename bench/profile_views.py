"""Where a request's time goes: distinct requests in-process, response cache off, profiled.

For each case of bench/distinct.py it sends ``--requests`` new URLs through Flask's test client
(no HTTP, no gunicorn), counts the SQL statements each runs (sqlite3's trace callback), and
prints the median time, the statements per request and cProfile's top functions by own time.

    .venv/bin/python bench/profile_views.py --db /tmp/timeline-bench/size-1000000/demo.db \\
        [--cases year,page: year] [--requests 60] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))
from bench.distinct import CASES, PathSource  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.store import connection  # noqa: E402

statements: list[str] = []
_begin = connection.ReadOnlyDatabase.begin


def traced(self, time_limit):
    """A request's start on a connection, with every statement it runs noted in ``statements``
    (FTS5's own statements on its shadow tables left out)."""
    self.conn.set_trace_callback(
        lambda sql: None if sql.startswith("--") or "'main'." in sql else statements.append(sql)
    )
    return _begin(self, time_limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    connection.ReadOnlyDatabase.begin = traced
    app = create_app({"DATABASE": str(args.db), "RESPONSE_CACHE": False})
    client = app.test_client()
    source = PathSource(7, 1_000_000)
    for case in args.cases.split(","):
        headers = {"HX-Request": "true"} if case.startswith("page") else {}
        paths, _ = source.draw(case, args.requests + 3)
        for path in paths[:3]:  # warm: templates compiled, pages cached by the OS
            client.get(path, headers=headers)
        timings, counts, profile = [], [], cProfile.Profile()
        for path in paths[3:]:
            statements.clear()
            started = time.perf_counter()
            profile.enable()
            response = client.get(path, headers=headers)
            profile.disable()
            timings.append((time.perf_counter() - started) * 1000)
            counts.append(len(statements))
            assert response.status_code == 200, (path, response.status_code)
        print(
            f"\n== {case}: median {statistics.median(timings):.2f} ms, "
            f"max {max(timings):.1f} ms, statements {min(counts)}-{max(counts)}"
        )
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
