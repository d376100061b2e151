"""Every form opens with the cursor in its first field: the first letters typed are
not lost (social workers type before they look)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from textual.widgets import Input, Select, SelectionList, TextArea

from lwcore.tui.app import OfficeApp
from tests.tui.conftest import settle

#: (section key, form key (keys, space-separated), the field the cursor must start in)
FORMS = [
    ("f2", "a", "label"),
    ("f2", "n", "household"),
    ("f2", "k", "people"),
    ("f2", "b", "slot"),
    ("f3", "c", "purpose"),
    ("f3", "d", "partner-feedback"),
    ("f4", "p", "household"),
    ("f5", "r", "attendees"),
    ("f5", "e", "path"),
    ("f7", "p", "start"),
    # The report leaves the office: it is for a month that is over, the one before.
    ("f7", "left_square_bracket x", "formats"),
]


@pytest.mark.parametrize(("section", "key", "field"), FORMS, ids=str)
def test_the_cursor_starts_in_the_first_field(
    section: str, key: str, field: str, demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press(section)
            await settle(pilot)
            for pressed in key.split():
                await pilot.press(pressed)
                await settle(pilot)
            focused = app.focused
            assert focused is not None
            assert focused.id == field, focused
            if isinstance(focused, Input) and focused.type == "integer":
                await pilot.press("3")
                assert "3" in focused.value
            elif isinstance(focused, Input | TextArea):
                await pilot.press("R", "o", "y", "a")
                typed = focused.value if isinstance(focused, Input) else focused.text
                assert "Roya" in typed
            else:
                assert isinstance(focused, Select | SelectionList)

    asyncio.run(scenario())
