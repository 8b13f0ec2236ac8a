"""Plans, incidents, the incident log and deadlines.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from aicident.store.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("version", sa.String(80), primary_key=True),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("registered_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "incident_counters",
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last_number", sa.Integer, nullable=False),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("ref", sa.String(32), nullable=False, unique=True),
        sa.Column("plan_version", sa.String(80), sa.ForeignKey("plans.version"), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(32)),
        sa.Column("stage", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("declared_at", UTCDateTime, nullable=False),
        sa.Column("detected_at", UTCDateTime, nullable=False),
        sa.Column("became_aware_at", UTCDateTime, nullable=False),
        sa.Column("triaged_at", UTCDateTime),
        sa.Column("contained_at", UTCDateTime),
        sa.Column("resolved_at", UTCDateTime),
        sa.Column("closed_at", UTCDateTime),
        sa.Column("ai_system", sa.JSON, nullable=False),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("log_count", sa.Integer, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    for column in ("status", "category", "severity", "stage"):
        op.create_index(f"ix_incidents_{column}", "incidents", [column])
    op.create_table(
        "incident_log",
        sa.Column("incident_id", sa.String(36), sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "deadlines",
        sa.Column("incident_id", sa.String(36), sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("kind", sa.String(64), primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("starts_at", UTCDateTime, nullable=False),
        sa.Column("due_at", UTCDateTime, nullable=False),
        sa.Column("met_at", UTCDateTime),
        sa.Column("waived", sa.Boolean, nullable=False),
    )
    op.create_index("ix_deadlines_due_open", "deadlines", ["due_at"])


def downgrade() -> None:
    for table in ("deadlines", "incident_log", "incidents", "incident_counters", "plans"):
        op.drop_table(table)
