"""Find, check and call plugins so that one broken plugin never takes down the rest.

Plugins come from the entry-point group ``lwcore`` (one entry point per
plugin, named after the office's slug). Each is loaded, checked against the
core's plugin-API version, registered with pluggy and validated
(``check_pending``) on its own; a failure at any step is recorded as a
:class:`PluginProblem` and the plugin is left out.

Hooks are called one plugin at a time through :meth:`PluginHost.call`, never
through ``pm.hook`` directly, so an exception in one implementation is
recorded with the plugin's name while the others still answer.
"""

from __future__ import annotations

import inspect
import os
import warnings
from collections.abc import Iterable, Sequence
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType
from typing import Any

import pluggy
from attrs import define, evolve, field, frozen
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from lwcore import PLUGIN_API_VERSION, hookspecs
from lwcore.plugins.problems import PluginProblem, describe_exception

ENTRY_POINT_GROUP = "lwcore"
API_ATTRIBUTE = "LWCORE_PLUGIN_API"
DISABLE_VARIABLE = "LW_DISABLE_PLUGINS"
#: Implementing either hook makes a plugin an office plugin.
OFFICE_MARKERS = ("lw_office", "lw_settings_class")

#: Plugins that are part of the core itself (datasette's DEFAULT_PLUGINS idea):
#: core behaviour written as plugins, always loaded, never blocked.
DEFAULT_PLUGINS = ("lwcore.plugins.default_topics",)


@frozen
class PluginInfo:
    """What the host knows about a plugin it tried to load."""

    name: str
    module: str
    distribution: str | None = None
    version: str | None = None
    api_range: str | None = None
    loaded: bool = False
    disabled: bool = False


@define
class PluginOverrides:
    """Plugins added (and discovery switched off) for the length of one test.

    Set by the fixtures in :mod:`lwcore.testing`; empty in normal use.
    """

    extra: list[tuple[str, object]] = field(factory=list)
    discover: bool = True
    specs: list[ModuleType | type] = field(factory=list)


OVERRIDES = PluginOverrides()


@frozen
class HookAnswer:
    """One plugin's answer to one hook call."""

    plugin: str
    value: Any


@frozen
class Asked:
    """What the plugins answered to one hook call, and the problems it met."""

    answers: tuple[HookAnswer, ...]
    problems: tuple[PluginProblem, ...]


def disabled_from_environment() -> frozenset[str]:
    """Names in ``$LW_DISABLE_PLUGINS`` (comma-separated)."""
    raw = os.environ.get(DISABLE_VARIABLE, "")
    return frozenset(name.strip() for name in raw.split(",") if name.strip())


def _check_api(name: str, plugin: object) -> tuple[str | None, PluginProblem | None]:
    declared = getattr(plugin, API_ATTRIBUTE, None)
    if declared is None:
        return None, PluginProblem(
            name,
            "api",
            f'declares no plugin-API range: set {API_ATTRIBUTE} = ">={PLUGIN_API_VERSION},<2" '
            f"in its hooks module (core plugin API is {PLUGIN_API_VERSION})",
        )
    try:
        supported = SpecifierSet(str(declared))
    except InvalidSpecifier:
        return str(declared), PluginProblem(
            name, "api", f"{API_ATTRIBUTE} {declared!r} is not a version range like '>=1.0,<2'"
        )
    if Version(PLUGIN_API_VERSION) not in supported:
        return str(declared), PluginProblem(
            name,
            "api",
            f"supports plugin API {declared}, but this core provides plugin API "
            f"{PLUGIN_API_VERSION}",
        )
    return str(declared), None


def _unmarked_hooks(plugin: object) -> list[str]:
    """Functions named like a hook but missing ``@hookimpl``: otherwise silently unused."""
    spec_names = {name for name in dir(hookspecs) if name.startswith("lw_")}
    found = []
    for attribute, value in inspect.getmembers(plugin, callable):
        if attribute in spec_names and not hasattr(value, f"{hookspecs.PROJECT_NAME}_impl"):
            found.append(attribute)
    return found


def _new_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    return manager


