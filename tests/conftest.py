"""Shared fixtures: a valid office settings document to vary in each test."""

from __future__ import annotations

import copy
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
REPO_CONFIG = REPO / "config"

_OFFICE: dict[str, Any] = {
    "office": {
        "slug": "testoffice",
        "name": "lokal willkommen Test",
        "districts": ["Eving"],
        "welfare_association": "Test e.V.",
        "welfare_law": "DSGVO",
        "opened": date(2020, 1, 6),
        "address": {"street": "Teststraße 1", "postcode": "44339"},
    },
    "languages": [{"code": "de"}, {"code": "ar", "speakers": ["Team"]}],
    "consultation_hours": [{"weekday": "MO", "start": time(10), "end": time(12)}],
    "partners": [
        {
            "key": "test_partner",
            "name": "Testpartner",
            "topics": ["birth"],
            "languages": ["de", "ar"],
        }
    ],
    "round_tables": [
        {
            "key": "rt_test",
            "title": "Runder Tisch Test",
            "place": "Büro",
            "rrule": "FREQ=WEEKLY;BYDAY=MO",
            "first": date(2026, 1, 5),
            "start_time": time(17),
            "duration_minutes": 60,
        }
    ],
}


@pytest.fixture
def office_document() -> dict[str, Any]:
    """A valid settings document for an office with slug ``testoffice``."""
    return copy.deepcopy(_OFFICE)
