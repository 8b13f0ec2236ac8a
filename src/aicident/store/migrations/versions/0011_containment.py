"""Feature controls, their changes, the controls version counter, and the hash-chained audit log.

Revision ID: containment
Revises: web_sessions
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from aicident.store.types import UTCDateTime

revision = "containment"
down_revision = "web_sessions"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "feature_controls",
        sa.Column("feature", sa.String(100), primary_key=True),
        sa.Column("controls", sa.JSON, nullable=False),
        sa.Column("registered", sa.Boolean, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    version = op.create_table(
        "controls_version",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.bulk_insert(version, [{"id": 1, "version": 0}])
    op.create_table(
        "control_changes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("feature", sa.String(100), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("actions", sa.JSON, nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("before", sa.JSON, nullable=False),
        sa.Column("after", sa.JSON, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("incident_ref", sa.String(32)),
        sa.Column("requested_by", sa.String(200), nullable=False),
        sa.Column("requested_at", UTCDateTime, nullable=False),
        sa.Column("decided_by", sa.String(200)),
        sa.Column("decided_at", UTCDateTime),
        sa.Column("applied_at", UTCDateTime),
        sa.Column("expires_at", UTCDateTime),
        sa.Column("reverted_at", UTCDateTime),
        sa.Column("revert_of", sa.String(36)),
    )
    op.create_index("ix_control_changes_feature", "control_changes", ["feature", "requested_at"])
    op.create_index("ix_control_changes_incident", "control_changes", ["incident_ref"])
    op.create_index("ix_control_changes_expiry", "control_changes", ["expires_at"])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(80), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_log_subject", "audit_log", ["subject"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "count": 0, "last_hash": GENESIS}])


def downgrade() -> None:
    for table in ("audit_head", "audit_log", "control_changes", "controls_version", "feature_controls"):
        op.drop_table(table)
