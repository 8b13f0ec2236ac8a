"""The incident aggregate: pure rules, no I/O, `now` passed in.

Every change goes through a method that checks the plan's rules, changes the state and appends a typed, hash
chained entry to the incident log. The repository writes the new entries; nothing ever rewrites an old one.

The state is one dataclass, `Incident`, declared here with its creation (`declare`). Its changes are grouped by
concern in mixins beside it, which add no fields: `model_triage` (severity, roles, facts, clock events),
`model_containment` (containment actions, controls in force), `model_comms` (communications, deliveries, waivers),
`model_workflow` (stages, root cause, report, review, resolve, close, reopen), `model_guards` (what leaving a stage
still needs) and `model_log` (the log entry as stored, the change decorators, the entries that change no state).
Everything is imported from here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from aicident.audit.chain import GENESIS, timestamp
from aicident.errors import InvalidInput
from aicident.incidents.entries import Declared
from aicident.incidents.facts import FACT_STARTS_EVENT

# Part of this module's interface (`X as X` re-exports them): the incident's parts and vocabulary, and what the
# mixins share (the log entry, role assignments, unmet guards, the change decorators and input checks).
from aicident.incidents.facts import AISystem as AISystem
from aicident.incidents.facts import Facts as Facts
from aicident.incidents.model_comms import CommsMixin
from aicident.incidents.model_containment import ContainmentMixin
from aicident.incidents.model_guards import _GUARD_CHECKS as _GUARD_CHECKS
from aicident.incidents.model_guards import GuardsMixin
from aicident.incidents.model_guards import UnmetGuard as UnmetGuard
from aicident.incidents.model_log import LogEntry as LogEntry
from aicident.incidents.model_log import LogMixin, _choice, _text
from aicident.incidents.model_log import _appends_only as _appends_only
from aicident.incidents.model_log import _atomic as _atomic
from aicident.incidents.model_log import _Change as _Change
from aicident.incidents.model_triage import RoleAssignment as RoleAssignment
from aicident.incidents.model_triage import TriageMixin
from aicident.incidents.model_triage import _fact_value as _fact_value
from aicident.incidents.model_workflow import WorkflowMixin
from aicident.incidents.vocabulary import ROOT_CAUSE_LAYERS as ROOT_CAUSE_LAYERS
from aicident.incidents.vocabulary import EntryType as EntryType
from aicident.incidents.vocabulary import Source as Source
from aicident.incidents.vocabulary import Status as Status
from aicident.plan.schema import Plan


@dataclass
class Incident(TriageMixin, ContainmentMixin, CommsMixin, WorkflowMixin, GuardsMixin, LogMixin):
    id: str
    ref: str
    plan_version: str
    title: str
    summary: str
    category: str
    source: Source
    stage: str
    status: Status
    declared_at: datetime
    detected_at: datetime
    became_aware_at: datetime
    severity: str | None = None
    ai_system: AISystem = field(default_factory=AISystem)
    facts: Facts = field(default_factory=Facts)
    triaged_at: datetime | None = None
    contained_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    roles: list[RoleAssignment] = field(default_factory=list)
    containment: list[dict[str, Any]] = field(default_factory=list[Any])
    # feature -> the control changes made from this incident that are still in force (restores and expiries take
    # them out), with when and by whom, and `kept` when someone decided they stay after the incident
    controls_in_force: dict[str, dict[str, Any]] = field(default_factory=dict[str, Any])
    no_containment_reason: str | None = None
    root_cause: dict[str, Any] | None = None
    resolution: str | None = None
    communications: list[dict[str, Any]] = field(default_factory=list[Any])
    waivers: dict[str, str] = field(default_factory=dict)
    report: dict[str, Any] | None = None
    review: dict[str, Any] | None = None
    clock_events: dict[str, dict[str, Any]] = field(default_factory=dict[str, Any])
    version: int = 0
    log_count: int = 0
    last_hash: str = GENESIS
    new_entries: list[LogEntry] = field(default_factory=list, repr=False, compare=False)

    # --- creation -------------------------------------------------------------------------------------------

    @classmethod
    def declare(
        cls,
        *,
        plan: Plan,
        plan_version: str,
        id: str,
        ref: str,
        title: str,
        category: str,
        source: Source | str,
        actor: str,
        now: datetime,
        summary: str = "",
        severity: str | None = None,
        detected_at: datetime | None = None,
        became_aware_at: datetime | None = None,
        ai_system: AISystem | None = None,
        facts: Facts | None = None,
    ) -> Incident:
        _choice(category, plan.category_ids(), "category")
        source = Source(_choice(str(source), [s.value for s in Source], "source"))
        detected_at = detected_at or now
        became_aware_at = became_aware_at or now
        facts = (facts or Facts()).normalized()
        if detected_at > now or became_aware_at > now:
            raise InvalidInput("detected and became-aware times cannot be in the future")
        incident = cls(
            id=id,
            ref=ref,
            plan_version=plan_version,
            title=_text(title, "title"),
            summary=_text(summary, "summary", required=False),
            category=category,
            source=source,
            stage=plan.stages[0].id,
            status=Status.OPEN,
            declared_at=now,
            detected_at=detected_at,
            became_aware_at=became_aware_at,
            ai_system=ai_system or AISystem(),
            facts=facts,
        )
        incident.clock_events["became_aware"] = {"at": timestamp(became_aware_at), "by": actor}
        for fact, event in FACT_STARTS_EVENT.items():
            if facts.truth(fact):
                incident.clock_events[event] = {"at": timestamp(now), "by": actor}
        incident._log(
            actor,
            now,
            Declared(
                title=incident.title,
                category=category,
                source=str(source),
                stage=incident.stage,
                detected_at=timestamp(detected_at),
                became_aware_at=timestamp(became_aware_at),
                ai_system=asdict(incident.ai_system),
                facts=asdict(incident.facts),
            ),
        )
        if severity:
            incident.set_severity(plan, severity, actor=actor, now=now, reason="severity proposed at declaration")
        return incident


INCIDENT_FIELDS = [f.name for f in fields(Incident) if f.name != "new_entries"]
