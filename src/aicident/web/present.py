"""How incidents, deadlines and log entries read on a page: plain data for the templates (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from aicident.auth.model import Principal, may
from aicident.incidents.deadlines import Deadline, DeadlineState
from aicident.incidents.model import EntryType, Incident, LogEntry
from aicident.plan.schema import Plan

# Where on the incident page each guard is satisfied (the panel's anchor and name).
GUARD_PANELS = {
    "severity": ("severity", "Severity"),
    "containment": ("containment", "Containment"),
    "root_cause": ("diagnosis", "Diagnosis"),
    "resolved": ("resolve", "Resolution"),
    "communications": ("communications", "Communications"),
    "report": ("report", "Post-incident report"),
    "review": ("review", "Review"),
}


_CLI_HINT = re.compile(r"\s*\(`[^)]*`\)")


def without_cli_hints(text: str) -> str:
    """The services' messages name CLI commands in backticks; on a page, the panel is the way to do it."""
    return _CLI_HINT.sub("", text)


@dataclass(frozen=True)
class GuardNeed:
    guard: str
    needs: str
    anchor: str
    panel: str


@dataclass(frozen=True)
class StageView:
    id: str
    name: str
    description: str
    state: str  # done, current, upcoming
    needs: list[GuardNeed]


def guard_needs(incident: Incident, plan: Plan, stage_id: str | None = None) -> list[GuardNeed]:
    """What leaving a stage still needs, in the plan's words, pointing at the panel that does it."""
    found = []
    for unmet in incident.unmet_guards(plan, stage_id):
        anchor, panel = GUARD_PANELS.get(unmet.guard, ("roles", "Roles"))
        found.append(GuardNeed(unmet.guard, without_cli_hints(unmet.needs), anchor, panel))
    return found


def stage_tracker(incident: Incident, plan: Plan) -> list[StageView]:
    order = plan.stage_ids()
    here = order.index(incident.stage)
    closed = str(incident.status) == "closed"
    views = []
    for index, stage in enumerate(plan.stages):
        state = "done" if index < here or closed else ("current" if index == here else "upcoming")
        needs = [] if state == "done" else guard_needs(incident, plan, stage.id)
        views.append(StageView(stage.id, stage.name, stage.description, state, needs))
    return views


def permissions(plan: Plan, principal: Principal, incident: Incident | None = None) -> dict[str, bool]:
    """Which of the plan's actions this person may take here: the page shows only those forms."""
    roles = incident.current_roles() if incident else None
    return {action: may(plan, principal, action, roles) for action in plan.permissions} | {
        action: may(plan, principal, action, roles) for action in ("declare", "signals")
    }


def next_deadline(deadlines: list[Deadline], now: datetime) -> Deadline | None:
    open_ones = [d for d in deadlines if d.state(now) in (DeadlineState.PENDING, DeadlineState.OVERDUE)]
    return min(open_ones, key=lambda d: d.due_at, default=None)


def owner(incident: Incident, plan: Plan) -> str | None:
    """Who owns the incident now: the holder of the current stage's owner role, else the first role held."""
    roles = incident.current_roles()
    stage = next(s for s in plan.stages if s.id == incident.stage)
    if stage.owner_role and stage.owner_role in roles:
        return roles[stage.owner_role]
    return next((roles[r] for r in plan.role_ids() if r in roles), None)


def severity_rank(plan: Plan, severity: str | None) -> int:
    return plan.severity(severity).rank if severity else 0


LOG_TYPES = [str(t) for t in EntryType]


def entry_text(entry: LogEntry, plan: Plan) -> str:
    """One line that says what a log entry recorded."""
    data, kind = entry.data, entry.type
    role_names = {r.id: r.name for r in plan.roles}
    if kind == EntryType.DECLARED:
        return f"Declared “{data.get('title', '')}” ({data.get('category', '')}, from {data.get('source', '')})"
    if kind in (EntryType.NOTE, EntryType.EVIDENCE, EntryType.ACTION_ITEM):
        extra = [
            f"owner {data['owner']}" if data.get("owner") else "",
            f"due {data['due']}" if data.get("due") else "",
            data.get("link") or "",
        ]
        return data.get("text", "") + "".join(f" · {e}" for e in extra if e)
    if kind == EntryType.STAGE_CHANGE:
        return f"Stage {data.get('old')} → {data.get('new')}" + (f": {data['reason']}" if data.get("reason") else "")
    if kind == EntryType.SEVERITY_CHANGE:
        return f"Severity {data.get('old') or 'none'} → {data.get('new')} ({data.get('direction')})" + (
            f": {data['reason']}" if data.get("reason") else ""
        )
    if kind == EntryType.ROLE_CHANGE:
        role = role_names.get(data.get("role"), data.get("role"))
        return f"{data.get('new')} is {role}" + (f" (was {data['old']})" if data.get("old") else "")
    if kind == EntryType.FACT_CHANGE:
        changes = ", ".join(f"{name} {c['old']} → {c['new']}" for name, c in (data.get("changes") or {}).items())
        return f"Facts: {changes}" + (f" ({data['reason']})" if data.get("reason") else "")
    if kind == EntryType.CONTAINMENT_ACTION:
        if data.get("action"):
            return f"Containment: {data['action']}" + (f" · why: {data['reason']}" if data.get("reason") else "")
        return f"No containment needed: {data.get('none_needed', '')}"
    if kind == EntryType.ROOT_CAUSE:
        return f"Root cause ({data.get('layer')}): {data.get('description')}"
    if kind == EntryType.RESOLUTION:
        return f"Resolved: {data.get('summary')}"
    if kind == EntryType.COMMUNICATION:
        return f"Communicated to {data.get('audience')}: {data.get('summary')}"
    if kind == EntryType.COMMUNICATION_WAIVED:
        return f"Communication to {data.get('audience')} waived: {data.get('reason')}"
    if kind == EntryType.REPORT:
        return f"Post-incident report recorded ({data.get('location')})"
    if kind == EntryType.REVIEW:
        return f"Review with {', '.join(data.get('attendees') or [])}: {data.get('summary')}"
    if kind == EntryType.CLOSED:
        return "Closed"
    if kind == EntryType.REOPENED:
        return f"Reopened in {data.get('stage')}: {data.get('reason')}"
    if kind == EntryType.SIGNAL:
        return (
            f"Signal from {data.get('integration')} ({data.get('action')}, #{data.get('occurrence')}): "
            f"{data.get('title')}"
        )
    if kind == EntryType.DEADLINE_BREACHED:
        return f"Deadline missed: {data.get('label')}"
    if kind == EntryType.CLOCK_EVENT:
        return f"Clock event {data.get('event')} at {data.get('at')}" + (
            f": {data['reason']}" if data.get("reason") else ""
        )
    if kind == EntryType.DRAFT:
        return (
            f"Draft {data.get('draft')} version {data.get('version')} {data.get('action')} for "
            f"{data.get('obligation')}: {data.get('subject')}"
        )
    if kind == EntryType.APPROVAL:
        role = role_names.get(data.get("role"), data.get("role"))
        return f"Draft {data.get('draft')} version {data.get('version')} approved as {role}"
    if kind == EntryType.REMINDER:
        return f"Reminder ({data.get('reminder')}) about {data.get('about')} to {data.get('to')}"
    return str(data)
