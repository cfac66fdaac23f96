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
