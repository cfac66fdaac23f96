"""Reviewing an article's proposals: the form's values checked field by field, then published.

Every card of the form is named by its event's slug (``e-<slug>--title``) and the form carries
the version of the article's file it was made from, so a stale page is refused by the ingest
side (``publishing.publish``) instead of writing onto other events. Nothing is written while any
field is wrong: every card's problems are found in one round, the date checked against its
sentence as the build does. An edit on a proposal kept for later is saved as its draft.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ..dates import DateError, PartialDate
from ..ingest import publishing
from ..ingest.checks import quote_states_date
from ..ingest.extract import draft_title, event_slug
from ..ingest.media import safe_url
from ..ingest.publishing import Article
from ..ingest.sentences import split_sentences
from ..limits import MAX_SLUG_LENGTH
from ..slugs import SLUG, slugify
from ..wording import N_
from ..wording import gettext as _
from .date_form_field import apply_edtf, edtf_errors, edtf_quote_errors

DECISIONS = ("pending", "accept", "reject")
TEXTS = ("title", "summary", "start", "end", "edtf", "topics", "places", "actors", "media_url")
FLAGS = ("open_ended", "reported", "inferred")
DATE_HINT = "1865, 1865-05 or 1865-05-17 (-300 for 300 BCE)"


@dataclass
class Review:
    """One event of the article as its card shows it: values, decision and, after a refused
    publish, the problems of each field (``card`` for those of the whole event)."""

    slug: str
    quote: str
    values: dict
    decision: str = "pending"
    published: bool = False  # accepted before: on the public site
    draft: bool = False  # the values shown are a draft kept for later
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return f"e-{self.slug}--"


def _values(record: dict) -> dict:
    media = record.get("media") or {}
    values = {name: record.get(name, "") for name in ("title", "summary", "start", "end", "edtf")}
    values.update(
        {name: ", ".join(record.get(name, [])) for name in ("topics", "places", "actors")}
    )
    values["media_url"] = media.get("url", "")
    values.update({name: bool(record.get(name)) for name in FLAGS})
    values["new_topic"] = ""
    return values


def load_reviews(article: Article) -> list[Review]:
    """The article's events as cards: a proposal's saved draft shown in place of its values."""
    reviews = []
    for record in article.records:
        published = record.get("status", "accepted") == "accepted"
        draft = record.get("draft") if not published else None
        values = {**_values(record), **(draft or {})}
        reviews.append(
            Review(
                record.get("slug", ""),
                record.get("quote", ""),
                values,
                "accept" if published else "pending",
                published,
                bool(draft),
            )
        )
    return reviews


def names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def new_topics(reviews: list[Review]) -> dict[str, str]:
    """The topics created on any card not rejected (slug: label): every card knows them."""
    created = {}
    for review in reviews:
        label = review.values.get("new_topic", "")
        if label and review.decision != "reject" and SLUG.fullmatch(slugify(label) or "-"):
            created.setdefault(slugify(label), label)
    return created


def read_form(reviews: list[Review], form, known_topics: set[str]) -> list[Review]:
    """The form's values on each card, every accepted card's fields checked."""
    for review in reviews:
        review.decision = form.get(review.prefix + "decision", review.decision)
        if review.decision not in DECISIONS:
            review.decision = "pending"
        for name in (*TEXTS, "new_topic"):
            if review.prefix + name in form:
                review.values[name] = form.get(review.prefix + name, "").strip()
        if review.prefix + "title" in form:  # the card was on the page: its boxes say
            for name in FLAGS:
                review.values[name] = form.get(review.prefix + name) == "on"
    known = known_topics | set(new_topics(reviews))
    for review in reviews:
        review.errors = (
            event_errors(review.values, review.quote, known) if review.decision == "accept" else {}
        )
    return reviews


def _date_errors(values: dict, quote: str) -> tuple[dict[str, str], dict[str, PartialDate]]:
    errors, dates = {}, {}
    for name in ("start", "end"):
        if not values.get(name):
            if name == "start" and not values.get("edtf"):
                errors[name] = f"Give the date: {DATE_HINT}."
            continue
        try:
            dates[name] = PartialDate.parse(values[name])
        except DateError as error:
            errors[name] = f"{error}. Write it as {DATE_HINT}."
    if "start" in dates and "end" in dates and dates["end"].sort_key < dates["start"].sort_key:
        errors["end"] = "The end is before the start."
    if values.get("open_ended") and values.get("end"):
        errors["end"] = "An event still going on has no end: clear the end or untick ongoing."
    if not (values.get("reported") or values.get("inferred")):
        errors.update(edtf_quote_errors(values, quote))
        for name, date in dates.items():
            if values.get("edtf"):
                break  # the form is checked against the sentence, not its plain dates
            if name not in errors and not quote_states_date(quote, date):
                errors[name] = (
                    f"The sentence does not give {date.iso} (it names neither that year nor "
                    "its month). Correct the date, or tick “Dated by the article” or “Dated "
                    "from the context” below."
                )
    return errors, dates


def event_errors(values: dict, quote: str, known_topics: set[str]) -> dict[str, str]:
    """Every problem of one event's values, in the desk's words, keyed by field."""
    errors, _form = _date_errors(values, quote)
    if not values.get("title"):
        errors["title"] = "Write a title: what happened, in a few words."
    errors.update(edtf_errors(values))
    unknown = [t for t in names(values.get("topics", "")) if slugify(t) not in known_topics]
    if unknown:
        errors["topics"] = (
            f"“{unknown[0]}” is not a topic yet: create it with “New topic”, or leave it out."
        )
    new_topic = values.get("new_topic", "")
    if new_topic and not SLUG.fullmatch(slugify(new_topic) or "-"):
        errors["new_topic"] = "A topic needs a name made of letters or digits."
    if values.get("media_url") and safe_url(values["media_url"]) is None:
        errors["media_url"] = "Give a web address starting with https:// (or http://)."
    return errors


@dataclass
class Marked:
    """A sentence of the article no event quotes, which the reviewer may make an event. Named
    by where it starts in the article, which never changes."""

    start: int
    quote: str
    values: dict = field(default_factory=lambda: {"mark": False, "title": "", "start": ""})
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return f"s{self.start}-"


def other_sentences(text: str, reviews: list[Review]) -> list[Marked]:
    """The article's sentences that no event quotes, in order."""
    quoted = [(text.find(r.quote), text.find(r.quote) + len(r.quote)) for r in reviews if r.quote]
    sentences = []
    for sentence in split_sentences(text):
        if len(sentence.text.split()) < 4:
            continue
        if any(low < sentence.end and sentence.start < high for low, high in quoted if low >= 0):
            continue
        sentences.append(Marked(sentence.start, sentence.text))
    return sentences


