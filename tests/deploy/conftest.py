"""nginx in front of the app as deploy/ configures it, on 127.0.0.1.

Needs Debian's nginx, wrk and slowhttptest.
"""

from __future__ import annotations

import pytest

from bench import drill


def pytest_collection_modifyitems(items):
    """Everything here needs the Debian tools: say so plainly rather than fail obscurely."""
    if drill.missing_tools():
        raise pytest.UsageError(
            f"missing {', '.join(drill.missing_tools())}: ./scripts/test installs them "
            f"(apt-get install {' '.join(drill.missing_tools())})"
        )


@pytest.fixture(scope="session")
def drill_folder(tmp_path_factory):
    """The three generated builds the drills swap between, made once."""
    folder = tmp_path_factory.mktemp("drill")
    drill.build_databases(folder)
    return folder


@pytest.fixture(scope="session")
def app_url(drill_folder):
    with drill.app_instance(drill_folder / "build-300.db") as (url, _):
        yield url


@pytest.fixture(scope="session")
def front(app_url, drill_folder):
    """nginx with the deployed defaults (per-client limits on) in front of one instance."""
    with drill.nginx_in_front(drill_folder / "front", [app_url]) as url:
        yield url
