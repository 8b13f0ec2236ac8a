"""Report versions and follow-ups (action items, lessons learned).

Revision ID: reports
Revises: 0005
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from aicident.store.types import UTCDateTime

revision = "reports"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_versions",
        sa.Column("incident_id", sa.String(36), sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("markdown", sa.Text, nullable=False),
        sa.Column("change", sa.String(200), nullable=False),
        sa.Column("edited_sections", sa.JSON, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("published_at", UTCDateTime),
        sa.Column("published_by", sa.String(200)),
    )
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.String(48), primary_key=True),
        sa.Column("incident_id", sa.String(36), sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("owner", sa.String(200)),
        sa.Column("due_on", sa.String(10)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("change_ref", sa.String(300)),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("updated_at", UTCDateTime),
        sa.Column("updated_by", sa.String(200)),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("reminded_on", sa.String(10)),
    )
    op.create_index("ix_follow_ups_incident", "follow_ups", ["incident_id", "number"], unique=True)
    op.create_index("ix_follow_ups_open_due", "follow_ups", ["status", "due_on"])
    op.create_index("ix_follow_ups_owner", "follow_ups", ["owner"])


def downgrade() -> None:
    op.drop_index("ix_follow_ups_owner", table_name="follow_ups")
    op.drop_index("ix_follow_ups_open_due", table_name="follow_ups")
    op.drop_index("ix_follow_ups_incident", table_name="follow_ups")
    op.drop_table("follow_ups")
    op.drop_table("report_versions")
