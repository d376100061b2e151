"""Settings first: an office hook the plugin leaves out is answered by its settings.

An office's settings file already holds its identity, languages, hours,
partners, round tables and topics, so an office plugin implements only the
hooks where it adds something of its own (plugin API 1.2). Asking through
:func:`office_answers` gives the plugin's answer when it implements the hook,
else the matching section of its settings.
"""

from __future__ import annotations

from typing import Any

from lwcore.plugins.host import HookAnswer, PluginHost

#: Office hooks answered from a settings section when the office plugin leaves them out.
SETTINGS_SECTIONS = {
    "lw_office": "office",
    "lw_languages": "languages",
    "lw_consultation_hours": "consultation_hours",
    "lw_partners": "partners",
    "lw_round_tables": "round_tables",
    "lw_topics": "topics",
}


def office_answers(
    host: PluginHost,
    hook: str,
    plugin: str,
    settings: Any,
    *,
    many: bool = False,
    expect: type | None = None,
    **arguments: Any,
) -> list[HookAnswer]:
    """``plugin``'s answer to ``hook``, called in isolation (:meth:`PluginHost.call`).

    For an office (``settings`` given) that leaves the hook out: its settings
    section, already checked when the file was read. A city-wide plugin
    (``settings`` None) has no sections, so leaving a hook out gives nothing.
    """
    section = SETTINGS_SECTIONS.get(hook)
    if section is not None and settings is not None and not host.implements(plugin, hook):
        value = getattr(settings, section)
        return [HookAnswer(plugin, list(value) if many else value)]
    return host.call(hook, only=plugin, many=many, expect=expect, settings=settings, **arguments)
