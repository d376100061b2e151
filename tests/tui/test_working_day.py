"""A whole working day in the office, through the UI, on demo data at a frozen moment.

Walk-in consultation with a referral, an anonymous quick contact, a booked
appointment, a closed referral, a home visit planned and done, a round-table
meeting recorded; after each step the database is checked through services
of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, timedelta

from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import (
    Checkbox,
    DataTable,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    TextArea,
)

from lwcore.db.engine import Database
from lwcore.db.models import Appointment, Consultation, ConsultationTopic, Referral, WalkIn
from lwcore.directory import build_directory
from lwcore.services import FrozenClock, Services
from lwcore.testing import make_actor
from lwcore.tui.app import OfficeApp
from lwcore.tui.forms.consultation import ConsultationForm
from lwcore.tui.forms.meeting import MeetingForm
from lwcore.tui.forms.referral import ReferralForm
from lwcore.tui.forms.visit import PlanVisitForm, VisitDoneForm
from lwcore.tui.forms.visitor import AppointmentForm, WalkInForm
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import STAFF, TUI_NOW, minutes_not_yet_written, settle

OFFICE = "brackel"
#: The name forms fill in for the acting staff member (Anna Becker, in config/lwcore.toml).
STAFF_NAME = build_directory(REPO_CONFIG).deployment.staff[STAFF].name


def stored(url: str) -> Services:
    """Services of their own on the app's database, acting as an office lead of the same
    office as the app's staff member."""
    return Services(
        Database(url), build_directory(REPO_CONFIG), FrozenClock(TUI_NOW), actor=make_actor(OFFICE)
    )


async def save(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def choose_familienbuero(pilot: Pilot[None], form: ConsultationForm) -> None:
    """Refer to Brackel's Familienbüro: the form says at once what staff tell the
    family, when the partner is open and what to bring."""
    form.query_one("#referral-partner", Select).value = "familienbuero_brackel"
    await settle(pilot)
    assert str(form.query_one("#partner-detail", Label).render()).splitlines() == [
        "Beispiel: Kita-Anmeldung und Begrüßungsbesuch nach der Geburt",
        "Öffnungszeiten: Beispiel: Di 9–12 Uhr, Do 14–17 Uhr",
        "Bitte mitbringen: Beispiel: Geburtsurkunde des Kindes; Beispiel: Meldebescheinigung",
    ]


async def walk_in_consultation_with_referral(pilot: Pilot[None], app: OfficeApp, url: str) -> None:
    services = stored(url)
    household = services.households.search(OFFICE, "BR-")[0]
    # Signed at an earlier visit: the referral may pass the household's data on.
    services.consents.record(
        household.id, "referral", "familienbuero_brackel", "2026-11-02", "written", "de", "2026-01"
    )
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    walk_in = app.screen
    assert isinstance(walk_in, WalkInForm)
    walk_in.query_one("#label", Input).value = household.label
    walk_in.query_one("#language", Select).value = "ar"
    await save(pilot)
    assert [w.label for w in stored(url).waiting.waiting(OFFICE)] == [household.label]

    await pilot.press("s")  # serve the highlighted walk-in
    await settle(pilot)
    form = app.screen
    assert isinstance(form, ConsultationForm)
    form.query_one("#household", Input).value = household.code
    await settle(pilot)
    hits = form.query_one("#household-hits", OptionList)
    hits.focus()
    hits.highlighted = 0
    await pilot.press("enter")
    await settle(pilot)
    assert form.household == household
    form.query_one("#language", Select).value = "ar"
    topics = form.query_one("#topics", SelectionList)
    topics.select("kindergarten_place")
    topics.select("birth")
    form.query_one("#outcome", Select).value = "referred"
    await settle(pilot)
    form.query_one("#referral-topic", Select).value = "kindergarten_place"
    await settle(pilot)
    await choose_familienbuero(pilot, form)
    form.query_one("#note", TextArea).text = "Kita-Platz ab August gesucht."
    await save(pilot)
    assert not isinstance(app.screen, ConsultationForm), "the form closes once saved"

    with Database(url).read() as session:
        consultation = session.exec(
            select(Consultation)
            .where(Consultation.household_id == household.id)
            .order_by(col(Consultation.id).desc())
        ).first()
        assert consultation is not None
        assert (consultation.staff, consultation.language, consultation.outcome) == (
            STAFF_NAME,
            "ar",
            "referred",
        )
        assert consultation.started_at == TUI_NOW
        topics_stored = set(
            session.exec(
                select(ConsultationTopic.topic).where(
                    ConsultationTopic.consultation_id == consultation.id
                )
            ).all()
        )
        assert topics_stored == {"kindergarten_place", "birth"}
        referral = session.exec(
            select(Referral).where(Referral.consultation_id == consultation.id)
        ).one()
        assert (referral.partner_key, referral.topic, referral.status) == (
            "familienbuero_brackel",
            "kindergarten_place",
            "open",
        )
        seen = session.exec(select(WalkIn).where(WalkIn.label == household.label)).all()
        assert [(w.status, w.consultation_id) for w in seen][-1] == ("seen", consultation.id)


async def anonymous_quick_contact(pilot: Pilot[None], app: OfficeApp, url: str) -> None:
    before = stored(url).statistics.month(OFFICE, 2026, 11)
    await pilot.press("k")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, ConsultationForm)
    assert form.query_one("#anonymous", Checkbox).value
    form.query_one("#people", Input).value = "3"
    form.query_one("#language", Select).value = "en"
    form.query_one("#topics", SelectionList).select("transport_ticket")
    await save(pilot)
    after = stored(url).statistics.month(OFFICE, 2026, 11)
    assert after.quick_contacts == before.quick_contacts + 1
    assert after.people == before.people + 3
    assert after.households == before.households


