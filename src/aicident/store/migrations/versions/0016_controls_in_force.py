"""Incidents learn which control changes they made are still in force (for the resolve and close guard).

Before this revision an incident did not keep that itself; it is rebuilt here from the control changes table: every
applied change made from an incident that no restore or expiry has reverted. No table changes shape.

Revision ID: controls_in_force
Revises: comms_delivery
Create Date: 2026-12-02
"""

from datetime import UTC

import sqlalchemy as sa
from alembic import op

from aicident.store.types import UTCDateTime

revision = "controls_in_force"
down_revision = "comms_delivery"
branch_labels = None
depends_on = None


def _text(feature: str, changes: dict) -> str:
    parts = []
    for name, value in changes.items():
        if name == "enabled":
            parts.append("enabled (kill switch off)" if value else "disabled (kill switch on)")
        else:
            parts.append(f"{name} = {value}")
    return f"{feature}: " + "; ".join(parts)


def _iso(moment) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def upgrade() -> None:
    connection = op.get_bind()
    changes = sa.table(
        "control_changes",
        sa.column("id", sa.String),
        sa.column("feature", sa.String),
        sa.column("state", sa.String),
        sa.column("changes", sa.JSON),
        sa.column("incident_ref", sa.String),
        sa.column("requested_by", sa.String),
        sa.column("applied_at", UTCDateTime),
        sa.column("reverted_at", UTCDateTime),
        sa.column("revert_of", sa.String),
    )
    incidents = sa.table("incidents", sa.column("ref", sa.String), sa.column("record", sa.JSON))
    rows = connection.execute(
        sa.select(changes)
        .where(
            changes.c.incident_ref.is_not(None),
            changes.c.state == "applied",
            changes.c.revert_of.is_(None),
            changes.c.reverted_at.is_(None),
        )
        .order_by(changes.c.applied_at, changes.c.id)
    ).all()
    held: dict[str, dict[str, dict]] = {}
    for row in rows:
        feature = held.setdefault(row.incident_ref, {}).setdefault(
            row.feature,
            {"changes": [], "since": _iso(row.applied_at), "by": row.requested_by},
        )
        feature["changes"].append(row.id)
        feature["text"] = _text(row.feature, dict(row.changes))
    for ref, features in held.items():
        record = connection.execute(sa.select(incidents.c.record).where(incidents.c.ref == ref)).scalar_one_or_none()
        if record is None:
            continue
        connection.execute(
            sa.update(incidents).where(incidents.c.ref == ref).values(record={**record, "controls_in_force": features})
        )


def downgrade() -> None:
    pass  # the key in the record column is ignored by older code
