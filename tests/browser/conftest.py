"""Real-browser fixtures: Debian's Chromium driven by Playwright against gunicorn on 127.0.0.1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import gunicorn_serving, write_large_dataset
from webapp.build import build

# The binary behind Debian's /usr/bin/chromium wrapper script; the wrapper works too, more noisily.
CHROMIUM = next(
    (
        path
        for path in ("/usr/lib/chromium/chromium", shutil.which("chromium"))
        if path and Path(path).exists()
    ),
    None,
)
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    # No look-ups of outside hosts: the machine has no network and the app must work offline.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def pytest_collection_modifyitems(items):
    """Everything in this folder needs Chromium: say so plainly rather than fail obscurely."""
    if CHROMIUM is None:
        raise pytest.UsageError(
            "Chromium is missing: ./scripts/test installs it (apt-get install chromium)"
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_server(built_db):
    with gunicorn_serving(built_db) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture(scope="session")
def large_server(tmp_path_factory):
    """A server for a 130-event timeline: three pages at the default page size of 50."""
    folder = tmp_path_factory.mktemp("large")
    build(write_large_dataset(folder / "data", 130), folder / "large.db")
    with gunicorn_serving(folder / "large.db") as url:
        yield url
