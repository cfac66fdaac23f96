"""How well the extractor does on an article, against a hand-made list of its dated events.

A gold event is ``{"start": "2021-08", "quote": "…", "end": …, "title": …}`` (``precision``
may be given; it must agree with ``start``). A proposal matches a gold event when it has the
same start and precision and its quote overlaps the gold quote in the article; each proposal
matches at most one gold event.

Titles are measured on the matched pairs whose gold event has a title: **title F1** is the
token F1 of the proposed title against the gold one (lower-cased words of letters and digits,
"a", "an" and "the" left out, each token counted as often as it occurs), and **headline share**
is the share of proposed titles a reviewer can keep as they stand in length: at most
``HEADLINE_LENGTH`` characters and not cut with "…".
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..date_forms import edtf_of
from ..dates import DateError, PartialDate
from ..errors import InputError
from .documents import read_document
from .extract import Proposal, extract_document
from .quote_locator import locate

HEADLINE_LENGTH = 70


class GoldError(InputError, ValueError):
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

    @property
    def titled(self) -> list[tuple[GoldEvent, Proposal]]:
        return [(event, proposal) for event, proposal in self.matched if event.title]

    @property
    def title_f1(self) -> float | None:
        """The mean token F1 of matched proposals' titles against their gold titles."""
        pairs = self.titled
        if not pairs:
            return None
        return sum(title_f1(p.title, event.title) for event, p in pairs) / len(pairs)

    @property
    def headline_share(self) -> float | None:
        """The share of matched proposals whose title is a headline in length (see module)."""
        pairs = self.titled
        if not pairs:
            return None
        return sum(is_headline_length(p.title) for _, p in pairs) / len(pairs)


_TITLE_TOKEN = re.compile(r"[^\W_]+")
_TITLE_ARTICLES = {"a", "an", "the"}


def title_tokens(title: str) -> Counter:
    words = (word.lower() for word in _TITLE_TOKEN.findall(title))
    return Counter(word for word in words if word not in _TITLE_ARTICLES)


def title_f1(proposed: str, gold: str) -> float:
    """Token F1 of a proposed title against the gold one (see module)."""
    mine, theirs = title_tokens(proposed), title_tokens(gold)
    common = sum((mine & theirs).values())
    if not common:
        return 0.0
    precision, recall = common / sum(mine.values()), common / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def is_headline_length(title: str) -> bool:
    return len(title) <= HEADLINE_LENGTH and "…" not in title


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
    if result.title_f1 is not None:
        lines.append(
            f"title F1 {result.title_f1:.3f}  headline length {result.headline_share:.0%} "
            f"over {len(result.titled)} matched titles"
        )
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
            (
                gold.with_name(stem + suffix)
                for suffix in ARTICLE_SUFFIXES
                if gold.with_name(stem + suffix).exists()
            ),
            None,
        )
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
    """One line per file (gold, proposed, matched, precision, recall, F1, title F1, headline
    share), then the mean F1 and the lowest, and the titles' scores over every matched pair."""
    width = max(len(row.name) for row in rows)
    lines = [f"{'file':<{width}}  {'form':<8}  gold  prop  match  prec   rec    F1  title  hl%"]
    for row in rows:
        result = row.score
        gold = len(result.matched) + len(result.missed)
        proposed = len(result.matched) + len(result.extra)
        titles = (
            f"  {result.title_f1:.2f}  {result.headline_share:>3.0%}"
            if result.title_f1 is not None
            else ""
        )
        lines.append(
            f"{row.name:<{width}}  {row.format:<8}  {gold:>4}  {proposed:>4}  "
            f"{len(result.matched):>5}  {result.precision:.2f}  {result.recall:.2f}  "
            f"{result.f1:.2f}{titles}"
        )
    scores = [row.score.f1 for row in rows]
    lines.append(
        f"mean F1 {sum(scores) / len(scores):.3f} over {len(rows)} files, lowest {min(scores):.2f}"
    )
    pairs = [pair for row in rows for pair in row.score.titled]
    if pairs:
        f1 = sum(title_f1(p.title, event.title) for event, p in pairs) / len(pairs)
        share = sum(is_headline_length(p.title) for _, p in pairs) / len(pairs)
        lines.append(
            f"title F1 {f1:.3f}, headline length {share:.0%}, over {len(pairs)} matched titles"
        )
    return "\n".join(lines)
