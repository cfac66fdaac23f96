"""One door per action: the CLI parses and prints, the ingest operations do the work, and every
input error is one tree that the CLI catches once."""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import webapp
from tests.helpers import FIXTURE_DATA
from webapp import errors
from webapp.cli import main
from webapp.errors import InputError, SourceExists

ROOT = Path(__file__).resolve().parent.parent
FRONT_DOOR = ["webapp/cli.py", "webapp/terminal.py"]
ARTICLE = ROOT / "tests" / "extract" / "today-az-nato-azerbaijan.txt"
GOLD = ARTICLE.with_name("today-az-nato-azerbaijan.gold.json")


def _ingest_modules_imported(path: Path) -> set[str]:
    """The modules of webapp/ingest/ a file imports (``from .ingest import x`` included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ("webapp." if node.level else "") + (node.module or "")
            names |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    ingest = ROOT / "webapp" / "ingest"
    return {
        name
        for name in names
        if name.startswith("webapp.ingest.")
        and (ingest / f"{name.removeprefix('webapp.ingest.')}.py").exists()
    }


@pytest.mark.parametrize("name", FRONT_DOOR)
def test_the_cli_reaches_the_ingest_side_only_through_its_operations(name):
    reached = _ingest_modules_imported(ROOT / name)
    assert reached <= {"webapp.ingest.operations"}, "a new ingest module belongs behind operations"


def test_the_cli_is_short_enough_to_read():
    assert len((ROOT / "webapp/cli.py").read_text(encoding="utf-8").splitlines()) < 400


def _all_modules():
    for module in pkgutil.walk_packages(webapp.__path__, "webapp."):
        importlib.import_module(module.name)


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_every_input_error_is_drawn_in_the_tree():
    _all_modules()
    drawn = set(re.findall(r"[├└]── (\w+)", errors.__doc__))
    raised = {
        cls.__name__ for cls in _subclasses(InputError) if cls.__module__.startswith("webapp")
    }
    assert raised == drawn


def test_an_input_error_reads_as_it_was_raised_and_knows_where():
    error = SourceExists("sources/a.txt exists", errors.Where("sources/a.txt"))
    assert str(error) == "sources/a.txt exists" and str(error.where) == "sources/a.txt"
    assert isinstance(error, FileExistsError), "code that caught FileExistsError still does"
    assert str(errors.Where("events.toml", "nato-summit", "start")) == (
        "events.toml: 'nato-summit': start"
    )


def run(*arguments) -> object:
    return CliRunner().invoke(main, [str(argument) for argument in arguments])


def test_evaluate_is_its_own_command_and_extract_evaluate_says_the_same():
    alone = run("evaluate", GOLD, ARTICLE, "--data", FIXTURE_DATA)
    assert alone.exit_code == 0, alone.output
    assert "F1" in alone.output
    assert run("extract", "--evaluate", GOLD, ARTICLE, "--data", FIXTURE_DATA).output == (
        alone.output
    )


def test_evaluate_a_folder_gives_the_table(tmp_path):
    result = run("evaluate", ARTICLE.parent, "--data", FIXTURE_DATA)
    assert result.exit_code == 0, result.output
    summary = result.output.splitlines()[-2:]
    assert summary[0].startswith("mean F1") and summary[1].startswith("title F1")


def test_evaluate_one_gold_list_without_its_article_says_what_to_give():
    result = run("evaluate", GOLD, "--data", FIXTURE_DATA)
    assert result.exit_code == 1
    assert "give the ARTICLE" in result.output and "Traceback" not in result.output


def test_a_broken_gold_list_is_one_line_not_a_traceback(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([{"start": "2021-13"}]), encoding="utf-8")
    result = run("evaluate", gold, ARTICLE, "--data", FIXTURE_DATA)
    assert result.exit_code == 1 and result.output.startswith("Error: ")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_adding_a_source_twice_keeps_the_first_and_says_why(data_dir):
    facts = ["--title", "NATO and Azerbaijan", "--outlet", "Today.Az", "--data", data_dir]
    arguments = ["extract", ARTICLE, "--add", *facts]
    first = run(*arguments)
    assert first.exit_code == 0, first.output
    text = data_dir / "sources" / "nato-and-azerbaijan.txt"
    before = text.read_bytes()
    again = run(*arguments)
    assert again.exit_code == 1
    assert "nothing added" in again.output and "exists" in again.output
    assert text.read_bytes() == before


def test_an_article_with_no_date_is_refused_and_nothing_is_written(data_dir, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("board", "quay"):
        (folder / f"{name}.txt").write_text(f"The {name} met and talked.\n", encoding="utf-8")
    result = run("extract", folder, "--add", "--outlet", "Gazette", "--data", data_dir)
    assert result.exit_code == 1
    assert "no date of its own" in result.output
    assert not (data_dir / "extracted").exists()


def test_a_timeline_that_fails_to_build_leaves_nothing(data_dir):
    result = run("new", "untitled", "--title", "", "--data", data_dir)
    assert result.exit_code == 1
    assert "could not start 'untitled', nothing kept" in result.output
    assert "missing field 'title'" in result.output
    assert not (data_dir / "timelines").exists()


def test_a_timeline_slug_taken_or_malformed_is_refused(data_dir):
    (data_dir / "timelines").mkdir()
    (data_dir / "timelines" / "taken").mkdir()
    result = run("new", "taken", "--title", "Taken", "--data", data_dir)
    assert result.exit_code == 1 and "exists: choose another slug" in result.output
    assert run("new", "Bad Slug", "--title", "x", "--data", data_dir).exit_code == 2
    assert sorted(p.name for p in (data_dir / "timelines").iterdir()) == ["taken"]
