"""Settings of the whole installation (``config/lwcore.toml``)."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
from attrs import field, frozen

from lwcore.records import InvalidValue, as_tuple
from lwcore.settings.errors import SettingsError
from lwcore.settings.files import load
from lwcore.settings.paths import DEPLOYMENT_FILE
from lwcore.settings.privacy import RetentionSettings, StaffSettings


def _zone(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(attribute, f"{value!r} is not an IANA time zone name") from None


@frozen
class DeploymentSettings:
    """Installation-wide choices; every key has a default so the file may be short.

    ``database_url`` empty means the embedded SQLite file in the user data
    folder; ``$LW_DATABASE_URL`` overrides it. ``default_staff`` is who
    works on a single-office laptop when ``lw --as`` and ``$LW_STAFF`` say
    nobody.
    """

    timezone: str = field(default="Europe/Berlin", validator=_zone)
    holiday_subdivision: str = field(default="NW")
    database_url: str = field(default="")
    disabled_plugins: tuple[str, ...] = field(default=(), converter=as_tuple)
    default_office: str = field(default="")
    default_staff: str = field(default="")
    staff: dict[str, StaffSettings] = field(factory=dict)
    retention: RetentionSettings = field(factory=RetentionSettings)

    @default_staff.validator
    def _known_staff(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value and value not in self.staff:
            known = ", ".join(sorted(self.staff)) or "none configured"
            raise InvalidValue(attribute, f"{value!r} is not a [staff] key ({known})")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_deployment(config_dir: Path) -> DeploymentSettings:
    """The deployment settings, or the defaults when the file does not exist."""
    path = config_dir / DEPLOYMENT_FILE
    if not path.exists():
        return DeploymentSettings()
    return load(path, DeploymentSettings)


def unknown_offices(
    config_dir: Path, settings: DeploymentSettings, known: Collection[str]
) -> list[SettingsError]:
    """Offices ``lwcore.toml`` names (``default_office``, a staff member's ``office``)
    that are not among the ``known`` (installed) ones, for ``lw config check`` to report.

    Loading does not refuse them: one staff member of an office not (yet)
    installed must not stop every other login; the login itself is refused.
    """
    path = config_dir / DEPLOYMENT_FILE
    named = [("default_office", settings.default_office)] + [
        (f"staff.{key}.office", member.office) for key, member in settings.staff.items()
    ]
    return [
        SettingsError(
            path,
            f"{office!r} is not an installed office ({', '.join(sorted(known)) or 'none'})",
            key=key,
        )
        for key, office in named
        if office and office not in known
    ]
