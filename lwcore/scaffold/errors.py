"""The one error of ``lw office new``, apart so every step can raise it without the others."""

from __future__ import annotations


class ScaffoldError(ValueError):
    """Why an office cannot be made as asked: one line, naming the problem."""
