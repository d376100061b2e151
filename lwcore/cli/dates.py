"""Date options of ``lw`` within 1900–2100.

A year like 0001 or 9999 is a typo; past the edges, the listings would step
beyond what Python's dates can hold and stop with a traceback instead of
naming the option.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from lwcore.dates import EARLIEST, LATEST


class BoundedDate(click.DateTime):
    """``click.DateTime`` refusing dates outside 1900–2100 as a usage error (status 2)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        converted = super().convert(value, param, ctx)
        if isinstance(converted, datetime) and not EARLIEST <= converted.date() <= LATEST:
            self.fail(f"{value!r} is outside 1900–2100", param, ctx)
        return converted


DAY = BoundedDate(formats=["%Y-%m-%d"])
MONTH = BoundedDate(formats=["%Y-%m"])
