"""Communications that are finished and delivered: the slots of each version of a draft (its template, what people
gave, what filled each slot), and the batch an outbox message belongs to (one sent version of a draft), indexed so
that a worker can tell cheaply whether a batch is all delivered.

Versions and messages written before have none (NULL): a version's text alone says what is left to fill, and a
communication recorded before is met when it was recorded.

Revision ID: comms_delivery
Revises: signals_lifecycle
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "comms_delivery"
down_revision = "signals_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("comm_draft_versions") as table:
        table.add_column(sa.Column("slots", sa.JSON, nullable=True))
    with op.batch_alter_table("outbox") as table:
        table.add_column(sa.Column("batch", sa.String(120), nullable=True))
    op.create_index("ix_outbox_batch", "outbox", ["batch", "state"])


def downgrade() -> None:
    op.drop_index("ix_outbox_batch", table_name="outbox")
    with op.batch_alter_table("outbox") as table:
        table.drop_column("batch")
    with op.batch_alter_table("comm_draft_versions") as table:
        table.drop_column("slots")
