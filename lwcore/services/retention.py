"""The retention purge: ``lw privacy purge`` removes what is kept longer than
``[retention]`` in lwcore.toml allows, office by office and controller by controller.

Each household falls under its controller's periods (``Household.controller``);
rows without a household (an anonymous quick contact, a walk-in never linked)
under the shorter period of the two (``RetentionSettings.shortest``). A
household under a legal hold keeps its record, notes and names. The earlier
values kept by corrections (``record_revision``) count as notes. Consultations
are never deleted, only anonymised, so the statistics stay as reported.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from attrs import frozen
from dateutil.relativedelta import relativedelta
from sqlalchemy import Table, and_, delete, exists, or_, select, update
from sqlmodel import Session

from lwcore.db import audit_chain
from lwcore.db.models import AuditEntry, AuditSubject, DeletionLog, Household, metadata
from lwcore.db.models.households import CONTROLLERS
from lwcore.services import trail
from lwcore.services.access import Permission
from lwcore.services.base import Service
from lwcore.services.erasure import (
    DELETED,
    LABELS,
    NEUTRAL_LABEL,
    NOTES,
    anonymous_values,
    erase_households,
)
from lwcore.services.export import household_references
from lwcore.settings.privacy import ControllerRetention

_H = Household.__table__.c  # type: ignore[attr-defined]
_E = AuditEntry.__table__.c  # type: ignore[attr-defined]
_S = AuditSubject.__table__.c  # type: ignore[attr-defined]

#: The categories of ``[retention]``, in the order the purge reports them.
CATEGORIES = ("households", "notes", "waiting_list", "audit")
#: When a row last meant contact with its household (besides ``updated_at``).
CONTACT_MOMENTS = {
    "appointment": "starts_at",
    "consultation": "started_at",
    "home_visit": "planned_for",
    "walk_in": "arrived_at",
}
#: When a name on the waiting list or an appointment was needed last.
LABEL_MOMENTS = {"appointment": "starts_at", "walk_in": "arrived_at"}
#: The deletion log's controller for rows linked to no household: both of the tandem.
JOINT = "joint"
#: How the report names the audit entries that belong to no office.
NO_OFFICE = "*"


@frozen
class PurgeCount:
    """Rows purged (or, in a dry run, to be purged) in one office and category."""

    office: str
    category: str
    rows: int


@frozen
class PurgeReport:
    dry_run: bool
    counts: tuple[PurgeCount, ...]

    def total(self, category: str | None = None) -> int:
        return sum(c.rows for c in self.counts if category in (None, c.category))


class _DryRun(Exception):
    """Leaves the purge's transaction, so a dry run rolls back all it did."""


def _table(name: str) -> Table:
    return metadata.tables[name]


