"""Write the nginx config for timeline from deploy/nginx/timeline.conf.

    python deploy/nginx.py --upstream 127.0.0.1:8000 --upstream 10.0.0.2:8000 \
        > /etc/nginx/sites-available/timeline

Only the ${NAMES} below are filled in; nginx's own $variables pass through untouched.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "timeline.conf"
DEFAULTS = {
    "listen": "80",
    "server_name": "_",
    "cache_dir": "/var/cache/nginx/timeline",
    "rate": 20,
    "burst": 60,
    "connections": 32,
}


def render(upstreams: list[str], unlimited: list[str] = (), **settings) -> str:
    """The config text for these app instances; clients in ``unlimited`` skip per-client limits."""
    if not upstreams:
        raise ValueError("at least one upstream (host:port of a `timeline serve`) is needed")
    values = {**DEFAULTS, **settings}
    return Template(TEMPLATE.read_text()).safe_substitute(
        UPSTREAMS="\n".join(f"    server {address} max_fails=0;" for address in upstreams),
        UNLIMITED="\n".join(f"    {network} 1;" for network in unlimited),
        **{name.upper(): value for name, value in values.items()},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", action="append", required=True, help="host:port, repeatable")
    parser.add_argument("--unlimited", action="append", default=[], help="address or CIDR")
    for name, default in DEFAULTS.items():
        parser.add_argument(f"--{name.replace('_', '-')}", default=default, type=type(default))
    args = vars(parser.parse_args())
    print(render(args.pop("upstream"), args.pop("unlimited"), **args), end="")


if __name__ == "__main__":
    main()
