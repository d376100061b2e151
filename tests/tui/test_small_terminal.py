"""80x24 is a first-class size: every section stays in sight and nothing is cut."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from lwcore.tui.app import SECTIONS, OfficeApp
from lwcore.tui.section_bar import SectionBar
from tests.tui.conftest import settle


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_section_is_in_sight_on_every_screen(
    size: tuple[int, int], demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for _mode, key, *_rest in SECTIONS:
                await pilot.press(key)
                await settle(pilot)
                bar = app.screen.query_one(SectionBar)
                shown = str(bar.render())
                for _other, other_key, *_more in SECTIONS:
                    assert f"{other_key.upper()} " in shown, (key, shown)
                assert len(shown) <= size[0], shown
                assert not shown.endswith("…"), shown
                assert app.sub_title.startswith("Brackel"), "the office is named once"

    asyncio.run(scenario())


def test_todays_month_box_shows_all_its_figures_at_80x24(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            month = app.screen.query_one("#month")
            lines = str(month.render()).splitlines()
            assert len(lines) == 3
            # Inside the box: its content fits the rows it has (border and title aside).
            assert month.content_region.height >= len(lines)
            assert all(len(line) <= month.content_region.width for line in lines)

    asyncio.run(scenario())
