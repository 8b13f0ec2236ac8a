"""What the command header of an incident (and each row of the list) says: severity, stage, status, Incident
Commander, time since detection, the next deadline, obligations at risk, and the control changes in force.

`in_force` takes containment's account of the control changes an incident keeps in force; `at_risk` adds to the
obligations whose delivery failed (communications' account) those owed and overdue or nearly so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aicident.comms.model import Obligation, ObligationState, obligations
from aicident.containment import service as containment
from aicident.containment.in_force import InForce
from aicident.incidents.deadlines import Deadline
from aicident.incidents.model import Incident
from aicident.incidents.service import IncidentView
from aicident.plan.schema import Plan
from aicident.runtime import Runtime
from aicident.web import present


def in_force(rt: Runtime, refs: list[str]) -> dict[str, list[InForce]]:
    """The control changes each incident keeps in force (containment's own account: restored, kept or expired
    changes are settled), by feature."""
    found: dict[str, list[InForce]] = {ref: [] for ref in refs}
    for held in containment.in_force(rt):
        if held.incident in found:
            found[held.incident].append(held)
    return found


def at_risk(incident: Incident, plan: Plan, now: datetime) -> list[Obligation]:
    """Obligations at risk: a message for it failed for good or went dead, or it is owed and overdue or in the last
    quarter of its window."""
    owed = obligations(incident, plan)
    failed = [o for o in owed if o.state == ObligationState.AT_RISK]
    return failed + [o for o in present.at_risk(owed, now) if o not in failed]


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
    controls = in_force(rt, [v.incident.ref for v in views])
    return [command(v, controls[v.incident.ref]) for v in views]
