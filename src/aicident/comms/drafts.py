"""Drafts of communications filled from the incident and its log (pure).

Each audience's draft starts from a Jinja2 template of the plan (Section 6's customer notification, a regulator
notice, an internal update, a public statement); its slots take their values from the incident, the plan's
[organisation] settings or a person, and what nobody has written yet stays as the slot's bracketed prompt. A
customer-facing template is rendered with customer-facing facts only. Approvals are for the exact text, identified
by its hash.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from jinja2 import Environment

from aicident.comms import slots
from aicident.comms.model import Obligation
from aicident.incidents.deadlines import incident_deadlines
from aicident.incidents.model import EntryType, Incident, LogEntry, Status
from aicident.plan.schema import CUSTOMER_CONTEXT, Plan

_environment = Environment(autoescape=False, keep_trailing_newline=True)


def text_hash(subject: str, body: str) -> str:
    return hashlib.sha256(f"{subject}\n\n{body}".encode()).hexdigest()


def _minute(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value else ""


def phase(incident: Incident) -> str:
    """The moment as customers are told it: investigating, contained or resolved."""
    if incident.status != Status.OPEN:
        return "resolved"
    return "contained" if incident.contained_at is not None else "investigating"


def customer_context(incident: Incident, now: datetime) -> dict:
    """What a customer-facing template may show: facts written for customers, the moment, labelled times."""
    return {
        "ref": incident.ref,
        "date": now.astimezone(UTC).date().isoformat(),
        "phase": phase(incident),
        "detected_time": _minute(incident.detected_at),
        "contained_time": _minute(incident.contained_at),
        "resolved_time": _minute(incident.resolved_at) if incident.status != Status.OPEN else "",
        "customer_summary": incident.facts.customer_summary,
        "customer_impact": incident.facts.customer_impact,
    }


def context(
    incident: Incident,
    log: list[LogEntry],
    plan: Plan,
    obligation: Obligation | None,
    now: datetime,
) -> dict:
    """What every communications template may use."""
    roles = incident.current_roles()
    containment = [c["action"] for c in incident.containment if c.get("action")]
    if incident.no_containment_reason:
        containment.append(f"No containment was needed: {incident.no_containment_reason}")
    remediation = []
    if incident.root_cause:
        remediation.append(f"Found the cause ({incident.root_cause['layer']}): {incident.root_cause['description']}")
    if incident.resolution:
        remediation.append(f"Fixed and re-tested: {incident.resolution}")
    updates = [e.data.get("text", "") for e in log if e.type == EntryType.NOTE][-3:]
    ai = incident.ai_system
    ai_system = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in vars(ai).items() if v)
    organisation = plan.organisation
    return {
        **customer_context(incident, now),
        "ref": incident.ref,
        "title": incident.title,
        "brief_description": incident.title,
        "date": now.astimezone(UTC).date().isoformat(),
        "what_happened": incident.summary,
        "start_time": _minute(incident.detected_at),
        "end_time": _minute(incident.resolved_at),
        "containment_steps": containment,
        "remediation_steps": remediation,
        "fixed_and_in_progress": ("Fixed: " + incident.resolution) if incident.resolution else "",
        "customer_actions": "",
        "escalation": "",
        "updates_at": organisation.status_page_url,
        "support_contact": organisation.support_contact,
        "signed_by": organisation.signature,  # the organisation signs, never whoever approved the text
        "regime": obligation.regime if obligation and obligation.regime else "",
        "obligation": obligation.title if obligation else "",
        "deadline_label": obligation.label if obligation else "",
        "authority": "",
        "category": plan.category(incident.category).name,
        "ai_system": ai_system,
        "people_affected": incident.facts.customers_affected or "",
        "records_affected": "",
        "personal_data_involved": incident.facts.personal_data_involved,
        "jurisdictions": ", ".join(incident.facts.jurisdictions),
        "became_aware": _minute(incident.clock_started("became_aware")),
        "consequences": "",
        "contact_point": "",
        "severity": incident.severity,
        "stage": incident.stage,
        "status": str(incident.status),
        "commander": roles.get("incident_commander", ""),
        "update": "\n".join(u for u in updates if u),
        "deadlines": [
            {"label": d.label, "describe": d.describe(now)}
            for d in incident_deadlines(incident, plan)
            if d.state(now) in ("pending", "overdue")
        ],
        "unmet": [u.needs for u in incident.unmet_guards(plan)],
    }


def render(
    plan: Plan, template: str, values: dict, given: dict[str, str | None] | None = None
) -> tuple[str, str, dict[str, str | None]]:
    """The subject and body of `template` filled with `values` (the context) and its slots' values (what a person
    `given`, else each slot's source); returns the slots' values too. A customer-facing template sees customer
    facts only, whatever the context holds."""
    chosen = plan.templates[template]
    filled = slots.values(chosen, values, plan.organisation, given)
    if chosen.customer_facing:
        values = {key: values[key] for key in CUSTOMER_CONTEXT if key in values}
    context = slots.render_context(chosen, values, filled)
    subject = _environment.from_string(chosen.subject or "{{ ref }}: {{ title }}").render(context).strip()
    body = _environment.from_string(chosen.body).render(context).strip() + "\n"
    return " ".join(subject.split()), _tidy(body), filled


def _tidy(body: str) -> str:
    """At most one empty line in a row: a section left out leaves no hole."""
    lines: list[str] = []
    for line in body.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"
