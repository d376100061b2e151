"""A box waiting for its data says so in the staff's language, also with
Textual's animations off (where Textual itself writes "Loading...")."""

from __future__ import annotations

import asyncio
import html
import threading
from collections.abc import Callable

import pytest

from lwcore.tui.app import OfficeApp
from lwcore.tui.backend import Backend, StartInfo
from lwcore.tui.loading import Loading
from tests.tui.conftest import settle


def on_screen(app: OfficeApp) -> str:
    """The screen's text as the terminal shows it."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


@pytest.mark.parametrize(("animations", "still"), [("none", True), ("full", False)])
def test_the_today_boxes_say_they_are_loading(
    demo_url: str,
    make_app: Callable[..., OfficeApp],
    monkeypatch: pytest.MonkeyPatch,
    animations: str,
    still: bool,
) -> None:
    gate = threading.Event()
    start = Backend.start

    def start_when_let(backend: Backend) -> StartInfo:
        gate.wait(30)
        return start(backend)

    monkeypatch.setattr(Backend, "start", start_when_let)

    async def scenario() -> None:
        app = make_app(demo_url)
        app.animation_level = animations  # type: ignore[assignment]
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            try:
                assert isinstance(app.get_loading_widget(), Loading)
                shown = on_screen(app)
            finally:
                gate.set()
            assert ("Wird geladen…" in shown) is still
            assert "Loading" not in shown
            await settle(pilot)
            assert "Wird geladen" not in on_screen(app)

    asyncio.run(scenario())
