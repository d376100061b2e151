"""Access cases of export, erasure and the retention purge, and the household
with a row in every table that the privacy tests build on."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from attrs import frozen

from lwcore.db.engine import Database
from lwcore.db.models import (
    Appointment,
    Consent,
    Consultation,
    ConsultationTopic,
    HomeVisit,
    Household,
    HouseholdAlias,
    Referral,
    Revision,
    WalkIn,
)
from lwcore.services import Services, trail
from lwcore.services.household_search import write_terms
from lwcore.services.households import household_code
from lwcore.testing import ConfigFolder
from tests.access.case import AccessCase
from tests.conftest import REPO_CONFIG

#: Each seeded household's appointment takes a slot of its own.
_SLOTS = itertools.count()


@frozen
class Seeded:
    """A household with one row in every table that points at a household."""

    id: int
    code: str
    office: str
    consultation_ids: tuple[int, ...]


def seed_household(
    services: Services,
    office: str,
    *,
    at: datetime | None = None,
    label: str = "Rahimi",
    controller: str = "city",
    legal_hold: str | None = None,
) -> Seeded:
    """Rows written straight to the tables (no audit entry), all dated ``at``."""
    when = at or services.context.now()
    stamps = {"created_at": when, "updated_at": when}
    entry = services.context.directory.office(office)
    partner = entry.partners[0].key
    with services.context.database.write() as session:
        household = Household(
            code=household_code(office),
            office=office,
            controller=controller,
            label=label,
            search_key=label.casefold(),
            district=entry.office.districts[0],
            languages=["fa"],
            members=3,
            legal_hold=legal_hold,
            **stamps,
        )
        session.add(household)
        session.flush()
        key = household.id
        consultations = [
            Consultation(
                office=office,
                staff="Anna Becker",
                started_at=when - timedelta(hours=hours),
                language="fa",
                household_id=key,
                people=2,
                outcome="referred",
                note=f"{label}: Mietvertrag, Jobcenter",
                **stamps,
            )
            for hours in (1, 2)
        ]
        session.add_all(consultations)
        session.flush()
        consultation_ids = tuple(c.id for c in consultations if c.id is not None)
        session.add_all(
            ConsultationTopic(consultation_id=consultation_id, topic=topic)
            for consultation_id in consultation_ids
            for topic in ("job_search", "housing")
        )
        session.add_all(
            [
                WalkIn(
                    office=office,
                    arrived_at=when,
                    label=label,
                    household_id=key,
                    language="fa",
                    status="seen",
                    consultation_id=consultation_ids[0],
                    **stamps,
                ),
                Appointment(
                    office=office,
                    starts_at=when - timedelta(minutes=30 * next(_SLOTS)),
                    household_id=key,
                    label=label,
                    language="fa",
                    status="attended",
                    note="bringt Bescheid mit",
                    **stamps,
                ),
                Referral(
                    office=office,
                    consultation_id=consultation_ids[0],
                    household_id=key,
                    partner_key=partner,
                    topic="job_search",
                    status="unsuccessful",
                    follow_up_on=when.date(),
                    reason=f"{label} nicht erreicht",
                    partner_feedback="Termin verpasst",
                    closed_at=when,
                    **stamps,
                ),
                HomeVisit(
                    office=office,
                    household_id=key,
                    planned_for=when,
                    staff="Anna Becker",
                    language="fa",
                    status="done",
                    note="Wohnung gut eingerichtet",
                    done_at=when,
                    **stamps,
                ),
                Consent(
                    office=office,
                    household_id=key,
                    purpose="referral",
                    partner_key=partner,
                    given_on=when.date(),
                    given_how="written",
                    text_language="fa",
                    text_version="2026-1",
                    recorded_by="brackel_stadt",
                    **stamps,
                ),
            ]
        )
        # A correction, a code merged into it, and its search terms: every table that
        # refers to a household has a row of it.
        session.add_all(
            [
                Revision(
                    at=when,
                    staff="brackel_stadt",
                    office=office,
                    kind="household",
                    record_id=key,
                    household_id=key,
                    action="correct",
                    changes={"label": {"from": f"{label}i", "to": label}},
                    reason="Tippfehler",
                ),
                HouseholdAlias(code=household_code(office), household_id=key),
            ]
        )
        write_terms(session, key, office, label)
    assert key is not None
    return Seeded(key, household.code, office, consultation_ids)


def old_audit_entry(database: Database, office: str, at: datetime, code: str) -> None:
    """An audit entry written ``at`` (the trail itself only ever writes "now"),
    chained like every other."""
    context = SimpleNamespace(
        actor=SimpleNamespace(key="brackel_stadt", role="office_lead", channel="test"),
        now=lambda: at,
        database=database,
    )
    with database.write() as session:
        trail.append(
            context,  # type: ignore[arg-type]
            session,
            "read",
            "household",
            office,
            household_codes=[code],
        )


def use_repo_config(
    lw_config: ConfigFolder, monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    """``lw`` as shipped (both offices, the repository's staff) on ``database``."""
    for path in (REPO_CONFIG / "offices").glob("*.toml"):
        lw_config.copy_office(path)
    (lw_config.path / "lwcore.toml").write_bytes((REPO_CONFIG / "lwcore.toml").read_bytes())
    monkeypatch.setenv("LW_DATABASE_URL", database.url)
    monkeypatch.delenv("LW_STAFF", raising=False)


def _seed(services: Services, office: str) -> Any:
    return seed_household(services, office)


CASES = [
    AccessCase(
        "ExportService.find",
        _seed,
        lambda services, office, seeded: services.exports.find(seeded.code.lower()),
    ),
    AccessCase(
        "ExportService.household",
        _seed,
        lambda services, office, seeded: services.exports.household(seeded.code),
    ),
    AccessCase(
        "ErasureService.erase",
        _seed,
        lambda services, office, seeded: services.erasure.erase(seeded.code),
    ),
    AccessCase(
        "RetentionService.purge",
        _seed,
        lambda services, office, seeded: services.retention.purge(office),
    ),
    AccessCase(
        "RetentionService.purge",
        _seed,
        lambda services, office, seeded: services.retention.purge(office, dry_run=True),
        audit_entries=0,
    ),
]
