"""What is in force: the control changes of each feature that hold now, grouped by the incident that made them (or
by none), with whether that incident may settle without restoring them. What the incident pages, the list, the
controls page and the API show, each with Restore."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from aicident.containment.distribution import all_controls
from aicident.containment.model import describe, revert_changes
from aicident.containment.repository import ControlChange
from aicident.incidents.model import Incident
from aicident.runtime import Runtime
from aicident.store.uow import UnitOfWork


@dataclass(frozen=True)
class InForce:
    """The control changes of one feature, made from one incident (or from none), that are in force now."""

    feature: str
    incident: str | None  # the incident that made them; None: changed outside any incident
    changes: tuple[ControlChange, ...]  # oldest first
    incident_status: str | None = None
    kept: dict | None = None  # reason, owner, review_on, by, at
    unsettled: bool = field(default=False)  # the incident may not resolve or close until it is restored or kept

    @property
    def since(self) -> datetime:
        return self.changes[0].applied_at or self.changes[0].requested_at

    @property
    def by(self) -> str:
        return self.changes[0].requested_by

    @property
    def merged(self) -> dict[str, object]:
        """What the changes set now, the newest winning field by field."""
        merged: dict[str, object] = {}
        for c in self.changes:
            merged.update(c.changes)
        return merged

    @property
    def described(self) -> str:
        return describe(self.feature, self.merged)

    @property
    def expires_at(self) -> datetime | None:
        due = [c.expires_at for c in self.changes if c.expires_at is not None]
        return min(due) if due else None

    def to_json(self) -> dict:
        return {
            "feature": self.feature,
            "incident": self.incident,
            "incident_status": self.incident_status,
            "described": self.described,
            "since": self.since.isoformat(),
            "by": self.by,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "changes": [c.id for c in self.changes],
            "kept": self.kept,
            "unsettled": self.unsettled,
        }


def in_force(rt: Runtime, *, incident: str | None = None, feature: str | None = None) -> list[InForce]:
    """Every control change in force now, by feature and the incident that made it (only those `incident` made,
    when given): what the incident pages, the list, the controls page and the API show, each with Restore."""
    with rt.uow(read_only=True) as uow:
        ref = uow.incidents.get(incident).ref if incident else None
        found = _in_force(rt, uow, incident_ref=ref)
    return [f for f in found if feature is None or f.feature == feature]


def _in_force(
    rt: Runtime, uow: UnitOfWork, *, incident_ref: str | None, known: dict[str, Incident] | None = None
) -> list[InForce]:
    groups: dict[tuple[str, str | None], list[ControlChange]] = {}
    for c in uow.controls.in_force(incident_ref=incident_ref):
        groups.setdefault((c.feature, c.incident_ref), []).append(c)
    incidents = dict(known or {})
    current = all_controls(rt, uow)
    found = []
    for (feature, ref), changes in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        if ref is None:
            # Outside an incident nothing settles a change but a later one: show it while a value it set holds.
            now = current.get(feature)
            changes = [c for c in changes if now is not None and revert_changes(now, c.before, c.after)]
            if changes:
                found.append(InForce(feature, None, tuple(changes)))
            continue
        if ref not in incidents:
            incidents[ref] = uow.incidents.get(ref)
        held = incidents[ref].controls_in_force.get(feature) or {}
        found.append(
            InForce(
                feature,
                ref,
                tuple(changes),
                incident_status=str(incidents[ref].status),
                kept=held.get("kept"),
                unsettled=bool(held) and not held.get("kept"),
            )
        )
    return found
