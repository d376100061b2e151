"""The terminal UI logs its start and its unexpected errors (lwcore.logs): tracebacks
for IT, one German line for staff, and nothing staff typed in the log."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select

from lwcore.logs import LOG_FILE, WITHHELD
from lwcore.tui.app import OfficeApp
from lwcore.tui.forms.household_finder import HouseholdFinder
from lwcore.tui.forms.visitor import WalkInForm
from tests.tui.conftest import settle

LABEL = "Familie Qasimi-Zarifa"
SURNAME = "Qasimi"
#: What a failing query might say about the walk-in it was writing.
LEAKY_MESSAGE = f"UNIQUE constraint failed, parameters ('{LABEL}', 'brackel')"


def notices(app: OfficeApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def everything_logged(folder: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(folder.glob("lw.log*")))


def test_a_day_in_the_ui_logs_events_and_errors_without_what_was_typed(
    demo_url: str, make_app: Callable[..., OfficeApp], tmp_path: Path
) -> None:
    log = tmp_path / "logs" / LOG_FILE

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(110, 34)) as pilot:
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            walk_in = app.screen
            assert isinstance(walk_in, WalkInForm)
            walk_in.query_one("#label", Input).value = LABEL
            walk_in.query_one("#language", Select).value = "ar"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert [w.label for w in app.backend.services.waiting.waiting("brackel")][-1] == LABEL

            await pilot.press("ctrl+p")
            await pilot.pause()
            for key in "Fallakte":
                await pilot.press(key)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, HouseholdFinder)
            for key in SURNAME.lower():
                await pilot.press(key)
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)

            def broken(*_args: Any, **_kwargs: Any) -> Any:
                raise RuntimeError(LEAKY_MESSAGE)

            app.backend.services.waiting.waiting = broken  # type: ignore[method-assign]
            await pilot.press("f1")
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            recorded = f"Er wurde im Protokoll {log} festgehalten; bitte sagen Sie der IT Bescheid."
            assert any(recorded in text for text in notices(app)), notices(app)
            assert type(app.screen).__name__ == "HoursScreen"  # the app keeps running

    asyncio.run(scenario())
    written = everything_logged(log.parent)
    assert "INFO lwcore.tui: terminal UI started" in written
    assert "office brackel" in written
    assert "ERROR lwcore.tui: unexpected error in the terminal UI" in written
    assert "Traceback (most recent call last):" in written
    assert "in broken" in written
    assert f"builtins.RuntimeError: {WITHHELD}" in written
    for typed in (LABEL, SURNAME, SURNAME.lower(), "Zarifa"):
        assert typed not in written, typed


def test_a_crash_is_one_german_line_and_its_traceback_is_logged(
    demo_url: str, make_app: Callable[..., OfficeApp], tmp_path: Path
) -> None:
    """An error nothing caught stops the app; Textual would print the traceback with
    its local variables, the person reads one line naming the log instead."""
    log = tmp_path / "logs" / LOG_FILE
    shown: list[object] = []

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(110, 34)) as pilot:
            await settle(pilot)

            def crash() -> None:
                label = LABEL  # a local variable Textual's traceback would show
                raise KeyError(label)

            app.call_later(crash)
            await pilot.pause(0.2)
            shown.extend(app._exit_renderables)
            assert app.return_code == 1

    with pytest.raises(KeyError):
        asyncio.run(scenario())
    assert shown == [
        f"Unerwarteter Fehler (KeyError). Er wurde im Protokoll {log} festgehalten; "
        "bitte sagen Sie der IT Bescheid."
    ]
    written = everything_logged(log.parent)
    assert "in crash" in written
    assert f"builtins.KeyError: {WITHHELD}" in written
    assert LABEL not in written
