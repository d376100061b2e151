"""The cells of a period as the database counted them: how many records, and the sum
of their record keys (lwcore.services.perturbation's cell key comes from that sum).

The statistics and report queries fill these; lwcore.services.disclosure decides
what of them is released, exactly or perturbed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from attrs import frozen


@frozen
class Tally:
    """A cell as counted: how many records, and the sum of their record keys."""

    count: int
    keys: int

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.count + other.count, self.keys + other.keys)


NOTHING = Tally(0, 0)


@frozen
class PartnerTallies:
    referrals: Tally
    done: Tally
    unsuccessful: Tally
    open: Tally


@frozen
class PeriodTallies:
    """Every cell of one office (or all offices, ``office`` None) for [start, end]."""

    office: str | None
    start: date
    end: date
    consultations: Tally
    people: Tally
    quick_contacts: Tally
    households: Tally
    visits_done: Tally
    referrals: Tally
    by_topic: Mapping[str, Tally]
    by_language: Mapping[str, Tally]
    by_outcome: Mapping[str, Tally]
    by_topic_and_language: Mapping[tuple[str, str], Tally]
    by_partner: Mapping[str, PartnerTallies]


@frozen
class MonthTallies:
    """One calendar month of the period (``month``: its first day)."""

    month: date
    consultations: Tally
    referrals: Tally
    visits_done: Tally


@frozen
class SeriesTallies:
    """One round-table series: meetings held and the actions agreed at them."""

    office: str
    series: str
    meetings: Tally
    actions: Tally


@frozen
class OfferTallies:
    """One group offer: its sessions and how many came to them in all."""

    office: str
    title: str
    kind: str
    sessions: Tally
    attendance: Tally


@frozen
class ReportTallies:
    """The cells only reports show (lwcore.services.report_tables), as counted."""

    by_month: tuple[MonthTallies, ...]
    by_district: dict[str, Tally]
    referral_outcomes: dict[str, Tally]
    round_tables: tuple[SeriesTallies, ...]
    group_offers: tuple[OfferTallies, ...]
    volunteers: Tally
    volunteers_by_language: dict[str, Tally]