def read_marks(sentences: list[Marked], form) -> list[Marked]:
    """The sentences the reviewer marked as events, each date checked against its sentence."""
    marked = []
    for sentence in sentences:
        prefix = sentence.prefix
        if form.get(prefix + "mark") != "on":
            continue
        sentence.values = {
            "mark": True,
            "title": form.get(prefix + "title", "").strip() or draft_title(sentence.quote),
            "start": form.get(prefix + "start", "").strip(),
            "reported": form.get(prefix + "reported") == "on",
            "inferred": form.get(prefix + "inferred") == "on",
        }
        sentence.errors, _form = _date_errors(sentence.values, sentence.quote)
        marked.append(sentence)
    return marked


def fingerprint(form) -> str:
    """The identity of a sent form (its token aside): the same form sent twice is one publish."""
    items = sorted((key, value) for key in form for value in form.getlist(key) if key != "csrf")
    return hashlib.sha256(repr(items).encode()).hexdigest()[:16]


def publish(folder, database, edit: Publication, version: str, form) -> publishing.Published:
    """The cards' decisions written by the ingest side's publish, as one step of the history:
    against the version the form was made from, the form's fingerprint kept (StaleArticle,
    BuildError or OSError when it cannot be, every file then put back)."""
    edit.others = publishing.event_slugs(folder) - {review.slug for review in edit.reviews}
    return publishing.publish(folder, database, edit.source, version, edit, fingerprint(form))


