"""The timeline's filters: request arguments in; parameterised SQL and plain words out.

``TimelineQuery.from_args`` is the only place request arguments are read. It validates every
value and raises ``InvalidQuery`` with a message a reader can act on. SQL is built here from fixed
fragments with named parameters; nothing a reader types is spliced into SQL or an FTS expression.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from ..dates import NO_YEAR_ZERO, DateError, PartialDate, display_year, display_years
from ..errors import InputError, Where
from ..limits import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_Q_LENGTH, MAX_YEAR, MIN_YEAR
from ..wording import N_, ngettext, number
from ..wording import gettext as _
from .schema import TEXT_COLUMNS, tag_token

_DIGITS = re.compile(r"[0-9]{1,9}")
_YEAR = re.compile(r"-?[0-9]{1,12}")
_YEAR_AND_MORE = re.compile(r"-?[0-9]{1,12}-[0-9]{2}(?:-[0-9]{2})?")
_WORD = re.compile(r"\w+")


class InvalidQuery(InputError, ValueError):
    """A request argument that cannot be used; the message says what to change, and ``field``
    names the argument at fault (a form marks that field invalid)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message, Where(field=field) if field else None)
        self.field = field


def _present(args: Mapping, name: str) -> str | None:
    """The argument's first value, stripped; an empty value counts as absent."""
    value = args.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _whole_number(
    args: Mapping, name: str, low: int, high: int, meaning: str, form=_DIGITS, hint: str = ""
) -> int | None:
    value = _present(args, name)
    if value is None:
        return None
    if not form.fullmatch(value) or not low <= int(value) <= high:
        raise InvalidQuery(
            _(
                "%(name)s must be %(meaning)s from %(low)s to %(high)s%(hint)s, not %(value)s",
                name=name, meaning=_(meaning), low=low, high=high, hint=_(hint) if hint else "",
                value=repr(value[:40]),
            ),
            field=name,
        )  # fmt: skip
    return int(value)


def _year(args: Mapping, name: str, finer: bool = False) -> int | None:
    """A year, negative for years BCE (``-300``); never 0, which no calendar has. ``finer``:
    the argument takes a month or a day as well, and its message says so."""
    hint = N_(" (negative for years BCE: -300 is 300 BCE)")
    if finer:
        hint = N_(" (negative for years BCE), or a month or a day: 2021-08, 2021-08-15")
    year = _whole_number(args, name, MIN_YEAR, MAX_YEAR, N_("a year"), form=_YEAR, hint=hint)
    if year == 0:
        raise InvalidQuery(f"{name}: {_(NO_YEAR_ZERO)}", field=name)
    return year


def _window_edge(args: Mapping, name: str) -> tuple[int | None, PartialDate | None]:
    """``from``/``to``: a year (``2021``, ``-14000000000``), or a month or day (``2021-08``,
    ``2021-08-15``), which narrows the window inside its year; (year, the finer date or None)."""
    value = _present(args, name)
    if value is None or not _YEAR_AND_MORE.fullmatch(value):
        return _year(args, name, finer=True), None
    try:
        date = PartialDate.parse(value)
    except DateError as error:
        raise InvalidQuery(f"{name}: {error}", field=name) from None
    return date.year, date


def _choices(args: Mapping, name: str, known: Collection[str]) -> tuple[str, ...]:
    """A repeatable argument's distinct values, each one of ``known``."""
    values = args.getlist(name) if hasattr(args, "getlist") else args.get(name, [])
    chosen = tuple(dict.fromkeys(value.strip() for value in values if value.strip()))
    for value in chosen:
        if value not in known:
            listed = ", ".join(sorted(known)[:20])
            raise InvalidQuery(
                _(
                    "unknown %(name)s %(value)s: choose from %(listed)s",
                    name=name, value=repr(value[:40]), listed=listed,
                ),
                field=name,
            )  # fmt: skip
    return chosen


