"""What the network tabs show: rows and labels, from plain records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Select

from lwcore.tui.i18n import _
from lwcore.tui.labels import topic_label
from lwcore.tui.record_labels import concern_status_label, offer_kind_label, weekday_label
from lwcore.tui.screens.round_tables import dated

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.records import Partner
    from lwcore.services import Services
    from lwcore.services.concerns import BarrierRecord, SuggestionRecord
    from lwcore.services.network import OfferSummary, VolunteerRecord

#: Longer lists are cut here (newest and unfinished first), so a table stays quick.
MAX_ROWS = 300
BARRIER_ORDER = ("open", "in_progress", "escalated", "resolved")
SUGGESTION_ORDER = ("new", "forwarded", "done")
#: The tab each key works in; the footer shows only the keys of the open tab.
TAB_OF_ACTION: dict[str, tuple[str, ...]] = {
    "add_volunteer": ("volunteers",),
    "new_offer": ("offers",),
    "record_attendance": ("offers",),
    "log_barrier": ("barriers",),
    "log_suggestion": ("suggestions",),
    "change_status": ("barriers", "suggestions"),
}


def partner_rows(
    directory: Directory,
    office: str,
    *,
    topic: str | None = None,
    language: str | None = None,
    district: str | None = None,
) -> list[Partner]:
    """The office's partners (city-wide ones included) matching the filters, by name."""
    listings = directory.partners(office=office, topic=topic, language=language)
    partners = [
        listing.partner
        for listing in listings
        if district is None or listing.partner.serves_district(district)
    ]
    return sorted(partners, key=lambda partner: (partner.name.casefold(), partner.key))


def partner_cells(directory: Directory, partner: Partner) -> tuple[str, ...]:
    return (
        partner.name,
        ", ".join(topic_label(directory, key) for key in partner.topics),
        ", ".join(partner.languages),
        ", ".join(partner.districts) or _("whole city"),
        _("(example)") if partner.example else "",
    )


def volunteer_cells(directory: Directory, volunteer: VolunteerRecord) -> tuple[str, ...]:
    topics = ", ".join(topic_label(directory, key) for key in volunteer.topics)
    days = ", ".join(weekday_label(day, "abbreviated") for day in volunteer.availability)
    return volunteer.label, ", ".join(volunteer.languages), topics, days


def offer_cells(offer: OfferSummary) -> tuple[str | Text, ...]:
    counts = (Text(str(n), justify="right") for n in (offer.sessions, offer.attendance))
    return offer.title, offer_kind_label(offer.kind), *counts


def barrier_cells(directory: Directory, barrier: BarrierRecord) -> tuple[str, ...]:
    logged = dated(barrier.created_at.astimezone(directory.deployment.zone).date())
    status, topic = concern_status_label(barrier.status), topic_label(directory, barrier.topic)
    return logged, status, topic, barrier.description, barrier.found_at, barrier.resolution


def suggestion_cells(suggestion: SuggestionRecord) -> tuple[str, ...]:
    status = concern_status_label(suggestion.status)
    return dated(suggestion.received_on), status, suggestion.text, suggestion.response


@dataclass(frozen=True)
class OfferList:
    today: date
    offers: list[OfferSummary]


def load_offers(services: Services, office: str) -> OfferList:
    return OfferList(services.context.today(), services.group_offers.offers(office))


def sorted_barriers(barriers: list[BarrierRecord]) -> list[BarrierRecord]:
    """Unfinished first, newest first within a state."""
    order = {status: index for index, status in enumerate(BARRIER_ORDER)}
    ranked = sorted(barriers, key=lambda row: (row.created_at, row.id), reverse=True)
    return sorted(ranked, key=lambda row: order.get(row.status, len(order)))[:MAX_ROWS]


def sorted_suggestions(suggestions: list[SuggestionRecord]) -> list[SuggestionRecord]:
    order = {status: index for index, status in enumerate(SUGGESTION_ORDER)}
    ranked = sorted(suggestions, key=lambda row: (row.received_on, row.id), reverse=True)
    return sorted(ranked, key=lambda row: order.get(row.status, len(order)))[:MAX_ROWS]


def chosen_value(select: Select[str]) -> str | None:
    value = select.value
    return value if isinstance(value, str) else None
