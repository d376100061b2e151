"""Translations for the terminal UI: the shared language core of :mod:`lwcore.i18n`.

Kept so screens and forms import ``_`` from beside them; the core lives outside
the UI so the services and the CLI translate with the same catalogue.
"""

from __future__ import annotations

from lwcore.i18n import (
    DEFAULT_LANGUAGE,
    DOMAIN,
    LANGUAGE_VARIABLE,
    LANGUAGES,
    LOCALE_DIR,
    N_,
    _,
    _Current,
    choose_language,
    clock,
    day_and_time,
    full_short_date,
    language,
    long_date,
    n_,
    set_language,
    set_today,
    short_date,
    translation,
    weekday_name,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LANGUAGES",
    "LANGUAGE_VARIABLE",
    "LOCALE_DIR",
    "N_",
    "_",
    "_Current",
    "choose_language",
    "clock",
    "day_and_time",
    "full_short_date",
    "language",
    "long_date",
    "n_",
    "set_language",
    "set_today",
    "short_date",
    "translation",
    "weekday_name",
]
