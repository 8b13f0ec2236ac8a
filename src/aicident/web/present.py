"""How incidents, deadlines and log entries read on a page: plain data for the templates (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from aicident.auth.model import Principal, may
from aicident.errors import Step
from aicident.incidents.deadlines import Deadline, DeadlineState
from aicident.incidents.entries import Words
from aicident.incidents.model import EntryType, Incident, LogEntry
from aicident.incidents.present import as_html
from aicident.plan.schema import Plan

# Where on the incident page each guard is satisfied (the panel's anchor and name).
GUARD_PANELS = {
    "severity": ("severity", "Severity"),
    "containment": ("containment", "Containment"),
    "root_cause": ("diagnosis", "Diagnosis"),
    "resolved": ("resolve", "Resolution"),
    "controls": ("controls", "Controls"),
    "communications": ("communications", "Communications"),
    "report": ("report", "Post-incident report"),
    "review": ("review", "Review"),
}


# Where on the incident page each step that would satisfy a refusal is done: its panel's anchor and name.
STEP_PANELS = {
    "assign": ("roles", "Roles"),
    "triage": ("severity", "Severity"),
    "contain": ("containment", "Containment"),
    "decide_no_containment": ("containment", "Containment"),
    "diagnose": ("diagnosis", "Diagnosis"),
    "resolve": ("resolve", "Resolution"),
    "communicate": ("communications", "Communications"),
    "waive": ("communications", "Communications"),
    "approve_draft": ("communications", "Communications"),
    "fill_draft": ("communications", "Communications"),
    "customer_facts": ("communications", "Communications"),
    "edit_report_section": ("report", "Post-incident report"),
    "import_customers": ("communications", "Communications"),
    "document": ("report", "Post-incident report"),
    "review": ("review", "Review"),
    "advance": ("stages", "Stages"),
    "close": ("stages", "Stages"),
    "reopen": ("close", "Reopen"),
    "reload": ("", "Reload the page"),
    "restore_control": ("controls", "Controls"),
    "keep_control": ("controls", "Controls"),
}


@dataclass(frozen=True)
class StepLink:
    href: str
    label: str


def step_links(steps: list[Step]) -> list[StepLink]:
    """The steps that would satisfy a refusal as links to the page and panel that take them."""
    links: list[StepLink] = []
    for step in steps:
        ref = step.args.get("ref")
        if step.action == "list_incidents":
            links.append(StepLink("/incidents", step.label))
        elif ref and step.action in STEP_PANELS:
            anchor, panel = STEP_PANELS[step.action]
            href = f"/incidents/{ref}" + (f"#{anchor}" if anchor else "")
            links.append(StepLink(href, f"{step.label} ({panel})" if anchor else step.label))
    return list(dict.fromkeys(links))


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
        found.append(GuardNeed(unmet.guard, unmet.needs, anchor, panel))
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


def entry_html(entry: LogEntry, words: Words) -> Markup:
    """What a log entry recorded, as HTML (the one presenter of entries for pages)."""
    return as_html(entry.record, words)
