"""A throwaway PostgreSQL server whose TCP logins need a SCRAM password.

The test server CI starts (pg_ctlcluster, trust for 127.0.0.1) lets anyone
in as anyone, so passwords and login roles cannot be tested on it. This
cluster is made with initdb in a temporary folder, listens on a port of its
own on 127.0.0.1 only, requires ``scram-sha-256`` for every TCP login, and
is stopped and removed when the session ends. initdb refuses to run as
root: as root the cluster belongs to the ``postgres`` OS user.

Use the session fixture ``scram_cluster`` (import it into a test module).
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from attrs import frozen
from sqlalchemy.engine import URL

SUPERUSER = "postgres"


@frozen
class Cluster:
    """A running server: its port and the superuser's password."""

    port: int
    superuser_password: str
    #: Seconds initdb and the start took, for whoever wonders about test time.
    started_in: float

    def url(self, user: str, password: str | None, database: str = "postgres") -> str:
        return URL.create(
            "postgresql+psycopg",
            username=user,
            password=password,
            host="127.0.0.1",
            port=self.port,
            database=database,
        ).render_as_string(hide_password=False)

    def superuser_url(self, database: str = "postgres") -> str:
        return self.url(SUPERUSER, self.superuser_password, database)


def server_programs() -> Path | None:
    """The folder with initdb and pg_ctl: Debian's newest /usr/lib/postgresql/N/bin,
    else wherever initdb is on the PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SUPERUSER, "--", *command]


def _run(command: list[str], folder: Path) -> None:
    """Run a server program in ``folder`` (the server user may not enter the caller's)."""
    done = subprocess.run(
        _as_server_user(command), capture_output=True, text=True, check=False, cwd=folder
    )
    if done.returncode != 0:
        log = folder / "server.log"
        said = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(
            f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr.strip()} {said}"
        )


@pytest.fixture(scope="session")
def scram_cluster() -> Iterator[Cluster]:
    programs = server_programs()
    if programs is None:
        pytest.skip("no initdb: install the PostgreSQL server (Debian: postgresql)")
    if os.geteuid() == 0:
        try:
            server_user = pwd.getpwnam(SUPERUSER)
        except KeyError:
            pytest.skip("running as root without a postgres OS user for initdb")
    started = time.monotonic()
    # As root, under /tmp: $TMPDIR may be a folder the postgres user cannot enter.
    folder = Path(tempfile.mkdtemp(prefix="lw-pg-", dir="/tmp" if os.geteuid() == 0 else None))
    if os.geteuid() == 0:
        os.chown(folder, server_user.pw_uid, server_user.pw_gid)
    data = folder / "data"
    password = secrets.token_urlsafe(24)
    password_file = folder / "superuser-password"
    password_file.write_text(password + "\n")
    if os.geteuid() == 0:
        os.chown(password_file, server_user.pw_uid, server_user.pw_gid)
    password_file.chmod(0o600)
    port = _free_port()
    try:
        _run(
            [
                str(programs / "initdb"),
                "--pgdata",
                str(data),
                "--username",
                SUPERUSER,
                f"--pwfile={password_file}",
                "--auth-local=peer",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ],
            folder,
        )
        password_file.unlink()
        settings = (
            f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder} "
            "-c fsync=off -c password_encryption=scram-sha-256"
        )
        _run(
            [
                str(programs / "pg_ctl"),
                "--pgdata",
                str(data),
                "--log",
                str(folder / "server.log"),
                "--options",
                settings,
                "--wait",
                "start",
            ],
            folder,
        )
        try:
            yield Cluster(port, password, time.monotonic() - started)
        finally:
            _run(
                [str(programs / "pg_ctl"), "--pgdata", str(data), "--mode=immediate", "stop"],
                folder,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
