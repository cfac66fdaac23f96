"""Grade our headers with Mozilla's HTTP Observatory, behind nginx with TLS on loopback.

    .venv/bin/python bench/observatory.py

Makes a throw-away certificate authority and a certificate for localhost (openssl), starts
`timeline serve` behind deploy/nginx.py's config with TLS, HSTS and a plain-HTTP redirect, and
runs the Observatory scanner (npm @mdn/mdn-http-observatory, installed with --ignore-scripts
into ~/.cache/timeline/observatory, its two downloaded lists stubbed, since this machine is
offline) against a page, an embed and the API. Writes bench/OBSERVATORY.md.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))
from bench import drill  # noqa: E402

SCANNER = "@mdn/mdn-http-observatory@1.4.8"
CACHE = Path.home() / ".cache" / "timeline" / "observatory"
PATHS = ["/", "/?topic=summits&year=2004", "/embed?topic=summits", "/api/events?year=2021"]


def make_certificates(folder: Path) -> dict[str, Path]:
    """A certificate authority and a localhost certificate it signed, valid for two days."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name for name in ("ca.pem", "ca.key", "server.pem", "server.key")}
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

    def openssl(*arguments):
        subprocess.run(["openssl", *map(str, arguments)], check=True, capture_output=True)

    openssl("req", "-x509", *ec, "-keyout", paths["ca.key"], "-out", paths["ca.pem"],
            "-days", "2", "-subj", "/CN=timeline throw-away CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    request = folder / "server.csr"
    openssl("req", *ec, "-keyout", paths["server.key"], "-out", request, "-subj", "/CN=localhost")
    extensions = folder / "server.ext"
    extensions.write_text(
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n"
    )
    openssl("x509", "-req", "-in", request, "-CA", paths["ca.pem"], "-CAkey", paths["ca.key"],
            "-CAcreateserial", "-out", paths["server.pem"], "-days", "2",
            "-extfile", extensions)  # fmt: skip
    return paths


def install_scanner() -> Path:
    """The scanner's package folder, installed once; its network-fetched lists stubbed."""
    package = CACHE / "node_modules" / "@mdn" / "mdn-http-observatory"
    if not package.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix",
             str(CACHE), SCANNER],
            check=True, capture_output=True,
        )  # fmt: skip
    for stub in ("hsts-preload.json", "tld-list.json"):
        path = package / "conf" / stub
        if not path.exists():
            path.write_text("{}" if stub.startswith("hsts") else "[]")
    return package


# The scanner's own scan() ignores ports and paths (1.4.8 calls retrieve(hostname) alone), so
# this runs its retriever with them and grades the result with its own tests and grader, as
# scan() does: the same 10 tests, the same scoring and extra-credit rule.
SCAN_SCRIPT = """
const root = process.argv[2];
const { retrieve } = await import(root + "/src/retriever/retriever.js");
const { ALL_TESTS } = await import(root + "/src/constants.js");
const { getGradeForScore, getScoreModifier } = await import(root + "/src/grader/grader.js");
const { MINIMUM_SCORE_FOR_EXTRA_CREDIT } = await import(root + "/src/grader/charts.js");
const [httpsPort, httpPort, ...paths] = process.argv.slice(3);
const graded = [];
for (const path of paths) {
  const requests = await retrieve("127.0.0.1", { httpsPort, httpPort, path });
  if (!requests.responses.auto) throw new Error(`${path}: the site seems to be down`);
  let withCredit = 100, uncurved = 100;
  const tests = {};
  for (const test of ALL_TESTS) {
    const result = test(requests);
    const modifier = result.result ? getScoreModifier(result.result) : 0;
    withCredit += modifier;
    if (modifier < 0) uncurved += modifier;
    tests[result.constructor.name] = { pass: result.pass, result: result.result };
  }
  const score = uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withCredit : uncurved;
  const final = getGradeForScore(score);
  graded.push({ path, grade: final.grade, score: final.score, tests });
}
console.log(JSON.stringify(graded));
"""


def grade(work: Path) -> list[dict]:
    package = install_scanner()
    certificates = make_certificates(work / "tls")
    db = work / "timeline.db"
    subprocess.run([drill.BIN / "timeline", "build", "--db", db, "--quiet"], check=True)
    with (
        drill.app_instance(db) as (app_url, _),
        drill.nginx_in_front(
            work / "nginx",
            [app_url],
            tls_cert=certificates["server.pem"],
            tls_key=certificates["server.key"],
        ) as front,
    ):
        https_port = front.rpartition(":")[2]
        http_port = (work / "nginx" / "http-port").read_text()
        script = work / "scan.mjs"
        script.write_text(SCAN_SCRIPT)
        output = subprocess.run(
            ["node", script, package, https_port, http_port, *PATHS],
            env={**os.environ, "NODE_EXTRA_CA_CERTS": str(certificates["ca.pem"])},
            capture_output=True,
            text=True,
            timeout=300,
        )
    if output.returncode != 0:
        raise RuntimeError(f"the scanner failed: {output.stderr[-2000:]}")
    return json.loads(output.stdout)


def markdown(results: list[dict]) -> str:
    lines = [
        "# HTTP Observatory",
        "",
        f"Produced by `python bench/observatory.py` on {time.strftime('%Y-%m-%d')}: Mozilla's "
        f"scanner ({SCANNER}) against `timeline serve` behind deploy/nginx.py's config with TLS "
        "(a throw-away CA), HSTS and a redirect from plain HTTP, on loopback.",
        "",
        "| URL | grade | score | tests passed | not passed |",
        "|---|---|---:|---:|---|",
    ]
    for result in results:
        tests = result["tests"]
        failed = [f"{name} ({test['result']})" for name, test in tests.items() if not test["pass"]]
        passed = sum(test["pass"] for test in tests.values())
        lines.append(
            f"| `{result['path']}` | {result['grade']} | {result['score']} "
            f"| {passed}/{len(tests)} | {', '.join(failed) or '–'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    missing = [tool for tool in ("node", "npm", "openssl", "nginx") if not shutil.which(tool)]
    if missing:
        sys.exit(f"missing {', '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="timeline-observatory-") as folder:
        results = grade(Path(folder))
    text = markdown(results)
    (ROOT / "bench" / "OBSERVATORY.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
