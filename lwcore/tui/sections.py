"""The app's sections in F-key order: which key opens which screen.

Its own module so the section bar, the palette commands and the screens can
name the sections without importing the app that shows them.
"""

from __future__ import annotations

from lwcore.tui.i18n import N_

#: (mode, key, label, module, class): the sections in F-key order. The module is
#: one of lwcore.tui.screens, imported when the section is first opened.
SECTIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("today", "f1", N_("Today"), "today", "TodayScreen"),
    ("hours", "f2", N_("Consultation hours"), "hours", "HoursScreen"),
    ("referrals", "f3", N_("Referrals"), "referrals", "ReferralsScreen"),
    ("visits", "f4", N_("Home visits"), "visits", "VisitsScreen"),
    ("round_tables", "f5", N_("Round tables"), "round_tables", "RoundTablesScreen"),
    ("network", "f6", N_("Network"), "network", "NetworkScreen"),
    ("statistics", "f7", N_("Statistics"), "statistics", "StatisticsScreen"),
)
