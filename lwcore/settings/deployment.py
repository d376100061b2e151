"""Settings of the whole installation (``config/lwcore.toml``)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
from attrs import field, frozen

from lwcore.records import InvalidValue
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
    disabled_plugins: tuple[str, ...] = field(default=(), converter=tuple)
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
