"""Deadline rows remember when their breach was logged, so a poller logs each breach once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from aicident.store.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deadlines") as batch:
        batch.add_column(sa.Column("breach_logged_at", UTCDateTime))


def downgrade() -> None:
    with op.batch_alter_table("deadlines") as batch:
        batch.drop_column("breach_logged_at")
