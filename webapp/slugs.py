"""Slugs: the lowercase, hyphenated names in URLs and file names, made one way everywhere."""

from __future__ import annotations

import re

from anyascii import anyascii

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(name: str, longest: int | None = None) -> str:
    """``"Rīga Summit 2006"`` as ``"riga-summit-2006"``, "Rózsa Péter" as "rozsa-peter":
    transliterated to ASCII (anyascii, every script), lowercase letters and digits joined by
    hyphens, cut at ``longest`` characters (at a hyphen's edge) when given."""
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-")
    return slug if longest is None else slug[:longest].strip("-")


def unique_slug(base: str, used: set[str]) -> str:
    """``base``, else ``base-2``, ``base-3``, …: the first not in ``used``, which it joins.

    The one way a slug gives way to another (a second "summit" is "summit-2"), wherever slugs
    must not repeat: imported events, proposed events, a batch's articles."""
    slug, number = base, 2
    while slug in used:
        slug, number = f"{base}-{number}", number + 1
    used.add(slug)
    return slug
