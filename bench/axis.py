"""The same events drawn by our time axis, by vis-timeline and by TimelineJS, in headless Chromium.

    .venv/bin/python bench/axis.py [--sizes 1000 10000 100000] [--ours-1m /tmp/axis-1m.db]

For each size a demo timeline is generated (``timeline demo-data``, the same seed), served by
gunicorn, and its events exported once (straight from the database) into vis-timeline's and
TimelineJS's formats, served as static pages from another loopback port. Measured per page, in
a fresh browser context: bytes transferred (encoded, from the browser's own network events), time
from navigation until the axis is drawn, time for one zoom-in step, and the JS heap afterwards
(CDP Performance.getMetrics). Every wait is bounded (30 s): a tool that does not draw in time is
reported as such. npm packages (``vis-timeline``, ``@knight-lab/timelinejs@3.9.11``) are packed
into a temporary folder at run time, never committed. The table is printed as Markdown.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.helpers import gunicorn_serving  # noqa: E402

LIMIT_MS = 30_000
PACKAGES = {"vis": "vis-timeline@7.7.4", "tljs": "@knight-lab/timelinejs@3.9.11"}
CHROMIUM = "/usr/lib/chromium/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic"]


def npm_packages(folder: Path) -> dict[str, Path]:
    """Each package unpacked under ``folder``: name -> its ``package/`` directory."""
    found = {}
    for name, spec in PACKAGES.items():
        target = folder / name
        target.mkdir(parents=True)
        packed = subprocess.run(
            ["npm", "pack", spec, "--silent"], cwd=target, capture_output=True, text=True,
            check=True, timeout=300,
        )  # fmt: skip
        with tarfile.open(target / packed.stdout.strip().splitlines()[-1]) as archive:
            archive.extractall(target, filter="data")
        found[name] = target / "package"
    return found


def demo_db(folder: Path, size: int) -> Path:
    path = folder / f"demo-{size}.db"
    subprocess.run(
        [str(ROOT / ".venv/bin/timeline"), "demo-data", "--events", str(size), "--db", str(path),
         "--quiet"], check=True, timeout=600,
    )  # fmt: skip
    return path


def _iso_parts(text: str) -> dict:
    year, *rest = text.lstrip("-").split("-")
    parts = {"year": int(year) * (-1 if text.startswith("-") else 1)}
    parts.update(zip(("month", "day"), (int(r) for r in rest), strict=False))
    return parts


def export_events(db: Path) -> list[dict]:
    """(title, start, end) of every event, exactly as stored."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute('SELECT title, start, "end" FROM events ORDER BY id').fetchall()
    return [{"title": t, "start": s, "end": e} for t, s, e in rows]


def _vis_date(text: str) -> str:
    parts = _iso_parts(text)
    return f"{parts['year']:04d}-{parts.get('month', 1):02d}-{parts.get('day', 1):02d}"


VIS_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="vis/vis-timeline-graph2d.min.css"></head><body>
<div id="t"></div><script src="vis/standalone/umd/vis-timeline-graph2d.min.js"></script>
<script>fetch('vis-data.json').then(r => r.json()).then(items => {
  window.timeline = new vis.Timeline(document.getElementById('t'), new vis.DataSet(items), {});
});</script></body></html>"""

TLJS_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="tljs/dist/css/timeline.css"></head><body>
<div id="t" style="width: 100%; height: 600px"></div><script src="tljs/dist/js/timeline.js"></script>
<script>fetch('tljs-data.json').then(r => r.json()).then(data => {
  window.timeline = new TL.Timeline('t', data, {script_path: location.origin + '/tljs/dist/js/',
                                               font: false});
});</script></body></html>"""


def write_static(folder: Path, packages: dict[str, Path], events: list[dict]) -> None:
    vis = [
        {"id": n, "content": e["title"], "start": _vis_date(e["start"]),
         **({"end": _vis_date(e["end"])} if e["end"] else {})}
        for n, e in enumerate(events)
    ]  # fmt: skip
    tljs = {
        "events": [
            {"start_date": _iso_parts(e["start"]), "text": {"headline": e["title"]},
             **({"end_date": _iso_parts(e["end"])} if e["end"] else {})}
            for e in events
        ]
    }  # fmt: skip
    (folder / "vis-data.json").write_text(json.dumps(vis))
    (folder / "tljs-data.json").write_text(json.dumps(tljs))
    (folder / "vis.html").write_text(VIS_PAGE)
    (folder / "tljs.html").write_text(TLJS_PAGE)
    for name, package in packages.items():
        link = folder / name
        if not link.exists():
            link.symlink_to(package)


