"""Shared fixtures: a database built from the frozen fixture data, the app, a client."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlite_utils

from tests.helpers import FIXTURE_DATA
from webapp import create_app
from webapp.ingest.build import build, write_database
from webapp.ingest.curated import load_dataset

DATA_DIR = FIXTURE_DATA


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
