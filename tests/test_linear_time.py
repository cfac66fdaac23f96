"""The extractor's time is linear in its input, for inputs built to make it otherwise.

Each case is run at two sizes eight times apart; linear work takes about eight times as long,
quadratic about sixty-four. Ratios, not absolute times, so a busy machine does not decide.
"""

from __future__ import annotations

import pytest

from tests.helpers import GROWTH, best_seconds
from webapp.ingest.date_mentions import find_dates
from webapp.ingest.extract import draft_title, extract
from webapp.ingest.sentences import split_sentences

ADVERSARIAL = {
    "a date then a sea of spaces": (extract, lambda n: "1 January" + " " * (40 * n)),
    "one sentence naming many years": (
        extract,
        lambda n: " and ".join(f"in {1000 + i % 1000}" for i in range(n)) + " it rained.",
    ),
    "a year again and again": (extract, lambda n: "in 1999 " * n),
    "abbreviation-like dots": (split_sentences, lambda n: "a. " * (2 * n)),
    "unclosed brackets in a title": (draft_title, lambda n: "Then (" * n + " it ended"),
    "digits and spaces for the date patterns": (find_dates, lambda n: "12 " * (3 * n)),
    "month names without years": (find_dates, lambda n: "May June " * n),
}


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_time_grows_linearly_with_the_input(name):
    function, make = ADVERSARIAL[name]
    small, large = make(500), make(500 * GROWTH)
    best_seconds(function, small)  # warm caches (the segmenter, compiled patterns)
    ratio = best_seconds(function, large) / max(best_seconds(function, small), 1e-4)
    assert ratio < GROWTH * 3, f"{name}: {GROWTH}x the input took {ratio:.0f}x the time"


def test_one_sentence_yields_a_bounded_number_of_dates():
    sentence = "It rained " + " and ".join(f"in {1000 + i}" for i in range(800)) + "."
    assert len(find_dates(sentence)) == 60
