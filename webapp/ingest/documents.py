"""Articles as people have them: plain text, Markdown, e-mail, or a saved web page.

Each becomes a ``Document``: the text the source will keep (every quote is a slice of it, so it
is the file itself, except for a web page, whose main text is taken out of the HTML by
trafilatura), what the file says of its own publication (an e-mail's ``Date:`` header, a page's
metadata), and where its statements begin (after an e-mail's headers). The format is told from
the content; ``--format`` overrides it.
"""

from __future__ import annotations

import email.errors
import email.header
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

from ..dates import DateError, PartialDate
from ..errors import InputError
from .page_cleaner import Deadline, TooSlow, bounded_page

FORMATS = ("text", "markdown", "email", "html")

_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,60}:[ \t]")
_MAIL_HEADERS = {"date", "from", "subject", "to", "message-id", "received", "return-path"}
_HTML = re.compile(r"<(?:!doctype html|html|head|body|article|div|p)\b", re.IGNORECASE)
_SUBJECT = re.compile(r"^Subject:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.MULTILINE | re.IGNORECASE)
# A Subject is read this far at most: a title of MAX_TITLE_LENGTH characters, encoded.
MAX_SUBJECT_CHARS = 16_000
# Seconds reading one file may take (an uploaded page or e-mail): see read_document.
READ_TIME_LIMIT = 10.0
_MARKDOWN = re.compile(r"^(?:#{1,6}\s|\s{0,3}[*+-]\s|\s{0,3}\d{1,3}[.)]\s)|\]\(", re.MULTILINE)


class DocumentError(InputError, ValueError):
    """A file that cannot be read as the format it claims."""


@dataclass
class Document:
    text: str
    format: str
    published: PartialDate | None = None
    title: str | None = None
    # Statements start here: an e-mail's headers are not statements, except its date line.
    body_start: int = 0
    # The span of the line that dates the publication (an e-mail's Date: header), if any.
    date_line: tuple[int, int] | None = None


def detect_format(raw: str, name: str = "") -> str:
    """The format of ``raw``: e-mail by its headers, a web page by its tags, Markdown by its
    headings, lists or links (or a .md name), else plain text."""
    head = raw.lstrip("\ufeff")[:4000]
    if _looks_like_mail(head):
        return "email"
    if _HTML.search(head[:2000]):
        return "html"
    if Path(name).suffix.lower() in (".md", ".markdown") or len(_MARKDOWN.findall(head)) >= 2:
        return "markdown"
    return "text"


def _looks_like_mail(head: str) -> bool:
    """Header lines from the first line to the first blank one, naming at least two of the
    usual headers (Date, From, Subject, ...)."""
    names = set()
    for line in head.splitlines():
        if not line.strip():
            break
        if line[:1] in " \t":  # a folded header line
            continue
        if not _HEADER_LINE.match(line):
            return False
        names.add(line.split(":", 1)[0].lower())
    return len(names & _MAIL_HEADERS) >= 2 and "date" in names


def read_document(raw: str, name: str = "", format: str | None = None) -> Document:
    """``raw`` (a file's text) as a Document of ``format``, detected when not given.

    Reading is linear in the file and stopped past READ_TIME_LIMIT seconds with a DocumentError
    that says so (the clock is looked at between steps and inside our own parsing loops)."""
    format = format or detect_format(raw, name)
    deadline = Deadline(READ_TIME_LIMIT)
    try:
        if format == "email":
            return _email(raw, deadline)
        if format == "html":
            return _web_page(raw, deadline)
    except TooSlow as error:
        raise DocumentError(
            f"the file took too long to read ({error}): it is not an article of a usual shape; "
            "paste its text instead"
        ) from error
    if format not in FORMATS:
        raise DocumentError(f"unknown format {format!r}: give one of {', '.join(FORMATS)}")
    return Document(raw, format)


def _email(raw: str, deadline: Deadline) -> Document:
    """The message kept whole, verbatim; its Date header dates the publication, its Subject is
    the title, and its statements are the body's."""
    separator = re.search(r"\r?\n\r?\n", raw)
    body_start = separator.end() if separator else len(raw)
    published, date_line = None, None
    date_header = re.search(r"^Date:[ \t]*(.+)$", raw[:body_start], re.MULTILINE)
    if date_header:
        try:
            moment = parsedate_to_datetime(date_header.group(1).strip())
            published = PartialDate.parse(moment.date().isoformat())
            date_line = date_header.span()
        except (TypeError, ValueError, DateError):
            published = None
    subject = _subject(raw[:body_start], deadline)
    return Document(raw, "email", published, subject, body_start, date_line)


def _subject(headers: str, deadline: Deadline) -> str | None:
    """The Subject header, its encoded words (RFC 2047) decoded, in linear time.

    The e-mail package's header parser (policy.default) takes time quadratic in the number of
    encoded words, so the header is found here, cut to ``MAX_SUBJECT_CHARS`` (far more than a
    title of MAX_TITLE_LENGTH characters needs, encoded) and decoded by ``decode_header``.
    """
    found = _SUBJECT.search(headers)
    if found is None:
        return None
    folded = found.group(1)[:MAX_SUBJECT_CHARS]
    unfolded = re.sub(r"\r?\n(?=[ \t])", "", folded)
    deadline.check()
    try:
        subject = str(email.header.make_header(email.header.decode_header(unfolded)))
    except (email.errors.HeaderParseError, LookupError, UnicodeError, ValueError):
        subject = unfolded  # an encoded word that does not decode: kept as written
    deadline.check()
    return " ".join(subject.split()) or None


def _web_page(raw: str, deadline: Deadline) -> Document:
    """The page's main text (trafilatura drops menus, footers and scripts) with the date and
    title its metadata gives; the page is first bounded (page_cleaner.py), so its time is
    linear."""
    import trafilatura  # imported here: only saved pages need it, and it is slow to load

    page = bounded_page(raw, deadline)
    text = trafilatura.extract(page, include_comments=False, include_tables=False)
    deadline.check()
    if not text:
        raise DocumentError("no article text found in the page")
    metadata = trafilatura.extract_metadata(page)
    deadline.check()
    published = None
    if metadata is not None and metadata.date:
        try:
            published = PartialDate.parse(metadata.date[:10])
        except DateError:
            published = None
    title = metadata.title if metadata is not None else None
    return Document(text + "\n", "html", published, title)
