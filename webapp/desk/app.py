"""The review desk: a local editing app, separate from the public server (which never writes).

It binds to 127.0.0.1 unless told otherwise, and every request must carry the secret token
printed at start (as Jupyter does: the link sets a cookie, then the token leaves the URL). Every
write (POST) must come from the desk's own pages: its Origin (or Referer) is the desk's, and it
carries the form's CSRF token, derived from the secret.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, abort, redirect, render_template, request, url_for

from ..dates import DateError, PartialDate
from ..ingest.curated import BuildError, load_sources, read_toml
from ..ingest.documents import FORMATS, DocumentError, read_document
from ..ingest.extract import Vocabulary, add_sources, extract_document, publication_of
from ..settings import shipped
from ..slugs import SLUG, slugify
from . import review

COOKIE = "timeline-desk"


def create_desk(data_dir: Path, db_path: Path, token: str) -> Flask:
    app = Flask(
        __name__,
        static_folder=str(shipped("static")),
        template_folder=str(shipped("templates")),
    )
    app.config.update(DATA_DIR=Path(data_dir), DB_PATH=Path(db_path), TOKEN=token)
    app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024
    csrf = hmac.new(token.encode(), b"csrf", hashlib.sha256).hexdigest()
    app.jinja_env.globals.update(csrf=csrf, formats=FORMATS, decisions=review.DECISIONS)

    @app.before_request
    def guard():
        given = request.args.get("token")
        if given is not None and hmac.compare_digest(given, token):
            response = redirect(request.path)
            response.set_cookie(COOKIE, token, httponly=True, samesite="Strict")
            return response
        if not hmac.compare_digest(request.cookies.get(COOKIE, ""), token):
            abort(403, description="Open the desk with the link `timeline desk` printed.")
        if request.method == "POST":
            origin = request.headers.get("Origin") or request.headers.get("Referer") or ""
            parts = urlsplit(origin)
            if f"{parts.scheme}://{parts.netloc}" != request.host_url.rstrip("/"):
                abort(403, description="Writes come only from the desk's own pages.")
            if not hmac.compare_digest(request.form.get("csrf", ""), csrf):
                abort(403, description="The form is out of date: reload the page.")
        return None

    @app.after_request
    def headers(response):
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'"
        )
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(403)
    @app.errorhandler(404)
    def refused(error):
        return render_template("desk/error.html", error=error), error.code

    def _home_page(errors: dict, form) -> str:
        data = app.config["DATA_DIR"]
        return render_template(
            "desk/home.html",
            timeline=read_toml(data / "timeline.toml"),
            articles=_articles(data),
            can_restore=review.can_restore(data),
            form=form,
            errors=errors,
        )

    @app.get("/")
    def home():
        return _home_page({}, {})

    @app.post("/articles")
    def add_article():
        data = app.config["DATA_DIR"]
        form, errors = request.form, {}
        text = request.form.get("text", "")
        upload = request.files.get("file")
        if upload and upload.filename:
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                errors["file"] = (
                    "The file is not UTF-8 text: save it as text, Markdown, e-mail or HTML."
                )
        if not text.strip() and "file" not in errors:
            errors["text"] = "Paste the article here, or choose a file."
        title, outlet = form.get("title", "").strip(), form.get("outlet", "").strip()
        if not title:
            errors["title"] = "Give the article's title."
        if not outlet:
            errors["outlet"] = "Say who published it."
        published = None
        if form.get("published", "").strip():
            try:
                published = PartialDate.parse(form["published"].strip())
                if published.precision != "day":
                    raise DateError("give the full date")
            except DateError as error:
                errors["published"] = f"{error}: write it as 2023-06-12."
        slug = slugify(title)[:60].strip("-")
        if title and not SLUG.fullmatch(slug or "-"):
            errors["title"] = "The title needs letters or digits."
        elif slug and (data / "sources" / f"{slug}.toml").exists():
            errors["title"] = "There is an article with this title already: change the title."
        document = None
        if not errors:
            try:
                format_name = form.get("format") or None
                document = read_document(text, upload.filename if upload else "", format_name)
            except DocumentError as error:
                errors["text"] = str(error)
        if document is not None:
            published = published or document.published
            proposals = extract_document(document, published, Vocabulary.load(data))
            published = published or publication_of(proposals)
            if published is None:
                errors["published"] = "The article carries no date: give the day it was published."
        if errors:
            return _home_page(errors, form), 400
        meta = {
            "title": title, "outlet": outlet, "author": form.get("author", ""),
            "url": form.get("url", ""), "published": published.iso, "language": "en",
        }  # fmt: skip
        try:
            add_sources(data, [(slug, document.text, meta, proposals)])
        except (FileExistsError, BuildError) as error:
            return _home_page({"text": f"The article could not be added, nothing was: {error}"},
                              form), 400  # fmt: skip
        return redirect(url_for("article", slug=slug), code=303)

    @app.get("/articles/<slug>")
    def article(slug: str):
        data = app.config["DATA_DIR"]
        if not review.extracted_path(data, slug).exists():
            abort(404, description="No such article on this desk.")
        return _review_page(slug, review.load_reviews(data, slug), None)

    @app.post("/articles/<slug>")
    def save(slug: str):
        data = app.config["DATA_DIR"]
        if not review.extracted_path(data, slug).exists():
            abort(404, description="No such article on this desk.")
        known = {topic["slug"] for topic in review.topic_choices(data)}
        reviews = review.read_form(review.load_reviews(data, slug), request.form, known)
        sentences = review.other_sentences(load_sources(data)[slug].text, reviews)
        marked = review.read_marks(sentences, request.form)
        if any(r.errors for r in reviews) or any(m.errors for m in marked):
            return _review_page(slug, reviews, None, sentences), 400
        try:
            total = review.publish(data, app.config["DB_PATH"], slug, reviews, marked)
        except BuildError as error:
            return _review_page(slug, reviews, str(error), sentences), 400
        return redirect(url_for("article", slug=slug, published=total), code=303)

    @app.post("/restore")
    def restore():
        data = app.config["DATA_DIR"]
        if review.can_restore(data):
            review.restore(data, app.config["DB_PATH"])
        return redirect(url_for("home", restored=1), code=303)

    def _review_page(slug: str, reviews, problem: str | None, sentences=None):
        data = app.config["DATA_DIR"]
        source = load_sources(data)[slug]
        if sentences is None:
            sentences = review.other_sentences(source.text, reviews)
        return render_template(
            "desk/article.html",
            slug=slug,
            source=source,
            reviews=reviews,
            topics=review.topic_choices(data),
            problem=problem,
            published=request.args.get("published"),
            marked=_marked(source.text, reviews),
            sentences=sentences,
        )

    return app


def _articles(data_dir: Path) -> list[dict]:
    articles = []
    for path in sorted((data_dir / "extracted").glob("*.toml")):
        records = read_toml(path).get("events", [])
        pending = sum(1 for r in records if r.get("status") == "proposed")
        articles.append({"slug": path.stem, "pending": pending, "total": len(records)})
    return articles


def _marked(text: str, reviews) -> list[dict]:
    """The article's paragraphs, each proposal's sentence marked with a link to its form."""
    spans = {}
    for item in reviews:
        at = text.find(item.quote) if item.quote else -1
        if at >= 0:
            spans.setdefault(at, (at + len(item.quote), item.number))
    pieces, position = [], 0
    for start in sorted(spans):
        end, number = spans[start]
        if start < position:
            continue
        pieces.append({"text": text[position:start]})
        pieces.append({"text": text[start:end], "number": number})
        position = end
    pieces.append({"text": text[position:]})
    return [piece for piece in pieces if piece["text"]]
