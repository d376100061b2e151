"""``lw`` pauses the cycle collector while it starts and resumes it, with what the
start created frozen, once the Today screen shows its data and the rest of the
services are loaded; a command resumes it before it runs."""

from __future__ import annotations

from pathlib import Path

from tests.fresh_process import last_json_line, office_environment

_PAUSE_PROBE = """
import gc, json
from lwcore import startup_gc

seen = {"before": gc.isenabled()}
startup_gc.pause_during_start()
startup_gc.pause_during_start()
seen["paused"] = [gc.isenabled(), startup_gc.paused()]
startup_gc.resume_after_start()
seen["resumed"] = [gc.isenabled(), startup_gc.paused(), gc.get_freeze_count() > 0]
gc.unfreeze()
startup_gc.resume_after_start()  # once is enough: nothing frozen again
seen["again"] = gc.get_freeze_count()
gc.disable()  # someone else's pause is not ours to end
startup_gc.pause_during_start()
startup_gc.resume_after_start()
seen["foreign"] = gc.isenabled()
print(json.dumps(seen))
"""


def test_the_pause_is_ended_once_and_only_by_whoever_began_it() -> None:
    assert last_json_line(_PAUSE_PROBE) == {
        "before": True,
        "paused": [False, True],
        "resumed": [True, False, True],
        "again": 0,
        "foreign": False,
    }


_APP_PROBE = """
import gc, json, sys
import lwcore.start
import lwcore.tui.app as app_module
import lwcore.tui.screens.today as today_module
from lwcore import startup_gc

seen = {}
screen_class = today_module.TodayScreen
shown = screen_class.show_today
loaded = app_module.OfficeApp._load_the_rest

def show_today(screen, today):
    seen["data shown, collector on"] = gc.isenabled()
    shown(screen, today)

def load_the_rest(app):
    loaded(app)
    seen["rest loaded, collector on"] = gc.isenabled()
    seen["still paused"] = startup_gc.paused()
    seen["start frozen"] = gc.get_freeze_count() > 0
    app.call_from_thread(app.exit)

screen_class.show_today = show_today
app_module.OfficeApp._load_the_rest = load_the_rest

class Headless(app_module.OfficeApp):
    def run(self, *args, **kwargs):
        super().run(headless=True)

app_module.OfficeApp = Headless
sys.argv = ["lw"]
lwcore.start.main()
print(json.dumps(seen))
"""


def test_the_app_resumes_collecting_once_the_day_is_shown(tmp_path: Path) -> None:
    assert last_json_line(_APP_PROBE, environment=office_environment(tmp_path)) == {
        "data shown, collector on": False,
        "rest loaded, collector on": True,
        "still paused": False,
        "start frozen": True,
    }


_COMMAND_PROBE = """
import gc, json, sys
import lwcore.cli
from lwcore.start import main

seen = {}
def offices(*args, **kwargs):
    seen["collector on"] = gc.isenabled()
    raise SystemExit(0)

lwcore.cli.main = offices
sys.argv = ["lw", "offices"]
try:
    main()
except SystemExit:
    pass
print(json.dumps(seen))
"""


def test_a_command_runs_with_the_collector_on() -> None:
    assert last_json_line(_COMMAND_PROBE) == {"collector on": True}
