"""People a sentence names, found by the title news writing puts before a name.

"President Ilham Aliyev", "NATO Secretary General Jens Stoltenberg", "Prime Minister Theresa
May", "By Sabina Mammadli": a title (or a byline's "By") then two or three capitalised words is
a person far more often than not; a capitalised pair alone is as often a place, a body or a
title of a work, so it is not proposed. The extractor adds these to the people a curated
timeline already knows (``Vocabulary.actors``); the desk shows them to keep or drop.
"""

from __future__ import annotations

import re

TITLES = (
    "President", "Vice President", "Prime Minister", "Minister", "Foreign Minister",
    "Defence Minister", "Defense Minister", "Secretary General", "Secretary-General",
    "Secretary", "Deputy Secretary General", "Special Representative", "Ambassador",
    "Chancellor", "King", "Queen", "Prince", "Princess", "Pope", "Senator", "Governor", "Mayor",
    "General", "Admiral", "Colonel", "Commander", "Spokesperson", "Spokesman", "Spokeswoman",
    "Chairman", "Chairwoman", "Director", "Professor", "Judge", "Sir", "Dame", "Mr", "Mrs", "Ms",
    "Dr", "By",
)  # fmt: skip

_NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_PERSON = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True)) + r")"
    r"\.?(?:['’]s)? (" + _NAME + r"(?: " + _NAME + r"){1,2})(?![\w-])"
)


def people_in_text(text: str) -> list[str]:
    """The names that follow a title in ``text``, in order, each once."""
    found: list[str] = []
    for match in _PERSON.finditer(text):
        name = match.group(1)
        if name not in found and not name.startswith(_TITLE_WORDS):  # "General's Special …"
            found.append(name)
    return found


_TITLE_WORDS = tuple(f"{title} " for title in TITLES) + TITLES
