"""The Slack app: people's Slack user ids, each incident's channel and header, posted messages, inbound events.

Revision ID: slack
Revises: log_keys
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from aicident.store.types import UTCDateTime

revision = "slack"
down_revision = "log_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("slack_id", sa.String(32)))
        batch.create_unique_constraint("uq_people_slack_id", ["slack_id"])
    op.create_table(
        "slack_channels",
        sa.Column("incident_id", sa.String(36), sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("channel_id", sa.String(32), unique=True),
        sa.Column("topic_set", sa.Boolean, nullable=False),
        sa.Column("header_ts", sa.String(32)),
        sa.Column("header_seq", sa.Integer),
        sa.Column("header_hash", sa.String(64), nullable=False),
        sa.Column("pinned", sa.Boolean, nullable=False),
        sa.Column("archived_at", UTCDateTime),
        sa.Column("last_error", sa.Text),
        sa.Column("last_error_at", UTCDateTime),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "slack_posts",
        sa.Column("message_id", sa.String(200), primary_key=True),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("ts", sa.String(32)),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("posted_at", UTCDateTime),
    )
    op.create_table(
        "slack_events",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("received_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_slack_events_received", "slack_events", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_slack_events_received", table_name="slack_events")
    op.drop_table("slack_events")
    op.drop_table("slack_posts")
    op.drop_table("slack_channels")
    with op.batch_alter_table("people") as batch:
        batch.drop_constraint("uq_people_slack_id", type_="unique")
        batch.drop_column("slack_id")
