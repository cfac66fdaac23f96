"""The ``timeline`` command: build the database, serve it."""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import shutil
import sqlite3
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import click
import tomli_w

from .dates import DateError, PartialDate
from .ingest.build import build as build_database
from .ingest.build import import_into_database, replace_database
from .ingest.corroborate import corroborate, extract_many
from .ingest.curated import (
    BuildError,
    Source,
    curated_event_records,
    load_imports,
)
from .ingest.demo_data import demo_dataset
from .ingest.documents import FORMATS, DocumentError, read_document
from .ingest.evaluate import (
    ARTICLE_SUFFIXES,
    GoldError,
    evaluate_folder,
    load_gold,
    report,
    score,
    table,
)
from .ingest.extract import (
    Vocabulary,
    add_sources,
    extract_document,
    name_slugs,
    proposals_toml,
    proposals_toml_records,
    publication_of,
)
from .ingest.importers import (
    ImportFailed,
    avoid_taken_slugs,
    check_source_slug,
    import_records,
    read_timeline_file,
    write_import_file,
)
from .settings import SettingError, default_data_dir, from_environment
from .slugs import SLUG, slugify
from .store.connection import DatabaseOutdated, check_current
from .web import gunicorn_conf

DEFAULT_DATA = default_data_dir()
DEFAULT_DB = DEFAULT_DATA / "timeline.db"
timeline_option = click.option(
    "--timeline",
    "timeline_slug",
    help="Work on this timeline (timelines/SLUG/ in the data folder, started by `timeline new`) "
    "rather than the default one.",
)


def _timeline_folder(data_dir: Path, slug: str) -> Path:
    """The folder of timeline ``slug``: ``timelines/<slug>/`` in the data folder."""
    folder = data_dir / "timelines" / slug
    if not SLUG.fullmatch(slug) or not folder.is_dir():
        raise click.BadParameter(
            f"no timeline {slug!r} in {data_dir / 'timelines'} (start one with "
            f"`timeline new {slug} --title …`)",
            param_hint="--timeline",
        )
    return folder


