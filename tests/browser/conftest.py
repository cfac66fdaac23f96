"""Real-browser fixtures: Debian's Chromium driven by Playwright against gunicorn on 127.0.0.1."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner

from tests.helpers import FIXTURE_DATA, gunicorn_serving, write_large_dataset
from webapp.cli import main
from webapp.ingest.build import build
from webapp.settings import ROOT

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


@pytest.fixture(scope="session")
def two_source_server(tmp_path_factory):
    """The article plus a second one added by `timeline extract --add`, one event accepted."""
    folder = tmp_path_factory.mktemp("two-sources")
    data = folder / "data"
    shutil.copytree(FIXTURE_DATA, data, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    article = ROOT / "tests" / "extract" / "harbour-light.txt"
    result = CliRunner().invoke(
        main,
        ["extract", "--add", str(article), "--title", "The lighthouse that kept a town awake",
         "--outlet", "Kelmouth Gazette", "--source-slug", "lighthouse", "--data", str(data)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    extracted = data / "extracted" / "lighthouse.toml"
    document = tomllib.loads(extracted.read_text())
    first = document["events"][1]  # the light first lit in 1887
    first.update(status="accepted", summary="The light is lit.", topics=["partnership"])
    extracted.write_text(tomli_w.dumps(document))
    build(data, folder / "two.db")
    with gunicorn_serving(folder / "two.db") as url:
        yield url
