"""Web sessions: a signed-in browser, kept server-side so that sign-out and token revocation end it; and the
optional web passwords (scrypt hashes).

Revision ID: web_sessions
Revises: reminders
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from aicident.store.types import UTCDateTime

revision = "web_sessions"
down_revision = "reminders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("token_id", sa.String(36), sa.ForeignKey("api_tokens.id")),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
        sa.Column("ended_at", UTCDateTime),
    )
    op.create_index("ix_web_sessions_person", "web_sessions", ["person_id"])
    op.create_table(
        "web_passwords",
        sa.Column("person_id", sa.String(36), sa.ForeignKey("people.id"), primary_key=True),
        sa.Column("hash", sa.String(300), nullable=False),
        sa.Column("set_at", UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("web_passwords")
    op.drop_index("ix_web_sessions_person", "web_sessions")
    op.drop_table("web_sessions")
