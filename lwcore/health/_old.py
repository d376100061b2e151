"""The checks behind ``lw doctor``, as data: one :class:`Check` per row.

Each check runs on its own, so one that breaks becomes an attention row naming
it and the others still report: IT gets the whole picture, never a traceback.
Nothing here creates, upgrades or changes the database or a settings file.

An office's settings row needs attention while the file still holds a
placeholder that ``lw office new`` writes (address, welfare association): no
office can mean those. Records marked ``example = true`` are not reported:
they are valid data, shown as examples wherever they appear, and the pilot
office ships with them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Final, Literal

from attrs import frozen
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

import lwcore
from lwcore import PLUGIN_API_VERSION
from lwcore.db.audit_chain import verify_chain
from lwcore.db.backup import BACKUP_FOLDER, latest_backup, postgres_backup_hint
from lwcore.db.engine import DATABASE_URL_VARIABLE, Database, database_url
from lwcore.db.file_modes import open_to_others, with_companions
from lwcore.db.schema_version import SCHEMA_HEAD, stored_revision
from lwcore.directory import NoSettingsClass, read_office_settings
from lwcore.plugins.host import DEFAULT_PLUGINS, PluginHost, PluginInfo
from lwcore.plugins.problems import PluginProblem, describe_exception
from lwcore.records import Office
from lwcore.scaffold import placeholder_keys
from lwcore.settings.deployment import DeploymentSettings, load_deployment
from lwcore.settings.errors import SettingsError, SettingsErrors
from lwcore.settings.paths import DEPLOYMENT_FILE, OFFICES_FOLDER, office_settings_path
from lwcore.workplace import load_offices

Status = Literal["ok", "attention"]
OK: Final = "ok"
ATTENTION: Final = "attention"

#: Seconds to wait for a PostgreSQL server before calling it unreachable.
CONNECT_TIMEOUT_SECONDS = 10
NO_BACKUP_YET = "no backup yet (one is taken before every upgrade)"


@frozen
class Check:
    """One row of the report: what was checked, about what, and how it went."""

    check: str
    subject: str
    status: Status
    detail: str

    @property
    def needs_attention(self) -> bool:
        return self.status == ATTENTION


class _Install:
    """What the checks learn once and share: the settings, the plugins, the database URL."""

    def __init__(self, config_dir: Path) -> None:
        self.config_dir = config_dir

    @cached_property
    def deployment(self) -> DeploymentSettings | SettingsError:
        try:
            return load_deployment(self.config_dir)
        except SettingsError as error:
            return error

    @property
    def settings(self) -> DeploymentSettings | None:
        deployment = self.deployment
        return deployment if isinstance(deployment, DeploymentSettings) else None

    @cached_property
    def host(self) -> PluginHost:
        """The plugins, with their hooks called once so hook failures are known too
        (loaded as the CLI and the UI load them, lwcore.workplace)."""
        if self.settings is None:
            return PluginHost.load()
        return load_offices(self.config_dir).directory.host

    @cached_property
    def database_url(self) -> str | None:
        """None when the URL may be in a deployment file that cannot be read."""
        if self.settings is None and not os.environ.get(DATABASE_URL_VARIABLE):
            return None
        return database_url(self.settings)


def run_checks(config_dir: Path) -> list[Check]:
    """Every check of the installation at ``config_dir``, in the order they are shown."""
    install = _Install(config_dir)
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


# --- core and plugins -------------------------------------------------------------------


def _core(_install: _Install) -> Iterator[Check]:
    yield Check(
        "core", "lwcore", OK, f"lwcore {lwcore.__version__}, plugin API {PLUGIN_API_VERSION}"
    )


def _plugins(install: _Install) -> Iterator[Check]:
    host = install.host
    for info in host.plugins.values():
        if info.name in DEFAULT_PLUGINS:
            continue
        own = [problem for problem in host.problems if problem.plugin == info.name]
        if any(problem.stage == "settings" for problem in own):
            # Its settings row tells; the directory then asks lw_topics without
            # settings, and what an office plugin says to that is no fault of its own.
            own = []
        own += [notice for notice in host.deprecations if notice.plugin == info.name]
        yield _plugin_row(info, own[0] if own else None)


def _plugin_row(info: PluginInfo, problem: PluginProblem | None) -> Check:
    if info.disabled:
        return Check("plugin", info.name, OK, "disabled")
    origin = f"{info.distribution} {info.version}" if info.distribution else info.module
    if info.api_range:
        origin += f", plugin API {info.api_range}"
    if info.loaded:
        if problem is None:
            return Check("plugin", info.name, OK, f"{origin}: loaded")
        return Check("plugin", info.name, ATTENTION, f"{origin}: loaded, but {problem.message}")
    reason = problem.message if problem else "not loaded"
    return Check("plugin", info.name, ATTENTION, f"{origin}: {reason}")


# --- settings ---------------------------------------------------------------------------


def _first_error(error: SettingsError) -> str:
    """One line: the first problem (file, line, key), and how many more the file has."""
    if isinstance(error, SettingsErrors):
        more = len(error.errors) - 1
        return str(error.errors[0]) + (f" (and {more} more)" if more else "")
    return str(error)


def _settings(install: _Install) -> Iterator[Check]:
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


def _office_row(install: _Install, slug: str, path: Path | None) -> Check:
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


def _staff(install: _Install) -> Iterator[Check]:
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


# --- database and backups ---------------------------------------------------------------


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


def _with_connect_timeout(url: URL) -> str:
    """A server that does not answer is reported after a few seconds, not minutes."""
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        url = url.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_SECONDS)})
    return url.render_as_string(hide_password=False)


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _database(install: _Install) -> Iterator[Check]:
    if install.database_url is None:
        yield Check(
            "database",
            "-",
            ATTENTION,
            f"not checked: the database URL may be in {DEPLOYMENT_FILE}, which is invalid",
        )
        return
    url = make_url(install.database_url)
    sqlite_file = _sqlite_file(url)
    if sqlite_file is not None and not sqlite_file.exists():
        yield Check("database", _shown(url), OK, "sqlite: will be created on first start")
        return
    database = Database(_with_connect_timeout(url))
    try:
        yield _schema_row(database, _shown(url))
    finally:
        database.dispose()


#: Hosts whose connections never leave the machine.
LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})


def _transport(install: _Install) -> Iterator[Check]:
    """A PostgreSQL server on another machine is reached over TLS that checks the
    server's certificate and name (``sslmode=verify-full``); anything less lets
    someone on the network read or change the data on its way."""
    if install.database_url is None:
        return
    url = make_url(install.database_url)
    if url.get_backend_name() != "postgresql":
        return
    host = url.host or str(url.query.get("host", ""))
    if host in LOCAL_HOSTS or host.startswith("/"):
        yield Check("tls", _shown(url), OK, "local connection: stays on this machine")
        return
    mode = str(url.query.get("sslmode", ""))
    if mode == "verify-full":
        yield Check("tls", _shown(url), OK, "sslmode=verify-full: the server's identity is checked")
        return
    yield Check(
        "tls",
        _shown(url),
        ATTENTION,
        f"a remote server without sslmode=verify-full (now {mode or 'unset'}): add "
        "?sslmode=verify-full&sslrootcert=FILE to database_url",
    )


def _schema_row(database: Database, subject: str) -> Check:
    engine = database.dialect
    try:
        revision = stored_revision(database)
    except DBAPIError as error:
        reason = _first_line(error.orig if error.orig is not None else error)
        return Check(
            "database",
            subject,
            ATTENTION,
            f"{engine}: not reachable: {reason} (check the server and database_url, "
            "then `lw db status`)",
        )
    if revision == SCHEMA_HEAD:
        return Check("database", subject, OK, f"{engine}: reachable, schema at head {SCHEMA_HEAD}")
    # Alembic takes a second to import: only for a database that is not current.
    from alembic.script.revision import RevisionError

    from lwcore.db import migrate

    try:
        state = migrate.status(database)
    except RevisionError:
        return Check(
            "database",
            subject,
            ATTENTION,
            f"{engine}: reachable, schema {revision} is unknown to this core (head "
            f"{SCHEMA_HEAD}): a newer lw wrote it; install that version again",
        )
    if state.up_to_date:
        return Check("database", subject, OK, f"{engine}: reachable, schema at head {state.head}")
    schema = f"schema at {state.current}" if state.current else "no schema yet"
    return Check(
        "database",
        subject,
        ATTENTION,
        f"{engine}: reachable, {schema}, pending {', '.join(state.pending)}: run `lw db upgrade`",
    )


def _audit_trail(install: _Install) -> Iterator[Check]:
    """Recompute the audit trail's hash chains (lwcore.db.audit_chain)."""
    if install.database_url is None:
        return
    url = make_url(install.database_url)
    sqlite_file = _sqlite_file(url)
    if sqlite_file is not None and not sqlite_file.exists():
        return
    database = Database(_with_connect_timeout(url))
    try:
        with database.reading() as connection:
            report = verify_chain(connection)
    except DBAPIError:
        return  # the database row says why it cannot be read
    finally:
        database.dispose()
    if not report.chained:
        yield Check("audit", _shown(url), OK, "no hash chain yet: run `lw db upgrade`")
    elif report.intact:
        chains = _plural(report.chains, "chain")
        yield Check(
            "audit",
            _shown(url),
            OK,
            f"{_plural(report.entries, 'entry', 'entries')}, {chains}: intact",
        )
    else:
        for found in report.breaks:
            yield Check("audit", _shown(url), ATTENTION, found.english)


