"""The year heading over a group of events, said as their dates are when they all say one thing.

Events are filed under the year their date starts ("the 1990s" under 1990, "before 1200" under
1200). A heading "1990" over a card "the 1990s" would claim the year 1990, so a group whose
events all share one such date is headed by it; any other group by its year, as is a span
from one date to another ("1994 – c. 2004" starts in 1994, as a heading says).
"""

from __future__ import annotations

from ..dates import display_year


def heading_for(events: list[dict], year: int) -> str:
    """ "the 1990s" for a group of events all of the 1990s; else "1990"."""
    labels = {event.get("date_label") for event in events}
    label = labels.pop() if len(labels) == 1 else None
    if label is not None and " – " not in label:
        return label
    return display_year(year)
