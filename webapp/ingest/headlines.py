"""A proposal's title as a headline: who did what, in a few words, not the sentence cut short.

``headline`` takes a sentence already rid of its dateline and asides (``extract.draft_title``
does that) and makes it read like a headline:

- the time it opens with goes: a date label ("1776 - ", "Apr 26, ", "September 14, 2021 – "),
  an annal's "This year", "The same year", "Then", "Meanwhile" (the timeline shows the date);
- the order an annal inverts is put back ("This year went the army to Reading" → "The army
  goes to Reading");
- what hangs off the main clause is cut where it joins it: ", which …", ", who …", " as the
  automaker …", "; …", ", and they …", a clause after a dash;
- the main verb is put in the present, as headlines have it ("rolled" → "rolls", "was
  beheaded" → "is beheaded"), when it is one we can tell;
- unbalanced quotation marks go; it is at most ``LENGTH`` characters, cut before a preposition
  or at a word, never with "…".
"""

from __future__ import annotations

import re

from ..dates import MONTH_NAMES, WEEKDAY_NAMES

LENGTH = 70
_WINDOW = 400  # how much of a sentence the headline is made from
_VERB_WINDOW = 15  # how many words the main verb is looked for in

_MONTH = r"(?:" + "|".join(m.capitalize() for m in MONTH_NAMES.split("|")) + r")\b\.?"
_WEEKDAY = "|".join(WEEKDAY_NAMES)
# A date opening a list item or a line, with what separates it from the text: "1776 - ",
# "1476   Apr 26, ", "Summer: ", "September 14, 2021 – ", "A.D. 879 . ", "21 June: ".
_DATE_TOKEN = (
    rf"(?:{_MONTH}|{_WEEKDAY}|\d{{1,4}}(?:st|nd|rd|th)?|A\.D\.|AD|BCE?|CE|B\.C\.|"
    r"[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter|[Ee]arly|[Ll]ate|[Mm]id|year)"
)
_DATE_LABEL = re.compile(
    rf"^(?:{_DATE_TOKEN}[\s,.]{{0,12}}){{1,5}}(?:[:–—-]+\s+|(?<=,)\s|\.\s+)(?=\S)"
)
# How an annal or a chronicle opens an entry: said by the date, so not the headline's.
_TIME_OPENER = re.compile(
    r"^(?:(?:And|But)\s)?(?:(?:in\s)?this\syear|the\ssame\syear|that\s(?:same\s)?year|"
    r"the\sfollowing\syear|this\s(?:summer|winter|spring|autumn)|then|meanwhile|afterwards|"
    r"also|on\sthis\sday|in\sthe\s(?:harvest|summer|winter|spring|autumn))\b,?\s+",
    re.IGNORECASE,
)
# Where a sentence hangs a clause off its main one: the headline ends before it.
_CLAUSE_CUT = re.compile(
    r",\s(?:which|who|whom|whose|where|while|when|although|though|but|as|after|before|"
    r"putting|cementing|starting|adding|saying|leaving|making|raising|including|coming|"
    r"and)\b"
    r"|;\s|\s[–—]\s|:\s|\s(?:as|while|because|so that|after|before|when)\s(?=(?:the|a|an|"
    r"he|she|it|they|we|workers|his|her|their)\b)"
)
# Where a long title may end: before a preposition, a relative pronoun or a comma.
_CUT_POINT = re.compile(
    r"\s(?:at|in|on|from|to|for|with|by|near|into|over|after|during|under|through|since|of|"
    r"which|who|whom|whose|where|that|while|as)\s|,\s"
)
_DANGLING = {
    "a", "an", "the", "of", "in", "on", "at", "to", "by", "for", "from", "with", "and", "or",
    "but", "that", "which", "its", "his", "her", "their", "as", "than", "into", "near",
}  # fmt: skip
_SMALL = _DANGLING | {"is", "was", "were", "are", "be", "been", "had", "has", "have", "there"}

