"""The UI works as one staff member: offices beyond their role are not offered."""

from __future__ import annotations

import asyncio

from lwcore.services import FrozenClock
from lwcore.tui.app import OfficeApp
from lwcore.tui.backend import Backend
from lwcore.tui.screens.office_switcher import OfficeSwitcher
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import TUI_NOW, settle


def app_as(staff: str, url: str) -> OfficeApp:
    backend = Backend(
        config_option=REPO_CONFIG, database_url=url, clock=FrozenClock(TUI_NOW), staff=staff
    )
    return OfficeApp(backend)


def offered_offices(staff: str, url: str) -> tuple[str | None, list[str] | None]:
    """The office the app opens, and the offices F10 offers (None: no switcher)."""
    result: tuple[str | None, list[str] | None] = (None, None)

    async def scenario() -> None:
        nonlocal result
        app = app_as(staff, url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f10")
            await settle(pilot)
            offered = (
                [choice.slug for choice in app.screen.offices]
                if isinstance(app.screen, OfficeSwitcher)
                else None
            )
            result = (app.office, offered)

    asyncio.run(scenario())
    return result


def test_office_staff_work_in_their_office_only(demo_url: str) -> None:
    # Not the deployment's default office (Brackel): their own, and no switcher.
    assert offered_offices("mh_diakonie", demo_url) == ("mengede_huckarde", None)


def test_a_coordinator_may_open_every_office(demo_url: str) -> None:
    office, offices = offered_offices("koordination", demo_url)
    assert office == "brackel"  # the deployment's default office
    assert offices == ["brackel", "mengede_huckarde"]


def test_a_coordinator_starts_on_the_statistics_and_sees_no_day(demo_url: str) -> None:
    """A coordinator reads released figures only: the app opens the statistics with a
    notice, and the Today screen lists nobody (nor the month's exact counters)."""
    seen: dict[str, object] = {}

    async def scenario() -> None:
        app = app_as("koordination", demo_url)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            seen["mode"] = app.current_mode
            seen["notices"] = " ".join(str(n.message) for n in app._notifications)
            await pilot.press("f1")
            await settle(pilot)
            seen["today"] = " ".join(str(widget.render()) for widget in app.screen.query("Static"))

    asyncio.run(scenario())
    assert seen["mode"] == "statistics"
    assert "released figures of every office" in str(seen["notices"])
    assert "The day's lists stay with the office" in str(seen["today"])


def test_an_unknown_staff_member_stops_the_app_with_the_reason(demo_url: str) -> None:
    async def scenario() -> OfficeApp:
        app = app_as("nobody", demo_url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("enter")  # the notice that says why
            await settle(pilot)
        return app

    app = asyncio.run(scenario())
    assert app.return_code == 2
    assert app.stop_reason is not None
    assert "no staff member 'nobody' in lwcore.toml [staff]" in app.stop_reason


def hours_keys(staff: str, url: str) -> set[str]:
    """The keys the Sprechstunde screen offers to ``staff`` (after pressing F2)."""
    keys: set[str] = set()

    async def scenario() -> None:
        nonlocal keys
        app = app_as(staff, url)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            assert type(app.screen).__name__ == "HoursScreen"
            keys = set(app.screen.active_bindings)
            await pilot.press("a")  # walk-in: a form for those who may, nothing otherwise
            await settle(pilot)
            if "a" not in keys:
                assert type(app.screen).__name__ == "HoursScreen"

    asyncio.run(scenario())
    return keys


def test_a_coordinator_is_offered_no_key_that_changes_records(demo_url: str) -> None:
    assert {"a", "s", "n", "k", "b"} <= hours_keys("brackel_caritas", demo_url)
    assert not {"a", "s", "n", "k", "b", "x"} & hours_keys("koordination", demo_url)


def test_every_change_key_names_an_action_of_its_screen() -> None:
    from importlib import import_module

    from lwcore.tui.app import SECTIONS

    for _mode, _key, _label, module, name in SECTIONS:
        screen = getattr(import_module(f"lwcore.tui.screens.{module}"), name)
        missing = [a for a in screen.CHANGES if not hasattr(screen, f"action_{a}")]
        assert not missing, (name, missing)


def palette_commands(staff: str, url: str) -> list[str]:
    """The palette's command names for ``staff``, in English."""
    from lwcore.tui.commands import _commands
    from lwcore.tui.i18n import set_language

    set_language("en")
    names: list[str] = []

    async def scenario() -> None:
        nonlocal names
        app = app_as(staff, url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            names = [name for name, _help, _call in _commands(app)]

    try:
        asyncio.run(scenario())
    finally:
        set_language("de")  # as every other test expects
    return names


def test_the_palette_offers_recording_only_to_staff_who_may(demo_url: str) -> None:
    assert "New consultation" in palette_commands("brackel_caritas", demo_url)
    coordinator = palette_commands("koordination", demo_url)
    assert "Statistics" in coordinator
    assert not {"New consultation", "Quick contact", "Add walk-in", "Book appointment"} & set(
        coordinator
    )
