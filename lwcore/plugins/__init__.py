"""Plugin discovery, isolation and the core's own default plugins."""

from lwcore.plugins.host import HookAnswer, PluginHost, PluginInfo
from lwcore.plugins.problems import PluginProblem

__all__ = ["HookAnswer", "PluginHost", "PluginInfo", "PluginProblem"]
