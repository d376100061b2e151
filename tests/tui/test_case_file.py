"""The case file (Fallakte) on demo data: opened from the palette's household finder
and from the referrals list, its timeline newest first and paged, corrections of the
household and of a consultation with their history, withdrawing a consultation,
merging a duplicate, handing over to another office, and a coordinator's view."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, SelectionList, Static

from lwcore.db.engine import Database
from lwcore.db.models import Consultation, Household
from lwcore.directory import build_directory
from lwcore.services import FrozenClock, Services
from lwcore.services.errors import NotFound
from lwcore.testing import make_actor
from lwcore.tui.app import OfficeApp
from lwcore.tui.backend import Backend
from lwcore.tui.forms.base import Question
from lwcore.tui.forms.corrections import (
    ConsultationCorrectionForm,
    HouseholdCorrectionForm,
    WithdrawForm,
)
from lwcore.tui.forms.household_finder import HouseholdFinder, HouseholdPicker
from lwcore.tui.forms.household_moves import HandOverForm, MergeForm
from lwcore.tui.i18n import _
from lwcore.tui.screens.case_file import PAGE_SIZE, CaseFileScreen, open_case_file
from lwcore.tui.screens.referrals import ReferralsScreen
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import TUI_NOW, settle

OFFICE = "brackel"
SIZE = (140, 45)
#: Keys that change records, as the case file binds them.
CHANGE_KEYS = {"k", "e", "z", "c", "m", "u"}


def stored(url: str, office: str = OFFICE) -> Services:
    """Services of their own on the app's database, as an office lead of ``office``."""
    return Services(
        Database(url), build_directory(REPO_CONFIG), FrozenClock(TUI_NOW), actor=make_actor(office)
    )


def busiest_household(url: str) -> Household:
    """Brackel's household with the most consultations: more than one page of history."""
    database = Database(url)
    with Session(database.engine) as session:
        household_id = session.exec(
            select(Consultation.household_id)
            .join(Household, col(Household.id) == Consultation.household_id)
            .where(Household.office == OFFICE)
            .group_by(col(Consultation.household_id))
            .order_by(func.count().desc(), col(Consultation.household_id))
        ).first()
        household = session.get(Household, household_id)
        assert household is not None
        session.expunge(household)
    database.dispose()
    return household


def same_name_pair(url: str) -> tuple[Household, Household]:
    """Two Brackel households of the same name, as if one family was registered twice."""
    database = Database(url)
    with Session(database.engine) as session:
        households = session.exec(
            select(Household).where(Household.office == OFFICE).order_by(col(Household.id))
        ).all()
        by_label: dict[str, list[Household]] = {}
        for household in households:
            by_label.setdefault(household.label, []).append(household)
        first, second = next(pair for pair in by_label.values() if len(pair) >= 2)[:2]
        session.expunge_all()
    database.dispose()
    return first, second


