"""Media on an event: an image, or a link to a video, a sound, a post, a map or a page.

A media record is ``{url, caption, credit, thumbnail, alt, kind, provider}``; only safe addresses
are kept (``https:``, ``http:``, ``//host/...``). A file of the curated data's own, in
``db/media/``, is written ``media/NAME`` and served by us (see ``checks.MediaFiles``); an
imported file's site-relative path names a file we do not have, so it is a warning. TimelineJS also
takes embed HTML as a media "url": a blockquote becomes the quoted text with its credit (and its
first link), an ``<iframe>`` or ``<embed>`` becomes a link card to the address it embeds, and no
script or iframe is ever kept. What cannot be kept is said in a warning, never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..limits import MAX_NAME_LENGTH, MAX_QUOTE_LENGTH
from .html_text import embedded_sources, html_links, html_to_text

MEDIA_FIELDS = ("url", "caption", "credit", "thumbnail", "alt")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")
VIDEO_SUFFIXES = (".mp4", ".webm", ".ogv", ".mov")
AUDIO_SUFFIXES = (".mp3", ".ogg", ".oga", ".wav", ".m4a", ".flac")
# host (or its last parts) -> (kind, provider). Known image hosts serve the picture itself only
# at these addresses; a page about a picture (commons.wikimedia.org/wiki/File:...) is a page.
PROVIDERS = {
    "youtube.com": ("video", "YouTube"), "youtu.be": ("video", "YouTube"),
    "vimeo.com": ("video", "Vimeo"), "dailymotion.com": ("video", "Dailymotion"),
    "wistia.com": ("video", "Wistia"), "tiktok.com": ("video", "TikTok"),
    "soundcloud.com": ("audio", "SoundCloud"), "spotify.com": ("audio", "Spotify"),
    "twitter.com": ("post", "Twitter"), "x.com": ("post", "X"),
    "instagram.com": ("post", "Instagram"), "bsky.app": ("post", "Bluesky"),
    "facebook.com": ("post", "Facebook"), "flickr.com": ("page", "Flickr"),
    "flic.kr": ("page", "Flickr"), "imgur.com": ("page", "Imgur"),
    "wikipedia.org": ("page", "Wikipedia"), "wikimedia.org": ("page", "Wikimedia Commons"),
    "google.com": ("page", "Google"), "documentcloud.org": ("document", "DocumentCloud"),
    "knightlab.com": ("page", "Knight Lab"),
}  # fmt: skip
MAP_PATH = re.compile(r"^/maps\b")


class MediaProblem(ValueError):
    """Media that cannot be kept; the message says what and why."""


@dataclass
class Media:
    url: str | None = None
    caption: str = ""
    credit: str = ""
    thumbnail: str | None = None
    alt: str = ""
    kind: str = "page"  # image, video, audio, post, map, document, page, quote
    provider: str = ""
    quote: str = ""  # a blockquote's words, for kind "quote"
    warnings: list[str] = field(default_factory=list)

    def record(self) -> dict:
        """The fields worth keeping, as the curated data and the API hold them."""
        values = {
            "url": self.url,
            "caption": self.caption,
            "credit": self.credit,
            "thumbnail": self.thumbnail,
            "alt": self.alt,
            "kind": self.kind,
            "provider": self.provider,
            "quote": self.quote,
        }
        if not (self.url or self.quote or self.caption):
            return {}
        return {name: value for name, value in values.items() if value}


def safe_url(raw: str) -> str | None:
    """``raw`` as an address we may link or load: http(s), protocol-relative as https; None for
    anything else (``javascript:``, ``data:``, a path on another site)."""
    text = (raw or "").strip()
    if text.startswith("//"):
        text = "https:" + text
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc and not re.search(r"\s", text):
        return text
    return None


def classify(url: str) -> tuple[str, str]:
    """(kind, provider) for an address: an image by its file type, a video or post by its host."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    path = parts.path.lower()
    known = next(
        (found for end, found in PROVIDERS.items() if host == end or host.endswith("." + end)),
        None,
    )
    provider = known[1] if known else host
    if kind := _by_suffix(path):
        return kind, provider
    if host.endswith("google.com") and MAP_PATH.match(parts.path):
        return "map", "Google Maps"
    if path.endswith(".pdf"):
        return "document", provider
    return (known[0] if known else "page"), provider


def _by_suffix(path: str) -> str | None:
    if path.endswith(IMAGE_SUFFIXES):
        return "image"
    if path.endswith(VIDEO_SUFFIXES):
        return "video"
    if path.endswith(AUDIO_SUFFIXES):
        return "audio"
    return None


def _short(text: str, longest: int) -> str:
    return text if len(text) <= longest else text[: longest - 1].rstrip() + "…"


def media_from(raw: object, where: str) -> Media | None:
    """A TimelineJS-style media object (url, caption, credit, thumbnail, alt) as ``Media``, or
    None when it holds nothing worth keeping; warnings name ``where``."""
    if not isinstance(raw, dict):
        return None
    values = {name: str(raw.get(name) or "").strip() for name in MEDIA_FIELDS}
    if not any(values.values()):
        return None
    media = Media(
        caption=_short(html_to_text(values["caption"]), MAX_QUOTE_LENGTH),
        credit=_short(html_to_text(values["credit"]), MAX_NAME_LENGTH),
        alt=_short(html_to_text(values["alt"]), MAX_NAME_LENGTH),
    )
    address = values["url"]
    if address.startswith("<"):
        _from_embed_html(media, address, where)
    elif address:
        media.url = safe_url(address)
        if media.url is None:
            media.warnings.append(
                f"{where}: media url {address[:60]!r} is not a web address "
                "(a path on its own site?); it was left out: copy the file "
                "into db/media/ and write media/NAME"
            )
    if media.url and media.kind != "quote":
        media.kind, media.provider = classify(media.url)
    thumbnail = values["thumbnail"]
    if thumbnail:
        media.thumbnail = safe_url(thumbnail)
        if media.thumbnail is None:
            media.warnings.append(f"{where}: media thumbnail {thumbnail[:60]!r} was left out")
    if not (media.url or media.quote or media.caption):
        return media if media.warnings else None
    return media


def _from_embed_html(media: Media, html: str, where: str) -> None:
    """Embed HTML as TimelineJS takes it: keep the words of a blockquote and the address of an
    embed; never a script or an iframe."""
    if re.match(r"<blockquote\b", html, re.IGNORECASE):
        media.kind, media.quote = "quote", _short(html_to_text(html), MAX_QUOTE_LENGTH)
        link = next(filter(None, map(safe_url, reversed(html_links(html)))), None)
        media.url = link
        if link:
            media.provider = classify(link)[1]
        if "<script" in html.lower():
            media.warnings.append(f"{where}: the media's <script> was left out (its text is kept)")
        return
    embedded = [safe_url(src) for src in embedded_sources(html)]
    media.url = next((src for src in embedded if src), None)
    if media.url:
        media.warnings.append(f"{where}: embedded media became a link to {media.url[:80]}")
    else:
        media.warnings.append(
            f"{where}: media HTML {html[:40]!r} holds no address to link; it was left out"
        )