def _plural(count: int, word: str, words: str = "") -> str:
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


def describe_age(seconds: float) -> str:
    """``3 hours``, ``12 days``: precise enough to judge a backup."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 120:
        return _plural(minutes, "minute")
    hours = minutes // 60
    if hours < 48:
        return _plural(hours, "hour")
    return _plural(hours // 24, "day")


def _backup(install: _Install) -> Iterator[Check]:
    if install.database_url is None:
        return  # the database row already says why nothing was checked
    url = make_url(install.database_url)
    sqlite_file = _sqlite_file(url)
    if url.get_backend_name() != "sqlite":
        database = Database(install.database_url)  # no connection is made
        try:
            hint = postgres_backup_hint(database)
        finally:
            database.dispose()
        yield Check("backup", _shown(url), OK, f"backups are IT's (pg_dump), e.g. {hint}")
        return
    if sqlite_file is None:
        yield Check("backup", _shown(url), OK, "in-memory database: nothing to back up")
        return
    folder = sqlite_file.parent / BACKUP_FOLDER
    newest = None
    if sqlite_file.parent.is_dir():  # else Database() would create the folder
        database = Database(install.database_url)
        try:
            newest = latest_backup(database)
        finally:
            database.dispose()
    if newest is None:
        yield Check("backup", str(folder), OK, NO_BACKUP_YET)
        return
    age = describe_age(time.time() - newest.stat().st_mtime)
    yield Check("backup", str(folder), OK, f"newest {newest.name}, {age} old")


def _file_modes(install: _Install) -> Iterator[Check]:
    """The database, its WAL and its backups hold refugees' data: each one, and the
    folders they are in, must be closed to group and others."""
    if install.database_url is None:
        return  # the database row already says why nothing was checked
    sqlite_file = _sqlite_file(make_url(install.database_url))
    if sqlite_file is None or not sqlite_file.parent.is_dir():
        return  # PostgreSQL's files are the server's; a new database is created owner-only
    folder = sqlite_file.parent
    backups = folder / BACKUP_FOLDER
    files = [*with_companions(sqlite_file), *sorted(backups.glob("*.sqlite3"))]
    loose = list(open_to_others([folder, backups, *files]))
    for path, mode in loose:
        fix = f"chmod {'700' if path.is_dir() else '600'} {path}"
        yield Check(
            "files", str(path), ATTENTION, f"mode {mode:04o}: group or others may open it; {fix}"
        )
    if not loose:
        yield Check(
            "files", str(folder), OK, "owner only: folders 0700; database, WAL, backups 0600"
        )


_CHECKS: tuple[tuple[str, Callable[[_Install], Iterator[Check]]], ...] = (
    ("core", _core),
    ("plugin", _plugins),
    ("settings", _settings),
    ("staff", _staff),
    ("database", _database),
    ("tls", _transport),
    ("audit", _audit_trail),
    ("backup", _backup),
    ("files", _file_modes),
)
