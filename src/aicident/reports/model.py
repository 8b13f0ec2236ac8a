"""The post-incident report of the plan's Section 7, filled from the incident and its log (pure)."""

from __future__ import annotations

from datetime import timezone

from jinja2 import Environment, StrictUndefined

from aicident.incidents.model import EntryType, Incident, LogEntry
from aicident.plan.schema import Plan

# Log entries that are things people did in response, for the report's "Response" section.
_RESPONSE_TYPES = {
    EntryType.SEVERITY_CHANGE: lambda d: f"severity {d['old'] or 'unset'} -> {d['new']}"
    + (f" ({d['reason']})" if d.get("reason") else ""),
    EntryType.ROLE_CHANGE: lambda d: f"assigned {d['new']} as {d['role']}",
    EntryType.CONTAINMENT_ACTION: lambda d: f"contained: {d['action']}" if d.get("action")
    else f"decided no containment was needed: {d['none_needed']}",
    EntryType.ROOT_CAUSE: lambda d: f"identified the root cause ({d['layer']}): {d['description']}",
    EntryType.RESOLUTION: lambda d: f"resolved: {d['summary']}",
    EntryType.COMMUNICATION: lambda d: f"communicated to {d['audience']}: {d['summary']}",
    EntryType.COMMUNICATION_WAIVED: lambda d: f"waived the {d['audience']} communication: {d['reason']}",
}

_environment = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)


def _minute(value) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def report_context(incident: Incident, log: list[LogEntry]) -> dict:
    """What the Section 7 template is filled with; what only people can write stays empty."""
    timeline = [{"at": _minute(incident.detected_at), "event": f"Detected ({incident.source.replace('_', ' ')})"}]
    timeline.append({"at": _minute(incident.declared_at), "event": f"Declared {incident.ref}"})
    if incident.triaged_at:
        timeline.append({"at": _minute(incident.triaged_at), "event": f"Triaged as {incident.severity}"})
    if incident.contained_at:
        first = incident.containment[0]["action"] if incident.containment else incident.no_containment_reason
        timeline.append({"at": _minute(incident.contained_at), "event": f"Contained: {first}"})
    if incident.resolved_at:
        timeline.append({"at": _minute(incident.resolved_at), "event": f"Resolved: {incident.resolution}"})
    response = [{"at": _minute(e.at), "by": e.actor, "what": _RESPONSE_TYPES[e.type](e.data)}
                for e in log if e.type in _RESPONSE_TYPES]
    action_items = [{"text": e.data["text"], "owner": e.data.get("owner"), "due": e.data.get("due")}
                    for e in log if e.type == EntryType.ACTION_ITEM]
    root = incident.root_cause
    impact = f"{incident.facts.customers_affected} customer(s) affected"
    if incident.facts.personal_data_involved:
        impact += "; personal data involved"
    if incident.facts.jurisdictions:
        impact += f"; jurisdictions: {', '.join(incident.facts.jurisdictions)}"
    if incident.facts.material:
        impact += "; determined material"
    return {
        "title": incident.title, "ref": incident.ref, "summary": incident.summary, "timeline": timeline,
        "root_cause": f"{root['layer']}: {root['description']}" if root else "", "impact": impact,
        "response": response, "went_well": "", "went_wrong": "", "action_items": action_items, "lessons": "",
    }


def render_report(incident: Incident, log: list[LogEntry], plan: Plan) -> str:
    template = _environment.from_string(plan.templates["post_incident_report"].body)
    return template.render(report_context(incident, log)).strip() + "\n"
