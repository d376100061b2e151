"""``lw partners``: who helps with which topic, in which languages."""

from __future__ import annotations

import click

from lwcore.cli.context import Context, emit_json, emit_table, fail, pass_context
from lwcore.vocabulary import is_iso639_1


@click.command("partners")
@click.option("--office", metavar="SLUG", help="Only this office's partners (and city-wide ones).")
@click.option("--topic", metavar="KEY", help="Only partners who help with this topic.")
@click.option("--language", metavar="CODE", help="Only partners serving this ISO 639-1 language.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array for scripts.")
@pass_context
def partners_command(
    context: Context,
    office: str | None,
    topic: str | None,
    language: str | None,
    as_json: bool,
) -> None:
    """List cooperation partners, filtered by office, topic and language."""
    directory = context.directory
    if office:
        context.office(office)
    if topic and topic not in directory.topics:
        fail(f"--topic: unknown topic {topic!r} (topics: {', '.join(sorted(directory.topics))})")
    if language and not is_iso639_1(language):
        fail(f"--language: {language!r} is not an ISO 639-1 language code")
    listings = directory.partners(office=office, topic=topic, language=language)
    if as_json:
        emit_json(
            [
                {
                    "key": listing.partner.key,
                    "name": listing.partner.name,
                    "office": listing.office,
                    "topics": list(listing.partner.topics),
                    "languages": list(listing.partner.languages),
                    "districts": list(listing.partner.districts),
                    "address": str(listing.partner.address) if listing.partner.address else None,
                    "contact": listing.partner.contact,
                    "opening_hours": listing.partner.opening_hours,
                    "bring": list(listing.partner.bring),
                    "example": listing.partner.example,
                }
                for listing in listings
            ]
        )
        return
    emit_table(
        [
            [
                listing.partner.key,
                listing.partner.name + (" (Beispiel)" if listing.partner.example else ""),
                listing.office or "(city-wide)",
                ", ".join(listing.partner.topics),
                ", ".join(listing.partner.languages),
            ]
            for listing in listings
        ],
        ["KEY", "NAME", "OFFICE", "TOPICS", "LANGUAGES"],
    )
