"""gunicorn's settings for timeline, in one place.

``timeline serve``, the tests and the benchmark all start gunicorn through ``command()``, which
loads this module as gunicorn's configuration (``-c python:webapp.web.gunicorn_conf``); they differ
only in address, worker count, recycling and logging, which they pass on the command line.
"""

from __future__ import annotations

import os
import sys

wsgi_app = "webapp:create_site()"
bind = ["127.0.0.1:8000"]
workers = 2 * (os.cpu_count() or 1)
worker_class = "gthread"
threads = 2
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
secure_scheme_headers = {}


def command(bind_to: str, *options: object) -> list[str]:
    """The gunicorn command line for this configuration, listening on ``bind_to``."""
    return [
        sys.executable, "-m", "gunicorn", "-c", f"python:{__name__}", "--bind", bind_to,
        *map(str, options),
    ]  # fmt: skip
