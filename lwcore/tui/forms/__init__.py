"""Forms of the terminal UI: one modal screen per kind of record."""

from lwcore.tui.forms.base import Form, Question

__all__ = ["Form", "Question"]