class RetentionService(Service):
    kind = "retention"

    def purge(self, office: str | None = None, *, dry_run: bool = False) -> PurgeReport:
        """Purge one office (its lead) or every office (IT admin), in one transaction.

        A dry run does the same work and rolls it back, so its counts are
        exactly what a real run would do; it changes nothing, not even the
        audit trail. A real run leaves one audit entry (action "purge") and
        a :class:`DeletionLog` row per office and controller that lost data.
        """
        self.require(Permission.PURGE, office)
        if office is not None:
            checks = self.context.checks()
            checks.office("office", office)
            checks.done()
        offices = [office] if office else sorted(self.context.directory.offices)
        counts: Counter[tuple[str, str]] = Counter()
        erased_codes: list[str] = []
        try:
            with self.database.write() as session:
                logs: dict[tuple[str, str], Counter[str]] = {}
                for slug in offices:
                    for controller in CONTROLLERS:
                        logs[slug, controller] = self._purge_controller(
                            session, slug, controller, counts, erased_codes
                        )
                    logs[slug, JOINT] = self._purge_shared(session, slug, counts)
                for audit_office, number in self._purge_audit(session, office).items():
                    counts[audit_office or NO_OFFICE, "audit"] += number
                    slug = audit_office or NO_OFFICE
                    logs.setdefault((slug, "city"), Counter())["audit_entry"] += number
                if dry_run:
                    raise _DryRun
                self._log(session, logs)
                trail.append(
                    self.context,
                    session,
                    "purge",
                    self.kind,
                    office,
                    records=sum(counts.values()),
                    household_codes=erased_codes,
                    detail=" ".join(f"{c}={_total(counts, c)}" for c in CATEGORIES),
                )
            self.database.forget_freed_pages()
        except _DryRun:
            pass
        slugs = [*offices, *sorted({o for o, _ in counts} - set(offices))]
        return PurgeReport(
            dry_run,
            tuple(PurgeCount(o, c, counts[o, c]) for o in slugs for c in CATEGORIES),
        )

    def _cutoff(self, months: int) -> datetime:
        return self.context.now() - relativedelta(months=months)

    def _purge_controller(
        self,
        session: Session,
        office: str,
        controller: str,
        counts: Counter[tuple[str, str]],
        erased_codes: list[str],
    ) -> Counter[str]:
        """Households of one controller past ``households`` months, then their
        old notes and names; the rows per table, for the deletion log. The
        codes of the erased households go into ``erased_codes``, for the audit
        entry (pseudonyms that no longer lead to anyone, as with ``erase``)."""
        periods = self.context.directory.deployment.retention.for_controller(controller)
        expired = self._expired(session, office, controller, periods)
        erased_codes.extend(code for _key, code in expired)
        erased = erase_households(session, [key for key, _code in expired])
        counts[office, "households"] += erased["household"]
        mine = select(_H.id).where(
            _H.office == office, _H.controller == controller, _H.legal_hold.is_(None)
        )
        log = Counter(erased)
        for category, number in self._clear(session, office, periods, mine).items():
            counts[office, category] += number
            log[category] += number
        return log

    def _purge_shared(
        self, session: Session, office: str, counts: Counter[tuple[str, str]]
    ) -> Counter[str]:
        """Rows without a household: the shorter period of the two controllers."""
        periods = self.context.directory.deployment.retention.shortest()
        log = self._clear(session, office, periods, None)
        for category, number in log.items():
            counts[office, category] += number
        return log

    def _expired(
        self, session: Session, office: str, controller: str, periods: ControllerRetention
    ) -> list[tuple[int, str]]:
        """Households (id, code) without a hold, last contact over ``households`` months ago."""
        cutoff = self._cutoff(periods.households)
        recent = []
        for table, column in household_references():
            moments = [table.c.updated_at] if "updated_at" in table.c else []
            if table.name in CONTACT_MOMENTS:
                moments.append(table.c[CONTACT_MOMENTS[table.name]])
            if table.name in DELETED or not moments:
                continue  # a consent is no contact
            recent.append(
                exists().where(column == _H.id, or_(*(moment >= cutoff for moment in moments)))
            )
        query = select(_H.id, _H.code).where(
            _H.office == office,
            _H.controller == controller,
            _H.legal_hold.is_(None),
            _H.created_at < cutoff,
            _H.updated_at < cutoff,
            *(~condition for condition in recent),
        )
        return [(int(key), str(code)) for key, code in session.execute(query.order_by(_H.id))]

    def _clear(
        self, session: Session, office: str, periods: ControllerRetention, households: Any
    ) -> Counter[str]:
        """Clear old notes and names of ``office``'s rows that belong to ``households``
        (a subquery of ids), or to no household when it is None."""
        done: Counter[str] = Counter()
        plans = [
            ("notes", NOTES, periods.notes, None),
            ("waiting_list", LABELS, periods.waiting_list, LABEL_MOMENTS),
        ]
        for category, columns, months, moments in plans:
            cutoff = self._cutoff(months)
            for name, text_columns in columns.items():
                table = _table(name)
                owner = (
                    table.c.household_id.is_(None)
                    if households is None
                    else table.c.household_id.in_(households)
                )
                moment = table.c[moments[name]] if moments else table.c.updated_at
                if category == "notes":
                    left = [table.c[c] != "" for c in text_columns]
                else:
                    left = [table.c[c] != NEUTRAL_LABEL for c in text_columns]
                values = {
                    key: value
                    for key, value in anonymous_values(table).items()
                    if key in text_columns or key == "version"
                }
                result = session.execute(
                    update(table)
                    .where(table.c.office == office, owner, moment < cutoff, or_(*left))
                    .values(**values)
                )
                done[category] += result.rowcount  # type: ignore[attr-defined]
        done["notes"] += self._forget_revisions(session, office, periods, households)
        return done

    def _forget_revisions(
        self, session: Session, office: str, periods: ControllerRetention, households: Any
    ) -> int:
        """Earlier values kept by corrections hold old notes and names: they go after
        ``notes`` months, like the notes themselves (of ``households``, or of records
        without a household in ``office``)."""
        revision = _table("record_revision")
        owner = (
            and_(revision.c.household_id.is_(None), revision.c.office == office)
            if households is None
            else revision.c.household_id.in_(households)
        )
        result = session.execute(
            delete(revision).where(owner, revision.c.at < self._cutoff(periods.notes))
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def _purge_audit(self, session: Session, office: str | None) -> dict[str | None, int]:
        """Delete audit entries older than ``audit`` months (of ``office``, or all).

        Each chain loses its oldest entries behind a seal that records how
        many and the last one's hash, so what remains still verifies.
        """
        cutoff = self._cutoff(self.context.directory.deployment.retention.audit)
        chains = [office] if office is not None else audit_chain.chains(session)
        removed: dict[str | None, int] = {}
        for chain in chains:
            seal = audit_chain.seal_prefix(
                session, chain, cutoff, staff=self.actor.key, at=self.context.now()
            )
            if seal is None:
                continue
            sealed = [
                _E.office == chain if chain else _E.office.is_(None),
                _E.id <= seal.through_id,
            ]
            session.execute(
                delete(AuditSubject.__table__).where(  # type: ignore[attr-defined]
                    _S.entry_id.in_(select(_E.id).where(*sealed))
                )
            )
            session.execute(delete(AuditEntry.__table__).where(*sealed))  # type: ignore[attr-defined]
            removed[chain or None] = seal.removed
        return removed

    def _log(self, session: Session, logs: dict[tuple[str, str], Counter[str]]) -> None:
        """One deletion-log row per office and controller that lost data. Rows
        linked to no household are logged as "joint" (both of the tandem); the
        audit trail belongs to the installation, which the city runs: its
        purge is logged under the city."""
        now = self.context.now()
        for (office, controller), counts in sorted(logs.items()):
            kept = {key: number for key, number in sorted(counts.items()) if number}
            if kept:
                session.add(
                    DeletionLog(
                        at=now,
                        office=office,
                        controller=controller,
                        reason="retention",
                        staff=self.actor.key,
                        counts=kept,
                    )
                )


def _total(counts: Counter[tuple[str, str]], category: str) -> int:
    return sum(number for (_office, c), number in counts.items() if c == category)
