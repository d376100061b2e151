"""Snapshots of every section, at the smallest supported terminal and a large one.

Deterministic: frozen clock, seeded demo data, German UI. After a deliberate
change of a screen, review the new pictures and accept them with
``uv run pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from lwcore.tui.app import OfficeApp
from tests.tui.conftest import settle

SECTIONS = [
    ("today", "f1"),
    ("hours", "f2"),
    ("referrals", "f3"),
    ("visits", "f4"),
    ("round_tables", "f5"),
    ("network", "f6"),
    ("statistics", "f7"),
]
SIZES = [(80, 24), (160, 48)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize(("section", "key"), SECTIONS, ids=[name for name, _ in SECTIONS])
def test_section(
    snap_compare: Callable[..., bool],
    demo_url: str,
    make_app: Callable[..., OfficeApp],
    section: str,
    key: str,
    size: tuple[int, int],
) -> None:
    async def open_section(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert pilot.app.current_mode == section

    assert snap_compare(make_app(demo_url), terminal_size=size, run_before=open_section)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_case_file(
    snap_compare: Callable[..., bool],
    demo_url: str,
    make_app: Callable[..., OfficeApp],
    size: tuple[int, int],
) -> None:
    """The case file of the demo's busiest household, after a colleague corrected its name
    and withdrew one of its consultations: history, markers and corrections in view."""
    from lwcore.db.engine import Database
    from lwcore.directory import build_directory
    from lwcore.services import FrozenClock, Services
    from lwcore.testing import make_actor
    from lwcore.tui.screens.case_file import CaseFileScreen, open_case_file
    from tests.conftest import REPO_CONFIG
    from tests.tui.conftest import TUI_NOW
    from tests.tui.test_case_file import busiest_household

    household = busiest_household(demo_url)
    assert household.id is not None
    colleague = make_actor("brackel", "office_staff", employer="welfare", key="brackel_caritas")
    services = Services(
        Database(demo_url), build_directory(REPO_CONFIG), FrozenClock(TUI_NOW), actor=colleague
    )
    services.households.correct(
        household.id,
        household.version,
        reason="Schreibweise laut Pass",
        label=f"{household.label} Haddad",
    )
    consultation = next(
        e for e in services.case_files.open(household.id).timeline if e.kind == "consultation"
    )
    services.consultations.void(consultation.id, consultation.version, reason="Doppelt erfasst")

    async def open_file(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        open_case_file(pilot.app, household.id)
        await settle(pilot)
        assert isinstance(pilot.app.screen, CaseFileScreen)

    assert snap_compare(make_app(demo_url), terminal_size=size, run_before=open_file)


def test_help_screen(
    snap_compare: Callable[..., bool], demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    """The help (?) over the Today screen: the keys everywhere, the how-tos, and H for
    the handbook. The staff handbook shows this picture (docs/handbuch/hilfe.svg)."""

    async def open_help(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "HelpScreen"

    assert snap_compare(make_app(demo_url), terminal_size=(80, 24), run_before=open_help)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_handbook_screen(
    snap_compare: Callable[..., bool],
    demo_url: str,
    make_app: Callable[..., OfficeApp],
    size: tuple[int, int],
) -> None:
    """The handbook opened from the help (?, H): its beginning, and on a wide terminal
    its table of contents beside it."""

    async def open_handbook(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "HandbookScreen"

    assert snap_compare(make_app(demo_url), terminal_size=size, run_before=open_handbook)


def test_register_household_form(
    snap_compare: Callable[..., bool], demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    """A new family's registration with the name typed: the office's similar households
    are offered before anything new is registered (docs/handbuch/neuer-haushalt.svg)."""

    async def open_form(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, OfficeApp)
        assert app.office is not None
        app.register_household_named(app.office, "Hamid", "ar", lambda _hit: None)
        await settle(pilot)
        assert type(app.screen).__name__ == "RegisterHouseholdForm"
        # The text cursor steady, not caught on or off in its blink.
        app.screen.query_one("#label", Input).cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(demo_url), terminal_size=(80, 24), run_before=open_form)