IRREGULAR = {
    "went": "goes", "came": "comes", "took": "takes", "made": "makes", "fought": "fights",
    "sent": "sends", "led": "leads", "gave": "gives", "drove": "drives", "ran": "runs",
    "won": "wins", "lost": "loses", "began": "begins", "held": "holds", "met": "meets",
    "swam": "swims", "froze": "freezes", "overcame": "overcomes", "sat": "sits",
    "fell": "falls", "rose": "rises", "saw": "sees", "became": "becomes",
    "wrote": "writes", "found": "finds", "got": "gets", "told": "tells", "said": "says",
    "broke": "breaks", "built": "builds", "bought": "buys", "sold": "sells", "spent": "spends",
    "struck": "strikes", "threw": "throws", "grew": "grows", "knew": "knows", "paid": "pays",
    "laid": "lays", "set": "sets", "hit": "hits", "put": "puts", "cut": "cuts", "shut": "shuts",
    "slew": "slays", "rode": "rides", "stole": "steals", "flew": "flies", "chose": "chooses",
    "drew": "draws", "abode": "abides", "wrought": "works", "brought": "brings",
    "was": "is", "were": "are", "has": "has", "had": "has",
}  # fmt: skip
_NOT_VERBS = {"red", "bed", "shed", "need", "seed", "speed", "feed", "bred", "hundred", "sacred",
              "proceed", "exceed", "succeed", "indeed"}  # fmt: skip
# Stems that lost an "e" before "-ed": "celebrat(e)d", "clos(e)d", "settl(e)d", "declar(e)d",
# "trad(e)d", "ced(e)d", "not(e)d", "quot(e)d", "fil(e)d": one vowel before a "d" (a doubled
# "d" or a vowel pair keeps none: "nodded", "headed", "needed"), "t" or "l".
_KEEPS_E = re.compile(
    r"(?:[^aeiou][aeiou][csvzgd]|(?:[^aeiou]|qu)[aou]t|[^aeiou][bcdfgkptz]l|[^aeiou][iou]l"
    r"|[aiou]r|ng|rg|dg|iz|[aiou]s)$"
)
# A dateline without a date: "LORDSTOWN, Ohio (AP) — ", "LORDSTOWN, OH – ".
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{2,30}(?:,\s[A-Z][\w.]{1,20}(?:\s[A-Z][\w.]{1,20})?)?\s"
    r"(?:\([^()]{1,30}\)\s)?[-–—]{1,2}\s"
)
# Who said it, when the sentence is what was said: "…, the letter said." / "The letter
# said (that) …": the headline is what was said.
_ATTRIBUTION_AFTER = re.compile(
    r",?[\"”’]?,?\s(?:(?:[\w.'’-]+\s){0,5}(?:said|says|added|adds|noted|told\s[\w.\s]{1,30})|"
    r"(?:said|says|added|adds|noted)\s(?:the\s)?[\w.'’ -]{1,40})\.?$"
)
_PLURAL_SUBJECTS = {"they", "we", "people", "workers", "employees", "both", "police"}
_BASE = {"goes": "go", "is": "are", "has": "have", "does": "do"}


def headline(text: str) -> str:
    """The sentence (or clause) as a headline (see module)."""
    title = _DATELINE.sub("", " ".join(text.split()), count=1)
    title = _opening_removed(title)
    title = _what_was_said(title)[:_WINDOW]  # a headline is made of the sentence's opening
    title = _inversion_undone(title)
    title = _clause_cut(title)
    title = _weekdays_dropped(title)
    title = _in_present(title)
    title = _balanced_quotes(title).strip(" ,;:.-–—")
    title = _ending_completed(fit(title))
    return title[:1].upper() + title[1:]


# The agency a wire dateline names: "LORDSTOWN, Ohio (AP) —", "BEIJING, Jan. 8 (Xinhua) —".
_AGENCY = re.compile(r"^[^()]{2,60}\(([A-Z][A-Za-z]{1,15})\)\s{0,3}[-–—]")


# Words that led to a date the title no longer holds: "… close its plant effective [March 31]".
_BEFORE_A_DATE = _DANGLING | {
    "effective", "starting", "beginning", "until", "through", "since", "before", "after",
    "during", "between", "about", "around", "circa", "dated", "on or",
}  # fmt: skip


def _ending_completed(title: str) -> str:
    words = title.split(" ")
    while len(words) > 3 and words[-1].lower().strip(",;:") in _BEFORE_A_DATE:
        words.pop()
    return " ".join(words).rstrip(" ,;:-–—")


