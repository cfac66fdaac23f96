"""Files of the data folder whose bytes a build publishes (media files, source texts).

Whatever a build reads from ``db/media/`` or ``db/sources/`` is served to anyone, so it must be
a regular file inside its folder: a symbolic link (to the file, to a folder on its way, or the
folder itself) could publish any file the build can read, so a link fails the build, as does a
path that resolves outside the folder. The file is opened without following a link and measured
on the open file, so it cannot be swapped between the check and the read. Each file's size is
bounded by what the server can answer (``limits.SQLITE_MAX_LENGTH``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class DataFileProblem(ValueError):
    """A file a build may not publish; the message says why, naming it as ``shown``."""


def read_regular_file(
    folder: Path, name: str, shown: str, longest: int, kind: str = "a file"
) -> bytes | None:
    """The bytes of ``folder/name``; None when there is no such file; DataFileProblem for a
    symbolic link on the way, a path leaving ``folder``, or a file over ``longest`` bytes."""
    folder = Path(folder)
    path = folder
    for part in ("", *Path(name).parts):
        path = path / part if part else path
        if path.is_symlink():
            raise DataFileProblem(
                f"{shown} goes through a symbolic link ({path.name}): copy the file itself "
                "into the folder"
            )
    file = folder / name
    if not file.is_file():
        return None
    if not file.resolve().is_relative_to(folder.resolve()):
        raise DataFileProblem(f"{shown} is outside its folder")
    descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as opened:
        status = os.fstat(opened.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise DataFileProblem(f"{shown} is not a regular file")
        if status.st_size > longest:
            raise DataFileProblem(
                f"{shown} is {status.st_size / 2**20:.1f} MB; {kind} may be "
                f"{longest / 2**20:g} MB at most (make it smaller)"
            )
        body = opened.read(longest + 1)
    if len(body) > longest:  # grown since it was measured
        raise DataFileProblem(f"{shown} is over {longest / 2**20:g} MB (make it smaller)")
    return body
