"""Dates as staff type them: ISO (2027-02-28) or German (28.2.2027).

The conversion lives in :mod:`lwcore.dates` (the CLI uses it too); forms import it from here.
"""

from __future__ import annotations

from lwcore.dates import date_text

__all__ = ["date_text"]
