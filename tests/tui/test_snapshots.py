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