def _paths(timeline_slug: str | None, data_dir: Path, db_path: Path | None) -> tuple[Path, Path]:
    """The data folder and database of --timeline SLUG, or the ones given."""
    if timeline_slug is None:
        return data_dir, db_path
    folder = _timeline_folder(data_dir, timeline_slug)
    return folder, folder / "timeline.db" if db_path in (None, DEFAULT_DB) else db_path


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="The SQLite database file to write or serve.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """A fast, accessible, embeddable timeline of dated, sourced events.

    Curated events live in db/ (TOML, with the source texts they quote). `timeline build` checks
    them and writes the database; `timeline serve` serves it read-only.
    """


quiet_option = click.option(
    "--quiet", is_flag=True, help="No progress bar, even on a terminal (there is none otherwise)."
)


def _bar(label: str, quiet: bool):
    """A progress factory for the build code: a bar on a terminal, nothing otherwise."""
    return lambda total: _progress(total, label, quiet)


def _build_or_fail(data_dir: Path, db_path: Path, quiet: bool = True):
    try:
        return build_database(data_dir, db_path, _bar("building", quiet))
    except BuildError as error:
        raise click.ClickException(f"build failed: {error}") from error


def data_option(help_text: str, must_exist: bool = True):
    """The --data option: the folder of curated data."""
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, exists=must_exist, path_type=Path),
        default=DEFAULT_DATA,
        show_default=True,
        help=help_text,
    )


@main.command()
@db_option
@data_option("The folder of curated data (topics.toml, events.toml, sources/).")
@quiet_option
@timeline_option
def build(db_path: Path, data_dir: Path, quiet: bool, timeline_slug: str | None) -> None:
    """Check the curated data and build the database.

    Fails, naming the record, when a quote is not in its source, a date does not parse, an end
    is before its start or a topic is unknown. The new database is written beside the old one
    and renamed over it, so a running server never sees half a build. Running it again on the
    same data changes nothing.
    """
    data_dir, db_path = _paths(timeline_slug, data_dir, db_path)
    result = _build_or_fail(data_dir, db_path, quiet)
    state = "unchanged" if result.unchanged else "built"
    click.echo(
        f"{state} {result.path}: {result.events} events, {result.notes} undated notes "
        f"(build {result.stamp})"
    )


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--source-slug",
    help="Slug of the source the events are filed under (default: from the file name).",
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Add the events straight into this database (created if missing); db/ is untouched.",
)
@data_option("Without --db: the curated data to add the events to, then rebuild.")
@quiet_option
@timeline_option
def import_timeline(
    file: Path,
    source_slug: str | None,
    db_path: Path | None,
    data_dir: Path,
    quiet: bool,
    timeline_slug: str | None,
):
    """Import a timeline from FILE: TimelineJS3 JSON, a TimelineJS spreadsheet CSV (Year, Month,
    Day, End Year, ..., Headline, Text, Group), or our own JSON or CSV export.

    Without --db the events are written to db/imports/<source-slug>.toml (our format: edit it
    freely) and db/timeline.db is rebuilt. Each event keeps its own date precision; groups and
    topics become topics, created when unknown. The file has no source text to check quotes
    against, so its events say "imported from FILE". Importing the same source again replaces
    it. A malformed file fails, naming the record and field, and changes nothing.
    """
    if timeline_slug is not None:
        data_dir = _timeline_folder(data_dir, timeline_slug)
    slug = source_slug or slugify(file.stem)
    try:
        timeline = read_timeline_file(file)
        check_source_slug(slug)
        avoid_taken_slugs(timeline, _slugs_of_other_sources(data_dir, db_path, slug))
        today = datetime.date.today().isoformat()
        if db_path is None:
            result = _import_into_data(data_dir, slug, file, timeline, today, quiet)
        else:
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
            result = import_into_database(
                db_path,
                source,
                timeline.topics,
                records,
                file.read_bytes(),
                _bar("importing", quiet),
                timeline.eras,
            )
    except (ImportFailed, BuildError) as error:
        raise click.ClickException(f"import failed: {error}") from error
    for warning in timeline.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"imported {len(timeline.events)} events{_and_eras(timeline.eras)} ({timeline.format}) "
        f"from {file.name} "
        f"as source {slug!r}; {result.path} now holds {result.events} events"
    )


def _and_eras(eras: list) -> str:
    return f" and {len(eras)} era{'' if len(eras) == 1 else 's'}" if eras else ""


def _slugs_of_other_sources(data_dir: Path, db_path: Path | None, slug: str) -> set[str]:
    """Event slugs the timeline's other sources use, which an import must not take."""
    if db_path is not None:
        if not db_path.exists():
            return set()
        with contextlib.closing(sqlite3.connect(db_path)) as connection:
            rows = connection.execute("SELECT slug FROM events WHERE source != ?", [slug])
            return {row[0] for row in rows}
    records = curated_event_records(data_dir) + load_imports(data_dir)[2]
    return {record.get("slug") for _, record in records if record.get("source") != slug}


def _import_into_data(data_dir: Path, slug: str, file: Path, timeline, today: str, quiet: bool):
    """Write db/imports/<slug>.toml and rebuild; on failure, put the old file back."""
    target = data_dir / "imports" / f"{slug}.toml"
    previous = target.read_bytes() if target.exists() else None
    write_import_file(data_dir, slug, file.name, timeline, today)
    try:
        return build_database(data_dir, data_dir / "timeline.db", _bar("building", quiet))
    except BuildError:
        if previous is not None:
            target.write_bytes(previous)
        else:
            target.unlink()
            if not any(target.parent.iterdir()):
                target.parent.rmdir()
        raise


def _day(context, parameter, value: str | None) -> PartialDate | None:
    if value is None:
        return None
    try:
        date = PartialDate.parse(value)
    except DateError as error:
        raise click.BadParameter(str(error)) from error
    if date.precision != "day":
        raise click.BadParameter("give the full date, YYYY-MM-DD")
    return date


