"""Serving the desk: waitress on 127.0.0.1 unless told otherwise.

Waitress, not Werkzeug's development server (which warns it is not one) nor gunicorn (whose
workers would each need the token, and whose sync worker lets one idle connection hold it):
one process, a few threads, pure Python, and it closes connections idle for ``IDLE_SECONDS``
and refuses more than ``CONNECTIONS`` at once, so a forgotten tab or a slow client cannot hold
the desk. The desk answers only to the Host it listens on, so a page of another site that
resolves its own name to 127.0.0.1 cannot reach it.
"""

from __future__ import annotations

import contextlib
import ipaddress
import secrets
import socket
from os import PathLike

import click

from ..ingest.data_folder import DataFolder
from ..ingest.publishing import timelines_of
from .app import create_desk

IDLE_SECONDS = 30
CONNECTIONS = 32
THREADS = 4


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def hosts_for(host: str, port: int) -> tuple[str, ...]:
    """The Host headers that name this desk: its address and port (and localhost's names)."""
    shown = f"[{host}]" if ":" in host else host
    names = {f"{shown}:{port}"}
    if _is_loopback(host):
        names |= {f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"}
    elif host in ("0.0.0.0", "::"):  # every interface (--allow-public): the machine's names
        machine = socket.gethostname()
        known = {machine, socket.getfqdn(machine)}
        with contextlib.suppress(OSError):
            known |= set(socket.gethostbyname_ex(machine)[2])
        names |= {f"{name.lower()}:{port}" for name in known}
    return tuple(sorted(names))


def _check_free(host: str, port: int) -> None:
    """A clear message, not a traceback, when the port is taken (checked with a socket of our
    own, closed at once: one waitress fails to bind is never closed)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise click.ClickException(
            f"cannot listen on {host}:{port} ({error.strerror or error}): choose another --port"
        ) from error


def serve_desk(
    data_dir: PathLike,
    timeline: str | None,
    host: str,
    port: int,
    allow_public: bool,
    public_url: str,
) -> None:
    from waitress import create_server

    if not _is_loopback(host) and not allow_public:
        raise click.UsageError(
            f"{host} is not a loopback address: the desk writes files, so it listens on "
            "127.0.0.1 unless you add --allow-public"
        )
    known = [t["slug"] for t in timelines_of(data_dir) if t["slug"]]
    if timeline is not None and timeline not in known:
        raise click.BadParameter(
            f"no timeline {timeline!r} in {data_dir}: start it with `timeline new {timeline}`",
            param_hint="--timeline",
        )
    token = secrets.token_urlsafe(24)
    app = create_desk(data_dir, DataFolder(data_dir).database, token, public_url, ())
    _check_free(host, port)
    server = create_server(
        app,
        host=host,
        port=port,
        threads=THREADS,
        ident="timeline-desk",
        channel_timeout=IDLE_SECONDS,
        connection_limit=CONNECTIONS,
    )
    port = server.effective_port
    app.config["HOSTS"] = set(hosts_for(host, port))
    where = f"/t/{timeline}/" if timeline else "/"
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"review desk for {data_dir}: open http://{shown}:{port}{where}?token={token}", err=True
    )
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
