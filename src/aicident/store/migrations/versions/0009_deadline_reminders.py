"""The last reminder sent for each deadline, claimed by the worker with a conditional update.

Revision ID: reminders
Revises: comms
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "reminders"
down_revision = "comms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deadlines") as batch:
        batch.add_column(sa.Column("reminded_fraction", sa.Float))


def downgrade() -> None:
    with op.batch_alter_table("deadlines") as batch:
        batch.drop_column("reminded_fraction")
