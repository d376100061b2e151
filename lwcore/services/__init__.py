"""The operations staff perform, for the TUI and the CLI.

Each public method validates its input (every bad field named, nothing
written), runs in one transaction and returns plain records. Every call acts
as one staff member (:class:`~lwcore.services.access.Actor`): it is refused
outside what that member may do, and each call that reads, changes or
exports personal data leaves one entry in the audit trail. This package
never imports the terminal UI.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from lwcore.db.engine import Database
from lwcore.directory import Directory
from lwcore.services.access import Actor, Permission
from lwcore.services.clock import Clock, FrozenClock, SystemClock
from lwcore.services.context import ServiceContext
from lwcore.services.errors import (
    AccessDenied,
    Conflict,
    InvalidInput,
    NotFound,
    ServiceError,
    StaleRecord,
)

if TYPE_CHECKING:
    from lwcore.services.appointments import AppointmentService
    from lwcore.services.audit import AuditService
    from lwcore.services.case_files import CaseFileService
    from lwcore.services.concerns import BarrierService, SuggestionService
    from lwcore.services.consents import ConsentService
    from lwcore.services.consultations import ConsultationService
    from lwcore.services.dashboard import DashboardService
    from lwcore.services.erasure import ErasureService
    from lwcore.services.export import ExportService
    from lwcore.services.households import HouseholdService
    from lwcore.services.meetings import MeetingService
    from lwcore.services.network import GroupOfferService, VolunteerService
    from lwcore.services.referrals import ReferralService
    from lwcore.services.retention import RetentionService
    from lwcore.services.statistics import StatisticsService
    from lwcore.services.visits import HomeVisitService
    from lwcore.services.waiting import WaitingListService


class Services:
    """All services over one database, one directory of offices and one clock,
    acting as one staff member.

    Each service's module loads when the service is first used: the Today
    screen needs the dashboard only, and the ORM and the model classes, which
    the other services read and write with, take longer to load than the
    screen takes to fill (:meth:`load_all` loads the rest afterwards).
    """

    def __init__(
        self,
        database: Database,
        directory: Directory,
        clock: Clock | None = None,
        *,
        actor: Actor,
    ):
        self.context = ServiceContext(
            database, directory, clock or SystemClock(directory.deployment.zone), actor
        )

    @property
    def actor(self) -> Actor:
        return self.context.actor

    def acting_as(self, actor: Actor) -> Services:
        """The same services, for another staff member (cheap: nothing is reloaded)."""
        context = self.context
        return Services(context.database, context.directory, context.clock, actor=actor)

    def load_all(self) -> None:
        """Load every service now (the back end does it after the first screen is
        filled, so the first use of a form does not wait for its module)."""
        for name in SERVICE_NAMES:
            getattr(self, name)

    @cached_property
    def audit(self) -> AuditService:
        from lwcore.services.audit import AuditService

        return AuditService(self.context)

    @cached_property
    def households(self) -> HouseholdService:
        from lwcore.services.households import HouseholdService

        return HouseholdService(self.context)

    @cached_property
    def case_files(self) -> CaseFileService:
        from lwcore.services.case_files import CaseFileService

        return CaseFileService(self.context)

    @cached_property
    def consultations(self) -> ConsultationService:
        from lwcore.services.consultations import ConsultationService

        return ConsultationService(self.context)

    @cached_property
    def referrals(self) -> ReferralService:
        from lwcore.services.referrals import ReferralService

        return ReferralService(self.context)

    @cached_property
    def consents(self) -> ConsentService:
        from lwcore.services.consents import ConsentService

        return ConsentService(self.context)

    @cached_property
    def waiting(self) -> WaitingListService:
        from lwcore.services.waiting import WaitingListService

        return WaitingListService(self.context)

    @cached_property
    def appointments(self) -> AppointmentService:
        from lwcore.services.appointments import AppointmentService

        return AppointmentService(self.context)

    @cached_property
    def visits(self) -> HomeVisitService:
        from lwcore.services.visits import HomeVisitService

        return HomeVisitService(self.context)

    @cached_property
    def meetings(self) -> MeetingService:
        from lwcore.services.meetings import MeetingService

        return MeetingService(self.context)

    @cached_property
    def group_offers(self) -> GroupOfferService:
        from lwcore.services.network import GroupOfferService

        return GroupOfferService(self.context)

    @cached_property
    def volunteers(self) -> VolunteerService:
        from lwcore.services.network import VolunteerService

        return VolunteerService(self.context)

    @cached_property
    def barriers(self) -> BarrierService:
        from lwcore.services.concerns import BarrierService

        return BarrierService(self.context)

    @cached_property
    def suggestions(self) -> SuggestionService:
        from lwcore.services.concerns import SuggestionService

        return SuggestionService(self.context)

    @cached_property
    def dashboard(self) -> DashboardService:
        from lwcore.services.dashboard import DashboardService

        return DashboardService(self.context)

    @cached_property
    def statistics(self) -> StatisticsService:
        from lwcore.services.statistics import StatisticsService

        return StatisticsService(self.context)

    @cached_property
    def exports(self) -> ExportService:
        from lwcore.services.export import ExportService

        return ExportService(self.context)

    @cached_property
    def erasure(self) -> ErasureService:
        from lwcore.services.erasure import ErasureService

        return ErasureService(self.context)

    @cached_property
    def retention(self) -> RetentionService:
        from lwcore.services.retention import RetentionService

        return RetentionService(self.context)


#: Every service a :class:`Services` holds, by attribute.
SERVICE_NAMES: tuple[str, ...] = tuple(
    name for name, value in vars(Services).items() if isinstance(value, cached_property)
)

__all__ = [
    "SERVICE_NAMES",
    "AccessDenied",
    "Actor",
    "Clock",
    "Conflict",
    "FrozenClock",
    "InvalidInput",
    "NotFound",
    "Permission",
    "ServiceError",
    "Services",
    "StaleRecord",
    "SystemClock",
]
