"""The documentation says what the code has: every command in the commands table, every
setting in the settings table, and a front page short enough to be one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from webapp.cli import main
from webapp.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
USING = ROOT / "docs" / "using.md"
OPERATING = ROOT / "docs" / "operating.md"


def _section(path: Path, heading: str) -> str:
    return path.read_text(encoding="utf-8").split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_commands_table_lists_every_command_and_nothing_else():
    documented = re.findall(r"^\| `timeline ([a-z-]+)", _section(USING, "Commands"), re.M)
    assert sorted(documented) == sorted(main.commands)


def test_timeline_help_lists_the_commands_the_table_does():
    output = CliRunner().invoke(main, ["--help"]).output
    listed = re.findall(r"^  ([a-z-]+)  ", output.split("Commands:", 1)[1], re.M)
    documented = re.findall(r"^\| `timeline ([a-z-]+)", _section(USING, "Commands"), re.M)
    assert sorted(listed) == sorted(documented)


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_explains_itself(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and command in result.output.splitlines()[0]
    assert len(result.output.splitlines()) > 5


def test_the_settings_table_lists_every_setting_and_nothing_else():
    documented = re.findall(r"^\| `TIMELINE_([A-Z_]+)`", _section(OPERATING, "Settings"), re.M)
    assert documented == [setting.name for setting in SETTINGS]


def test_the_readme_is_a_front_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    assert readme.startswith("# timeline\n\nRun the app"), "the two commands come first"
    assert "./scripts/serve\n" in readme and "./scripts/test\n" in readme


def test_every_local_link_in_the_docs_names_a_file_that_exists_or_is_being_written():
    # Written on other branches at the same time; the merge brings them.
    being_written = {
        "axis.md",
        "desk.md",
        "dates.md",
        "threat-model.md",
        "speed.md",
        "archive.md",
        "axis-1280-light.png",
    }
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    missing = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            path = (page.parent / target).resolve()
            if not path.exists() and path.name not in being_written:
                missing.append(f"{page.name} -> {target}")
    assert missing == []
