"""Every setting in one registry, each readable from a ``TIMELINE_<NAME>`` environment variable.

``create_app`` loads these into Flask's config; the README's settings table lists the same names
(a test checks that it does). Paths to the shipped templates and static files are found here too,
whether the package runs from a checkout or from an installed wheel.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .limits import COUNT_CAP

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent  # the checkout (or site-packages, when installed)


def shipped(name: str) -> Path:
    """``templates`` or ``static``: inside the installed package, else at the checkout's top."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else ROOT / name


def default_data_dir() -> Path:
    """The curated data: the checkout's ``db/``, or ``./db`` where the package is installed."""
    if (ROOT / "pyproject.toml").is_file():
        return ROOT / "db"
    return Path.cwd() / "db"


@dataclass(frozen=True)
class Setting:
    name: str  # the variable is TIMELINE_<name>
    kind: type  # str, int, float or bool
    default: object
    description: str
    key: str = ""  # the Flask config key, when Flask already uses the name for something else

    @property
    def config_key(self) -> str:
        return self.key or self.name


SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE", str, None, "The SQLite file the server reads (default: "
            "`timeline.db` in the data folder). `TIMELINE_DB` is accepted too."),
    Setting("TIMELINES", str, None, "The folder of further timelines, one folder each with its "
            "own `timeline.db`, served at `/t/<slug>/` (default: `timelines/` in the data "
            "folder)."),
    Setting("PUBLIC_URL", str, "", "The site's origin, e.g. `https://timeline.example`: every "
            "absolute URL is written with it, whatever `Host` a request sends. Unset: each "
            "request to a local host is answered as itself."),
    Setting("TRUSTED_HOSTS", str, "", "Further host names answered, comma-separated "
            "(`.example.org` admits subdomains); the public URL's host and 127.0.0.1, "
            "localhost and [::1] always are. Any other `Host` gets 400.",
            key="TIMELINE_TRUSTED_HOSTS"),  # Flask's TRUSTED_HOSTS cannot match [::1]
    Setting("TRUSTED_PROXIES", int, 0, "How many proxies in front set `X-Forwarded-For`, "
            "`-Proto`, `-Host` and `-Port` (Werkzeug's ProxyFix); 0 ignores those headers."),
    Setting("QUERY_TIME_LIMIT", float, 1.0, "Seconds a request's queries may run before they "
            "are stopped and the request answered 503."),
    Setting("COUNT_CAP", int, COUNT_CAP, "Matches counted one by one at most; past it a "
            "count reads \"1,000+\" and facets are left out."),
    Setting("RESPONSE_CACHE", bool, True, "Keep finished responses in each worker's memory "
            "(`0` turns it off)."),
    Setting("RESPONSE_CACHE_ENTRIES", int, 2048, "Responses the cache holds at most, per worker."),
    Setting("RESPONSE_CACHE_BYTES", int, 64 * 1024 * 1024, "Bytes the cache holds at most, "
            "per worker."),
    Setting("CACHE_MAX_AGE", int, 60, "Seconds browsers and proxies may reuse an answer "
            "(`Cache-Control: max-age`)."),
    Setting("CACHE_STALE_WHILE_REVALIDATE", int, 600, "Seconds a proxy may serve a stale "
            "answer while it fetches a new one."),
)  # fmt: skip

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


class SettingError(InputError, ValueError):
    """An environment variable whose value its setting cannot take."""


def _parse(setting: Setting, text: str) -> object:
    variable = f"TIMELINE_{setting.name}"
    text = text.strip()
    if setting.kind is bool:
        if text.lower() not in _TRUE | _FALSE:
            raise SettingError(f"{variable} must be 1 or 0, not {text[:40]!r}")
        return text.lower() in _TRUE
    try:
        value = setting.kind(text)
    except ValueError as error:
        kind = "whole number" if setting.kind is int else "number"
        raise SettingError(f"{variable} must be a {kind}, not {text[:40]!r}") from error
    if isinstance(value, int | float) and value < 0:
        raise SettingError(f"{variable} must not be negative")
    return value


def from_environment(environ: Mapping[str, str] = os.environ) -> dict[str, object]:
    """Every setting: its default, or the value of its ``TIMELINE_*`` variable."""
    values = {}
    for setting in SETTINGS:
        text = environ.get(f"TIMELINE_{setting.name}")
        if text is None and setting.name == "DATABASE":
            text = environ.get("TIMELINE_DB")
        values[setting.config_key] = setting.default if text is None else _parse(setting, text)
    if values["DATABASE"] is None:
        values["DATABASE"] = str(default_data_dir() / "timeline.db")
    if values["TIMELINES"] is None:
        values["TIMELINES"] = str(default_data_dir() / "timelines")
    return values
