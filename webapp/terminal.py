"""The command line's machinery: the options commands share, the one catch of input errors,
progress bars. The commands themselves are in ``webapp/cli.py``."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import click

from .dates import DateError, PartialDate
from .errors import InputError
from .ingest.operations import ENGINES, FORMATS, PARTITION_SIZE, DataFolder, UnknownTimeline
from .settings import default_data_dir
from .store.connection import DatabaseOutdated

DEFAULT_DATA = default_data_dir()
DEFAULT_DB = DEFAULT_DATA / "timeline.db"


class Command(click.Command):
    """A command that turns the input errors of its operation into one clean message.

    ``failure`` words the message: a format string with ``{error}`` (and the command's
    parameters), or a function of the parameters and the error.
    """

    def __init__(self, *args, failure: str | Callable[[dict, Exception], str] = "{error}", **kw):
        super().__init__(*args, **kw)
        self.failure = failure

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UnknownTimeline as error:
            raise click.BadParameter(str(error), param_hint="--timeline") from error
        except (InputError, DatabaseOutdated) as error:
            raise click.ClickException(self._message(ctx.params, error)) from error

    def _message(self, params: dict, error: Exception) -> str:
        if callable(self.failure):
            return self.failure(params, error)
        return self.failure.format(**params, error=error)


class Group(click.Group):
    command_class = Command


timeline_option = click.option(
    "--timeline",
    "timeline_slug",
    help="Work on this timeline (timelines/SLUG/ in the data folder, started by `timeline new`) "
    "rather than the default one.",
)
db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="The SQLite database file to write or serve.",
)
quiet_option = click.option(
    "--quiet", is_flag=True, help="No progress bar, even on a terminal (there is none otherwise)."
)


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


def bar(label: str, quiet: bool):
    """A progress factory for the build code: a bar on a terminal, nothing otherwise."""
    return lambda total: progress(total, label, quiet)


def day(context, parameter, value: str | None) -> PartialDate | None:
    if value is None:
        return None
    try:
        date = PartialDate.parse(value)
    except DateError as error:
        raise click.BadParameter(str(error)) from error
    if date.precision != "day":
        raise click.BadParameter("give the full date, YYYY-MM-DD")
    return date


published_option = click.option(
    "--published", callback=day, help="Publication date YYYY-MM-DD (default: the dateline)."
)
format_option = click.option(
    "--format",
    "format_name",
    type=click.Choice(FORMATS),
    help="How ARTICLE is written (default: told from its content).",
)
numeric_dates_option = click.option(
    "--numeric-dates",
    type=click.Choice(["dmy", "mdy"]),
    default="dmy",
    show_default=True,
    help="How the outlet writes 03/04/2021 when nothing in the sentence settles it.",
)


@contextmanager
def progress(total: int, label: str, quiet: bool, unit: str = "events"):
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


def write_output(output: str, out: Path | None, count: int) -> None:
    """Proposals on standard output, or in the file --out names."""
    if out is None:
        click.echo(output, nl=False)
    else:
        out.write_text(output, encoding="utf-8")
        click.echo(f"wrote {count} proposed events to {out}", err=True)


def archive_options(command):
    """The options only a JSON Lines archive takes (`timeline extract ARCHIVE.jsonl`)."""
    for option in reversed(_ARCHIVE_OPTIONS):
        command = option(command)
    return command


_ARCHIVE_OPTIONS = (
    click.option(
        "--engine",
        type=click.Choice(ENGINES),
        default="local",
        show_default=True,
        help="ARCHIVE.jsonl: extract on this machine's cores, or on Dask (docs/archive.md).",
    ),
    click.option(
        "--scheduler",
        help="ARCHIVE.jsonl: the Dask scheduler's address (tcp://HOST:8786); default: a "
        "local cluster.",
    ),
    click.option(
        "--workers",
        type=click.IntRange(min=1),
        help="ARCHIVE.jsonl: worker processes (default: one per core).",
    ),
    click.option("--match", help="ARCHIVE.jsonl: only articles with every one of these words."),
    click.option("--from", "from_day", callback=day, help="ARCHIVE.jsonl: published on or after."),
    click.option("--to", "to_day", callback=day, help="ARCHIVE.jsonl: published on or before."),
    click.option(
        "--partition-size",
        type=click.IntRange(min=1),
        default=PARTITION_SIZE,
        show_default=True,
        help="ARCHIVE.jsonl: articles per partition.",
    ),
)


def database_option_value(folder: DataFolder, db_path: Path | None, timeline: str | None):
    """The database a command writes: --db, or with --timeline that timeline's own."""
    return folder.database if timeline is not None and db_path in (None, DEFAULT_DB) else db_path
