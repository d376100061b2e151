"""cell keys: a fixed random record key on every counted record

Consultations, referrals, home visits and households get ``cell_key``, an
integer drawn uniformly from [0, 2**31) by the database when a row is
inserted (the statistics' cell key method, lwcore.services.perturbation).
Rows already stored get their own random key here: PostgreSQL evaluates
the volatile default once per existing row when the column is added;
SQLite cannot add a column with such a default, so the table is rebuilt
and the copy draws one key per row.

The default is written out here, not imported from the models: this
revision must make the same column whatever later releases change.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("consultation", "referral", "home_visit", "household")
RANDOM_KEY = {
    "sqlite": "(random() & 2147483647)",
    "postgresql": "(floor(random() * 2147483648))::integer",
}


def _column(dialect: str) -> sa.Column[int]:
    return sa.Column(
        "cell_key", sa.Integer(), nullable=False, server_default=sa.text(RANDOM_KEY[dialect])
    )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        if dialect == "sqlite":
            with op.batch_alter_table(table, recreate="always") as batch_op:
                batch_op.add_column(_column(dialect))
        else:
            op.add_column(table, _column(dialect))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("cell_key")
