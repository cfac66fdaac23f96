"""Helpers for reading responses the way a reader would."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bs4 import BeautifulSoup

HTMX = {"HX-Request": "true"}


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def listed_slugs(soup: BeautifulSoup) -> list[str]:
    """The event slugs in a timeline list, in order."""
    return [article["id"].removeprefix("event-") for article in soup.select("#timeline article")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> bytes:
    """GET ``url`` until it answers 2xx; the body."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def gunicorn_serving(db_path: Path, workers: int = 2):
    """The production server on a free port of 127.0.0.1, serving ``db_path``; yields its URL."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--worker-class", "gthread", "--threads", "2",
            "--no-control-socket", "webapp:create_app()",
        ],
        env={**os.environ, "TIMELINE_DB": str(db_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/api/topics")
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.communicate(timeout=20)
