"""Index the open signals of an alert group: a new alert looks up its group's incident on the hot path.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_signals_open_group",
        "signals",
        ["integration", "group_key"],
        sqlite_where=sa.text("open_key IS NOT NULL"),
        postgresql_where=sa.text("open_key IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_signals_open_group", table_name="signals")
