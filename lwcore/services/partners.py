"""Which partner to refer to: those that help with the topic, best match first."""

from __future__ import annotations

from attrs import frozen

from lwcore.directory import Directory
from lwcore.records import Partner


@frozen
class RankedPartner:
    partner: Partner
    office: str | None
    speaks_language: bool
    serves_district: bool


def rank_partners(
    directory: Directory,
    office: str,
    topic: str,
    *,
    language: str | None = None,
    district: str | None = None,
) -> list[RankedPartner]:
    """Partners of ``office`` (and city-wide ones) that help with ``topic``.

    Those that serve the visitor's language come first, then those that
    serve the household's district; ties by name. A partner listing no
    districts serves the whole city.
    """
    ranked = [
        RankedPartner(
            partner=listing.partner,
            office=listing.office,
            speaks_language=language is None or language in listing.partner.languages,
            serves_district=district is None or listing.partner.serves_district(district),
        )
        for listing in directory.partners(office=office, topic=topic)
    ]
    return sorted(
        ranked,
        key=lambda item: (not item.speaks_language, not item.serves_district, item.partner.name),
    )