class Publication:
    """The edit ``publishing.publish`` applies: the cards' decisions on the article's TOML
    (as the ingest side parsed it, so comments survive), new topics added. Remembers which
    card each written slug belongs to, so a build problem can be shown on its card."""

    def __init__(self, source_title, source, reviews, marked, known_topics, other_slugs=()):
        self.source_title, self.source, self.others = source_title, source, set(other_slugs)
        self.reviews, self.marked, self.known = reviews, marked, set(known_topics)
        self.cards: dict[str, Review | Marked] = {}

    def __call__(self, document, topics) -> str:
        records = {record.get("slug"): record for record in document.get("events", [])}
        taken = set(records) | self.others  # no slug another article's event has
        counts = {"accept": 0, "reject": 0, "draft": 0, "withdrawn": 0}
        kept = publishing.table_list()
        created = new_topics(self.reviews)
        for review in self.reviews:
            record = records.pop(review.slug)
            if review.decision == "reject":
                counts["reject"] += 1
                continue
            if review.decision == "accept":
                counts["accept"] += 1
                self._accept(record, review, created, taken)
            else:
                if review.published:  # taken off the timeline, back among the proposals
                    record["status"] = "proposed"
                    counts["withdrawn"] += 1
                if self._keep_draft(record, review):
                    counts["draft"] += 1
            self.cards[record["slug"]] = review
            kept.append(record)
        for record in records.values():  # not on the form (cannot happen at the same version)
            kept.append(record)
        for sentence in self.marked:
            record = _marked_record(sentence, self.source, taken)
            self.cards[record["slug"]] = sentence
            kept.append(record)
        document["events"] = kept
        self._add_topics(topics, created)
        return self._summary(counts)

    def _accept(self, record, review: Review, created: dict, taken: set[str]) -> None:
        values = review.values
        for name in ("title", "summary", "start"):
            record[name] = values[name]
        _set_or_drop(record, "end", values["end"])
        for name in FLAGS:
            _set_or_drop(record, name, True if values[name] else None)
        topics = [slugify(t) for t in names(values["topics"])]
        if values.get("new_topic") and slugify(values["new_topic"]) in created:
            topics.append(slugify(values["new_topic"]))
        record["topics"] = list(dict.fromkeys(topics))
        record["places"] = names(values["places"])
        record["actors"] = names(values["actors"])
        _set_or_drop(record, "media", {"url": values["media_url"]} if values["media_url"] else None)
        apply_edtf(record, values)
        _follow_title(record, review, taken)
        record["status"] = "accepted"
        _set_or_drop(record, "draft", None)

    @staticmethod
    def _keep_draft(record, review: Review) -> bool:
        """A proposal kept for later keeps its edits as a draft; True when it has one."""
        original = _values(record)
        changed = {
            name: value
            for name, value in review.values.items()
            if name != "new_topic" and value != original.get(name)
        }
        _set_or_drop(record, "draft", changed or None)
        return bool(changed)

    def _add_topics(self, topics, created: dict[str, str]) -> None:
        used = {
            slug
            for review in self.reviews
            if review.decision == "accept"
            for slug in [slugify(review.values.get("new_topic", ""))]
        }
        for slug, label in created.items():
            if slug in self.known or slug not in used:
                continue
            table = publishing.table(slug=slug, label=label, description=label)
            topics.setdefault("topics", publishing.table_list()).append(table)
            self.known.add(slug)

    def _summary(self, counts: dict[str, int]) -> str:
        parts = [f"{counts['accept']} accepted"] if counts["accept"] else []
        parts += [f"{counts['reject']} rejected"] if counts["reject"] else []
        parts += [f"{counts['withdrawn']} taken off the timeline"] if counts["withdrawn"] else []
        parts += [f"{counts['draft']} kept as drafts"] if counts["draft"] else []
        if self.marked:
            parts.append(f"{len(self.marked)} sentence{'s' * (len(self.marked) > 1)} marked")
        return f"“{self.source_title}”: " + (", ".join(parts) or "no change")


def _set_or_drop(record, name: str, value) -> None:
    if value is None or value == "":
        if name in record:
            del record[name]
    else:
        record[name] = value


def _follow_title(record, review: Review, taken: set[str]) -> None:
    """The slug made from the title: a proposal's freely until it is first published; a
    published event's former slug is kept, so its public address answers with a redirect."""
    old = record["slug"]
    start = PartialDate.parse(record["start"])
    wanted = event_slug(record["title"], start, taken - {old})
    if (
        wanted == old
        or len(wanted) > MAX_SLUG_LENGTH
        or re.fullmatch(rf"{re.escape(wanted)}(-\d+)?", old)
    ):
        taken.add(old)
        return
    taken.discard(old)
    taken.add(wanted)
    record["slug"] = wanted
    if review.published:
        former = [slug for slug in record.get("former_slugs", []) if slug != wanted]
        record["former_slugs"] = list(dict.fromkeys([*former, old]))


def _marked_record(sentence: Marked, source: str, taken: set[str]):
    """A sentence the reviewer marked, as an accepted event of the source."""
    start = PartialDate.parse(sentence.values["start"])
    slug = event_slug(sentence.values["title"], start, taken)
    table = publishing.table(
        slug=slug,
        status="accepted",
        title=sentence.values["title"],
        summary="",
        start=start.iso,
        source=source,
        quote=sentence.quote,
        quote_start=sentence.start,
    )
    for name in ("reported", "inferred"):
        if sentence.values.get(name):
            table[name] = True
    return table