def static_server(folder: Path):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# What "drawn" means for each tool, and one zoom step (resolving when the new drawing is in).
TOOLS = {
    "ours": {
        "drawn": "document.querySelector('[data-axis] svg a')",
        "zoom": """() => new Promise(done => {
            const before = document.querySelector('[data-axis]').dataset.from;
            const start = performance.now();
            document.querySelector('[data-zoom=in]').click();
            const check = () => {
              const axis = document.querySelector('[data-axis]:not(.axis-slot) svg');
              if (axis && axis.closest('[data-axis]').dataset.from !== before) {
                done(performance.now() - start);
              } else requestAnimationFrame(check);
            };
            check();
        })""",
    },
    "vis-timeline": {
        "drawn": "window.timeline && document.querySelector('.vis-item')",
        "zoom": """() => new Promise(done => {
            const start = performance.now();
            timeline.once('changed', () => done(performance.now() - start));
            timeline.zoomIn(0.5, {animation: false});
        })""",
    },
    "TimelineJS": {
        "drawn": "window.timeline && document.querySelector('.tl-timemarker')",
        "zoom": """() => new Promise(done => {
            const start = performance.now();
            timeline.zoomIn();
            requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
        })""",
    },
}


def measure(browser, url: str, tool: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    client.send("Performance.enable")
    transferred = []
    client.on("Network.loadingFinished", lambda e: transferred.append(e["encodedDataLength"]))
    result = {"bytes": None, "drawn_ms": None, "zoom_ms": None, "heap_mb": None}
    try:
        start = time.perf_counter()
        page.goto(url, timeout=LIMIT_MS)
        page.wait_for_function(TOOLS[tool]["drawn"], timeout=LIMIT_MS, polling=50)
        result["drawn_ms"] = (time.perf_counter() - start) * 1000
        result["bytes"] = sum(transferred)
        result["zoom_ms"] = page.evaluate(f"Promise.race([({TOOLS[tool]['zoom']})(), "
                                          f"new Promise(r => setTimeout(() => r(null), {LIMIT_MS}))])")  # fmt: skip
        metrics = {m["name"]: m["value"] for m in client.send("Performance.getMetrics")["metrics"]}
        result["heap_mb"] = metrics["JSHeapUsedSize"] / 2**20
    except Exception as error:  # a tool that does not draw in time: reported, not fatal
        result["error"] = type(error).__name__
    finally:
        context.close()
    return result


def _cell(value, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value / 1024:,.0f} KiB" if unit == "bytes" else f"{value:,.0f} {unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--ours-1m", type=Path, help="a 1M-event demo db to draw with ours too")
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        folder = Path(temp)
        packages = npm_packages(folder / "npm")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        cases = [(size, demo_db(folder, size)) for size in options.sizes]
        if options.ours_1m:
            cases.append((1_000_000, options.ours_1m))
        for size, db in cases:
            with gunicorn_serving(db, workers=1) as ours:
                urllib.request.urlopen(
                    ours + "/", timeout=LIMIT_MS / 1000
                ).read()  # warm: as a live server is
                rows.append((size, "ours", measure(browser, ours + "/", "ours")))
            if size > 100_000:
                continue
            static = folder / f"static-{size}"
            static.mkdir()
            write_static(static, packages, export_events(db))
            server = static_server(static)
            base = f"http://127.0.0.1:{server.server_address[1]}"
            rows.append(
                (size, "vis-timeline", measure(browser, base + "/vis.html", "vis-timeline"))
            )
            rows.append((size, "TimelineJS", measure(browser, base + "/tljs.html", "TimelineJS")))
            server.shutdown()
        browser.close()
    print("| events | tool | transferred | drawn after | zoom step | JS heap |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for size, tool, r in rows:
        drawn = _cell(r["drawn_ms"], "ms") if "error" not in r else f"not in {LIMIT_MS // 1000} s"
        print(f"| {size:,} | {tool} | {_cell(r['bytes'], 'bytes')} | {drawn} | "
              f"{_cell(r['zoom_ms'], 'ms')} | {_cell(r['heap_mb'], 'MB')} |")  # fmt: skip


if __name__ == "__main__":
    main()
