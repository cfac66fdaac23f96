"""How well the extractor does on an article, against a hand-made list of its dated events.

A gold event is ``{"start": "2021-08", "quote": "…", "end": …, "title": …}`` (``precision``
may be given; it must agree with ``start``). A proposal matches a gold event when it has the
same start and precision and its quote overlaps the gold quote in the article; each proposal
matches at most one gold event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import DateError, PartialDate
from .extract import Proposal
from .quote_locator import locate


class GoldError(ValueError):
    """A gold list that cannot be read: the message says which entry and why."""


@dataclass(frozen=True)
class GoldEvent:
    start: PartialDate
    quote_start: int
    quote_end: int
    title: str


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


def load_gold(path: Path, text: str) -> list[GoldEvent]:
    """The gold list at ``path``, its quotes located in the article ``text``."""
    try:
        entries = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise GoldError(f"{path}: {error}") from error
    if not isinstance(entries, list):
        raise GoldError(f"{path}: expected a JSON list of events")
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
        gold.append(GoldEvent(start, quote_start, quote_end, entry.get("title", "")))
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
    same_date = proposal.start == event.start  # same parts, so the same precision too
    overlap = proposal.quote_start < event.quote_end and event.quote_start < proposal.quote_end
    return same_date and overlap


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
