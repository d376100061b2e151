"""One error type for every settings problem, worded for the person editing the file."""

from __future__ import annotations

from pathlib import Path


class SettingsError(Exception):
    """A settings file that cannot be used; the message names file, key and line."""

    def __init__(
        self, path: Path | str, message: str, *, key: str | None = None, line: int | None = None
    ) -> None:
        self.path = Path(path)
        self.key = key
        self.line = line
        self.detail = message
        where = str(self.path)
        if line is not None:
            where += f", line {line}"
        if key:
            where += f": {key}"
        super().__init__(f"{where}: {message}")


class SettingsErrors(SettingsError):
    """Several problems in one file, reported together so one edit fixes them all."""

    def __init__(self, errors: list[SettingsError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(first.path, first.detail, key=first.key, line=first.line)
        self.args = ("\n".join(str(error) for error in errors),)