def publication_headline(dateline: str, title: str | None, agency: str | None = None) -> str:
    """The title of an article's publication: its title's, its agency's (in its dateline or
    named in its first lines), or a plain one."""
    named = _AGENCY.match(dateline.strip())
    agency = named.group(1) if named else agency
    title = " ".join(title.split()).strip(" .") if title else None
    if title and agency:
        return f"{agency} publishes “{fit(title, LENGTH - len(agency) - 13)}”"
    if title:
        return f"“{fit(title, LENGTH - 16)}” is published"
    if agency:
        return f"{agency} publishes the report"
    return "The article is published"


def release_item_headline(release: str, title: str) -> str:
    """A changelog item's headline names its release: "Added documentation for …" under
    ``## [0.3.5]`` is "0.3.5 adds documentation for …", "Benchmark flag" "0.3.1: Benchmark
    flag"."""
    first, _, rest = title.partition(" ")
    lowered = first.lower()
    present = IRREGULAR.get(lowered) if lowered in IRREGULAR else _regular_present(lowered)
    if present is not None and rest:
        return fit(f"{release} {present} {rest}")
    return fit(f"{release}: {title}")


def fit(title: str, length: int = LENGTH) -> str:
    """``title`` in at most ``length`` characters: cut before the last preposition that leaves
    four words or more, else at the last word that does not dangle; never with "…"."""
    if len(title) <= length:
        return title
    head = title[: length + 1]
    cuts = [m.start() for m in _CUT_POINT.finditer(head) if len(head[: m.start()].split()) >= 4]
    if cuts:
        head = title[: cuts[-1]].rstrip(" ,;:")
        dangling = re.search(r",\s\S+(?:\s\S+)?$", head)  # "…the outer channel, halted"
        if dangling and len(head[: dangling.start()].split()) >= 4:
            head = head[: dangling.start()]
        return head
    words = head.rsplit(" ", 1)[0].split()
    while len(words) > 3 and words[-1].lower().strip(",;:") in _SMALL:
        words.pop()
    return " ".join(words).rstrip(" ,;:")


def _opening_removed(title: str) -> str:
    title = re.sub(r"^[\s\-–—*•+#>]+", "", title)
    title = re.sub(r"^(?:and|but|where|so)\s(?=[a-z])", "", title, flags=re.IGNORECASE)
    for _ in range(3):
        before = title
        title = _DATE_LABEL.sub("", title, count=1)
        title = _TIME_OPENER.sub("", title, count=1)
        if title == before:
            break
    return title


def _what_was_said(title: str) -> str:
    """A reported sentence's headline is what was said, when that can stand alone: the
    attribution after it goes ("…, the letter said"); one before it stays (who said it)."""
    rest = _ATTRIBUTION_AFTER.sub("", title)
    if rest != title and len(rest.split()) >= 4:
        title = rest.strip(' ,"“”')
    return title


def _past_verb(word: str) -> bool:
    word = word.lower()
    return word in IRREGULAR or (len(word) >= 4 and word.endswith("ed") and word not in _NOT_VERBS)


def _inversion_undone(title: str) -> str:
    """ "went the army from Chippenham" → "the army went from Chippenham": a verb first, then
    its subject (an article and up to four words, or a name), then the rest."""
    words = title.split(" ")
    if len(words) < 3 or not _past_verb(words[0]) or words[0].lower() in ("had", "has"):
        return title
    if words[0][:1].isupper() and words[0].lower() not in IRREGULAR:
        return title  # "Wihtred King of Kent died": a name, not "went the army"
    second = words[1]
    if second.lower() in ("the", "a", "an") or (second[:1].isupper() and second.isalpha()):
        end = 2
        while end < len(words) and end < 6:
            word = words[end]
            lowered = word.lower().strip(",;:")
            if lowered in ("from", "to", "in", "into", "at", "on", "up", "over", "with"):
                break
            if _past_verb(word) or word.endswith((",", ";", ":")):
                end += word.endswith((",", ";", ":")) and not _past_verb(word)
                break
            end += 1
        subject = " ".join(words[1:end])
        mark = subject[-1] if subject[-1:] in ",;:" else ""
        verb = words[0].lower() + mark  # "a band of pirates assembled, and sat …"
        return " ".join([subject.rstrip(",;:"), verb, *words[end:]]).strip()
    return title


