"""Keyed log hashes: each incident log and audit log entry names the key its hash was made with (none for entries
written before the logs were keyed), and the database remembers which key that is.

Revision ID: log_keys
Revises: containment
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from aicident.store.types import UTCDateTime

revision = "log_keys"
down_revision = "containment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incident_log") as table:
        table.add_column(sa.Column("key_id", sa.String(16)))
    with op.batch_alter_table("audit_log") as table:
        table.add_column(sa.Column("key_id", sa.String(16)))
    op.create_table(
        "log_keys",
        sa.Column("key_id", sa.String(16), primary_key=True),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("registered_at", UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("log_keys")
    with op.batch_alter_table("audit_log") as table:
        table.drop_column("key_id")
    with op.batch_alter_table("incident_log") as table:
        table.drop_column("key_id")
