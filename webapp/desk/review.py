"""Reviewing an article's proposals: the form's values checked field by field, then written.

The extracted file (``extracted/<source>.toml``) is edited with tomlkit, so its comments and
layout survive; a topic created on the spot is appended to ``topics.toml`` the same way. Nothing
is written while any field is wrong, and what is written is checked by building the whole
timeline: if the build fails, the files are put back. The state before each publish is kept, so
a mistaken publish can be undone.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit

from ..dates import DateError, PartialDate
from ..ingest.build import build as build_database
from ..ingest.curated import BuildError, load_topics, quote_states_date, read_toml
from ..ingest.extract import draft_title, event_slug
from ..ingest.media import safe_url
from ..ingest.sentences import split_sentences
from ..slugs import SLUG, slugify
from .date_form_field import apply_edtf, edtf_errors

DECISIONS = ("pending", "accept", "reject")
EDITABLE = ("title", "summary", "start", "end", "edtf", "topics", "places", "actors", "media_url")
BACKUP = ".desk-previous"


@dataclass
class Review:
    """One proposal as the form shows it: its values and, after a failed save, its errors."""

    number: int
    slug: str
    quote: str
    values: dict
    decision: str = "pending"
    errors: dict[str, str] = field(default_factory=dict)


def extracted_path(data_dir: Path, source: str) -> Path:
    return data_dir / "extracted" / f"{source}.toml"


def load_reviews(data_dir: Path, source: str) -> list[Review]:
    """The source's proposals (and the events accepted from it) as review rows."""
    document = read_toml(extracted_path(data_dir, source))
    reviews = []
    for number, record in enumerate(document.get("events", [])):
        media = record.get("media") or {}
        values = {
            "title": record.get("title", ""),
            "summary": record.get("summary", ""),
            "start": record.get("start", ""),
            "end": record.get("end", ""),
            "edtf": record.get("edtf", ""),
            "open_ended": bool(record.get("open_ended")),
            "topics": ", ".join(record.get("topics", [])),
            "places": ", ".join(record.get("places", [])),
            "actors": ", ".join(record.get("actors", [])),
            "media_url": media.get("url", ""),
        }
        decision = "accept" if record.get("status", "accepted") == "accepted" else "pending"
        reviews.append(
            Review(number, record.get("slug", ""), record.get("quote", ""), values, decision)
        )
    return reviews


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def read_form(reviews: list[Review], form, known_topics: set[str]) -> list[Review]:
    """The form's values on each review, every field checked; errors in plain language."""
    for review in reviews:
        prefix = f"p{review.number}-"
        review.decision = form.get(prefix + "decision", review.decision)
        if review.decision not in DECISIONS:
            review.decision = "pending"
        for name in EDITABLE:
            if prefix + name in form:
                review.values[name] = form.get(prefix + name, "").strip()
        review.values["open_ended"] = form.get(prefix + "open_ended") == "on"
        review.values["new_topic"] = form.get(prefix + "new_topic", "").strip()
        review.errors = _errors(review, known_topics) if review.decision == "accept" else {}
    return reviews


def _errors(review: Review, known_topics: set[str]) -> dict[str, str]:
    values, errors = review.values, {}
    if not values["title"]:
        errors["title"] = "Write a title: what happened, in a few words."
    dates = {}
    for name in ("start", "end"):
        if not values[name]:
            if name == "start" and not values.get("edtf"):
                errors[name] = (
                    "Give the date: a year (1865), a month (1865-05) or a day (1865-05-17)."
                )
            continue
        try:
            dates[name] = PartialDate.parse(values[name])
        except DateError as error:
            errors[name] = f"{error}. Write it as 1865, 1865-05 or 1865-05-17 (-300 for 300 BCE)."
    if "start" in dates and "end" in dates and dates["end"].sort_key < dates["start"].sort_key:
        errors["end"] = "The end is before the start."
    if values["open_ended"] and values["end"]:
        errors["end"] = "An event still going on has no end: clear the end or untick ongoing."
    errors.update(edtf_errors(values))
    unknown = [t for t in _names(values["topics"]) if slugify(t) not in known_topics]
    if unknown:
        errors["topics"] = (
            f"“{unknown[0]}” is not a topic yet: create it with “New topic”, or leave it out."
        )
    new_topic = values.get("new_topic", "")
    if new_topic and not SLUG.fullmatch(slugify(new_topic) or "-"):
        errors["new_topic"] = "A topic needs a name made of letters or digits."
    if values["media_url"] and safe_url(values["media_url"]) is None:
        errors["media_url"] = "Give a web address starting with https:// (or http://)."
    return errors


@dataclass
class Marked:
    """A sentence of the article no proposal quotes, which the reviewer may make an event."""

    number: int
    start: int
    quote: str
    values: dict = field(default_factory=lambda: {"mark": False, "title": "", "start": ""})
    errors: dict[str, str] = field(default_factory=dict)


def other_sentences(text: str, reviews: list[Review]) -> list[Marked]:
    """The article's sentences that no proposal quotes, in order."""
    quoted = [(text.find(r.quote), text.find(r.quote) + len(r.quote)) for r in reviews if r.quote]
    sentences = []
    for sentence in split_sentences(text):
        if len(sentence.text.split()) < 4:
            continue
        if any(low < sentence.end and sentence.start < high for low, high in quoted if low >= 0):
            continue
        sentences.append(Marked(len(sentences), sentence.start, sentence.text))
    return sentences


