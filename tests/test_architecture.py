"""The three sides hold at run time too: reading and writing never load the web framework."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import importlib, pkgutil, sys
import webapp.{side} as side
for module in pkgutil.walk_packages(side.__path__, side.__name__ + "."):
    importlib.import_module(module.name)
web = ("flask", "werkzeug", "webapp.web", "webapp.app")
print(sorted(name for name in web if name in sys.modules))
"""


@pytest.mark.parametrize("side", ["store", "ingest"])
def test_a_side_loads_without_flask_or_the_web_side(side):
    output = subprocess.run(
        [sys.executable, "-c", PROBE.format(side=side)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert output.strip() == "[]"


def test_the_web_side_loads_without_the_writer():
    probe = (
        "import sys, webapp.app; print([m for m in sys.modules if m.startswith('webapp.ingest')])"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
