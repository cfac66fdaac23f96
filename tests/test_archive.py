"""An archive in, a timeline out: `timeline extract ARCHIVE.jsonl` on real Reuters stories, with
the local engine and on a Dask cluster of two worker processes.

The archive is tests/archive/reuters-bankamerica.jsonl: 19 Reuters-21578 stories of 1987 about
BankAmerica (see tests/archive/README.md), several reporting the same happenings.
"""

from __future__ import annotations

import copy
import json
import os
import signal
import threading
import time
import tomllib
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from webapp.cli import main
from webapp.ingest.archive import Selection, Tally, partitions, read_archive
from webapp.ingest.archive_run import ArchiveRun, Extracted, corroborate_archive, extract_archive
from webapp.ingest.blocking import Evidence
from webapp.ingest.corroborate import Article, corroborate
from webapp.ingest.documents import read_document
from webapp.ingest.engines import LocalEngine
from webapp.ingest.extract import Vocabulary, extract_document

ARCHIVE = Path(__file__).parent / "archive" / "reuters-bankamerica.jsonl"
STORIES = ARCHIVE.read_text(encoding="utf-8").splitlines(keepends=True)

# pytest turns warnings into errors. The Dask tests run clean without any filter: the clusters
# are started with no dashboard (which would warn of a port in use) and their logs silenced, and
# a worker killed on purpose only logs. Should a distributed warning appear, filter it here, by
# its message and module, never in pyproject.toml.


def run(*arguments: str):
    return CliRunner().invoke(main, ["extract", *arguments], catch_exceptions=False)


def with_bad_lines(tmp_path: Path) -> Path:
    """The archive with four bad lines among the stories (lines 3, 6, 9 and 12)."""
    bad = [
        b'{"text": "unfinished\n',
        b"[1, 2, 3]\n",
        b'{"title": "no text", "text": ""}\n',
        b'{"text": "A story.", "published": "26 March 1987"}\n',
    ]
    lines = [line.encode() for line in STORIES]
    for at, line in zip((2, 5, 8, 11), bad, strict=True):
        lines.insert(at, line)
    path = tmp_path / "archive.jsonl"
    path.write_bytes(b"".join(lines))
    return path


def events(toml_text: str) -> list[dict]:
    return tomllib.loads(toml_text)["events"]


# --- Reading and selecting ------------------------------------------------------------------


def test_a_malformed_line_is_reported_by_its_number_and_the_run_goes_on(tmp_path):
    result = run(str(with_bad_lines(tmp_path)), "--partition-size", "5")
    assert result.exit_code == 0
    assert "line 3: not JSON" in result.stderr
    assert "line 6: not a JSON object; skipped" in result.stderr
    assert 'line 9: no "text"; skipped' in result.stderr
    assert "line 12: \"published\": '26 March 1987' is not a day" in result.stderr
    assert "read 19 articles (23 lines, 4 skipped)" in result.stderr
    assert {event["source"] for event in events(result.stdout)} >= {
        "moody-s-downgrades-bankamerica-bac"
    }
    assert "Traceback" not in result.output


def test_match_and_dates_pick_the_articles_before_extracting():
    result = run(str(ARCHIVE), "--match", "nonaccrual", "--from", "1987-04-01")
    assert result.exit_code == 0
    assert "read 19 articles" in result.stderr and "2 matched" in result.stderr
    # Any case, whole words: 12280's headline shouts "NONACCRUAL"; 12292 writes "non-accrual".
    assert selected("nonaccrual", "1987-04-01", None) == [
        "bankamerica-corp-says-it-places-1-9-billion-dlrs-of-brazilia",
        "morgan-jpm-places-brazil-loans-on-nonaccrual",
    ]
    speech = run(str(ARCHIVE), "--match", "A.W. Clausen", "--to", "1987-03-31")
    assert "3 matched" in speech.stderr  # the three reports of his speech of 16 March
    assert {event["source"] for event in events(speech.stdout)} == {
        "bankamerica-bac-chair-says-bank-turning-around",
        "bankamerica-bac-says-it-will-make-debt-offer",
        "bankamerica-bac-chief-sees-brazil-solution",
    }


def selected(words: str, start: str | None, end: str | None) -> list[str]:
    dates = [read_day(day) if day else None for day in (start, end)]
    found = partitions(read_archive(ARCHIVE), Selection.of(words, *dates), 100, Tally(), set())
    return [article.slug for part in found for article in part.articles]


