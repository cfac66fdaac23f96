"""nginx in front of several instances, third hardening round (issue 25): an answer the app gave
on purpose is never re-run on another instance; a refused slug is a 404, not a 502."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench import drill
from bench.servers import free_port
from deploy.nginx import render


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@contextmanager
def counting_instance(status: int):
    """A stand-in app instance on 127.0.0.1: /api/topics answers 200 (nginx's readiness probe),
    every other path ``status``, as the app answers a view stopped by its query time limit;
    yields (its URL, the paths it was asked for)."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # the name http.server calls
            code = 200 if self.path == "/api/topics" else status
            if code != 200:
                asked.append(self.path)
            body = b'{"error": "That view took too long to compute and was stopped."}'
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if code == 503:
                self.send_header("Retry-After", "5")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def test_the_config_retries_only_what_never_reached_the_app():
    text = render(["127.0.0.1:8000"])
    retried = next(line for line in text.splitlines() if "proxy_next_upstream " in line)
    assert "error" in retried and "timeout" in retried
    assert "http_503" not in retried and "http_500" not in retried


def test_a_503_the_app_gave_on_purpose_is_not_run_again_elsewhere(tmp_path):
    with (
        counting_instance(503) as (first, first_asked),
        counting_instance(503) as (second, second_asked),
        counting_instance(503) as (third, third_asked),
        drill.nginx_in_front(tmp_path / "nginx", [first, second, third], ["127.0.0.1"]) as front,
    ):
        status, headers, body = fetch(front + "/api/events?q=expensive")
    assert status == 503 and headers["Retry-After"] == "5" and b"too long" in body
    assert len(first_asked) + len(second_asked) + len(third_asked) == 1


def test_an_instance_that_is_down_is_still_skipped(tmp_path):
    down = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with (
        counting_instance(404) as (up, asked),
        drill.nginx_in_front(tmp_path / "nginx", [down, up], ["127.0.0.1"]) as front,
    ):
        answers = [fetch(front + f"/t/missing-{n}/")[0] for n in range(4)]
    assert answers == [404] * 4 and len(asked) == 4


def test_a_very_long_slug_is_a_404_behind_nginx(app_url, front):
    status, _, body = fetch(front + "/t/" + "a" * 300 + "/")
    assert status == 404 and b"<h1" in body


def test_a_script_name_sent_straight_to_the_app_never_reaches_nginx_cache(app_url, front):
    """The finding as reported: one request to gunicorn itself, then readers through nginx."""
    import http.client
    from urllib.parse import urlsplit

    address = urlsplit(app_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    # The Host nginx sends ($host, no port), so the app's key is the one nginx's requests use.
    forged = {"SCRIPT_NAME": "/t/other", "Host": address.hostname}
    connection.request("GET", "/t/other/?year=1650", headers=forged)
    connection.getresponse().read()
    connection.close()
    status, headers, body = fetch(front + "/?year=1650")
    assert status == 200 and headers["X-Cache-Status"] == "MISS"
    assert b"/t/other" not in body
    assert b"/t/other" not in fetch(front + "/?year=1650")[2]
