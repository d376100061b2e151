"""One office's staff cannot read or change another's records through any service,
and every call that reads or changes personal data leaves exactly one audit entry
(a household handed over to another office: one in each office).

The cases come from the ``cases_*.py`` modules beside this file; a test
below fails when a public method of a service that holds personal data has
no case.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from sqlalchemy import func, select

import lwcore.services as services_package
from lwcore.db.models import AuditEntry, metadata
from lwcore.services import AccessDenied, InvalidInput, NotFound, Services
from tests.access import case as case_module
from tests.access.case import AccessCase

OWN = "brackel"
OTHER = "mengede_huckarde"
#: Tables the check "nothing changed" ignores: the trail of the attempt itself.
AUDIT_TABLES = {"audit_entry", "audit_subject", "audit_head", "audit_seal"}


def _collect() -> list[AccessCase]:
    folder = case_module.__file__.rsplit("/", 1)[0]
    found: list[AccessCase] = []
    for module in pkgutil.iter_modules([folder]):
        if module.name.startswith("cases_"):
            found.extend(importlib.import_module(f"tests.access.{module.name}").CASES)
    return found


CASES = _collect()


def audit_count(services: Services) -> int:
    with services.context.database.reading() as connection:
        return int(connection.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def every_row(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    with services.context.database.reading() as connection:
        return {
            name: sorted(connection.execute(select(table)).all(), key=repr)
            for name, table in metadata.tables.items()
            if name not in AUDIT_TABLES
        }


@pytest.mark.parametrize("case", [c for c in CASES if c.office_bound], ids=str)
def test_another_offices_staff_is_refused_and_nothing_changes(
    case: AccessCase, services_as: Any
) -> None:
    theirs = services_as(OTHER)
    records = case.prepare(theirs, OTHER)
    before = every_row(theirs)
    entries = audit_count(theirs)
    for role in ("office_staff", "office_lead"):
        # Another office's record asked for by id is "not found" as one that does not
        # exist (tests/test_no_oracle_records.py), its household too, or the field
        # error of a form (tests/test_no_oracle.py); office-wide calls are refused.
        refusals = NotFound if case.by_id else (AccessDenied, NotFound, InvalidInput)
        with pytest.raises(refusals):
            case.call(services_as(OWN, role), OTHER, records)
    assert every_row(theirs) == before
    # The refusals are in the trail, as "denied".
    assert audit_count(theirs) == entries + 2


@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_call_leaves_exactly_its_audit_entries(case: AccessCase, services_as: Any) -> None:
    mine = services_as(OWN)
    records = case.prepare(mine, OWN)
    entries = audit_count(mine)
    case.call(mine, OWN, records)
    assert audit_count(mine) == entries + case.audit_entries


#: Services whose public methods all need a case; methods listed here do not,
#: with the reason.
NO_CASE_NEEDED = {
    "HouseholdService.count": "a number of households, no personal data",
    "DashboardService.holds_households": "whether any household is stored: about no one",
    "StatisticsService.exact_for": "whether the actor sees exact figures: reads nothing",
}
PERSONAL_DATA_SERVICES = (
    "HouseholdService",
    "CaseFileService",
    "WaitingListService",
    "AppointmentService",
    "HomeVisitService",
    "DashboardService",
    "ExportService",
    "ErasureService",
    "RetentionService",
    "ConsultationService",
    "ReferralService",
    "ConsentService",
    "MeetingService",
    "GroupOfferService",
    "VolunteerService",
    "BarrierService",
    "SuggestionService",
    "StatisticsService",
    "AuditService",
)


def test_every_public_method_of_a_personal_data_service_has_a_case() -> None:
    covered = {case.method for case in CASES} | set(NO_CASE_NEEDED)
    missing = []
    for module_info in pkgutil.iter_modules(services_package.__path__):
        module = importlib.import_module(f"lwcore.services.{module_info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if name not in PERSONAL_DATA_SERVICES or cls.__module__ != module.__name__:
                continue
            for method, value in vars(cls).items():
                if not inspect.isfunction(value) or method.startswith("_"):
                    continue
                if f"{name}.{method}" not in covered:
                    missing.append(f"{name}.{method}")
    assert not missing, f"no access case for {missing}"
