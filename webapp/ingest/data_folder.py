"""The data folder's layout, named once, and the one guard around every change to it.

A data folder (``db/`` by default, or ``timelines/<slug>/`` inside it for another timeline)::

    timeline.toml         the timeline's title and description
    topics.toml           the topic vocabulary (optional)
    events.toml           events, notes and eras written by hand
    extract.toml          keywords the extractor suggests topics from (optional)
    sources/<slug>.txt    a source's text, quoted verbatim by its events
    sources/<slug>.toml   the source's metadata (title, outlet, published, ...)
    extracted/<slug>.toml the extractor's proposals for that source, reviewed by a person
    imports/<slug>.toml   events imported by ``timeline import`` (no source text)
    media/                image files events show
    timeline.db           the database the build writes (never hand-edited)
    timelines/<slug>/     another timeline: a data folder of its own, built on its own
    .desk-previous/       the files as they were before the desk's last publish

Every module that reads or writes these files asks a ``DataFolder`` for the path rather than
spelling the name, so the layout changes in one place.

``guarded(paths)`` is the one "write, check, put back" routine: it saves the named files (and
folders), runs the change inside the ``with`` block, and on any exception puts every one back as
it was (removing what did not exist) before the exception goes on.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..slugs import SLUG
from ..store.schema import SCHEMA_VERSION

DATABASE_NAME = "timeline.db"
BACKUP_NAME = ".desk-previous"
# The inputs of a build: what the content stamp hashes (media files whatever their suffix).
INPUT_SUFFIXES = frozenset({".toml", ".txt"})


@dataclass(frozen=True)
class DataFolder:
    """One data folder: every path in it named once."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    @property
    def timeline_toml(self) -> Path:
        return self.root / "timeline.toml"

    @property
    def topics_toml(self) -> Path:
        return self.root / "topics.toml"

    @property
    def events_toml(self) -> Path:
        return self.root / "events.toml"

    @property
    def places_toml(self) -> Path:
        """Optional: places resolved by hand (docs/people-and-places.md)."""
        return self.root / "places.toml"

    @property
    def extract_toml(self) -> Path:
        return self.root / "extract.toml"

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def extracted_dir(self) -> Path:
        return self.root / "extracted"

    @property
    def imports_dir(self) -> Path:
        return self.root / "imports"

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def timelines(self) -> Path:
        return self.root / "timelines"

    @property
    def backup(self) -> Path:
        return self.root / BACKUP_NAME

    def source_text(self, slug: str) -> Path:
        return self.sources / f"{slug}.txt"

    def source_meta(self, slug: str) -> Path:
        return self.sources / f"{slug}.toml"

    def extracted(self, slug: str) -> Path:
        return self.extracted_dir / f"{slug}.toml"

    def imports(self, slug: str) -> Path:
        return self.imports_dir / f"{slug}.toml"

    def source_files(self, slug: str) -> list[Path]:
        """The files adding an article as source ``slug`` writes: text, metadata, proposals."""
        return [self.source_text(slug), self.source_meta(slug), self.extracted(slug)]

    def timeline(self, slug: str) -> DataFolder:
        """Timeline ``slug``'s own data folder, ``timelines/<slug>/`` (which may not exist yet).

        Raises ValueError for a slug that is not lowercase words joined by hyphens, so a slug
        from outside can never name a path beyond ``timelines/``.
        """
        if not SLUG.fullmatch(slug or ""):
            raise ValueError(f"{slug!r} is not a slug: lowercase words joined by hyphens")
        return DataFolder(self.timelines / slug)

    def timeline_slugs(self) -> list[str]:
        """The slugs of the timelines under ``timelines/``, in order."""
        if not self.timelines.is_dir():
            return []
        return sorted(
            path.name
            for path in self.timelines.iterdir()
            if path.is_dir() and SLUG.fullmatch(path.name)
        )

    def extracted_slugs(self) -> list[str]:
        """The sources that have an ``extracted/<slug>.toml`` file, in order."""
        return sorted(path.stem for path in self.extracted_dir.glob("*.toml"))

    def relative(self, path: Path) -> str:
        """``path`` as a message names it: relative to the folder, with forward slashes."""
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def content_stamp(self) -> str:
        """A hash of every input file and the schema version: the identity of a build.

        Timelines under ``timelines/`` are left out (each is built on its own), and so are the
        database and anything that is not a build input.
        """
        digest = hashlib.sha256(SCHEMA_VERSION.encode())
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            first = relative.parts[0]
            if first == "timelines":
                continue
            if path.is_file() and (path.suffix in INPUT_SUFFIXES or first == "media"):
                digest.update(relative.as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
        return digest.hexdigest()[:16]

    @contextmanager
    def guarded(self, paths: Iterable[Path]) -> Iterator[None]:
        """Save ``paths``, run the block, and put every one back on any exception.

        A path that was a file gets its bytes back; a folder gets its files back and loses the
        ones the block added; a path that did not exist is removed, with any folders the block
        made to hold it. The exception then goes on, so the caller still reports it.
        """
        saved = [_Saved.of(Path(path), self.root) for path in paths]
        try:
            yield
        except BaseException:
            for item in reversed(saved):
                item.put_back()
            raise


@dataclass(frozen=True)
class _Saved:
    """What one path held before a guarded change, and the folders above it that existed."""

    path: Path
    content: bytes | dict[Path, bytes] | None
    missing_parents: tuple[Path, ...]

    @classmethod
    def of(cls, path: Path, root: Path) -> _Saved:
        content: bytes | dict[Path, bytes] | None = None
        if path.is_file():
            content = path.read_bytes()
        elif path.is_dir():
            content = {
                child.relative_to(path): child.read_bytes()
                for child in path.rglob("*")
                if child.is_file()
            }
        return cls(path, content, _missing_parents(path, root))

    def put_back(self) -> None:
        """The path as it was saved."""
        if self.content is None:
            _remove(self.path)
            for parent in self.missing_parents:
                _remove_if_empty(parent)
        elif isinstance(self.content, bytes):
            _remove(self.path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(self.content)
        else:
            _remove(self.path)
            self.path.mkdir(parents=True)
            for relative, data in self.content.items():
                (self.path / relative).parent.mkdir(parents=True, exist_ok=True)
                (self.path / relative).write_bytes(data)


def _missing_parents(path: Path, root: Path) -> tuple[Path, ...]:
    """The folders between ``root`` and ``path`` that do not exist yet, deepest first."""
    missing = []
    parent = path.parent
    while parent != root and root in parent.parents and not parent.exists():
        missing.append(parent)
        parent = parent.parent
    return tuple(missing)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _remove_if_empty(folder: Path) -> None:
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
