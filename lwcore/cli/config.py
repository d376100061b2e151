"""``lw config check`` and ``lw config set``: validate and change settings files."""

from __future__ import annotations

from pathlib import Path

import click

from lwcore.cli.context import Context, fail, pass_context, warn
from lwcore.directory import NoSettingsClass, build_directory, office_settings_class
from lwcore.plugins.host import PluginHost
from lwcore.settings import files
from lwcore.settings.deployment import load_deployment, unknown_offices
from lwcore.settings.errors import SettingsError
from lwcore.settings.office import OfficeSettings
from lwcore.settings.paths import office_settings_path


@click.group("config")
def config_group() -> None:
    """Check or change the settings files."""


@config_group.command("check")
@pass_context
def check_command(context: Context) -> None:
    """Validate lwcore.toml and every office's settings; exit 2 on any problem."""
    try:
        directory = build_directory(context.config_dir)
    except SettingsError as error:
        fail(str(error))
    failures = [str(error) for error in directory.settings_errors]
    failures += [str(p) for p in directory.problems if p.stage != "settings"]
    failures += [
        str(error)
        for error in unknown_offices(context.config_dir, directory.deployment, directory.offices)
    ]
    if failures:
        fail("\n".join(failures))
    click.echo(
        f"{context.config_dir}: settings valid for {len(directory.offices)} offices "
        f"({', '.join(directory.offices)})"
    )


def _leading_comments(path: Path) -> str:
    """The comment block at the top of a file, kept when tomli-w rewrites it."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


def _settings_class(config_dir: Path, office: str) -> type[OfficeSettings]:
    host = PluginHost.load(disabled=load_deployment(config_dir).disabled_plugins)
    for problem in host.problems:
        if problem.plugin == office:
            fail(str(problem))
    if office not in host.office_names:
        offices = host.office_names
        fail(f"unknown office {office!r} (offices: {', '.join(offices) or 'none'})")
    try:
        return office_settings_class(host, office)
    except NoSettingsClass as missing:
        for problem in host.problems:
            warn(str(problem))
        fail(str(missing))


@config_group.command("set")
@click.argument("office")
@click.argument("key")
@click.argument("value")
@pass_context
def set_command(context: Context, office: str, key: str, value: str) -> None:
    """Set KEY (e.g. office.phone or partners[0].contact) in OFFICE's settings to VALUE.

    VALUE is read as TOML when it is one (5, true, ["de", "ar"], 2026-12-01),
    else as text. The file is written only when the result is valid.
    """
    try:
        load_deployment(context.config_dir)
    except SettingsError as error:
        fail(str(error))
    settings_class = _settings_class(context.config_dir, office)
    path = office_settings_path(context.config_dir, office)
    try:
        header = _leading_comments(path) if path.exists() else ""
        files.update_file(path, settings_class, key, files.parse_value(value), header=header)
    except SettingsError as error:
        fail(str(error))
    click.echo(f"{path}: {key} = {value}")