def test_a_date_range_leaves_out_articles_without_a_date():
    selection = Selection.of("", None, None)
    tally = Tally()
    taken: set[str] = set()
    parts = list(partitions(read_archive(ARCHIVE), selection, 7, tally, taken))
    assert [len(part.articles) for part in parts] == [7, 7, 5]
    assert len(taken) == 19  # every story its own source slug
    march = Selection.of("", *(read_day(d) for d in ("1987-03-01", "1987-03-31")))
    assert sum(march.keeps(a) for part in parts for a in part.articles) == 12
    undated = copy.copy(parts[0].articles[0])
    undated.published = None
    assert not march.keeps(undated) and selection.keeps(undated)


def read_day(text):
    from webapp.dates import PartialDate

    return PartialDate.parse(text)


# --- Corroboration ---------------------------------------------------------------------------


def test_blocked_corroboration_merges_exactly_what_comparing_all_pairs_merges():
    """The archive's corroboration (blocked by date and word, in date buckets on an engine)
    against corroborate.corroborate, which compares each proposal with every kept one of its
    date: the same events kept, citing the same quotes in the same order."""
    vocabulary = Vocabulary()
    articles = []
    for item in read_archive(ARCHIVE):
        document = read_document(item.text, "story.txt", item.format)
        proposals = extract_document(document, item.published, vocabulary, True, item.title)
        item.slug = f"story-{item.line}"
        articles.append((item, proposals))
    everyone = [Article(Path(i.slug), i.slug, None, copy.deepcopy(p)) for i, p in articles]
    corroborate(everyone)
    blocked = [Extracted(i, i.text, i.title, i.published, copy.deepcopy(p)) for i, p in articles]
    engine = LocalEngine(1)
    corroborated, reports = corroborate_archive(blocked, engine, Evidence())

    def shape(slug, proposals):
        return [(slug, p.quote, [(s, o.quote) for s, o in p.also]) for p in proposals]

    expected = [row for a in everyone for row in shape(a.slug, a.proposals)]
    assert [row for b in blocked for row in shape(b.article.slug, b.proposals)] == expected
    assert corroborated == sum(1 for row in expected if row[2]) > 3
    assert reports == sum(len(row[2]) for row in expected)


def test_the_same_story_twice_is_one_set_of_events_citing_both():
    result = run(str(ARCHIVE), "--match", "Arthur Miller")  # NEWIDs 4 and 16, the same story
    first, second = (
        "talking-point-bankamerica-bac-equity-offer",
        "economic-spotlight-bankamerica-bac",
    )
    records = events(result.stdout)
    # Each story's own publication stays its own (a dateline is never merged); every other
    # event of the first cites the second, and the second keeps nothing else of its own.
    published = [r for r in records if r["title"].startswith("Reuters publishes “")]
    assert {r["source"] for r in published} == {first, second} and len(published) == 2
    kept = [r for r in records if r["source"] == first and r not in published]
    assert len(kept) > 10
    assert all([also["source"] for also in r["also"]] == [second] for r in kept)
    assert [r for r in records if r["source"] == second] == [
        r for r in published if r["source"] == second
    ]


# --- Into a timeline -------------------------------------------------------------------------


def test_add_files_each_article_as_a_source_with_its_proposals_and_the_timeline_builds(data_dir):
    made = CliRunner().invoke(
        main, ["new", "bank", "--title", "BankAmerica", "--data", str(data_dir)]
    )
    assert made.exit_code == 0, made.output
    result = run(str(ARCHIVE), "--timeline", "bank", "--add", "--data", str(data_dir))
    assert result.exit_code == 0, result.output
    folder = data_dir / "timelines" / "bank"
    assert "added 19 sources" in result.stderr
    meta = tomllib.loads(
        (folder / "sources" / "moody-s-downgrades-bankamerica-bac.toml").read_text()
    )
    assert meta["outlet"] == "Reuters" and meta["published"] == "1987-03-26"
    assert meta["url"].endswith("reut2-010.xml#NEWID=10117")
    cited = [
        also
        for path in (folder / "extracted").glob("*.toml")
        for record in events(path.read_text())
        for also in record.get("also", [])
    ]
    assert cited and all((folder / "sources" / f"{also['source']}.txt").exists() for also in cited)
    built = CliRunner().invoke(main, ["build", "--timeline", "bank", "--data", str(data_dir)])
    assert built.exit_code == 0, built.output
    again = run(str(ARCHIVE), "--timeline", "bank", "--add", "--data", str(data_dir))
    assert again.exit_code == 0  # the same stories again are new sources, numbered
    assert (folder / "sources" / "moody-s-downgrades-bankamerica-bac-2.toml").exists()


