"""The operations staff perform, for the TUI and the CLI.

Each public method validates its input (every bad field named, nothing
written), runs in one transaction and returns plain records. This package
never imports the terminal UI.
"""

from __future__ import annotations

from lwcore.db.engine import Database
from lwcore.directory import Directory
from lwcore.services.appointments import AppointmentService
from lwcore.services.base import ServiceContext
from lwcore.services.clock import Clock, FrozenClock, SystemClock
from lwcore.services.concerns import BarrierService, SuggestionService
from lwcore.services.consultations import ConsultationService, ReferralRequest
from lwcore.services.dashboard import DashboardService
from lwcore.services.errors import Conflict, InvalidInput, NotFound, ServiceError, StaleRecord
from lwcore.services.households import HouseholdService
from lwcore.services.meetings import ActionRequest, MeetingService
from lwcore.services.network import GroupOfferService, VolunteerService
from lwcore.services.referrals import ReferralService
from lwcore.services.statistics import StatisticsService
from lwcore.services.visits import HomeVisitService
from lwcore.services.waiting import WaitingListService


class Services:
    """All services over one database, one directory of offices and one clock."""

    def __init__(self, database: Database, directory: Directory, clock: Clock | None = None):
        self.context = ServiceContext(
            database, directory, clock or SystemClock(directory.deployment.zone)
        )
        self.households = HouseholdService(self.context)
        self.consultations = ConsultationService(self.context)
        self.referrals = ReferralService(self.context)
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


__all__ = [
    "ActionRequest",
    "Clock",
    "Conflict",
    "FrozenClock",
    "InvalidInput",
    "NotFound",
    "ReferralRequest",
    "ServiceError",
    "Services",
    "StaleRecord",
    "SystemClock",
]
