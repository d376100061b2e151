"""Group offers counted by attendance, and volunteers found by what they offer."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import event

from lwcore.db.models import GroupOffer, GroupSession, Volunteer
from lwcore.services import (
    AccessDenied,
    Conflict,
    InvalidInput,
    NotFound,
    Services,
    StaleRecord,
)
from lwcore.services.network import GroupOfferService, OfferSummary, VolunteerService
from tests.test_consultations import count
from tests.test_meetings import as_lead_of
from tests.test_statistics import audit_count

HUGE = "x" * 10_000_000


@pytest.fixture
def offers(services: Services) -> GroupOfferService:
    return GroupOfferService(services.context)


@pytest.fixture
def volunteers(services: Services) -> VolunteerService:
    return VolunteerService(services.context)


def offer(
    offers: GroupOfferService, title: str, kind: str = "sport", office: str = "brackel"
) -> int:
    if office != offers.actor.office and office in offers.context.directory.offices:
        offers = as_lead_of(offers, office)  # made by that office's own lead
    created = offers.create(office=office, title=title, kind=kind)
    assert created.id is not None
    return created.id


def volunteer(volunteers: VolunteerService, label: str, **changes: object) -> Volunteer:
    """A volunteer of Brackel speaking German, for leisure on Mondays, unless changed."""
    values: dict[str, object] = {
        "office": "brackel",
        "label": label,
        "languages": ["de"],
        "topics": ["leisure"],
        "availability": ["MO"],
    }
    values.update(changes)
    office = str(values["office"])
    if office != volunteers.actor.office and office in volunteers.context.directory.offices:
        volunteers = as_lead_of(volunteers, office)  # added by that office's own lead
    return volunteers.add(**values)  # type: ignore[arg-type]


def test_offer_is_created_active_at_version_one(
    services: Services, offers: GroupOfferService
) -> None:
    created = offers.create(office="brackel", title="  Sprachcafé Brackel ", kind="language_cafe")
    assert created.id is not None
    assert created.title == "Sprachcafé Brackel"
    assert created.active is True
    assert created.version == 1
    with services.context.database.read() as session:
        stored = session.get(GroupOffer, created.id)
        assert stored is not None
        assert (stored.office, stored.kind) == ("brackel", "language_cafe")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"office": "dorstfeld"}, "office", "unknown office"),
        ({"title": "   "}, "title", "must not be empty"),
        ({"title": HUGE}, "title", "at most 120 characters"),
        ({"kind": "chess"}, "kind", "'chess' is not one of language_cafe"),
    ],
)
def test_bad_offer_names_the_field_and_saves_nothing(
    services: Services,
    offers: GroupOfferService,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    values = {"office": "brackel", "title": "Kochtreff", "kind": "cooking"}
    values.update(changes)
    with pytest.raises(InvalidInput) as caught:
        offers.create(**values)
    assert message in caught.value.errors[field]
    assert set(caught.value.errors) == {field}
    assert count(services, GroupOffer) == 0


def test_offers_count_sessions_and_attendance_by_title(offers: GroupOfferService) -> None:
    sport = offer(offers, "Sport im Park")
    cafe = offer(offers, "Deutsch-Café", kind="language_cafe")
    cooking = offer(offers, "Kochtreff", kind="cooking")
    offer(offers, "Frauenschwimmen", office="mengede_huckarde")
    offers.record_session(cafe, held_on="2026-11-06", attendance=12)
    offers.record_session(cafe, held_on=date(2026, 11, 13), attendance=9)
    offers.record_session(cafe, held_on="2026-11-20", attendance=0)
    offers.record_session(sport, held_on="2026-11-27", attendance=21)
    assert offers.offers("brackel") == [
        OfferSummary(cafe, "Deutsch-Café", "language_cafe", True, 1, 3, 21),
        OfferSummary(cooking, "Kochtreff", "cooking", True, 1, 0, 0),
        OfferSummary(sport, "Sport im Park", "sport", True, 1, 1, 21),
    ]
    mengede = as_lead_of(offers, "mengede_huckarde")
    assert [summary.title for summary in mengede.offers("mengede_huckarde")] == ["Frauenschwimmen"]
    with pytest.raises(AccessDenied):
        offers.offers("mengede_huckarde")


def test_offers_are_summed_up_in_one_query(services: Services, offers: GroupOfferService) -> None:
    for title in ("Deutsch-Café", "Kochtreff", "Sport im Park"):
        offers.record_session(offer(offers, title), held_on="2026-11-20", attendance=7)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engine = services.context.database.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        summaries = offers.offers("brackel")
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert [(s.sessions, s.attendance) for s in summaries] == [(1, 7)] * 3
    selects = [text for text in statements if text.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1
    assert "LEFT OUTER JOIN group_session" in selects[0]
    assert "GROUP BY" in selects[0]


def test_inactive_offer_is_listed_only_on_request(offers: GroupOfferService) -> None:
    cafe = offer(offers, "Deutsch-Café", kind="language_cafe")
    sport = offer(offers, "Sport im Park")
    offers.record_session(sport, held_on="2026-11-20", attendance=14)
    paused = offers.set_active(sport, 1, False)
    assert paused.active is False
    assert paused.version == 2
    assert [summary.id for summary in offers.offers("brackel")] == [cafe]
    listed = offers.offers("brackel", include_inactive=True)
    assert [(s.id, s.active, s.version, s.attendance) for s in listed] == [
        (cafe, True, 1, 0),
        (sport, False, 2, 14),
    ]
    resumed = offers.set_active(sport, 2, True)
    assert resumed.active is True
    assert resumed.version == 3


def test_set_active_checks_version_and_value(offers: GroupOfferService) -> None:
    sport = offer(offers, "Sport im Park")
    unchanged = offers.set_active(sport, 1, True)
    assert unchanged.version == 1
    offers.set_active(sport, 1, False)
    with pytest.raises(StaleRecord) as caught:
        offers.set_active(sport, 1, True)
    assert (caught.value.expected, caught.value.current) == (1, 2)
    with pytest.raises(InvalidInput) as refused:
        offers.set_active(sport, 2, "yes")  # type: ignore[arg-type]
    assert "true or false" in refused.value.errors["active"]
    assert offers.offers("brackel", include_inactive=True)[0].active is False
    with pytest.raises(NotFound):
        offers.set_active(sport + 100, 1, False)


@pytest.mark.parametrize(
    ("held_on", "attendance", "field", "message"),
    [
        ("2026-02-30", 10, "held_on", "not a date that exists"),
        ("27.11.2026", 10, "held_on", "not a date that exists"),
        ("2026-11-28", 10, "held_on", "lies in the future"),
        ("2026-11-20", -1, "attendance", "from 0 to 500"),
        ("2026-11-20", 501, "attendance", "from 0 to 500"),
        ("2026-11-20", True, "attendance", "from 0 to 500"),
        ("2026-11-20", "12", "attendance", "from 0 to 500"),
    ],
)
def test_bad_session_names_the_field_and_saves_nothing(
    services: Services,
    offers: GroupOfferService,
    held_on: str,
    attendance: int,
    field: str,
    message: str,
) -> None:
    sport = offer(offers, "Sport im Park")
    with pytest.raises(InvalidInput) as caught:
        offers.record_session(sport, held_on=held_on, attendance=attendance)
    assert message in caught.value.errors[field]
    assert count(services, GroupSession) == 0


def test_session_today_is_recorded_with_the_offer(
    services: Services, offers: GroupOfferService
) -> None:
    sport = offer(offers, "Sport im Park")
    recorded = offers.record_session(sport, held_on="2026-11-27", attendance=500)
    assert recorded.id is not None
    assert (recorded.offer_id, recorded.held_on, recorded.version) == (sport, date(2026, 11, 27), 1)
    with services.context.database.read() as session:
        stored = session.get(GroupSession, recorded.id)
        assert stored is not None
        assert stored.attendance == 500


def test_second_session_on_the_same_day_is_a_conflict(
    services: Services, offers: GroupOfferService
) -> None:
    sport = offer(offers, "Sport im Park")
    cafe = offer(offers, "Deutsch-Café", kind="language_cafe")
    offers.record_session(sport, held_on="2026-11-20", attendance=14)
    with pytest.raises(Conflict, match=r"Sport im Park already has a session on 2026-11-20"):
        offers.record_session(sport, held_on=date(2026, 11, 20), attendance=3)
    assert count(services, GroupSession) == 1
    offers.record_session(cafe, held_on="2026-11-20", attendance=8)
    offers.record_session(sport, held_on="2026-11-21", attendance=5)
    assert [(s.sessions, s.attendance) for s in offers.offers("brackel")] == [(1, 8), (2, 19)]


def test_session_of_an_unknown_offer_is_not_found(
    services: Services, offers: GroupOfferService
) -> None:
    with pytest.raises(NotFound, match="group offer 999"):
        offers.record_session(999, held_on="2026-11-20", attendance=4)
    assert count(services, GroupSession) == 0


def test_session_attendance_is_corrected_with_its_version(offers: GroupOfferService) -> None:
    sport = offer(offers, "Sport im Park")
    recorded = offers.record_session(sport, held_on="2026-11-20", attendance=14)
    assert recorded.id is not None
    corrected = offers.correct_session(recorded.id, 1, 41)
    assert (corrected.attendance, corrected.version) == (41, 2)
    assert offers.correct_session(recorded.id, 2, 41).version == 2
    with pytest.raises(StaleRecord):
        offers.correct_session(recorded.id, 1, 40)
    with pytest.raises(InvalidInput) as caught:
        offers.correct_session(recorded.id, 2, 900)
    assert "from 0 to 500" in caught.value.errors["attendance"]
    with pytest.raises(NotFound):
        offers.correct_session(recorded.id + 100, 1, 10)
    assert offers.offers("brackel")[0].attendance == 41


def test_volunteer_codes_are_stored_once_and_weekdays_in_week_order(
    services: Services, volunteers: VolunteerService
) -> None:
    added = volunteers.add(
        office="brackel",
        label=" Frau Demir ",
        languages=["tr", "de", "tr"],
        topics=["official_letters", "leisure", "leisure"],
        availability=["SA", "MO", "WE", "MO"],
    )
    assert added.id is not None
    with services.context.database.read() as session:
        stored = session.get(Volunteer, added.id)
        assert stored is not None
        assert stored.label == "Frau Demir"
        assert stored.languages == ["tr", "de"]
        assert stored.topics == ["official_letters", "leisure"]
        assert stored.availability == ["MO", "WE", "SA"]
        assert stored.active is True


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"office": "dorstfeld"}, "office", "unknown office"),
        ({"label": ""}, "label", "must not be empty"),
        ({"label": HUGE}, "label", "at most 120 characters"),
        ({"languages": ["arabic"]}, "languages", "not an ISO 639-1"),
        ({"languages": []}, "languages", "at least one language"),
        ({"languages": "ar"}, "languages", "give a list"),
        ({"topics": ["weather"]}, "topics", "unknown topic 'weather'"),
        ({"topics": []}, "topics", "choose at least one topic"),
        ({"availability": ["Mon"]}, "availability", "'Mon' is not one of MO"),
        ({"availability": ["mo"]}, "availability", "'mo' is not one of MO"),
        ({"availability": []}, "availability", "at least one weekday"),
        ({"availability": "MO"}, "availability", "give a list"),
    ],
)
def test_bad_volunteer_names_the_field_and_saves_nothing(
    services: Services,
    volunteers: VolunteerService,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    with pytest.raises(InvalidInput) as caught:
        volunteer(volunteers, **{"label": "Herr Becker", **changes})  # type: ignore[arg-type]
    assert message in caught.value.errors[field]
    assert set(caught.value.errors) == {field}
    assert count(services, Volunteer) == 0


def test_volunteer_update_changes_only_given_fields(volunteers: VolunteerService) -> None:
    added = volunteer(volunteers, "Herr Becker", languages=["de", "ru"])
    assert added.id is not None
    updated = volunteers.update(
        added.id, 1, topics=["job_search", "leisure"], availability=["FR", "TU"]
    )
    assert updated.version == 2
    assert updated.topics == ("job_search", "leisure")
    assert updated.availability == ("TU", "FR")
    assert updated.languages == ("de", "ru")
    assert updated.label == "Herr Becker"
    same = volunteers.update(added.id, 2, label="Herr Becker", languages=["de", "ru"])
    assert same.version == 2
    renamed = volunteers.update(added.id, 2, label="Herr B. Becker", active=False)
    assert (renamed.label, renamed.active, renamed.version) == ("Herr B. Becker", False, 3)


def test_volunteer_update_refuses_bad_fields_and_stale_versions(
    volunteers: VolunteerService,
) -> None:
    added = volunteer(volunteers, "Herr Becker")
    assert added.id is not None
    with pytest.raises(InvalidInput) as caught:
        volunteers.update(
            added.id,
            1,
            label=HUGE,
            languages=["xx"],
            topics=["weather"],
            availability=["XX"],
            active=1,  # type: ignore[arg-type]
        )
    assert set(caught.value.errors) == {"label", "languages", "topics", "availability", "active"}
    volunteers.update(added.id, 1, availability=["TH"])
    with pytest.raises(StaleRecord):
        volunteers.update(added.id, 1, availability=["SU"])
    with pytest.raises(NotFound):
        volunteers.update(added.id + 100, 1, label="Niemand")
    [stored] = volunteers.find("brackel")
    assert (stored.label, stored.availability, stored.version) == ("Herr Becker", ("TH",), 2)


def test_find_matches_every_criterion_within_the_office(volunteers: VolunteerService) -> None:
    demir = volunteer(
        volunteers,
        "Frau Demir",
        languages=["tr", "de"],
        topics=["official_letters"],
        availability=["MO", "WE"],
    )
    volunteer(
        volunteers,
        "Herr Becker",
        languages=["de", "ru"],
        topics=["official_letters", "leisure"],
        availability=["WE"],
    )
    volunteer(
        volunteers,
        "Frau Aydin",
        office="mengede_huckarde",
        languages=["tr"],
        topics=["official_letters"],
        availability=["MO"],
    )

    def labels(**criteria: str) -> list[str]:
        return [row.label for row in volunteers.find("brackel", **criteria)]  # type: ignore[arg-type]

    assert labels() == ["Frau Demir", "Herr Becker"]
    assert labels(language="tr") == ["Frau Demir"]
    assert labels(topic="official_letters", weekday="WE") == ["Frau Demir", "Herr Becker"]
    assert labels(language="de", weekday="MO") == ["Frau Demir"]
    assert labels(topic="leisure", language="tr") == []
    assert labels(language="ar") == []
    mengede = as_lead_of(volunteers, "mengede_huckarde")
    assert [row.label for row in mengede.find("mengede_huckarde", language="tr")] == ["Frau Aydin"]
    with pytest.raises(AccessDenied):
        volunteers.find("mengede_huckarde")
    assert demir.id is not None
    volunteers.update(demir.id, 1, active=False)
    assert labels(language="tr") == []
    found = volunteers.find("brackel", language="tr", include_inactive=True)
    assert [(row.label, row.active) for row in found] == [("Frau Demir", False)]


def test_find_orders_by_name_regardless_of_case(volunteers: VolunteerService) -> None:
    volunteer(volunteers, "herr Zander")
    volunteer(volunteers, "Frau Aksoy")
    volunteer(volunteers, "frau Böhm")
    assert [row.label for row in volunteers.find("brackel")] == [
        "Frau Aksoy",
        "frau Böhm",
        "herr Zander",
    ]


def test_find_refuses_unknown_criteria(volunteers: VolunteerService) -> None:
    volunteer(volunteers, "Herr Becker")
    with pytest.raises(InvalidInput) as caught:
        volunteers.find("brackel", language="deutsch", topic="weather", weekday="Monday")
    assert set(caught.value.errors) == {"language", "topic", "weekday"}


def test_volunteers_are_audited_once_per_call_group_offers_not(
    services: Services, offers: GroupOfferService, volunteers: VolunteerService
) -> None:
    entries = audit_count(services)
    cafe = offer(offers, "Deutsch-Café", kind="language_cafe")
    offers.record_session(cafe, held_on="2026-11-20", attendance=7)
    offers.offers("brackel")
    assert audit_count(services) == entries  # head counts name nobody
    becker = volunteer(volunteers, "Herr Becker")
    assert becker.id is not None
    volunteers.update(becker.id, becker.version, availability=["TH"])
    volunteers.update(becker.id, becker.version + 1, availability=["TH"])  # nothing to change
    volunteers.find("brackel")
    assert audit_count(services) == entries + 4


def test_coordinator_neither_reads_nor_changes_the_network(
    services: Services, services_as: Any, offers: GroupOfferService
) -> None:
    cafe = offer(offers, "Deutsch-Café", kind="language_cafe")
    coordinator = services_as(None, "coordinator")
    with pytest.raises(AccessDenied, match="read the records of brackel"):
        coordinator.group_offers.offers("brackel")
    with pytest.raises(NotFound, match=f"^group offer {cafe} does not exist$"):
        coordinator.group_offers.record_session(cafe, held_on="2026-11-20", attendance=7)
    with pytest.raises(AccessDenied):
        coordinator.volunteers.add(
            office="brackel",
            label="Frau Sommer",
            languages=["de"],
            topics=["leisure"],
            availability=["MO"],
        )
    assert count(services, GroupSession) == 0
    assert count(services, Volunteer) == 0
