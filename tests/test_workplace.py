"""One assembly of the workplace (lwcore.workplace) for the CLI, the terminal UI and
``lw doctor``: the same offices, the same plugin problems, the same refusals."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from lwcore.cli import cli
from lwcore.health import ATTENTION, run_checks
from lwcore.services.access import UnknownStaff
from lwcore.testing import ConfigFolder, PluginRegistrar
from lwcore.tui.backend import Backend, CannotStart
from lwcore.workplace import OfficeSettingsInvalid, load_offices, open_workplace
from tests import plugins_for_tests as sample
from tests.test_plugin_host import two_offices  # noqa: F401 (fixture)

STAFF = {
    "default_staff": "lead",
    "staff": {
        "lead": {
            "name": "Anna",
            "office": "testoffice",
            "employer": "city",
            "role": "office_lead",
        }
    },
}


@pytest.fixture
def offices_with_a_broken_hook(
    two_offices: tuple[ConfigFolder, PluginRegistrar],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
) -> ConfigFolder:
    config, plugins = two_offices
    plugins.register(sample.office_plugin(lw_partners=sample.raising_partners), "testoffice")
    plugins.register(sample.office_plugin(), "second")
    config.write_deployment(**STAFF)
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{tmp_path / 'lw.sqlite3'}")
    return config


def test_plugin_problems_come_back_as_values(offices_with_a_broken_hook: ConfigFolder) -> None:
    offices = load_offices(offices_with_a_broken_hook.path)
    assert list(offices.directory.offices) == ["testoffice", "second"]
    [problem] = offices.problems
    assert problem.plugin == "testoffice"
    assert "lw_partners: RuntimeError: partner list unavailable" in str(problem)
    # Loading again gives the same problems, not an ever longer shared list.
    assert load_offices(offices_with_a_broken_hook.path).problems == offices.problems


def test_the_workplace_acts_as_the_staff_member_on_the_current_schema(
    offices_with_a_broken_hook: ConfigFolder,
) -> None:
    workplace = open_workplace(
        load_offices(offices_with_a_broken_hook.path), staff=None, channel="cli"
    )
    try:
        assert (workplace.services.actor.key, workplace.services.actor.channel) == ("lead", "cli")
        assert workplace.upgraded_from == "empty"
        assert workplace.services.households.count() == 0
    finally:
        workplace.services.context.database.dispose()


def test_cli_ui_and_doctor_report_the_same_plugin_problem(
    offices_with_a_broken_hook: ConfigFolder,
) -> None:
    expected = str(load_offices(offices_with_a_broken_hook.path).problems[0])
    command = CliRunner().invoke(cli, ["offices"])
    assert command.exit_code == 0, command.output
    assert f"warning: {expected}" in command.stderr
    backend = Backend()
    try:
        assert backend.start().problems == (expected,)
    finally:
        backend.services.context.database.dispose()
    doctor = [
        row for row in run_checks(offices_with_a_broken_hook.path) if row.subject == "testoffice"
    ]
    assert [(row.status, expected.split(": ", 1)[1] in row.detail) for row in doctor] == [
        (ATTENTION, True)
    ]


def test_nobody_to_work_as_and_a_bad_office_file_are_refused_everywhere(
    offices_with_a_broken_hook: ConfigFolder,
) -> None:
    offices = load_offices(offices_with_a_broken_hook.path)
    with pytest.raises(UnknownStaff, match="no staff member 'nobody'"):
        open_workplace(offices, staff="nobody", channel="cli")
    offices_with_a_broken_hook.write_office("second", "[office]\nslug = 'second'\n")
    broken = load_offices(offices_with_a_broken_hook.path)
    with pytest.raises(OfficeSettingsInvalid, match=r"second\.toml"):
        open_workplace(broken, staff=None, channel="cli")
    assert CliRunner().invoke(cli, ["household", "find", "x"]).exit_code == 2
    with pytest.raises(CannotStart, match=r"second\.toml"):
        Backend().start()
