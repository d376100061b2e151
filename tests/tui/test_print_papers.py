"""Printing a client's paper from the terminal UI: P on the appointments of the day,
on the referrals and on the case file asks for the language (the client's
recorded one first) and says, in German, where the PDF is."""

from __future__ import annotations

import asyncio
import stat
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from lwcore.tui.app import OfficeApp
from lwcore.tui.forms.print_paper import PrintForm
from lwcore.tui.i18n import _
from lwcore.tui.screens.case_file import CaseFileScreen, open_case_file
from lwcore.tui.screens.hours import HoursScreen
from lwcore.tui.screens.referrals import ReferralsScreen
from tests.tui.conftest import TUI_NOW, office_services, settle

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's documents folder, as platformdirs finds it, in the test's folder."""
    folder = tmp_path / "Dokumente"
    folder.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(folder))
    return folder


def notices(app: OfficeApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def print_from(pilot: Pilot[None], app: OfficeApp) -> PrintForm:
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(app.screen, PrintForm)
    return app.screen


async def save(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


def test_p_on_a_referral_prints_its_slip_in_the_chosen_language(
    demo_url: str, make_app: Callable[..., OfficeApp], documents: Path
) -> None:
    referral = office_services(demo_url).referrals.open_due("brackel", TUI_NOW.date())[0]

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReferralsScreen)
            screen.query_one(DataTable).move_cursor(row=0)
            form = await print_from(pilot, app)
            assert form.query_one("#language", Select).value == ""  # as recorded
            assert form.query_one("#folder", Input).value == str(documents)
            form.query_one("#language", Select).value = "fa"
            await save(pilot)
            assert app.screen is screen
            path = documents / f"referral-{referral.id}-fa.pdf"
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            assert _("The paper is in {path}").format(path=path) in notices(app)
            assert "Das Blatt liegt in" in notices(app)[-1]
            assert "ارجاع به یک سازمان همکار" in pypdf.PdfReader(path).pages[0].extract_text()

    asyncio.run(scenario())


def test_p_on_the_case_file_prints_the_consent_form_in_the_households_language(
    demo_url: str, make_app: Callable[..., OfficeApp], tmp_path: Path
) -> None:
    services = office_services(demo_url)
    household = next(
        hit
        for hit in services.households.search("brackel", "BR-")
        if any(code != "de" for code in services.households.get(hit.id).languages)
    )
    record = services.households.get(household.id)
    spoken = next(code for code in record.languages if code != "de")
    chosen = tmp_path / "für die Familie"
    chosen.mkdir()

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            open_case_file(app, household.id)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, CaseFileScreen)
            form = await print_from(pilot, app)
            assert form.query_one("#kind", Select).value == "consent"
            assert form.query_one("#language", Select).value == spoken
            form.query_one("#folder", Input).value = str(tmp_path / "fehlt")
            await save(pilot)
            assert app.screen is form  # a folder that is not there is refused
            form.query_one("#folder", Input).value = str(chosen)
            await save(pilot)
            assert app.screen is screen
            [written] = chosen.iterdir()
            assert written.name.startswith(f"consent-{record.code}-")
            assert str(written) in notices(app)[-1]

    asyncio.run(scenario())


def test_p_on_the_appointments_of_the_day_prints_the_slip(
    demo_url: str, make_app: Callable[..., OfficeApp], documents: Path
) -> None:
    services = office_services(demo_url)
    slot = services.appointments.free_slots("brackel", TUI_NOW.date())[0]
    booked = services.appointments.book(
        office="brackel",
        starts_at=slot.starts_at,
        label="Familie Haidari",
        language="ar",
        topic="housing",
    )

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HoursScreen)
            table = screen.query_one("#appointments", DataTable)
            table.move_cursor(row=[str(k.value) for k in table.rows].index(str(booked.id)))
            form = await print_from(pilot, app)
            assert form.query_one("#language", Select).value == "ar"
            await save(pilot)
            path = documents / f"appointment-{booked.id}-ar.pdf"
            assert path.is_file()
            text = pypdf.PdfReader(path).pages[0].extract_text()
            assert "Familie Haidari" in text
            assert "موعد" in text

    asyncio.run(scenario())