@define
class PluginHost:
    """The loaded plugins, the problems met on the way, and isolated hook calls."""

    manager: pluggy.PluginManager = field(factory=_new_manager)
    plugins: dict[str, PluginInfo] = field(factory=dict)
    problems: list[PluginProblem] = field(factory=list)
    #: Plugins that still implement a deprecated hook: they work, and are told what to use.
    deprecations: list[PluginProblem] = field(factory=list)

    @classmethod
    def load(
        cls,
        *,
        disabled: Iterable[str] = (),
        extra: Sequence[tuple[str, object]] = (),
        discover: bool = True,
        specs: Sequence[ModuleType | type] = (),
    ) -> PluginHost:
        """Load the default plugins, the installed ones (unless ``discover`` is
        False) and ``extra`` (name, module-or-object) pairs, skipping ``disabled``.
        ``specs`` are further hook specifications beside :mod:`lwcore.hookspecs`."""
        host = cls()
        for spec in [*specs, *OVERRIDES.specs]:
            host.manager.add_hookspecs(spec)
        extra = [*extra, *OVERRIDES.extra]
        discover = discover and OVERRIDES.discover
        blocked = frozenset(disabled) | disabled_from_environment()
        for module_name in DEFAULT_PLUGINS:
            host._register(module_name, __import__(module_name, fromlist=["_"]), core=True)
        if discover:
            for entry_point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
                host._load_entry_point(entry_point, blocked)
        for name, plugin in extra:
            if name in blocked:
                host.plugins[name] = PluginInfo(name, _module_name(plugin), disabled=True)
                continue
            host._register(name, plugin)
        return host

    def _load_entry_point(self, entry_point: EntryPoint, blocked: frozenset[str]) -> None:
        name = entry_point.name
        distribution = entry_point.dist.name if entry_point.dist else None
        version = entry_point.dist.version if entry_point.dist else None
        info = PluginInfo(name, entry_point.value, distribution, version)
        if name in blocked:
            self.plugins[name] = PluginInfo(
                name, entry_point.value, distribution, version, disabled=True
            )
            return
        if name in self.plugins:
            self._fail(info, "import", f"a second plugin named {name!r} ({entry_point.value})")
            return
        try:
            plugin = entry_point.load()
        except Exception as error:
            self._fail(info, "import", f"cannot be imported: {describe_exception(error)}")
            return
        self._register(name, plugin, info=info)

    def _register(
        self, name: str, plugin: object, *, info: PluginInfo | None = None, core: bool = False
    ) -> None:
        info = info or PluginInfo(name, _module_name(plugin))
        api_range: str | None = None
        if not core:
            api_range, problem = _check_api(name, plugin)
            info = _with(info, api_range=api_range)
            if problem is not None:
                self.plugins[name] = info
                self.problems.append(problem)
                return
            unmarked = _unmarked_hooks(plugin)
            if unmarked:
                self._fail(info, "register", f"{', '.join(unmarked)} not marked with @hookimpl")
                return
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                self.manager.register(plugin, name=name)
        except (pluggy.PluginValidationError, ValueError) as error:
            self._fail(info, "register", str(error))
            return
        for warning in caught:
            if issubclass(warning.category, DeprecationWarning):
                # pluggy's warn_on_impl: the hookspec's message says what to use instead.
                self.deprecations.append(PluginProblem(name, "deprecated", str(warning.message)))
            else:
                warnings.warn_explicit(
                    warning.message, warning.category, warning.filename, warning.lineno
                )
        try:
            self.manager.check_pending()
        except pluggy.PluginValidationError as error:
            self.manager.unregister(plugin)
            self._fail(info, "register", str(error))
            return
        self.plugins[name] = _with(info, loaded=True)

    def _fail(self, info: PluginInfo, stage: str, message: str) -> None:
        self.plugins[info.name] = info
        self.problems.append(PluginProblem(info.name, stage, message))  # type: ignore[arg-type]

    @property
    def loaded_names(self) -> list[str]:
        return [name for name, info in self.plugins.items() if info.loaded]

    def implements(self, plugin: str, hook: str) -> bool:
        caller = getattr(self.manager.hook, hook)
        return any(impl.plugin_name == plugin for impl in caller.get_hookimpls())

    def is_office(self, plugin: str) -> bool:
        """An office plugin implements ``lw_office`` or ``lw_settings_class`` (or both).

        Since plugin API 1.2 an office may leave out ``lw_office`` and the other
        hooks that only return a section of its settings (see :mod:`lwcore.hookspecs`).
        """
        return any(self.implements(plugin, hook) for hook in OFFICE_MARKERS)

    @property
    def office_names(self) -> list[str]:
        """The loaded office plugins, in load order."""
        return [name for name in self.loaded_names if self.is_office(name)]

    def ask(
        self,
        hook: str,
        *,
        only: str | None = None,
        many: bool = False,
        expect: type | tuple[type, ...] | None = None,
        **arguments: Any,
    ) -> Asked:
        """Call ``hook`` on each plugin (or ``only`` one), isolating failures, and
        return the answers and the problems met, as values.

        With ``many`` the answer must be iterable and is turned into a list
        inside the isolation (a generator that raises halfway is caught too);
        with ``expect`` every value is type-checked. A plugin that fails, or
        answers None where a value was expected, gives a problem instead of an answer.
        """
        caller = getattr(self.manager.hook, hook)
        answers: list[HookAnswer] = []
        problems: list[PluginProblem] = []
        for impl in caller.get_hookimpls():
            if only is not None and impl.plugin_name != only:
                continue
            try:
                value = impl.function(*(arguments[name] for name in impl.argnames))
                if many:
                    value = _as_list(hook, value)
                _check_type(hook, value, expect, many)
            except Exception as error:
                problems.append(
                    PluginProblem(impl.plugin_name, "hook", f"{hook}: {describe_exception(error)}")
                )
                continue
            answers.append(HookAnswer(impl.plugin_name, value))
        return Asked(tuple(answers), tuple(problems))

    def call(
        self,
        hook: str,
        *,
        only: str | None = None,
        many: bool = False,
        expect: type | tuple[type, ...] | None = None,
        **arguments: Any,
    ) -> list[HookAnswer]:
        """:meth:`ask`, keeping its problems with the host's (while the offices load)."""
        asked = self.ask(hook, only=only, many=many, expect=expect, **arguments)
        self.problems.extend(asked.problems)
        return list(asked.answers)


def _module_name(plugin: object) -> str:
    if isinstance(plugin, ModuleType):
        return plugin.__name__
    return f"{type(plugin).__module__}.{type(plugin).__qualname__}"


def _with(info: PluginInfo, **changes: Any) -> PluginInfo:
    return evolve(info, **changes)


def _as_list(hook: str, value: object) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        raise TypeError(f"returned {type(value).__name__}, expected a list of records")
    return list(value)


def _check_type(
    hook: str, value: object, expect: type | tuple[type, ...] | None, many: bool
) -> None:
    if expect is None:
        return
    items = value if many else [value]
    assert isinstance(items, list)
    for item in items:
        if not isinstance(item, expect):
            wanted = (
                expect.__name__
                if isinstance(expect, type)
                else "/".join(kind.__name__ for kind in expect)
            )
            raise TypeError(f"returned {type(item).__name__} {item!r:.60}, expected {wanted}")
