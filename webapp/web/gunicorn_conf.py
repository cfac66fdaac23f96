"""gunicorn's settings for timeline, in one place.

``timeline serve``, the tests and the benchmark all start gunicorn through ``command()``, which
loads this module as gunicorn's configuration (``-c python:webapp.web.gunicorn_conf``); they differ
only in address, worker count, recycling and logging, which they pass on the command line.
"""

from __future__ import annotations

import json
import os
import sys

wsgi_app = "webapp:create_site()"
bind = ["127.0.0.1:8000"]
# One process per core, four threads each (bench/WORKERS.md, docs/speed.md): under 32 connections
# of distinct URLs on 2 cores it had a lower p99 and more requests/s than 4 processes × 2 threads
# in 5 of 6 side-by-side runs; half the processes each see twice the traffic, so each worker's
# response cache, catalogue, strips and kept connections serve more requests once warm.
workers = os.cpu_count() or 1
worker_class = "gthread"
threads = 4
# Workers are replaced gracefully after about this many requests, jittered by a tenth.
max_requests = 2000
max_requests_jitter = max_requests // 10
control_socket_disable = True
# No request sets the mount point or the scheme: gunicorn's defaults take `SCRIPT_NAME` and
# `X-Forwarded-Proto`/`-Ssl`/`-Protocol` from any client on 127.0.0.1 (and FORWARDED_ALLOW_IPS
# from the environment). Proxies in front are believed by the app alone, and only as
# TIMELINE_TRUSTED_PROXIES says (Werkzeug's ProxyFix); see docs/threat-model.md.
forwarded_allow_ips = ""
forwarder_headers = ""
secure_scheme_headers: dict[str, str] = {}


# Benchmarks only: set to a file, each worker appends its response cache's hit count there as
# it exits, so a run can prove that no answer came from memory. Nothing is served.
CACHE_COUNTS_VARIABLE = "TIMELINE_BENCH_CACHE_COUNTS"


def worker_exit(server, worker) -> None:
    """gunicorn's hook: append ``{"pid", "hits"}`` to the benchmark's file, when it asks."""
    target = os.environ.get(CACHE_COUNTS_VARIABLE)
    if not target:
        return
    from webapp.web.caching import hit_count

    with open(target, "a", encoding="utf-8") as counts:
        counts.write(json.dumps({"pid": os.getpid(), "hits": hit_count()}) + "\n")


def command(bind_to: str, *options: object) -> list[str]:
    """The gunicorn command line for this configuration, listening on ``bind_to``."""
    return [
        sys.executable, "-m", "gunicorn", "-c", f"python:{__name__}", "--bind", bind_to,
        *map(str, options),
    ]  # fmt: skip
