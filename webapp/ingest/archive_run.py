"""``timeline extract ARCHIVE.jsonl``: an archive in, proposals for a timeline out.

The run, in order:

1. the archive is read as a stream (``archive``), the articles about the subject selected, and
   grouped into partitions;
2. an engine (``engines``) extracts the partitions in parallel; each partition's result is
   written, atomically, into the run's parts folder as it finishes, so an interrupted run
   started again extracts only what is missing;
3. the proposals are corroborated across the whole archive (``blocking``), date buckets in
   parallel on the same engine;
4. the proposals are written: ``extracted/<source>.toml`` files with their sources (``--add``),
   or printed.

``extract_archive`` does all of it and returns what to print; the command line only declares
the options.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import PartialDate
from ..errors import BuildError
from .archive import (
    ArchiveArticle,
    ArchiveError,
    LineProblem,
    Partition,
    Selection,
    Tally,
    count_lines,
    partitions,
    read_archive,
)
from .blocking import Entry, Evidence, bucket_of, corroborate_bucket
from .documents import DocumentError, read_document
from .engines import Engine, EngineError, make_engine, worker_name
from .extract import (
    Proposal,
    Vocabulary,
    add_sources,
    event_slug,
    extract_document,
    proposals_toml_records,
    publication_of,
)
from .loading import curated_event_records

PARTITION_SIZE = 100
PARTS_VERSION = 2
SHOWN_PROBLEMS = 20
Progress = Callable[..., AbstractContextManager[Callable[[int], None]]]


@dataclass
class ArchiveRun:
    """What the command line asked for."""

    path: Path
    data_dir: Path
    engine: str = "local"
    scheduler: str | None = None
    workers: int | None = None
    match: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    day_first: bool = True
    partition_size: int = PARTITION_SIZE
    add: bool = False
    as_json: bool = False
    out: Path | None = None
    quiet: bool = False
    parts_dir: Path | None = None  # default: ARCHIVE.parts/ beside the archive
    # Options of the command that are for one article (--title, --published, …), by name: an
    # archive's lines carry their own, so any given is refused rather than silently ignored.
    article_options: dict = field(default_factory=dict)


@dataclass
class Outcome:
    """What to print: the proposals (unless they were written to files) and the messages."""

    output: str = ""
    messages: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# On the workers


def extract_partition(partition: Partition, vocabulary: Vocabulary, day_first: bool) -> dict:
    """A partition's articles extracted: a plain, JSON-ready record (it is written to the parts
    folder as it is), with who did it, how long it took and the process's peak memory."""
    started, cpu = time.perf_counter(), time.process_time()
    articles, problems = [], []
    for article in partition.articles:
        try:
            articles.append(_extract_article(article, vocabulary, day_first))
        except DocumentError as error:
            problems.append([article.line, f"cannot be read: {error}"])
        except Exception as error:  # one odd article must not stop an archive of a million
            problems.append([article.line, f"the extractor failed ({type(error).__name__})"])
    return {
        "index": partition.index,
        "articles": articles,
        "problems": problems,
        "worker": worker_name(),
        "seconds": time.perf_counter() - started,
        # CPU seconds tell the work apart from the waiting on a busy machine.
        "cpu_seconds": time.process_time() - cpu,
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def _extract_article(article: ArchiveArticle, vocabulary: Vocabulary, day_first: bool) -> dict:
    document = read_document(article.text, f"{article.slug}.txt", article.format)
    proposals = extract_document(
        document, article.published, vocabulary, day_first, article.title or None
    )
    published = article.published or document.published or publication_of(proposals)
    return {
        "line": article.line,
        # The text the source keeps, when it is not the line's own (a web page's main text).
        "text": document.text if document.text != article.text else None,
        "title": article.title or document.title or "",
        "published": published.iso if published else None,
        "proposals": [proposal_json(proposal) for proposal in proposals],
    }


def proposal_json(proposal: Proposal) -> dict:
    values = {}
    for item in dataclasses.fields(Proposal):
        value = getattr(proposal, item.name)
        if item.name != "also":
            values[item.name] = value.iso if isinstance(value, PartialDate) else value
    return values


def proposal_from_json(values: dict) -> Proposal:
    dates = {name: PartialDate.parse(values[name]) for name in ("start", "end") if values[name]}
    return Proposal(**{**values, "end": None, **dates})


# ---------------------------------------------------------------------------------------------
# On the machine that runs the command


class PartsFolder:
    """Partitions done, one JSON file each, written atomically (a file appears whole or not at
    all). ``run.json`` records what the parts are of: a run with another archive, selection or
    vocabulary starts afresh."""

    def __init__(self, folder: Path, fingerprint: dict):
        self.folder = folder
        manifest = folder / "run.json"
        if manifest.exists() and _read_json(manifest) != fingerprint:
            self.remove()
        folder.mkdir(parents=True, exist_ok=True)
        if not manifest.exists():
            _write_atomically(manifest, fingerprint)

    def _path(self, index: int) -> Path:
        return self.folder / f"part-{index:06d}.json"

    def done(self, index: int) -> dict | None:
        path = self._path(index)
        return _read_json(path) if path.exists() else None

    def write(self, result: dict) -> None:
        _write_atomically(self._path(result["index"]), result)

    def remove(self) -> None:
        """The parts and manifest (and the folder, once empty); nothing else in it is touched."""
        for path in [*self.folder.glob("part-*.json"), self.folder / "run.json"]:
            path.unlink(missing_ok=True)
        if self.folder.is_dir() and not any(self.folder.iterdir()):
            self.folder.rmdir()


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a stray or damaged file: the partition is extracted again


def _write_atomically(path: Path, value) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


def fingerprint(run: ArchiveRun, vocabulary: Vocabulary) -> dict:
    status = run.path.stat()
    words = json.dumps(dataclasses.asdict(vocabulary), sort_keys=True).encode()
    return {
        "version": PARTS_VERSION,
        "archive": str(run.path.resolve()),
        "size": status.st_size,
        "mtime_ns": status.st_mtime_ns,
        "match": run.match or "",
        "from": run.start.iso if run.start else None,
        "to": run.end.iso if run.end else None,
        "partition_size": run.partition_size,
        "day_first": run.day_first,
        "vocabulary": hashlib.sha256(words).hexdigest(),
    }


@dataclass
class Extracted:
    """An article of the archive with what its extraction gave."""

    article: ArchiveArticle
    text: str
    title: str
    published: PartialDate | None
    proposals: list[Proposal]


def extract_archive(run: ArchiveRun, vocabulary: Vocabulary, progress: Progress) -> Outcome:
    """The whole run (see the module's docstring). Raises ArchiveError when the run cannot go
    on (a bad option, an unreadable archive, an unwritable parts folder, an unreachable
    scheduler, proposals that would not build)."""
    given = [name for name, value in run.article_options.items() if value]
    if given:
        raise ArchiveError(
            f"{given[0]} is for one article: an archive's lines carry their own (see "
            "docs/archive.md)"
        )
    try:
        return _run(run, vocabulary, progress)
    except OSError as error:
        raise ArchiveError(f"cannot go on: {error}") from error


def _run(run: ArchiveRun, vocabulary: Vocabulary, progress: Progress) -> Outcome:
    started = time.monotonic()
    selection = Selection.of(run.match, run.start, run.end)
    parts = PartsFolder(
        run.parts_dir or run.path.with_name(run.path.name + ".parts"), fingerprint(run, vocabulary)
    )
    tally = Tally()
    taken = _existing_sources(run.data_dir) if run.add else set()
    try:
        engine = make_engine(run.engine, run.workers, run.scheduler)
    except EngineError as error:
        raise ArchiveError(str(error)) from error
    try:
        with progress(count_lines(run.path), "extracting", run.quiet, unit="articles") as advance:
            results, held = _extract_all(
                run, selection, vocabulary, engine, parts, tally, taken, advance
            )
        extracted = _joined(results, held, tally)
        evidence = run_evidence(extracted, run.match)
        corroborated, reports = corroborate_archive(extracted, engine, evidence)
        workers = engine.workers()
    finally:
        engine.close()
    _name_events(extracted, run.data_dir)
    outcome = _written(run, extracted, tally)
    parts.remove()
    seconds = time.monotonic() - started
    summary = _summary(run, selection, tally, extracted, (corroborated, reports), seconds, workers)
    outcome.messages = (
        _problem_lines(tally) + outcome.messages + summary + per_worker(results.values())
    )
    return outcome


def _extract_all(run, selection, vocabulary, engine: Engine, parts, tally, taken, advance):
    """Every partition's result by index (from the parts folder when done before), and the
    articles of each partition."""
    results: dict[int, dict] = {}
    held: dict[int, Partition] = {}

    def to_do() -> Iterator[Partition]:
        items = read_archive(run.path)
        for partition in partitions(items, selection, run.partition_size, tally, taken):
            held[partition.index] = partition
            done = parts.done(partition.index)
            if done is not None:
                results[partition.index] = done
                tally.resumed += 1
                advance(partition.lines)
            else:
                yield partition

    for result in engine.map(extract_partition, to_do(), vocabulary, run.day_first):
        parts.write(result)
        results[result["index"]] = result
        advance(held[result["index"]].lines)
    return results, held


def _joined(results: dict[int, dict], held: dict[int, Partition], tally: Tally) -> list[Extracted]:
    """The articles in the archive's order, each with its extraction; the ones that failed are
    problems of their line."""
    extracted = []
    for index in sorted(held):
        result = results[index]
        tally.problems += [LineProblem(line, message) for line, message in result["problems"]]
        # The plain record is let go once read: only its figures stay, for the summary.
        by_line = {values["line"]: values for values in result.pop("articles")}
        result["extracted"] = len(by_line)
        for article in held[index].articles:
            values = by_line.get(article.line)
            if values is None:
                continue
            published = values["published"]
            extracted.append(
                Extracted(
                    article,
                    values["text"] if values["text"] is not None else article.text,
                    values["title"],
                    PartialDate.parse(published) if published else None,
                    [proposal_from_json(proposal) for proposal in values["proposals"]],
                )
            )
    return extracted


def corroborate_archive(
    extracted: list[Extracted], engine: Engine, evidence: Evidence
) -> tuple[int, int]:
    """The same happening across the archive kept once, as the first article that reports it
    (in the archive's order) proposes it, citing every other; the others' proposals dropped.
    Returns how many events are corroborated and how many reports were merged into them."""
    numbered: list[tuple[str, Proposal]] = []
    buckets_count = max(1, 4 * engine.workers())
    buckets: list[list[Entry]] = [[] for _ in range(buckets_count)]
    for item in extracted:
        for proposal in item.proposals:
            words = evidence.words(proposal.phrase or proposal.quote, proposal.date_text)
            entry = Entry(
                len(numbered), item.article.slug, proposal.start, proposal.end, proposal.kind, words
            )
            numbered.append((item.article.slug, proposal))
            buckets[bucket_of(entry, buckets_count)].append(entry)
    merges: list[tuple[int, list[int]]] = []
    for merged in engine.map(corroborate_bucket, (bucket for bucket in buckets if len(bucket) > 1)):
        merges += merged
    dropped: set[int] = set()
    for kept, others in sorted(merges):
        numbered[kept][1].also.extend(numbered[number] for number in others)
        dropped.update(id(numbered[number][1]) for number in others)
    for item in extracted:
        item.proposals = [proposal for proposal in item.proposals if id(proposal) not in dropped]
    return len(merges), sum(len(others) for _, others in merges)


def run_evidence(extracted: list[Extracted], match: str | None) -> Evidence:
    sentences = (p.phrase or p.quote for item in extracted for p in item.proposals)
    return Evidence.of_run(sentences, match)


def _existing_sources(data_dir: Path) -> set[str]:
    return {path.stem for path in (data_dir / "sources").glob("*.toml")}


def _name_events(extracted: list[Extracted], data_dir: Path) -> None:
    """A readable slug for every proposal, unique in the run and in the timeline."""
    try:
        used = {record.get("slug") for _, record in curated_event_records(data_dir)}
    except BuildError:
        used = set()
    for item in extracted:
        for proposal in item.proposals:
            proposal.slug = event_slug(proposal.title, proposal.start, used)


def _written(run: ArchiveRun, extracted: list[Extracted], tally: Tally) -> Outcome:
    if run.add:
        return _added(run.data_dir, extracted, tally)
    if run.as_json:
        body = [p.api(item.article.slug) for item in extracted for p in item.proposals]
        output = json.dumps(body, ensure_ascii=False, indent=1) + "\n"
    else:
        records = [p.record(item.article.slug) for item in extracted for p in item.proposals]
        output = proposals_toml_records(records)
    if run.out is None:
        return Outcome(output)
    run.out.write_text(output, encoding="utf-8")
    return Outcome("", [f"wrote the proposals to {run.out}"])


def _added(data_dir: Path, extracted: list[Extracted], tally: Tally) -> Outcome:
    """Each article a source with its ``extracted/<slug>.toml``; nothing stays if any fails."""
    entries, undated = [], 0
    for item in extracted:
        if item.published is None:
            tally.problems.append(
                LineProblem(item.article.line, 'no publication date ("published" or a dateline)')
            )
            undated += 1
            continue
        meta = {
            "title": item.title or item.article.slug,
            "outlet": item.article.outlet or "unknown",
            "published": item.published.iso,
            "url": item.article.url,
            "language": "en",
        }
        entries.append((item.article.slug, item.text, meta, item.proposals))
    try:
        add_sources(data_dir, entries)
    except (FileExistsError, BuildError) as error:
        raise ArchiveError(f"nothing added: {error}") from error
    return Outcome(
        "",
        [
            f"added {len(entries)} sources to {data_dir}: review their proposals in "
            "extracted/, mark them accepted, then run `timeline build`"
        ],
    )


def _problem_lines(tally: Tally) -> list[str]:
    """The lines skipped, by line number: the first ``SHOWN_PROBLEMS``, then how many more."""
    problems = sorted(tally.problems, key=lambda problem: problem.line)
    lines = [str(problem) for problem in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"… and {len(problems) - SHOWN_PROBLEMS:,} more lines skipped")
    return lines


def _summary(run, selection, tally, extracted, merges: tuple[int, int], seconds, workers):
    corroborated, reports = merges
    events = sum(len(item.proposals) for item in extracted)
    seconds = max(seconds, 1e-6)
    lines = [
        f"read {tally.read:,} articles ({tally.lines:,} lines, {len(tally.problems):,} skipped); "
        f"{tally.matched:,} matched ({selection.describe()})",
        f"{len(extracted):,} articles extracted: {events:,} proposed events, {corroborated:,} of "
        f"them corroborated by other articles ({reports:,} reports merged)",
        f"{seconds:.1f} s: {tally.read / seconds:,.1f} articles read and "
        f"{len(extracted) / seconds:,.1f} extracted a second, engine {run.engine} with {workers} "
        f"worker{'s' if workers != 1 else ''}",
    ]
    if tally.resumed:
        lines.append(f"resumed: {tally.resumed:,} partitions were done by an earlier run")
    return lines


def per_worker(results) -> list[str]:
    """One line a worker process: its articles, partitions, busy seconds and peak memory."""
    workers: dict[str, list] = {}
    for result in results:
        tally = workers.setdefault(result["worker"], [0, 0, 0.0, 0.0, 0])
        tally[0] += result["extracted"]
        tally[1] += 1
        tally[2] += result["seconds"]
        tally[3] += result["cpu_seconds"]
        tally[4] = max(tally[4], result["peak_kb"])
    return [
        f"  worker {name}: {articles:,} articles in {count} partitions, {busy:.1f} s busy "
        f"({cpu:.1f} s CPU), peak memory {peak / 1024:.0f} MB"
        for name, (articles, count, busy, cpu, peak) in sorted(workers.items())
    ]
