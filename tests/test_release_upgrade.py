"""A release upgrade and its rollback, as IT does them on an office laptop without internet.

The first release (the tag ``v0.1.0``) and this working tree are built into
release folders (tests/release_laptop.py); the first is installed into a fresh
virtual environment offline, an office registers a household, IT backs up,
installs the working tree's release, upgrades the schema and runs ``lw doctor``;
then goes back: the backup restored, the first release installed again,
``lw doctor`` once more. The household is there at every step. The same on
PostgreSQL: tests/test_release_upgrade_pg.py.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from tests.release_laptop import Laptop, Releases


class SqliteFile:
    """The embedded database, in a folder only its owner may open (as lw doctor wants)."""

    def __init__(self, folder: Path) -> None:
        self.env: dict[str, str] = {}
        folder.mkdir(mode=0o700, parents=True)
        folder.chmod(0o700)  # whatever the umask
        self.path = folder / "lokal-willkommen.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def schema(self) -> str:
        with closing(sqlite3.connect(self.path)) as connection:
            return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_upgrade_to_this_tree_and_back_to_the_first_release(
    releases: Releases, tmp_path: Path
) -> None:
    laptop = Laptop(tmp_path, releases.first_tree / "config", SqliteFile(tmp_path / "data"))
    laptop.install(releases.first)
    found = laptop.register_household()
    first_schema = laptop.schema()
    backup = Path(laptop.lw("backup").strip().splitlines()[-1])
    assert backup.is_file()

    # Upgrade: the new release, its migrations, the doctor.
    laptop.install(releases.this)
    laptop.upgrade(releases, first_schema)
    laptop.lw("doctor")
    assert laptop.households("Haddad", found) == [found]

    # Rollback: the backup put back while the new release (which knows both schemas)
    # is installed, then the first release again.
    restored = laptop.lw("restore", str(backup), "--yes")
    assert f"(schema {first_schema})" in restored
    assert laptop.schema() == first_schema
    laptop.install(releases.first)
    laptop.lw("doctor")
    assert laptop.households("Haddad", found) == [found]
