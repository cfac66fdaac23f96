"""The review desk: a local editing app, separate from the public server (which never writes).

It binds to 127.0.0.1 unless told otherwise and answers only to the Host it was started on.
Every request must carry the desk's secret: the link printed at start (as Jupyter does) sets a
cookie whose name and value are derived from the secret, so two desks on one machine never share
or overwrite one, and the token itself never travels in a cookie. Every write (POST) must come
from the desk's own pages: its Origin (or Referer) is the desk's, and it carries the form's CSRF
token, derived from the secret. Secrets are compared as bytes, so no input can make it fail.

One desk serves every timeline of its data folder: the default one at ``/``, each other at
``/t/<slug>/``. Every write goes through ``webapp.ingest.publishing``; the desk opens no file.
"""

from __future__ import annotations

import hashlib
import hmac
from os import PathLike
from urllib.parse import urlencode, urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)

from ..errors import BuildError
from ..ingest import publishing
from ..ingest.documents import FORMATS
from ..settings import shipped
from ..slugs import SLUG
from ..web import languages
from ..wording import gettext as _
from ..wording import ngettext
from . import review
from .forms import FIELDS, ArticleForm

bp = Blueprint("desk", __name__)


def derived(token: str, purpose: str) -> str:
    return hmac.new(token.encode(), purpose.encode(), hashlib.sha256).hexdigest()


def same_secret(given: str | None, expected: str) -> bool:
    """Compared as bytes: a non-ASCII token or cookie is simply wrong, never an error."""
    return hmac.compare_digest((given or "").encode("utf-8", "replace"), expected.encode())


def create_desk(
    data_dir: PathLike, db_path: PathLike, token: str, public_url: str = "", hosts=("localhost",)
) -> Flask:
    """The desk app for ``data_dir`` (whose own database is ``db_path``), opened by ``token``,
    answering to ``hosts`` (host or host:port), linking to the public site at ``public_url``."""
    app = Flask(
        __name__, static_folder=str(shipped("static")), template_folder=str(shipped("templates"))
    )
    app.config.update(
        DATA_DIR=data_dir,
        DB_PATH=db_path,
        TOKEN=token,
        HOSTS={*map(str.lower, hosts)},
        PUBLIC_URL=public_url.rstrip("/"),
        MAX_CONTENT_LENGTH=10 * 1024 * 1024,
        COOKIE=f"desk-{derived(token, 'cookie name')[:12]}",
        COOKIE_VALUE=derived(token, "cookie"),
        SECRET_KEY=derived(token, "session"),
        SESSION_COOKIE_SAMESITE="Strict",
    )
    app.config["SESSION_COOKIE_NAME"] = app.config["COOKIE"] + "-flash"
    app.jinja_env.globals.update(
        csrf=derived(token, "csrf"), formats=FORMATS, decisions=review.DECISIONS, here=here
    )
    languages.init_app(app)
    app.register_blueprint(bp)
    return app


def here(endpoint: str, **values) -> str:
    """The URL of ``endpoint`` in the timeline this request is about."""
    values.setdefault("timeline", (request.view_args or {}).get("timeline", ""))
    return url_for(endpoint, **values)


def route(rule: str, **options):
    """A view of one timeline: at ``rule`` for the default one, ``/t/<timeline>rule`` for others."""

    def register(view):
        bp.add_url_rule(rule, view_func=view, defaults={"timeline": ""}, **options)
        bp.add_url_rule(f"/t/<timeline>{rule}", view_func=view, **options)
        return view

    return register


