"""Write the nginx config for timeline from deploy/nginx/timeline.conf.

    python deploy/nginx.py --upstream 127.0.0.1:8000 --upstream 10.0.0.2:8000 \
        > /etc/nginx/sites-available/timeline
    python deploy/nginx.py --upstream 127.0.0.1:8000 --listen 443 --redirect-from 80 \
        --tls-cert /etc/ssl/timeline.pem --tls-key /etc/ssl/private/timeline.key > ...

Only the ${NAMES} below are filled in; nginx's own $variables pass through untouched. With a
certificate the site is served over TLS with HSTS, and --redirect-from answers plain HTTP with
a permanent redirect to it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "timeline.conf"
DEFAULTS = {
    "listen": "",  # 80, or 443 with a certificate
    # The names this site answers to; a request naming any other host is dropped (444).
    "server_name": "localhost 127.0.0.1",
    "cache_dir": "/var/cache/nginx/timeline",
    "rate": 20,
    "burst": 60,
    "connections": 32,
}


HSTS = 'add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;'


def render(
    upstreams: list[str],
    unlimited: list[str] = (),
    tls_cert: str | None = None,
    tls_key: str | None = None,
    redirect_from: str | None = None,
    **settings,
) -> str:
    """The config text for these app instances; clients in ``unlimited`` skip per-client limits."""
    if not upstreams:
        raise ValueError("at least one upstream (host:port of a `timeline serve`) is needed")
    if bool(tls_cert) != bool(tls_key) or (redirect_from and not tls_cert):
        raise ValueError("TLS needs both --tls-cert and --tls-key (and --redirect-from needs TLS)")
    values = {**DEFAULTS, **settings}
    values["listen"] = values["listen"] or ("443" if tls_cert else "80")
    tls = {"TLS": "", "HSTS": "", "REDIRECT_SERVER": ""}
    if redirect_from:
        tls["REDIRECT_SERVER"] = _redirect_server(
            redirect_from, values["listen"], values["server_name"]
        ) + _drop_unknown_hosts(redirect_from, tls=None)
    tls_lines = _tls(tls_cert, tls_key) if tls_cert else None
    tls["DEFAULT_SERVER"] = _drop_unknown_hosts(values["listen"], tls=tls_lines)
    if tls_cert:
        values["listen"] = f"{values['listen']} ssl http2"
        tls["TLS"] = _tls(tls_cert, tls_key)
        tls["HSTS"] = f"        {HSTS}"
    return Template(TEMPLATE.read_text()).safe_substitute(
        UPSTREAMS="\n".join(f"    server {address} max_fails=0;" for address in upstreams),
        UNLIMITED="\n".join(f"    {network} 1;" for network in unlimited),
        **tls,
        **{name.upper(): value for name, value in values.items()},
    )


def _tls(cert: str, key: str) -> str:
    return (
        f"    ssl_certificate {cert};\n"
        f"    ssl_certificate_key {key};\n"
        "    ssl_protocols TLSv1.2 TLSv1.3;\n"
        "    ssl_prefer_server_ciphers off;\n"
        "    ssl_session_cache shared:timeline_tls:10m;\n"
        "    ssl_session_timeout 1d;\n"
        "    ssl_session_tickets off;"
    )


def _drop_unknown_hosts(listen: str, tls: str | None) -> str:
    """The default server for ``listen``: a request naming a host we do not serve is closed
    unanswered (444), so no forged ``Host`` reaches the app or its cache. Over TLS it shows the
    site's certificate (clients send no SNI for an address) and drops the request after it."""
    return (
        "server {\n"
        f"    listen {listen}{' ssl' if tls else ''} default_server;\n"
        "    server_name _;\n"
        "    server_tokens off;\n"
        "    client_header_timeout 5s;\n"
        f"{tls or ''}\n"
        "    return 444;\n"
        "}\n"
    )


def _redirect_server(listen: str, https_listen: str, server_name: str) -> str:
    """Plain HTTP answered with a permanent redirect to the same URL over HTTPS."""
    port = str(https_listen).rpartition(":")[2]
    suffix = "" if port == "443" else f":{port}"
    return (
        "server {\n"
        f"    listen {listen};\n"
        f"    server_name {server_name};\n"
        "    server_tokens off;\n"
        "    client_header_timeout 5s;\n"
        f"    return 301 https://$host{suffix}$request_uri;\n"
        "}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", action="append", required=True, help="host:port, repeatable")
    parser.add_argument("--unlimited", action="append", default=[], help="address or CIDR")
    parser.add_argument("--tls-cert", help="certificate (chain) file: serve HTTPS with HSTS")
    parser.add_argument("--tls-key", help="its private key")
    parser.add_argument("--redirect-from", help="also listen here (e.g. 80) and redirect to HTTPS")
    for name, default in DEFAULTS.items():
        parser.add_argument(f"--{name.replace('_', '-')}", default=default, type=type(default))
    args = vars(parser.parse_args())
    print(render(args.pop("upstream"), args.pop("unlimited"), **args), end="")


if __name__ == "__main__":
    main()
