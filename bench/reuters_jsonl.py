"""Reuters-21578 as a JSON Lines archive for `timeline extract ARCHIVE.jsonl`.

Reuters-21578 (21,578 Reuters wire stories of 1987, distributed by David D. Lewis for research)
is read from the SGML files of a public mirror, github.com/haseebr/irengine, folder
``reuters21578-xml/`` (``reut2-000.xml`` … ``reut2-021.xml``); the development set's two Reuters
items come from the same mirror (tests/extract/dev/README.md). Each story becomes one line:

- ``text``: the title, a line break, then the dateline and body verbatim as the wire sent them
  (hard-wrapped, ``Reuter`` sign-off kept): the form of tests/extract/dev/reuters-1987-*.txt;
- ``published``: the day of its ``<DATE>``; ``outlet``: Reuters; ``title``: its ``<TITLE>``;
- ``url``: the mirror's file, with the story's NEWID as the fragment.

Usage: ``git --git-dir=MIRROR archive HEAD reuters21578-xml | tar -x -C /tmp/reuters`` then
``python bench/reuters_jsonl.py /tmp/reuters/reuters21578-xml > reuters.jsonl``. The archive is
never committed whole (tests/archive/ holds a small sample, with its provenance).
"""

from __future__ import annotations

import datetime
import html
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

MIRROR = "https://github.com/haseebr/irengine/blob/master/reuters21578-xml"
_STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _tag(name: str, story: str) -> str | None:
    found = re.search(rf"<{name}\b[^>]*>(.*?)</{name}>", story, re.DOTALL)
    return found.group(1) if found else None


def _clean(text: str) -> str:
    return _CONTROL.sub("", html.unescape(text))


def stories(path: Path) -> Iterator[dict]:
    """Every story of one SGML file, in the file's order."""
    raw = path.read_bytes().decode("latin-1")
    for attributes, story in _STORY.findall(raw):
        newid = re.search(r'NEWID="(\d+)"', attributes).group(1)
        when = datetime.datetime.strptime(_tag("DATE", story).split()[0], "%d-%b-%Y")
        text = _tag("TEXT", story) or ""
        title = _clean(_tag("TITLE", text) or "").strip()
        body = _tag("BODY", text)
        if body is not None:
            words = (_tag("DATELINE", text) or "") + body
        else:  # a brief (title only) or an unprocessed story (no tags inside)
            words = re.sub(r"<[^>]+>", "", text) if not title else ""
        words = _clean(words).rstrip(" ").strip("\n")
        yield {
            "text": "\n".join(part for part in (title, words) if part) + "\n",
            "title": title,
            "outlet": "Reuters",
            "format": "text",  # wire copy: its "<Island Telephone Co Ltd>" is not HTML
            "published": when.date().isoformat(),
            "url": f"{MIRROR}/{path.name}#NEWID={newid}",
        }


def main(folder: str) -> None:
    for path in sorted(Path(folder).glob("reut2-*.xml")):
        for story in stories(path):
            if story["text"].strip():
                sys.stdout.write(json.dumps(story, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
