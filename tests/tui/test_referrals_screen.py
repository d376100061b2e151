"""The Referrals screen (F3) on demo data: follow-ups, feedback, closing, stale saves,
and recording a household's consent to the partner."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import (
    Checkbox,
    DataTable,
    Input,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from lwcore.db.engine import Database
from lwcore.db.models import Referral
from lwcore.directory import build_directory
from lwcore.services import FrozenClock, Services
from lwcore.services.referrals import OpenReferral
from lwcore.testing import make_actor
from lwcore.tui.app import OfficeApp
from lwcore.tui.forms.base import FieldError, Form, Question, field_id
from lwcore.tui.forms.consent import ConsentForm
from lwcore.tui.forms.consultation import ConsultationForm
from lwcore.tui.forms.referral import ReferralForm
from lwcore.tui.i18n import _, short_date
from lwcore.tui.labels import partner_label
from lwcore.tui.screens.referrals import ReferralsScreen
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import TUI_NOW, settle

OFFICE = "brackel"
SIZE = (120, 40)


def fresh_services(url: str) -> Services:
    """Services of their own on the app's database, to check what was really stored."""
    return Services(
        Database(url), build_directory(REPO_CONFIG), FrozenClock(TUI_NOW), actor=make_actor(OFFICE)
    )


def listed(services: Services) -> list[OpenReferral]:
    return services.referrals.open_due(OFFICE, TUI_NOW.date() + timedelta(days=60))


def error_text(form: Form[object], field: str) -> str | None:
    """The message under ``field``, or None when none is shown."""
    label = form.query_one(f"#error-{field_id(field)}", FieldError)
    return str(label.render()) if label.display else None


async def open_section(pilot: Pilot[None], app: OfficeApp) -> ReferralsScreen:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    assert isinstance(app.screen, ReferralsScreen)
    return app.screen


async def open_form(pilot: Pilot[None], app: OfficeApp, row: int, key: str) -> ReferralForm:
    table = app.screen.query_one(DataTable)
    table.move_cursor(row=row)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, ReferralForm)
    return app.screen


def test_lists_open_referrals_by_follow_up_with_overdue_marked(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    expected = listed(fresh_services(demo_url))
    assert any(r.follow_up_on < TUI_NOW.date() for r in expected)
    assert any(r.follow_up_on >= TUI_NOW.date() for r in expected)

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, app)
            table = screen.query_one(DataTable)
            assert [str(key.value) for key in table.rows] == [str(r.id) for r in expected]
            services = fresh_services(demo_url)
            for index, referral in enumerate(expected):
                due, _partner, _topic, _status, household = table.get_row_at(index)
                overdue = referral.follow_up_on < TUI_NOW.date()
                assert str(due).startswith("!") is overdue
                assert referral.household_id is not None
                assert household == services.households.get(referral.household_id).code
                assert household == referral.household_code
            heading = str(screen.query_one("#heading", Static).render())
            overdue_count = sum(1 for r in expected if r.follow_up_on < TUI_NOW.date())
            assert heading == _(
                "Open referrals with a follow-up by {until}: {count}, overdue: {overdue}"
            ).format(
                until=short_date(TUI_NOW.date() + timedelta(days=60)),
                count=len(expected),
                overdue=overdue_count,
            )

    asyncio.run(scenario())


def test_close_as_done_with_the_partners_feedback(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    target = listed(fresh_services(demo_url))[0]
    assert target.id is not None

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, app)
            form = await open_form(pilot, app, 0, "d")
            assert form.query_one("#status", Select).value == "done"
            assert not form.query_one("#field-follow-up-on").display
            form.query_one(TextArea).text = "Bescheid ist da, Leistungen bewilligt."
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is screen
            stored = fresh_services(demo_url).referrals.get(target.id)
            assert stored.status == "done"
            assert stored.partner_feedback == "Bescheid ist da, Leistungen bewilligt."
            assert stored.closed_at is not None
            assert stored.version == target.version + 1
            assert str(target.id) not in [
                str(key.value) for key in screen.query_one(DataTable).rows
            ]

    asyncio.run(scenario())


def test_not_successful_needs_a_reason(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    target = listed(fresh_services(demo_url))[0]
    assert target.id is not None

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await open_section(pilot, app)
            form = await open_form(pilot, app, 0, "enter")
            assert not form.query_one("#field-reason").display
            form.query_one("#status", Select).value = "unsuccessful"
            await settle(pilot)
            assert form.query_one("#field-reason").display
            assert not form.query_one("#field-follow-up-on").display

            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is form
            message = error_text(form, "reason")
            assert message is not None
            assert message == "Bitte geben Sie an, warum die Weitervermittlung nicht gelang"
            unchanged = fresh_services(demo_url).referrals.get(target.id)
            assert (unchanged.status, unchanged.version) == (target.status, target.version)
            assert unchanged.reason is None

            form.query_one("#reason", Input).value = "Familie ist weggezogen"
            await pilot.press("ctrl+s")  # a second click within 0.2 s is ignored
            await settle(pilot)
            assert app.screen is not form
            stored = fresh_services(demo_url).referrals.get(target.id)
            assert stored.status == "unsuccessful"
            assert stored.reason == "Familie ist weggezogen"

    asyncio.run(scenario())


def test_a_colleagues_newer_change_offers_to_reload(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    target = listed(fresh_services(demo_url))[0]
    assert target.id is not None

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, app)
            form = await open_form(pilot, app, 0, "d")
            colleague = fresh_services(demo_url)
            assert target.id is not None
            colleague.referrals.update(
                target.id, target.version, partner_feedback="Kollegin: Termin verschoben"
            )
            form.query_one(TextArea).text = "Erledigt"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, Question)
            stored = fresh_services(demo_url).referrals.get(target.id)
            assert stored.status == target.status
            assert stored.partner_feedback == "Kollegin: Termin verschoben"
            assert stored.version == target.version + 1

            await pilot.click("#yes")
            await settle(pilot)
            assert app.screen is screen
            assert screen.due is not None
            reloaded = next(r for r in screen.due.referrals if r.id == target.id)
            assert reloaded.version == stored.version

    asyncio.run(scenario())


