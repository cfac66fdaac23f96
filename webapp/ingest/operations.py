"""One function for each thing a person does to a timeline's data: the front doors call these.

The CLI (``webapp/cli.py``) parses options and prints; the desk's views read a form and render.
Neither opens a TOML file, a database or a path of the data folder itself: they call one of
these, over a ``DataFolder``, and report what comes back or the ``InputError`` raised (whose
message says what to change). Every operation that writes leaves the folder as it was when it
fails, through ``DataFolder.guarded``.

    start_timeline   timelines/<slug>/ with its three files, built empty
    build            check the curated data, write the database
    import_file      a TimelineJS / CSV / our JSON file as a source of the timeline
    propose          an article's proposed events (one file, or a batch on every core)
    add_articles     articles filed as sources with their proposals, checked by a build
    evaluate         the extractor scored against a gold list (one article, or a folder)
    ready_to_serve   the database a server may open: built when it is the folder's own
    generate_demo    a synthetic timeline of N events, for measuring speed
"""

from __future__ import annotations

import contextlib
import datetime
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from ..dates import PartialDate
from ..errors import BuildError as BuildError
from ..errors import InputError
from ..settings import from_environment
from ..slugs import SLUG, slugify, unique_slug
from ..store.connection import check_current
from .archive import is_archive as is_archive
from .archive_run import PARTITION_SIZE as PARTITION_SIZE
from .archive_run import ArchiveRun, Outcome, extract_archive
from .build import BuildResult, Progress, _quietly, import_into_database, replace_database
from .build import build as build_database
from .corroborate import Article, corroborate, extract_many
from .data_folder import DataFolder as DataFolder
from .demo_data import demo_dataset
from .documents import FORMATS as FORMATS
from .documents import Document, DocumentError, read_document
from .engines import ENGINES as ENGINES
from .evaluate import ARTICLE_SUFFIXES, evaluate_folder, load_gold, report, score, table
from .extract import (
    Proposal,
    Vocabulary,
    add_sources,
    extract_document,
    name_slugs,
    proposals_toml,
    proposals_toml_records,
)
from .extract import publication_of as dateline_of
from .importers import (
    ImportedTimeline,
    avoid_taken_slugs,
    check_source_slug,
    import_records,
    read_timeline_file,
    write_import_file,
)
from .loading import curated_event_records, load_imports
from .records import Source

SLUG_LENGTH = 60
NEW_TIMELINE_FILES = {
    "timeline_toml": "# The timeline as a whole: its title and one-line description.\n",
    "topics_toml": (
        "# The topic vocabulary (optional): [[topics]] with slug, label and description.\n"
        "# Order here is the order of the filter checkboxes.\n"
    ),
    "events_toml": (
        "# Events and undated notes written by hand: [[events]] and [[notes]] (see the README).\n"
        "# Events the extractor proposed are in extracted/<source>.toml.\n"
    ),
}


class UnknownTimeline(InputError):
    """A ``--timeline`` slug with no ``timelines/<slug>/`` folder."""


def timeline_folder(data_dir: Path, slug: str | None) -> DataFolder:
    """The data folder itself, or timeline ``slug``'s folder inside it (which must exist)."""
    folder = DataFolder(data_dir)
    if slug is None:
        return folder
    if SLUG.fullmatch(slug) and folder.timeline(slug).root.is_dir():
        return folder.timeline(slug)
    raise UnknownTimeline(
        f"no timeline {slug!r} in {folder.timelines} (start one with "
        f"`timeline new {slug} --title …`)"
    )


def build(folder: DataFolder, db_path: Path | None = None, progress: Progress = _quietly):
    """Check the folder's curated data and write the database (the folder's own by default)."""
    return build_database(folder.root, db_path or folder.database, progress)


def start_timeline(
    data: DataFolder, slug: str, title: str, description: str = ""
) -> tuple[DataFolder, BuildResult]:
    """``timelines/<slug>/`` with its three files, built empty; nothing is kept if any fails."""
    if not SLUG.fullmatch(slug):
        raise InputError(f"{slug!r}: lowercase words joined by hyphens")
    folder = data.timeline(slug)
    if folder.root.exists():
        raise InputError(f"{folder.root} exists: choose another slug")
    settings = {"title": title, "description": description or f"Events of {title}."}
    try:
        with data.guarded([folder.root]):
            folder.sources.mkdir(parents=True)
            for name, header in NEW_TIMELINE_FILES.items():
                body = tomli_w.dumps(settings) if name == "timeline_toml" else ""
                getattr(folder, name).write_text(header + body, encoding="utf-8")
            return folder, build(folder)
    except (OSError, InputError) as error:
        raise InputError(f"could not start {slug!r}, nothing kept: {error}") from error


@dataclass
class ImportResult:
    """What an import read (its events, eras, warnings, format) and the build it ended in."""

    timeline: ImportedTimeline
    source_slug: str
    build: BuildResult


