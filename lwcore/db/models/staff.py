"""Who each PostgreSQL login is: written by ``lw staff add``, read by the row policies."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from lwcore.db.models.base import KEY_LENGTH


class StaffRole(SQLModel, table=True):
    """A login role's office and role (``office_staff``, ``office_lead``,
    ``coordinator``, ``it_admin``); the office is empty for the last two.

    On PostgreSQL the row policies look up the office of ``current_user`` here,
    so a login sees only its own office's rows. An embedded SQLite database
    keeps the table empty: there the acting staff member comes from the settings.
    """

    __tablename__ = "staff_role"

    role_name: str = Field(primary_key=True, max_length=63)
    office: str = Field(default="", max_length=KEY_LENGTH)
    role: str = Field(max_length=20)
