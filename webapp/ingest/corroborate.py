"""Many articles at once: each extracted on its own core, then the same happening reported by
several of them merged into one event that cites every quote.

Two proposals from different articles are the same happening when they have the same dates and
their sentences share enough content words (names, nouns, verbs; not "the" or "said"). Within one
article nothing is merged: an article that states a thing twice is the reviewer's to judge.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from ..dates import PartialDate
from .documents import Document, read_document
from .extract import Proposal, Vocabulary, extract_document

# Two sentences report one happening when they share this many content words, or this share of
# the smaller sentence's.
SHARED_WORDS = 4
SHARED_SHARE = 0.5
_STOP = frozenset(
    re.findall(
        r"\w+",
        """the a an and or but of in on at to by for from with as is are was were be been has
        have had it its this that these those he she they we you his her their our said says
        told also will would could should after before over under into than then there which
        who whom what when where while about against between during since until not no""",
    )
)


@dataclass
class Article:
    """One file of a batch, read and extracted."""

    path: Path
    slug: str
    document: Document
    proposals: list[Proposal]


def _extract_one(job: tuple[Path, str, str | None, PartialDate | None, Vocabulary, bool]):
    path, slug, format_name, published, vocabulary, day_first = job
    document = read_document(path.read_text(encoding="utf-8"), path.name, format_name)
    return Article(
        path, slug, document, extract_document(document, published, vocabulary, day_first)
    )


def extract_many(
    jobs: list[tuple[Path, str, str | None, PartialDate | None, Vocabulary, bool]],
    on_done: Callable[[int], None] = lambda done: None,
    workers: int | None = None,
) -> list[Article]:
    """Every job's article, extracted on every core (in the jobs' order)."""
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    with ProcessPoolExecutor(max_workers=workers) if workers > 1 else nullcontext() as pool:
        mapped = (
            pool.map(_extract_one, jobs, chunksize=max(1, len(jobs) // (8 * workers)))
            if pool is not None
            else map(_extract_one, jobs)
        )
        results = []
        for article in mapped:
            results.append(article)
            on_done(1)
        return results


def content_words(text: str) -> set[str]:
    """The words that say what a sentence is about, lower-cased, a plural's "s" dropped."""
    words = re.findall(r"[a-z][a-z'’-]{2,}|\d{3,}", text.lower())
    return {word.rstrip("s") if len(word) > 4 else word for word in words if word not in _STOP}


def same_happening(first: Proposal, second: Proposal) -> bool:
    if (first.start, first.end) != (second.start, second.end):
        return False
    a, b = content_words(first.phrase or first.quote), content_words(second.phrase or second.quote)
    return enough_shared(a, b)


def enough_shared(a: set[str], b: set[str]) -> bool:
    """Whether two sentences' content words overlap enough to tell of one happening."""
    shared = len(a & b)
    return shared >= SHARED_WORDS or bool(
        min(len(a), len(b)) and shared / min(len(a), len(b)) >= SHARED_SHARE and shared >= 2
    )


def corroborate(articles: list[Article]) -> None:
    """The same happening in several articles kept once: the first article (in the given order)
    keeps its proposal, which cites the others' quotes in ``also``; theirs are dropped. An
    article's own publication (its dateline) is never merged."""
    by_date: dict[tuple, list[tuple[str, Proposal]]] = {}
    for article in articles:
        kept = []
        for proposal in article.proposals:
            key = (proposal.start, proposal.end)
            match = None
            if proposal.kind != "dateline":
                match = next(
                    (
                        first
                        for source, first in by_date.get(key, [])
                        if source != article.slug
                        and all(slug != article.slug for slug, _ in first.also)
                        and same_happening(first, proposal)
                    ),
                    None,
                )
            if match is None:
                kept.append(proposal)
                by_date.setdefault(key, []).append((article.slug, proposal))
            else:
                match.also.append((article.slug, proposal))
        article.proposals = kept
