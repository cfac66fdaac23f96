"""How well the extractor does on an article, against a hand-made list of its dated events.

A gold event is ``{"start": "2021-08", "quote": "…", "end": …, "title": …}`` (``precision``
may be given; it must agree with ``start``). A proposal matches a gold event when it has the
same start and precision and its quote overlaps the gold quote in the article; each proposal
matches at most one gold event.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..date_forms import edtf_of
from ..dates import DateError, PartialDate
from .documents import read_document
from .extract import Proposal, extract_document
from .quote_locator import locate


class GoldError(ValueError):
    """A gold list that cannot be read: the message says which entry and why."""


@dataclass(frozen=True)
class GoldEvent:
    start: PartialDate
    quote_start: int
    quote_end: int
    title: str
    edtf: str | None = None  # the date as EDTF, in gold lists written since it was modelled


@dataclass
class Score:
    matched: list[tuple[GoldEvent, Proposal]] = field(default_factory=list)
    missed: list[GoldEvent] = field(default_factory=list)
    extra: list[Proposal] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = len(self.matched) + len(self.extra)
        return len(self.matched) / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = len(self.matched) + len(self.missed)
        return len(self.matched) / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def read_gold(path: Path) -> tuple[list, PartialDate | None]:
    """The raw gold entries at ``path`` and the publication date it gives, if any: a gold file
    is a list of events, or ``{"published": "YYYY-MM-DD", "events": [...]}``."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise GoldError(f"{path}: {error}") from error
    published = None
    if isinstance(document, dict):
        try:
            published = (
                PartialDate.parse(document["published"]) if document.get("published") else None
            )
        except DateError as error:
            raise GoldError(f"{path}: published: {error}") from error
        document = document.get("events")
    if not isinstance(document, list):
        raise GoldError(f"{path}: expected a JSON list of events")
    return document, published


def load_gold(path: Path, text: str) -> list[GoldEvent]:
    """The gold list at ``path``, its quotes located in the article ``text``."""
    return located_gold(read_gold(path)[0], text, path)


def located_gold(entries: list, text: str, path: Path) -> list[GoldEvent]:
    """Gold entries (read from ``path``) with their quotes located in the article ``text``."""
    gold = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: event #{number}"
        try:
            start = PartialDate.parse(entry["start"])
            quote_start, quote_end = locate(entry["quote"], text)
        except (KeyError, TypeError) as error:
            raise GoldError(f"{where}: needs 'start' and 'quote'") from error
        except DateError as error:
            raise GoldError(f"{where}: {error}") from error
        except LookupError as error:
            raise GoldError(f"{where}: quote not in the article: {entry['quote']!r}") from error
        if entry.get("precision", start.precision) != start.precision:
            raise GoldError(f"{where}: precision {entry['precision']!r} but start {start.iso}")
        gold.append(
            GoldEvent(start, quote_start, quote_end, entry.get("title", ""), entry.get("edtf"))
        )
    return gold


def score(proposals: list[Proposal], gold: list[GoldEvent]) -> Score:
    result, unused = Score(), list(proposals)
    for event in gold:
        match = next((p for p in unused if _matches(p, event)), None)
        if match is None:
            result.missed.append(event)
        else:
            unused.remove(match)
            result.matched.append((event, match))
    result.extra = unused
    return result


def _matches(proposal: Proposal, event: GoldEvent) -> bool:
    overlap = proposal.quote_start < event.quote_end and event.quote_start < proposal.quote_end
    return _same_date(proposal, event) and overlap


def _same_date(proposal: Proposal, event: GoldEvent) -> bool:
    """The same EDTF when the gold gives one; else the same start (the same parts, so the same
    precision too). A gold list written before seasons and quarters were modelled dates "the
    fall of 2009" to its year: a proposal of that season matches it."""
    if event.edtf is not None:
        proposed = proposal.edtf or edtf_of(proposal.start, proposal.end, proposal.open_ended)
        return proposed == event.edtf
    if proposal.start == event.start:
        return True
    return bool(
        proposal.edtf
        and event.start.precision == "year"
        and re.fullmatch(r"-?\d{4}-(2[1-9]|3\d|4[01])[~?%]?", proposal.edtf)
        and proposal.start.year == event.start.year
    )


def report(result: Score, text: str) -> str:
    """Precision, recall and F1, then every miss and every proposal not in the gold list."""
    lines = [
        f"precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f}",
        f"{len(result.matched)} matched, {len(result.missed)} missed, "
        f"{len(result.extra)} proposed but not in the gold list",
    ]
    for event in result.missed:
        quote = text[event.quote_start : event.quote_end]
        lines.append(f"missed: {event.start.iso}  {_excerpt(quote)}")
    for proposal in result.extra:
        lines.append(f"not in gold: {proposal.start.iso}  {_excerpt(proposal.quote)}")
    return "\n".join(lines)


def _excerpt(quote: str, length: int = 90) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= length else quote[: length - 1] + "…"


@dataclass
class FileScore:
    name: str
    format: str
    score: Score


ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".eml", ".html", ".htm")


def gold_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """Each ``NAME.gold.json`` in ``folder`` with its article ``NAME.<txt|md|eml|html>``."""
    pairs = []
    for gold in sorted(Path(folder).glob("*.gold.json")):
        stem = gold.name.removesuffix(".gold.json")
        article = next(
            (gold.with_name(stem + suffix) for suffix in ARTICLE_SUFFIXES
             if gold.with_name(stem + suffix).exists()),
            None,
        )  # fmt: skip
        if article is None:
            raise GoldError(f"{gold}: no article {stem}.txt (or .md, .eml, .html) beside it")
        pairs.append((article, gold))
    if not pairs:
        raise GoldError(f"{folder}: no NAME.gold.json files")
    return pairs


def evaluate_folder(folder: Path, vocabulary=None) -> list[FileScore]:
    """Every article of ``folder`` extracted and scored against its gold list."""
    rows = []
    for article, gold_path in gold_pairs(folder):
        document = read_document(article.read_text(encoding="utf-8"), article.name)
        entries, published = read_gold(gold_path)
        proposals = extract_document(document, published, vocabulary)
        gold = located_gold(entries, document.text, gold_path)
        rows.append(FileScore(article.name, document.format, score(proposals, gold)))
    return rows


def table(rows: list[FileScore]) -> str:
    """One line per file (gold, proposed, matched, precision, recall, F1), then the mean F1
    and the lowest."""
    width = max(len(row.name) for row in rows)
    lines = [f"{'file':<{width}}  {'form':<8}  gold  prop  match  prec   rec    F1"]
    for row in rows:
        result = row.score
        gold = len(result.matched) + len(result.missed)
        proposed = len(result.matched) + len(result.extra)
        lines.append(
            f"{row.name:<{width}}  {row.format:<8}  {gold:>4}  {proposed:>4}  "
            f"{len(result.matched):>5}  {result.precision:.2f}  {result.recall:.2f}  "
            f"{result.f1:.2f}"
        )
    scores = [row.score.f1 for row in rows]
    lines.append(
        f"mean F1 {sum(scores) / len(scores):.3f} over {len(rows)} files, lowest {min(scores):.2f}"
    )
    return "\n".join(lines)
