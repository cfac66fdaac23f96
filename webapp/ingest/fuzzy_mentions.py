"""Dates written at a grain coarser than a year, or with doubt, or open at one end: what the
extractor proposes as EDTF (webapp/date_forms.py).

Read here, before the plain patterns of ``date_mentions`` take their years: centuries ("the
15th century", "the early fifteenth century"), seasons ("spring 2020", "the summer of 2019"),
quarters ("Q3 2021", "the third quarter of 2021"), halves ("the first half of 2021") and "the
first nine months of 2021". Then each mention found by any pattern is qualified by the words
around it: "around", "about", "c.", "circa", "~" make it approximate; "probably", "possibly",
"perhaps", "may have", "might have", "reportedly" or a "?" after it uncertain; "before",
"until", "by" open its start ("../1200"), "after" its end ("1900/.."; "since" stays the
open-ended "since 2002" it always was); "early", "mid" and "late" make a decade or century a
third of it, approximately ("the early 1990s": ``1990~/1993~``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..date_forms import edtf_date, edtf_year, parse
from ..dates import DateError
from .date_phrases import ORDINAL_WORDS

_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)|(" + "|".join(ORDINAL_WORDS) + ")"
_PART = r"(?:(early|mid|late|(?:beginning|start|middle|end)\s{1,3}of\s{1,3}the)[\s-]{1,3})?"
_YEAR = r"(\d{4})\b"

PATTERNS = {
    "century": re.compile(
        rf"\b{_PART}(?:{_ORDINAL})[\s-]{{1,3}}century\b(?:\s{{0,3}}(BCE|BC|B\.C\.))?", re.I
    ),
    "season": re.compile(
        rf"\b(spring|summer|autumn|fall|winter)(?:\s{{1,3}}of)?\s{{1,3}}{_YEAR}", re.I
    ),
    "quarter": re.compile(
        rf"\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]{{1,3}}quarter"
        rf"(?:\s{{1,3}}of)?(?:\s{{1,3}}(?:the\s{{1,3}})?(?:fiscal\s{{1,3}}|financial\s{{1,3}})?"
        rf"(?:year\s{{1,3}})?){_YEAR}|\bQ([1-4])\s{{0,3}}(?:of\s{{1,3}})?{_YEAR}",
        re.I,
    ),
    "half": re.compile(
        rf"\b(first|second)\s{{1,3}}half\s{{1,3}}(?:of\s{{1,3}})?{_YEAR}|\bH([12])\s{{1,3}}{_YEAR}",
        re.I,
    ),
    "months": re.compile(
        rf"\bfirst\s{{1,3}}(three|six|nine)\s{{1,3}}months\s{{1,3}}(?:of\s{{1,3}})?{_YEAR}", re.I
    ),
}
KINDS = tuple(PATTERNS)

_SEASON_CODES = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_NUMBERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_NUMBERS["4th"] = 4
_MONTH_COUNTS = {"three": 3, "six": 6, "nine": 9}
# "the end of the 15th century" is its late third, as "the late 15th century".
_PARTS = {"early": "early", "beginning": "early", "start": "early", "mid": "mid"}
_PARTS.update(middle="mid", late="late", end="late")
_THIRDS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}

# A century as the whole of which something is said, not when it happened.
_THROUGHOUT = re.compile(r"\b(?:entire|whole)\s{1,3}$", re.I)
_APPROXIMATE_BEFORE = re.compile(
    r"(?:\b(?:around|about|circa|approximately|roughly|some\s?time\s+in)|\bc\.|\bca\.|~)"
    r"\s{0,3}(?:the\s{1,3})?(?:year\s{1,3})?$",
    re.I,
)
_UNCERTAIN_BEFORE = re.compile(
    r"\b(?:probably|possibly|perhaps|reportedly|(?:may|might) have)\b[^.;]{0,60}$", re.I
)
_BEFORE = re.compile(
    r"\b(?:before|until|till|by|prior\s+to)\s{1,3}(?:the\s{1,3}(?:end\s+of\s+the\s+)?)?$", re.I
)
_AFTER = re.compile(r"\b(?:after|later\s+than)\s{1,3}(?:the\s{1,3})?$", re.I)


def read(kind: str, match: re.Match, mention_type):
    """The match as a ``mention_type`` (date_mentions.Mention) carrying its EDTF, or None."""
    groups, span = match.groups(), match.span()
    if kind == "century" and _THROUGHOUT.search(match.string[max(0, span[0] - 20) : span[0]]):
        return None  # "the brightest comet of the entire 20th century" dates nothing
    try:
        edtf = _edtf_of(kind, groups)
    except (DateError, ValueError):
        return None
    if edtf is None:
        return None
    form = parse(edtf)
    return mention_type(
        form.first, span, end=form.last, kind=kind, edtf=None if form.plain else edtf
    )


def _edtf_of(kind: str, groups: tuple) -> str | None:
    if kind == "century":
        part, digits, word, era = groups
        number = int(digits) if digits else ORDINAL_WORDS.index(word.lower()) + 1
        return _century(number, bool(era), _PARTS.get(part.split()[0].lower()) if part else None)
    if kind == "season":
        return f"{int(groups[1]):04d}-{_SEASON_CODES[groups[0].lower()]}"
    if kind == "quarter":
        word, year, digit, other_year = groups
        number = _NUMBERS[word.lower()] if word else int(digit)
        return f"{int(year or other_year):04d}-{32 + number}"
    if kind == "half":
        word, year, digit, other_year = groups
        number = _NUMBERS[word.lower()] if word else int(digit)
        return f"{int(year or other_year):04d}-{39 + number}"
    count, year = _MONTH_COUNTS[groups[0].lower()], int(groups[1])
    return f"{year:04d}-01/{year:04d}-{count:02d}"


def _century(number: int, bce: bool, part: str | None) -> str | None:
    """``1401/1500`` for the 15th century; its early, mid or late third approximately."""
    if not 1 <= number <= 21:
        return None
    low, high = (
        (-100 * number, -100 * (number - 1) - 1) if bce else (100 * number - 99, 100 * number)
    )
    if part:
        third = (high - low + 1) // 3
        offset = {"early": 0, "mid": third, "late": 2 * third}[part]
        low, high = low + offset, (low + offset + third - 1) if part != "late" else high
        return f"{edtf_year(low)}~/{edtf_year(high)}~"
    return f"{edtf_year(low)}/{edtf_year(high)}"


def qualified(sentence: str, mentions: list) -> list:
    """Each mention with what the words around it say: a grain, a qualifier, an open end."""
    return [_qualified(sentence, mention) for mention in mentions]


def _qualified(sentence: str, mention):
    if mention.inferred or mention.year_from_context or mention.open_ended:
        return mention  # "since 2002" is the open-ended event it always was
    low, high = mention.span
    before, written = sentence[max(0, low - 80) : low], sentence[low:high]
    after = sentence[high : high + 2]
    edtf = mention.edtf or _plain_edtf(mention, written)
    if edtf is None:
        return mention
    if "/" not in edtf:
        if _BEFORE.search(before):
            edtf = f"../{edtf}"
        elif _AFTER.search(before):
            edtf = f"{edtf}/.."
    elif _BEFORE.search(before) and mention.kind == "century":
        # "by the end of the 15th century": by its last year
        edtf = f"../{edtf.split('/')[1].rstrip('~')}"
    qualifier = ""
    if _APPROXIMATE_BEFORE.search(before):
        qualifier = "~"
    if after.lstrip().startswith("?") or _UNCERTAIN_BEFORE.search(before):
        qualifier = "%" if qualifier else "?"
    if qualifier:
        edtf = _with_qualifier(edtf, qualifier)
    return _with_form(mention, edtf)


def _plain_edtf(mention, written: str) -> str | None:
    """A plain mention's EDTF: a decade as ``199X`` (a third of it when "early", "mid" or
    "late" is written), "the 1800s" as ``18XX``, others as their dates."""
    if mention.kind in ("decade", "decades") and mention.end is not None:
        first, last = mention.start.year, mention.end.year
        part = re.search(r"\b(early|mid|late)", written, re.I)
        if last - first == 9 and part:
            low, high = _THIRDS[part.group(1).lower()]
            return f"{first + low:04d}~/{first + high:04d}~"
        if last - first in (9, 99) and mention.kind == "decade":
            return f"{first // 10}X" if last - first == 9 else f"{first // 100}XX"
    if mention.end is None:
        return edtf_date(mention.start)
    return f"{edtf_date(mention.start)}/{edtf_date(mention.end)}"


def _with_qualifier(edtf: str, qualifier: str) -> str:
    """``1450`` -> ``1450~``; an interval's known ends each; a decade or quarter too; a part
    already approximate and now uncertain too becomes ``%``."""
    qualified = []
    for part in edtf.split("/"):
        if part in ("", ".."):
            qualified.append(part)
            continue
        had = part[-1] if part[-1] in "~?%" else ""
        marks = set(had.replace("%", "~?")) | set(qualifier.replace("%", "~?"))
        mark = "%" if marks == {"~", "?"} else marks.pop()
        qualified.append(part.rstrip("~?%") + mark)
    return "/".join(qualified)


def _with_form(mention, edtf: str):
    try:
        form = parse(edtf)
    except DateError:
        return mention
    if form.plain:
        return replace(mention, start=form.first, end=form.last, edtf=None)
    return replace(mention, start=form.first, end=form.last, edtf=edtf)
