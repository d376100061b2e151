"""The operations staff perform, for the TUI and the CLI.

Each public method validates its input (every bad field named, nothing
written), runs in one transaction and returns plain records. Every call acts
as one staff member (:class:`~lwcore.services.access.Actor`): it is refused
outside what that member may do, and each call that reads, changes or
exports personal data leaves one entry in the audit trail. This package
never imports the terminal UI.
"""

from __future__ import annotations

from lwcore.db.engine import Database
from lwcore.directory import Directory
from lwcore.services.access import Actor, Permission
from lwcore.services.appointments import AppointmentService
from lwcore.services.audit import AuditService
from lwcore.services.base import ServiceContext
from lwcore.services.case_files import CaseFileService
from lwcore.services.clock import Clock, FrozenClock, SystemClock
from lwcore.services.concerns import BarrierService, SuggestionService
from lwcore.services.consents import ConsentRequest, ConsentService
from lwcore.services.consultations import ConsultationService, ReferralRequest
from lwcore.services.dashboard import DashboardService
from lwcore.services.erasure import ErasureService
from lwcore.services.errors import (
    AccessDenied,
    Conflict,
    InvalidInput,
    NotFound,
    ServiceError,
    StaleRecord,
)
from lwcore.services.export import ExportService
from lwcore.services.households import HouseholdService
from lwcore.services.meetings import ActionRequest, MeetingService
from lwcore.services.network import GroupOfferService, VolunteerService
from lwcore.services.referrals import ReferralService
from lwcore.services.retention import RetentionService
from lwcore.services.statistics import StatisticsService
from lwcore.services.visits import HomeVisitService
from lwcore.services.waiting import WaitingListService


class Services:
    """All services over one database, one directory of offices and one clock,
    acting as one staff member."""

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
        self.audit = AuditService(self.context)
        self.households = HouseholdService(self.context)
        self.case_files = CaseFileService(self.context)
        self.consultations = ConsultationService(self.context)
        self.referrals = ReferralService(self.context)
        self.consents = ConsentService(self.context)
        self.waiting = WaitingListService(self.context)
        self.appointments = AppointmentService(self.context)
        self.visits = HomeVisitService(self.context)
        self.meetings = MeetingService(self.context)
        self.group_offers = GroupOfferService(self.context)
        self.volunteers = VolunteerService(self.context)
        self.barriers = BarrierService(self.context)
        self.suggestions = SuggestionService(self.context)
        self.dashboard = DashboardService(self.context)
        self.statistics = StatisticsService(self.context)
        self.exports = ExportService(self.context)
        self.erasure = ErasureService(self.context)
        self.retention = RetentionService(self.context)

    @property
    def actor(self) -> Actor:
        return self.context.actor

    def acting_as(self, actor: Actor) -> Services:
        """The same services, for another staff member (cheap: nothing is reloaded)."""
        context = self.context
        return Services(context.database, context.directory, context.clock, actor=actor)


__all__ = [
    "AccessDenied",
    "ActionRequest",
    "Actor",
    "Clock",
    "Conflict",
    "ConsentRequest",
    "FrozenClock",
    "InvalidInput",
    "NotFound",
    "Permission",
    "ReferralRequest",
    "ServiceError",
    "Services",
    "StaleRecord",
    "SystemClock",
]
