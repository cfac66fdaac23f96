"""Where a date lives relative to a sentence: the structure around it, not a pattern in it.

``date_mentions.find_dates`` reads the dates a sentence writes. What dates a sentence is often
elsewhere, and this module reads that: the year of a list item's label ("1776 - … on July
8", "1476   Apr 26, …"), a weekday said against the publication ("rolled off the line
Wednesday"), a day said against the date just stated ("On the 30th", "four days after",
"later in the month"), an ordinal day ("the fourth of July, 1912"), and a version heading
("## [1.0.0] - 2017-06-20"), and an annal's bare year line ("873.", over its entry). It
also tells what is not an event although it carries a date or a report: a citation's or
revision's date ("Retrieved 2 November 2009", "as edited … at 21:52, 8 March 2019"), a line
that only says when the page was posted, a question, a quoted remark with no happening in it
("“It's frustrating,” said Jeff Nance"), a state rather than a happening under an inherited
date ("She was renowned for …"), a life-dates aside ("(b.~1453)").

Everything here works on one sentence and the dates found in it (the annal's year lines on
the list of sentences, once), with bounded patterns: time stays linear in the text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace
from itertools import pairwise

from ..date_forms import parse as parse_edtf
from ..dates import WEEKDAY_NAMES, DateError, PartialDate, from_parts, month_number
from .date_mentions import FUTURE, MONTH, Mention
from .sentences import Sentence

_WEEKDAYS = "|".join(WEEKDAY_NAMES)
# A weekday written without a preposition after a word of the sentence: "rolled off the line
# Wednesday", "will begin construction Monday", "wrapped up Wednesday,". Not a heading's
# weekday ("Sunday, March 4, 2007": a date follows it) nor a name ("Sunday Times").
_BARE_WEEKDAY = re.compile(
    rf"(?<=[a-z,] )({_WEEKDAYS})\b(?:\s(?:morning|afternoon|evening|night))?"
    rf"(?!,?\s{{0,3}}(?:\d|{MONTH}))(?!['’]s)(?!\s[A-Z])"
)
_ORDINAL_WORDS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
]  # fmt: skip
ORDINALS = {word: number for number, word in enumerate(_ORDINAL_WORDS, start=1)}
ORDINALS |= {f"twenty-{word}": 20 + n for word, n in list(ORDINALS.items())[:9]}
ORDINALS |= {"thirtieth": 30, "thirty-first": 31}
_ORDINAL = "|".join(sorted(ORDINALS, key=len, reverse=True))
# "the fourth of July, 1912", "the Fourth of July by …": a day, its year given or not. Not
# an attribute ("the Fourth of July celebrations"): a lower-case word after it must be a
# small word of the sentence.
_SMALL_WORDS = r"(?:in|on|at|by|with|and|or|was|is|will|would|as|for|of|to|when|that|the)\b"
_ORDINAL_DAY = re.compile(
    rf"\bthe\s({_ORDINAL})\sof\s({MONTH})(?:,?\s(\d{{4}})\b)?(?!\s(?!{_SMALL_WORDS})[a-z])",
    re.IGNORECASE,
)
# "On the 30th," a day of the month the text is in.
_DAY_OF_MONTH = re.compile(
    r"\b(?:[Oo]n|[Bb]y|[Uu]ntil|[Ss]ince|[Ff]rom)\sthe\s(\d{1,2})(?:st|nd|rd|th)\b(?=\s?[,.;)]|$)"
)
_NUMBER_WORDS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
# "…on July 8, four days after it was signed": the signing, counted back from July 8.
_DAYS_APART = re.compile(
    r"\b(a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s(days?|weeks?)\s"
    r"(after|before)\b",
    re.IGNORECASE,
)
# "later in the month", "that month": the month of the date stated just before; "earlier
# this month": the publication's.
_SAME_MONTH = re.compile(
    r"\b(?:(later|earlier)\s(?:in|that|the same)\s(?:the\s)?month|(?:that|the same)\smonth|"
    r"(earlier|later)\sthis\smonth)\b",
    re.IGNORECASE,
)
# Said against the publication's month or week: "last month", "next month", "this week".
_RELATIVE_SPAN = re.compile(
    r"\b(?:(last|this|next)\s(month|week)|(earlier|later)\sthis\sweek)\b(?!['’]s\s\w)",
    re.IGNORECASE,
)
# A weekday written with a year-less date: "Friday, May 4".
_WEEKDAY_BEFORE = re.compile(rf"\b({_WEEKDAYS}),?\s{{1,3}}$")
# Words before a date that make it a citation's, an archive's or a page revision's.
_ACCESS = re.compile(
    r"\b(?:retrieved|accessed|archived|access-?date|edited\sby|last\s(?:modified|edited|"
    r"updated))\b[^.;]{0,70}$",
    re.IGNORECASE,
)
# A line that says only when it was posted: "Posted at 5:00 PM, Mar 07, 2019", "March 7,
# 2019 Updated: March 7, 2019", "Archive for Wednesday, July 4, 2007".
_POSTING_WORDS = re.compile(
    rf"\b(?:posted|updated|published|last|and|at|on|archive|for|by|modified|am|pm|"
    rf"{_WEEKDAYS})\b|\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[-+]\d{{2}})?|{MONTH}|\d+|[\W_]+",
    re.IGNORECASE,
)
_POSTED = re.compile(r"\b(?:posted|updated|published|archive)\b", re.IGNORECASE)
# A heading that only names a release and its date: "## [1.0.0] - 2017-06-20", "v2.1 —
# 3 May 2020", "IDLEfork 0.7.1 - 29 May 2000".
_VERSION = re.compile(
    r"^\s{0,3}#{0,6}\s*((?:[A-Za-z][\w.-]*\s){0,2})\[?(v?\d+(?:\.\d+){1,3}[\w.+-]*)\]?"
    r"[\s\-–—:(]*$"
)
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]{1,100}\]:\s*\S+\s*$")
_NAVIGATION = re.compile(r"[←→«»‹›]")
_QUOTE_OPEN = "\"“‘'"
# First and second person in quoted speech: a remark, not a report of a happening.
_FIRST_PERSON = re.compile(
    r"\b(?:I|I['’](?:m|ve|d|ll)|me|my|we|we['’](?:re|ve|d|ll)|us|our|you|your|ya)\b"
    r"|^\W{0,2}(?:It|That)['’]s\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“]([^\"”]{1,400})[\"”]")
# A state, not a happening: "She was an Italian noblewoman", "He believed that …".
_STATIVE = re.compile(
    r"^\W{0,3}(?:He|She|It|They|(?:This|These|Those)(?:\s(?![a-z])[^\W\d_][\w’'-]*)?)\s(?:\w+ly\s|also\s)?"
    r"(?:was|were|is|are|had been|has been|have been|believed|believes|seemed|seems|"
    r"remained|remains)\b"
)
_LIFE_DATES = re.compile(r"\((?:b|d|born|died)\.?\s?~?[^()]{0,40}\)")
_ATTRIBUTIVE_BEFORE = re.compile(r"(?:^\W{0,6}|\b[Tt]he\s)$")


def _in_spans(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(low <= position < high for low, high in spans)


def _overlaps(span: tuple[int, int], mentions: list[Mention]) -> bool:
    return any(span[0] < m.span[1] and m.span[0] < span[1] for m in mentions)


def _bare_year(mention: Mention) -> bool:
    return (
        mention.start.precision == "year"
        and mention.end is None
        and not mention.open_ended
        and not mention.year_from_context
        and not mention.inferred
    )


def _in_year(mention: Mention, year: int) -> Mention | None:
    """A year-less mention moved into ``year``, or None if it has no such day."""
    try:
        start = from_parts(year, mention.start.month, mention.start.day)
        end = mention.end and from_parts(year, mention.end.month, mention.end.day)
    except DateError:
        return None
    return replace(mention, start=start, end=end, year_from_context=False)


def absorb_item_year(
    text: str, mentions: list[Mention]
) -> tuple[list[Mention], PartialDate | None]:
    """Year-less dates after the year a sentence opens with take that year, and the year is
    then said by them ("1476   Apr 26, …", "In 1934, … the Fourth of July", "1776 - … on
    July 8"); a year naming the happening ("The 2007 … Tournament took place from March 8–11,
    2007") gives way to its dates. Returns the mentions and the item's label year when the
    sentence opens with it (what the item's later sentences inherit)."""
    result = list(mentions)
    label = None
    opening = item_year(text, mentions)
    for year_mention in [m for m in mentions if _bare_year(m)]:
        later = [m for m in result if m.span[0] >= year_mention.span[1] and m is not year_mention]
        moved = False
        for mention in later if year_mention.start.year == opening else []:
            if mention.year_from_context:
                dated = _in_year(mention, year_mention.start.year)
                if dated is not None:
                    result[result.index(mention)] = dated
                    moved = True
        finer = any(
            m.start.year == year_mention.start.year and m.start.precision != "year"
            for m in result
            if m is not year_mention and m.span[0] >= year_mention.span[1]
        )
        attributive = _ATTRIBUTIVE_BEFORE.search(text[: year_mention.span[0]]) is not None
        if moved or (finer and attributive):
            result.remove(year_mention)
            if text[: year_mention.span[0]].strip(" \t-–—*•#>") == "":
                label = year_mention.start
    return result, label


def _shift(date: PartialDate, days: int) -> PartialDate | None:
    if date.precision != "day" or not date.in_common_calendar:
        return None
    moved = date.first_day() + datetime.timedelta(days=days)
    return from_parts(moved.year, moved.month, moved.day)


_ITEM_LEAD = re.compile(r"^[\s\-–—*•#>]{0,6}(?:(?:[Ii]n|[Dd]uring|[Bb]y)\s)?$")


def item_year(text: str, mentions: list[Mention]) -> int | None:
    """The year a sentence opens with ("1476   Apr 26, …", "1776 - …", "In 1934, …"): its
    year-less dates take it, as an item's do its label's."""
    first = min(mentions, key=lambda mention: mention.span, default=None)
    if first is None or not _bare_year(first) or not _ITEM_LEAD.match(text[: first.span[0]]):
        return None
    return first.start.year


def _day(year: int | None, month: int, day: int) -> PartialDate | None:
    if year is None:
        return None
    try:
        return from_parts(year, month, day)
    except DateError:
        return None


def ordinal_days(text: str, mentions: list[Mention], context_year: int | None) -> list[Mention]:
    """ "the fourth of July, 1912", "the Fourth of July by …": a day, in place of the month
    the date patterns read in it ("July, 1912"); year-less, the context's year, which an
    item's opening year then replaces (``absorb_item_year``)."""
    result = list(mentions)
    for match in _ORDINAL_DAY.finditer(text):
        inside = [m for m in result if match.start() <= m.span[0] and m.span[1] <= match.end()]
        if _overlaps(match.span(), [m for m in result if m not in inside]):
            continue
        if any(m.start.precision == "day" for m in inside):
            continue
        stated = match.group(3)
        year = int(stated) if stated else context_year
        date = _day(year, month_number(match.group(2)), ORDINALS[match.group(1).lower()])
        if date is None:
            continue
        result = [m for m in result if m not in inside]
        result.append(Mention(date, match.span(), kind="ordinal day", year_from_context=not stated))
    return sorted(result, key=lambda mention: mention.span)


def extra_mentions(
    text: str,
    mentions: list[Mention],
    context_year: int | None,
    previous: PartialDate | None,
    anchor: PartialDate | None,
) -> list[Mention]:
    """Dates the sentence says through its structure (see module), not yet in ``mentions``."""
    found: list[Mention] = []

    def add(mention: Mention | None) -> None:
        if mention is not None and not _overlaps(mention.span, mentions + found):
            found.append(mention)

    for match in _DAY_OF_MONTH.finditer(text):
        before = [m for m in mentions + found if m.span[1] <= match.start()]
        base = (before[-1].end or before[-1].start) if before else previous
        if base is not None and base.precision in ("day", "month"):
            date = _day(base.year, base.month, int(match.group(1)))
            if date is not None:
                add(Mention(date, match.span(), kind="day of month", inferred=True))
    for match in _DAYS_APART.finditer(text):
        before = [m for m in mentions if m.span[1] <= match.start() and m.end is None]
        if not before or before[-1].start.precision != "day":
            continue
        number = match.group(1).lower()
        count = _NUMBER_WORDS.get(number) or int(number)
        days = count * (7 if match.group(2).lower().startswith("week") else 1)
        sign = -1 if match.group(3).lower() == "after" else 1
        date = _shift(before[-1].start, sign * days)
        if date is not None:
            add(Mention(date, match.span(), kind="days apart", inferred=True))
    for match in _SAME_MONTH.finditer(text):
        if match.group(2):
            base = anchor
        else:
            before = [m for m in mentions + found if m.span[1] <= match.start()]
            base = (before[-1].end or before[-1].start) if before else previous
        if base is not None and base.precision in ("day", "month"):
            month = from_parts(base.year, base.month)
            add(Mention(month, match.span(), kind="same month", inferred=True))
    if anchor is not None and anchor.precision == "day" and anchor.in_common_calendar:
        for match in _BARE_WEEKDAY.finditer(text):
            add(_weekday(text, match, anchor))
        if not mentions:  # beside a date of its own, "said this week" only says when it was said
            for match in _RELATIVE_SPAN.finditer(text):
                add(_relative_span(match, anchor))
    if anchor is not None and anchor.precision in ("day", "month"):
        for match in _RELATIVE_SEASON.finditer(text):
            add(_relative_season(match, anchor))
    for match in _HOLIDAY.finditer(text):
        add(_holiday(match, mentions + found, context_year))
    return found


# A season said against the publication: "later this summer", "next spring", "last winter".
_RELATIVE_SEASON = re.compile(
    r"\b(?:(?:later|earlier|early|late)\s)?(this|next|last)\s(spring|summer|autumn|fall|winter)\b",
    re.IGNORECASE,
)
_SEASONS = {"spring": (21, 3), "summer": (22, 6), "autumn": (23, 9), "fall": (23, 9),
            "winter": (24, 12)}  # fmt: skip  # EDTF code, the month it starts in


def _relative_season(match, anchor: PartialDate) -> Mention | None:
    """The season of the publication's year ("this"), the first to start after it ("next"),
    or the last to have started before it ("last"); marked inferred."""
    code, first_month = _SEASONS[match.group(2).lower()]
    which, month = match.group(1).lower(), anchor.month or 1
    year = anchor.year
    if which == "next" and month >= first_month:
        year += 1
    elif which == "last" and month < first_month + 3:
        year -= 1
    edtf = f"{year:04d}-{code}"
    try:
        form = parse_edtf(edtf)
    except (DateError, ValueError):
        return None
    return Mention(form.first, match.span(), end=form.last, kind="season", inferred=True, edtf=edtf)


# Holidays whose day is a rule of the calendar (the United States' fixed and movable ones):
# "on Memorial Day" is that day of the year around it; "Memorial Day weekend" its month.
_HOLIDAY = re.compile(
    r"\b(Memorial Day|Labor Day|Thanksgiving(?: Day)?|Christmas(?: Day| Eve)?|"
    r"New Year['’]s (?:Day|Eve)|Halloween|Veterans Day)(\s(?:weekend|week))?\b"
)


def _holiday(match, mentions: list[Mention], context_year: int | None) -> Mention | None:
    years = [m.start.year for m in mentions if m.start.precision == "year" and m.end is None]
    year = years[0] if years else context_year
    if year is None:
        return None
    name = match.group(1).replace("’", "'")
    day = _holiday_day(name, year)
    if day is None:
        return None
    span = (match.start(), match.end())
    if match.group(2):  # a holiday's weekend or week: its month, which the text gives
        return Mention(from_parts(year, day.month), span, kind="holiday", inferred=True)
    return Mention(from_parts(year, day.month, day.day), span, kind="holiday", inferred=True)


def _holiday_day(name: str, year: int) -> datetime.date | None:
    if not 1 <= year <= 9999:
        return None
    fixed = {"Christmas": (12, 25), "Christmas Day": (12, 25), "Christmas Eve": (12, 24),
             "New Year's Day": (1, 1), "New Year's Eve": (12, 31), "Halloween": (10, 31),
             "Veterans Day": (11, 11)}  # fmt: skip
    if name in fixed:
        return datetime.date(year, *fixed[name])
    if name == "Memorial Day":  # the last Monday of May
        last = datetime.date(year, 5, 31)
        return last - datetime.timedelta(days=last.weekday())
    if name == "Labor Day":  # the first Monday of September
        first = datetime.date(year, 9, 1)
        return first + datetime.timedelta(days=(7 - first.weekday()) % 7)
    first = datetime.date(year, 11, 1)  # Thanksgiving: the fourth Thursday of November
    return first + datetime.timedelta(days=(3 - first.weekday()) % 7 + 21)


def _relative_span(match, anchor: PartialDate) -> Mention | None:
    """ "last month" (the publication's month before), "this week" (its month, when the whole
    week is in it): the precision the words allow, no finer; marked inferred."""
    today = anchor.first_day()
    which = (match.group(1) or "this").lower()
    if (match.group(2) or "week").lower() == "month":
        shift = {"last": -1, "this": 0, "next": 1}[which]
        month_index = today.year * 12 + today.month - 1 + shift
        date = from_parts(month_index // 12, month_index % 12 + 1)
        return Mention(date, match.span(), kind="relative month", inferred=True)
    monday = today - datetime.timedelta(days=today.weekday())
    monday += datetime.timedelta(weeks={"last": -1, "this": 0, "next": 1}[which])
    sunday = monday + datetime.timedelta(days=6)
    if (monday.year, monday.month) != (sunday.year, sunday.month):
        return None  # a week across two months has no month of its own
    date = from_parts(monday.year, monday.month)
    return Mention(date, match.span(), kind="relative week", inferred=True)


def weekday_fitted(text: str, mentions: list[Mention], anchor: PartialDate | None) -> list[Mention]:
    """A year-less day written with its weekday ("Friday, May 4") takes the year, of the one
    it was given and those around it and the publication's, in which that day is that weekday."""
    fitted = []
    for mention in mentions:
        named = _WEEKDAY_BEFORE.search(text[max(0, mention.span[0] - 14) : mention.span[0]])
        if named is None or not mention.year_from_context or mention.start.precision != "day":
            fitted.append(mention)
            continue
        wanted = WEEKDAY_NAMES.index(named.group(1))
        given = mention.start.year
        years = [anchor.year, anchor.year + 1, anchor.year - 1] if anchor is not None else []
        years += [given, given + 1, given - 1]
        year = next((y for y in years if _weekday_of(y, mention.start) == wanted), None)
        moved = _in_year(mention, year) if year is not None else None
        fitted.append(replace(moved, year_from_context=True) if moved else mention)
    return fitted


def _weekday_of(year: int, date: PartialDate) -> int | None:
    try:
        return datetime.date(year, date.month, date.day).weekday()
    except ValueError:
        return None


_NOT_A_DAY_BEFORE = re.compile(r"\b(?:a|an|the|every|each|any|one|that)\s$", re.IGNORECASE)


def _weekday(text: str, match, anchor: PartialDate) -> Mention | None:
    """A bare weekday: the nearest such day to the publication, ahead when the sentence
    speaks of what is to come, else back (the publication's own weekday is the day itself)."""
    if _NOT_A_DAY_BEFORE.search(text[max(0, match.start() - 8) : match.start()]):
        return None  # "falls on a Sunday": any Sunday
    wanted = WEEKDAY_NAMES.index(match.group(1))
    ahead = FUTURE.search(text[: match.start()]) is not None
    step = datetime.timedelta(days=1 if ahead else -1)
    day = anchor.first_day()
    while day.weekday() != wanted:
        day += step
    return Mention(
        from_parts(day.year, day.month, day.day), match.span(), kind="weekday", inferred=True
    )


def without_asides(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions less a citation's, an archive's or a revision's date, and life dates in
    brackets beside a happening dated to its month or day ("Apr 26, Simonetta Vespucci
    (b.~1453) … died"): background to that happening, not one of its own. Beside year dates
    only ("Collection of Michael Friedsam (b. 1858, d. 1931) … 1931") they are the line's
    dates, as a provenance or a catalogue writes them."""
    asides = [match.span() for match in _LIFE_DATES.finditer(text)]
    if not any(
        mention.start.month and not _in_spans(mention.span[0], asides) for mention in mentions
    ):
        asides = []
    return [
        mention
        for mention in mentions
        if not _in_spans(mention.span[0], asides)
        and _ACCESS.search(text[max(0, mention.span[0] - 90) : mention.span[0]]) is None
    ]


def is_posting_line(text: str, mentions: list[Mention]) -> bool:
    """Whether the line only says when the page was posted or updated (see module)."""
    if not mentions or _POSTED.search(text) is None:
        return False
    rest = text
    for low, high in sorted((m.span for m in mentions), reverse=True):
        rest = rest[:low] + " " + rest[high:]
    return not _POSTING_WORDS.sub("", rest).strip()


def version_of(text: str, mentions: list[Mention]) -> str | None:
    """The release a dated heading names ("1.0.0", "IDLEfork 0.7.1"), if it is one."""
    if len(mentions) != 1:
        return None
    low, high = mentions[0].span
    rest = (text[:low] + text[high:]).strip()
    match = _VERSION.match(rest)
    if match is None:
        return None
    return f"{match.group(1)}{match.group(2)}".strip()


def is_link_definition(text: str) -> bool:
    """A Markdown link definition ("[1.0.0]: https://…"): an address, not a statement."""
    return _LINK_DEFINITION.match(text) is not None


def is_navigation(text: str) -> bool:
    """A page's link to the previous or next one ("← 2006", "2008 →")."""
    return _NAVIGATION.search(text) is not None


def is_question(text: str) -> bool:
    return text.rstrip().rstrip(_QUOTE_OPEN + "”’").endswith("?")


def is_remark(text: str) -> bool:
    """A quoted remark with no happening in it: the sentence opens with quoted speech in the
    first or second person ("“It's frustrating,” said Jeff Nance"; "“We've just got to keep
    an open mind here, and we are,” he told AP")."""
    if text.lstrip()[:1] not in _QUOTE_OPEN:
        return False
    quoted = " ".join(match.group(1) for match in _QUOTED.finditer(text))
    return bool(quoted) and _FIRST_PERSON.search(quoted) is not None


def is_state(text: str) -> bool:
    """A sentence about how someone or something was, not about what happened."""
    return _STATIVE.match(text) is not None


# A line that is a number and nothing else ("873.", "715"): in annals, the year of the entry
# under it. Read so only where several such lines head entries, their numbers rising.
_NUMBER_LINE = re.compile(r"^\s{0,3}(\d{1,4})\s?\.?\s*$")
ANNAL_RUN = 2  # how many such lines make the text an annals text


def annal_years(sentences: list[Sentence]) -> dict[int, Mention]:
    """The bare year lines of an annals text, by the offset of their sentence: each a unit of
    its own, with an entry (running text) under it, the numbers rising through the text and
    not a count from 1 ("1.", "2.", "3." number sections, not years)."""
    lines: list[tuple[int, int, int]] = []  # (sentence start, number, end of the number)
    for sentence, following in pairwise(sentences):
        match = _NUMBER_LINE.match(sentence.text)
        if not match or not sentence.first or following.line == sentence.line:
            continue
        if _NUMBER_LINE.match(following.text):
            continue  # a number over a number: a table's column, not an entry
        lines.append((sentence.start, int(match.group(1)), match.end(1)))
    numbers = [number for _, number, _ in lines]
    rising = all(low < high for low, high in pairwise(numbers))
    counting = numbers[:1] == [1] and numbers == list(range(1, len(numbers) + 1))
    if len(lines) < ANNAL_RUN or not rising or counting or 0 in numbers:
        return {}
    return {
        start: Mention(PartialDate(number), (end - len(str(number)), end))
        for start, number, end in lines
    }


# The heading of a page's apparatus: what is under it cites or points elsewhere, and its
# dates are of publications and visits ("Retrieved 2 November 2020", "(1981)"), no events.
_APPARATUS_HEADING = re.compile(
    r"^\s{0,3}(?:#{1,6}\s*|={1,6}\s*)?(?:References|Notes|Citations|Sources|Bibliography|"
    r"Footnotes|Works cited|External links|Further reading|See also)\s*(?:\[edit\])?\s*:?"
    r"\s*(?:={1,6})?\s*$",
    re.IGNORECASE,
)
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?:.*\r?\n){0,40}?---[ \t]*(?:\r?\n|\Z)")


def is_apparatus_heading(text: str) -> bool:
    """ "## References", "External links", "See also[edit]": the page's apparatus starts."""
    return _APPARATUS_HEADING.match(text) is not None


def front_matter_end(text: str) -> int:
    """Where a Markdown file's front matter ("---\\nsource: …\\nfetched: 2026-06-19\\n---")
    ends, 0 when it has none: it says where the file came from, not what happened."""
    match = _FRONT_MATTER.match(text)
    return match.end() if match else 0


# A page's call to its reader ("Receive Daily Headlines FREE Sign up today!", "Click here for
# more information."): a short sentence of the page's furniture, no statement of the article.
_CALL_TO_ACTION = re.compile(
    r"(?:\b|(?<=[A-Z]))(?:[Ss]ign\s?[Uu]p|[Ss]ubscribe|[Cc]lick here|[Ll]og in|[Nn]ewsletter|"
    r"[Ff]ollow us|[Ss]hare this)\b"
)


def is_call_to_action(text: str) -> bool:
    return len(text.split()) <= 12 and _CALL_TO_ACTION.search(text) is not None


def _said(text: str) -> str:
    return " ".join(text.split()).strip(" -–—")


def teaser_repeats(sentences: list[Sentence]) -> set[int]:
    """The offsets of the sentences that repeat a teaser: a paragraph cut with "..." or "…"
    above the story (a page's summary of it), whose sentences the story then prints in full.
    Each is one event, proposed where it is first printed."""
    last_of_unit: dict[int, Sentence] = {}
    for sentence in sentences:
        last_of_unit[sentence.line] = sentence
    teaser_lines = {
        line for line, last in last_of_unit.items() if last.text.rstrip().endswith(("...", "…"))
    }
    teased = {_said(s.text) for s in sentences if s.line in teaser_lines}
    repeats, seen = set(), set()
    for sentence in sentences:
        said = _said(sentence.text)
        if sentence.line not in teaser_lines and said in teased and said in seen:
            repeats.add(sentence.start)
        seen.add(said)
    return repeats


# A news agency a story names as its author: "(AP)", a line "The Associated Press".
_AGENCIES = {"associated press": "AP", "reuters": "Reuters", "reuter": "Reuters",
             "agence france-presse": "AFP", "xinhua": "Xinhua",
             "united press international": "UPI"}  # fmt: skip
_AGENCY_MARK = re.compile(
    r"\((AP|Reuters|AFP|Xinhua|UPI)\)|^\W{0,3}(?:The\s|By\s)?(?i:(Associated Press|Reuters?|"
    r"Agence France-Presse|Xinhua|United Press International))\W{0,3}$"
)


def agency(sentences: list[Sentence]) -> str | None:
    """The agency the story is by, from its dateline's "(AP)" or a byline line of its own."""
    for sentence in sentences:
        match = _AGENCY_MARK.search(sentence.text.strip())
        if match:
            return match.group(1) or _AGENCIES[match.group(2).lower()]
    return None


def holiday_years_absorbed(mentions: list[Mention]) -> list[Mention]:
    """ "on Memorial Day in 2008": the year is the holiday's, not an event of its own."""
    holidays = [m for m in mentions if m.kind == "holiday"]
    return [
        m
        for m in mentions
        if not (
            _bare_year(m)
            and any(
                h.start.year == m.start.year and 0 <= m.span[0] - h.span[1] <= 12 for h in holidays
            )
        )
    ]