@main.command()
@click.argument("articles", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--published", callback=_day, help="Publication date YYYY-MM-DD (default: the dateline)."
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(FORMATS),
    help="How ARTICLE is written (default: told from its content).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the proposals to this file, not to standard output.",
)
@click.option("--json", "as_json", is_flag=True, help="A JSON list, fields as in /api/events.")
@click.option(
    "--evaluate",
    "gold_path",
    type=click.Path(exists=True, path_type=Path),
    help="Score the proposals against this gold list (JSON) instead; or give a folder of "
    "NAME.gold.json files beside their articles for a table of every file and the mean.",
)
@click.option("--add", is_flag=True, help="Add the article and its proposals to db/.")
@click.option("--title", help="The article's title (with --add).")
@click.option("--outlet", help="Who published it (with --add).")
@click.option("--author", default="", help="Its author (with --add).")
@click.option("--url", default="", help="Where it was published (with --add).")
@click.option("--source-slug", help="The source's slug (default: from --title or file name).")
@click.option(
    "--numeric-dates",
    type=click.Choice(["dmy", "mdy"]),
    default="dmy",
    show_default=True,
    help="How the outlet writes 03/04/2021 when nothing in the sentence settles it.",
)
@quiet_option
@timeline_option
@data_option("The folder of curated data (topics.toml, extract.toml, sources/).")
def extract(articles: tuple[Path, ...], published, format_name, out, as_json, gold_path, add,
            title, outlet, author, url, source_slug, numeric_dates, quiet, timeline_slug,
            data_dir) -> None:  # fmt: skip
    """Propose every dated event ARTICLE states, each with the sentence stating it.

    ARTICLE is plain text (hard-wrapped or not), Markdown, an e-mail with its headers, or a
    saved web page (HTML): the format is told from the content, or given with --format.
    Prints the proposals in the format of db/events.toml, marked status = "proposed", for a
    person to review. --add files the article under db/sources/ and its proposals in
    db/extracted/; once accepted, `timeline build` puts them on the timeline.

    Give several files or folders to extract them all, on every core: the same happening
    reported by several articles becomes one proposal that cites each article's sentence.
    """
    if timeline_slug is not None:
        data_dir = _timeline_folder(data_dir, timeline_slug)
    try:
        vocabulary = Vocabulary.load(data_dir)
    except BuildError as error:
        raise click.ClickException(str(error)) from error
    if gold_path is not None and gold_path.is_dir():
        try:
            click.echo(table(evaluate_folder(gold_path, vocabulary)))
        except (GoldError, DocumentError) as error:
            raise click.ClickException(str(error)) from error
        return
    files = _article_files(articles)
    if not files:
        raise click.UsageError("give an ARTICLE file (or --evaluate FOLDER)")
    if len(files) > 1 or any(path.is_dir() for path in articles):
        _extract_many(files, published, format_name, as_json, out, add, outlet, author,
                      numeric_dates == "dmy", vocabulary, quiet, data_dir)  # fmt: skip
        return
    article = files[0]
    try:
        raw = article.read_text(encoding="utf-8")
        document = read_document(raw, article.name, format_name)
    except (OSError, UnicodeDecodeError, DocumentError) as error:
        raise click.ClickException(f"cannot read {article}: {error}") from error
    text = document.text
    slug = source_slug or slugify(title or article.stem)[:60].strip("-")
    if not SLUG.fullmatch(slug):
        raise click.BadParameter(f"{slug!r} is not a slug", param_hint="--source-slug")
    day_first = numeric_dates == "dmy"
    proposals = extract_document(document, published, vocabulary, day_first, title)
    if gold_path is not None:
        try:
            gold = load_gold(gold_path, text)
        except GoldError as error:
            raise click.ClickException(str(error)) from error
        click.echo(report(score(proposals, gold), text))
        return
    if add:
        published = published or document.published
        _add_article(data_dir, slug, text, proposals, published, title, outlet, author, url)
        return
    if as_json:
        output = json.dumps([p.api(slug) for p in proposals], ensure_ascii=False, indent=1) + "\n"
    else:
        output = proposals_toml(proposals, slug)
    _write(output, out, len(proposals))