# A build problem as the build words it ("extracted/x.toml: event #4 (slug): start 2011 is ..."),
# and the words of the desk for the usual ones.
_BUILD_PROBLEM = re.compile(
    r"extracted/(?P<source>[^/:]+)\.toml: event #\d+ \((?P<slug>[^)]*)\): "
    r"(?P<message>.*)"
)
_FIELDS = (
    ("start", "start"),
    ("end", "end"),
    ("open-ended", "end"),
    ("topics", "topics"),
    ("media", "media_url"),
    ("title", "title"),
    ("summary", "summary"),
    ("places", "places"),
    ("actors", "actors"),
)
_PLAIN = (
    (
        re.compile(r"mark the event reported = true or inferred = true"),
        "or tick “Dated by the article” or “Dated from the context”",
    ),
    (
        re.compile(r"slug '([^']+)' is used more than once.*"),
        r"Another event is called “\1” already: change the title.",
    ),
    (re.compile(r"\bis not in topics\.toml.*"), "is not a topic yet: create it with “New topic”."),
)


def plain(message: str) -> str:
    for pattern, words in _PLAIN:
        message = pattern.sub(words, message)
    return message[:1].upper() + message[1:]


def place_build_problems(message: str, source: str, cards: dict) -> list[str]:
    """Each line of a build failure put on the card and field it concerns, in the desk's
    words; the lines that concern no card of this article are returned (also in plain words)."""
    left = []
    for line in message.splitlines():
        line = line.removeprefix("- ").strip()
        found = _BUILD_PROBLEM.match(line)
        if not line or line.endswith("problems:"):
            continue
        card = cards.get(found["slug"]) if found and found["source"] == source else None
        if card is None:
            left.append(plain(found["message"] if found else line))
            continue
        text = found["message"]
        name = next((field for word, field in _FIELDS if text.startswith(word)), "card")
        if name not in card.values and name != "card":
            name = "start" if name in ("end", "topics", "media_url") else "card"
        card.errors.setdefault(name, plain(text))
    return left


LABELS = {
    "decision": N_("Decision"),
    "title": N_("Title"),
    "summary": N_("Summary"),
    "start": N_("Date"),
    "end": N_("End"),
    "topics": N_("Topics"),
    "places": N_("Places"),
    "actors": N_("People and organisations"),
    "media_url": N_("Picture or link"),
}
DECISION_WORDS = {"pending": N_("Keep for later"), "accept": N_("Accept"), "reject": N_("Reject")}


def _shown(name: str, value: str) -> str:
    """A differing value as the page shows it: a decision in the reader's words."""
    return _(value) if name == "decision" and value else value


def differences(now: list[Review], form) -> list[dict]:
    """What a page made from an older version says of each event, beside what the article says
    now: one entry per event that differs, each with its differing fields (yours, now)."""
    sent = [
        key[2:].removesuffix("--decision")
        for key in form
        if key.startswith("e-") and key.endswith("--decision")
    ]
    current = {review.slug: review for review in now}
    found = []
    for slug in sent:
        prefix = f"e-{slug}--"
        title = form.get(prefix + "title", "") or slug
        review = current.get(slug)
        if review is None:
            found.append(
                {
                    "title": title,
                    "change": _(
                        "is no longer in the article (rejected, or renamed, in another tab or "
                        "window)"
                    ),
                    "fields": [],
                }
            )
            continue
        yours = {"decision": DECISION_WORDS.get(form.get(prefix + "decision", ""), "")}
        yours.update({name: form.get(prefix + name, "").strip() for name in TEXTS})
        theirs = {"decision": DECISION_WORDS[review.decision], **review.values}
        fields = [
            (_(LABELS[name]), _shown(name, yours[name]), _shown(name, theirs.get(name, "")))
            for name in LABELS
            if yours[name] != theirs.get(name, "")
        ]
        if fields:
            found.append(
                {"title": review.values["title"] or slug, "change": "differs", "fields": fields}
            )
    for review in now:
        if review.slug not in sent:
            found.append(
                {
                    "title": review.values["title"],
                    "change": _("is new since you opened the page"),
                    "fields": [],
                }
            )
    return found


def marked_text(text: str, reviews: list[Review]) -> list[dict]:
    """The article's paragraphs, each event's sentence marked with a link to its card."""
    spans = {}
    for item in reviews:
        at = text.find(item.quote) if item.quote else -1
        if at >= 0:
            spans.setdefault(at, (at + len(item.quote), item.slug))
    pieces, position = [], 0
    for start in sorted(spans):
        end, slug = spans[start]
        if start < position:
            continue
        pieces.append({"text": text[position:start]})
        pieces.append({"text": text[start:end], "slug": slug})
        position = end
    pieces.append({"text": text[position:]})
    return [piece for piece in pieces if piece["text"]]
