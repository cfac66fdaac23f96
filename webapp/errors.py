"""Every error that bad input raises, in one tree.

Input a person gave (a curated file, an imported timeline, an article, a gold list, a date, a
request argument, an environment variable) that cannot be used raises an ``InputError``: the
message says what is wrong and what to change, and ``where`` names the place (file, record,
field) when the raiser knows it. The CLI catches ``InputError`` once and prints its message; the
web layer answers 400 with it. Anything else that escapes is a bug, not bad input (modules
below are under ``webapp.``)::

    InputError              errors                what went wrong, and where
    ├── BuildError          errors                curated data that does not build
    ├── SourceExists        errors                a new source whose files are there already
    ├── UnknownTimeline     ingest.operations     a --timeline with no folder
    ├── NoPublicationDate   ingest.operations     an article to add with no day to date it
    ├── ImportFailed        ingest.importers      a timeline file that cannot be imported
    ├── DocumentError       ingest.documents      an article not in the format it claims
    ├── ArchiveError        ingest.archive        a JSON Lines archive the run cannot go on with
    ├── GoldError           ingest.evaluate       a gold list that cannot be read
    ├── DateError           dates                 a date that is not Y, Y-MM or Y-MM-DD (nor EDTF)
    │   └── NotHeld         date_forms            valid EDTF of a form we do not hold (a set)
    ├── InvalidQuery        store.timeline_query  a request argument (``field``)
    └── SettingError        settings              a TIMELINE_* variable's value

The classes that were ``ValueError`` before the tree (all but ``BuildError``) still are, and
``SourceExists`` is still a ``FileExistsError``, so code that caught those keeps working.
Not input errors, and so outside the tree: ``DatabaseMissing`` (and ``DatabaseOutdated``) and
``QueryInterrupted`` in ``webapp.store.connection`` say the server's own state, not the reader's.

This module belongs to no side (the import contract holds it to that): every side may raise
these errors.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """The place an input error is at: any of a file, a record in it, a field of the record."""

    file: str | None = None
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        """ "events.toml: 'nato-summit': start", as much of that as is known."""
        place = ": ".join(part for part in (self.file, self.record and repr(self.record)) if part)
        return f"{place}: {self.field}" if place and self.field else place or self.field or ""


class InputError(Exception):
    """Input that cannot be used: ``message`` says what and why, ``where`` the place if known.

    ``str(error)`` is the message as raised (which already names the place for errors raised
    before ``where`` existed), so every message a person saw reads the same.
    """

    def __init__(self, message: str, where: Where | None = None):
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return self.message


class BuildError(InputError):
    """Input that cannot be built; the message names the file and record at fault."""


class SourceExists(InputError, FileExistsError):
    """A new source whose text, metadata or proposals file is there already."""
