"""What every service shares: access checks, audit entries, versioned saves.

The context every call runs in (database, directory, clock, acting staff
member) is lwcore.services.context's; it is importable from here too.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import BigInteger, select, update

from lwcore.db.engine import Database
from lwcore.services import trail
from lwcore.services.access import Actor, Permission
from lwcore.services.context import ServiceContext
from lwcore.services.errors import AccessDenied, NotFound, Refusal, ServiceError, StaleRecord

if TYPE_CHECKING:  # the ORM loads with the first record read as an object
    from sqlmodel import Session

    from lwcore.db.models.base import Versioned

__all__ = [
    "Service",
    "ServiceContext",
    "find_row",
    "fits_key",
    "get_or_fail",
    "load_versioned",
    "save_versioned",
    "unknown_record",
]

M = TypeVar("M", bound="Versioned")
T = TypeVar("T")
R = TypeVar("R")


class Service:
    """Base of the services: each public method is one transaction."""

    kind = "record"

    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    @property
    def database(self) -> Database:
        return self.context.database

    @property
    def actor(self) -> Actor:
        return self.context.actor

    def require(
        self, permission: Permission, office: str | None, record_id: int | None = None
    ) -> None:
        """Refuse (AccessDenied) unless the actor may.

        The refusal is audited once the call has ended, when no transaction
        of the call is open any more (see ``__init_subclass__``).
        """
        try:
            self.actor.require(permission, office)
        except AccessDenied as refusal:
            refusal.unrecorded = Refusal(self.kind, office, record_id, permission.value)
            raise refusal from None

    def load(
        self,
        session: Session,
        model: type[M],
        key: int,
        permission: Permission,
        *,
        expected_version: int | None = None,
        kind: str | None = None,
        through: tuple[type[Any], str] | None = None,
    ) -> M:
        """The row ``key`` of an office-bound table, if the actor may read its office
        and ``permission`` there (and it is at ``expected_version``, when given).

        A row of an office the actor may not read is answered exactly like an id
        nobody has (see :func:`unknown_record`), as PostgreSQL does for a staff
        login, which sees no such row; so no answer tells whether another office
        has the record. A row the actor may read but not ``permission`` (a lead's
        own office, a change they may not make) is AccessDenied: it tells nothing
        new. ``through`` names the table (and the column leading to it) whose office
        is the office of a row that has none of its own (an agreed action: its
        meeting's); the row comes with its office in one statement, as an unknown
        id costs one.
        """
        kind = kind or self.kind
        row, office = _with_office(session, model, key, through)
        if row is None or office is None or not self.actor.may(Permission.READ, office):
            raise unknown_record(self, model, kind, key, permission)
        self.require(permission, office, key)
        if expected_version is not None and row.version != expected_version:
            raise StaleRecord(kind, key, expected_version, row.version)
        return row

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if not name.startswith("_") and inspect.isfunction(value):
                setattr(cls, name, _recording_refusals(value))

    def audit_read(
        self,
        office: str | None,
        *,
        record_id: int | None = None,
        records: int = 1,
        household_ids: Iterable[int | None] = (),
        detail: str = "",
    ) -> None:
        """Log a read that has just happened (its own transaction)."""
        trail.append_now(
            self.context,
            "read",
            self.kind,
            office,
            record_id=record_id,
            records=records,
            household_ids=household_ids,
            detail=detail,
        )

    def audit_change(
        self,
        session: Session,
        office: str,
        *,
        action: str = "change",
        record_id: int | None = None,
        records: int = 1,
        household_ids: Iterable[int | None] = (),
        detail: str = "",
    ) -> None:
        """Log a change in the transaction that makes it."""
        trail.append(
            self.context,
            session,
            action,
            self.kind,
            office,
            record_id=record_id,
            records=records,
            household_ids=household_ids,
            detail=detail,
        )


def _recording_refusals(method: Callable[..., R]) -> Callable[..., R]:
    """Wrap a public service method: a refusal inside it goes into the audit trail."""

    @functools.wraps(method)
    def call(self: Service, *args: Any, **kwargs: Any) -> R:
        try:
            return method(self, *args, **kwargs)
        except ServiceError as error:
            refusal, error.unrecorded = error.unrecorded, None
            if refusal is not None:
                trail.append_now(
                    self.context,
                    "denied",
                    refusal.kind,
                    refusal.office,
                    record_id=refusal.record_id,
                    records=0,
                    household_codes=refusal.household_codes,
                    detail=refusal.detail,
                )
            raise

    return call


def _with_office(
    session: Session, model: type[M], key: object, through: tuple[type[Any], str] | None
) -> tuple[M | None, str | None]:
    """The row ``key`` and its office (None, None for an id no row has or may have)."""
    if through is None:
        row = find_row(session, model, key)
        return row, (row.office if row is not None else None)  # type: ignore[attr-defined]
    if not fits_key(model, key):
        return None, None
    parent, link = through
    table, owner = model.__table__, parent.__table__  # type: ignore[attr-defined]
    found = session.execute(
        select(model, owner.c.office)
        .join(parent, owner.c.id == table.c[link])
        .where(table.c.id == key)
    ).first()
    return (found[0], found[1]) if found is not None else (None, None)


def unknown_record(
    service: Service, model: type[Any], kind: str, key: object, permission: Permission
) -> NotFound:
    """The answer for a record that does not exist or is of an office the actor may
    not read: the same NotFound for both, and the same "denied" entry once the call
    has ended, in the actor's own office (None for staff of every office), naming
    the id asked for (when it can be one) and what was refused. The entry depends
    only on what was asked, never on what is stored."""
    refusal = NotFound(kind, key)
    refusal.unrecorded = Refusal(
        kind=kind,
        office=service.actor.office or None,
        record_id=key if isinstance(key, int) and fits_key(model, key) else None,
        detail=f"{permission.value}: {service.kind}",
    )
    return refusal


def get_or_fail(session: Session, model: type[M], key: int, kind: str) -> M:
    row = find_row(session, model, key)
    if row is None:
        raise NotFound(kind, key)
    return row


def find_row(session: Session, model: type[T], key: object) -> T | None:
    """The row ``key`` of ``model``, or None: also for an id no row can have."""
    return session.get(model, key) if fits_key(model, key) else None


def fits_key(model: type[Any], key: object) -> bool:
    """Whether ``key`` can be a row id of ``model`` at all: an id past the column's
    range (2**70, say) names no row, and the database would refuse it with an overflow."""
    if isinstance(key, bool) or not isinstance(key, int):
        return False
    column = model.__table__.c.id
    bits = 63 if isinstance(column.type, BigInteger) else 31
    return bool(-(2**bits) <= key < 2**bits)


def load_versioned(
    session: Session, model: type[M], key: int, expected_version: int, kind: str
) -> M:
    """The row as stored, refused when it moved past the version the caller saw."""
    row = get_or_fail(session, model, key, kind)
    if row.version != expected_version:
        raise StaleRecord(kind, key, expected_version, row.version)
    return row


def save_versioned(
    session: Session,
    row: M,
    expected_version: int,
    kind: str,
    now: datetime,
    **changes: Any,
) -> M:
    """Write ``changes`` only if the row is still at ``expected_version``.

    The version check is part of the UPDATE itself, so two saves racing on
    PostgreSQL cannot both win; the loser gets StaleRecord.
    """
    model = type(row)
    key = row.id  # type: ignore[attr-defined]
    values = dict(changes, version=expected_version + 1)
    if "updated_at" in model.model_fields:
        values["updated_at"] = now
    table = model.__table__  # type: ignore[attr-defined]
    result = session.execute(
        update(model)
        .where(table.c.id == key, table.c.version == expected_version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.expire(row)
        current = session.get(model, key)
        if current is None:
            raise NotFound(kind, key)
        raise StaleRecord(kind, key, expected_version, current.version)
    session.expire(row)
    session.refresh(row)
    return row
