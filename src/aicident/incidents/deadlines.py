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
    """A deadline the incident runs against. `due_at` is what the team works to and what reminders and breach
    escalation follow: for a regulatory clock the organisation's target, with the law's own deadline in
    `legal_due_at` and how it was counted in `basis`."""

    kind: str
    label: str
    starts_at: datetime
    due_at: datetime
    met_at: datetime | None = None
    waived: bool = False
    legal_due_at: datetime | None = None
    basis: str | None = None

    @property
    def has_target(self) -> bool:
        """True when the plan's target is earlier than the legal deadline."""
        return self.legal_due_at is not None and self.legal_due_at != self.due_at

    def state(self, now: datetime) -> DeadlineState:
        return _state(self.due_at, self.met_at, self.waived, now)

    def legal_state(self, now: datetime) -> DeadlineState | None:
        """The state against the law's deadline (None when no law sets one)."""
        return None if self.legal_due_at is None else _state(self.legal_due_at, self.met_at, self.waived, now)

    def describe(self, now: datetime) -> str:
        state, met, legal = self.state(now), self.met_at, self.legal_due_at
        if state == DeadlineState.WAIVED:
            return "waived"
        if met is None:
            if legal is not None and self.has_target:
                if now > legal:
                    late = humanize(now - legal)
                    return f"overdue by {late} (legal deadline); target missed by {humanize(now - self.due_at)}"
                left = f"legal deadline in {humanize(legal - now)}"
                if now > self.due_at:
                    return f"target missed by {humanize(now - self.due_at)}; {left}"
                return f"target in {humanize(self.due_at - now)}; {left}"
            if state == DeadlineState.PENDING:
                return f"due in {humanize(self.due_at - now)}"
            return f"overdue by {humanize(now - self.due_at)}"
        said = f"met at {met.isoformat(timespec='minutes')}"
        if legal is not None and self.has_target:
            if met > legal:
                return f"{said}, {humanize(met - legal)} after the legal deadline"
            if state == DeadlineState.MET_LATE:
                return f"{said}, {humanize(met - self.due_at)} after the target, within the legal deadline"
            return said
        return said if state == DeadlineState.MET else f"{said}, {humanize(met - self.due_at)} late"


def _state(due: datetime, met: datetime | None, waived: bool, now: datetime) -> DeadlineState:
    if waived:
        return DeadlineState.WAIVED
    if met is not None:
        return DeadlineState.MET if met <= due else DeadlineState.MET_LATE
    return DeadlineState.OVERDUE if now > due else DeadlineState.PENDING


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
        due = obligation.working_due_at
        if due is None or obligation.starts_at is None:
            continue
        met = obligation.met_at if obligation.state == ObligationState.MET else None
        deadlines.append(
            Deadline(
                f"communication:{obligation.key}",
                obligation.title if obligation.source == "matrix" else f"{obligation.title} ({obligation.label})",
                obligation.starts_at,
                due,
                met,
                waived=obligation.state == ObligationState.WAIVED,
                legal_due_at=obligation.due_at if obligation.source == "regulatory" else None,
                basis=obligation.basis,
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
