"""What staff type on the command line: comma-separated lists, dates, an office."""

from __future__ import annotations

from lwcore.cli.context import Context, fail


def comma_list(text: str) -> list[str]:
    """``"de, fa,"`` as ``["de", "fa"]``: spaces and empty parts dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


def language_codes(text: str) -> list[str]:
    """ISO 639-1 codes as typed (``DE,fa``), in lower case; the service checks them."""
    return [code.lower() for code in comma_list(text)]


def typed_date(text: str | None) -> str | None:
    """A date as staff type it (2026-10-01 or 1.10.2026) as ISO text for a service."""
    from lwcore.dates import date_text

    return None if text is None else date_text(text)


def own_office(context: Context, office: str | None, option: str = "--office") -> str:
    """``--office`` if given (it must be installed), else the acting staff member's own
    office; staff who work across offices (coordinators) have to name one."""
    from lwcore.directory import UnknownOfficeError

    if office:
        try:
            context.directory.office(office)
        except UnknownOfficeError as error:
            fail(f"{option}: {error}")
        return office
    own = context.services.actor.office
    if not own:
        fail(
            f"{option}: name the office ({context.services.actor.describe()} has none of their own)"
        )
    return own
