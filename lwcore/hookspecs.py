"""Hook specifications: the reference for writing an office plugin.

An office plugin is a Python package with an entry point in the group
``lwcore`` whose name is the office's slug::

    [project.entry-points.lwcore]
    eving = "lw_eving.hooks"

The module the entry point names states which plugin-API versions it was
written for, and implements any of the hooks below with ``@hookimpl``::

    from lwcore import hookimpl

    LWCORE_PLUGIN_API = ">=1.2,<2"

    @hookimpl
    def lw_settings_class():
        return EvingSettings

Office plugins and settings
---------------------------
A plugin is an *office plugin* when it implements ``lw_office`` or
``lw_settings_class`` (or both); any other plugin is city-wide. An office's
settings file (``config/offices/<slug>.toml``) already holds the sections
``[office]``, ``[[languages]]``, ``[[consultation_hours]]``, ``[[partners]]``,
``[[round_tables]]`` and ``[[topics]]``, so an office plugin implements only
what is its own: a hook it leaves out is answered by its settings section
(``lw_office`` by ``settings.office``, ``lw_languages`` by
``settings.languages``, and so on). The plugin above is a whole office. To
add to a section, implement its hook and start from the section::

    @hookimpl
    def lw_round_tables(settings):
        return [with_hall_contact(series, settings) for series in settings.round_tables]

Plugins written for 1.0 and 1.1 that implement every hook keep working: an
implemented hook always wins over the section. A plugin that leaves hooks to
its settings relies on 1.2 and declares ``">=1.2,<2"``.

How the core calls hooks
------------------------
* Every hook is called once per plugin, and each plugin's answer is kept
  apart: a plugin that raises, or returns something of the wrong type, is
  reported by name (``lw doctor``, the CLI's warnings, the TUI's notices) and
  the other plugins' answers are used as usual. No hook is ``firstresult``.
* ``settings`` is the plugin's own settings object: an instance of the class
  its ``lw_settings_class`` returned (:class:`lwcore.OfficeSettings` without
  one), read from ``config/offices/<slug>.toml``. It is ``None`` for a
  city-wide plugin. An implementation may leave out arguments it does not
  use, so a hook gaining an argument never breaks older plugins.
* ``office`` (``lw_screens`` and ``lw_today_panels``, since 1.2) is a
  read-only :class:`lwcore.OfficeContext`: the office's ``slug``, the
  deployment's ``timezone``, ``today()`` and ``now()`` from the app's clock
  (frozen in tests), and ``meetings(start, until)``, the office's round-table
  meetings as the core expands them (public holidays handled). Use it instead
  of a time zone or holiday calendar of the plugin's own.
* Titles the UI shows (:class:`lwcore.TodayPanel`,
  :class:`lwcore.ScreenContribution`) are German in ``title``; ``titles``
  adds other languages (``{"en": "Shop window"}``) and the UI shows the one
  of its language, else the German.
* Records (:mod:`lwcore.records`) validate themselves when constructed, so a
  bad value fails inside the plugin and is reported with the plugin's name.
* Anything a plugin returns that is keyed (partners, topics, round-table
  series) must have a key unique across all plugins; a duplicate is
  reported, naming both plugins, and the later one is left out.
* A function marked ``@hookimpl`` whose name is not a hook here is an error
  when the plugin loads, so a typo is never silently ignored.

Deprecated hooks
----------------
A hook that is to go away is declared with pluggy's ``warn_on_impl``, whose
message says what to use instead. A plugin implementing it still works; the
CLI prints the message as a warning, ``lw doctor`` lists it, and the UI shows
it as a notice, so offices learn of it a whole API version before it goes.

Plugin API versions
-------------------
The core's plugin-API version is :data:`lwcore.PLUGIN_API_VERSION`. A plugin
states the versions it supports in its module's ``LWCORE_PLUGIN_API`` as a
version specifier (``">=1.0,<2"``); a plugin whose range excludes the core's
version is refused with both versions named.

1.0
    First version: ``lw_settings_class``, ``lw_office``, ``lw_languages``,
    ``lw_consultation_hours``, ``lw_partners``, ``lw_round_tables``,
    ``lw_topics``.
1.1
    Terminal UI: ``lw_today_panels`` and ``lw_screens``. Additive: plugins
    written for 1.0 work unchanged.
1.2
    Settings first: an office plugin is one implementing ``lw_office`` or
    ``lw_settings_class``, and the office hooks it leaves out are answered
    by its settings sections. ``lw_screens`` and ``lw_today_panels`` may take
    ``office`` (:class:`lwcore.OfficeContext`). ``TodayPanel`` and
    ``ScreenContribution`` take ``titles`` in other languages. Plugins
    written for 1.0 and 1.1 that implement every office hook work unchanged;
    one that left an office hook out now gets that section of its settings
    file (an empty section gives nothing, as before).
1.3
    ``Partner`` takes ``opening_hours`` (free text) and ``bring`` (short
    items), which the referral slip prints. Additive: plugins written for
    1.2 work unchanged; one that sets the new fields needs ``">=1.3,<2"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pluggy

from lwcore.office_context import OfficeContext
from lwcore.records import (
    ConsultationHours,
    Language,
    Office,
    Partner,
    RoundTableSeries,
    ScreenContribution,
    TodayPanel,
    Topic,
)
from lwcore.settings.office import OfficeSettings

PROJECT_NAME = "lwcore"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)

#: Marks a function in a plugin module as the implementation of a hook
#: (import it as ``from lwcore import hookimpl``).
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def lw_settings_class() -> type[OfficeSettings]:
    """The attrs class of this office's settings file.

    Called first, once per plugin, before any other hook. Return a subclass
    of :class:`lwcore.OfficeSettings` (add your own keys as attrs fields).
    The core reads ``config/offices/<slug>.toml`` into it; an invalid file is
    reported with the file, key and line, and the office is not loaded.
    Implementing this hook makes a plugin an office plugin (since 1.2; so
    does ``lw_office``); city-wide plugins do not implement it.
    """


@hookspec
def lw_office(settings: Any) -> Office:
    """Who the office is: slug, name, districts, address, welfare association.

    Implementing this hook (or ``lw_settings_class``) makes a plugin an office
    plugin. The returned ``Office.slug`` must equal the plugin's entry-point
    name. Left out: ``settings.office``.
    """


@hookspec
def lw_languages(settings: Any) -> Iterable[Language]:
    """The languages the office works in (ISO 639-1 codes) and who speaks them.

    Used to show visitors and staff which languages each office offers and
    to rank partners for a referral. Return an iterable of
    :class:`lwcore.Language`; order is kept for display. Left out:
    ``settings.languages``.
    """


@hookspec
def lw_consultation_hours(settings: Any) -> Iterable[ConsultationHours]:
    """The weekly consultation hours (Sprechstunden) at the office and its outposts.

    Each block is walk-in or by appointment; appointment blocks are cut
    into slots of ``slot_minutes``. Return an iterable of
    :class:`lwcore.ConsultationHours`. Left out: ``settings.consultation_hours``.
    """


@hookspec
def lw_partners(settings: Any) -> Iterable[Partner]:
    """Cooperation partners: who helps with which topics, in which languages,
    where, when they are open and what a client is to bring along.

    Partners returned by an office plugin belong to that office; partners
    returned by a plugin that is not an office (a city-wide plugin) are
    offered to every office. Partner keys are stored with referrals, so keep
    them stable. Every topic a partner names must be a topic some plugin
    provides (see ``lw_topics``). Return an iterable of :class:`lwcore.Partner`.
    Left out by an office plugin: ``settings.partners``.
    """


@hookspec
def lw_round_tables(settings: Any) -> Iterable[RoundTableSeries]:
    """Recurring round tables (runde Tische) of the office.

    The core expands each series' RFC 5545 ``rrule`` from its ``first``
    date, handles NRW public holidays as the series' ``on_holiday`` says,
    and exports the dates as iCalendar. Return an iterable of
    :class:`lwcore.RoundTableSeries`. Left out: ``settings.round_tables``.
    """


@hookspec
def lw_topics(settings: Any) -> Iterable[Topic]:
    """Topics people bring to consultation hours, beyond the core's own.

    The core provides the topics every office has (school enrolment,
    kindergarten place, birth, job search, electricity and gas contract,
    public-transport ticket, ...). An office adds its own here; topic keys
    are shared by all offices, so one key means one topic city-wide.
    Return an iterable of :class:`lwcore.Topic`. Left out by an office
    plugin: ``settings.topics``.
    """


@hookspec
def lw_today_panels(settings: Any, day: date, office: OfficeContext) -> Iterable[TodayPanel]:
    """Boxes the office adds to its Today screen (since plugin API 1.1).

    Called each time the Today screen of this office loads, in a worker
    thread, with the day shown (and, since 1.2, the ``office`` context).
    Return :class:`lwcore.TodayPanel` records (a title, its translations and
    a few short lines). Keep it quick: no network calls.
    """


@hookspec
def lw_screens(settings: Any, office: OfficeContext) -> Iterable[ScreenContribution]:
    """Screens the office adds to the terminal UI (since plugin API 1.1).

    Called once when the offices load. Each :class:`lwcore.ScreenContribution`
    names a ``factory`` that builds a ``textual.screen.Screen`` when staff
    open it from the command palette; a factory that raises shows a notice.
    Since 1.2 the hook may take ``office`` and hand it to the screen, which
    asks it for today's date and the office's meetings when it opens::

        @hookimpl
        def lw_screens(settings, office):
            def open_bookings():
                from lw_eving.screens import BookingScreen

                return BookingScreen(settings, office)

            return [ScreenContribution("bookings", "Buchungen", open_bookings,
                                       titles={"en": "Bookings"})]
    """
