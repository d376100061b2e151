"""Small-cell suppression: the figures that may leave an office.

Every figure that leaves an office (reports, exports, the city-wide view) is
an aggregate, and cells under 5 people are suppressed: in a district, "two
Tigrinya-speaking households asked about a residence permit" points at
people. So:

* primary suppression: every count from 1 to 4 is hidden, totals included
  (0 stays: it says nobody);
* secondary suppression: wherever figures add up to a total that is shown
  (languages to all consultations, one topic's languages to that topic, the
  partners' referrals to all referrals...), a single hidden figure could be
  computed back by subtraction; so while any such group has exactly one
  hidden member, the next smallest member of it is hidden too.

Groups that only roughly add up (a consultation can have several topics) are
treated as if they added up exactly: hiding one figure too many is cheaper
than revealing one. The office's own staff may see their own exact figures
on screen (:func:`exact`); everything else gets :func:`suppress`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from attrs import frozen

from lwcore.services.statistics import Count, PartnerCount, PeriodStatistics, TopicLanguageCount

#: The smallest count shown; fewer people than this are hidden.
SMALLEST_SHOWN = 5
#: How a hidden figure is written in CSV files and text tables (JSON uses null).
#: Not "<5": a figure hidden only because it would reveal a small one may
#: itself be 5 or more, and one mark for both does not say which is which.
HIDDEN_TEXT = "x"

#: A figure as released: the number, or None when it is hidden.
Cell = int | None
#: Names one figure while working out what to hide, e.g. ("language", "ar").
CellKey = tuple[str, ...]
#: A figure looked up by the parts of its key, None when hidden.
CellLookup = Callable[..., Cell]
Row = TypeVar("Row")

PARTNER_FIGURES = ("referrals", "done", "unsuccessful", "open")


@frozen
class DisclosedCount:
    key: str
    consultations: Cell


@frozen
class DisclosedTopicLanguageCount:
    topic: str
    language: str
    consultations: Cell


@frozen
class DisclosedPartnerCount:
    partner: str
    referrals: Cell
    done: Cell
    unsuccessful: Cell
    open: Cell


@frozen
class DisclosedStatistics:
    """:class:`PeriodStatistics` as they may be shown or exported: hidden figures are None.

    ``referrals`` is the total of the partners' referrals, given here because
    adding up the partner rows is no longer possible once some are hidden.
    ``suppressed`` says whether small cells were hidden (False: an office's
    own exact figures, for its own screen only).
    """

    office: str | None
    start: date
    end: date
    consultations: Cell
    people: Cell
    quick_contacts: Cell
    households: Cell
    visits_done: Cell
    referrals: Cell
    by_topic: tuple[DisclosedCount, ...]
    by_language: tuple[DisclosedCount, ...]
    by_outcome: tuple[DisclosedCount, ...]
    by_topic_and_language: tuple[DisclosedTopicLanguageCount, ...]
    by_partner: tuple[DisclosedPartnerCount, ...]
    suppressed: bool


def cell_text(cell: Cell) -> str:
    """A figure for a CSV file or a text table: the number, or ``x`` when hidden."""
    return HIDDEN_TEXT if cell is None else str(cell)


def exact(figures: PeriodStatistics) -> DisclosedStatistics:
    """Every figure as it is: for the office's own screen, never for an export."""
    return _disclosed(figures, hidden=set(), suppressed=False)


def suppress(figures: PeriodStatistics) -> DisclosedStatistics:
    """The figures with small cells hidden, and those that would give them away."""
    cells = _cells(figures)
    hidden = {key for key, value in cells.items() if 0 < value < SMALLEST_SHOWN}
    groups = _groups(figures)
    changed = True
    while changed:  # each round only hides more, so this ends
        changed = False
        for group in groups:
            extra = _second_to_hide(group, cells, hidden)
            if extra is not None:
                hidden.add(extra)
                changed = True
    return _disclosed(figures, hidden=hidden, suppressed=True)


# --- the cells and how they add up ---------------------------------------------------


def _referrals(figures: PeriodStatistics) -> int:
    return sum(partner.referrals for partner in figures.by_partner)


def _cells(figures: PeriodStatistics) -> dict[CellKey, int]:
    cells: dict[CellKey, int] = {
        ("total", "consultations"): figures.consultations,
        ("total", "people"): figures.people,
        ("total", "quick_contacts"): figures.quick_contacts,
        ("total", "households"): figures.households,
        ("total", "visits_done"): figures.visits_done,
        ("total", "referrals"): _referrals(figures),
    }
    for table, counts in _count_tables(figures):
        cells.update({(table, count.key): count.consultations for count in counts})
    for pair in figures.by_topic_and_language:
        cells[("topic_language", pair.topic, pair.language)] = pair.consultations
    for partner in figures.by_partner:
        for name in PARTNER_FIGURES:
            cells[("partner", partner.partner, name)] = getattr(partner, name)
    return cells


