"""Where the configuration lives.

``--config DIR`` wins, then ``$LW_CONFIG_DIR``, then ``./config`` when the
current folder has one (a checkout of this repository), else the user's config
folder as platformdirs names it for this system.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "lokal-willkommen"
DEPLOYMENT_FILE = "lwcore.toml"
OFFICES_FOLDER = "offices"


def resolve_config_dir(option: str | os.PathLike[str] | None = None) -> Path:
    if option:
        return Path(option)
    from_environment = os.environ.get("LW_CONFIG_DIR")
    if from_environment:
        return Path(from_environment)
    local = Path.cwd() / "config"
    if local.is_dir():
        return local
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_data_dir() -> Path:
    """Where the embedded database and its backups live by default."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    """Where lw keeps what it can compute again when it is gone (the public holidays
    of a year), never a person's data: ``$LW_CACHE_DIR``, else the user cache folder."""
    chosen = os.environ.get("LW_CACHE_DIR")
    if chosen:
        return Path(chosen)
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def documents_dir() -> Path:
    """Where reports and client papers go unless the person names a folder.

    The user's documents folder as the system names it, never the folder ``lw``
    happened to be started in: papers about a family must not land in a checkout
    or a shared working folder by accident.
    """
    return Path(platformdirs.user_documents_dir())


def office_settings_path(config_dir: Path, slug: str) -> Path:
    return config_dir / OFFICES_FOLDER / f"{slug}.toml"