def screen_text(screen: CaseFileScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def timeline_keys(screen: CaseFileScreen) -> list[str]:
    return [str(key.value) for key in screen.query_one("#timeline", DataTable).rows]


def revision_cells(screen: CaseFileScreen) -> list[str]:
    table = screen.query_one("#revisions", DataTable)
    return [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]


async def show_case_file(pilot: Pilot[None], app: OfficeApp, household: int) -> CaseFileScreen:
    await settle(pilot)
    open_case_file(app, household)
    await settle(pilot)
    assert isinstance(app.screen, CaseFileScreen)
    return app.screen


async def highlight(pilot: Pilot[None], screen: CaseFileScreen, key: str) -> None:
    """Put the timeline's cursor on the entry ``kind-id``."""
    table = screen.query_one("#timeline", DataTable)
    table.move_cursor(row=timeline_keys(screen).index(key))
    await pilot.pause()


async def save(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


def heading(page: int, pages: int, total: int) -> str:
    return _("History, newest first · page {page} of {pages} · {total} entries").format(
        page=page, pages=pages, total=total
    )


def run(scenario: Callable[[], Any]) -> None:
    asyncio.run(scenario())


def test_open_from_the_palette_finder(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    household = busiest_household(demo_url)
    expected = stored(demo_url).case_files.open(household.code, page_size=PAGE_SIZE)

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            for key in "Fallakte":
                await pilot.press(key)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(pilot)
            finder = app.screen
            assert isinstance(finder, HouseholdFinder)
            assert isinstance(app.focused, Input)  # typing goes into the search at once
            for key in household.code.lower():
                await pilot.press(key)
            await settle(pilot)
            assert [hit.id for hit in finder.query_one(HouseholdPicker).hits] == [household.id]
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, CaseFileScreen)
            who = screen_text(screen, "#who")
            assert household.code in who
            assert household.label in who
            assert timeline_keys(screen) == [f"{e.kind}-{e.id}" for e in expected.timeline]
            await pilot.press("escape")
            await settle(pilot)
            assert app.current_mode == "today"
            assert type(app.screen).__name__ == "TodayScreen"

    run(scenario)


def test_open_from_the_referrals_list(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    due = stored(demo_url).referrals.open_due(OFFICE, TUI_NOW.date() + timedelta(days=60))
    with_household = next(index for index, r in enumerate(due) if r.household_id is not None)
    referral = due[with_household]

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            assert isinstance(app.screen, ReferralsScreen)
            app.screen.query_one(DataTable).move_cursor(row=with_household)
            await pilot.press("h")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, CaseFileScreen)
            assert referral.household_code is not None
            assert referral.household_code in screen_text(screen, "#who")
            assert f"referral-{referral.id}" in timeline_keys(screen)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, ReferralsScreen)

    run(scenario)


def test_timeline_is_newest_first_and_paged(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    household = busiest_household(demo_url)
    assert household.id is not None
    services = stored(demo_url)
    first = services.case_files.open(household.id, page=0, page_size=PAGE_SIZE)
    second = services.case_files.open(household.id, page=1, page_size=PAGE_SIZE)
    assert first.total > PAGE_SIZE
    consultations = [e for e in first.timeline if e.kind == "consultation"]
    assert len(consultations) > 1

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await show_case_file(pilot, app, household.id or 0)
            table = screen.query_one("#timeline", DataTable)
            zone = app.backend.directory.deployment.zone
            shown = [str(table.get_row_at(row)[0]) for row in range(table.row_count)]
            assert shown == [f"{e.at.astimezone(zone):%d.%m.%Y %H:%M}" for e in first.timeline]
            moments = [e.at for e in first.timeline]
            assert moments == sorted(moments, reverse=True)
            assert _("Consultation") in {
                str(table.get_row_at(r)[1]) for r in range(table.row_count)
            }
            assert screen_text(screen, "#timeline-heading") == heading(1, first.pages, first.total)
            assert "b" not in screen.active_bindings or not screen.active_bindings["b"].enabled

            await pilot.press("n")
            await settle(pilot)
            assert timeline_keys(screen) == [f"{e.kind}-{e.id}" for e in second.timeline]
            assert screen_text(screen, "#timeline-heading") == heading(2, first.pages, first.total)
            assert second.timeline[0].at <= first.timeline[-1].at
            await pilot.press("b")
            await settle(pilot)
            assert timeline_keys(screen) == [f"{e.kind}-{e.id}" for e in first.timeline]

    run(scenario)


def test_correct_the_household_and_a_consultation_with_their_history(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    household = busiest_household(demo_url)
    assert household.id is not None
    case = stored(demo_url).case_files.open(household.id)
    consultation = next(e for e in case.timeline if e.kind == "consultation" and not e.voided)
    new_topic = next(k for k in build_directory(REPO_CONFIG).topics if k not in consultation.topics)

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await show_case_file(pilot, app, household.id or 0)
            await pilot.press("k")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, HouseholdCorrectionForm)
            assert app.focused is form.query_one("#label", Input)
            label = form.query_one("#label", Input)
            assert label.value == household.label
            label.value = f"{household.label} Haddad"
            form.query_one("#reason", Input).value = "Nachname ergänzt"
            await save(pilot)
            assert app.screen is screen
            assert f"{household.label} Haddad" in screen_text(screen, "#who")
            cells = revision_cells(screen)
            assert f"Name: {household.label} → {household.label} Haddad" in cells
            assert "Nachname ergänzt" in cells
            assert "Anna Becker" in cells

            await highlight(pilot, screen, f"consultation-{consultation.id}")
            await pilot.press("e")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ConsultationCorrectionForm)
            topic_list = form.query_one("#topics", SelectionList)
            assert app.focused is topic_list
            assert sorted(topic_list.selected) == sorted(consultation.topics)
            for key in consultation.topics:
                topic_list.deselect(key)
            topic_list.select(new_topic)
            form.query_one("#reason", Input).value = "Falsches Thema gewählt"
            await save(pilot)
            assert app.screen is screen
            assert "Falsches Thema gewählt" in revision_cells(screen)
            row = timeline_keys(screen).index(f"consultation-{consultation.id}")
            status = str(screen.query_one("#timeline", DataTable).get_row_at(row)[4])
            assert _("corrected") in status

    run(scenario)
    services = stored(demo_url)
    assert services.households.get(household.id).label == f"{household.label} Haddad"
    assert services.consultations.get(consultation.id).topics == (new_topic,)
    revisions = services.case_files.open(household.id).revisions
    assert {(r.kind, r.action) for r in revisions} == {
        ("household", "correct"),
        ("consultation", "correct"),
    }


def test_nothing_changed_sends_nothing(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    household = busiest_household(demo_url)

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await show_case_file(pilot, app, household.id or 0)
            await pilot.press("k")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, HouseholdCorrectionForm)
            await save(pilot)
            assert app.screen is form
            notices = [str(n.message) for n in app._notifications]
            assert _("Nothing was changed.") in notices
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen

    run(scenario)
    assert stored(demo_url).case_files.open(household.id or 0).revisions == ()


def test_withdraw_a_consultation_with_a_reason(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    household = busiest_household(demo_url)
    assert household.id is not None
    services = stored(demo_url)
    case = services.case_files.open(household.id)
    consultation = next(e for e in case.timeline if e.kind == "consultation" and not e.voided)
    local = consultation.at.astimezone(build_directory(REPO_CONFIG).deployment.zone)
    before = services.statistics.month(OFFICE, local.year, local.month).consultations

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await show_case_file(pilot, app, household.id or 0)
            await highlight(pilot, screen, f"consultation-{consultation.id}")
            await pilot.press("z")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, WithdrawForm)
            assert app.focused is form.query_one("#reason", Input)
            await save(pilot)  # no reason: refused, nothing withdrawn
            assert app.screen is form
            form.query_one("#reason", Input).value = "Beim falschen Haushalt erfasst"
            await save(pilot)
            assert app.screen is screen
            row = timeline_keys(screen).index(f"consultation-{consultation.id}")
            status = str(screen.query_one("#timeline", DataTable).get_row_at(row)[4])
            assert status == _("withdrawn: {reason}").format(
                reason="Beim falschen Haushalt erfasst"
            )
            await pilot.press("z")  # a withdrawn entry cannot be withdrawn again
            await settle(pilot)
            assert app.screen is screen

    run(scenario)
    after = stored(demo_url)
    assert after.statistics.month(OFFICE, local.year, local.month).consultations == before - 1
    [entry] = [
        e
        for e in after.case_files.open(household.id).timeline
        if e.kind == "consultation" and e.id == consultation.id
    ]
    assert entry.voided
    assert entry.void_reason == "Beim falschen Haushalt erfasst"


def test_merge_a_household_registered_twice(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    kept, duplicate = same_name_pair(demo_url)
    assert kept.id is not None
    assert duplicate.id is not None
    services = stored(demo_url)
    total = services.case_files.open(kept.id).total + services.case_files.open(duplicate.id).total

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await show_case_file(pilot, app, kept.id or 0)
            await pilot.press("m")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, MergeForm)
            assert app.focused is form.query_one("#household-text", Input)
            for key in duplicate.code:
                await pilot.press(key)
            await settle(pilot)
            picker = form.query_one(HouseholdPicker)
            assert [hit.id for hit in picker.hits] == [duplicate.id]
            await pilot.press("enter")
            await settle(pilot)
            assert form.duplicate is not None
            assert form.duplicate.id == duplicate.id
            form.query_one("#reason", Input).value = "Beim Erstbesuch doppelt angelegt"
            await pilot.press("ctrl+s")
            await settle(pilot)
            question = app.screen
            assert isinstance(question, Question)  # asks first, naming both
            assert kept.code in question.text
            assert duplicate.code in question.text
            await pilot.click("#yes")
            await settle(pilot)
            assert app.screen is screen
            assert _("Former codes: {codes}").format(codes=duplicate.code) in screen_text(
                screen, "#who"
            )
            assert screen.case is not None
            assert screen.case.total == total

    run(scenario)
    after = stored(demo_url)
    assert after.households.find(duplicate.code).id == kept.id
    assert after.case_files.open(kept.id).total == total


def test_hand_over_to_another_office_with_consent(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    household = busiest_household(demo_url)
    assert household.id is not None
    target = build_directory(REPO_CONFIG).office("mengede_huckarde").office

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            referrals = app.screen
            screen = await show_case_file(pilot, app, household.id or 0)
            await pilot.press("u")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, HandOverForm)
            assert app.focused is form.query_one("#to-office", Select)
            form.query_one("#to-office", Select).value = "mengede_huckarde"
            await settle(pilot)
            form.query_one("#district", Select).value = target.districts[0]
            form.query_one("#consent-text-version", Input).value = "2024-1"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, Question)
            assert target.name in app.screen.text
            await pilot.click("#yes")
            await settle(pilot)
            assert app.screen is referrals  # the file is the other office's now
            assert screen.left

            open_case_file(app, household.id)  # Brackel staff may no longer open it
            await settle(pilot)
            assert isinstance(app.screen, CaseFileScreen)
            assert app.screen.case is None
            assert household.code not in screen_text(app.screen, "#who")

    run(scenario)
    with pytest.raises(NotFound):  # to Brackel it is no household any more
        stored(demo_url).case_files.open(household.id)
    taken = stored(demo_url, "mengede_huckarde").case_files.open(household.id)
    assert taken.household.office == "mengede_huckarde"
    assert taken.household.district == target.districts[0]
    assert any(
        c.purpose == "handover" and c.partner_key == "mengede_huckarde" for c in taken.consents
    )


