"""Publishing: the desk's writes, one at a time, each undoable, none half done.

Every write to a data folder that the desk makes goes through here:

- One at a time. A write holds an exclusive ``fcntl.flock`` on ``.publish.lock`` in the data
  folder; ``timeline build`` takes the same lock, so a build from the command line never reads
  files a publish is halfway through, and a double-click on Publish waits for the first.
- Against the version it was made from. A form carries the hash of the article's file as it was
  when the page was made; a write against a file that changed since is refused (StaleArticle),
  so a second tab, the Back button or a restored form never writes onto the wrong events.
- Undoable. Before a write, the files it touches are copied into a step of the history
  (``.desk-history/<time>/``), named by its time and what it changed. Any step can be restored:
  the files go back to how they were before it (and before every later step), and the restore is
  itself a step, so it can be undone too. The newest ``KEPT_STEPS`` steps are kept.
- All or nothing. Files are written atomically (a new file renamed over the old one) and the
  timeline rebuilt; on any failure every file is put back as it was and the step forgotten, so
  the history of the publishes before it is untouched.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit

from ..errors import BuildError
from .data_folder import DataFolder
from .loading import curated_event_records, load_sources, read_toml

LOCK_FILE = ".publish.lock"
HISTORY = ".desk-history"
KEPT_STEPS = 20
# Saved copies do not end in .toml, so the build's content stamp never counts the history.
SAVED_SUFFIX = ".saved"

_held = threading.local()


class StaleArticle(Exception):
    """The article's file changed since the form was made: nothing was written."""

    def __init__(self, article: Article):
        super().__init__(f"{article.source} changed since the form was made")
        self.article = article


# --- the lock -------------------------------------------------------------------------------


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the data folder's publishing lock (waiting for it). Re-entrant within a thread, so
    a publish that holds it can call ``build``, which takes it too. A folder where the lock
    file cannot be made (read-only) is not locked: nobody can write there either."""
    key = os.path.realpath(folder)
    held = _held.__dict__.setdefault("folders", set())
    if key in held:
        yield
        return
    try:
        handle = open(Path(folder) / LOCK_FILE, "a+b")  # noqa: SIM115 (closed below)
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- reading what the desk shows -----------------------------------------------------------


@dataclass
class Article:
    """An article's event records as its file holds them, and the version of that file."""

    source: str
    records: list[dict]
    version: str


def version_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def extracted_file(folder: Path, source: str) -> Path:
    return DataFolder(Path(folder)).extracted(source)


def read_article(folder: Path, source: str) -> Article | None:
    """The article's records and version; None when the desk has no such article."""
    path = extracted_file(folder, source)
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return None
    records = tomlkit.parse(text).unwrap().get("events", [])
    return Article(source, records, version_of(text))


def timeline_settings(folder: Path) -> dict:
    return read_toml(DataFolder(Path(folder)).timeline_toml)


def topic_choices(folder: Path) -> list[dict]:
    """The topics of ``topics.toml`` (slug, label), in their order."""
    path = DataFolder(Path(folder)).topics_toml
    return list(read_toml(path).get("topics", [])) if path.exists() else []


def article_list(folder: Path) -> list[dict]:
    """Every article on the desk: slug, title, outlet, events and how many wait for review."""
    data = DataFolder(Path(folder))
    sources = load_sources(data.root)
    articles = []
    for slug in data.extracted_slugs():
        records = read_toml(data.extracted(slug)).get("events", [])
        source = sources.get(slug)
        articles.append(
            {
                "slug": slug,
                "title": source.title if source else slug,
                "outlet": source.outlet if source else "",
                "pending": sum(1 for r in records if r.get("status") == "proposed"),
                "total": len(records),
            }
        )
    return sorted(articles, key=lambda a: a["title"].casefold())


def timelines_of(root: Path) -> list[dict]:
    """The timelines a data folder holds: itself (slug "") and each ``timelines/<slug>/``."""
    data = DataFolder(Path(root))
    folders = [("", data)] + [(slug, data.timeline(slug)) for slug in data.timeline_slugs()]
    return [
        {
            "slug": slug,
            "folder": folder.root,
            "database": folder.database,
            "title": timeline_settings(folder.root).get("title", slug),
        }
        for slug, folder in folders
        if folder.timeline_toml.exists()
    ]


def source_of(folder: Path, source: str):
    """The source (its text, title, outlet, date) of the article ``source``."""
    return load_sources(Path(folder))[source]


