"""Every table, imported so ``SQLModel.metadata`` knows them all."""

from sqlmodel import SQLModel

from lwcore.db.models.consultations import Appointment, Consultation, ConsultationTopic, WalkIn
from lwcore.db.models.households import Household, HouseholdAlias, HouseholdTerm
from lwcore.db.models.meetings import AgreedAction, RoundTableMeeting
from lwcore.db.models.network import Barrier, GroupOffer, GroupSession, Suggestion, Volunteer
from lwcore.db.models.privacy import (
    AuditEntry,
    AuditHead,
    AuditSeal,
    AuditSubject,
    Consent,
    DeletionLog,
)
from lwcore.db.models.referrals import Referral
from lwcore.db.models.revisions import Revision
from lwcore.db.models.staff import StaffRole
from lwcore.db.models.visits import HomeVisit

metadata = SQLModel.metadata

__all__ = [
    "AgreedAction",
    "Appointment",
    "AuditEntry",
    "AuditHead",
    "AuditSeal",
    "AuditSubject",
    "Barrier",
    "Consent",
    "Consultation",
    "ConsultationTopic",
    "DeletionLog",
    "GroupOffer",
    "GroupSession",
    "HomeVisit",
    "Household",
    "HouseholdAlias",
    "HouseholdTerm",
    "Referral",
    "Revision",
    "RoundTableMeeting",
    "StaffRole",
    "Suggestion",
    "Volunteer",
    "WalkIn",
    "metadata",
]
