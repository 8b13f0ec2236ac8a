"""Drafts, their versions and approvals, and affected customers: rows in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from aicident.store.tables import affected_customers, comm_approvals, comm_draft_versions, comm_drafts


class CommsRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    # --- drafts ------------------------------------------------------------------------------------------------

    def next_number(self, incident_id: str) -> int:
        found = self.connection.execute(
            select(func.max(comm_drafts.c.number)).where(comm_drafts.c.incident_id == incident_id)
        ).scalar()
        return (found or 0) + 1

    def add_draft(self, row: dict) -> None:
        self.connection.execute(insert(comm_drafts).values(**row))

    def add_version(self, row: dict) -> None:
        self.connection.execute(insert(comm_draft_versions).values(**row))

    def draft(self, draft_id: str, *, for_update: bool = False):
        query = select(comm_drafts).where(comm_drafts.c.id == draft_id)
        if for_update:
            query = query.with_for_update()
        return self.connection.execute(query).first()

    def drafts(self, incident_id: str) -> list:
        return list(
            self.connection.execute(
                select(comm_drafts).where(comm_drafts.c.incident_id == incident_id).order_by(comm_drafts.c.number)
            )
        )

    def versions(self, draft_id: str) -> list:
        return list(
            self.connection.execute(
                select(comm_draft_versions)
                .where(comm_draft_versions.c.draft_id == draft_id)
                .order_by(comm_draft_versions.c.version)
            )
        )

    def set_version(self, draft_id: str, *, old: int, new: int) -> bool:
        done = self.connection.execute(
            update(comm_drafts)
            .where(comm_drafts.c.id == draft_id, comm_drafts.c.version == old, comm_drafts.c.state == "draft")
            .values(version=new)
        )
        return done.rowcount == 1

    def mark_sent(self, draft_id: str, *, version: int, at: datetime, by: str) -> bool:
        done = self.connection.execute(
            update(comm_drafts)
            .where(comm_drafts.c.id == draft_id, comm_drafts.c.state == "draft", comm_drafts.c.version == version)
            .values(state="sent", sent_version=version, sent_at=at, sent_by=by)
        )
        return done.rowcount == 1

    # --- approvals ---------------------------------------------------------------------------------------------

    def approvals(self, draft_id: str) -> list:
        return list(
            self.connection.execute(
                select(comm_approvals)
                .where(comm_approvals.c.draft_id == draft_id)
                .order_by(comm_approvals.c.approved_at)
            )
        )

    def add_approval(self, row: dict) -> None:
        self.connection.execute(insert(comm_approvals).values(**row))

    # --- affected customers ------------------------------------------------------------------------------------

    def customers(self, incident_id: str) -> list:
        return list(
            self.connection.execute(
                select(affected_customers)
                .where(affected_customers.c.incident_id == incident_id)
                .order_by(affected_customers.c.email)
            )
        )

    def add_customers(self, incident_id: str, rows: list[dict], *, at: datetime, by: str) -> int:
        """Add the customers not yet recorded (by email); returns how many were new."""
        known = {r.email for r in self.customers(incident_id)}
        new = [r for r in rows if r["email"] not in known]
        if new:
            self.connection.execute(
                insert(affected_customers),
                [
                    {
                        "incident_id": incident_id,
                        "email": r["email"],
                        "name": r["name"],
                        "customer_id": r["customer_id"],
                        "added_at": at,
                        "added_by": by,
                    }
                    for r in new
                ],
            )
        return len(new)