def same_article(folder: Path, text: str, url: str = "") -> str | None:
    """The slug of a source on the desk with this very text (or web address), if there is one."""
    wanted = " ".join(text.split())
    for slug, source in load_sources(Path(folder)).items():
        if (url and source.url == url) or " ".join(source.text.split()) == wanted:
            return slug
    return None


def former_slugs(folder: Path, current: set[str]) -> dict[str, str]:
    """Each former slug of an accepted event (``former_slugs``, kept by the desk when a
    published event's title changed) and the event's slug now; never one an event uses."""
    renamed = {}
    for _, record in curated_event_records(Path(folder)):
        if record.get("status", "accepted") != "accepted" or record.get("slug") not in current:
            continue
        for former in record.get("former_slugs", []):
            if isinstance(former, str) and former not in current:
                renamed.setdefault(former, record["slug"])
    return renamed


def document_metadata(document, raw: str) -> dict[str, str]:
    """What a document says of itself: a saved page's title, site name, author and address
    (its metadata), an e-mail's subject and sender."""
    found = {"title": document.title or ""}
    if document.format == "html":
        import trafilatura  # only saved pages need it, and it is slow to load

        metadata = trafilatura.extract_metadata(raw)
        if metadata is not None:
            found.update(
                title=metadata.title or found["title"],
                outlet=metadata.sitename or "",
                author=metadata.author or "",
                url=metadata.url or "",
            )
    elif document.format == "email":
        from email import message_from_string
        from email.utils import parseaddr

        sender = parseaddr(str(message_from_string(raw[:20000]).get("From") or ""))
        found["outlet"] = sender[0] or sender[1]
    return {name: " ".join(value.split())[:200] for name, value in found.items() if value}


def event_slugs(folder: Path) -> set[str]:
    """Every event slug the folder's records use (accepted or proposed)."""
    return {record.get("slug", "") for _, record in curated_event_records(Path(folder))}


# --- the history ----------------------------------------------------------------------------


@dataclass
class Step:
    """One publish (or restore) in the history: when, what it changed, the files before it."""

    name: str
    when: str
    summary: str
    source: str
    before: str = ""  # the article's version before the step
    after: str = ""
    fingerprint: str = ""  # of the form that made it, so a repeated form is known
    files: dict[str, bool] = field(default_factory=dict)  # relative path: existed before

    @property
    def shown_time(self) -> str:
        moment = datetime.datetime.fromisoformat(self.when)
        return moment.astimezone().strftime("%d %b %Y, %H:%M:%S")


