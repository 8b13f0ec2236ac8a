"""What the command header of an incident (and each row of the list) says: severity, stage, status, Incident
Commander, time since detection, the next deadline, obligations at risk, and the control changes in force.

`in_force` and `at_risk` are the two facts other parts of aicident will own (containment will say which controls
an incident keeps in force, communications which deliveries failed); each is one small function here, so that the
page takes theirs in one place when they exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aicident.comms.model import Obligation, obligations
from aicident.containment import service as containment
from aicident.containment.model import ChangeState
from aicident.containment.repository import ControlChange
from aicident.incidents.deadlines import Deadline
from aicident.incidents.model import Incident
from aicident.incidents.service import IncidentView
from aicident.plan.schema import Plan
from aicident.runtime import Runtime
from aicident.web import present


@dataclass(frozen=True)
class InForce:
    """A control change made from the incident that still holds: applied, not restored, not expired."""

    change_id: str
    feature: str
    said: str
    by: str
    since: datetime | None
    expires_at: datetime | None


def in_force(rt: Runtime, refs: list[str], now: datetime) -> dict[str, list[InForce]]:
    """The control changes each incident keeps in force, newest first."""
    return {
        ref: in_force_of(containment.history(rt, incident=ref, state=ChangeState.APPLIED, limit=200), now)
        for ref in refs
    }


def in_force_of(changes: list[ControlChange], now: datetime) -> list[InForce]:
    """Of an incident's control changes (newest first), those that still hold: applied, not restored, not expired."""
    return [
        InForce(
            c.id,
            c.feature,
            present.control_change_words(c.feature, c.changes),
            c.decided_by or c.requested_by,
            c.applied_at,
            c.expires_at,
        )
        for c in changes
        if c.state == ChangeState.APPLIED
        and c.revert_of is None
        and c.reverted_at is None
        and (c.expires_at is None or c.expires_at > now)
    ]


def at_risk(incident: Incident, plan: Plan, now: datetime) -> list[Obligation]:
    """Obligations at risk: owed now and overdue or in the last quarter of their window."""
    return present.at_risk(obligations(incident, plan), now)


@dataclass(frozen=True)
class Command:
    """The facts of one incident's header or list row."""

    incident: Incident
    severity_rank: int
    stage: str
    stage_number: int
    stages: int
    commander: str | None
    next_deadline: Deadline | None
    at_risk: list[Obligation]
    in_force: list[InForce]
    now: datetime


def command(view: IncidentView, controls: list[InForce]) -> Command:
    incident, plan, now = view.incident, view.plan, view.now
    order = plan.stage_ids()
    here = order.index(incident.stage) if incident.stage in order else 0
    return Command(
        incident=incident,
        severity_rank=present.severity_rank(plan, incident.severity),
        stage=plan.stages[here].name,
        stage_number=here + 1,
        stages=len(order),
        commander=incident.current_roles().get(plan.commander_role()),
        next_deadline=present.next_deadline(view.deadlines, now),
        at_risk=at_risk(incident, plan, now) if str(incident.status) != "closed" else [],
        in_force=controls,
        now=now,
    )


def commands(rt: Runtime, views: list[IncidentView]) -> list[Command]:
    """The header facts of several incidents (a page of the list)."""
    now = views[0].now if views else rt.clock()
    controls = in_force(rt, [v.incident.ref for v in views], now)
    return [command(v, controls[v.incident.ref]) for v in views]
