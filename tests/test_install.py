"""Installable like real software: a non-editable wheel serves the site from any directory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

from tests.helpers import free_port, wait_for
from webapp import wording
from webapp.ingest.build import build
from webapp.settings import ROOT


def _fresh_environment(folder: Path) -> Path:
    """A new virtual environment holding only our wheel; its dependencies are borrowed from the
    test environment's site-packages (added as a plain path, so our editable install is not)."""
    wheels = folder / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(wheels), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", *map(str, wheels.glob("*.whl"))],
        check=True, capture_output=True,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def test_the_installed_wheel_serves_the_site_from_any_directory(tmp_path):
    venv = _fresh_environment(tmp_path)
    database = tmp_path / "site.db"
    build(ROOT / "tests" / "fixtures" / "data", database)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import webapp; print(webapp.__file__)"],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert where.startswith(str(venv)), where  # the wheel, not the checkout

    port = free_port()
    server = subprocess.Popen(
        [str(venv / "bin" / "timeline"), "serve", "--db", str(database), "--port", str(port),
         "--workers", "1"],
        cwd=elsewhere, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    try:
        page = wait_for(f"http://127.0.0.1:{port}/?topic=summits").decode()
        assert "8 events · Summits" in page
        russian = wait_for(f"http://127.0.0.1:{port}/?topic=summits&lang=ru").decode()
        with wording.speaking("ru"):  # the wheel carries the catalogs: no build step made them
            assert '<html lang="ru"' in russian and wording.gettext("Filters") in russian
        stylesheet = page.split('rel="stylesheet" href="')[1].split('"')[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}") as response:
            assert response.status == 200 and b"{" in response.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/embed.css") as response:
            assert response.status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.communicate(timeout=20)