def test_accept_an_open_referral_quickly(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    referrals = listed(fresh_services(demo_url))
    row, target = next((i, r) for i, r in enumerate(referrals) if r.status == "open")
    accepted_row = next(i for i, r in enumerate(referrals) if r.status == "accepted")
    assert target.id is not None

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, app)
            table = screen.query_one(DataTable)
            table.move_cursor(row=row)
            await pilot.press("a")
            await settle(pilot)
            assert target.id is not None
            assert fresh_services(demo_url).referrals.get(target.id).status == "accepted"

            before = {r.id: r.version for r in listed(fresh_services(demo_url))}
            table.move_cursor(row=accepted_row)
            await pilot.press("a")
            await settle(pilot)
            assert {r.id: r.version for r in listed(fresh_services(demo_url))} == before

    asyncio.run(scenario())


def test_an_anonymous_referral_says_so_in_its_form(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    referrals = listed(fresh_services(demo_url))
    row = next(i for i, r in enumerate(referrals) if r.anonymous)
    named = next(i for i, r in enumerate(referrals) if not r.anonymous)
    app = make_app(demo_url)  # sets the UI language the note is read in
    note = _("Passed on anonymously: the partner has no personal data.")

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_section(pilot, app)
            form = await open_form(pilot, app, row, "enter")
            assert note in str(form.query_one("#summary").render())
            await pilot.press("escape")
            await settle(pilot)
            form = await open_form(pilot, app, named, "enter")
            assert note not in str(form.query_one("#summary").render())

    asyncio.run(scenario())


def test_record_the_households_consent_to_the_partner(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    referrals = listed(fresh_services(demo_url))
    row, target = next((i, r) for i, r in enumerate(referrals) if r.anonymous)
    assert target.household_id is not None
    household_id = target.household_id
    today = TUI_NOW.date()
    assert not fresh_services(demo_url).consents.valid(
        household_id, "referral", target.partner_key, today
    )

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, app)
            screen.query_one(DataTable).move_cursor(row=row)
            await pilot.press("c")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ConsentForm)
            assert form.query_one("#partner-key", Select).value == target.partner_key
            assert form.query_one("#given-on", Input).value == f"{today:%d.%m.%Y}"
            on_record = str(form.query_one("#on-record").render())
            assert on_record == _("No consent on record yet.") or on_record.startswith(
                _("On record:")
            )

            await pilot.press("ctrl+s")  # no text version yet
            await settle(pilot)
            assert app.screen is form
            message = error_text(form, "text_version")
            assert message is not None
            assert message == "darf nicht leer sein"
            form.query_one("#expires-on", Input).value = "1.10.2026"
            form.query_one("#text-version", Input).value = "2024-1"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form
            message = error_text(form, "expires_on")
            assert message is not None
            assert message == "muss nach dem Tag der Einwilligung liegen"
            assert not fresh_services(demo_url).consents.valid(
                household_id, "referral", target.partner_key, today
            )

            form.query_one("#expires-on", Input).value = ""
            form.query_one("#given-how", Select).value = "oral"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is screen

    asyncio.run(scenario())
    services = fresh_services(demo_url)
    assert services.consents.valid(household_id, "referral", target.partner_key, today)
    made = next(
        c
        for c in services.consents.for_household(household_id)
        if c.partner_key == target.partner_key and c.given_on == today
    )
    assert (made.given_how, made.text_version, made.text_language) == ("oral", "2024-1", "de")
    assert made.recorded_by == "brackel_stadt"


def test_a_referral_in_a_consultation_without_consent_goes_anonymously(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    """The form says the household has not agreed; the service refuses a named
    referral beside the field; ticking "anonymous" saves it without the data."""
    services = fresh_services(demo_url)
    household = services.households.create(
        office=OFFICE, label="Nour", district="Brackel", languages=["ar", "de"]
    )
    partner = "familienbuero_brackel"
    app = make_app(demo_url)  # sets the UI language the message is read in
    missing = _(
        "No valid consent of this household to pass its data to {partner}: "
        "refer anonymously, or record the consent first."
    ).format(partner=partner_label(services.context.directory, partner))

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            await pilot.press("n")
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
            assert form.household is not None
            assert form.household.id == household.id
            form.query_one("#language", Select).value = "ar"
            form.query_one("#topics", SelectionList).select("kindergarten_place")
            form.query_one("#outcome", Select).value = "referred"
            await settle(pilot)
            assert form.query_one("#field-referral-anonymous").display
            form.query_one("#referral-partner", Select).value = partner
            await settle(pilot)
            assert str(form.query_one("#consent-note").render()) == missing

            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form
            message = error_text(form, "referral.anonymous")
            assert message is not None
            assert message.startswith("keine gültige Einwilligung dieses Haushalts")

            form.query_one("#referral-anonymous", Checkbox).value = True
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, ConsultationForm)

    asyncio.run(scenario())
    with Database(demo_url).read() as session:
        [referral] = session.exec(
            select(Referral).where(Referral.household_id == household.id)
        ).all()
    assert (referral.partner_key, referral.anonymous) == (partner, True)
