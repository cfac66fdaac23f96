"""How well places are proposed and resolved, on real material (docs/people-and-places.md).

    .venv/bin/python bench/places.py

1. The seed article's curated events: the gazetteer's proposals from each event's sentence (or
   phrase) against the places the curators wrote, as precision and recall.
2. TimelineJS's own example files (tests/real/timelinejs/): every name proposed from their
   headlines and texts, how it resolves, and the sentence it came from, to be judged by eye
   (their files have no place field, so there is no gold list to score against).
"""

from __future__ import annotations

import html
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from webapp.ingest.gazetteer import places_in_text, resolve  # noqa: E402


def seed_scores() -> None:
    document = tomllib.loads((ROOT / "tests/fixtures/data/events.toml").read_text())
    right = wrong = missed = 0
    for event in document["events"]:
        gold = set(event.get("places", []))
        phrase = event.get("phrase")
        where = phrase or event["quote"]
        found = set(places_in_text(where, not phrase or event["quote"].startswith(phrase)))
        right, wrong, missed = (
            right + len(gold & found),
            wrong + len(found - gold),
            missed + len(gold - found),
        )
    precision, recall = right / (right + wrong), right / (right + missed)
    print(f"seed: {right} right, {wrong} wrong, {missed} missed; "
          f"precision {precision:.2f}, recall {recall:.2f}")  # fmt: skip


def _text(value) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", value or ""))


def timelinejs_names() -> None:
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted((ROOT / "tests/real/timelinejs").glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        events = document.get("events") or document.get("timeline", {}).get("date", [])
        for event in events:
            text = event.get("text")
            parts = text if isinstance(text, dict) else {"headline": event.get("headline"),
                                                          "text": text}  # fmt: skip
            words = re.sub(
                r"\s+", " ", _text(parts.get("headline")) + ". " + _text(parts.get("text"))
            )
            for name in places_in_text(words):
                found.setdefault(name, []).append((path.name, words))
    for name, hits in sorted(found.items()):
        result = resolve(name, hits[:3])
        where = result.place.describe() if result.place else "unresolved"
        at = hits[0][1].find(name)
        print(f"{name:16} {where:50} {hits[0][0]}: …{hits[0][1][max(0, at - 50) : at + 50]}…")
    print(f"timelinejs: {len(found)} names proposed")


if __name__ == "__main__":
    seed_scores()
    timelinejs_names()