def encode_cursor(last_id: int) -> str:
    """An opaque paging token: clients follow ``next`` links and never build one."""
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    prefix, _colon, digits = text.partition(":")
    if prefix != "after" or not _DIGITS.fullmatch(digits):
        raise InvalidQuery(_("cursor is not valid: follow the page's “more” link instead"))
    return int(digits)


def fts_expression(
    words: Collection[str], topics: Collection[str] = (), sources: Collection[str] = ()
) -> str:
    """Every word as a quoted FTS5 prefix term in the texts, all required (operators become plain
    words); and, when given, any of the topics and any of the sources, by their tag tokens."""
    texts = " ".join(f'"{word}"*' for word in words)
    parts = [f"{{{' '.join(TEXT_COLUMNS)}}} : ({texts})"]
    for kind, slugs in (("topic", topics), ("source", sources)):
        if slugs:
            tokens = " OR ".join(f'"{tag_token(kind, slug)}"' for slug in slugs)
            parts.append(f"tags : ({tokens})")
    return " AND ".join(parts)


@dataclass(frozen=True)
class TimelineQuery:
    """The filters of one timeline view, validated."""

    year: int | None = None
    from_year: int | None = None
    to_year: int | None = None
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    q: str | None = None
    limit: int = DEFAULT_PAGE_SIZE
    after: int = 0
    # ``from``/``to`` given as a month or a day (``2021-08``): the window within their years.
    from_date: PartialDate | None = None
    to_date: PartialDate | None = None
    # The link filters ("topics", "places", "people") in the order their indexes should drive a
    # walk, fewest events first (``with_drive_order``); not part of what the query means.
    drive_order: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_args(
        cls,
        args: Mapping,
        known_topics: Collection[str],
        known_sources: Collection[str] = (),
        known_places: Collection[str] = (),
        known_people: Collection[str] = (),
    ) -> TimelineQuery:
        """Read ``year``, ``from``, ``to``, ``topic``, ``source``, ``place`` and ``person``
        (repeatable), ``q``, ``limit`` and ``cursor``."""
        from_year, from_date = _window_edge(args, "from")
        to_year, to_date = _window_edge(args, "to")
        if from_year is not None and to_year is not None:
            first = from_date or PartialDate(from_year)
            last = to_date or PartialDate(to_year)
            if first.sort_key > _last_key(last):
                raise InvalidQuery(f"from ({first.iso}) must not be after to ({last.iso})", "from")
        cursor = _present(args, "cursor")
        return cls(
            year=_year(args, "year"),
            from_year=from_year,
            to_year=to_year,
            topics=_choices(args, "topic", known_topics),
            sources=_choices(args, "source", known_sources),
            places=_choices(args, "place", known_places),
            people=_choices(args, "person", known_people),
            q=cls._words(args),
            limit=_whole_number(args, "limit", 1, MAX_PAGE_SIZE, "a number") or DEFAULT_PAGE_SIZE,
            after=decode_cursor(cursor) if cursor else 0,
            from_date=from_date,
            to_date=to_date,
        )

    def with_drive_order(self, sizes: Mapping[str, Mapping[str, int]]) -> TimelineQuery:
        """This query, its link filters to be walked from the one with the fewest events
        (``sizes``: kind -> slug -> its event count, as the build counted them)."""
        chosen = {kind: getattr(self, kind) for kind in ("topics", "places", "people")}
        totals = {
            kind: sum(sizes.get(kind, {}).get(slug, 0) for slug in slugs)
            for kind, slugs in chosen.items()
            if slugs
        }
        return replace(self, drive_order=tuple(sorted(totals, key=totals.__getitem__)))

    @staticmethod
    def _words(args: Mapping) -> str | None:
        if len(args.get("q") or "") > MAX_Q_LENGTH:  # as sent, before trimming
            raise InvalidQuery(
                _("q is too long: use at most %(most)s characters", most=MAX_Q_LENGTH), field="q"
            )
        q = _present(args, "q")
        if q is None:
            return None
        if not _WORD.search(q):
            raise InvalidQuery(_("q needs at least one word of letters or digits"), field="q")
        return q

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.q or "")

    @property
    def match_expression(self) -> str:
        """Words, topics and sources in one search-index expression (see ``fts_expression``)."""
        return fts_expression(self.words, self.topics, self.sources)

    @property
    def year_bounds(self) -> tuple[int | None, int | None]:
        """The tightest [low, high] year window that ``year``, ``from`` and ``to`` allow."""
        lows = [y for y in (self.year, self.from_year) if y is not None]
        highs = [y for y in (self.year, self.to_year) if y is not None]
        return (max(lows) if lows else None, min(highs) if highs else None)

    @property
    def fine_from(self) -> PartialDate | None:
        """``from`` as a month or day, while it still names ``from_year`` (a copy of the query
        with ``from_year`` cleared has no finer ``from`` either)."""
        date = self.from_date
        return date if date is not None and date.year == self.from_year else None

    @property
    def fine_to(self) -> PartialDate | None:
        date = self.to_date
        return date if date is not None and date.year == self.to_year else None

    @property
    def fine_window(self) -> tuple[int, int] | None:
        """When ``from`` or ``to`` is a month or a day: the window as (first, last) date keys
        (``year * 10000 + month * 100 + day``, see ``EVENT_KEYS_SQL``); None for whole years."""
        if self.fine_from is None and self.fine_to is None:
            return None
        low, high = self.year_bounds
        first = self.fine_from or (PartialDate(low) if low is not None else None)
        last = self.fine_to or (PartialDate(high) if high is not None else None)
        return (
            first.sort_key if first else -(2**62),
            _last_key(last) if last else 2**62,
        )

    @property
    def has_year_filter(self) -> bool:
        return self.year_bounds != (None, None)

    @property
    def is_filtered(self) -> bool:
        return self.has_year_filter or bool(self.topics or self.sources or self.q or self.who)

    @property
    def who(self) -> bool:
        """True when the view is narrowed to places or people."""
        return bool(self.places or self.people)

    def to_args(self, **changes) -> dict:
        """The query as URL arguments, leaving out defaults; ``changes`` override fields first."""
        query = replace(self, **changes) if changes else self
        args = {
            "year": query.year,
            "from": query.fine_from.iso if query.fine_from else query.from_year,
            "to": query.fine_to.iso if query.fine_to else query.to_year,
            "topic": list(query.topics),
            "source": list(query.sources),
            "place": list(query.places),
            "person": list(query.people),
            "q": query.q,
            "limit": query.limit if query.limit != DEFAULT_PAGE_SIZE else None,
            "cursor": encode_cursor(query.after) if query.after else None,
        }
        return {name: value for name, value in args.items() if value not in (None, [])}

    def to_pairs(self, **changes) -> list[tuple[str, str]]:
        """``to_args`` as (name, value) pairs, repeatable arguments repeated: for query strings."""
        pairs = []
        for name, value in self.to_args(**changes).items():
            pairs += [(name, str(item)) for item in (value if isinstance(value, list) else [value])]
        return pairs

    def filter_pairs(self) -> list[tuple[str, str]]:
        """The filters alone, without page size or cursor: what an export of this view takes."""
        return self.to_pairs(after=0, limit=DEFAULT_PAGE_SIZE)

    def describe(
        self,
        total: int,
        span: tuple[int | None, int | None],
        labels: Mapping,
        exact: bool = True,
        source_titles: Mapping = MappingProxyType({}),
        names: Mapping = MappingProxyType({}),
    ) -> str:
        """The view in plain words: "7 events · Summits · 2004–2018", "10,000+ events · …"."""
        if exact:
            parts = [ngettext("%(num)s event", "%(num)s events", total)]
        else:
            parts = [_("%(num)s+ events", num=number(total))]
        parts += self.filter_words(labels, source_titles, names)
        if not self.has_year_filter and (years := _years_in_words(*span)):
            parts.append(years)
        return " · ".join(parts)

    def filter_words(
        self,
        labels: Mapping,
        source_titles: Mapping = MappingProxyType({}),
        names: Mapping = MappingProxyType({}),
    ) -> list[str]:
        """The filters alone, in plain words: ["Summits", "in Kabul", "with NATO", "matching
        “Kabul”", "2004–2018"]; ``names`` maps ("place" or "person", slug) to a name."""
        parts = []
        if self.topics:
            parts.append(_(" or ").join(labels.get(topic, topic) for topic in self.topics))
        if self.sources:
            titles = (f"“{source_titles.get(slug, slug)}”" for slug in self.sources)
            parts.append(_("from %(sources)s", sources=_(" or ").join(titles)))
        for kind, slugs, words in (
            ("place", self.places, N_("in %(names)s")),
            ("person", self.people, N_("with %(names)s")),
        ):
            if slugs:
                chosen = _(" or ").join(names.get((kind, slug), slug) for slug in slugs)
                parts.append(_(words, names=chosen))
        if self.q:
            parts.append(_("matching “%(words)s”", words=self.q))
        if self.year is not None:
            parts.append(display_year(self.year_bounds[0]))
        elif self.fine_window is not None:
            parts.append(self._dates_in_words())
        elif self.has_year_filter:
            parts.append(_years_in_words(*self.year_bounds))
        return parts

    def _dates_in_words(self) -> str:
        """A window of months or days in words: "August 2021 – September 2021"."""
        low, high = self.year_bounds
        first = self.fine_from or (PartialDate(low) if low is not None else None)
        last = self.fine_to or (PartialDate(high) if high is not None else None)
        if first and last:
            return first.display() if first == last else f"{first.display()} – {last.display()}"
        if first:
            return _("from %(date)s", date=first.display())
        return _("up to %(date)s", date=last.display())


