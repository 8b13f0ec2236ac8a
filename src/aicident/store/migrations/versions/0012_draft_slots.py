"""The slots of each version of a communication draft: its template, what people gave, what filled each slot.

Versions written before have none (NULL): their text alone says what is left to fill.

Revision ID: draft_slots
Revises: containment
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "draft_slots"
down_revision = "containment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("comm_draft_versions") as table:
        table.add_column(sa.Column("slots", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("comm_draft_versions") as table:
        table.drop_column("slots")
