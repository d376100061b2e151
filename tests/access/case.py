"""The shape of one access case: a service call, the records it needs, what it must leave.

Each ``cases_*.py`` module lists ``CASES`` for one group of services;
``test_isolation_and_audit.py`` runs every case twice: as another office's
staff (refused, nothing changed) and as the office's own staff (exactly the
audit entries the case expects: one per call that reads or changes personal data).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from attrs import frozen

from lwcore.services import Services


@frozen
class AccessCase:
    """``prepare`` makes the records the call needs, acting as the lead of the office
    it is given; ``call`` is the service call under test, given those records."""

    method: str  # "HouseholdService.get": the completeness test matches these
    prepare: Callable[[Services, str], Any]
    call: Callable[[Services, str, Any], object]
    #: How many audit entries one call leaves: one for a call that reads or changes
    #: personal data, none for figures or records that name nobody, one in each
    #: office for a call that concerns two (a household handed over).
    audit_entries: int = 1
    #: Another office's staff must be refused (False only for office-free calls).
    office_bound: bool = True
    #: The call asks for a record by its id: another office's is to them as one that
    #: does not exist (NotFound, as for an unknown id; tests/test_no_oracle_records.py).
    by_id: bool = False

    def __str__(self) -> str:
        return self.method
