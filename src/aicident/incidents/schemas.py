"""Wire shapes: incidents, deadlines and log entries as JSON-ready dictionaries (CLI --json and the API)."""

from __future__ import annotations

from datetime import datetime

from aicident.incidents.deadlines import Deadline
from aicident.incidents.model import Incident, LogEntry
from aicident.incidents.service import IncidentView


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def deadline_json(deadline: Deadline, now: datetime) -> dict:
    return {"kind": deadline.kind, "label": deadline.label, "starts_at": _time(deadline.starts_at),
            "due_at": _time(deadline.due_at), "met_at": _time(deadline.met_at), "state": str(deadline.state(now)),
            "description": deadline.describe(now)}


def entry_json(entry: LogEntry) -> dict:
    return {"seq": entry.seq, "at": _time(entry.at), "actor": entry.actor, "type": str(entry.type),
            "data": entry.data, "hash": entry.hash, "prev_hash": entry.prev_hash}


def incident_json(incident: Incident) -> dict:
    return {
        "id": incident.id, "ref": incident.ref, "title": incident.title, "summary": incident.summary,
        "category": incident.category, "severity": incident.severity, "stage": incident.stage,
        "status": str(incident.status), "source": str(incident.source), "plan_version": incident.plan_version,
        "ai_system": vars(incident.ai_system), "facts": vars(incident.facts),
        "roles": incident.current_roles(),
        "role_history": [{"role": a.role, "person": a.person, "assigned_at": _time(a.assigned_at),
                          "assigned_by": a.assigned_by, "ended_at": _time(a.ended_at)} for a in incident.roles],
        "timestamps": {name: _time(getattr(incident, name)) for name in (
            "detected_at", "became_aware_at", "declared_at", "triaged_at", "contained_at", "resolved_at",
            "closed_at")},
        "containment": incident.containment, "no_containment_reason": incident.no_containment_reason,
        "root_cause": incident.root_cause, "resolution": incident.resolution,
        "communications": incident.communications, "waivers": incident.waivers,
        "report": incident.report, "review": incident.review, "version": incident.version,
    }


def view_json(view: IncidentView, *, with_log: bool = True) -> dict:
    document = incident_json(view.incident)
    document["next_stage_needs"] = [vars(u) for u in view.incident.unmet_guards(view.plan)]
    document["required_communications"] = list(view.incident.required_communications(view.plan))
    document["deadlines"] = [deadline_json(d, view.now) for d in view.deadlines]
    if with_log:
        document["log"] = [entry_json(e) for e in view.log]
    return document
