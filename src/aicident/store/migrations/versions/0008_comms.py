"""Drafts of communications with their versions and approvals, and the customers affected by an incident.

Revision ID: comms
Revises: notify
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from aicident.store.types import UTCDateTime

revision = "comms"
down_revision = "notify"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comm_drafts",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("incident_id", sa.String(36), sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("obligation", sa.String(100), nullable=False),
        sa.Column("audience", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("sent_version", sa.Integer),
        sa.Column("sent_at", UTCDateTime),
        sa.Column("sent_by", sa.String(200)),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_comm_drafts_incident", "comm_drafts", ["incident_id", "number"], unique=True)
    op.create_table(
        "comm_draft_versions",
        sa.Column("draft_id", sa.String(40), sa.ForeignKey("comm_drafts.id"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("edited_at", UTCDateTime, nullable=False),
        sa.Column("edited_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "comm_approvals",
        sa.Column("draft_id", sa.String(40), sa.ForeignKey("comm_drafts.id"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("role", sa.String(100), primary_key=True),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("approved_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "affected_customers",
        sa.Column("incident_id", sa.String(36), sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("email", sa.String(320), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("customer_id", sa.String(200), nullable=False),
        sa.Column("added_at", UTCDateTime, nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("affected_customers")
    op.drop_table("comm_approvals")
    op.drop_table("comm_draft_versions")
    op.drop_index("ix_comm_drafts_incident", table_name="comm_drafts")
    op.drop_table("comm_drafts")