def _last_key(date: PartialDate) -> int:
    """The date key of the last day ``date`` covers (a month's or a year's end, at most 31)."""
    return date.year * 10000 + (date.month or 12) * 100 + (date.day or 31)


# An event's first and last covered day as date keys, from its columns: a year-precision date
# covers its year, a month its month; an open-ended event runs to its source's year (end_year).
_MONTH = "nullif(CAST(substr({d}, length(CAST({y} AS TEXT)) + 2, 2) AS INTEGER), 0)"
_DAY = "nullif(CAST(substr({d}, length(CAST({y} AS TEXT)) + 5, 2) AS INTEGER), 0)"
_END = '(CASE WHEN e.open_ended THEN NULL ELSE coalesce(e."end", e.start) END)'
EVENT_START_KEY_SQL = (
    f"(e.start_year * 10000 + coalesce({_MONTH.format(d='e.start', y='e.start_year')}, 1) * 100"
    f" + coalesce({_DAY.format(d='e.start', y='e.start_year')}, 1))"
)
EVENT_END_KEY_SQL = (
    f"(e.end_year * 10000 + coalesce({_MONTH.format(d=_END, y='e.end_year')}, 12) * 100"
    f" + coalesce({_DAY.format(d=_END, y='e.end_year')}, 31))"
)


def fine_window_clause(query: TimelineQuery) -> tuple[str, dict] | None:
    """A row check keeping events that overlap a window of months or days, or None."""
    window = query.fine_window
    if window is None:
        return None
    clause = f"{EVENT_END_KEY_SQL} >= :fine_low AND {EVENT_START_KEY_SQL} <= :fine_high"
    return clause, {"fine_low": window[0], "fine_high": window[1]}


def _years_in_words(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return display_years(low, high)
    if low is not None:
        return _("from %(date)s", date=display_year(low))
    if high is not None:
        return _("up to %(date)s", date=display_year(high))
    return ""