def _article_files(paths: tuple[Path, ...]) -> list[Path]:
    """The articles named: files as given, and the articles a folder holds (gold lists aside)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                child for child in path.iterdir()
                if child.suffix.lower() in ARTICLE_SUFFIXES and child.is_file()
            )  # fmt: skip
        else:
            files.append(path)
    return files


def _extract_many(files, published, format_name, as_json, out, add, outlet, author, day_first,
                  vocabulary, quiet, data_dir) -> None:  # fmt: skip
    """Every article extracted on every core, the same happening reported by several merged."""
    slugs = _unique([slugify(path.stem)[:60].strip("-") or "article" for path in files])
    jobs = [(path, slug, format_name, published, vocabulary, day_first)
            for path, slug in zip(files, slugs, strict=True)]  # fmt: skip
    try:
        with _progress(len(jobs), "extracting", quiet, unit="articles") as advance:
            articles = extract_many(jobs, advance)
    except (OSError, UnicodeDecodeError, DocumentError) as error:
        raise click.ClickException(f"cannot read an article: {error}") from error
    corroborate(articles)
    proposals = [proposal for article in articles for proposal in article.proposals]
    name_slugs(proposals)
    merged = sum(1 for proposal in proposals if proposal.also)
    if add:
        _add_articles(data_dir, articles, published, outlet, author)
    elif as_json:
        body = [p.api(a.slug) for a in articles for p in a.proposals]
        _write(json.dumps(body, ensure_ascii=False, indent=1) + "\n", out, len(proposals))
    else:
        tables = [p.record(a.slug) for a in articles for p in a.proposals]
        _write(proposals_toml_records(tables), out, len(proposals))
    if not quiet:
        click.echo(
            f"{len(proposals)} proposed events from {len(articles)} articles; {merged} of them "
            "reported by more than one",
            err=True,
        )


def _unique(slugs: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for slug in slugs:
        seen[slug] = seen.get(slug, 0) + 1
        unique.append(slug if seen[slug] == 1 else f"{slug}-{seen[slug]}")
    return unique


def _write(output: str, out: Path | None, count: int) -> None:
    if out is None:
        click.echo(output, nl=False)
    else:
        out.write_text(output, encoding="utf-8")
        click.echo(f"wrote {count} proposed events to {out}", err=True)


def _add_articles(data_dir, articles, published, outlet, author) -> None:
    """Each article a new source with its proposals; nothing is left behind if any fails."""
    if not outlet:
        raise click.UsageError("--add needs --outlet")
    entries = []
    for article in articles:
        date = published or article.document.published or publication_of(article.proposals)
        if date is None:
            raise click.UsageError(
                f"{article.path.name} has no date of its own: give --published YYYY-MM-DD"
            )
        title = article.document.title or article.path.stem
        meta = {"title": title, "outlet": outlet, "author": author, "published": date.iso,
                "language": "en"}  # fmt: skip
        entries.append((article.slug, article.document.text, meta, article.proposals))
    try:
        add_sources(data_dir, entries)
    except (FileExistsError, BuildError) as error:
        raise click.ClickException(f"nothing added: {error}") from error
    click.echo(
        f"added {len(articles)} sources: review their proposals in db/extracted/, mark them "
        "accepted, then run `timeline build`"
    )


def _add_article(data_dir, slug, text, proposals, published, title, outlet, author, url) -> None:
    missing = [name for name, value in (("--title", title), ("--outlet", outlet)) if not value]
    if missing:
        raise click.UsageError(f"--add needs {' and '.join(missing)}")
    published = published or publication_of(proposals)
    if published is None:
        raise click.UsageError("the article has no dateline: give --published YYYY-MM-DD")
    meta = {"title": title, "outlet": outlet, "author": author, "url": url,
            "published": published.iso, "language": "en"}  # fmt: skip
    try:
        written = add_sources(data_dir, [(slug, text, meta, proposals)])
    except FileExistsError as error:
        raise click.ClickException(str(error)) from error
    except BuildError as error:
        raise click.ClickException(
            f"the proposals would not build, nothing added: {error}"
        ) from error
    click.echo(
        f"added source {slug!r} with {len(proposals)} proposed events: review "
        f"{written[-1]}, mark them accepted, then run `timeline build`"
    )


NEW_TIMELINE_FILES = {
    "timeline.toml": "# The timeline as a whole: its title and one-line description.\n",
    "topics.toml": (
        "# The topic vocabulary (optional): [[topics]] with slug, label and description.\n"
        "# Order here is the order of the filter checkboxes.\n"
    ),
    "events.toml": (
        "# Events and undated notes written by hand: [[events]] and [[notes]] (see the README).\n"
        "# Events the extractor proposed are in extracted/<source>.toml.\n"
    ),
}


@main.command("new")
@click.argument("slug")
@click.option("--title", required=True, help="The timeline's title, shown on every page.")
@click.option("--description", default="", help="One line saying what it covers.")
@data_option("The data folder the new timeline goes in (under timelines/).")
def new_timeline(slug: str, title: str, description: str, data_dir: Path) -> None:
    """Start a new timeline: the folder timelines/SLUG/ of the data folder, built on its own and
    served at /t/SLUG/. Add articles with `timeline extract --timeline SLUG --add ...`."""
    if not SLUG.fullmatch(slug):
        raise click.BadParameter(f"{slug!r}: lowercase words joined by hyphens", param_hint="SLUG")
    folder = data_dir / "timelines" / slug
    if folder.exists():
        raise click.ClickException(f"{folder} exists: choose another slug")
    settings = {"title": title, "description": description or f"Events of {title}."}
    try:
        (folder / "sources").mkdir(parents=True)
        for name, header in NEW_TIMELINE_FILES.items():
            body = tomli_w.dumps(settings) if name == "timeline.toml" else ""
            (folder / name).write_text(header + body, encoding="utf-8")
        result = build_database(folder, folder / "timeline.db")
    except (OSError, BuildError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise click.ClickException(f"could not start {slug!r}, nothing kept: {error}") from error
    click.echo(
        f"started timeline {slug!r} in {folder} ({result.events} events): served at /t/{slug}/ "
        f"by `timeline serve`; add an article with `timeline extract --timeline {slug} --add …`"
    )


@main.command()
@data_option("The data folder whose articles to review.")
@timeline_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8100, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--allow-public",
    is_flag=True,
    help="Listen on an address other machines reach (the token is then all that protects it).",
)
def desk(data_dir: Path, timeline_slug: str | None, host: str, port: int, allow_public: bool):
    """Run the review desk: add articles, accept, edit or reject their proposals, publish.

    A local app, separate from the public server: it listens on 127.0.0.1 and asks for the
    secret token in the link it prints. Publishing writes the curated files and rebuilds the
    timeline, which a running `timeline serve` shows from its next request.
    """
    import ipaddress
    import secrets

    from werkzeug.serving import run_simple

    from .desk.app import create_desk

    if timeline_slug is not None:
        data_dir = _timeline_folder(data_dir, timeline_slug)
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not allow_public:
        raise click.UsageError(
            f"{host} is not a loopback address: the desk writes files, so it listens on "
            "127.0.0.1 unless you add --allow-public"
        )
    token = secrets.token_urlsafe(24)
    app = create_desk(data_dir, data_dir / "timeline.db", token)
    click.echo(f"review desk for {data_dir}: open http://{host}:{port}/?token={token}", err=True)
    run_simple(host, port, app, threaded=True)


@main.command("demo-data")
@click.option("--events", "total", type=click.IntRange(1, 10_000_000), required=True)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DATA / "demo.db",
    show_default=True,
)
@quiet_option
@timeline_option
def demo_data(total: int, seed: int, db_path: Path, quiet: bool, timeline_slug: str | None) -> None:
    """Generate a synthetic timeline of N events for measuring speed at scale.

    Dates spread over 1200-2025 with mixed precision, ranges and open-ended events; topics,
    places, actors and searchable words. Events are streamed through the ordinary build code
    (a million take about a minute here) and the file is replaced atomically.
    """
    if timeline_slug is not None:
        db_path = _timeline_folder(DEFAULT_DATA, timeline_slug) / "timeline.db"
    dataset, events = demo_dataset(total, seed)
    with _progress(total, "generating", quiet) as advance:
        replace_database(dataset, db_path, events, advance)
    click.echo(f"built {db_path}: {total:,} generated events (seed {seed})")


@contextmanager
def _progress(total: int, label: str, quiet: bool, unit: str = "events"):
    """A progress bar with rate and time left on a terminal; nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        yield lambda done: None
        return
    started = time.monotonic()
    with click.progressbar(
        length=total,
        label=label,
        file=sys.stderr,
        show_eta=True,
        show_pos=True,
        item_show_func=lambda rate: rate,
    ) as bar:

        def advance(done: int) -> None:
            rate = (bar.pos + done) / max(time.monotonic() - started, 1e-6)
            bar.update(done, current_item=f"{rate:,.1f} {unit}/s")

        yield advance


def _ready_to_serve(db_path: Path, data_dir: Path) -> None:
    """Build the data folder's own database if it is missing or stale; refuse an outdated other.

    The web app only reads: building before serving is the CLI's job, never the server's.
    """
    try:
        from_environment()
    except SettingError as error:
        raise click.ClickException(str(error)) from error
    if not db_path.exists() or db_path.resolve() == (data_dir / "timeline.db").resolve():
        if not data_dir.is_dir():
            raise click.ClickException(
                f"no database at {db_path} and no curated data at {data_dir} to build it from: "
                "give --db FILE or --data DIR"
            )
        result = _build_or_fail(data_dir, db_path)
        if not result.unchanged:
            click.echo(f"built {result.path}: {result.events} events")
        return
    try:
        check_current(db_path)
    except DatabaseOutdated as error:
        raise click.ClickException(str(error)) from error


@main.command()
@db_option
@data_option("The curated data to build from when the database is missing.", must_exist=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=gunicorn_conf.workers,
    show_default="CPU cores, 4 threads each",
    type=click.IntRange(1, 64),
    help="gunicorn worker processes.",
)
@click.option(
    "--max-requests",
    default=gunicorn_conf.max_requests,
    show_default=True,
    type=click.IntRange(0, 10_000_000),
    help="Replace a worker after about this many requests (0: never); jittered by a tenth.",
)
def serve(
    db_path: Path, data_dir: Path, host: str, port: int, workers: int, max_requests: int
) -> None:
    """Serve the timeline with gunicorn, building the database first if it is missing.

    Workers are recycled gracefully after --max-requests; the master reloads them on SIGHUP.
    A new build renamed over the database is served from the next request on: no restart.
    gunicorn's other settings are in webapp/web/gunicorn_conf.py.
    """
    _ready_to_serve(db_path, data_dir)
    os.environ["TIMELINE_DATABASE"] = str(db_path.resolve())
    os.environ.setdefault("TIMELINE_TIMELINES", str((data_dir / "timelines").resolve()))
    click.echo(f"serving {db_path} on http://{host}:{port}/")
    arguments = gunicorn_conf.command(
        f"{host}:{port}",
        "--workers", workers,
        "--max-requests", max_requests,
        "--max-requests-jitter", max_requests // 10,
        "--access-logfile", "-",
    )  # fmt: skip
    os.execv(sys.executable, arguments)


@main.command()
@db_option
@data_option("The curated data to build from when the database is missing.", must_exist=False)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
def dev(db_path: Path, data_dir: Path, port: int) -> None:
    """Serve on 127.0.0.1 with Flask's reloading debug server, building the database if missing.

    For working on the code; `timeline serve` is the real server.
    """
    from . import create_site

    _ready_to_serve(db_path, data_dir)
    app = create_site({"DATABASE": str(db_path.resolve()),
                       "TIMELINES": str((data_dir / "timelines").resolve())})  # fmt: skip
    app.run(host="127.0.0.1", port=port, debug=True)
