"""Any failure in a worker becomes a readable notice, and the app keeps running."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from lwcore.services import Conflict
from lwcore.tui.app import OfficeApp
from tests.tui.conftest import settle


def notices(app: OfficeApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def test_failing_load_is_a_notice(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)

            def broken(*_args: Any, **_kwargs: Any) -> Any:
                raise RuntimeError("disk unplugged")

            app.backend.services.waiting.waiting = broken  # type: ignore[method-assign]
            await pilot.press("f2")
            await settle(pilot)
            assert type(app.screen).__name__ == "HoursScreen"
            assert any(
                "Unerwarteter Fehler" in text or "Unexpected error" in text for text in notices(app)
            )
            assert any("disk unplugged" in text for text in notices(app))
            await pilot.press("f1")
            await settle(pilot)
            assert type(app.screen).__name__ == "TodayScreen"

    asyncio.run(scenario())


def test_service_refusal_while_saving_is_a_notice(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)

            def refuse(**_kwargs: Any) -> Any:
                raise Conflict("walk-in 1 is not waiting in brackel (status left)")

            app.backend.services.waiting.add = refuse  # type: ignore[method-assign]
            await pilot.press("f2")
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            form = app.screen
            form.query_one("#label").value = "M."  # type: ignore[attr-defined]
            form.query_one("#language").value = "ar"  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert any("is not waiting" in text for text in notices(app))
            assert app.screen is form  # still open: nothing was saved

    asyncio.run(scenario())
