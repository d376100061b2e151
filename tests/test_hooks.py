"""The typed hooks (lwcore.plugins.hooks) and the specifications (lwcore.hookspecs)
name the same hooks, so the core never calls one by a misspelt name."""

from __future__ import annotations

import inspect

from lwcore import hookspecs
from lwcore.plugins import hooks
from lwcore.settings.office import OfficeSettings


def test_every_specification_has_a_typed_hook_and_no_more() -> None:
    specified = {
        name
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("lw_")
    }
    assert {hook.name for hook in hooks.HOOKS} == specified


def test_each_section_is_a_field_of_the_office_settings() -> None:
    fields = {field.name for field in OfficeSettings.__attrs_attrs__}
    assert set(hooks.SETTINGS_SECTIONS.values()) <= fields
    assert set(hooks.SETTINGS_SECTIONS) == {
        "lw_office",
        "lw_languages",
        "lw_consultation_hours",
        "lw_partners",
        "lw_round_tables",
        "lw_topics",
    }
