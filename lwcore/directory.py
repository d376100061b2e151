"""The offices as the plugins describe them, merged into one read-only directory.

``build_directory`` asks every plugin, one at a time, for its settings class,
office, languages, hours, partners, round tables and topics; checks keys for
duplicates across plugins; and keeps every problem it meets (with the
plugin's name) instead of stopping at the first. Everything above this module
(services, CLI, TUI) reads offices from a :class:`Directory`.

An office plugin answers only what is its own: the office hooks it leaves
out are answered by its settings sections (:mod:`lwcore.plugins.hooks`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar

from attrs import Factory, define, field, frozen

from lwcore.office_context import OfficeContext
from lwcore.plugins import hooks
from lwcore.plugins.hooks import Hook
from lwcore.plugins.host import PluginHost
from lwcore.plugins.problems import PluginProblem
from lwcore.records import (
    ConsultationHours,
    Language,
    Office,
    Partner,
    RoundTableSeries,
    ScreenContribution,
    TodayPanel,
    Topic,
)
from lwcore.schedule import Meeting, PublicHolidays, expand_series
from lwcore.settings import files
from lwcore.settings.deployment import DeploymentSettings, load_deployment
from lwcore.settings.errors import SettingsError
from lwcore.settings.office import OfficeSettings
from lwcore.settings.paths import office_settings_path, user_cache_dir

Record = TypeVar("Record")


@cache
def _holidays(subdivision: str) -> PublicHolidays:
    return PublicHolidays(subdivision=subdivision, cache_folder=user_cache_dir())


class UnknownOfficeError(LookupError):
    """An office slug that no loaded plugin provides."""


class NoSettingsClass(Exception):
    """An office plugin gives no usable settings class.

    ``reported`` is true when the plugin's hook failed and the host already
    recorded that as a problem.
    """

    def __init__(self, message: str, *, reported: bool) -> None:
        super().__init__(message)
        self.reported = reported


def office_settings_class(host: PluginHost, plugin: str) -> type[OfficeSettings]:
    """The class ``plugin``'s settings file is read into (``OfficeSettings`` by default)."""
    if not host.implements(plugin, hooks.SETTINGS_CLASS.name):
        return OfficeSettings
    answered = hooks.SETTINGS_CLASS.ask(host, plugin, None)
    host.problems.extend(answered.problems)
    if not answered.records:
        raise NoSettingsClass(f"plugin {plugin!r} gives no settings class", reported=True)
    settings_class: type[Any] = answered.records[0]
    if not issubclass(settings_class, OfficeSettings):
        raise NoSettingsClass(
            "lw_settings_class must return an OfficeSettings subclass", reported=False
        )
    return settings_class


def read_office_settings(host: PluginHost, config_dir: Path, plugin: str) -> OfficeSettings:
    """``config/offices/<plugin>.toml`` read with the plugin's own class.

    Raises SettingsError (file, key, line), also when the file names another
    office than the plugin installed under that name; NoSettingsClass.
    """
    path = office_settings_path(config_dir, plugin)
    settings = files.load(path, office_settings_class(host, plugin))
    if settings.office.slug != plugin:
        raise SettingsError(
            path,
            f"is {settings.office.slug!r}, but the plugin is installed as {plugin!r}",
            key="office.slug",
        )
    return settings


@frozen
class OfficeEntry:
    """Everything the plugins said about one office."""

    office: Office
    settings: OfficeSettings
    plugin: str
    languages: tuple[Language, ...] = ()
    hours: tuple[ConsultationHours, ...] = ()
    partners: tuple[Partner, ...] = ()
    round_tables: tuple[RoundTableSeries, ...] = ()
    screens: tuple[ScreenContribution, ...] = ()

    @property
    def slug(self) -> str:
        return self.office.slug

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.languages)


@frozen
class PluginPanels:
    """An office plugin's Today panels, with the problems met asking for them."""

    panels: tuple[TodayPanel, ...]
    problems: tuple[PluginProblem, ...] = ()


@frozen
class PartnerListing:
    """A partner and the office it belongs to (None: offered city-wide)."""

    partner: Partner
    office: str | None


def _system_clock(directory: Directory) -> Callable[[], datetime]:
    return partial(datetime.now, directory.deployment.zone)


