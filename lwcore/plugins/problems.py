"""What went wrong with a plugin, kept as data so every front end can show it."""

from __future__ import annotations

import traceback
from typing import Literal

from attrs import frozen

Stage = Literal["import", "api", "register", "settings", "hook", "merge", "deprecated"]


@frozen
class PluginProblem:
    """One plugin's failure: which plugin, at which stage, and why."""

    plugin: str
    stage: Stage
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} ({self.stage}): {self.message}"


def describe_exception(error: BaseException) -> str:
    """``ValueError: bad key (hooks.py:42)``: the reason and the innermost place it arose."""
    reason = str(error)
    if len(error.args) >= 2 and isinstance(error.args[0], str):  # attrs' validators
        reason = error.args[0]
    text = f"{type(error).__name__}: {reason}"
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        last = frames[-1]
        text += f" ({last.filename.rsplit('/', 1)[-1]}:{last.lineno})"
    return text
