"""Feature controls and their changes in and out of the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from aicident.containment.model import Controls
from aicident.errors import NotFound, Step
from aicident.store.tables import control_changes, controls_version, feature_controls


@dataclass(frozen=True)
class ControlChange:
    id: str
    feature: str
    state: str
    actions: list[str]
    changes: dict
    before: Controls
    after: Controls
    reason: str
    incident_ref: str | None
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    applied_at: datetime | None
    expires_at: datetime | None
    reverted_at: datetime | None
    revert_of: str | None

    def to_json(self) -> dict:
        def at(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "id": self.id,
            "feature": self.feature,
            "state": self.state,
            "actions": self.actions,
            "changes": self.changes,
            "reason": self.reason,
            "incident": self.incident_ref,
            "requested_by": self.requested_by,
            "requested_at": at(self.requested_at),
            "decided_by": self.decided_by,
            "decided_at": at(self.decided_at),
            "applied_at": at(self.applied_at),
            "expires_at": at(self.expires_at),
            "reverted_at": at(self.reverted_at),
            "revert_of": self.revert_of,
        }


def _change(row) -> ControlChange:
    return ControlChange(
        id=row.id,
        feature=row.feature,
        state=row.state,
        actions=list(row.actions),
        changes=dict(row.changes),
        before=Controls.from_json(row.before),
        after=Controls.from_json(row.after),
        reason=row.reason,
        incident_ref=row.incident_ref,
        requested_by=row.requested_by,
        requested_at=row.requested_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        applied_at=row.applied_at,
        expires_at=row.expires_at,
        reverted_at=row.reverted_at,
        revert_of=row.revert_of,
    )


class ControlsRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    # --- the version counter ---------------------------------------------------------------------------------------

    def version(self) -> int:
        return self.connection.execute(
            select(controls_version.c.version).where(controls_version.c.id == 1)
        ).scalar_one()

    def lock(self) -> int:
        """Take the row lock that orders control changes (first thing in a changing transaction); the version."""
        return self.connection.execute(
            select(controls_version.c.version).where(controls_version.c.id == 1).with_for_update()
        ).scalar_one()

    def bump(self) -> None:
        self.connection.execute(
            update(controls_version).where(controls_version.c.id == 1).values(version=controls_version.c.version + 1)
        )

    # --- current controls ------------------------------------------------------------------------------------------

    def stored(self) -> dict[str, tuple[Controls, bool]]:
        """feature -> (controls, registered through the API or CLI)."""
        rows = self.connection.execute(select(feature_controls).order_by(feature_controls.c.feature))
        return {r.feature: (Controls.from_json(r.controls), r.registered) for r in rows}

    def get(self, feature: str) -> Controls | None:
        row = self.connection.execute(
            select(feature_controls.c.controls).where(feature_controls.c.feature == feature)
        ).first()
        return None if row is None else Controls.from_json(row.controls)

    def put(self, controls: Controls, now: datetime, *, registered: bool | None = None) -> None:
        """Insert or replace a feature's controls (callers hold the version lock, so there is no insert race)."""
        values = {"controls": controls.to_json(), "updated_at": now}
        if registered is not None:
            values["registered"] = registered
        result = self.connection.execute(
            update(feature_controls).where(feature_controls.c.feature == controls.feature).values(**values)
        )
        if result.rowcount == 0:
            values.setdefault("registered", False)
            self.connection.execute(insert(feature_controls).values(feature=controls.feature, **values))

    # --- changes ---------------------------------------------------------------------------------------------------

    def add_change(self, change: ControlChange) -> None:
        self.connection.execute(
            insert(control_changes).values(
                id=change.id,
                feature=change.feature,
                state=change.state,
                actions=change.actions,
                changes=change.changes,
                before=change.before.to_json(),
                after=change.after.to_json(),
                reason=change.reason,
                incident_ref=change.incident_ref,
                requested_by=change.requested_by,
                requested_at=change.requested_at,
                decided_by=change.decided_by,
                decided_at=change.decided_at,
                applied_at=change.applied_at,
                expires_at=change.expires_at,
                reverted_at=change.reverted_at,
                revert_of=change.revert_of,
            )
        )

    def change(self, change_id: str) -> ControlChange:
        row = self.connection.execute(select(control_changes).where(control_changes.c.id == change_id)).first()
        if row is None:
            raise NotFound(
                f"no control change {change_id!r}",
                allowed="the id of a control change",
                next=[Step("list_control_changes", "list the control changes")],
            )
        return _change(row)

    def decide(
        self,
        change_id: str,
        *,
        state: str,
        by: str,
        now: datetime,
        before: Controls | None = None,
        after: Controls | None = None,
    ) -> None:
        values = {"state": state, "decided_by": by, "decided_at": now}
        if before is not None and after is not None:
            values.update(before=before.to_json(), after=after.to_json(), applied_at=now)
        self.connection.execute(update(control_changes).where(control_changes.c.id == change_id).values(**values))

    def set_expiry(self, change_id: str, expires_at: datetime) -> None:
        self.connection.execute(
            update(control_changes).where(control_changes.c.id == change_id).values(expires_at=expires_at)
        )

    def changes(
        self, *, feature: str | None = None, incident_ref: str | None = None, state: str | None = None, limit: int = 100
    ) -> list[ControlChange]:
        query = (
            select(control_changes).order_by(control_changes.c.requested_at.desc(), control_changes.c.id).limit(limit)
        )
        if feature is not None:
            query = query.where(control_changes.c.feature == feature)
        if incident_ref is not None:
            query = query.where(control_changes.c.incident_ref == incident_ref)
        if state is not None:
            query = query.where(control_changes.c.state == state)
        return [_change(r) for r in self.connection.execute(query)]

    def first_applied(self, *, feature: str, incident_ref: str) -> ControlChange | None:
        """The earliest change of a feature applied under an incident: its `before` is the state to restore."""
        row = self.connection.execute(
            select(control_changes)
            .where(
                control_changes.c.feature == feature,
                control_changes.c.incident_ref == incident_ref,
                control_changes.c.state == "applied",
                control_changes.c.revert_of.is_(None),
            )
            .order_by(control_changes.c.applied_at, control_changes.c.requested_at)
            .limit(1)
        ).first()
        return None if row is None else _change(row)

    def mark_reverted(self, *, feature: str, incident_ref: str, now: datetime) -> None:
        """A restore undid every change applied under the incident: none of them is left to expire (one still
        pending stays pending: approved later, it is a change of its own)."""
        self.connection.execute(
            update(control_changes)
            .where(
                control_changes.c.feature == feature,
                control_changes.c.incident_ref == incident_ref,
                control_changes.c.state == "applied",
                control_changes.c.reverted_at.is_(None),
            )
            .values(reverted_at=now)
        )

    def mark_restore(self, change_id: str, *, revert_of: str) -> None:
        """An approved change turned out to restore the feature to its controls before the incident."""
        self.connection.execute(
            update(control_changes)
            .where(control_changes.c.id == change_id)
            .values(revert_of=revert_of, expires_at=None)
        )

    def in_force(self, *, incident_ref: str | None = None) -> list[ControlChange]:
        """Applied changes that no restore or expiry has undone (restores themselves excluded), oldest first."""
        query = (
            select(control_changes)
            .where(
                control_changes.c.state == "applied",
                control_changes.c.revert_of.is_(None),
                control_changes.c.reverted_at.is_(None),
            )
            .order_by(control_changes.c.applied_at, control_changes.c.id)
        )
        if incident_ref is not None:
            query = query.where(control_changes.c.incident_ref == incident_ref)
        return [_change(r) for r in self.connection.execute(query)]

    def due_expiries(self, now: datetime, limit: int = 100) -> list[ControlChange]:
        rows = self.connection.execute(
            select(control_changes)
            .where(
                control_changes.c.expires_at <= now,
                control_changes.c.state == "applied",
                control_changes.c.reverted_at.is_(None),
            )
            .order_by(control_changes.c.expires_at)
            .limit(limit)
        )
        return [_change(r) for r in rows]

    def claim_expiry(self, change_id: str, now: datetime) -> bool:
        """Mark an expired change as reverted; True for exactly one of any number of concurrent claimers."""
        result = self.connection.execute(
            update(control_changes)
            .where(
                control_changes.c.id == change_id,
                control_changes.c.state == "applied",
                control_changes.c.reverted_at.is_(None),
            )
            .values(reverted_at=now)
        )
        return result.rowcount == 1