def read_marks(sentences: list[Marked], form) -> list[Marked]:
    """The sentences the reviewer marked as events, each with its date checked."""
    marked = []
    for sentence in sentences:
        prefix = f"s{sentence.number}-"
        if form.get(prefix + "mark") != "on":
            continue
        sentence.values = {
            "mark": True,
            "title": form.get(prefix + "title", "").strip() or draft_title(sentence.quote),
            "start": form.get(prefix + "start", "").strip(),
        }
        try:
            PartialDate.parse(sentence.values["start"])
        except DateError as error:
            sentence.errors["start"] = (
                f"{error}. Give the date this sentence tells of: 1865, 1865-05 or 1865-05-17."
            )
        marked.append(sentence)
    return marked


def publish(
    data_dir: Path, db_path: Path, source: str, reviews: list[Review], marked: list[Marked] = ()
) -> int:
    """Write the decisions (accepted events, rejected ones removed, pending ones kept) and
    rebuild; on a failed build put every file back and raise BuildError. Returns the events
    the timeline holds."""
    path = extracted_path(data_dir, source)
    topics_path = data_dir / "topics.toml"
    _keep_previous(data_dir, [path, topics_path])
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    topics_document = tomlkit.parse(
        topics_path.read_text(encoding="utf-8") if topics_path.exists() else ""
    )
    known = {topic["slug"] for topic in topics_document.get("topics", [])}
    kept = tomlkit.aot()
    for review, record in zip(reviews, document.get("events", []), strict=True):
        if review.decision == "reject":
            continue
        if review.decision == "accept":
            _apply(record, review.values, topics_document, known)
            record["status"] = "accepted"
        kept.append(record)
    taken = {record.get("slug") for record in kept}
    for sentence in marked:
        kept.append(_marked_record(sentence, source, taken))
    document["events"] = kept
    path.write_text(tomlkit.dumps(document), encoding="utf-8")
    topics_path.write_text(tomlkit.dumps(topics_document), encoding="utf-8")
    try:
        return build_database(data_dir, db_path).events
    except BuildError:
        restore(data_dir, rebuild=None)
        raise


def _apply(record, values: dict, topics_document, known: set[str]) -> None:
    """The form's values on one TOML record, only where they say something."""
    record["title"] = values["title"]
    record["summary"] = values["summary"]
    record["start"] = values["start"]
    if values["end"]:
        record["end"] = values["end"]
    elif "end" in record:
        del record["end"]
    if values["open_ended"]:
        record["open_ended"] = True
    elif "open_ended" in record:
        del record["open_ended"]
    topics = [slugify(t) for t in _names(values["topics"])]
    if values.get("new_topic"):
        slug = slugify(values["new_topic"])
        if slug not in known:
            table = tomlkit.table()
            table.update(slug=slug, label=values["new_topic"], description=values["new_topic"])
            topics_document.setdefault("topics", tomlkit.aot()).append(table)
            known.add(slug)
        topics.append(slug)
    record["topics"] = list(dict.fromkeys(topics))
    record["places"] = _names(values["places"])
    record["actors"] = _names(values["actors"])
    if values["media_url"]:
        record["media"] = {"url": values["media_url"]}
    if apply_edtf(record, values):
        return
    # The reviewer has checked the date against the sentence: one it does not state is kept as
    # dated from the context, which the build accepts.
    start = PartialDate.parse(values["start"])
    if not quote_states_date(record.get("quote", ""), start) and not record.get("reported"):
        record["inferred"] = True


def _marked_record(sentence: Marked, source: str, taken: set[str]):
    """A sentence the reviewer marked, as an accepted event of the source."""
    start = PartialDate.parse(sentence.values["start"])
    slug = event_slug(sentence.values["title"], start, taken)
    table = tomlkit.table()
    table.update(slug=slug, status="accepted", title=sentence.values["title"], summary="",
                 start=start.iso, source=source, quote=sentence.quote,
                 quote_start=sentence.start)  # fmt: skip
    if not quote_states_date(sentence.quote, start):
        table["inferred"] = True
    return table


def _keep_previous(data_dir: Path, paths: list[Path]) -> None:
    backup = data_dir / BACKUP
    shutil.rmtree(backup, ignore_errors=True)
    backup.mkdir()
    for path in paths:
        if path.exists():
            target = backup / path.relative_to(data_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def can_restore(data_dir: Path) -> bool:
    return (data_dir / BACKUP).is_dir()


def restore(data_dir: Path, rebuild: Path | None) -> None:
    """The files as they were before the last publish; rebuilt into ``rebuild`` if given."""
    backup = data_dir / BACKUP
    for saved in backup.rglob("*"):
        if saved.is_file():
            shutil.copy2(saved, data_dir / saved.relative_to(backup))
    shutil.rmtree(backup, ignore_errors=True)
    if rebuild is not None:
        build_database(data_dir, rebuild)


def topic_choices(data_dir: Path) -> list[dict]:
    return load_topics(data_dir) if (data_dir / "topics.toml").exists() else []
