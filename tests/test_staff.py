"""Staff and roles: configured in lwcore.toml, chosen with ``lw --as``, enforced by role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lwcore.cli import cli
from lwcore.directory import Directory
from lwcore.services.access import Actor, Permission, UnknownStaff, resolve_actor
from lwcore.settings import SettingsError
from lwcore.settings.deployment import load_deployment
from lwcore.testing import ConfigFolder, make_actor

ANNA = {"name": "Anna Becker", "office": "brackel", "employer": "city", "role": "office_lead"}


def staff_error(folder: ConfigFolder, **values: Any) -> str:
    folder.write_deployment(**values)
    with pytest.raises(SettingsError) as raised:
        load_deployment(folder.path)
    return str(raised.value)


def test_staff_and_retention_load(lw_config: ConfigFolder) -> None:
    lw_config.write_deployment(
        default_staff="anna",
        staff={"anna": ANNA},
        retention={"audit": 12, "welfare": {"households": 24}},
    )
    deployment = load_deployment(lw_config.path)
    assert deployment.staff["anna"].office == "brackel"
    assert deployment.retention.audit == 12
    assert deployment.retention.welfare.households == 24
    assert deployment.retention.city.households == 36  # the default
    assert deployment.retention.shortest().households == 24


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"staff": {"anna": {**ANNA, "role": "boss"}}}, r"staff\.anna\.role: 'boss' is not one of"),
        (
            {"staff": {"anna": {**ANNA, "employer": "caritas"}}},
            r"staff\.anna\.employer: 'caritas' is not one of city, welfare",
        ),
        (
            {"staff": {"anna": {k: v for k, v in ANNA.items() if k != "office"}}},
            r"staff\.anna\.office: a member of staff with role office_lead needs an office",
        ),
        (
            {"staff": {"petra": {**ANNA, "role": "coordinator"}}},
            r"staff\.petra\.office: role coordinator works across offices",
        ),
        (
            {"default_staff": "bob", "staff": {"anna": ANNA}},
            r"default_staff: 'bob' is not a \[staff\] key \(anna\)",
        ),
        ({"retention": {"city": {"notes": 0}}}, r"retention\.city\.notes: 0 months: give 1 to 240"),
        ({"retention": {"audit": "2y"}}, r"retention\.audit: expected a whole number"),
    ],
)
def test_bad_staff_or_retention_names_file_and_key(
    lw_config: ConfigFolder, values: dict[str, Any], message: str
) -> None:
    assert "lwcore.toml" in staff_error(lw_config, **values)
    with pytest.raises(SettingsError, match=message):
        load_deployment(lw_config.path)


def test_the_acting_staff_member_is_chosen_in_order(
    repo_directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LW_STAFF", raising=False)
    assert resolve_actor(repo_directory).key == "brackel_stadt"  # default_staff
    monkeypatch.setenv("LW_STAFF", "mh_diakonie")
    assert resolve_actor(repo_directory).office == "mengede_huckarde"
    actor = resolve_actor(repo_directory, "koordination", channel="tui")
    assert (actor.role, actor.channel, actor.office) == ("coordinator", "tui", "")
    with pytest.raises(UnknownStaff, match=r"no staff member 'nobody' .*brackel_caritas"):
        resolve_actor(repo_directory, "nobody")


def test_staff_of_an_office_that_is_not_installed_is_refused(
    lw_config: ConfigFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LW_STAFF", raising=False)
    lw_config.write_deployment(staff={"anna": {**ANNA, "office": "eving"}}, default_staff="anna")
    with pytest.raises(UnknownStaff, match="office 'eving', which is not installed"):
        resolve_actor(lw_config.directory())


@pytest.mark.parametrize(
    ("actor", "allowed_here", "allowed_elsewhere"),
    [
        (
            make_actor("brackel", "office_staff"),
            {Permission.READ, Permission.CHANGE, Permission.STATISTICS, Permission.EXACT},
            set(),
        ),
        (
            make_actor("brackel", "office_lead"),
            set(Permission),
            set(),
        ),
        (
            make_actor(None, "coordinator"),
            {Permission.STATISTICS},
            {Permission.STATISTICS},
        ),
        (make_actor(None, "it_admin"), {Permission.PURGE}, {Permission.PURGE}),
    ],
    ids=lambda value: value.role if isinstance(value, Actor) else "",
)
def test_what_each_role_may(
    actor: Actor, allowed_here: set[Permission], allowed_elsewhere: set[Permission]
) -> None:
    assert {p for p in Permission if actor.may(p, "brackel")} == allowed_here
    assert {p for p in Permission if actor.may(p, "mengede_huckarde")} == allowed_elsewhere


def test_lw_as_an_unknown_staff_member_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import REPO_CONFIG

    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{tmp_path / 'lw.sqlite3'}")
    result = CliRunner().invoke(
        cli, ["--config", str(REPO_CONFIG), "--as", "nobody", "audit"], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert "no staff member 'nobody' in lwcore.toml [staff]" in result.stderr
