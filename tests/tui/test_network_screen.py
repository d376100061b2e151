"""The network screen on demo data: partner filters, volunteers, group offers,
barriers and suggestions, each checked in the database after the UI."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Select, SelectionList, Static, TextArea

from lwcore.db.engine import Database
from lwcore.directory import build_directory
from lwcore.services import FrozenClock, Services
from lwcore.testing import make_actor
from lwcore.tui.app import OfficeApp
from lwcore.tui.forms.base import FieldError
from lwcore.tui.forms.concern_forms import BarrierForm, BarrierStatusForm, SuggestionStatusForm
from lwcore.tui.forms.network_forms import AttendanceForm, GroupOfferForm, VolunteerForm
from lwcore.tui.record_labels import partner_details
from lwcore.tui.screens.network import NetworkScreen
from lwcore.tui.screens.network_rows import partner_rows
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import TUI_NOW, settle

OFFICE = "brackel"
SIZE = (120, 40)


def fresh_services(url: str) -> Services:
    """A second door to the app's database, as Brackel's office lead (as the app works)."""
    return Services(
        Database(url), build_directory(REPO_CONFIG), FrozenClock(TUI_NOW), actor=make_actor(OFFICE)
    )


def shown_error(form: Screen[object], name: str) -> str | None:
    label = form.query_one(f"#error-{name}", FieldError)
    return str(label.render()) if label.display else None


def row_keys(table: DataTable[object]) -> list[str]:
    return [str(row.key.value) for row in table.ordered_rows]


async def open_tab(pilot: Pilot[None], tab: str) -> NetworkScreen:
    """F6, then click the tab: the way staff get there with the mouse."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, NetworkScreen)
    if tab != "partners":
        await pilot.click(f"#--content-tab-{tab}")
        await settle(pilot)
    assert screen.active_tab == tab
    return screen


