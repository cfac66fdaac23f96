"""Synthetic timelines for scale: ``timeline demo-data --events N``.

Events are generated a year at a time in chronological order and streamed into the ordinary build
code, so a million events never sit in memory together. Dates spread over eight centuries, more
of them recent, with mixed precision; some events are ranges and a few are open-ended; each has one
to three topics, one or two places and up to two actors (named as often as names are in an
archive), and words common and rare enough to exercise search.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from ..dates import PartialDate
from .records import Dataset, Event, Source

FIRST_YEAR, LAST_YEAR = 1200, 2025
PUBLISHED = PartialDate(2025, 12, 31)
TOPICS = [
    ("politics", "Politics"), ("war", "War and peace"), ("science", "Science"),
    ("trade", "Trade"), ("religion", "Religion"), ("art", "Art"), ("disaster", "Disasters"),
    ("exploration", "Exploration"), ("law", "Law"), ("health", "Health"),
    ("technology", "Technology"), ("sport", "Sport"),
]  # fmt: skip
TOPIC_WEIGHTS = [20, 14, 10, 10, 6, 6, 5, 4, 8, 6, 8, 3]
# Real places (so the gazetteer puts them on the map) and people, each named as often as Zipf's
# law has names in an archive: the n-th most frequent about 1/n as often as the first.
PLACES = [
    "Venice", "Lisbon", "Baku", "Kyiv", "Cairo", "Delhi", "Kyoto", "Lima", "Quebec", "Tunis",
    "Krakow", "Bruges", "Samarkand", "Timbuktu", "Malacca", "Antwerp", "Seville", "Tabriz",
    "Novgorod", "Zanzibar", "Hanoi", "Cusco", "Dublin", "Riga", "Tbilisi", "Aleppo",
    "Genoa", "Marseille", "Hamburg", "Lubeck", "Bergen", "Danzig", "Florence", "Naples",
    "Toledo", "Granada", "Fez", "Marrakesh", "Alexandria", "Damascus", "Baghdad", "Isfahan",
    "Herat", "Kabul", "Lahore", "Calicut", "Goa", "Colombo", "Ayutthaya", "Canton", "Nanjing",
    "Beijing", "Seoul", "Nagasaki", "Manila", "Batavia", "Mombasa", "Kilwa", "Luanda",
    "Mexico City", "Havana", "Boston", "Philadelphia", "Montreal", "Buenos Aires", "Rio de Janeiro",
]  # fmt: skip
ACTORS = [
    "the council", "the guild", "the assembly", "the crown", "the city", "the university",
    "the merchants", "the bishops", "the admiralty", "the press", "the court", "the senate",
    "the academy", "the bank", "the navy", "the parliament", "the league", "the company",
    "the regency", "the chapter", "the synod", "the diet", "the duma", "the cortes",
    "the board of trade", "the royal society", "the red cross", "the union", "the consulate",
    "the patriarchate",
]  # fmt: skip
PLACE_WEIGHTS = [1 / rank for rank in range(1, len(PLACES) + 1)]
ACTOR_WEIGHTS = [1 / rank for rank in range(1, len(ACTORS) + 1)]
SUBJECTS = [
    "treaty", "harbour", "bridge", "charter", "observatory", "fleet", "market", "library",
    "cathedral", "railway", "canal", "hospital", "printing press", "embassy", "fortress",
    "expedition", "census", "festival", "plague", "flood", "earthquake", "election", "tariff",
    "telescope", "vaccine", "museum", "stadium", "archive",
]  # fmt: skip
VERBS = [
    "signs", "opens", "completes", "founds", "bans", "rebuilds", "funds", "reforms", "closes",
    "records", "announces", "celebrates", "mourns", "debates",
]  # fmt: skip
RARE = ["quasar", "zeppelin", "obelisk", "astrolabe", "gazetteer", "palimpsest", "sextant"]


def _year_weights() -> list[float]:
    """More events in recent centuries, as in any archive."""
    return [1.0 + ((year - FIRST_YEAR) / 100) ** 2 for year in range(FIRST_YEAR, LAST_YEAR + 1)]


def events_per_year(total: int, rng: random.Random) -> list[int]:
    """``total`` split across the years by weight, exactly."""
    weights = _year_weights()
    scale = total / sum(weights)
    counts = [int(weight * scale) for weight in weights]
    for index in rng.sample(range(len(counts)), total - sum(counts)):
        counts[index] += 1
    return counts


def _date(rng: random.Random, year: int) -> PartialDate:
    precision = rng.random()
    if precision < 0.35:
        return PartialDate(year)
    month = rng.randint(1, 12)
    if precision < 0.6:
        return PartialDate(year, month)
    return PartialDate(year, month, rng.randint(1, 28))


def _end(rng: random.Random, start: PartialDate) -> PartialDate | None:
    """About one event in ten is a range, up to forty years long."""
    if rng.random() >= 0.1:
        return None
    year = min(LAST_YEAR, start.year + rng.choice((0, 1, 1, 2, 3, 5, 8, 13, 20, 40)))
    end = _date(rng, year)
    return end if end.sort_key > start.sort_key else None


def generate_events(total: int, seed: int, source: Source) -> Iterator[Event]:
    """``total`` events in chronological order."""
    rng = random.Random(seed)
    topic_slugs = [slug for slug, _ in TOPICS]
    number = 0
    for year, count in zip(
        range(FIRST_YEAR, LAST_YEAR + 1), events_per_year(total, rng), strict=True
    ):
        starts = sorted((_date(rng, year) for _ in range(count)), key=lambda d: d.sort_key)
        ends = [_end(rng, start) for start in starts]
        order = sorted(
            range(count), key=lambda i: (starts[i].sort_key, (ends[i] or starts[i]).sort_key)
        )
        for index in order:
            number += 1
            yield _event(rng, number, starts[index], ends[index], topic_slugs, source)


def _event(rng, number, start, end, topic_slugs, source) -> Event:
    subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    # One place for most events, two for some; one actor, none or two now and then.
    places = list(dict.fromkeys(rng.choices(PLACES, PLACE_WEIGHTS, k=rng.choice((1, 1, 1, 2)))))
    actors = list(dict.fromkeys(rng.choices(ACTORS, ACTOR_WEIGHTS, k=rng.choice((0, 1, 1, 2)))))
    place, actor = places[0], actors[0] if actors else "the people"
    topics = list(dict.fromkeys(rng.choices(topic_slugs, TOPIC_WEIGHTS, k=rng.randint(1, 3))))
    rare = f" A {rng.choice(RARE)} is mentioned." if rng.random() < 0.01 else ""
    open_ended = end is None and start.year >= 1990 and rng.random() < 0.05
    title = f"{actor.capitalize()} {verb} the {subject} of {place}"
    preposition = "since" if open_ended else ("on" if start.precision == "day" else "in")
    when = f"{preposition} {start.display()}"
    return Event(
        slug=f"event-{number}",
        title=title,
        source=source,
        quote_start=None,
        quote_end=None,
        unverified_quote=f"{title} {when}.{rare}",
        provenance=source.imported_from,
        summary=f"In {place}, {actor} {verb} the {subject}; generated event number {number}.",
        start=start,
        end=end,
        open_ended=open_ended,
        topics=topics,
        places=places,
        actors=actors,
    )


def demo_dataset(total: int, seed: int) -> tuple[Dataset, Iterator[Event]]:
    """The dataset frame (title, topics, source) and a stream of its ``total`` events."""
    source = Source(
        slug="demo",
        title=f"Generated timeline of {total:,} events",
        outlet="timeline demo-data",
        author="",
        published=PUBLISHED,
        language="en",
        text="",
        imported_from=f"generated by timeline demo-data (seed {seed})",
    )
    topics = [
        {"slug": slug, "label": label, "description": f"Generated events about {label.lower()}.",
         "position": position}
        for position, (slug, label) in enumerate(TOPICS)
    ]  # fmt: skip
    dataset = Dataset(
        settings={
            "title": f"Demo timeline ({total:,} events)",
            "description": "Synthetic events for measuring speed at scale.",
        },
        topics=topics,
        sources={"demo": source},
        events=[],
        notes=[],
        stamp=f"demo-{total}-{seed}",
    )
    return dataset, generate_events(total, seed, source)
