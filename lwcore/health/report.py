"""Every check of an installation, in the order ``lw doctor`` shows them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from lwcore.health.configuration import check_settings, check_staff
from lwcore.health.database import check_audit_trail, check_database, check_transport
from lwcore.health.install import Install
from lwcore.health.rows import ATTENTION, Check
from lwcore.health.schema import check_schema
from lwcore.health.software import check_core, check_plugins
from lwcore.health.storage import (
    check_backup,
    check_cache_folder,
    check_file_modes,
    check_log_folder,
)
from lwcore.plugins.problems import describe_exception

_CHECKS: tuple[tuple[str, Callable[[Install], Iterator[Check]]], ...] = (
    ("core", check_core),
    ("plugin", check_plugins),
    ("settings", check_settings),
    ("staff", check_staff),
    ("database", check_database),
    ("schema", check_schema),
    ("tls", check_transport),
    ("audit", check_audit_trail),
    ("backup", check_backup),
    ("files", check_file_modes),
    ("logs", check_log_folder),
    ("cache", check_cache_folder),
)


def run_checks(config_dir: Path, language: str | None = None) -> list[Check]:
    """Every check of the installation at ``config_dir``, in the order they are shown;
    warnings meant for staff too in ``language`` (default ``$LW_LANG``, else German)."""
    install = Install(config_dir, language)
    rows: list[Check] = []
    for name, check in _CHECKS:
        try:
            for row in check(install):  # rows given before a failure are kept
                rows.append(row)
        except Exception as error:
            rows.append(
                Check(name, "-", ATTENTION, f"the check failed: {describe_exception(error)}")
            )
    return rows
