"""Settings: TOML files in, attrs classes out, errors that name file, key and line."""

from lwcore.settings.deployment import DeploymentSettings, load_deployment
from lwcore.settings.errors import SettingsError
from lwcore.settings.office import OfficeSettings
from lwcore.settings.paths import office_settings_path, resolve_config_dir

__all__ = [
    "DeploymentSettings",
    "OfficeSettings",
    "SettingsError",
    "load_deployment",
    "office_settings_path",
    "resolve_config_dir",
]
