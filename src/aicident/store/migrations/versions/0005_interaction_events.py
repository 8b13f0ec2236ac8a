"""Interaction events seen, by id, so that a resent batch is not observed twice.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from aicident.store.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "interaction_events",
        sa.Column("integration", sa.String(100), primary_key=True),
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("feature", sa.String(200), nullable=False),
        sa.Column("time", UTCDateTime, nullable=False),
        sa.Column("received_at", UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("interaction_events")
