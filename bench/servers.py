"""What the bench scripts share: free ports, servers started and stopped cleanly, and wrk."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> bytes:
    """GET ``url`` until it answers 2xx, and return the body; the last error once ``seconds``
    have passed. The one waiting loop of the bench scripts and the tests."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def running(command: list, probe: str | None = None, env: dict | None = None):
    """A server in its own session, ready once ``probe`` answers; yields its process, and stops
    it with its children however the block ends."""
    child = subprocess.Popen(
        [str(part) for part in command],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        if probe is not None:
            wait_for(probe)
        yield child
    finally:
        try:
            os.killpg(child.pid, signal.SIGTERM)
            child.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def run_wrk(url: str, connections: int, seconds: int, script: Path | None = None) -> dict:
    """One bounded wrk run: requests, requests/s, p50 and p99 (ms), non-2xx/3xx answers and
    socket errors by kind, and wrk's own output."""
    command = ["wrk", "--latency", f"-t{min(2, connections)}", f"-c{connections}",
               f"-d{seconds}s", "--timeout", "5s"]  # fmt: skip
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    return wrk_summary(output)


def wrk_summary(output: str) -> dict:
    """wrk's closing summary read: requests, requests/s, p50 and p99 (ms), non-2xx/3xx answers
    and socket errors by kind, and the output itself."""
    result = {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "output": output,
    }
    for label in ("50", "99"):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        result[f"p{label}"] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx"] = int(bad.group(1)) if bad else 0
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    names = ("connect", "read", "write", "timeout")
    kinds = dict(zip(names, map(int, errors.groups()), strict=True)) if errors else {}
    result["socket_error_kinds"] = kinds
    result["socket_errors"] = sum(kinds.values())
    return result
