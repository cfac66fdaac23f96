"""The "Add an article" form: read, checked field by field, its errors in plain language.

A file chosen in the form cannot be put back into a file input after an error (browsers forbid
it), so its text comes back in the text box, with its name kept beside it: nothing chosen is
lost. A saved web page's or e-mail's own title, outlet and date fill the fields left empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dates import DateError, PartialDate
from ..ingest.documents import DocumentError, read_document
from ..ingest.extract import Vocabulary, extract_document, publication_of
from ..ingest.publishing import article_list, document_metadata, same_article
from ..slugs import SLUG, slugify

FIELDS = ("title", "outlet", "author", "url", "published", "text", "format", "file_name")


@dataclass
class ArticleForm:
    values: dict
    errors: dict[str, str] = field(default_factory=dict)
    existing: str | None = None  # the slug of the same article, when it is on the desk already
    slug: str = ""
    text: str = ""
    meta: dict = field(default_factory=dict)
    proposals: list = field(default_factory=list)

    @classmethod
    def from_request(cls, form, files) -> ArticleForm:
        """The form's values; a chosen file's text takes the text box's place."""
        values = {name: form.get(name, "").strip() for name in FIELDS}
        values["text"] = form.get("text", "")
        errors = {}
        upload = files.get("file")
        if upload and upload.filename:
            try:
                values["text"] = upload.read().decode("utf-8")
                values["file_name"] = upload.filename[-200:]
            except UnicodeDecodeError:
                errors["file"] = (
                    "The file is not UTF-8 text: save it as text, Markdown, e-mail or HTML."
                )
        return cls(values, errors)

    def validate(self, folder) -> dict[str, str]:
        """Every field's problem at once; on none, the article read and its events proposed."""
        values, errors = self.values, self.errors
        if not values["text"].strip() and "file" not in errors:
            errors["text"] = "Paste the article here, or choose a file."
        document = None
        if values["text"].strip():
            try:
                document = read_document(
                    values["text"], values["file_name"], values["format"] or None
                )
            except DocumentError as error:
                errors["text"] = f"The article could not be read: {error}."
        if document is not None:
            self._fill_from(document)
        self._check_fields(folder)
        if document is not None and not errors:
            self._propose(document, folder)
        return errors

    def _fill_from(self, document) -> None:
        """The fields left empty, filled from the document's own metadata."""
        found = document_metadata(document, self.values["text"])
        for name in ("title", "outlet", "author", "url"):
            if not self.values[name] and found.get(name):
                self.values[name] = found[name]

    def _check_fields(self, folder) -> None:
        values, errors = self.values, self.errors
        if not values["title"]:
            errors["title"] = "Give the article's title."
        if not values["outlet"]:
            errors["outlet"] = "Say who published it."
        if values["published"]:
            try:
                published = PartialDate.parse(values["published"])
                if published.precision != "day":
                    raise DateError("give the full date")
            except DateError as error:
                errors["published"] = f"{error}: write it as 2023-06-12."
        self.slug = slugify(values["title"])[:60].strip("-")
        articles = {article["slug"]: article["title"] for article in article_list(folder)}
        if values["title"] and not SLUG.fullmatch(self.slug or "-"):
            errors["title"] = "The title needs letters or digits."
        elif self.slug in articles:
            errors["title"] = (
                f"There is an article called “{articles[self.slug]}” already: change the title."
            )

    def _propose(self, document, folder) -> None:
        values = self.values
        self.existing = same_article(folder, document.text, values["url"])
        if self.existing:
            self.errors["text"] = "This article is on the desk already: open it below."
            return
        published = PartialDate.parse(values["published"]) if values["published"] else None
        published = published or document.published
        self.proposals = extract_document(document, published, Vocabulary.load(folder))
        published = published or publication_of(self.proposals)
        if published is None:
            self.errors["published"] = "The article carries no date: give the day it was published."
            return
        self.text = document.text
        self.meta = {
            "title": values["title"],
            "outlet": values["outlet"],
            "author": values["author"],
            "url": values["url"],
            "published": published.iso,
            "language": "en",
        }
