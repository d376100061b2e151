"""The record of processing activities (Art. 30 GDPR) for the installed offices:
``lw privacy record``.

Built from configuration and the data model only, never from the database, so
the record the data-protection officers sign matches what this installation
is set up to store: a new column shows up in the categories, a new partner
in the recipients, a changed period in the retention.
"""

from __future__ import annotations

from typing import Any

from attrs import asdict, frozen

from lwcore.db.models import metadata
from lwcore.directory import Directory, OfficeEntry
from lwcore.settings.privacy import ControllerRetention

#: The city's part of every tandem.
CITY_CONTROLLER = "Stadt Dortmund, Sozialamt"
CITY_LAW = "DSGVO, SGB X (Sozialdaten), DSG NRW"
#: The data-protection law each welfare association answers to.
WELFARE_LAWS = {
    "KDG": "KDG, Gesetz über den Kirchlichen Datenschutz",
    "DSG-EKD": "DSG-EKD, EKD-Datenschutzgesetz",
    "DSGVO": "DSGVO",
}
PURPOSES = (
    ("consultation", "advice in consultation hours (consultations, walk-in list, appointments)"),
    ("referral", "referral to cooperation partners, by name only with consent"),
    ("home_visit", "welcome home visits to households that have just moved in"),
    ("volunteer_matching", "matching volunteers with households and group offers"),
    ("round_table", "round tables in the district (no data of single households)"),
    ("statistics", "figures for the council and the funders (counts only, anonymous)"),
)
#: The tables that hold personal data, and what each is about.
PERSONAL_TABLES = {
    "household": "households (pseudonymous code)",
    "consultation": "consultations",
    "consultation_topic": "topics of consultations",
    "walk_in": "walk-in waiting list",
    "appointment": "appointments",
    "referral": "referrals to partners",
    "home_visit": "home visits",
    "consent": "consents",
    "household_term": "search terms of household labels (folded spelling and sound)",
    "household_alias": "codes of households merged into another",
    "record_revision": "earlier values of corrected records, with who corrected them and why",
    "volunteer": "volunteers",
    "audit_entry": "audit trail (staff access)",
}
#: Columns that only run the database (keys, versions, time stamps, the office).
TECHNICAL_COLUMNS = {"id", "version", "created_at", "updated_at", "office", "search_key"}


@frozen
class Controller:
    name: str
    law: str
    responsible_for: str


@frozen
class Purpose:
    key: str
    description: str


@frozen
class DataCategory:
    table: str
    description: str
    fields: tuple[str, ...]


@frozen
class Recipient:
    name: str
    topics: tuple[str, ...]
    city_wide: bool


@frozen
class OfficeRecord:
    """The Art. 30 record of one office's tandem."""

    office: str
    name: str
    controllers: tuple[Controller, ...]
    joint_controllers: str
    purposes: tuple[Purpose, ...]
    categories: tuple[DataCategory, ...]
    recipients: tuple[Recipient, ...]
    retention: dict[str, dict[str, int]]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def data_categories() -> tuple[DataCategory, ...]:
    """What is stored about people, read from the table definitions."""
    found = []
    for table, description in PERSONAL_TABLES.items():
        columns = metadata.tables[table].columns
        fields = tuple(
            column.name
            for column in columns
            if column.name not in TECHNICAL_COLUMNS and not column.foreign_keys
        )
        found.append(DataCategory(table, description, fields))
    return tuple(found)


def _months(periods: ControllerRetention) -> dict[str, int]:
    return {
        "households": periods.households,
        "notes": periods.notes,
        "waiting_list": periods.waiting_list,
    }


def office_record(directory: Directory, entry: OfficeEntry) -> OfficeRecord:
    office = entry.office
    retention = directory.deployment.retention
    controllers = (
        Controller(CITY_CONTROLLER, CITY_LAW, "households with controller 'city'"),
        Controller(
            office.welfare_association,
            WELFARE_LAWS.get(office.welfare_law, office.welfare_law),
            "households with controller 'welfare'",
        ),
    )
    joint = (
        f"{CITY_CONTROLLER} and {office.welfare_association} are joint controllers "
        "(Art. 26 GDPR) for what the tandem keeps together: rows linked to no household "
        "(walk-in list, appointments, anonymous quick contacts, what remains of erased "
        "households); each household record names the one controller responsible for it "
        "and for the rows linked to it"
    )
    recipients = tuple(
        Recipient(partner.name, tuple(partner.topics), city_wide)
        for partners, city_wide in ((entry.partners, False), (directory.city_partners, True))
        for partner in partners
    )
    return OfficeRecord(
        office=entry.slug,
        name=office.name,
        controllers=controllers,
        joint_controllers=joint,
        purposes=tuple(Purpose(key, text) for key, text in PURPOSES),
        categories=data_categories(),
        recipients=recipients,
        retention={
            "city": _months(retention.city),
            "welfare": _months(retention.welfare),
            "shared": _months(retention.shortest()),
            "audit_trail": {"entries": retention.audit},
        },
    )


def processing_record(directory: Directory) -> list[OfficeRecord]:
    """The record for every installed office, in slug order."""
    return [office_record(directory, directory.offices[slug]) for slug in sorted(directory.offices)]
