import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import FIXTURE_DATA, free_port, wait_for
from webapp.cli import main


def test_build_reports_counts_and_is_idempotent(data_dir, tmp_path):
    runner = CliRunner()
    target = tmp_path / "t.db"
    first = runner.invoke(main, ["build", "--db", str(target), "--data", str(data_dir)])
    assert first.exit_code == 0, first.output
    assert "built" in first.output and "22 events, 7 undated notes" in first.output
    second = runner.invoke(main, ["build", "--db", str(target), "--data", str(data_dir)])
    assert second.exit_code == 0 and second.output.startswith("unchanged")


def test_build_failure_names_the_event_and_exits_non_zero(data_dir, tmp_path):
    events = data_dir / "events.toml"
    events.write_text(events.read_text().replace('"2021-06"', '"2021-6"'))
    result = CliRunner().invoke(
        main, ["build", "--db", str(tmp_path / "t.db"), "--data", str(data_dir)]
    )
    assert result.exit_code == 1
    assert "build failed" in result.output and "brussels-summit-2021" in result.output
    assert not (tmp_path / "t.db").exists()


@pytest.mark.parametrize("command", [[], ["build"], ["serve"]])
def test_every_command_explains_itself(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(result.output.splitlines()) > 5


def test_serve_builds_a_missing_database_and_serves_it_with_gunicorn(tmp_path):
    target, port = tmp_path / "served.db", free_port()
    timeline = Path(sys.executable).with_name("timeline")
    server = subprocess.Popen(
        [
            str(timeline),
            "serve",
            "--db",
            str(target),
            "--data",
            str(FIXTURE_DATA),
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        page = wait_for(f"http://127.0.0.1:{port}/?topic=summits").decode()
        assert "8 events · Summits" in page
        assert target.exists()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=20)[0].decode()
    assert f"Listening at: http://127.0.0.1:{port}" in output
    assert "Using worker: gthread" in output
