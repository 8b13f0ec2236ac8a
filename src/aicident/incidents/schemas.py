"""Wire shapes: incidents, deadlines and log entries as JSON-ready dictionaries (CLI --json and the API)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from aicident.api import openapi
from aicident.api.types import AwareInstant, Day, Flag
from aicident.comms.model import obligations
from aicident.incidents.deadlines import Deadline
from aicident.incidents.entries import Words
from aicident.incidents.model import Incident, LogEntry, Source
from aicident.incidents.present import as_text, words_of
from aicident.incidents.service import IncidentView
from aicident.incidents.vocabulary import ROOT_CAUSE_LAYERS


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def deadline_json(deadline: Deadline, now: datetime) -> dict:
    """`due_at` is what the team works to (for a regulatory clock, the plan's target); `legal_due_at` is the law's
    deadline and `basis` how it was counted."""
    legal_state = deadline.legal_state(now)
    return {
        "kind": deadline.kind,
        "label": deadline.label,
        "starts_at": _time(deadline.starts_at),
        "due_at": _time(deadline.due_at),
        "met_at": _time(deadline.met_at),
        "state": str(deadline.state(now)),
        "description": deadline.describe(now),
        "legal_due_at": _time(deadline.legal_due_at),
        "legal_state": str(legal_state) if legal_state else None,
        "basis": deadline.basis,
    }


def entry_json(entry: LogEntry, words: Words) -> dict:
    """An entry as stored (`data`, what its hash covers) and as it reads (`text`, in the plan's words)."""
    return {
        "seq": entry.seq,
        "at": _time(entry.at),
        "actor": entry.actor,
        "type": str(entry.type),
        "text": as_text(entry.record, words),
        "data": entry.data,
        "hash": entry.hash,
        "prev_hash": entry.prev_hash,
    }


def incident_json(incident: Incident) -> dict:
    return {
        "id": incident.id,
        "ref": incident.ref,
        "title": incident.title,
        "summary": incident.summary,
        "category": incident.category,
        "severity": incident.severity,
        "stage": incident.stage,
        "status": str(incident.status),
        "source": str(incident.source),
        "plan_version": incident.plan_version,
        "ai_system": vars(incident.ai_system),
        "facts": vars(incident.facts),
        "roles": incident.current_roles(),
        "role_history": [
            {
                "role": a.role,
                "person": a.person,
                "assigned_at": _time(a.assigned_at),
                "assigned_by": a.assigned_by,
                "ended_at": _time(a.ended_at),
            }
            for a in incident.roles
        ],
        "timestamps": {
            name: _time(getattr(incident, name))
            for name in (
                "detected_at",
                "became_aware_at",
                "declared_at",
                "triaged_at",
                "contained_at",
                "resolved_at",
                "closed_at",
            )
        },
        "containment": incident.containment,
        "controls_in_force": incident.controls_in_force,
        "no_containment_reason": incident.no_containment_reason,
        "root_cause": incident.root_cause,
        "resolution": incident.resolution,
        "communications": incident.communications,
        "waivers": incident.waivers,
        "report": incident.report,
        "review": incident.review,
        "version": incident.version,
    }


def view_json(view: IncidentView, *, with_log: bool = True) -> dict:
    """The incident as clients see it, with what its plan says about it (names, requirements, deadlines)."""
    incident, plan = view.incident, view.plan
    document = incident_json(incident)
    document["category_name"] = plan.category(incident.category).name
    document["role_names"] = {role.id: role.name for role in plan.roles}
    document["next_stage_needs"] = [
        {"guard": u.guard, "needs": u.needs, "next": [step.to_json() for step in u.steps]}
        for u in incident.unmet_guards(plan)
    ]
    document["obligations"] = [o.as_dict() for o in obligations(incident, plan)]
    document["deadlines"] = [deadline_json(d, view.now) for d in view.deadlines]
    if with_log:
        words = words_of(plan)
        document["log"] = [entry_json(e, words) for e in view.log]
    return document


# --- requests -----------------------------------------------------------------------------------------------


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AISystemIn(_Request):
    feature: str | None = None
    model: str | None = None
    model_version: str | None = None
    prompt_version: str | None = None
    vendor: str | None = None


class DeclareIn(_Request):
    title: str = Field(min_length=1, max_length=300)
    category: str
    source: Source = Source.INTERNAL_OBSERVATION
    summary: str = Field(default="", max_length=10_000)
    severity: str | None = None
    detected_at: AwareInstant | None = None
    became_aware_at: AwareInstant | None = None
    ai_system: AISystemIn = AISystemIn()
    customers_affected: int = Field(default=0, ge=0)
    personal_data_involved: Flag = False
    jurisdictions: list[str] = []


class TriageIn(_Request):
    severity: str | None = None
    commander: str | None = None
    reason: str = ""


class SeverityIn(_Request):
    severity: str
    reason: str = Field(min_length=1)
    direction: Literal["escalate", "deescalate"] | None = None


class AssignIn(_Request):
    role: str
    person: str = Field(min_length=1, max_length=200)


class AdvanceIn(_Request):
    to: str | None = Field(default=None, json_schema_extra=openapi.vocabulary("stage"))
    reason: str = ""


class FactsIn(_Request):
    customers_affected: int | None = Field(default=None, ge=0)
    personal_data_involved: Flag | None = None
    material: Flag | None = None
    jurisdictions: list[str] | None = None
    high_risk: Flag | None = Field(default=None, description="Likely a high risk to people (GDPR Art. 34).")
    serious_incident: Flag | None = Field(default=None, description="A serious incident (EU AI Act Art. 3(49)).")
    death: Flag | None = Field(default=None, description="Death of a person (EU AI Act Art. 73(4)).")
    widespread_infringement: Flag | None = None
    critical_infrastructure_disruption: Flag | None = None
    significant_incident: Flag | None = Field(default=None, description="Significant incident (NIS2 Art. 23(3)).")
    major_ict_incident: Flag | None = Field(default=None, description="Classified as major (DORA).")
    customer_summary: str | None = Field(
        default=None, max_length=5000, description="What happened, in plain words for customers."
    )
    customer_impact: str | None = Field(default=None, max_length=5000, description="How it affects customers.")
    reason: str = ""


class ContainIn(_Request):
    action: str | None = None
    none_needed: str | None = None


class DiagnoseIn(_Request):
    layer: str = Field(json_schema_extra=openapi.one_of(ROOT_CAUSE_LAYERS))
    description: str = Field(min_length=1)


class ResolveIn(_Request):
    summary: str = Field(min_length=1)


class CommunicateIn(_Request):
    audience: str
    summary: str = ""
    waive: str | None = None
    channel: str = ""


class DocumentIn(_Request):
    link: str | None = None


class ReviewActionItemIn(_Request):
    text: str = Field(min_length=1, max_length=2000)
    owner: str = Field(min_length=1, max_length=200)
    due: Day


class ReviewLessonIn(_Request):
    kind: Literal["policy_update", "monitoring_update"]
    text: str = Field(min_length=1, max_length=2000)
    change: str | None = Field(default=None, max_length=300)


class ReviewIn(_Request):
    attendees: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    summary: str = Field(min_length=1)
    decisions: list[str] = Field(default_factory=list)
    action_items: list[ReviewActionItemIn] = Field(default_factory=list, description="Follow-ups it assigns.")
    lessons: list[ReviewLessonIn] = Field(default_factory=list, description="Policy or monitoring updates.")


class ReopenIn(_Request):
    reason: str = Field(min_length=1)
    stage: str | None = None


class LogEntryIn(_Request):
    type: Literal["note", "evidence", "action_item"] = "note"
    text: str = Field(min_length=1, max_length=20_000)
    owner: str | None = None
    due: Day | None = None
    link: str | None = None
    section: Literal["went_well", "went_wrong"] | None = Field(
        default=None, description="A note that is an observation for the report's What Went Well or Wrong."
    )
