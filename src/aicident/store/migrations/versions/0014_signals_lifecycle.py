"""Integrations that rotate their secret with a grace period; signals whose repeats are summed up in the incident log;
the CloudEvents each integration delivered, so that a redelivery changes nothing.

Revision ID: signals_lifecycle
Revises: slack
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from aicident.store.types import UTCDateTime

revision = "signals_lifecycle"
down_revision = "slack"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("integrations") as batch:
        batch.add_column(sa.Column("previous_secret", sa.String(200)))
        batch.add_column(sa.Column("previous_secret_until", UTCDateTime))
    op.create_index("ix_integrations_previous_secret", "integrations", ["previous_secret"])

    with op.batch_alter_table("signals") as batch:
        batch.add_column(sa.Column("summarized_occurrences", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("summarized_at", UTCDateTime))
    # Until now every occurrence had an entry of its own: all of them are in the log already.
    op.execute("UPDATE signals SET summarized_occurrences = occurrences, summarized_at = last_seen_at")
    op.create_index("ix_signals_dedup", "signals", ["integration", "dedup_key"])
    op.create_index(
        "ix_signals_summary_due",
        "signals",
        ["summarized_at"],
        sqlite_where=sa.text("open_key IS NOT NULL"),
        postgresql_where=sa.text("open_key IS NOT NULL"),
    )

    op.create_table(
        "signal_events",
        sa.Column("integration", sa.String(100), primary_key=True),
        sa.Column("event_id", sa.String(700), primary_key=True),
        sa.Column("received_at", UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("signal_events")
    op.drop_index("ix_signals_summary_due", table_name="signals")
    op.drop_index("ix_signals_dedup", table_name="signals")
    with op.batch_alter_table("signals") as batch:
        batch.drop_column("summarized_at")
        batch.drop_column("summarized_occurrences")
    op.drop_index("ix_integrations_previous_secret", table_name="integrations")
    with op.batch_alter_table("integrations") as batch:
        batch.drop_column("previous_secret_until")
        batch.drop_column("previous_secret")
