"""Finding an event's quote in its source text.

Curators type straight quotes and plain spaces; articles use curly quotes, no-break spaces and
line breaks. Both sides are normalised before comparing, and the match is mapped back to character
offsets in the original text, so the source page highlights exactly what the article says.
"""

from __future__ import annotations

import re
from functools import lru_cache

_EQUIVALENT_CHARACTERS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
    }
)
_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=16)
def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise quotes and whitespace; return the text and each character's original offset.

    Cached: a source is normalised once, however many quotes are looked up in it.
    """
    translated = text.translate(_EQUIVALENT_CHARACTERS)
    characters: list[str] = []
    offsets: list[int] = []
    previous_was_space = True
    for offset, character in enumerate(translated):
        if character.isspace():
            if previous_was_space:
                continue
            character = " "
        characters.append(character)
        offsets.append(offset)
        previous_was_space = character == " "
    while characters and characters[-1] == " ":
        characters.pop()
        offsets.pop()
    return "".join(characters), offsets


def normalise(text: str) -> str:
    """The comparable form of a text: straight quotes, single spaces, trimmed."""
    return _WHITESPACE.sub(" ", text.translate(_EQUIVALENT_CHARACTERS)).strip()


def locate(needle: str, haystack: str, *, within: tuple[int, int] | None = None) -> tuple[int, int]:
    """The (start, end) offsets of ``needle`` in ``haystack``, comparing normalised forms.

    ``within`` limits the search to a span of the haystack (a phrase inside its quote).
    Raises LookupError when the needle is empty or absent.
    """
    wanted = normalise(needle)
    normal, offsets = normalise_with_offsets(haystack)
    if not wanted:
        raise LookupError("it is empty")
    low, high = within or (0, len(haystack))
    position = normal.find(wanted)
    while position != -1:
        start, end = offsets[position], offsets[position + len(wanted) - 1] + 1
        if low <= start and end <= high:
            return start, end
        position = normal.find(wanted, position + 1)
    raise LookupError("it is not in the source text")
