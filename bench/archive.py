"""Benchmark of `timeline extract ARCHIVE.jsonl` on Reuters-21578 (a benchmark, not a test).

    python bench/reuters_jsonl.py /tmp/reuters/reuters21578-xml > /tmp/reuters.jsonl
    .venv/bin/python bench/archive.py /tmp/reuters.jsonl [--articles 400] [--out bench/archive.json]

Measures, each run bounded (the machine is shared: keep every run under ~30 s):

1. articles a second with --engine local (1 and 2 workers) and --engine dask (1 and 2 worker
   processes), on the archive's first ``--articles`` stories, and the scaling ratio 2:1;
2. peak memory of each worker process (its ``ru_maxrss``, from the run's summary), at two
   partition sizes, for the memory a worker needs per partition;
3. that every engine gives byte-identical proposals;
4. corroboration quality: the run on ``--match BankAmerica`` over the whole archive against the
   pairs listed by hand before any run (bench/archive_pairs.json): how many listed pairs it
   merged, and how many pairs it merged that are not listed (wrong merges).

Figures are noisy: six other engineers share the machine's two cores.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMELINE = ROOT / ".venv" / "bin" / "timeline"
PAIRS = ROOT / "bench" / "archive_pairs.json"
LIMIT = 120  # seconds: a run that hangs is killed, never waited for


def extract(archive: Path, out: Path, *options: str) -> dict:
    """One run of the command: wall seconds, its summary figures, its proposals."""
    started = time.monotonic()
    done = subprocess.run(
        [str(TIMELINE), "extract", str(archive), "--out", str(out), "--quiet", *options],
        capture_output=True,
        text=True,
        timeout=LIMIT,
        check=False,
    )
    seconds = time.monotonic() - started
    if done.returncode != 0 or "Traceback" in done.stderr:
        raise SystemExit(f"timeline extract {' '.join(options)} failed:\n{done.stderr}")
    summary = done.stderr
    workers = [
        {"articles": int(articles.replace(",", "")), "cpu_s": float(cpu), "peak_mb": int(peak)}
        for articles, cpu, peak in re.findall(
            r"worker \S+: ([\d,]+) articles.*?\(([\d.]+) s CPU\), peak memory (\d+) MB", summary
        )
    ]
    articles = int(re.search(r"([\d,]+) articles extracted", summary).group(1).replace(",", ""))
    return {
        "options": " ".join(options),
        "seconds": round(seconds, 2),
        "articles": articles,
        "articles_per_s": round(articles / seconds, 1),
        # Work, apart from waiting for a core on a shared machine: CPU seconds an article.
        "cpu_ms_per_article": round(1000 * sum(w["cpu_s"] for w in workers) / articles, 1),
        "workers": workers,
        "summary": summary.strip().splitlines()[-len(workers) - 3 :],
        "proposals": out.read_text(encoding="utf-8"),
    }


def speed(archive: Path, count: int, folder: Path) -> dict:
    sample = folder / "sample.jsonl"
    with archive.open(encoding="utf-8") as lines, sample.open("w", encoding="utf-8") as out:
        for _, line in zip(range(count), lines, strict=False):
            out.write(line)
    runs = {}
    for name, options in {
        "local-1": ("--engine", "local", "--workers", "1"),
        "local-2": ("--engine", "local", "--workers", "2"),
        "dask-1": ("--engine", "dask", "--workers", "1"),
        "dask-2": ("--engine", "dask", "--workers", "2"),
    }.items():
        runs[name] = extract(sample, folder / f"{name}.toml", *options, "--partition-size", "25")
        print(f"{name}: {runs[name]['articles_per_s']} articles/s", file=sys.stderr)
    same = len({run["proposals"] for run in runs.values()}) == 1
    memory = {}
    for size in (10, 100):
        run = extract(sample, folder / f"memory-{size}.toml", "--engine", "dask", "--workers", "2",
                      "--partition-size", str(size))  # fmt: skip
        memory[size] = max(worker["peak_mb"] for worker in run["workers"])
    for run in runs.values():
        del run["proposals"]
    return {
        "articles": count,
        "runs": runs,
        "same_proposals": same,
        "scaling_local": round(
            runs["local-2"]["articles_per_s"] / runs["local-1"]["articles_per_s"], 2
        ),
        "scaling_dask": round(
            runs["dask-2"]["articles_per_s"] / runs["dask-1"]["articles_per_s"], 2
        ),
        "peak_mb_per_worker_by_partition_size": memory,
    }


def corroboration(archive: Path, folder: Path) -> dict:
    """The merges of the BankAmerica run against the pairs listed by hand."""
    listed = json.loads(PAIRS.read_text(encoding="utf-8"))
    out = folder / "bankamerica.toml"
    run = extract(archive, out, "--match", listed["match"], "--engine", "local")
    newid = newids(archive, listed["match"])
    import tomllib

    # An event kept with the reports merged into it: every two of its sources are a pair merged.
    merged: dict[frozenset, list] = {}
    for event in tomllib.loads(out.read_text(encoding="utf-8"))["events"]:
        group = [(event["source"], event["quote"])]
        group += [(also["source"], also["quote"]) for also in event.get("also", [])]
        for at, (first, quote) in enumerate(group):
            for second, other in group[at + 1 :]:
                pair = frozenset((newid[first], newid[second]))
                merged.setdefault(pair, []).append((event["start"], quote[:100], other[:100]))
    truth = {frozenset((pair["a"], pair["b"])) for pair in listed["pairs"]}
    right = sorted(tuple(sorted(pair)) for pair in merged if pair in truth)
    wrong = sorted(tuple(sorted(pair)) for pair in merged if pair not in truth)
    return {
        "articles": run["articles"],
        "listed_pairs": len(truth),
        "merged_pairs": len(merged),
        "listed_and_merged": len(right),
        "merged_not_listed": len(wrong),
        "recall": round(len(right) / len(truth), 2),
        "precision": round(len(right) / len(merged), 2) if merged else None,
        "right": [list(pair) for pair in right],
        "wrong": {f"{a}-{b}": merged[frozenset((a, b))] for a, b in wrong},
        "missed": sorted(tuple(sorted(pair)) for pair in truth if pair not in merged),
    }


def newids(archive: Path, match: str) -> dict[str, int]:
    """Each selected story's source slug (as the run names it) to its Reuters NEWID."""
    sys.path.insert(0, str(ROOT))
    from webapp.ingest.archive import Selection, Tally, partitions, read_archive

    found = partitions(read_archive(archive), Selection.of(match, None, None), 100, Tally(), set())
    return {a.slug: int(a.url.rsplit("=", 1)[1]) for part in found for a in part.articles}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "archive.json")
    parser.add_argument("--only", choices=("speed", "corroboration"))
    arguments = parser.parse_args()
    results = json.loads(arguments.out.read_text()) if arguments.out.exists() else {}
    with tempfile.TemporaryDirectory() as folder:
        if arguments.only != "corroboration":
            results["speed"] = speed(arguments.archive, arguments.articles, Path(folder))
            print(json.dumps({k: v for k, v in results["speed"].items() if k != "runs"}, indent=1))
        if arguments.only != "speed":
            results["corroboration"] = corroboration(arguments.archive, Path(folder))
            shown = {k: v for k, v in results["corroboration"].items() if k != "wrong"}
            print(json.dumps(shown, indent=1))
    arguments.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
