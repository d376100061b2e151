"""The rows about the software: the core's version and each office plugin."""

from __future__ import annotations

from collections.abc import Iterator

import lwcore
from lwcore import PLUGIN_API_VERSION
from lwcore.health.install import Install
from lwcore.health.rows import ATTENTION, OK, Check
from lwcore.plugins.host import DEFAULT_PLUGINS, PluginInfo
from lwcore.plugins.problems import PluginProblem


def check_core(_install: Install) -> Iterator[Check]:
    yield Check(
        "core", "lwcore", OK, f"lwcore {lwcore.__version__}, plugin API {PLUGIN_API_VERSION}"
    )


def check_plugins(install: Install) -> Iterator[Check]:
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