@define
class Directory:
    """``clock`` gives the current time to the offices' contexts: the system's in the
    deployment's zone, unless the app sets its own (a frozen one in tests and demos)."""

    deployment: DeploymentSettings
    config_dir: Path
    host: PluginHost
    offices: dict[str, OfficeEntry] = field(factory=dict)
    city_partners: tuple[Partner, ...] = ()
    topics: dict[str, Topic] = field(factory=dict)
    settings_errors: list[SettingsError] = field(factory=list)
    partner_owners: dict[str, str] = field(factory=dict, repr=False)
    _meetings: dict[tuple[date, date, str | None], list[Meeting]] = field(
        factory=dict, repr=False, init=False
    )
    clock: Callable[[], datetime] = field(
        default=Factory(_system_clock, takes_self=True), repr=False, kw_only=True
    )

    def now(self) -> datetime:
        return self.clock()

    def office_context(self, slug: str) -> OfficeContext:
        """The read-only view of one office that plugin screens and panels get."""
        return OfficeContext(slug, self.deployment.zone, directory=self)

    @property
    def public_holidays(self) -> PublicHolidays:
        """The deployment's holiday calendar (built once per process; each year it is
        asked for is kept in the user cache folder)."""
        return _holidays(self.deployment.holiday_subdivision)

    @property
    def problems(self) -> list[PluginProblem]:
        return self.host.problems

    def office(self, slug: str) -> OfficeEntry:
        try:
            return self.offices[slug]
        except KeyError:
            known = ", ".join(self.offices) or "none"
            raise UnknownOfficeError(f"unknown office {slug!r} (offices: {known})") from None

    def partners(
        self,
        *,
        office: str | None = None,
        topic: str | None = None,
        language: str | None = None,
    ) -> list[PartnerListing]:
        """Partners of one office (with the city-wide ones) or of all, filtered."""
        listings: list[PartnerListing] = []
        entries = [self.office(office)] if office else list(self.offices.values())
        for entry in entries:
            listings.extend(PartnerListing(partner, entry.slug) for partner in entry.partners)
        listings.extend(PartnerListing(partner, None) for partner in self.city_partners)
        return [
            listing
            for listing in listings
            if (topic is None or topic in listing.partner.topics)
            and (language is None or language in listing.partner.languages)
        ]

    def today_panels(self, office: str, day: date) -> PluginPanels:
        """The office plugin's Today panels, and the problems of a plugin that failed
        (it then gives none): called while staff work, so problems are returned,
        not kept with the offices' load-time ones."""
        entry = self.office(office)
        answered = hooks.TODAY_PANELS.ask(
            self.host,
            entry.plugin,
            entry.settings,
            day=day,
            office=self.office_context(entry.slug),
        )
        return PluginPanels(answered.records, answered.problems)

    def meetings(self, start: date, until: date, *, office: str | None = None) -> list[Meeting]:
        """Round-table meetings in [start, until], holidays handled, by start time.

        Kept per window: the series do not change while the directory lives, and
        the Today screen asks for the same weeks all day.
        """
        key = (start, until, office)
        if key not in self._meetings:
            self._meetings[key] = self._expand_meetings(start, until, office)
        return list(self._meetings[key])

    def _expand_meetings(self, start: date, until: date, office: str | None) -> list[Meeting]:
        holidays = self.public_holidays
        entries = [self.office(office)] if office else list(self.offices.values())
        found = [
            meeting
            for entry in entries
            for series in entry.round_tables
            for meeting in expand_series(
                entry.slug,
                series,
                start,
                until,
                timezone=self.deployment.zone,
                calendar=holidays,
            )
        ]
        return sorted(found, key=lambda meeting: (meeting.start, meeting.office, meeting.series))


def build_directory(
    config_dir: Path,
    *,
    host: PluginHost | None = None,
    extra_plugins: Sequence[tuple[str, object]] = (),
) -> Directory:
    """Load the deployment settings, the plugins and each office's settings.

    Raises SettingsError only for the deployment file; an office's settings
    error is kept in ``settings_errors`` (and as a plugin problem) so the
    other offices still load.
    """
    deployment = load_deployment(config_dir)
    if host is None:
        host = PluginHost.load(disabled=deployment.disabled_plugins, extra=extra_plugins)
    directory = Directory(deployment=deployment, config_dir=config_dir, host=host)
    plugin_settings = _load_office_settings(directory)
    _collect_topics(directory, plugin_settings)
    office_plugins = host.office_names
    for name in office_plugins:
        if name in plugin_settings:
            _collect_office(directory, name, plugin_settings[name])
    _collect_city_partners(directory, [n for n in host.loaded_names if n not in office_plugins])
    return directory