async def book_an_appointment(pilot: Pilot[None], app: OfficeApp, url: str) -> None:
    free = stored(url).appointments.next_free_slots(OFFICE, limit=1)[0]
    await pilot.press("b")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, AppointmentForm)
    form.query_one("#slot", Select).value = 0
    form.query_one("#label", Input).value = "Dawit"
    form.query_one("#language", Select).value = "en"
    form.query_one("#topic", Select).value = "school_enrolment"
    await save(pilot)
    with Database(url).read() as session:
        booked = session.exec(
            select(Appointment).where(
                Appointment.label == "Dawit", Appointment.starts_at == free.starts_at
            )
        ).one()
    assert (booked.status, booked.topic) == ("booked", "school_enrolment")


async def close_a_referral(pilot: Pilot[None], app: OfficeApp, url: str) -> None:
    first = stored(url).referrals.open_due(OFFICE, date(2027, 1, 31))[0]
    await pilot.press("f3")
    await settle(pilot)
    app.screen.query_one(DataTable).move_cursor(row=0)
    await pilot.press("d")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, ReferralForm)
    form.query_one(TextArea).text = "Platz zugesagt."
    await save(pilot)
    closed = stored(url).referrals.get(first.id)
    assert (closed.status, closed.partner_feedback) == ("done", "Platz zugesagt.")


async def plan_and_complete_a_home_visit(pilot: Pilot[None], app: OfficeApp, url: str) -> None:
    household = stored(url).households.search(OFFICE, "BR-")[1]
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, PlanVisitForm)
    form.query_one("#household", Input).value = household.code
    await settle(pilot)
    hits = form.query_one("#household-hits", OptionList)
    hits.focus()
    hits.highlighted = 0
    await pilot.press("enter")
    await settle(pilot)
    form.query_one("#visit-date", Input).value = "27.11.2026"
    form.query_one("#visit-time", Input).value = "09:30"
    await save(pilot)
    [visit] = [
        v
        for v in stored(url).visits.week(OFFICE, TUI_NOW.date()).visits
        if v.household_id == household.id
    ]
    assert visit.status == "planned"

    # This morning's visit (planned last week) is the one done now.
    last_week = Services(
        Database(url),
        build_directory(REPO_CONFIG),
        FrozenClock(TUI_NOW - timedelta(days=7)),
        actor=make_actor(OFFICE),
    )
    morning = last_week.visits.plan(
        office=OFFICE,
        household_id=household.id,
        planned_for=TUI_NOW.replace(hour=8, minute=30),
        staff=STAFF_NAME,
        language="ar",
    )
    assert morning.id is not None
    app.screen.reload()  # type: ignore[attr-defined]
    await settle(pilot)
    screen = app.screen
    rows = [str(key.value) for key in screen.query_one(DataTable).rows]
    screen.query_one(DataTable).move_cursor(row=rows.index(str(morning.id)))
    await pilot.press("d")
    await settle(pilot)
    done_form = app.screen
    assert isinstance(done_form, VisitDoneForm)
    done_form.query_one(TextArea).text = "Wohnung eingerichtet, Stromvertrag fehlt noch."
    await save(pilot)
    done = stored(url).visits.get(morning.id)
    assert (done.status, done.note) == ("done", "Wohnung eingerichtet, Stromvertrag fehlt noch.")


def recorded_meetings(url: str) -> set[int]:
    """Recorded round tables of the last month and the coming one."""
    today = TUI_NOW.date()
    window = stored(url).meetings.upcoming(
        OFFICE, today - timedelta(days=31), today + timedelta(days=31)
    )
    return {entry.recorded_id for entry in window if entry.recorded_id is not None}


async def record_a_round_table(pilot: Pilot[None], app: OfficeApp, url: str) -> None:
    minutes_not_yet_written(url, OFFICE)
    before = recorded_meetings(url)
    await pilot.press("f5")
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, MeetingForm)
    form.query_one("#attendees", TextArea).text = "lokal willkommen\nCaritas\nSchule am Hellweg"
    form.query_one("#minutes", TextArea).text = "Elterncafé an der Grundschule geplant."
    form.query_one("#action-0-description", Input).value = "Raum anfragen"
    form.query_one("#action-0-owner", Input).value = "Schule am Hellweg"
    form.query_one("#action-0-due", Input).value = "18.12.2026"
    await save(pilot)
    [recorded] = recorded_meetings(url) - before
    meeting = stored(url).meetings.get(recorded)
    assert meeting.meeting.starts_at <= TUI_NOW, "minutes of a meeting that has met"
    assert meeting.meeting.attendees == ("lokal willkommen", "Caritas", "Schule am Hellweg")
    assert [a.description for a in meeting.actions] == ["Raum anfragen"]


def test_a_full_working_day(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await walk_in_consultation_with_referral(pilot, app, demo_url)
            await anonymous_quick_contact(pilot, app, demo_url)
            await book_an_appointment(pilot, app, demo_url)
            await close_a_referral(pilot, app, demo_url)
            await plan_and_complete_a_home_visit(pilot, app, demo_url)
            await record_a_round_table(pilot, app, demo_url)
            errors = [n.message for n in app._notifications if n.severity == "error"]
            assert errors == [], errors

    asyncio.run(scenario())
