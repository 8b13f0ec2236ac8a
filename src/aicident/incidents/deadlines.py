"""The deadlines an incident runs against, derived from its plan and its recorded events (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from aicident.clocks.model import due_at, parse_duration
from aicident.comms.model import ObligationState, business_calendar, obligations
from aicident.incidents.model import Incident
from aicident.plan.schema import Plan


class DeadlineState(StrEnum):
    PENDING = "pending"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"
    WAIVED = "waived"


@dataclass(frozen=True)
class Deadline:
    kind: str
    label: str
    starts_at: datetime
    due_at: datetime
    met_at: datetime | None = None
    waived: bool = False

    def state(self, now: datetime) -> DeadlineState:
        if self.waived:
            return DeadlineState.WAIVED
        if self.met_at is not None:
            return DeadlineState.MET if self.met_at <= self.due_at else DeadlineState.MET_LATE
        return DeadlineState.OVERDUE if now > self.due_at else DeadlineState.PENDING

    def describe(self, now: datetime) -> str:
        state = self.state(now)
        if state == DeadlineState.PENDING:
            return f"due in {humanize(self.due_at - now)}"
        if state == DeadlineState.OVERDUE:
            return f"overdue by {humanize(now - self.due_at)}"
        if state == DeadlineState.WAIVED:
            return "waived"
        late = "" if state == DeadlineState.MET else f", {humanize(self.met_at - self.due_at)} late"
        return f"met at {self.met_at.isoformat(timespec='minutes')}{late}"


def humanize(delta) -> str:
    seconds = int(abs(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [f"{days}d"] if days else []
    if hours or days:
        parts.append(f"{hours}h")
    parts.append(f"{minutes}m")
    return " ".join(parts[:2])


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def incident_deadlines(incident: Incident, plan: Plan) -> list[Deadline]:
    """Response, communication, report and review deadlines, each from the event that starts its clock."""
    calendar = business_calendar(plan)
    deadlines = []

    if incident.severity:
        severity = plan.severity(incident.severity)
        response, label = (
            parse_duration(severity.response_time),
            f"{severity.id} response ({severity.response_time_label})",
        )
    else:
        response, label = parse_duration(plan.deadlines.untriaged_response_time), "response (not yet triaged)"
    deadlines.append(
        Deadline(
            "response",
            label,
            incident.declared_at,
            due_at(incident.declared_at, response, calendar),
            incident.triaged_at,
        )
    )

    for obligation in obligations(incident, plan):
        if obligation.due_at is None or obligation.starts_at is None:
            continue
        met = obligation.met_at if obligation.state == ObligationState.MET else None
        deadlines.append(
            Deadline(
                f"communication:{obligation.key}",
                obligation.title if obligation.source == "matrix" else f"{obligation.title} ({obligation.label})",
                obligation.starts_at,
                obligation.due_at,
                met,
                waived=obligation.state == ObligationState.WAIVED,
            )
        )

    if incident.resolved_at is not None:
        for kind, spec, record in (
            ("report", plan.deadlines.report_due, incident.report),
            ("review", plan.deadlines.review_due, incident.review),
        ):
            deadlines.append(
                Deadline(
                    kind,
                    f"post-incident {kind} (within {spec} of resolution)",
                    incident.resolved_at,
                    due_at(incident.resolved_at, parse_duration(spec), calendar),
                    _parse_time(record["at"]) if record else None,
                )
            )
    return deadlines
