"""What the new office's settings file says first: its identity, placeholders, examples.

Kept apart from writing the file so the document can be checked against
:class:`~lwcore.settings.office.OfficeSettings` before anything is written.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from dateutil.rrule import MONTHLY, TU, rrule

from lwcore.scaffold.request import (
    PLACEHOLDER_POSTCODE,
    PLACEHOLDER_STREET,
    PLACEHOLDER_WELFARE_ASSOCIATION,
    OfficeRequest,
)


def _next_second_tuesday(day: date) -> date:
    return rrule(MONTHLY, byweekday=TU(2), dtstart=day, count=1)[0].date()


def settings_document(request: OfficeRequest) -> dict[str, Any]:
    """The office's first settings: its identity, languages and one example of each block."""
    slug = request.slug
    return {
        "office": {
            "slug": slug,
            "name": f"lokal willkommen {request.name}",
            "districts": list(request.districts),
            "welfare_association": request.welfare_association,
            "welfare_law": request.welfare_law,
            "opened": request.opened,
            "address": {"street": request.street, "postcode": request.postcode},
        },
        "languages": [{"code": code} for code in request.languages],
        "consultation_hours": [
            {"weekday": "TU", "start": time(10), "end": time(12), "example": True}
        ],
        "round_tables": [
            {
                # Series keys are city-wide; the slug keeps this one unique.
                "key": f"{slug}_runder_tisch",
                "title": f"Runder Tisch {request.name}",
                "place": f"lokal willkommen {request.name}",
                "rrule": "FREQ=MONTHLY;BYDAY=2TU",
                "first": _next_second_tuesday(request.opened),
                "start_time": time(17),
                "duration_minutes": 90,
                "participants": ["lokal willkommen", "Bezirksvertretung", "Ehrenamtliche"],
                "example": True,
            }
        ],
    }


def settings_header(request: OfficeRequest) -> str:
    return (
        f"# lokal willkommen {request.name}: made with `lw office new` on "
        f"{request.opened.isoformat()}.\n"
        "# [office] is what was given; `opened` is the day the file was made. What\n"
        f'# was not given is a placeholder ("{PLACEHOLDER_STREET}", "{PLACEHOLDER_POSTCODE}",\n'
        f'# "{PLACEHOLDER_WELFARE_ASSOCIATION}"): `lw doctor` reports it until the\n'
        "# office fills in its own.\n"
        "# Every record marked `example = true` (consultation hours, round table) is\n"
        "# example data to be replaced by the office's own; `uv run lw config check`\n"
        "# says what is wrong, with file, key and line.\n"
    )