def _count_tables(figures: PeriodStatistics) -> tuple[tuple[str, tuple[Count, ...]], ...]:
    return (
        ("topic", figures.by_topic),
        ("language", figures.by_language),
        ("outcome", figures.by_outcome),
    )


#: A total and the figures that add up to it.
Group = tuple[CellKey, tuple[CellKey, ...]]


def _groups(figures: PeriodStatistics) -> list[Group]:
    consultations = ("total", "consultations")
    groups: list[Group] = [
        (consultations, tuple((table, count.key) for count in counts))
        for table, counts in _count_tables(figures)
    ]
    pairs = [(pair.topic, pair.language) for pair in figures.by_topic_and_language]
    for topic in dict.fromkeys(topic for topic, _language in pairs):
        parts = tuple(("topic_language", topic, lang) for t, lang in pairs if t == topic)
        groups.append((("topic", topic), parts))
    for language in dict.fromkeys(language for _topic, language in pairs):
        parts = tuple(("topic_language", t, language) for t, lang in pairs if lang == language)
        groups.append((("language", language), parts))
    partners = [partner.partner for partner in figures.by_partner]
    groups.append(
        (("total", "referrals"), tuple(("partner", key, "referrals") for key in partners))
    )
    for key in partners:
        statuses = tuple(("partner", key, name) for name in PARTNER_FIGURES[1:])
        groups.append((("partner", key, "referrals"), statuses))
    return groups


def _second_to_hide(
    group: Group, cells: dict[CellKey, int], hidden: set[CellKey]
) -> CellKey | None:
    """The member to hide so that a lone hidden member of ``group`` stays hidden.

    The smallest shown part that is not 0, else a shown 0, else the total.
    """
    total, parts = group
    if sum(1 for key in (total, *parts) if key in hidden) != 1:
        return None
    shown = sorted(
        (key for key in parts if key not in hidden),
        key=lambda key: (cells[key] == 0, cells[key], key),
    )
    if shown:
        return shown[0]
    return total if total not in hidden else None


# --- building the result -------------------------------------------------------------


def _disclosed(
    figures: PeriodStatistics, *, hidden: set[CellKey], suppressed: bool
) -> DisclosedStatistics:
    cells = _cells(figures)

    def cell(*key: str) -> Cell:
        return None if key in hidden else cells[key]

    def counts(table: str, rows: Iterable[Count]) -> tuple[DisclosedCount, ...]:
        return _ordered(
            (DisclosedCount(row.key, cell(table, row.key)) for row in rows),
            lambda row: row.consultations,
            lambda row: (row.key,),
        )

    return DisclosedStatistics(
        office=figures.office,
        start=figures.start,
        end=figures.end,
        consultations=cell("total", "consultations"),
        people=cell("total", "people"),
        quick_contacts=cell("total", "quick_contacts"),
        households=cell("total", "households"),
        visits_done=cell("total", "visits_done"),
        referrals=cell("total", "referrals"),
        by_topic=counts("topic", figures.by_topic),
        by_language=counts("language", figures.by_language),
        by_outcome=counts("outcome", figures.by_outcome),
        by_topic_and_language=_ordered(
            (_pair(pair, cell) for pair in figures.by_topic_and_language),
            lambda row: row.consultations,
            lambda row: (row.topic, row.language),
        ),
        by_partner=_ordered(
            (_partner(partner, cell) for partner in figures.by_partner),
            lambda row: row.referrals,
            lambda row: (row.partner,),
        ),
        suppressed=suppressed,
    )


def _pair(pair: TopicLanguageCount, cell: CellLookup) -> DisclosedTopicLanguageCount:
    return DisclosedTopicLanguageCount(
        pair.topic, pair.language, cell("topic_language", pair.topic, pair.language)
    )


def _partner(partner: PartnerCount, cell: CellLookup) -> DisclosedPartnerCount:
    key = partner.partner
    return DisclosedPartnerCount(key, *(cell("partner", key, name) for name in PARTNER_FIGURES))


def _ordered(
    rows: Iterable[Row], size: Callable[[Row], Cell], name: Callable[[Row], tuple[str, ...]]
) -> tuple[Row, ...]:
    """Largest shown figure first; hidden rows last, by name, so that their order
    says nothing about their size."""

    def rank(row: Row) -> tuple[bool, int, tuple[str, ...]]:
        value = size(row)
        return (value is None, -(value or 0), name(row))

    return tuple(sorted(rows, key=rank))
