"""Who is working, as chosen when ``lw`` starts: ``lw --as KEY`` or ``$LW_STAFF``.

Checked before anything else is loaded (the first screen must not wait for
the services to import): an empty choice — a script's unset variable — must
not quietly act as the default staff member.
"""

from __future__ import annotations

import os

STAFF_VARIABLE = "LW_STAFF"


def empty_staff_choice(requested: str | None) -> str | None:
    """Why the staff member asked for is nobody, when ``lw --as`` or ``$LW_STAFF`` is
    given but empty. None when the choice is not empty (or not made)."""
    if requested is not None:
        if not requested.strip():
            return "--as is empty: give the key of a staff member ([staff.KEY] in lwcore.toml)"
        return None
    variable = os.environ.get(STAFF_VARIABLE)
    if variable is not None and not variable.strip():
        return f"${STAFF_VARIABLE} is empty: give the key of a staff member, or unset it"
    return None