def _load_office_settings(directory: Directory) -> dict[str, Any]:
    host = directory.host
    loaded: dict[str, Any] = {}
    for name in host.office_names:
        try:
            loaded[name] = read_office_settings(host, directory.config_dir, name)
        except NoSettingsClass as missing:
            if not missing.reported:
                _problem(directory, name, str(missing))
        except SettingsError as error:
            directory.settings_errors.append(error)
            host.problems.append(PluginProblem(name, "settings", str(error)))
    return loaded


def _ask(
    directory: Directory, hook: Hook[Record], plugin: str, settings: Any, **arguments: Any
) -> tuple[Record, ...]:
    """``plugin``'s records for ``hook`` while the offices load; its problems are
    kept with the others met loading."""
    answered = hook.ask(directory.host, plugin, settings, **arguments)
    directory.host.problems.extend(answered.problems)
    return answered.records


def _problem(directory: Directory, plugin: str, message: str) -> None:
    directory.host.problems.append(PluginProblem(plugin, "merge", message))


def _unique(
    directory: Directory,
    owners: dict[str, str],
    plugin: str,
    kind: str,
    records: Iterable[Any],
) -> list[Any]:
    """Records whose key no earlier plugin used; duplicates reported, naming both."""
    kept = []
    for record in records:
        if record.key in owners:
            _problem(
                directory,
                plugin,
                f"{kind} key {record.key!r} is already provided by plugin {owners[record.key]!r}",
            )
            continue
        owners[record.key] = plugin
        kept.append(record)
    return kept


def _collect_topics(directory: Directory, plugin_settings: dict[str, Any]) -> None:
    owners: dict[str, str] = {}
    host = directory.host
    for name in host.loaded_names:
        if host.is_office(name) and name not in plugin_settings:
            continue  # its settings failed (already reported): nothing to ask it with
        topics = _ask(directory, hooks.TOPICS, name, plugin_settings.get(name))
        for topic in _unique(directory, owners, name, "topic", topics):
            directory.topics[topic.key] = topic


def _known_topics(directory: Directory, plugin: str, partners: Iterable[Partner]) -> list[Partner]:
    kept = []
    for partner in partners:
        unknown = [topic for topic in partner.topics if topic not in directory.topics]
        if unknown:
            _problem(
                directory,
                plugin,
                f"partner {partner.key!r} names unknown topic {unknown[0]!r} "
                f"(known: {', '.join(directory.topics)})",
            )
            continue
        kept.append(partner)
    return kept


def _partners(directory: Directory, name: str, settings: Any) -> list[Partner]:
    owners = directory.partner_owners
    partners = _ask(directory, hooks.PARTNERS, name, settings)
    return _known_topics(directory, name, _unique(directory, owners, name, "partner", partners))


def _collect_office(directory: Directory, name: str, settings: OfficeSettings) -> None:
    answered = _ask(directory, hooks.OFFICE, name, settings)
    if not answered:
        return
    office = answered[0]
    if office.slug != name:
        _problem(directory, name, f"lw_office returned slug {office.slug!r}, expected {name!r}")
        return
    if office.slug in directory.offices:
        _problem(directory, name, f"office {office.slug!r} is already provided")
        return

    series = _ask(directory, hooks.ROUND_TABLES, name, settings)
    directory.offices[office.slug] = OfficeEntry(
        office=office,
        settings=settings,
        plugin=name,
        languages=_ask(directory, hooks.LANGUAGES, name, settings),
        hours=_ask(directory, hooks.CONSULTATION_HOURS, name, settings),
        partners=tuple(_partners(directory, name, settings)),
        round_tables=tuple(_unique(directory, {}, name, "round-table", series)),
        screens=_ask(
            directory,
            hooks.SCREENS,
            name,
            settings,
            office=directory.office_context(office.slug),
        ),
    )


def _collect_city_partners(directory: Directory, plugins: Iterable[str]) -> None:
    partners: list[Partner] = []
    for name in plugins:
        partners.extend(_partners(directory, name, None))
    directory.city_partners = tuple(partners)
