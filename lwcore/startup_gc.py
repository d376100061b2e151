"""Python's cycle collector, paused while ``lw`` starts.

Starting the terminal UI creates over a hundred thousand objects that live as
long as the process: the modules, classes and functions of Textual,
SQLAlchemy and the services. CPython's cycle collector walks them again and
again while they are being created and frees next to nothing: measured on a
two-core machine, about a sixth of the time from ``lw`` to the Today screen
with its data. So ``lw`` pauses it from its first line until the first
screen shows its data and the remaining services are loaded (a command: until
its code is loaded); then what exists is frozen (``gc.freeze``: never walked
again, though still freed when no longer referenced) and collection resumes
for what the working day creates.

Only a process that paused resumes: tests and tools that build the app
themselves keep the collector as it was.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
#: Set while this process's start has the collector paused.
_paused = threading.Event()


def pause_during_start() -> None:
    """Stop cycle collection until :func:`resume_after_start` (``lw``'s first line)."""
    with _lock:
        if gc.isenabled():
            gc.disable()
            _paused.set()


def resume_after_start() -> None:
    """Freeze what the start created and collect cycles again, if this process
    paused; harmless to call more than once, from any thread."""
    with _lock:
        if not _paused.is_set():
            return
        _paused.clear()
        gc.freeze()
        gc.enable()


def paused() -> bool:
    """Whether the start's pause is still on."""
    return _paused.is_set()
