"""The deadline rows of incidents: kept equal to what the plan derives for each incident, and claimed by the pollers
(reminders and breaches) atomically, so any number of workers may poll at once. Part of IncidentRepository."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.engine import Connection

from aicident.incidents.deadlines import Deadline
from aicident.incidents.model import Incident
from aicident.store.tables import deadlines, incidents


class DeadlineRows:
    """IncidentRepository's deadline rows (it holds the connection)."""

    connection: Connection

    def sync_deadlines(self, incident: Incident, computed: builtins.list[Deadline]) -> None:
        """Keep the deadline rows (what pollers claim) equal to what the plan derives for the incident now; a
        deadline whose due time moved may breach again."""
        stored = {
            row.kind: row
            for row in self.connection.execute(select(deadlines).where(deadlines.c.incident_id == incident.id))
        }
        for d in computed:
            values = {
                "label": d.label,
                "starts_at": d.starts_at,
                "due_at": d.due_at,
                "met_at": d.met_at,
                "waived": d.waived,
            }
            row = stored.pop(d.kind, None)
            if row is None:
                self.connection.execute(insert(deadlines).values(incident_id=incident.id, kind=d.kind, **values))
            elif any(getattr(row, k) != v for k, v in values.items()):
                if row.due_at != d.due_at or row.starts_at != d.starts_at:
                    values["breach_logged_at"] = None
                    values["reminded_fraction"] = None  # a new window: its reminders are owed again
                self.connection.execute(
                    update(deadlines)
                    .where(and_(deadlines.c.incident_id == incident.id, deadlines.c.kind == d.kind))
                    .values(**values)
                )
        for kind in stored:
            self.connection.execute(
                deadlines.delete().where(and_(deadlines.c.incident_id == incident.id, deadlines.c.kind == kind))
            )

    def running_deadlines(self, now: datetime, limit: int = 500) -> Sequence[Any]:
        """Deadlines whose window is open now (started, not yet due, neither met nor waived), soonest first, each
        with the plan version of its incident."""
        return self.connection.execute(
            select(deadlines, incidents.c.plan_version)
            .join(incidents, incidents.c.id == deadlines.c.incident_id)
            .where(
                deadlines.c.starts_at <= now,
                deadlines.c.due_at > now,
                deadlines.c.met_at.is_(None),
                deadlines.c.waived.is_(False),
            )
            .order_by(deadlines.c.due_at)
            .limit(limit)
        ).all()

    def claim_reminder(self, incident_id: str, kind: str, due_at: datetime, fraction: float) -> bool:
        """Record that the reminder at `fraction` of the window went out; True for exactly one claimer."""
        return self._claim(
            incident_id,
            kind,
            due_at,
            deadlines.c.waived.is_(False),
            or_(deadlines.c.reminded_fraction.is_(None), deadlines.c.reminded_fraction < fraction),
            reminded_fraction=fraction,
        )

    def breached_deadlines(self, now: datetime, limit: int = 100) -> Sequence[Any]:
        """Deadlines past due, neither met nor waived, whose breach is not logged yet."""
        return self.connection.execute(
            select(deadlines)
            .where(
                deadlines.c.due_at <= now,
                deadlines.c.met_at.is_(None),
                deadlines.c.waived.is_(False),
                deadlines.c.breach_logged_at.is_(None),
            )
            .order_by(deadlines.c.due_at)
            .limit(limit)
        ).all()

    def claim_breach(self, incident_id: str, kind: str, due_at: datetime, now: datetime) -> bool:
        """Mark a breach as logged; True for exactly one of any number of concurrent claimers."""
        return self._claim(incident_id, kind, due_at, deadlines.c.breach_logged_at.is_(None), breach_logged_at=now)

    def _claim(self, incident_id: str, kind: str, due_at: datetime, *unclaimed: Any, **values: Any) -> bool:
        """Set `values` on one deadline (that incident's `kind` due at `due_at`, not met) if it is `unclaimed`: True
        for exactly one of any number of concurrent claimers (the update's own row lock decides)."""
        result = self.connection.execute(
            update(deadlines)
            .where(
                deadlines.c.incident_id == incident_id,
                deadlines.c.kind == kind,
                deadlines.c.due_at == due_at,
                deadlines.c.met_at.is_(None),
                *unclaimed,
            )
            .values(**values)
        )
        return result.rowcount == 1