def import_file(
    folder: DataFolder,
    file: Path,
    source_slug: str | None = None,
    db_path: Path | None = None,
    progress: Progress = _quietly,
) -> ImportResult:
    """Import ``file`` as source ``source_slug`` (default: from the file name).

    Without ``db_path`` the events go to ``imports/<slug>.toml`` and the folder is rebuilt (the
    old file put back if the build fails); with it, straight into that database.
    """
    slug = source_slug or slugify(file.stem)
    timeline = read_timeline_file(file)
    check_source_slug(slug)
    avoid_taken_slugs(timeline, _slugs_of_other_sources(folder, db_path, slug))
    today = datetime.date.today().isoformat()
    if db_path is None:
        with folder.guarded([folder.imports(slug)]):
            write_import_file(folder.root, slug, file.name, timeline, today)
            result = build(folder, progress=progress)
    else:
        result = _import_into_database(db_path, slug, file, timeline, today, progress)
    return ImportResult(timeline, slug, result)


def _import_into_database(db_path, slug, file, timeline, today, progress) -> BuildResult:
    source = Source(
        slug=slug,
        title=timeline.title or f"Imported from {file.name}",
        outlet="",
        author="",
        published=PartialDate.parse(today),
        language="en",
        text="",
        imported_from=file.name,
    )
    records = import_records(timeline, slug, file.name)
    return import_into_database(
        db_path, source, timeline.topics, records, file.read_bytes(), progress, timeline.eras
    )


def _slugs_of_other_sources(folder: DataFolder, db_path: Path | None, slug: str) -> set[str]:
    """Event slugs the timeline's other sources use, which an import must not take."""
    if db_path is not None:
        if not db_path.exists():
            return set()
        with contextlib.closing(sqlite3.connect(db_path)) as connection:
            rows = connection.execute("SELECT slug FROM events WHERE source != ?", [slug])
            return {row[0] for row in rows}
    records = curated_event_records(folder.root) + load_imports(folder.root)[2]
    return {
        record["slug"]
        for _, record in records
        if record.get("source") != slug and record.get("slug")
    }


def suggestions(folder: DataFolder) -> Vocabulary:
    """What the extractor may suggest for this folder: topics, places and actors it knows."""
    return Vocabulary.load(folder.root)