@bp.before_app_request
def guard():
    config = current_app.config
    host = request.host.lower()
    if host not in config["HOSTS"] and host.split(":")[0] not in config["HOSTS"]:
        abort(400, description="This desk answers only at the address it printed when started.")
    given = request.args.get("token")
    if given is not None and same_secret(given, config["TOKEN"]):
        kept = [(name, value) for name, value in request.args.items(multi=True) if name != "token"]
        response = redirect(request.path + (f"?{urlencode(kept)}" if kept else ""))
        response.set_cookie(
            config["COOKIE"], config["COOKIE_VALUE"], httponly=True, samesite="Strict"
        )
        return response
    if not same_secret(request.cookies.get(config["COOKIE"]), config["COOKIE_VALUE"]):
        abort(403, description="Open the desk with the link `timeline desk` printed.")
    if request.method == "POST":
        origin = request.headers.get("Origin") or request.headers.get("Referer") or ""
        parts = urlsplit(origin)
        if f"{parts.scheme}://{parts.netloc}" != request.host_url.rstrip("/"):
            abort(403, description="Writes come only from the desk's own pages.")
        if not same_secret(request.form.get("csrf"), derived(config["TOKEN"], "csrf")):
            abort(403, description="The form is out of date: reload the page.")
    return None


@bp.after_app_request
def headers(response):
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_errorhandler(400)
@bp.app_errorhandler(403)
@bp.app_errorhandler(404)
@bp.app_errorhandler(413)
def refused(error):
    return render_template("desk/error.html", error=error), error.code


# --- the timeline being edited -------------------------------------------------------------


def timelines() -> list[dict]:
    found = publishing.timelines_of(current_app.config["DATA_DIR"])
    for timeline in found:
        if not timeline["slug"]:  # the folder's own: at the database the desk was given
            timeline["database"] = current_app.config["DB_PATH"]
    return found


def timeline_of(slug: str) -> dict:
    found = next((t for t in timelines() if t["slug"] == slug), None)
    if found is None:
        abort(404, description="There is no such timeline on this desk.")
    return found


def public_link(timeline: dict, source: str = "") -> str:
    """The public page of the timeline (or of its article), when the desk knows the site."""
    base = current_app.config["PUBLIC_URL"]
    if not base:
        return ""
    prefix = f"{base}/t/{timeline['slug']}" if timeline["slug"] else base
    return f"{prefix}/sources/{source}" if source else f"{prefix}/"


# --- the views ------------------------------------------------------------------------------


@route("/")
def home(timeline: str):
    return _home_page(timeline_of(timeline), ArticleForm(dict.fromkeys(FIELDS, "")), 200)


def _home_page(current: dict, form: ArticleForm, status: int):
    folder = current["folder"]
    page = render_template(
        "desk/home.html",
        timeline=current,
        settings=publishing.timeline_settings(folder),
        timelines=timelines(),
        articles=publishing.article_list(folder),
        steps=publishing.history(folder),
        form=form,
        errors=form.errors,
        notices=get_flashed_messages(with_categories=True),
        public=public_link(current),
    )
    return page, status


@route("/articles", methods=["POST"])
def add_article(timeline: str):
    current = timeline_of(timeline)
    form = ArticleForm.from_request(request.form, request.files)
    if form.validate(current["folder"]):
        return _home_page(current, form, 400)
    try:
        publishing.add_article(current["folder"], form.slug, form.text, form.meta, form.proposals)
    except (FileExistsError, BuildError) as error:
        form.errors["text"] = (
            f"The article could not be added, nothing was: {review.plain(str(error))}"
        )
        return _home_page(current, form, 400)
    return redirect(here("desk.article", slug=form.slug), code=303)


@route("/articles/<slug>")
def article(timeline: str, slug: str):
    current = timeline_of(timeline)
    found = _article_or_404(current, slug)
    return _review_page(current, found, review.load_reviews(found), None, 200)


def _article_or_404(current: dict, slug: str) -> publishing.Article:
    found = publishing.read_article(current["folder"], slug) if SLUG.fullmatch(slug) else None
    if found is None:
        abort(404, description="There is no such article on this desk.")
    return found


