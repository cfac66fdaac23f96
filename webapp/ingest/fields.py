"""One field of a curated record, read and checked: there, of its type, within its limit.

Each raises ``BuildError`` naming the file, record and field, so both the loading of the files
and the checks of their records speak the same way.
"""

from __future__ import annotations

from ..dates import DateError, PartialDate
from ..errors import BuildError
from ..limits import (
    MAX_NAME_LENGTH,
    MAX_NAMES,
    MAX_QUOTE_LENGTH,
    MAX_SLUG_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
)

# The longest text each field may hold (see limits.py).
LONGEST = {
    "slug": MAX_SLUG_LENGTH,
    "title": MAX_TITLE_LENGTH,
    "display_date": MAX_TITLE_LENGTH,
    "summary": MAX_SUMMARY_LENGTH,
    "quote": MAX_QUOTE_LENGTH,
    "phrase": MAX_QUOTE_LENGTH,
}


def require(record: dict, name: str, where: str, kind: type = str):
    value = record.get(name)
    if value is None or value == "":
        raise BuildError(f"{where}: missing field {name!r}")
    if not isinstance(value, kind):
        raise BuildError(f"{where}: field {name!r} must be a {kind.__name__}")
    check_length(value, name, where)
    return value


def check_length(value: object, name: str, where: str) -> None:
    longest = LONGEST.get(name)
    if longest is not None and isinstance(value, str) and len(value) > longest:
        raise BuildError(
            f"{where}: {name} is {len(value):,} characters long; shorten it to {longest:,} at most"
        )


def date_field(record: dict, name: str, where: str) -> PartialDate:
    try:
        return PartialDate.parse(require(record, name, where))
    except DateError as error:
        raise BuildError(f"{where}: {name}: {error}") from error


def string_list(record: dict, name: str, where: str) -> list[str]:
    values = record.get(name, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise BuildError(f"{where}: {name!r} must be a list of names")
    if len(values) > MAX_NAMES:
        raise BuildError(f"{where}: {name} lists {len(values)}; give {MAX_NAMES} at most")
    for value in values:
        if len(value) > MAX_NAME_LENGTH:
            raise BuildError(
                f"{where}: a name in {name} is {len(value):,} characters long; "
                f"shorten it to {MAX_NAME_LENGTH} at most"
            )
    return values


def optional_text(record: dict, name: str, where: str) -> str | None:
    value = record.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise BuildError(f"{where}: field {name!r} must be text")
    check_length(value, name, where)
    return value