def _clause_cut(title: str) -> str:
    """The main clause: cut at the first join of a hanging clause that leaves four words."""
    for match in _CLAUSE_CUT.finditer(title):
        head = title[: match.start()]
        if len(head.split()) >= 4:
            return head
    return title


def _weekdays_dropped(title: str) -> str:
    """ "rolled off the line Wednesday at …" → "rolled off the line at …": the date is the
    timeline's."""
    return re.sub(
        rf"\s(?:on\s)?(?:{_WEEKDAY})(?:\s(?:morning|afternoon|evening|night))?\b(?!['’,]?\w)",
        "",
        title,
    )


# Words after which a verb stands in its base form, not to be put in the present.
_MODALS = {"will", "would", "shall", "should", "can", "could", "may", "might", "must", "to",
           "did", "does", "do", "won't", "cannot"}  # fmt: skip


def _in_present(title: str) -> str:
    """The first verb of the past put in the present, when we can tell it: irregular ones from
    a table, regular ones by rule ("rallied" → "rallies", "defeated" → "defeats")."""
    words = title.split(" ")
    for index, word in enumerate(words[1:_VERB_WINDOW], start=1):
        bare = word.strip(",;:.")
        lowered = bare.lower()
        previous = words[index - 1].lower()
        following = words[index + 1].lower() if index + 1 < len(words) else ""
        if previous in _SMALL or not bare.isalpha() or bare[:1].isupper():
            continue
        if following == "by" and lowered.endswith("ed"):
            break  # "created by Azerbaijan": a participle, not the verb
        present = IRREGULAR.get(lowered) if lowered in IRREGULAR else _regular_present(lowered)
        if present is None:
            continue
        if previous in _MODALS:
            break  # "will put", "to meet": the verb is already as a headline says it
        if _plural(words[:index]):
            present = _base(present)
        words[index] = word.replace(bare, present)
        break
    return " ".join(words)


def _plural(subject: list[str]) -> bool:
    """Whether the words before the verb end on a plural subject ("Workers", "Sighelm and
    Athelstan"), which takes "take" rather than "takes"."""
    if not subject:
        return False
    if any(word.endswith(",") for word in subject):  # "Jacob …-Pardiac, duke of Nemours,"
        subject = subject[: next(i for i, w in enumerate(subject) if w.endswith(",")) + 1]
    if len(subject) > 1 and subject[-1][:1].isupper() and "and" not in subject:
        return False  # a name: "Mars", "Nemours"
    last = subject[-1].lower().strip(",;:")
    if last in _PLURAL_SUBJECTS or "and" in (word.lower() for word in subject):
        return True
    return len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "'s", "’s", "us"))


def _base(present: str) -> str:
    if present in _BASE:
        return _BASE[present]
    if not present.endswith("s"):
        return present  # "are" already
    if present.endswith("ies"):
        return present[:-3] + "y"
    if present.endswith(("shes", "ches", "xes", "sses", "zzes")):
        return present[:-2]
    return present[:-1]


def _regular_present(word: str) -> str | None:
    if len(word) < 4 or not word.endswith("ed") or word in _NOT_VERBS:
        return None
    stem = word[:-2]
    if word.endswith("eed") and len(word) >= 6:
        return word[:-1] + "s"  # "agreed" → "agrees", "guaranteed" → "guarantees"
    if stem.endswith("i"):
        return stem[:-1] + "ies"
    if (
        len(stem) >= 4
        and stem[-1] == stem[-2]
        and stem[-1] not in "lsaeiou"
        and stem[-3] in "aeiou"
        and stem[-4] not in "aeiou"
    ):
        stem = stem[:-1]  # "stopped" → "stop", but "added" → "add"
    elif _KEEPS_E.search(stem) and not stem.endswith(("ss", "ll")):
        stem += "e"  # "celebrated" → "celebrate", "closed" → "close"
    if stem.endswith(("sh", "ch", "x", "ss", "zz")):
        return stem + "es"
    return stem + "s"


def _balanced_quotes(title: str) -> str:
    """Quotation marks that open and close in the title stay ("“Parasite” wins"); a stray one
    (the sentence's quote cut off) goes."""
    if title.count("“") != title.count("”"):
        title = title.replace("“", "").replace("”", "")
    if title.count('"') % 2:
        title = title.replace('"', "")
    return title
