"""Owner-only files, kept under their former name for the database side's imports;
they live in :mod:`lwcore.files`, which the CLI and the TUI may import."""

from __future__ import annotations

from lwcore.files import (
    COMPANIONS,
    OTHERS,
    OWNER_FILE,
    OWNER_FOLDER,
    create_private_file,
    mode_of,
    open_to_others,
    private_folder,
    with_companions,
    write_private,
)

__all__ = [
    "COMPANIONS",
    "OTHERS",
    "OWNER_FILE",
    "OWNER_FOLDER",
    "create_private_file",
    "mode_of",
    "open_to_others",
    "private_folder",
    "with_companions",
    "write_private",
]