# --- Resuming --------------------------------------------------------------------------------


class Interrupted(Exception):
    pass


@contextmanager
def stop_after(partitions_done: int):
    calls = []

    def advance(lines: int) -> None:
        calls.append(lines)
        if len(calls) == partitions_done:
            raise Interrupted

    yield advance


def test_an_interrupted_run_resumes_from_the_partitions_written(tmp_path):
    archive = tmp_path / "archive.jsonl"
    archive.write_text("".join(STORIES))
    run_options = ArchiveRun(archive, tmp_path, partition_size=4, workers=1)
    with pytest.raises(Interrupted):
        extract_archive(run_options, Vocabulary(), lambda *a, **k: stop_after(2))
    parts = sorted(p.name for p in (tmp_path / "archive.jsonl.parts").iterdir())
    assert parts == ["part-000000.json", "part-000001.json", "run.json"]
    # A partition half written by a crash is never taken for done: writes are atomic, and a
    # damaged file is extracted again.
    (tmp_path / "archive.jsonl.parts" / "part-000001.json").write_text('{"index": 1, "arti')
    resumed = extract_archive(run_options, Vocabulary(), lambda *a, **k: stop_after(0))
    assert "resumed: 1 partitions were done by an earlier run" in resumed.messages
    assert not (tmp_path / "archive.jsonl.parts").exists()  # a finished run leaves none
    fresh = extract_archive(run_options, Vocabulary(), lambda *a, **k: stop_after(0))
    assert resumed.output == fresh.output
    assert not any("resumed" in message for message in fresh.messages)


# --- On Dask ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_dask_gives_the_same_proposals_as_the_local_engine_in_the_same_order(tmp_path):
    archive = with_bad_lines(tmp_path)
    local = run(str(archive), "--partition-size", "3")
    dask = run(str(archive), "--engine", "dask", "--workers", "2", "--partition-size", "3")
    assert dask.exit_code == 0 and local.exit_code == 0
    assert dask.stdout == local.stdout and len(events(dask.stdout)) > 50
    assert "engine dask with 2 workers" in dask.stderr
    assert len([line for line in dask.stderr.splitlines() if line.startswith("  worker ")]) == 2
    assert "line 6: not a JSON object; skipped" in dask.stderr
    assert "Traceback" not in dask.output and "distributed." not in dask.output


