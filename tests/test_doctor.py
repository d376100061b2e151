"""``lw doctor``: a healthy install is all well; each fault is named and exits 1."""

from __future__ import annotations

import json
import os
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lwcore import PLUGIN_API_VERSION, __version__, scaffold
from lwcore.cli import cli
from lwcore.db import migrate
from lwcore.db.backup import backup_sqlite
from lwcore.db.engine import Database
from lwcore.db.schema_version import SCHEMA_HEAD, stored_revision
from lwcore.health import ATTENTION, OK, Check, describe_age, run_checks
from lwcore.testing import ConfigFolder, PluginRegistrar
from tests import plugins_for_tests as sample
from tests.conftest import REPO, REPO_CONFIG

KEYS = {"check", "subject", "status", "detail"}


def doctor(*args: str) -> Result:
    return CliRunner().invoke(cli, ["doctor", *args], catch_exceptions=False)


def rows(*args: str) -> list[dict[str, str]]:
    parsed: list[dict[str, str]] = json.loads(doctor("--json", *args).stdout)
    return parsed


def attention(found: list[dict[str, str]]) -> list[dict[str, str]]:
    return [row for row in found if row["status"] == ATTENTION]


def database_rows(found: list[dict[str, str]]) -> list[dict[str, str]]:
    return [row for row in found if row["check"] == "database"]


@pytest.fixture
def repo_config(lw_config: ConfigFolder) -> ConfigFolder:
    """The repository's own settings, with the two office plugins installed."""
    for path in (REPO_CONFIG / "offices").glob("*.toml"):
        lw_config.copy_office(path)
    (lw_config.path / "lwcore.toml").write_bytes((REPO_CONFIG / "lwcore.toml").read_bytes())
    return lw_config


@pytest.fixture
def sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where ``$LW_DATABASE_URL`` points for the test (nothing there yet)."""
    path = tmp_path / "data" / "lw.sqlite3"
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{path}")
    return path


@pytest.fixture
def migrated(sqlite_file: Path, lw_sqlite_template: Path) -> Path:
    """An SQLite database at the current schema, as ``$LW_DATABASE_URL``, only its
    owner's as lw makes it (0600 in a 0700 folder), with a backup taken today."""
    sqlite_file.parent.mkdir(mode=0o700, parents=True)
    shutil.copyfile(lw_sqlite_template, sqlite_file)
    sqlite_file.chmod(0o600)
    backups = sqlite_file.parent / "backups"
    backups.mkdir(mode=0o700)
    copy = backups / f"{sqlite_file.stem}-20261202T060000000000Z-backup.sqlite3"
    shutil.copyfile(lw_sqlite_template, copy)
    copy.chmod(0o600)
    return sqlite_file


# --- a healthy install ------------------------------------------------------------------


def test_healthy_install_is_all_well(repo_config: ConfigFolder, migrated: Path) -> None:
    result = doctor()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["CHECK", "SUBJECT", "STATUS", "DETAIL"]
    assert lines[-1] == "all well"
    assert all(line.split()[2] == OK for line in lines[1:-1])
    assert f"lwcore {__version__}, plugin API {PLUGIN_API_VERSION}" in result.stdout
    assert "lw-brackel" in result.stdout
    assert f"sqlite: reachable, schema at head {SCHEMA_HEAD}" in result.stdout
    assert "lw-20261202T060000000000Z-backup.sqlite3, less than a minute old" in result.stdout


