"""An archive of articles as input: a JSON Lines file read as a stream, selected, partitioned.

One article a line: ``{"text": …, "title": …, "outlet": …, "published": "YYYY-MM-DD", "url": …,
"format": …}`` (only ``text`` is required; ``format`` is one of ``documents.FORMATS``). The file
is never read whole: lines are read one at a time, the articles a ``Selection`` keeps are grouped
into ``Partition``s of a fixed size, and only the partitions in flight are in memory. A line that
is not such an article is a ``LineProblem`` naming its line number; the run skips it and goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import DateError, PartialDate
from ..errors import InputError
from ..slugs import slugify
from .documents import FORMATS

ARCHIVE_SUFFIXES = (".jsonl", ".ndjson")
SLUG_LENGTH = 60
LONGEST_LINE = 16 << 20  # bytes: a saved web page is a few MB at most
_FIELDS = ("text", "title", "outlet", "published", "url", "format")


class ArchiveError(InputError, ValueError):
    """An archive, or a choice about it, the run cannot go on with (not one bad line)."""


@dataclass
class ArchiveArticle:
    """One line of the archive, checked."""

    line: int
    text: str
    title: str = ""
    outlet: str = ""
    published: PartialDate | None = None
    url: str = ""
    format: str | None = None
    slug: str = ""  # the source slug, given in archive order by ``name_sources``


@dataclass(frozen=True)
class LineProblem:
    """A line skipped, and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}; skipped"


@dataclass
class Partition:
    """Articles extracted together: the unit of work an engine schedules, retries and writes."""

    index: int
    articles: list[ArchiveArticle]
    last_line: int  # the archive's lines up to here are accounted for once it is done
    lines: int = 0  # lines of the archive it accounts for (for the progress bar)


def is_archive(paths: Iterable[Path]) -> bool:
    """Whether the command was given one JSON Lines archive (rather than article files)."""
    paths = list(paths)
    return len(paths) == 1 and paths[0].is_file() and paths[0].suffix.lower() in ARCHIVE_SUFFIXES


def count_lines(path: Path) -> int:
    """The archive's lines, counted in binary blocks (fast, constant memory): the progress
    bar's total."""
    lines, last = 0, b"\n"
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")


def read_archive(path: Path) -> Iterator[ArchiveArticle | LineProblem]:
    """Each line of the archive in order, as an article or as the problem that skips it. Blank
    lines are neither. A line longer than ``LONGEST_LINE`` is skipped unread (past its limit),
    so one runaway line cannot take the memory."""
    with path.open("rb") as file:
        number = 0
        while raw := file.readline(LONGEST_LINE + 1):
            number += 1
            if len(raw) > LONGEST_LINE and not raw.endswith(b"\n"):
                while (rest := file.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield LineProblem(number, f"longer than {LONGEST_LINE >> 20} MB")
            elif raw.strip():
                yield parse_line(raw, number)


def parse_line(raw: bytes, number: int) -> ArchiveArticle | LineProblem:
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return LineProblem(number, "not UTF-8")
    except json.JSONDecodeError as error:
        return LineProblem(number, f"not JSON ({error.msg} at column {error.colno})")
    if not isinstance(value, dict):
        return LineProblem(number, "not a JSON object")
    wrong = [name for name in _FIELDS if not isinstance(value.get(name) or "", str)]
    if wrong:
        return LineProblem(number, f"{wrong[0]!r} is not a string")
    text = value.get("text") or ""
    if not text.strip():
        return LineProblem(number, 'no "text"')
    format_name = value.get("format") or None
    if format_name is not None and format_name not in FORMATS:
        return LineProblem(number, f"unknown format {format_name!r} (one of {', '.join(FORMATS)})")
    try:
        published = publication_date(value.get("published") or "")
    except DateError as error:
        return LineProblem(number, f'"published": {error}')
    return ArchiveArticle(
        number,
        text,
        (value.get("title") or "").strip(),
        (value.get("outlet") or "").strip(),
        published,
        (value.get("url") or "").strip(),
        format_name,
    )


def publication_date(text: str) -> PartialDate | None:
    """``published`` as a day: ``YYYY-MM-DD``, or the day of an ISO 8601 moment
    (``1987-03-26T12:12:57Z``). Empty is unknown; anything else is an error."""
    text = text.strip()
    if not text:
        return None
    day = re.match(r"(-?\d{4,}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", text)
    if day is None:
        raise DateError(f"{text!r} is not a day YYYY-MM-DD")
    return PartialDate.parse(day.group(1))


@dataclass
class Selection:
    """The articles about the subject: every word of ``words`` in the title or text (whole
    words, any case) and, when ``start``/``end`` are given, a publication date within them. An
    article with no publication date is outside any date range."""

    words: list[str] = field(default_factory=list)
    start: PartialDate | None = None
    end: PartialDate | None = None

    @classmethod
    def of(cls, match: str | None, start: PartialDate | None, end: PartialDate | None):
        if start is not None and end is not None and end < start:
            raise ArchiveError(f"--to {end.iso} is before --from {start.iso}")
        return cls(re.findall(r"\w[\w'’.-]*\w|\w", match or ""), start, end)

    def __post_init__(self) -> None:
        self._patterns = [
            re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE) for word in self.words
        ]

    def keeps(self, article: ArchiveArticle) -> bool:
        if self.start is not None or self.end is not None:
            if article.published is None:
                return False
            if self.start is not None and article.published < self.start:
                return False
            if self.end is not None and article.published > self.end:
                return False
        # The date is cheap and rules out most of an archive; the words are looked for after.
        return all(
            pattern.search(article.title) or pattern.search(article.text)
            for pattern in self._patterns
        )

    def describe(self) -> str:
        parts = [f"every word of {' '.join(self.words)!r}"] if self.words else []
        if self.start or self.end:
            parts.append(
                f"published {self.start.iso if self.start else '…'} to "
                f"{self.end.iso if self.end else '…'}"
            )
        return ", ".join(parts) or "every article"


@dataclass
class Tally:
    """What the reading saw, for the summary."""

    lines: int = 0
    read: int = 0
    matched: int = 0
    resumed: int = 0  # partitions a run before had done
    problems: list[LineProblem] = field(default_factory=list)


def partitions(
    items: Iterable[ArchiveArticle | LineProblem],
    selection: Selection,
    size: int,
    tally: Tally,
    taken: set[str],
) -> Iterator[Partition]:
    """The selected articles in order, ``size`` to a partition, each named its source slug
    (unique in the run and against ``taken``, so the same archive always gives the same names).
    Problems and articles left out are counted in ``tally`` as they pass."""
    batch: list[ArchiveArticle] = []
    index, accounted, last = 0, 0, 0
    for item in items:
        last = item.line
        if isinstance(item, LineProblem):
            tally.problems.append(item)
            continue
        tally.read += 1
        if not selection.keeps(item):
            continue
        tally.matched += 1
        item.slug = source_slug(item, taken)
        batch.append(item)
        if len(batch) == size:
            yield Partition(index, batch, last, last - accounted)
            index, accounted, batch = index + 1, last, []
    if batch:
        yield Partition(index, batch, last, last - accounted)
    tally.lines = last


def source_slug(article: ArchiveArticle, taken: set[str]) -> str:
    """The article's source slug from its title (else its line), made unique by a number."""
    base = slugify(article.title, SLUG_LENGTH) or f"line-{article.line}"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug
