"""The ``timeline`` command: options parsed, one ingest operation called, its result printed.

Every command ends in one call to ``webapp.ingest.operations`` (which reads and writes the
data folder); nothing here opens a TOML file, a database or a path of the data folder. An
``InputError`` an operation raises is caught once, in ``terminal.Command.invoke``, and printed as
one line (exit status 1), after the command's own words ("build failed: ...").
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

import click

from .ingest import operations
from .slugs import SLUG
from .terminal import (
    DEFAULT_DATA,
    Group,
    archive_options,
    bar,
    data_option,
    database_option_value,
    db_option,
    format_option,
    numeric_dates_option,
    progress,
    published_option,
    quiet_option,
    timeline_option,
    write_output,
)
from .web import gunicorn_conf


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """A fast, accessible, embeddable timeline of dated, sourced events.

    Curated events live in db/ (TOML, with the source texts they quote). `timeline build` checks
    them and writes the database; `timeline serve` serves it read-only.
    """


def _build_failed(params: dict, error: Exception) -> str:
    return f"build failed: {error}" if isinstance(error, operations.BuildError) else str(error)


@main.command(failure="build failed: {error}")
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
    folder = operations.timeline_folder(data_dir, timeline_slug)
    result = operations.build(
        folder, database_option_value(folder, db_path, timeline_slug), bar("building", quiet)
    )
    state = "unchanged" if result.unchanged else "built"
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"{state} {result.path}: {result.events} events, {result.notes} undated notes "
        f"(build {result.stamp})"
    )


@main.command("import", failure="import failed: {error}")
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
def import_timeline(file, source_slug, db_path, data_dir, quiet, timeline_slug):
    """Import a timeline from FILE: TimelineJS3 JSON, a TimelineJS spreadsheet CSV (Year, Month,
    Day, End Year, ..., Headline, Text, Group), or our own JSON or CSV export.

    Without --db the events are written to db/imports/<source-slug>.toml (our format: edit it
    freely) and db/timeline.db is rebuilt. Each event keeps its own date precision; groups and
    topics become topics, created when unknown. The file has no source text to check quotes
    against, so its events say "imported from FILE". Importing the same source again replaces
    it. A malformed file fails, naming the record and field, and changes nothing.
    """
    folder = operations.timeline_folder(data_dir, timeline_slug)
    label = "building" if db_path is None else "importing"
    done = operations.import_file(folder, file, source_slug, db_path, bar(label, quiet))
    timeline, eras = done.timeline, done.timeline.eras
    for warning in timeline.warnings:
        click.echo(f"warning: {warning}", err=True)
    and_eras = f" and {len(eras)} era{'' if len(eras) == 1 else 's'}" if eras else ""
    click.echo(
        f"imported {len(timeline.events)} events{and_eras} ({timeline.format}) from {file.name} "
        f"as source {done.source_slug!r}; {done.build.path} now holds {done.build.events} events"
    )


def _extract_failed(params: dict, error: Exception) -> str:
    return f"nothing added: {error}" if params.get("add") else str(error)


@main.command(failure=_extract_failed)
@click.argument("articles", nargs=-1, type=click.Path(exists=True, path_type=Path))
@published_option
@format_option
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
    help="The same as `timeline evaluate GOLD ARTICLE` (kept for scripts that use it).",
)
@click.option("--add", is_flag=True, help="Add the article and its proposals to db/.")
@click.option("--title", help="The article's title (with --add).")
@click.option("--outlet", help="Who published it (with --add).")
@click.option("--author", default="", help="Its author (with --add).")
@click.option("--url", default="", help="Where it was published (with --add).")
@click.option("--source-slug", help="The source's slug (default: from --title or file name).")
@numeric_dates_option
@archive_options
@quiet_option
@timeline_option
@data_option("The folder of curated data (topics.toml, extract.toml, sources/).")
@click.pass_context
def extract(ctx, articles: tuple[Path, ...], gold_path: Path | None, **options) -> None:
    """Propose every dated event ARTICLE states, each with the sentence stating it.

    ARTICLE is plain text (hard-wrapped or not), Markdown, an e-mail with its headers, or a
    saved web page (HTML): the format is told from the content, or given with --format.
    Prints the proposals in the format of db/events.toml, marked status = "proposed", for a
    person to review. --add files the article under db/sources/ and its proposals in
    db/extracted/; once accepted, `timeline build` puts them on the timeline.

    Give several files or folders to extract them all, on every core: the same happening
    reported by several articles becomes one proposal that cites each article's sentence.

    Give one JSON Lines archive (ARCHIVE.jsonl, an article a line) to select its articles with
    --match/--from/--to and extract them in partitions with --engine local or dask.
    """
    if gold_path is not None:
        shared = ("published", "format_name", "title", "numeric_dates", "timeline_slug", "data_dir")
        article = articles[0] if articles else None
        ctx.invoke(evaluate, gold=gold_path, article=article, **{k: options[k] for k in shared})
        return
    o = SimpleNamespace(**options)
    folder = operations.timeline_folder(o.data_dir, o.timeline_slug)
    vocabulary = operations.suggestions(folder)
    if operations.is_archive(articles):
        _extract_archive(articles[0], folder, vocabulary, o)
        return
    files = operations.article_files(articles)
    if not files:
        raise click.UsageError("give an ARTICLE file (or --evaluate FOLDER)")
    day_first = o.numeric_dates == "dmy"
    if len(files) > 1 or any(path.is_dir() for path in articles):
        with progress(len(files), "extracting", o.quiet, unit="articles") as advance:
            batch = operations.propose_many(
                files, o.published, vocabulary, day_first, o.format_name, advance
            )
        _many_proposed(folder, batch, o)
        return
    document = operations.read_article(files[0], o.format_name)
    slug = o.source_slug or operations.slug_of(o.title or files[0].stem)
    if not SLUG.fullmatch(slug):
        raise click.BadParameter(f"{slug!r} is not a slug", param_hint="--source-slug")
    proposals = operations.propose(document, o.published, vocabulary, day_first, o.title)
    if not o.add:
        output = operations.proposals_output([(slug, proposals)], o.as_json)
        write_output(output, o.out, len(proposals))
        return
    missing = [name for name, value in (("--title", o.title), ("--outlet", o.outlet)) if not value]
    if missing:
        raise click.UsageError(f"--add needs {' and '.join(missing)}")
    facts = dict(name=files[0].name, title=o.title, outlet=o.outlet, author=o.author, url=o.url)
    new = operations.new_source(slug, document, proposals, o.published, facts)
    written = operations.add_articles(folder, [new])
    click.echo(
        f"added source {slug!r} with {len(proposals)} proposed events: review "
        f"{written[-1]}, mark them accepted, then run `timeline build`"
    )


def _many_proposed(folder, batch, o: SimpleNamespace) -> None:
    """A batch's proposals printed, written to --out, or (--add) filed as new sources."""
    proposals = [proposal for article in batch for proposal in article.proposals]
    if o.add:
        if not o.outlet:
            raise click.UsageError("--add needs --outlet")
        operations.add_batch(folder, batch, o.published, o.outlet, o.author)
        click.echo(
            f"added {len(batch)} sources: review their proposals in db/extracted/, mark them "
            "accepted, then run `timeline build`"
        )
    else:
        pairs = [(article.slug, article.proposals) for article in batch]
        write_output(operations.proposals_output(pairs, o.as_json, True), o.out, len(proposals))
    if not o.quiet:
        merged = sum(1 for proposal in proposals if proposal.also)
        click.echo(
            f"{len(proposals)} proposed events from {len(batch)} articles; {merged} of them "
            "reported by more than one",
            err=True,
        )


def _extract_archive(archive: Path, folder, vocabulary, o) -> None:
    """A JSON Lines archive: its articles selected, then extracted in partitions (ingest side)."""
    outcome = operations.extract_archive_file(archive, folder, vocabulary, vars(o), progress)
    click.echo(outcome.output, nl=False)
    for message in outcome.messages:
        click.echo(message, err=True)


@main.command(failure="{error}")
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.argument("article", required=False, type=click.Path(exists=True, path_type=Path))
@published_option
@format_option
@click.option("--title", help="The article's title, if it does not carry one.")
@numeric_dates_option
@timeline_option
@data_option("The folder whose topics, places and actors the extractor may suggest.")
def evaluate(
    gold, article, published, format_name, title, numeric_dates, timeline_slug, data_dir
) -> None:
    """Score the extractor against GOLD, a gold list (JSON) of the events ARTICLE states.

    Prints precision, recall and F1 and names every missed and extra event. Give a folder of
    NAME.gold.json files beside their articles instead for a table of every file and the mean.
    """
    vocabulary = operations.suggestions(operations.timeline_folder(data_dir, timeline_slug))
    day_first = numeric_dates == "dmy"
    extraction = {"published": published, "format_name": format_name, "title": title}
    click.echo(operations.evaluate(gold, article, vocabulary, day_first=day_first, **extraction))


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
    folder, result = operations.start_timeline(
        operations.DataFolder(data_dir), slug, title, description
    )
    click.echo(
        f"started timeline {slug!r} in {folder.root} ({result.events} events): served at "
        f"/t/{slug}/ by `timeline serve`; add articles in the desk: "
        f"`timeline desk --timeline {slug}`"
    )


@main.command()
@data_option("The data folder whose articles to review.")
@timeline_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8100, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--allow-public",
    is_flag=True,
    help="Listen on an address other machines reach (the token is then all that protects it).",
)
@click.option("--public-url", default="http://127.0.0.1:8000", show_default=True,
              help="Where `timeline serve` shows the timelines, for the desk's links.")  # fmt: skip
def desk(data_dir: Path, timeline_slug: str | None, host: str, port: int, allow_public: bool,
         public_url: str):  # fmt: skip
    """Run the review desk: add articles, accept, edit or reject their proposals, publish.

    A local app, separate from the public server: it listens on 127.0.0.1 and asks for the
    secret token in the link it prints. One desk serves every timeline of the data folder
    (--timeline opens it on one). Publishing writes the curated files and rebuilds the
    timeline, which a running `timeline serve` shows from its next request.
    """
    from .desk.serving import serve_desk

    serve_desk(data_dir, timeline_slug, host, port, allow_public, public_url)


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
        db_path = operations.timeline_folder(DEFAULT_DATA, timeline_slug).database
    with progress(total, "generating", quiet) as advance:
        operations.generate_demo(total, seed, db_path, advance)
    click.echo(f"built {db_path}: {total:,} generated events (seed {seed})")


def _ready_to_serve(db_path: Path, data_dir: Path) -> None:
    """Build the folder's own database if missing or stale (the server only reads)."""
    result = operations.ready_to_serve(db_path, operations.DataFolder(data_dir))
    if result is not None and not result.unchanged:
        click.echo(f"built {result.path}: {result.events} events")


@main.command(failure=_build_failed)
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
    timelines = operations.DataFolder(data_dir).timelines
    os.environ.setdefault("TIMELINE_TIMELINES", str(timelines.resolve()))
    click.echo(f"serving {db_path} on http://{host}:{port}/")
    arguments = gunicorn_conf.command(
        f"{host}:{port}",
        "--workers", workers,
        "--max-requests", max_requests,
        "--max-requests-jitter", max_requests // 10,
        "--access-logfile", "-",
    )  # fmt: skip
    os.execv(sys.executable, arguments)


@main.command(failure=_build_failed)
@db_option
@data_option("The curated data to build from when the database is missing.", must_exist=False)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
def dev(db_path: Path, data_dir: Path, port: int) -> None:
    """Serve on 127.0.0.1 with Flask's reloading debug server, building the database if missing.

    For working on the code; `timeline serve` is the real server.
    """
    from . import create_site

    _ready_to_serve(db_path, data_dir)
    timelines = operations.DataFolder(data_dir).timelines
    app = create_site({"DATABASE": str(db_path.resolve()), "TIMELINES": str(timelines.resolve())})
    app.run(host="127.0.0.1", port=port, debug=True)
