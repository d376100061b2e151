"""The checks behind ``lw doctor``, as data: one :class:`Check` per row.

Each check runs on its own, so one that breaks becomes an attention row naming
it and the others still report: IT gets the whole picture, never a traceback.
Nothing here creates, upgrades or changes the database or a settings file.

One module per group of rows: :mod:`.software` (core, plugins),
:mod:`.configuration` (settings, staff), :mod:`.database` (schema, transport,
audit trail), :mod:`.storage` (backups, file modes, the log folder); :mod:`.report` runs them
in order.
"""

from __future__ import annotations

from lwcore.db.backup import NO_BACKUP_YET, STALE_BACKUP
from lwcore.health.install import CONNECT_TIMEOUT_SECONDS
from lwcore.health.report import run_checks
from lwcore.health.rows import ATTENTION, OK, Check, Status, describe_age
from lwcore.health.storage import MAX_BACKUP_AGE

__all__ = [
    "ATTENTION",
    "CONNECT_TIMEOUT_SECONDS",
    "MAX_BACKUP_AGE",
    "NO_BACKUP_YET",
    "OK",
    "STALE_BACKUP",
    "Check",
    "Status",
    "describe_age",
    "run_checks",
]
