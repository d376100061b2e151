"""The terminal UI office staff run their day in (Textual)."""

from __future__ import annotations

from pathlib import Path

from lwcore.startup_gc import pause_during_start


def run(
    config_option: Path | None = None,
    *,
    demo: bool = False,
    language: str | None = None,
    staff: str | None = None,
) -> None:
    # Until the Today screen shows its data (OfficeShell.warm_up resumes it).
    pause_during_start()
    from lwcore.tui.i18n import choose_language, set_language

    # The language first: screens translate their key labels when imported.
    set_language(choose_language(language))
    from lwcore.tui.app import OfficeApp
    from lwcore.tui.backend import Backend

    backend = Backend(config_option=config_option, staff=staff, demo=demo)
    app = OfficeApp(backend)
    app.run()
    if app.return_code:  # why it stopped is printed by Textual once the screen is gone
        raise SystemExit(app.return_code)
