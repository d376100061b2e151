"""One start of the office app (or of a bare Textual app), timed from inside.

Run by ``bench/bench_startup.py`` as a fresh process. Writes ``paint <t>``
when the first screen has been painted and, for the office app, ``data <t>``
when the Today screen shows its data (``t`` is ``time.time()``), then exits.
``--mode lw`` starts exactly as the ``lw`` command does (same imports, same
code path), headless.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def record(out: Path, event: str) -> None:
    with out.open("a", encoding="utf-8") as handle:
        handle.write(f"{event} {time.time():.6f}\n")


def bare(out: Path) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("lokal willkommen")

        def on_mount(self) -> None:
            self.call_after_refresh(self.painted)

        def painted(self) -> None:
            record(out, "paint")
            self.exit()

    Bare().run(headless=True)


def office(out: Path) -> None:
    import lwcore.start  # the console script
    import lwcore.tui.app as app_module
    import lwcore.tui.screens.today as today_module

    # Hooks on the Today screen itself, not a timer polling for it: a timer firing
    # every few milliseconds would take the interpreter from the worker loading the
    # data side, and time the probe rather than the app.
    screen_class = today_module.TodayScreen
    mounted, shown = screen_class.on_mount, screen_class.show_today

    def on_mount(screen: today_module.TodayScreen) -> None:
        mounted(screen)
        screen.call_after_refresh(record, out, "paint")

    def show_today(screen: today_module.TodayScreen, today: object) -> None:
        shown(screen, today)  # type: ignore[arg-type]
        screen.call_after_refresh(finish, screen)

    def finish(screen: today_module.TodayScreen) -> None:
        record(out, "data")
        screen.app.exit()

    screen_class.on_mount = on_mount  # type: ignore[method-assign]
    screen_class.show_today = show_today  # type: ignore[assignment]

    class Probe(app_module.OfficeApp):
        def run(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
            super().run(headless=True)

    app_module.OfficeApp = Probe  # type: ignore[misc]
    sys.argv = ["lw"]
    lwcore.start.main()


if __name__ == "__main__":
    mode, target = sys.argv[1], Path(sys.argv[2])
    bare(target) if mode == "bare" else office(target)
