"""The hooks as typed values, so the core calls them by name-checked constants.

Each :class:`Hook` names its specification in :mod:`lwcore.hookspecs`, the
record type every answer must be, whether a plugin answers one record or many,
and, for an office hook, the section of the office's settings that answers it
when the plugin leaves it out (settings first, plugin API 1.2). Asking through
:meth:`Hook.ask` gives the records themselves, typed, and the problems met.
A test holds this list and the specifications to each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar, cast

from attrs import frozen

from lwcore.plugins.host import PluginHost
from lwcore.plugins.problems import PluginProblem
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

Record = TypeVar("Record")


@frozen
class Answered(Generic[Record]):
    """One plugin's records for one hook call, and the problems the call met."""

    records: tuple[Record, ...]
    problems: tuple[PluginProblem, ...] = ()


@frozen
class Hook(Generic[Record]):
    """A hook of :mod:`lwcore.hookspecs`, by its function's name."""

    name: str
    record: type[Record]
    many: bool = False
    #: The office settings section answering it when an office leaves it out.
    section: str | None = None

    def ask(
        self, host: PluginHost, plugin: str, settings: Any, **arguments: Any
    ) -> Answered[Record]:
        """``plugin``'s records for this hook, each checked to be a ``record``.

        An office (``settings`` given) that leaves out a hook with a section
        answers with that section, already checked when the file was read; a
        plugin that raises or answers the wrong type gives a problem instead.
        """
        if (
            self.section is not None
            and settings is not None
            and not host.implements(plugin, self.name)
        ):
            value = getattr(settings, self.section)
            return Answered(_records(value, self.many))
        asked = host.ask(
            self.name,
            only=plugin,
            many=self.many,
            expect=self.record,
            settings=settings,
            **arguments,
        )
        found: list[Record] = []
        for answer in asked.answers:
            found.extend(_records(answer.value, self.many))
        return Answered(tuple(found), asked.problems)


def _records(value: Any, many: bool) -> tuple[Any, ...]:
    return tuple(cast(Iterable[Any], value)) if many else (value,)


OFFICE = Hook("lw_office", Office, section="office")
LANGUAGES = Hook("lw_languages", Language, many=True, section="languages")
CONSULTATION_HOURS = Hook(
    "lw_consultation_hours", ConsultationHours, many=True, section="consultation_hours"
)
PARTNERS = Hook("lw_partners", Partner, many=True, section="partners")
ROUND_TABLES = Hook("lw_round_tables", RoundTableSeries, many=True, section="round_tables")
TOPICS = Hook("lw_topics", Topic, many=True, section="topics")
TODAY_PANELS = Hook("lw_today_panels", TodayPanel, many=True)
SCREENS = Hook("lw_screens", ScreenContribution, many=True)
#: ``lw_settings_class`` answers a class; it is asked before any settings exist.
SETTINGS_CLASS = Hook("lw_settings_class", type)

HOOKS: tuple[Hook[Any], ...] = (
    SETTINGS_CLASS,
    OFFICE,
    LANGUAGES,
    CONSULTATION_HOURS,
    PARTNERS,
    ROUND_TABLES,
    TOPICS,
    TODAY_PANELS,
    SCREENS,
)
#: Office hooks answered from a settings section when the office plugin leaves them out.
SETTINGS_SECTIONS = {hook.name: hook.section for hook in HOOKS if hook.section is not None}