def test_a_coordinator_opens_no_case_file_and_sees_no_change_keys(demo_url: str) -> None:
    """A coordinator reads figures only: the case file says it cannot be opened."""
    household = busiest_household(demo_url)
    keys: dict[str, set[str]] = {}
    shown: dict[str, str] = {}

    async def scenario(staff: str) -> None:
        backend = Backend(
            config_option=REPO_CONFIG,
            database_url=demo_url,
            clock=FrozenClock(TUI_NOW),
            staff=staff,
        )
        app = OfficeApp(backend)
        async with app.run_test(size=SIZE) as pilot:
            screen = await show_case_file(pilot, app, household.id or 0)
            shown[staff] = screen_text(screen, "#who")
            keys[staff] = set(screen.active_bindings)
            await pilot.press("k")  # nothing opens for who may not change
            await settle(pilot)
            if "k" not in keys[staff]:
                assert app.screen is screen

    asyncio.run(scenario("brackel_caritas"))
    asyncio.run(scenario("koordination"))
    assert household.code in shown["brackel_caritas"]
    assert household.code not in shown["koordination"]
    assert "cannot be opened" in shown["koordination"]
    assert keys["brackel_caritas"] >= CHANGE_KEYS
    assert not CHANGE_KEYS & keys["koordination"]
    assert {"escape", "n"} <= keys["koordination"]


def test_open_from_the_home_visits_and_a_row_without_household(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    week = stored(demo_url).visits.week(OFFICE, TUI_NOW.date())
    row = next(index for index, v in enumerate(week.visits) if v.household_id is not None)
    visit = week.visits[row]

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f4")
            await settle(pilot)
            visits = app.screen
            visits.query_one(DataTable).move_cursor(row=row)
            await pilot.press("h")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, CaseFileScreen)
            assert week.codes[visit.household_id or 0] in screen_text(screen, "#who")
            assert f"home_visit-{visit.id}" in timeline_keys(screen)
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is visits

            open_case_file(app, None)  # e.g. an anonymous referral: nothing to open
            await settle(pilot)
            assert app.screen is visits
            notices = [str(n.message) for n in app._notifications]
            assert _("This row has no household.") in notices

    run(scenario)
