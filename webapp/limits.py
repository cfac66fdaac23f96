"""Every limit the app enforces, declared once and read by the code, templates and OpenAPI."""

from __future__ import annotations

# Years BCE are negative (historical numbering: -300 is 300 BCE; there is no year 0). The range
# holds the Big Bang and the far future with room to spare; webapp/dates.py says how each shows.
MIN_YEAR = -100_000_000_000
MAX_YEAR = 100_000_000_000

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_Q_LENGTH = 200

# Matches are counted one by one only up to this many ("1,000+ events" past it), so a request's
# work is bounded whatever it asks; counts the build precomputed stay exact at any size. The
# TIMELINE_COUNT_CAP setting may lower or raise it.
COUNT_CAP = 1_000

# An export file holds at most this many events; a larger view continues in the next file
# (a Link: rel="next" header, and "next" in JSON), so no request does unbounded work.
EXPORT_MAX_EVENTS = 5_000

# What one record may hold, checked by every build (curated, imported or extracted): a page
# shows these, so none may be large enough to make it slow or fail.
MAX_TITLE_LENGTH = 300
MAX_SUMMARY_LENGTH = 10_000
MAX_QUOTE_LENGTH = 5_000
MAX_NAME_LENGTH = 200  # a topic, place or actor
MAX_NAMES = 50  # topics, places or actors on one event
MAX_SLUG_LENGTH = 120

# What one import may bring.
MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_EVENTS = 50_000

# The longest string or row the server's SQLite connection takes (SQLITE_LIMIT_LENGTH): a value
# longer than this built fine but failed every request that read it.
SQLITE_MAX_LENGTH = 10_000_000
# A media file of our own (db/media/) and a source's text (db/sources/*.txt) are kept in the
# database and served from it whole, so each is checked at build against one bound that leaves
# the rest of its row room under SQLITE_MAX_LENGTH.
MAX_MEDIA_FILE_BYTES = 8 * 1024 * 1024
MAX_SOURCE_TEXT_BYTES = 8 * 1024 * 1024

# Eras one view draws on its strip and one export carries, at most.
MAX_ERAS_SHOWN = 100

EMBED_DEFAULT_WIDTH = 600
EMBED_DEFAULT_HEIGHT = 480
EMBED_MIN_SIZE = 120
EMBED_MAX_SIZE = 4000


def as_dict() -> dict[str, int]:
    """The limits by name, for templates."""
    return {name: value for name, value in globals().items() if name.isupper()}


# The filter form lists this many places and as many people (the most frequent; any chosen too).
MAX_WHO_CHOICES = 30
