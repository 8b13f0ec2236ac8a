"""How incidents, deadlines and log entries read on a page: plain data for the templates (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from markupsafe import Markup

from aicident.auth.model import Principal, may
from aicident.comms.model import Obligation, ObligationState
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
    "controls": ("in-force", "Controls in force"),
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
    "advance": ("now", "the current stage"),
    "close": ("now", "the current stage"),
    "reopen": ("now", "the current stage"),
    "reload": ("", "Reload the page"),
    "restore_control": ("controls", "Controls"),
    "keep_control": ("controls", "Controls"),
}


@dataclass(frozen=True)
class StepLink:
    href: str
    label: str


def step_links(steps: list[Step], *, here: str | None = None) -> list[StepLink]:
    """The steps that would satisfy a refusal as links to the page and panel that take them; on the page of the
    incident `here`, links within the page."""
    links: list[StepLink] = []
    for step in steps:
        ref = step.args.get("ref")
        if step.action == "list_incidents":
            links.append(StepLink("/incidents", step.label))
        elif ref and step.action in STEP_PANELS:
            anchor, panel = STEP_PANELS[step.action]
            page = "" if here is not None and ref.upper() == here.upper() and anchor else f"/incidents/{ref}"
            href = page + (f"#{anchor}" if anchor else "")
            links.append(StepLink(href, f"{step.label} ({panel})" if anchor else step.label))
    return list(dict.fromkeys(links))


@dataclass(frozen=True)
class GuardNeed:
    guard: str
    needs: str
    anchor: str
    panel: str


# What a guard that holds reads as, in the stage's checklist.
GUARD_DONE = {
    "severity": "severity set",
    "containment": "containment recorded",
    "root_cause": "root cause recorded",
    "resolved": "resolved",
    "controls": "every control change restored or kept on purpose",
    "communications": "every obligation met or waived",
    "report": "post-incident report recorded",
    "review": "post-incident review held",
}


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


@dataclass(frozen=True)
class FocusItem:
    """One line of the current stage's checklist: a guard, whether it holds, what it says, the panel that meets it."""

    guard: str
    done: bool
    text: str
    panel: str


def stage_focus(incident: Incident, plan: Plan) -> list[FocusItem]:
    """The current stage's guards in the plan's order, met or not, each pointing at the panel that meets it."""
    stage = next(s for s in plan.stages if s.id == incident.stage)
    unmet = {u.guard: u for u in incident.unmet_guards(plan)}
    roles = incident.current_roles()
    items = []
    for guard in stage.exit_requires:
        anchor = GUARD_PANELS.get(guard, ("roles", "Roles"))[0]
        if guard in unmet:
            items.append(FocusItem(guard, False, unmet[guard].needs, anchor))
        elif guard.startswith("role:"):
            role = guard.removeprefix("role:")
            items.append(FocusItem(guard, True, f"{plan.role(role).name}: {roles.get(role)}", anchor))
        else:
            said = GUARD_DONE[guard] + (f": {incident.severity}" if guard == "severity" else "")
            items.append(FocusItem(guard, True, said, anchor))
    return items


def focus_panels(incident: Incident, plan: Plan) -> list[str]:
    """The panels the current stage's work is done in, in the order of its guards (the first stage, which has none
    in the default plan, starts triage)."""
    panels = [item.panel for item in stage_focus(incident, plan)]
    if incident.stage == plan.stages[0].id and "severity" not in panels:
        panels.insert(0, "severity")
    return list(dict.fromkeys(panels))


def auto_advances(incident: Incident, plan: Plan) -> bool:
    """Whether the web UI moves the incident on by itself once the current stage's guards hold."""
    stage = next(s for s in plan.stages if s.id == incident.stage)
    return not stage.sign_off and incident.stage != plan.stages[-1].id


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
    """The severity's rank (1 the most severe); 0 for none or one the plan does not know."""
    known = {s.id: s.rank for s in plan.severities}
    return known.get(severity or "", 0)


def at_risk(obligations: list[Obligation], now: datetime) -> list[Obligation]:
    """Obligations owed now that are overdue or in the last quarter of their window, soonest first."""
    found = []
    for o in obligations:
        if o.state != ObligationState.OPEN or o.due_at is None:
            continue
        window = o.due_at - o.starts_at if o.starts_at else timedelta(0)
        if now >= o.due_at - window / 4:
            found.append(o)
    return sorted(found, key=lambda o: o.due_at or now)


# Control fields in plain words, for what a change will do and what is in force.
CONTROL_WORDS = {
    "fallback_response": "fallback response",
    "fail_mode": "when aicident cannot be reached",
    "model": "model",
    "model_version": "model version",
    "rate_per_second": "requests per second in all",
    "user_rate_per_second": "requests per second per user",
    "routes": "fallback routes",
    "guard_input": "checks of what users send",
    "guard_output": "checks of what the model answers",
    "disabled_tools": "tools switched off",
}


def control_change_words(feature: str, changes: dict[str, object]) -> str:
    """What a control change does, in plain words: "support-assistant: disabled; 2.5 requests per second in all"."""
    parts = []
    for name, value in changes.items():
        if name == "enabled":
            parts.append("back on" if value else "disabled")
        elif name in ("rate_per_second", "user_rate_per_second"):
            parts.append(f"no limit of {CONTROL_WORDS[name]}" if value is None else f"{value:g} {CONTROL_WORDS[name]}")
        elif isinstance(value, list | tuple):
            parts.append(f"{CONTROL_WORDS.get(name, name)}: {', '.join(map(str, value)) or 'none'}")
        elif value is None or value == "":
            parts.append(f"{CONTROL_WORDS.get(name, name)}: the application's own")
        else:
            parts.append(f"{CONTROL_WORDS.get(name, name)}: {value}")
    return f"{feature}: " + "; ".join(parts)


LOG_TYPES = [str(t) for t in EntryType]


def entry_html(entry: LogEntry, words: Words) -> Markup:
    """What a log entry recorded, as HTML (the one presenter of entries for pages)."""
    return as_html(entry.record, words)