def article_files(paths: Iterable[Path]) -> list[Path]:
    """The articles named: files as given, and the articles a folder holds (gold lists aside)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                child
                for child in path.iterdir()
                if child.suffix.lower() in ARTICLE_SUFFIXES and child.is_file()
            )
        else:
            files.append(path)
    return files


def read_article(path: Path, format_name: str | None = None) -> Document:
    """The article at ``path`` as a document; DocumentError saying why it cannot be read."""
    try:
        return read_document(path.read_text(encoding="utf-8"), path.name, format_name)
    except (OSError, UnicodeDecodeError, DocumentError) as error:
        raise DocumentError(f"cannot read {path}: {error}") from error


def slug_of(text: str) -> str:
    """A source slug made from a title or a file name (at most 60 characters)."""
    return slugify(text)[:SLUG_LENGTH].strip("-")


def propose(
    document: Document,
    published: PartialDate | None,
    vocabulary: Vocabulary,
    day_first: bool = True,
    title: str | None = None,
) -> list[Proposal]:
    """Every dated event one article states, each with the sentence that states it."""
    return extract_document(document, published, vocabulary, day_first, title)


def propose_many(
    files: list[Path],
    published: PartialDate | None,
    vocabulary: Vocabulary,
    day_first: bool = True,
    format_name: str | None = None,
    on_done: Callable[[int], None] = lambda done: None,
) -> list[Article]:
    """Every article extracted on every core, the same happening reported by several merged."""
    slugs = unique_slugs([slug_of(path.stem) or "article" for path in files])
    jobs = [
        (path, slug, format_name, published, vocabulary, day_first)
        for path, slug in zip(files, slugs, strict=True)
    ]
    try:
        articles = extract_many(jobs, on_done)
    except (OSError, UnicodeDecodeError, DocumentError) as error:
        raise DocumentError(f"cannot read an article: {error}") from error
    corroborate(articles)
    name_slugs([proposal for article in articles for proposal in article.proposals])
    return articles


def unique_slugs(slugs: list[str]) -> list[str]:
    """The slugs in order, a repeated one numbered from its second use: a, a-2, a-3."""
    used: set[str] = set()
    return [unique_slug(slug, used) for slug in slugs]


def proposals_output(
    batch: list[tuple[str, list[Proposal]]], as_json: bool, batch_form: bool = False
) -> str:
    """Proposals as a person reviews them: an events file (one source's, with its header, or a
    batch's), or a JSON list with the fields of /api/events."""
    if as_json:
        body = [proposal.api(slug) for slug, proposals in batch for proposal in proposals]
        return json.dumps(body, ensure_ascii=False, indent=1) + "\n"
    if not batch_form:
        [(slug, proposals)] = batch
        return proposals_toml(proposals, slug)
    return proposals_toml_records([p.record(slug) for slug, proposals in batch for p in proposals])


def publication_day(
    given: PartialDate | None, document: Document, proposals: list[Proposal]
) -> PartialDate | None:
    """The day an article was published: as given, else its own (a header, a dateline)."""
    return given or document.published or dateline_of(proposals)


@dataclass(frozen=True)
class NewSource:
    """An article about to be filed as a source: its slug, text, metadata and proposals."""

    slug: str
    text: str
    meta: dict
    proposals: list[Proposal]


class NoPublicationDate(InputError):
    """An article to add with no day of publication: none given, and none it carries."""


def new_source(
    slug: str,
    document: Document,
    proposals: list[Proposal],
    published: PartialDate | None,
    facts: dict,
) -> NewSource:
    """An article as a source to add: its day of publication as given, else its own (a header,
    a dateline), and its metadata (``facts``: title, outlet, author, url) as every front door
    writes it. Raises NoPublicationDate when there is no day to go by."""
    day = publication_day(published, document, proposals)
    if day is None:
        name = facts.get("name") or slug
        raise NoPublicationDate(
            f"{name} carries no date of its own: give the day it was published (YYYY-MM-DD)"
        )
    meta = {
        "title": facts["title"],
        "outlet": facts["outlet"],
        "author": facts.get("author", ""),
        "url": facts.get("url", ""),
        "published": day.iso,
        "language": "en",
    }
    return NewSource(slug, document.text, meta, proposals)


def add_batch(
    folder: DataFolder,
    batch: list[Article],
    published: PartialDate | None,
    outlet: str,
    author: str = "",
) -> list[Path]:
    """A batch's articles filed as new sources (each titled by itself or its file's name),
    all or none (see ``add_articles``)."""
    new = []
    for article in batch:
        title = article.document.title or article.path.stem
        facts = {"name": article.path.name, "title": title, "outlet": outlet, "author": author}
        new.append(new_source(article.slug, article.document, article.proposals, published, facts))
    return add_articles(folder, new)


def add_articles(folder: DataFolder, articles: list[NewSource]) -> list[Path]:
    """File each article as a new source with its proposals, then check the whole folder.

    Returns the paths written. If a source exists already (SourceExists) or anything would
    not build (BuildError), no file is left behind.
    """
    return add_sources(folder.root, [(a.slug, a.text, a.meta, a.proposals) for a in articles])


def evaluate(gold: Path, article: Path | None, vocabulary: Vocabulary, **extraction) -> str:
    """The extractor scored: a folder of NAME.gold.json files as a table of every file and the
    mean, or one article against one gold list as a report naming the misses."""
    if gold.is_dir():
        return table(evaluate_folder(gold, vocabulary))
    if article is None:
        raise InputError(f"{gold} is one gold list: give the ARTICLE it is the gold list of")
    document = read_article(article, extraction.pop("format_name", None))
    published = extraction.pop("published", None)
    proposals = propose(document, published, vocabulary, **extraction)
    return report(score(proposals, load_gold(gold, document.text)), document.text)


def ready_to_serve(db_path: Path, folder: DataFolder) -> BuildResult | None:
    """Build the folder's own database if it is missing or stale; refuse an outdated other.

    Returns the build when there was one. The web app only reads: building before serving is
    the front door's job, never the server's. Raises SettingError for a bad TIMELINE_*
    variable, DatabaseOutdated for another database an older timeline built.
    """
    from_environment()
    if not db_path.exists() or db_path.resolve() == folder.database.resolve():
        if not folder.root.is_dir():
            raise InputError(
                f"no database at {db_path} and no curated data at {folder.root} to build it "
                "from: give --db FILE or --data DIR"
            )
        return build(folder, db_path)
    check_current(db_path)
    return None


def generate_demo(total: int, seed: int, db_path: Path, on_progress) -> None:
    """A synthetic timeline of ``total`` events, streamed through the build into ``db_path``."""
    dataset, events = demo_dataset(total, seed)
    replace_database(dataset, db_path, events, on_progress)


_SINGLE_ARTICLE_OPTIONS = {
    "--published": "published",
    "--format": "format_name",
    "--title": "title",
    "--outlet": "outlet",
    "--author": "author",
    "--url": "url",
    "--source-slug": "source_slug",
}


def extract_archive_file(
    archive: Path, folder: DataFolder, vocabulary: Vocabulary, options: dict, progress
) -> Outcome:
    """`timeline extract ARCHIVE.jsonl`: the command's options as one archive run (options
    meant for a single article are refused by the run, naming them)."""
    run = ArchiveRun(
        archive, folder.root, options["engine"], options["scheduler"], options["workers"],
        options["match"], options["from_day"], options["to_day"],
        options["numeric_dates"] == "dmy", options["partition_size"], options["add"],
        options["as_json"], options["out"], options["quiet"],
        article_options={flag: options[name] for flag, name in _SINGLE_ARTICLE_OPTIONS.items()},
    )  # fmt: skip
    return extract_archive(run, vocabulary, progress)
