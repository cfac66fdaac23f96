"""The data folder: its paths named once, the guard that puts files back, the content stamp."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from webapp.ingest.build import build
from webapp.ingest.data_folder import DataFolder
from webapp.ingest.loading import content_stamp, load_dataset


def test_the_paths_are_the_ones_the_build_reads(data_dir):
    folder = DataFolder(data_dir)
    source = load_dataset(data_dir).sources
    slug = next(iter(source))
    assert folder.source_text(slug).read_text(encoding="utf-8") == source[slug].text
    assert folder.source_meta(slug).is_file()
    assert folder.timeline_toml.is_file() and folder.topics_toml.is_file()
    assert folder.events_toml.is_file() and folder.extract_toml.is_file()
    assert folder.extracted(slug) == data_dir / "extracted" / f"{slug}.toml"
    assert folder.imports(slug) == data_dir / "imports" / f"{slug}.toml"
    assert folder.database == data_dir / "timeline.db"
    assert folder.relative(folder.source_meta(slug)) == f"sources/{slug}.toml"


def test_a_timeline_is_a_data_folder_under_timelines(tmp_path):
    folder = DataFolder(tmp_path)
    other = folder.timeline("harbour-light")
    assert other.root == tmp_path / "timelines" / "harbour-light"
    assert other.database == tmp_path / "timelines" / "harbour-light" / "timeline.db"
    assert folder.timeline_slugs() == []
    other.root.mkdir(parents=True)
    (folder.timelines / "Not A Slug").mkdir()
    assert folder.timeline_slugs() == ["harbour-light"]


@pytest.mark.parametrize("slug", ["../escape", "", "Upper", "a/b", ".."])
def test_a_timeline_slug_cannot_leave_the_folder(tmp_path, slug):
    with pytest.raises(ValueError, match="not a slug"):
        DataFolder(tmp_path).timeline(slug)


class Refused(Exception):
    pass


def test_the_guard_puts_changed_files_back_and_removes_new_ones(data_dir):
    folder = DataFolder(data_dir)
    before = folder.topics_toml.read_bytes()
    new = folder.source_files("new-article")
    with pytest.raises(Refused), folder.guarded([folder.topics_toml, *new]):
        folder.topics_toml.write_text("broken =", encoding="utf-8")
        for path in new:
            path.parent.mkdir(exist_ok=True)
            path.write_text("written", encoding="utf-8")
        raise Refused
    assert folder.topics_toml.read_bytes() == before
    assert not any(path.exists() for path in new)
    assert not folder.extracted_dir.exists(), "the folder made for the new file is gone too"
    assert folder.sources.is_dir(), "a folder that was there stays"


def test_the_guard_keeps_the_change_when_nothing_fails(data_dir):
    folder = DataFolder(data_dir)
    with folder.guarded([folder.topics_toml, folder.imports("feed")]):
        folder.topics_toml.write_text("", encoding="utf-8")
        folder.imports_dir.mkdir()
        folder.imports("feed").write_text("[source]\n", encoding="utf-8")
    assert folder.topics_toml.read_text(encoding="utf-8") == ""
    assert folder.imports("feed").read_text(encoding="utf-8") == "[source]\n"


def test_the_guard_puts_a_file_back_that_the_change_deleted(data_dir):
    folder = DataFolder(data_dir)
    before = folder.events_toml.read_bytes()
    with pytest.raises(KeyboardInterrupt), folder.guarded([folder.events_toml]):
        folder.events_toml.unlink()
        raise KeyboardInterrupt
    assert folder.events_toml.read_bytes() == before


def test_the_guard_puts_a_folder_back_as_it_was(data_dir):
    folder = DataFolder(data_dir)
    before = {path.name: path.read_bytes() for path in folder.sources.iterdir()}
    with pytest.raises(Refused), folder.guarded([folder.sources]):
        for path in folder.sources.iterdir():
            path.write_text("changed", encoding="utf-8")
        (folder.sources / "extra.txt").write_text("added", encoding="utf-8")
        raise Refused
    assert {path.name: path.read_bytes() for path in folder.sources.iterdir()} == before


def test_the_guard_removes_a_new_timeline_that_failed_to_start(tmp_path):
    folder = DataFolder(tmp_path)
    started = folder.timeline("harbour-light")
    with pytest.raises(Refused), folder.guarded([started.root]):
        started.sources.mkdir(parents=True)
        started.timeline_toml.write_text("title = 'x'\n", encoding="utf-8")
        raise Refused
    assert not folder.timelines.exists()


def test_the_stamp_is_the_builds_identity(data_dir, tmp_path):
    folder = DataFolder(data_dir)
    assert folder.content_stamp() == content_stamp(data_dir)
    result = build(data_dir, folder.database)
    assert result.stamp == folder.content_stamp(), "the database itself is not an input"
    unchanged = folder.content_stamp()
    shutil.copytree(data_dir, folder.timeline("other").root, ignore=_database)
    assert folder.content_stamp() == unchanged, "another timeline is built on its own"
    slug = next(iter(load_dataset(data_dir).sources))
    text = folder.source_text(slug)
    text.write_text(text.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert folder.content_stamp() != unchanged


def test_a_media_file_is_an_input(data_dir):
    folder = DataFolder(data_dir)
    unchanged = folder.content_stamp()
    folder.media.mkdir()
    (folder.media / "map.png").write_bytes(b"\x89PNG")
    assert folder.content_stamp() != unchanged


def _database(directory: str, names: list[str]) -> list[str]:
    return [name for name in names if Path(name).suffix == ".db" or name == "timelines"]