@pytest.fixture
def cluster():
    """A cluster of two worker processes, each under a nanny that restarts it if it dies."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=50,
        ) as local,
        Client(local) as client,
    ):
        yield local, client


def kill_a_busy_worker(client, killed: list[int]) -> None:
    """SIGKILL the first worker process seen running a task, as a machine lost would be."""
    pids = client.run(os.getpid)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        busy = [address for address, tasks in client.processing().items() if tasks]
        if busy:
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(pids[busy[0]])
            return
        time.sleep(0.01)


@pytest.mark.slow
def test_a_killed_workers_partition_is_retried_and_nothing_is_lost(tmp_path, cluster):
    local_cluster, client = cluster
    archive = tmp_path / "archive.jsonl"
    archive.write_text("".join(STORIES))
    expected = run(str(archive))  # one partition: the proposals do not depend on the partitioning
    killed: list[int] = []
    killer = threading.Thread(target=kill_a_busy_worker, args=(client, killed))
    killer.start()
    result = run(str(archive), "--engine", "dask", "--scheduler", local_cluster.scheduler_address,
                 "--partition-size", "1")  # fmt: skip
    killer.join()
    assert killed, "no worker was seen busy"
    assert result.exit_code == 0
    assert result.stdout == expected.stdout  # every partition, once, in the archive's order
    assert "read 19 articles" in result.stderr
    per_worker = [line for line in result.stderr.splitlines() if line.startswith("  worker ")]
    assert sum(int(line.split(": ")[1].split()[0]) for line in per_worker) == 19


def test_an_unreachable_scheduler_is_a_clear_message_not_a_traceback(tmp_path):
    result = CliRunner().invoke(
        main, ["extract", str(ARCHIVE), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output
    local = run(str(ARCHIVE), "--scheduler", "tcp://127.0.0.1:9")
    assert local.exit_code != 0 and "--scheduler is for --engine dask" in local.output


def test_json_lines_with_a_web_page_are_read_as_their_format(tmp_path):
    page = (
        "<!doctype html><html><head><title>Plant closes</title>"
        '<meta property="article:published_time" content="1987-03-26"></head><body><article>'
        "<p>The Lordstown plant closed on 2 March 1987, the company said in a statement issued "
        "to every one of its workers that morning.</p></article></body></html>"
    )
    archive = tmp_path / "pages.jsonl"
    archive.write_text(
        json.dumps(
            {
                "text": page,
                "title": "Plant closes",
                "format": "html",
                "outlet": "Gazette",
                "published": "1987-03-26",
            }
        )
        + "\n"
    )
    result = run(str(archive))
    assert result.exit_code == 0, result.output
    quotes = [record["quote"] for record in events(result.stdout)]
    assert any(quote.startswith("The Lordstown plant closed on 2 March 1987") for quote in quotes)
    assert not any("<p>" in quote for quote in quotes)


def test_options_for_one_article_are_refused_not_ignored():
    result = run(str(ARCHIVE), "--title", "Everything")
    assert result.exit_code == 1
    assert "--title is for one article: an archive's lines carry their own" in result.output


def test_a_parts_folder_that_cannot_be_made_is_a_message_not_a_traceback(tmp_path):
    archive = tmp_path / "archive.jsonl"
    archive.write_text("".join(STORIES[:2]))
    (tmp_path / "archive.jsonl.parts").write_text("a file where the parts folder would go")
    result = CliRunner().invoke(main, ["extract", str(archive)])
    assert result.exit_code == 1 and "cannot go on" in result.output
    assert "archive.jsonl.parts" in result.output and "Traceback" not in result.output
    unreadable = CliRunner().invoke(main, ["extract", str(tmp_path / "missing.jsonl")])
    assert unreadable.exit_code == 2 and "does not exist" in unreadable.output


def test_the_progress_runs_over_the_archive_lines_as_partitions_finish(tmp_path):
    archive = with_bad_lines(tmp_path)
    seen: dict = {"advanced": []}

    @contextmanager
    def progress(total, label, quiet, unit):
        seen.update(total=total, label=label, unit=unit)
        yield seen["advanced"].append

    extract_archive(
        ArchiveRun(archive, tmp_path, partition_size=4, workers=2), Vocabulary(), progress
    )
    assert seen["total"] == 23 and seen["unit"] == "articles"
    assert len(seen["advanced"]) == 5  # 19 stories in partitions of 4
    assert sum(seen["advanced"]) == 23  # every line accounted for, the bad ones too


def test_a_runaway_line_is_skipped_unread(tmp_path, monkeypatch):
    monkeypatch.setattr("webapp.ingest.archive.LONGEST_LINE", 2 << 20)
    archive = tmp_path / "archive.jsonl"
    runaway = b'{"text": "' + b"x" * (5 << 20) + b'"}\n'
    archive.write_bytes(STORIES[0].encode() + runaway + STORIES[1].encode())
    items = list(read_archive(archive))
    assert [type(item).__name__ for item in items] == [
        "ArchiveArticle",
        "LineProblem",
        "ArchiveArticle",
    ]
    assert str(items[1]) == "line 2: longer than 2 MB; skipped"
    assert items[2].line == 3 and items[2].title == "ECONOMIC SPOTLIGHT - BANKAMERICA <BAC>"


def test_json_output_cites_the_other_reports_as_the_api_does():
    result = run(str(ARCHIVE), "--match", "Arthur Miller", "--json")
    body = json.loads(result.stdout)
    cited = [event for event in body if event["also_reported_by"]]
    assert cited and all(event["status"] == "proposed" for event in body)
    assert {c["source"] for e in cited for c in e["also_reported_by"]} == {
        "economic-spotlight-bankamerica-bac"
    }


def test_an_undated_article_is_named_by_its_line_and_not_added(data_dir, tmp_path):
    archive = tmp_path / "archive.jsonl"
    undated = json.dumps({"text": "The board met and said nothing new.", "title": "No date"})
    archive.write_text(STORIES[0] + undated + "\n")
    result = run(str(archive), "--add", "--data", str(data_dir))
    assert result.exit_code == 0
    assert 'line 2: no publication date ("published" or a dateline); skipped' in result.stderr
    assert "added 1 sources" in result.stderr
    assert not (data_dir / "sources" / "no-date.toml").exists()
