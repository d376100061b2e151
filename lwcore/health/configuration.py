"""The rows about the settings files and the staff they name.

An office's settings row needs attention while the file still holds a
placeholder that ``lw office new`` writes (address, welfare association): no
office can mean those. Records marked ``example = true`` are not reported:
they are valid data, shown as examples wherever they appear, and the pilot
office ships with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lwcore.directory import NoSettingsClass, read_office_settings
from lwcore.health.install import Install
from lwcore.health.rows import ATTENTION, OK, Check
from lwcore.plugins.host import PluginHost
from lwcore.records import Office
from lwcore.scaffold import placeholder_keys
from lwcore.settings.errors import SettingsError, SettingsErrors
from lwcore.settings.paths import DEPLOYMENT_FILE, OFFICES_FOLDER, office_settings_path


def _first_error(error: SettingsError) -> str:
    """One line: the first problem (file, line, key), and how many more the file has."""
    if isinstance(error, SettingsErrors):
        more = len(error.errors) - 1
        return str(error.errors[0]) + (f" (and {more} more)" if more else "")
    return str(error)


def check_settings(install: Install) -> Iterator[Check]:
    deployment = install.deployment
    if isinstance(deployment, SettingsError):
        yield Check("settings", DEPLOYMENT_FILE, ATTENTION, _first_error(deployment))
    elif (install.config_dir / DEPLOYMENT_FILE).exists():
        yield Check("settings", DEPLOYMENT_FILE, OK, "valid")
    else:
        yield Check("settings", DEPLOYMENT_FILE, OK, "absent: every setting at its default")
    host = install.host
    found = {path.stem: path for path in (install.config_dir / OFFICES_FOLDER).glob("*.toml")}
    office_plugins = set(host.office_names)
    for slug in sorted(found.keys() | office_plugins):
        yield _office_row(install, slug, found.get(slug))


def _office_row(install: Install, slug: str, path: Path | None) -> Check:
    subject = f"{OFFICES_FOLDER}/{slug}.toml"
    host = install.host
    info = host.plugins.get(slug)

    def attention(detail: str) -> Check:
        return Check("settings", subject, ATTENTION, detail)

    if path is None:
        expected = install.config_dir / subject
        return attention(f"no settings file {expected} for the office plugin {slug!r}")
    if info is None:
        return attention(f"{path}: missing plugin: no installed plugin {slug!r} for this office")
    if info.disabled:
        return Check("settings", subject, OK, f"not checked: plugin {slug!r} is disabled")
    if not info.loaded:
        return attention(f"not checked: plugin {slug!r} did not load (see its plugin row)")
    if not host.is_office(slug):
        return attention(f"{path}: plugin {slug!r} is installed but provides no office")
    problem = _office_settings_problem(host, install.config_dir, slug)
    return attention(problem) if problem else Check("settings", subject, OK, "valid")


def check_staff(install: Install) -> Iterator[Check]:
    """Who may work: without staff nobody can open the data; staff of an office that
    is not installed cannot start."""
    settings = install.settings
    if settings is None:
        return  # the deployment row already says why
    if not settings.staff:
        yield Check("staff", DEPLOYMENT_FILE, ATTENTION, "no [staff.*]: nobody can open the data")
        return
    host = install.host
    offices = set(host.office_names)
    offices |= {name for name, info in host.plugins.items() if info.disabled}  # on purpose
    homeless = sorted(
        f"{key} ({member.office})"
        for key, member in settings.staff.items()
        if member.office and member.office not in offices
    )
    if homeless:
        yield Check(
            "staff", DEPLOYMENT_FILE, ATTENTION, f"office not installed: {', '.join(homeless)}"
        )
        return
    staffed = {member.office for member in settings.staff.values()}
    unstaffed = sorted(office for office in offices - staffed if office in host.loaded_names)
    if unstaffed:
        yield Check(
            "staff",
            DEPLOYMENT_FILE,
            ATTENTION,
            f"nobody works in {', '.join(unstaffed)}: add [staff.KEY] with office = "
            f'"{unstaffed[0]}" to {DEPLOYMENT_FILE}',
        )
        return
    default = settings.staff.get(settings.default_staff)
    who = (
        f"default {settings.default_staff} ({default.role}"
        + (f", {default.office})" if default.office else ")")
        if default
        else "no default_staff: each start needs lw --as KEY or $LW_STAFF"
    )
    yield Check("staff", DEPLOYMENT_FILE, OK, f"{len(settings.staff)} members, {who}")


def _office_settings_problem(host: PluginHost, config_dir: Path, slug: str) -> str | None:
    """Read the file with the plugin's settings class, as the directory does at start."""
    try:
        settings = read_office_settings(host, config_dir, slug)
    except NoSettingsClass:
        return f"not checked: plugin {slug!r} gives no OfficeSettings class (see its row)"
    except SettingsError as error:
        return _first_error(error)
    return _placeholders(office_settings_path(config_dir, slug), settings.office)


def _placeholders(path: Path, office: Office) -> str | None:
    """The keys still at what ``lw office new`` writes until the office fills them in."""
    keys = placeholder_keys(
        office.welfare_association, office.address.street, office.address.postcode
    )
    if not keys:
        return None
    held = "a placeholder" if len(keys) == 1 else "placeholders"
    return f"{path}: {', '.join(keys)}: still {held} of lw office new; fill in the office's own"