def test_partner_filters_narrow_the_table(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    directory = build_directory(REPO_CONFIG)

    def expected(topic: str | None, language: str | None) -> list[str]:
        listings = directory.partners(office=OFFICE, topic=topic, language=language)
        partners = sorted((listing.partner for listing in listings), key=lambda p: p.name)
        return [partner.key for partner in partners]

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_tab(pilot, "partners")
            table = screen.query_one("#partner-table", DataTable)
            everyone = row_keys(table)
            assert everyone == expected(None, None)
            screen.query_one("#partner-topic", Select).value = "leisure"
            await settle(pilot)
            by_topic = row_keys(table)
            assert by_topic == expected("leisure", None)
            assert 0 < len(by_topic) < len(everyone)
            screen.query_one("#partner-language", Select).value = "ku"
            await settle(pilot)
            both = row_keys(table)
            assert both == expected("leisure", "ku")
            assert 0 < len(both) < len(by_topic)
            screen.query_one("#partner-topic", Select).clear()
            screen.query_one("#partner-language", Select).clear()
            screen.query_one("#partner-district", Select).value = "Aplerbeck"
            await settle(pilot)
            serving = [
                listing.partner.key
                for listing in directory.partners(office=OFFICE)
                if listing.partner.serves_district("Aplerbeck")
            ]
            assert sorted(row_keys(table)) == sorted(serving)
            assert "familienbuero_brackel" not in row_keys(table)

    asyncio.run(scenario())


def test_partner_rows_is_the_directory_filtered() -> None:
    directory = build_directory(REPO_CONFIG)
    rows = partner_rows(directory, OFFICE, topic="job_search", language="ar", district="Brackel")
    assert [partner.key for partner in rows] == ["jobcenter_brackel"]
    assert partner_rows(directory, OFFICE, district="Eving") == [
        p for p in partner_rows(directory, OFFICE) if not p.districts
    ]


def test_the_highlighted_partner_s_hours_and_items_show_under_the_table(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    """Moving through the partners shows each one's details as its record has them."""

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_tab(pilot, "partners")
            table = screen.query_one("#partner-table", DataTable)
            details = screen.query_one("#partner-details", Static)
            shown = []
            for row in range(len(screen.partners)):
                table.move_cursor(row=row)
                await settle(pilot)
                shown.append(str(details.render()))
            assert shown == [partner_details(partner) for partner in screen.partners]
            pairs = zip(screen.partners, shown, strict=True)
            assert any(p.opening_hours and p.opening_hours in text for p, text in pairs)
            assert len(set(shown)) > 1

    asyncio.run(scenario())


def test_add_a_volunteer(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_tab(pilot, "volunteers")
            await pilot.press("v")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, VolunteerForm)
            form.query_one("#label", Input).value = "Aylin D."
            form.query_one("#languages", SelectionList).select("tr")
            form.query_one("#other-languages", Input).value = "uk"
            form.query_one("#topics", SelectionList).select("housing")
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is form  # no weekday chosen yet
            assert shown_error(form, "availability") is not None
            form.query_one("#availability", SelectionList).select("FR")
            await pilot.press("ctrl+s")  # the button ignores a second click right after one
            await settle(pilot)
            assert app.screen is screen
            screen.query_one("#volunteer-weekday", Select).value = "FR"
            await settle(pilot)
            shown = [v.label for v in screen.volunteers]
            assert "Aylin D." in shown
            assert "Lea K." not in shown  # Monday and Thursday only

    asyncio.run(scenario())
    found = fresh_services(demo_url).volunteers.find(OFFICE, language="uk", weekday="FR")
    [volunteer] = found
    assert volunteer.label == "Aylin D."
    assert volunteer.languages == ("tr", "uk")
    assert volunteer.topics == ("housing",)
    assert volunteer.availability == ("FR",)


def test_new_group_offer_and_attendance(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    services = fresh_services(demo_url)
    before = {offer.title: offer for offer in services.group_offers.offers(OFFICE)}
    cafe = before["Sprachcafé Brackel"]

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_tab(pilot, "offers")
            await pilot.press("g")
            await settle(pilot)
            offer_form = app.screen
            assert isinstance(offer_form, GroupOfferForm)
            offer_form.query_one("#title", Input).value = "Nähcafé Brackel"
            offer_form.query_one("#kind", Select).value = "other"
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is screen

            table = screen.query_one("#offer-table", DataTable)
            table.focus()
            table.move_cursor(row=row_keys(table).index(str(cafe.id)))
            await pilot.press("t")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, AttendanceForm)
            assert form.query_one("#held-on", Input).value == "26.11.2026"
            form.query_one("#attendance", Input).value = "14"
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is screen

            await pilot.press("enter")  # the same offer, the same day again
            await settle(pilot)
            again = app.screen
            assert isinstance(again, AttendanceForm)
            again.query_one("#attendance", Input).value = "3"
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is again
            message = shown_error(again, "held-on")
            assert message is not None
            assert "26.11.2026" in message  # in German, as the UI speaks

    asyncio.run(scenario())
    after = {offer.title: offer for offer in fresh_services(demo_url).group_offers.offers(OFFICE)}
    assert after["Sprachcafé Brackel"].sessions == cafe.sessions + 1
    assert after["Sprachcafé Brackel"].attendance == cafe.attendance + 14
    assert after["Nähcafé Brackel"].kind == "other"
    assert after["Nähcafé Brackel"].sessions == 0


def test_log_a_barrier_and_escalate_it(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    known = {barrier.id for barrier in fresh_services(demo_url).barriers.list(OFFICE)}

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_tab(pilot, "barriers")
            await pilot.press("h")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, BarrierForm)
            form.query_one("#topic", Select).value = "bank_account"
            form.query_one("#description", TextArea).text = "Bank verlangt Meldebescheinigung."
            form.query_one("#found-at", Input).value = "Sprechstunde"
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is screen
            [new] = [b for b in screen.barriers if b.id not in known]
            table = screen.query_one("#barrier-table", DataTable)
            table.focus()
            table.move_cursor(row=row_keys(table).index(str(new.id)))
            await pilot.press("u")
            await settle(pilot)
            status_form = app.screen
            assert isinstance(status_form, BarrierStatusForm)
            status_form.query_one("#status", Select).value = "escalated"
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is status_form  # escalated needs to whom it went
            assert shown_error(status_form, "resolution") is not None
            still = {b.id: b.status for b in fresh_services(demo_url).barriers.list(OFFICE)}
            assert still[new.id] == "open"
            status_form.query_one("#note", TextArea).text = "An die Bezirksvertretung gegeben."
            await pilot.press("ctrl+s")  # the button ignores a second click right after one
            await settle(pilot)
            assert app.screen is screen

    asyncio.run(scenario())
    [barrier] = [b for b in fresh_services(demo_url).barriers.list(OFFICE) if b.id not in known]
    assert (barrier.topic, barrier.found_at, barrier.status, barrier.resolution) == (
        "bank_account",
        "Sprechstunde",
        "escalated",
        "An die Bezirksvertretung gegeben.",
    )


def test_log_a_suggestion_and_answer_it(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    known = {s.id for s in fresh_services(demo_url).suggestions.list(OFFICE)}

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_tab(pilot, "suggestions")
            await pilot.press("w")
            await settle(pilot)
            form = app.screen
            form.query_one("#text", TextArea).text = "Sprachcafé auch samstags."
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is screen
            [new] = [s for s in screen.suggestions if s.id not in known]
            table = screen.query_one("#suggestion-table", DataTable)
            table.focus()
            table.move_cursor(row=row_keys(table).index(str(new.id)))
            await pilot.press("u")
            await settle(pilot)
            status_form = app.screen
            assert isinstance(status_form, SuggestionStatusForm)
            status_form.query_one("#status", Select).value = "done"
            status_form.query_one("#note", TextArea).text = "Ab Januar auch samstags."
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is screen

    asyncio.run(scenario())
    [suggestion] = [
        s for s in fresh_services(demo_url).suggestions.list(OFFICE) if s.id not in known
    ]
    assert suggestion.received_on == date(2026, 11, 26)
    assert (suggestion.status, suggestion.response) == ("done", "Ab Januar auch samstags.")


def test_keys_follow_the_open_tab(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_tab(pilot, "partners")
            await pilot.press("h")
            await settle(pilot)
            assert app.screen is screen  # logging a barrier belongs to its tab
            await pilot.click("#--content-tab-barriers")
            await settle(pilot)
            await pilot.press("h")
            await settle(pilot)
            assert isinstance(app.screen, BarrierForm)

    asyncio.run(scenario())
