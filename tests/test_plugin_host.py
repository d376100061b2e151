"""Discovery and isolation: one broken plugin is reported by name, the others keep working."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from types import SimpleNamespace
from typing import Any

import pytest

from lwcore import PLUGIN_API_VERSION, Partner, hookimpl, hookspecs
from lwcore.plugins.host import PluginHost
from lwcore.testing import ConfigFolder, PluginRegistrar
from tests import plugins_for_tests as sample


@pytest.fixture
def two_offices(
    lw_config: ConfigFolder, lw_plugins: PluginRegistrar, office_document: dict[str, Any]
) -> tuple[ConfigFolder, PluginRegistrar]:
    """Offices ``testoffice`` and ``second`` with their settings; nothing else installed."""
    lw_plugins.only()
    lw_config.write_office("testoffice", office_document)
    second = dict(office_document)
    second["office"] = {**office_document["office"], "slug": "second", "name": "Zweites Büro"}
    second["partners"] = [{**office_document["partners"][0], "key": "second_partner"}]
    lw_config.write_office("second", second)
    return lw_config, lw_plugins


def problems_of(directory: Any, plugin: str) -> list[str]:
    return [str(problem) for problem in directory.problems if problem.plugin == plugin]


def test_default_topics_come_from_a_core_plugin(lw_plugins: PluginRegistrar) -> None:
    lw_plugins.only()
    host = PluginHost.load()
    answers = host.call("lw_topics", many=True, settings=None)
    keys = {topic.key for answer in answers for topic in answer.value}
    assert {"school_enrolment", "kindergarten_place", "birth", "job_search"} <= keys
    assert {"energy_contract", "transport_ticket"} <= keys


def test_good_plugins_load(two_offices: tuple[ConfigFolder, PluginRegistrar]) -> None:
    config, plugins = two_offices
    plugins.register(sample.office_plugin(), "testoffice")
    plugins.register(sample.office_plugin(), "second")
    directory = config.directory()
    assert list(directory.offices) == ["testoffice", "second"]
    assert directory.problems == []
    assert [p.partner.key for p in directory.partners()] == ["test_partner", "second_partner"]


def test_hook_that_raises_is_reported_and_others_work(
    two_offices: tuple[ConfigFolder, PluginRegistrar],
) -> None:
    config, plugins = two_offices
    plugins.register(sample.office_plugin(lw_partners=sample.raising_partners), "testoffice")
    plugins.register(sample.office_plugin(), "second")
    directory = config.directory()
    assert directory.office("testoffice").partners == ()
    assert [p.key for p in directory.office("second").partners] == ["second_partner"]
    [message] = problems_of(directory, "testoffice")
    assert "lw_partners: RuntimeError: partner list unavailable" in message
    assert "plugins_for_tests.py:" in message


def test_generator_failing_halfway_and_wrong_types_are_caught(
    two_offices: tuple[ConfigFolder, PluginRegistrar],
) -> None:
    config, plugins = two_offices
    plugins.register(sample.office_plugin(lw_partners=sample.half_generator), "testoffice")
    plugins.register(sample.office_plugin(lw_partners=sample.wrong_type), "second")
    directory = config.directory()
    assert directory.partners() == []
    assert "ValueError: broke halfway" in problems_of(directory, "testoffice")[0]
    assert "returned str 'not a partner', expected Partner" in problems_of(directory, "second")[0]


def test_failing_import_is_reported(
    two_offices: tuple[ConfigFolder, PluginRegistrar], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, plugins = two_offices
    broken = EntryPoint(name="broken", value="lw_does_not_exist.hooks", group="lwcore")
    monkeypatch.setattr("lwcore.plugins.host.entry_points", lambda group: [broken])
    from lwcore.plugins.host import OVERRIDES

    OVERRIDES.discover = True  # discover the one (broken) installed plugin
    plugins.register(sample.office_plugin(), "testoffice")
    directory = config.directory()
    assert list(directory.offices) == ["testoffice"]
    [message] = problems_of(directory, "broken")
    assert "(import): cannot be imported: ModuleNotFoundError" in message
    assert "lw_does_not_exist" in message


def test_incompatible_api_names_both_versions(
    two_offices: tuple[ConfigFolder, PluginRegistrar],
) -> None:
    config, plugins = two_offices
    plugins.register(sample.office_plugin(api=">=2.0,<3"), "testoffice")
    plugins.register(sample.office_plugin(), "second")
    directory = config.directory()
    assert list(directory.offices) == ["second"]
    [message] = problems_of(directory, "testoffice")
    assert ">=2.0,<3" in message
    assert f"this core provides plugin API {PLUGIN_API_VERSION}" in message


@pytest.mark.parametrize(
    ("api", "expected"),
    [(None, "declares no plugin-API range"), ("one", "is not a version range")],
)
def test_missing_or_malformed_api_range(
    two_offices: tuple[ConfigFolder, PluginRegistrar], api: str | None, expected: str
) -> None:
    config, plugins = two_offices
    plugins.register(sample.office_plugin(api=api), "testoffice")
    directory = config.directory()
    assert directory.offices == {}
    assert expected in problems_of(directory, "testoffice")[0]


def test_unknown_hook_name_is_an_error_at_load(
    two_offices: tuple[ConfigFolder, PluginRegistrar],
) -> None:
    config, plugins = two_offices

    @hookimpl
    def lw_partner(settings: Any) -> list[Partner]:  # typo: lw_partners
        return []

    plugins.register(sample.office_plugin(lw_partner=lw_partner), "testoffice")
    plugins.register(sample.office_plugin(), "second")
    directory = config.directory()
    assert list(directory.offices) == ["second"]
    [message] = problems_of(directory, "testoffice")
    assert "unknown hook 'lw_partner'" in message


def test_hook_without_marker_is_reported(
    two_offices: tuple[ConfigFolder, PluginRegistrar],
) -> None:
    config, plugins = two_offices

    def lw_topics() -> list[Any]:  # forgot @hookimpl
        return []

    plugins.register(sample.office_plugin(lw_topics=lw_topics), "testoffice")
    directory = config.directory()
    assert "lw_topics not marked with @hookimpl" in problems_of(directory, "testoffice")[0]


def test_wrong_hook_arguments_are_reported(
    two_offices: tuple[ConfigFolder, PluginRegistrar],
) -> None:
    config, plugins = two_offices

    @hookimpl
    def lw_partners(settings: Any, office: Any) -> list[Partner]:
        return []

    plugins.register(sample.office_plugin(lw_partners=lw_partners), "testoffice")
    directory = config.directory()
    assert "office" in problems_of(directory, "testoffice")[0]
    assert "testoffice" not in directory.offices


@pytest.mark.parametrize("source", ["environment", "settings"])
def test_blocked_plugins_are_not_loaded(
    two_offices: tuple[ConfigFolder, PluginRegistrar],
    monkeypatch: pytest.MonkeyPatch,
    source: str,
) -> None:
    config, plugins = two_offices
    if source == "environment":
        monkeypatch.setenv("LW_DISABLE_PLUGINS", "second, other")
    else:
        config.write_deployment(disabled_plugins=["second"])
    plugins.register(sample.office_plugin(), "testoffice")
    plugins.register(sample.office_plugin(), "second")
    directory = config.directory()
    assert list(directory.offices) == ["testoffice"]
    assert directory.host.plugins["second"].disabled
    assert directory.problems == []


def test_settings_error_leaves_other_offices_loaded(
    two_offices: tuple[ConfigFolder, PluginRegistrar],
) -> None:
    config, plugins = two_offices
    config.write_office("second", "[office]\nslug = \n")
    plugins.register(sample.office_plugin(), "testoffice")
    plugins.register(sample.office_plugin(), "second")
    directory = config.directory()
    assert list(directory.offices) == ["testoffice"]
    [error] = directory.settings_errors
    assert error.line == 2


def test_slug_must_match_plugin_name(
    two_offices: tuple[ConfigFolder, PluginRegistrar],
) -> None:
    config, plugins = two_offices
    plugins.register(sample.office_plugin(), "renamed")
    config.copy_office(config.path / "offices" / "testoffice.toml", "renamed")
    directory = config.directory()
    assert "renamed" not in directory.offices
    assert "office.slug: is 'testoffice', but the plugin is installed as 'renamed'" in str(
        directory.settings_errors[0]
    )


def test_duplicate_partner_keys_name_both_plugins(
    two_offices: tuple[ConfigFolder, PluginRegistrar], office_document: dict[str, Any]
) -> None:
    config, plugins = two_offices
    config.write_office(
        "second", {**office_document, "office": {**office_document["office"], "slug": "second"}}
    )
    plugins.register(sample.office_plugin(), "testoffice")
    plugins.register(sample.office_plugin(), "second")
    directory = config.directory()
    assert [p.key for p in directory.office("testoffice").partners] == ["test_partner"]
    assert directory.office("second").partners == ()
    [message] = problems_of(directory, "second")
    assert "partner key 'test_partner' is already provided by plugin 'testoffice'" in message


def test_partner_with_unknown_topic_is_reported(
    two_offices: tuple[ConfigFolder, PluginRegistrar], office_document: dict[str, Any]
) -> None:
    config, plugins = two_offices
    office_document["partners"][0]["topics"] = ["brith"]
    config.write_office("testoffice", office_document)
    plugins.register(sample.office_plugin(), "testoffice")
    directory = config.directory()
    assert directory.office("testoffice").partners == ()
    assert "names unknown topic 'brith'" in problems_of(directory, "testoffice")[0]


def test_city_wide_plugin_adds_topics_and_partners(
    two_offices: tuple[ConfigFolder, PluginRegistrar],
) -> None:
    config, plugins = two_offices
    plugins.register(sample.office_plugin(), "testoffice")
    plugins.register(sample.city_plugin(), "city")
    directory = config.directory()
    assert "citizenship" in directory.topics
    listings = directory.partners(office="testoffice", topic="citizenship")
    assert [(item.partner.key, item.office) for item in listings] == [("city_helpline", None)]


def test_objects_registered_for_one_test_are_gone_after(lw_plugins: PluginRegistrar) -> None:
    from lwcore.plugins.host import OVERRIDES

    lw_plugins.register(SimpleNamespace(LWCORE_PLUGIN_API=">=1"), "temporary")
    assert OVERRIDES.extra[-1][0] == "temporary"
    lw_plugins.restore()
    assert all(name != "temporary" for name, _ in OVERRIDES.extra)
    assert OVERRIDES.discover


def test_office_with_broken_settings_is_not_asked_for_topics(
    two_offices: tuple[ConfigFolder, PluginRegistrar],
) -> None:
    config, plugins = two_offices
    config.write_office("second", "[office\n")

    @hookimpl
    def lw_topics(settings: Any) -> list[Any]:
        return list(settings.topics)  # would fail with settings=None

    plugins.register(sample.office_plugin(), "testoffice")
    plugins.register(sample.office_plugin(lw_topics=lw_topics), "second")
    directory = config.directory()
    assert [p.stage for p in directory.problems if p.plugin == "second"] == ["settings"]


class _LaterSpecs:
    """A hook the core is phasing out, as a future API version would declare it."""

    @hookspecs.hookspec(
        warn_on_impl=DeprecationWarning(
            "lw_office_hours is deprecated since plugin API 1.2: use lw_consultation_hours"
        )
    )
    def lw_office_hours(self, settings: Any) -> list[Any]:
        """Old name of lw_consultation_hours."""
        return []


def old_hours_plugin() -> SimpleNamespace:
    """A plugin still on the old hook name."""

    @hookimpl
    def lw_office_hours(settings: Any) -> list[Any]:
        return []

    return SimpleNamespace(LWCORE_PLUGIN_API=">=1.0", lw_office_hours=lw_office_hours)


def test_deprecated_hook_warns_with_what_to_use_and_still_loads(
    lw_plugins: PluginRegistrar,
) -> None:
    lw_plugins.only()
    lw_plugins.register(old_hours_plugin(), "oldtimer")
    host = PluginHost.load(specs=[_LaterSpecs])
    assert host.plugins["oldtimer"].loaded
    assert host.problems == []
    [notice] = host.deprecations
    assert notice.plugin == "oldtimer"
    assert "use lw_consultation_hours" in notice.message
    assert str(notice).startswith("plugin 'oldtimer' (deprecated)")


def test_cli_warns_about_a_deprecated_hook(
    lw_config: ConfigFolder, lw_plugins: PluginRegistrar
) -> None:
    from click.testing import CliRunner

    from lwcore.cli import cli

    lw_plugins.only()
    lw_plugins.add_specs(_LaterSpecs)
    lw_plugins.register(old_hours_plugin(), "oldtimer")
    result = CliRunner().invoke(cli, ["offices", "--json"])
    assert result.exit_code == 0
    assert "warning: plugin 'oldtimer' (deprecated): lw_office_hours is deprecated" in (
        result.stderr
    )