@route("/articles/<slug>", methods=["POST"])
def publish(timeline: str, slug: str):
    current = timeline_of(timeline)
    folder, found = current["folder"], _article_or_404(current, slug)
    version = request.form.get("version", "")
    if version != found.version:
        return _stale_or_repeated(current, found)
    source = publishing.source_of(folder, slug)
    known = {topic["slug"] for topic in publishing.topic_choices(folder)}
    reviews = review.read_form(review.load_reviews(found), request.form, known)
    sentences = review.other_sentences(source.text, reviews)
    marked = review.read_marks(sentences, request.form)
    if any(r.errors for r in reviews) or any(m.errors for m in marked):
        return _review_page(current, found, reviews, None, 400, sentences)
    edit = review.Publication(source.title, slug, reviews, marked, known)
    try:
        done = review.publish(folder, current["database"], edit, version, request.form)
    except publishing.StaleArticle:
        return _stale_or_repeated(current, publishing.read_article(folder, slug))
    except BuildError as error:
        left = review.place_build_problems(str(error), slug, edit.cards)
        return _review_page(current, found, reviews, left, 400, sentences)
    except OSError as error:  # a full disk, a file in the way: every file was put back
        left = [f"the files could not be written ({error.strerror or error})."]
        return _review_page(current, found, reviews, left, 503, sentences)
    return _published(current, slug, done, set(edit.cards))


def _stale_or_repeated(current: dict, found: publishing.Article):
    """A form made from an older version: the same form sent again (a double-click, a reload)
    is the publish already done; any other is refused, showing what differs."""
    steps = [s for s in publishing.history(current["folder"]) if s.source == found.source]
    sent = request.form.get("version", "")
    if steps and (steps[0].before, steps[0].after, steps[0].fingerprint) == (
        sent,
        found.version,
        review.fingerprint(request.form),
    ):
        flash(_("Published: %(summary)s.", summary=steps[0].summary), "published")
        return redirect(here("desk.article", slug=found.source), code=303)
    reviews = review.load_reviews(found)
    differences = review.differences(reviews, request.form)
    return _review_page(current, found, reviews, None, 409, differences=differences)


def _published(current: dict, slug: str, done: publishing.Published, slugs=frozenset()):
    flash(
        ngettext(
            "Published: the timeline now holds %(num)s event. %(summary)s.",
            "Published: the timeline now holds %(num)s events. %(summary)s.",
            done.events,
            summary=done.step.summary,
        ),
        "published",
    )
    for warning in done.warnings:  # an ambiguous place this article's events name: to review
        if any(f"(event {event!r})" in warning for event in slugs):
            flash(f"Check this place: {warning}.", "places")
    return redirect(here("desk.article", slug=slug), code=303)


def _review_page(current, found, reviews, problems, status, sentences=None, differences=None):
    source = publishing.source_of(current["folder"], found.source)
    if sentences is None:
        sentences = review.other_sentences(source.text, reviews)
    page = render_template(
        "desk/article.html",
        timeline=current,
        slug=found.source,
        version=found.version,
        source=source,
        reviews=reviews,
        topics=publishing.topic_choices(current["folder"]),
        problems=problems or [],
        notices=get_flashed_messages(with_categories=True),
        marked=review.marked_text(source.text, reviews),
        sentences=sentences,
        differences=differences,
        steps=publishing.history(current["folder"])[: publishing.KEPT_STEPS],
        public=public_link(current, found.source),
    )
    return page, status


@route("/restore", methods=["POST"])
def restore(timeline: str):
    current = timeline_of(timeline)
    back = request.form.get("back", "")
    try:
        done = publishing.restore(
            current["folder"], current["database"], request.form.get("step", "")
        )
    except KeyError:
        flash(_("That step is no longer in the history: nothing was changed."), "problem")
    except (BuildError, OSError) as error:
        flash(
            _("The timeline could not be restored, so nothing was changed: %(error)s", error=error),
            "problem",
        )
    else:
        flash(
            ngettext(
                "%(summary)s: the timeline now holds %(num)s event.",
                "%(summary)s: the timeline now holds %(num)s events.",
                done.events,
                summary=done.step.summary,
            ),
            "published",
        )
    if back and publishing.read_article(current["folder"], back) is not None:
        return redirect(here("desk.article", slug=back), code=303)
    return redirect(here("desk.home"), code=303)
