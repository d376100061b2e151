"""Subcommands imported only when they run (click's documented lazy-loading pattern).

``lw`` with no subcommand opens the terminal UI; importing every command's
dependencies first would slow down the start staff see every morning. The
listing of ``lw --help`` comes from each command's line in the table, so
asking for help imports no command either (nor SQLAlchemy, Alembic, ...).
"""

from __future__ import annotations

from importlib import import_module
from typing import NamedTuple

import click


class Lazy(NamedTuple):
    """A subcommand by where it is defined, and its line in the group's help."""

    target: str
    short_help: str


class LazyGroup(click.Group):
    def __init__(self, *args: object, lazy: dict[str, Lazy] | None = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = dict(lazy or {})

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The subcommands and their lines, none of them imported."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.lazy:
                rows.append((name, _shortened(self.lazy[name].short_help, limit)))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module, _, name = self.lazy[cmd_name].target.rpartition(".")
            command = getattr(import_module(module), name)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy[cmd_name].target} is not a click command")
            return command
        return super().get_command(ctx, cmd_name)


def _shortened(text: str, limit: int) -> str:
    """``text`` cut at a word to fit ``limit``, as click shortens a command's help."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 3, 0)].rsplit(" ", 1)[0]
    return f"{cut.rstrip(',;:')}..."