def test_json_has_stable_keys(repo_config: ConfigFolder, migrated: Path) -> None:
    result = doctor("--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert all(set(row) == KEYS for row in found)
    assert {row["status"] for row in found} == {OK}
    assert [(row["check"], row["subject"]) for row in found[:6]] == [
        ("core", "lwcore"),
        ("plugin", "brackel"),
        ("plugin", "mengede_huckarde"),
        ("settings", "lwcore.toml"),
        ("settings", "offices/brackel.toml"),
        ("settings", "offices/mengede_huckarde.toml"),
    ]
    assert [row["check"] for row in found[6:]] == [
        "staff",
        "database",
        "schema",
        "audit",
        "backup",
        "files",
        "logs",
        "cache",
    ]
    assert found[6]["detail"] == "6 members, default brackel_stadt (office_lead, brackel)"


def test_run_checks_on_the_healthy_setup(repo_config: ConfigFolder, migrated: Path) -> None:
    checks = run_checks(repo_config.path)
    assert all(isinstance(check, Check) for check in checks)
    assert not [check for check in checks if check.needs_attention]
    by_kind = {(check.check, check.subject): check.detail for check in checks}
    assert by_kind["plugin", "mengede_huckarde"] == (
        f"lw-mengede-huckarde {version('lw-mengede-huckarde')}, plugin API >=1.2,<2: loaded"
    )
    assert by_kind["settings", "offices/brackel.toml"] == "valid"
    assert by_kind["database", f"sqlite:///{migrated}"].endswith(f"schema at head {SCHEMA_HEAD}")
    assert by_kind["backup", str(migrated.parent / "backups")].startswith("newest lw-")


def test_newest_backup_and_its_age(repo_config: ConfigFolder, migrated: Path) -> None:
    database = Database(f"sqlite:///{migrated}")
    for taken in (migrated.parent / "backups").iterdir():
        taken.unlink()
    old = backup_sqlite(database, label="before-0001")
    new = backup_sqlite(database, label="before-0002")
    database.dispose()
    os.utime(old, (0, 0))
    backup = [check for check in run_checks(repo_config.path) if check.check == "backup"]
    assert backup == [
        Check(
            "backup",
            str(migrated.parent / "backups"),
            OK,
            f"newest {new.name}, less than a minute old",
        )
    ]
    assert [describe_age(s) for s in (59, 60, 7199, 7200, 50 * 3600, 3 * 86400)] == [
        "less than a minute",
        "1 minute",
        "119 minutes",
        "2 hours",
        "2 days",
        "3 days",
    ]


def test_a_database_not_there_yet_is_not_created(
    repo_config: ConfigFolder, sqlite_file: Path
) -> None:
    result = doctor()
    assert result.exit_code == 0, result.output
    assert "sqlite: will be created on first start" in result.stdout
    assert not sqlite_file.parent.exists()


def test_a_disabled_plugin_is_well(
    repo_config: ConfigFolder, migrated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LW_DISABLE_PLUGINS", "mengede_huckarde")
    result = doctor("--json")
    assert result.exit_code == 0, result.output
    found = {(row["check"], row["subject"]): row for row in json.loads(result.stdout)}
    assert found["plugin", "mengede_huckarde"]["detail"] == "disabled"
    settings = found["settings", "offices/mengede_huckarde.toml"]
    assert settings["status"] == OK
    assert "disabled" in settings["detail"]


#: The run's PostgreSQL database emptied first: an earlier test may have left a broken
#: audit chain in it on purpose (tests/test_audit_cli.py).
@pytest.mark.parametrize("lw_database", ["postgresql"], indirect=True)
def test_healthy_postgres_leaves_backups_to_it(
    repo_config: ConfigFolder,
    lw_database: Database,
    lw_postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LW_DATABASE_URL", lw_postgres_url)
    result = doctor()
    assert result.exit_code == 0, result.output
    assert f"postgresql: reachable, schema at head {SCHEMA_HEAD}" in result.stdout
    assert "backups are IT's (pg_dump), e.g. pg_dump --format=custom" in result.stdout


# --- each fault: exit 1, named ----------------------------------------------------------


def test_broken_office_settings_name_file_and_key(
    repo_config: ConfigFolder, migrated: Path
) -> None:
    path = repo_config.path / "offices" / "brackel.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('welfare_law = "KDG"', ""))
    result = doctor()
    assert result.exit_code == 1
    assert f"{path}: office.welfare_law: required key is missing" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 check needs attention"
    [row] = attention(rows())
    assert (row["check"], row["subject"]) == ("settings", "offices/brackel.toml")


def test_invalid_toml_names_the_line(repo_config: ConfigFolder, migrated: Path) -> None:
    path = repo_config.path / "offices" / "mengede_huckarde.toml"
    path.write_text("[office\n", encoding="utf-8")
    [row] = attention(rows())
    assert row["detail"].startswith(f"{path}, line 1: invalid TOML")


def test_settings_file_without_plugin(repo_config: ConfigFolder, migrated: Path) -> None:
    path = repo_config.copy_office(REPO_CONFIG / "offices" / "brackel.toml", "eving")
    result = doctor()
    assert result.exit_code == 1
    [row] = attention(rows())
    assert row["subject"] == "offices/eving.toml"
    assert row["detail"] == f"{path}: missing plugin: no installed plugin 'eving' for this office"


def test_office_plugin_without_settings_file(repo_config: ConfigFolder, migrated: Path) -> None:
    (repo_config.path / "offices" / "mengede_huckarde.toml").unlink()
    result = doctor()
    assert result.exit_code == 1
    [row] = attention(rows())
    assert row["subject"] == "offices/mengede_huckarde.toml"
    assert "no settings file" in row["detail"]
    assert "'mengede_huckarde'" in row["detail"]


def new_office_settings(config: ConfigFolder, tmp_path: Path, *options: str) -> Path:
    """``lw --config DIR office new Eving`` into a bare workspace: its fresh settings file."""
    workspace = tmp_path / "repo"
    (workspace / "plugins").mkdir(parents=True)
    shutil.copyfile(REPO / "pyproject.toml", workspace / "pyproject.toml")
    command = ["--config", str(config.path), "office", "new", "Eving", "--yes", *options]
    made = CliRunner().invoke(cli, [*command, "--into", str(workspace)], catch_exceptions=False)
    assert made.exit_code == 0, made.output
    return config.path / "offices" / "eving.toml"


def test_a_new_office_still_holding_placeholders_needs_attention(
    repo_config: ConfigFolder, migrated: Path, lw_plugins: PluginRegistrar, tmp_path: Path
) -> None:
    path = new_office_settings(repo_config, tmp_path)
    lw_plugins.register(sample.office_plugin(), "eving")
    result = doctor()
    assert result.exit_code == 1
    detail = (
        f"{path}: office.welfare_association, office.address.street, office.address.postcode: "
        "still placeholders of lw office new; fill in the office's own"
    )
    assert detail in result.stdout
    assert result.stdout.splitlines()[-1] == "2 checks need attention"
    assert attention(rows()) == [
        {
            "check": "settings",
            "subject": "offices/eving.toml",
            "status": ATTENTION,
            "detail": detail,
        },
        {
            "check": "staff",
            "subject": "lwcore.toml",
            "status": ATTENTION,
            "detail": 'nobody works in eving: add [staff.KEY] with office = "eving" to lwcore.toml',
        },
    ]


def test_placeholders_filled_in_are_well_and_example_records_are_no_fault(
    repo_config: ConfigFolder, migrated: Path, lw_plugins: PluginRegistrar, tmp_path: Path
) -> None:
    path = new_office_settings(
        repo_config, tmp_path, "--street", "Evinger Platz 2", "--postcode", "44339"
    )
    lw_plugins.register(sample.office_plugin(), "eving")
    add_staff(repo_config, "eving")
    [row] = attention(rows())
    assert row["detail"] == (
        f"{path}: office.welfare_association: still a placeholder of lw office new; "
        "fill in the office's own"
    )
    text = path.read_text(encoding="utf-8")
    assert "example = true" in text
    path.write_text(
        text.replace(scaffold.PLACEHOLDER_WELFARE_ASSOCIATION, "AWO Unterbezirk Dortmund"),
        encoding="utf-8",
    )
    result = doctor()
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "all well"


def test_plugin_that_fails_to_load(
    repo_config: ConfigFolder, migrated: Path, lw_plugins: PluginRegistrar
) -> None:
    lw_plugins.register(sample.office_plugin(api=">=2.0,<3"), "eving")
    result = doctor()
    assert result.exit_code == 1
    [row] = attention(rows())
    assert (row["check"], row["subject"]) == ("plugin", "eving")
    assert row["detail"].endswith(
        f"plugin API >=2.0,<3: supports plugin API >=2.0,<3, but this core provides "
        f"plugin API {PLUGIN_API_VERSION}"
    )


def test_plugin_whose_hook_raises(
    repo_config: ConfigFolder, migrated: Path, lw_plugins: PluginRegistrar
) -> None:
    lw_plugins.register(sample.city_plugin(lw_partners=sample.raising_partners), "citywide")
    [row] = attention(rows())
    assert row["subject"] == "citywide"
    assert "loaded, but lw_partners: RuntimeError: partner list unavailable" in row["detail"]


def test_empty_database_file_has_pending_migrations(
    repo_config: ConfigFolder, sqlite_file: Path
) -> None:
    sqlite_file.parent.mkdir(mode=0o700)
    sqlite_file.touch(mode=0o600)
    result = doctor()
    assert result.exit_code == 1
    [row] = database_rows(attention(rows()))  # the backup row asks for a first backup too
    every_revision = ", ".join(f"{number:04d}" for number in range(1, int(SCHEMA_HEAD) + 1))
    assert row["detail"] == (
        f"sqlite: reachable, no schema yet, pending {every_revision}: run `lw db upgrade`"
    )
    assert stored_revision(Database(f"sqlite:///{sqlite_file}")) is None  # not upgraded


def test_database_at_an_older_revision(repo_config: ConfigFolder, sqlite_file: Path) -> None:
    sqlite_file.parent.mkdir(mode=0o700, parents=True)
    database = Database(f"sqlite:///{sqlite_file}")
    migrate.upgrade(database, "0001")
    database.dispose()
    [row] = database_rows(attention(rows()))
    pending = ", ".join(f"{number:04d}" for number in range(2, int(SCHEMA_HEAD) + 1))
    assert row["detail"] == (
        f"sqlite: reachable, schema at 0001, pending {pending}: run `lw db upgrade`"
    )


def test_database_from_a_newer_core(repo_config: ConfigFolder, migrated: Path) -> None:
    database = Database(f"sqlite:///{migrated}")
    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0999'")
    database.dispose()
    [row] = attention(rows())
    assert "schema 0999 is unknown to this core" in row["detail"]


def test_unreachable_postgres(repo_config: ConfigFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LW_DATABASE_URL", "postgresql://lw:geheim@127.0.0.1:1/lw")
    result = doctor()
    assert result.exit_code == 1
    assert "geheim" not in result.stdout
    [row] = attention(rows())
    assert row["subject"] == "postgresql+psycopg://lw:***@127.0.0.1:1/lw"
    assert row["detail"].startswith("postgresql: not reachable: ")
    assert "port 1 failed" in row["detail"]
    assert "\n" not in row["detail"]


def test_broken_deployment_settings_leave_the_rest_checked(
    repo_config: ConfigFolder, migrated: Path
) -> None:
    path = repo_config.path / "lwcore.toml"
    path.write_text('timezone = "Mars/Olympus"\n', encoding="utf-8")
    result = doctor()
    assert result.exit_code == 1
    [row] = attention(rows())
    assert row["subject"] == "lwcore.toml"
    assert f"{path}: timezone: 'Mars/Olympus' is not an IANA time zone name" in row["detail"]
    checked = {(row["check"], row["subject"]) for row in rows()}
    assert {("plugin", "brackel"), ("settings", "offices/brackel.toml")} <= checked
    assert "database" in {check for check, _ in checked}


def add_staff(config: ConfigFolder, office: str) -> None:
    """A member of staff for ``office`` in the config folder's lwcore.toml."""
    path = config.path / "lwcore.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + f'\n[staff.{office}_stadt]\nname = "Eva Kranz"\noffice = "{office}"\n'
        'employer = "city"\nrole = "office_staff"\n',
        encoding="utf-8",
    )


def test_staff_of_an_office_that_is_not_installed_need_attention(
    repo_config: ConfigFolder, migrated: Path
) -> None:
    add_staff(repo_config, "eving")
    result = doctor()
    assert result.exit_code == 1
    [row] = attention(rows())
    assert (row["check"], row["detail"]) == ("staff", "office not installed: eving_stadt (eving)")


def test_an_office_nobody_works_in_needs_attention(
    repo_config: ConfigFolder, migrated: Path
) -> None:
    path = repo_config.path / "lwcore.toml"
    text = path.read_text(encoding="utf-8")
    for key in ("mh_stadt", "mh_diakonie"):
        start = text.index(f"[staff.{key}]")
        text = text[:start] + text[text.index("\n\n", start) + 2 :]
    path.write_text(text, encoding="utf-8")
    [row] = attention(rows())
    assert row["check"] == "staff"
    assert row["detail"].startswith("nobody works in mengede_huckarde: add [staff.KEY]")


def test_no_staff_at_all_needs_attention(repo_config: ConfigFolder, migrated: Path) -> None:
    (repo_config.path / "lwcore.toml").write_text('timezone = "Europe/Berlin"\n')
    [row] = attention(rows())
    assert (row["check"], row["detail"]) == ("staff", "no [staff.*]: nobody can open the data")


def test_broken_deployment_without_database_url(
    repo_config: ConfigFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LW_DATABASE_URL", raising=False)
    (repo_config.path / "lwcore.toml").write_text("database_url = 5\n", encoding="utf-8")
    found = attention(rows())
    assert [row["check"] for row in found] == ["settings", "database"]
    assert found[1]["detail"].startswith("not checked")


def test_a_failing_check_is_a_row_not_a_traceback(
    repo_config: ConfigFolder, migrated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_database: Database) -> Path:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("lwcore.health.storage.latest_backup", broken)
    result = doctor()
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [row] = attention(rows())
    assert (row["check"], row["status"]) == ("backup", ATTENTION)
    assert row["detail"].startswith("the check failed: RuntimeError: disk on fire")


def test_bad_option_is_still_exit_2(repo_config: ConfigFolder) -> None:
    assert doctor("--jsn").exit_code == 2


def test_plugin_using_a_deprecated_hook_is_named_with_the_replacement(
    repo_config: ConfigFolder, migrated: Path, lw_plugins: PluginRegistrar
) -> None:
    from tests.test_plugin_host import _LaterSpecs, old_hours_plugin

    lw_plugins.add_specs(_LaterSpecs)
    lw_plugins.register(old_hours_plugin(), "oldtimer")
    result = doctor()
    assert result.exit_code == 1
    [row] = attention(rows())
    assert row["subject"] == "oldtimer"
    assert "loaded, but lw_office_hours is deprecated" in row["detail"]
    assert "use lw_consultation_hours" in row["detail"]


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("postgresql://staff@db.dortmund.example/lw", ATTENTION, "without sslmode=verify-full"),
        (
            "postgresql://staff@db.dortmund.example/lw?sslmode=require",
            ATTENTION,
            "(now require)",
        ),
        (
            "postgresql://staff@db.dortmund.example/lw?sslmode=verify-full&sslrootcert=ca.pem",
            OK,
            "identity is checked",
        ),
        ("postgresql://postgres@127.0.0.1:1/test", OK, "local connection"),
    ],
)
def test_a_remote_server_needs_tls_that_checks_it(
    repo_config: ConfigFolder,
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    status: str,
    words: str,
) -> None:
    monkeypatch.setenv("LW_DATABASE_URL", url)
    [row] = [row for row in rows() if row["check"] == "tls"]
    assert row["status"] == status
    assert words in row["detail"]
