"""Shared fixtures: a database built from the frozen fixture data, the app, a client."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlite_utils

from tests.helpers import FIXTURE_DATA
from webapp import create_app
from webapp.ingest.build import build, write_database
from webapp.ingest.loading import load_dataset

DATA_DIR = FIXTURE_DATA
TESTS = Path(__file__).resolve().parent
# Slow tests, left out of the one-minute loop (`scripts/test --fast`) and run by the whole suite:
# every file under these folders (a new one too), these files, and these single tests.
SLOW_FOLDERS = {"browser", "deploy"}  # real Chromium; real nginx, wrk and slowhttptest
SLOW_FILES = {"test_fuzz.py", "test_linear_time.py", "test_install.py"}
SLOW_TESTS = {
    "test_scale.py::test_demo_data_shows_a_progress_bar_with_rate_on_a_terminal",
    "test_scale.py::test_build_and_import_show_the_progress_bar_on_a_terminal",
}


def pytest_collection_modifyitems(items):
    """Mark the slow tests ``slow`` by where they are, so nobody has to remember the marker."""
    for item in items:
        if not item.path.is_relative_to(TESTS):
            continue
        relative = item.path.relative_to(TESTS)
        test = f"{relative.name}::{getattr(item, 'originalname', item.name)}"
        if relative.parts[0] in SLOW_FOLDERS or relative.name in SLOW_FILES or test in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The article's timeline, built once per test session from the fixture data."""
    path = tmp_path_factory.mktemp("built") / "timeline.db"
    build(DATA_DIR, path)
    return path


@pytest.fixture(scope="session")
def dataset():
    return load_dataset(DATA_DIR)


@pytest.fixture
def memory_db(dataset) -> sqlite_utils.Database:
    """The article's timeline in an in-memory database, for query tests."""
    db = sqlite_utils.Database(memory=True)
    write_database(dataset, db)
    return db


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A private copy of the fixture data that a test may edit."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy, ignore=shutil.ignore_patterns("*.db", "*.db-*", "*.tmp*"))
    return copy


@pytest.fixture(scope="session")
def app(built_db):
    return create_app({"TESTING": True, "DATABASE": str(built_db)})


@pytest.fixture
def client(app):
    return app.test_client()
