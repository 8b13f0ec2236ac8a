"""The transactional outbox of outbound messages and the record of every delivery attempt.

Revision ID: notify
Revises: reports
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from aicident.store.types import UTCDateTime

revision = "notify"
down_revision = "reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("channel", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("recipients", sa.JSON, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("incident_id", sa.String(36)),
        sa.Column("incident_ref", sa.String(32)),
        sa.Column("obligation_id", sa.String(100)),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("window_started_at", UTCDateTime, nullable=False),
        sa.Column("next_attempt_at", UTCDateTime, nullable=False),
        sa.Column("claim", sa.String(36)),
        sa.Column("leased_by", sa.String(200)),
        sa.Column("lease_until", UTCDateTime),
        sa.Column("sent_at", UTCDateTime),
        sa.Column("finished_at", UTCDateTime),
        sa.Column("last_error", sa.Text),
        sa.Column("last_status", sa.Integer),
        sa.Column("retried_by", sa.String(200)),
        sa.Column("retried_at", UTCDateTime),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_outbox_state_due", "outbox", ["state", "next_attempt_at"])
    op.create_index("ix_outbox_incident", "outbox", ["incident_id"])
    op.create_index("ix_outbox_obligation", "outbox", ["obligation_id"])
    op.create_index("ix_outbox_created", "outbox", ["created_at"])
    op.create_table(
        "outbox_attempts",
        sa.Column("message_id", sa.String(200), sa.ForeignKey("outbox.id"), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("worker", sa.String(200), nullable=False),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("http_status", sa.Integer),
    )


def downgrade() -> None:
    op.drop_table("outbox_attempts")
    op.drop_table("outbox")