def history(folder: Path) -> list[Step]:
    """The publishes that can be restored, newest first."""
    steps = []
    for record in sorted((Path(folder) / HISTORY).glob("*/step.json"), reverse=True):
        try:
            steps.append(Step(**json.loads(record.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError):
            continue  # a step half written by a crash is no step
    return steps


def _begin_step(folder: Path, paths: list[Path], summary: str, source: str, **facts) -> Step:
    now = datetime.datetime.now(datetime.UTC)
    base = Path(folder) / HISTORY
    base.mkdir(exist_ok=True)
    for attempt in range(1000):
        name = now.strftime("%Y%m%dT%H%M%S%f") + f"-{attempt:03d}"
        try:
            (base / name).mkdir()
            break
        except FileExistsError:
            continue
    step = Step(name, now.isoformat(timespec="seconds"), summary, source, **facts)
    for path in paths:
        relative = path.relative_to(folder).as_posix()
        step.files[relative] = path.exists()
        if path.exists():
            saved = base / name / "files" / (relative + SAVED_SUFFIX)
            saved.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, saved)
    return step


def _record_step(folder: Path, step: Step) -> None:
    """Write the step's description last: until then it is not part of the history."""
    target = Path(folder) / HISTORY / step.name / "step.json"
    _write_atomically(target, json.dumps(step.__dict__, indent=1))
    for old in history(folder)[KEPT_STEPS:]:
        shutil.rmtree(Path(folder) / HISTORY / old.name, ignore_errors=True)


def _put_back(folder: Path, step: Step) -> None:
    """The files as they were before ``step``."""
    for relative, existed in step.files.items():
        path = Path(folder) / relative
        if existed:
            saved = Path(folder) / HISTORY / step.name / "files" / (relative + SAVED_SUFFIX)
            _write_atomically(path, saved.read_text(encoding="utf-8"))
        else:
            path.unlink(missing_ok=True)


def _forget(folder: Path, step: Step) -> None:
    shutil.rmtree(Path(folder) / HISTORY / step.name, ignore_errors=True)


def _write_atomically(path: Path, text: str) -> None:
    """A new file beside ``path``, renamed over it: a reader sees the old file or the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _guarded(folder: Path, paths: list[Path], summary: str, source: str, **facts):
    """A new step saving ``paths``; on any failure inside, the files put back and the step
    forgotten (the history before it stays as it was); on success, the step recorded."""
    step = _begin_step(folder, paths, summary, source, **facts)
    try:
        with DataFolder(Path(folder)).guarded(paths):
            yield step
    except BaseException:
        _forget(folder, step)
        raise
    _record_step(folder, step)


# --- the writes ------------------------------------------------------------------------------


@dataclass
class Published:
    events: int
    step: Step | None
    repeated: bool = False  # the same form sent again (a double-click): nothing more was done
    warnings: list[str] = field(default_factory=list)  # the build's: ambiguous place names


def table(**values) -> tomlkit.items.Table:
    """A new TOML table for an edit to add (a record, a topic), in the order given."""
    made = tomlkit.table()
    made.update(values)
    return made


def table_list() -> tomlkit.items.AoT:
    """A new array of tables (``[[events]]``, ``[[topics]]``) for an edit to fill."""
    return tomlkit.aot()


# An edit: given the article's events document and the topics document (tomlkit), changes them
# in place and says in a few words what it changed.
Edit = Callable[[tomlkit.TOMLDocument, tomlkit.TOMLDocument], str]


def publish(
    folder: Path, db_path: Path, source: str, version: str, edit: Edit, fingerprint: str = ""
) -> Published:
    """Apply ``edit`` to the article (and the topics), then rebuild the timeline, as one step.

    Raises StaleArticle when the article is no longer at ``version`` (unless this very form was
    the one that moved it on: then nothing is done again), BuildError when the timeline would
    not build (every file put back)."""
    from .build import build  # here: build takes this module's lock

    folder = Path(folder)
    path, topics_path = extracted_file(folder, source), DataFolder(folder).topics_toml
    with folder_lock(folder):
        text = path.read_text(encoding="utf-8")
        if version_of(text) != version:
            latest = next((s for s in history(folder) if s.source == source), None)
            moved_by_this_form = (
                (latest.before, latest.after, latest.fingerprint) if latest else None
            )
            if fingerprint and moved_by_this_form == (version, version_of(text), fingerprint):
                return Published(build(folder, db_path).events, latest, repeated=True)
            raise StaleArticle(read_article(folder, source))
        document = tomlkit.parse(text)
        topics = (
            tomlkit.parse(topics_path.read_text(encoding="utf-8"))
            if topics_path.exists()
            else tomlkit.document()
        )
        summary = edit(document, topics)
        new_text = tomlkit.dumps(document)
        facts = {"before": version, "after": version_of(new_text), "fingerprint": fingerprint}
        with _guarded(folder, [path, topics_path], summary, source, **facts) as step:
            _write_atomically(path, new_text)
            _write_atomically(topics_path, tomlkit.dumps(topics))
            built = build(folder, db_path)
        return Published(built.events, step, warnings=built.warnings)


def restore(folder: Path, db_path: Path, name: str) -> Published:
    """The files as they were before the step ``name`` (and so before every later step), the
    timeline rebuilt; itself a step of the history. KeyError for an unknown step."""
    from .build import build

    folder = Path(folder)
    with folder_lock(folder):
        steps = history(folder)
        names = [step.name for step in steps]
        if name not in names:
            raise KeyError(name)
        undone = steps[: names.index(name) + 1]  # newest first, down to the chosen one
        target = undone[-1]
        paths = sorted({folder / relative for step in undone for relative in step.files})
        summary = f"Restored the state before “{target.summary}” ({target.shown_time})"
        with _guarded(folder, paths, summary, target.source) as step:
            for earlier in undone:  # newest first, so the oldest copy of each file wins
                _put_back(folder, earlier)
            events = build(folder, db_path).events
            article = read_article(folder, target.source)
            step.after = article.version if article else ""
        return Published(events, step)


def add_article(folder: Path, slug: str, text: str, meta: dict, proposals: list) -> None:
    """The article and its proposals written into the folder (under the lock), their event
    slugs made unique against the folder's; nothing is kept when it would not build."""
    from .extract import add_sources

    with folder_lock(folder):
        taken = event_slugs(folder)
        for proposal in proposals:
            base, number = proposal.slug, 2
            while proposal.slug in taken:
                proposal.slug, number = f"{base}-{number}", number + 1
            taken.add(proposal.slug)
        add_sources(Path(folder), [(slug, text, meta, proposals)])


__all__ = ["BuildError", "StaleArticle", "publish", "restore"]
