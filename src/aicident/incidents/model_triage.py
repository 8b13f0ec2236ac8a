"""Triage of an incident: its severity, the roles people hold on it, its facts and the events that start
regulatory clocks, each change with what it did to the obligations still owed. Pure rules, no I/O, `now` passed in.

`TriageMixin` is a part of `aicident.incidents.model.Incident`; it adds no fields, and declares what it reads of the
incident for the type checker only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from aicident.audit.chain import timestamp
from aicident.comms import model as obligations
from aicident.errors import Conflict, InvalidInput
from aicident.incidents.entries import ClockEvent, FactChange, RoleChange, SeverityChange
from aicident.incidents.facts import (
    FACT_NAMES,
    FACT_STARTS_EVENT,
    MAX_TEXT_FACT,
    TEXT_FACTS,
    Facts,
    normalize_jurisdictions,
)
from aicident.incidents.model_log import LogMixin, _atomic, _choice, _text
from aicident.plan.schema import CLOCK_EVENTS, Plan

if TYPE_CHECKING:
    from aicident.incidents.model import Incident
    from aicident.incidents.model_guards import UnmetGuard


def _fact_value(name: str, value: Any) -> int | str | bool | list[str]:
    """A fact as stored: a count, a sorted list of jurisdictions, text written for customers, or a yes/no."""
    if name == "customers_affected":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidInput("customers affected cannot be negative", allowed="a whole number, 0 or more")
        return value
    if name == "jurisdictions":
        return normalize_jurisdictions(value)
    if name in TEXT_FACTS:
        text = _text(str(value), name.replace("_", " "), required=False)
        if len(text) > MAX_TEXT_FACT:
            raise InvalidInput(f"{name} is {len(text)} characters", allowed=f"at most {MAX_TEXT_FACT}")
        return text
    return bool(value)


@dataclass
class RoleAssignment:
    role: str
    person: str
    assigned_at: datetime
    assigned_by: str
    ended_at: datetime | None = None


class TriageMixin(LogMixin):
    """Severity, roles, facts and clock events: what triage sets, and when triage is done."""

    if TYPE_CHECKING:
        severity: str | None
        detected_at: datetime
        became_aware_at: datetime
        triaged_at: datetime | None
        facts: Facts
        roles: list[RoleAssignment]
        clock_events: dict[str, dict[str, Any]]

        def unmet_guards(self, plan: Plan, stage_id: str | None = None) -> list[UnmetGuard]: ...

    def current_roles(self) -> dict[str, str]:
        return {a.role: a.person for a in self.roles if a.ended_at is None}

    # --- triage: severity, roles, facts ---------------------------------------------------------------------

    @_atomic
    def set_severity(
        self, plan: Plan, severity: str, *, actor: str, now: datetime, reason: str = "", expect: str | None = None
    ) -> None:
        """Set or change the severity; `expect` ("escalated"/"deescalated") refuses a move the other way."""
        self._require_not_closed("change the severity")
        _choice(severity, plan.severity_ids(), "severity")
        if severity == self.severity:
            raise Conflict(f"{self.ref} is already {severity}")
        old = self.severity
        if old is not None and not reason.strip():
            raise InvalidInput("changing a severity needs a reason", allowed="say why the severity changes")
        direction = "set"
        if old is not None:
            direction = "escalated" if plan.severity(severity).rank < plan.severity(old).rank else "deescalated"
        if expect and direction != expect and not (direction == "set" and expect == "escalated"):
            ranked = plan.severity_ids()  # most severe first
            here = ranked.index(old) if old else len(ranked)
            allowed = ranked[:here] if expect == "escalated" else ranked[here + 1 :]
            move = "an escalation" if expect == "escalated" else "a de-escalation"
            raise InvalidInput(
                f"{severity} is not {move} from {old or 'no severity'}",
                allowed=f"one of: {', '.join(allowed) or '(none: already at the limit)'}",
            )
        owed = obligations.obligations(cast("Incident", self), plan)
        self.severity = severity
        self._log(
            actor,
            now,
            SeverityChange(
                old=old,
                new=severity,
                direction=direction,
                reason=reason.strip(),
                **self._obligation_changes(plan, owed),
            ),
        )
        self._mark_triaged(plan, now)

    @_atomic
    def assign(self, plan: Plan, role: str, person: str, *, actor: str, now: datetime) -> None:
        self._require_not_closed("assign roles")
        _choice(role, plan.role_ids(), "role")
        person = _text(person, "person")
        current = self.current_roles().get(role)
        if current == person:
            raise InvalidInput(f"{person} already holds {role} on {self.ref}")
        for assignment in self.roles:
            if assignment.role == role and assignment.ended_at is None:
                assignment.ended_at = now
        self.roles.append(RoleAssignment(role=role, person=person, assigned_at=now, assigned_by=actor))
        self._log(actor, now, RoleChange(role=role, old=current, new=person))
        self._mark_triaged(plan, now)

    def _mark_triaged(self, plan: Plan, now: datetime) -> None:
        """Triage is done when the requirements of the stage that asks for a severity first all hold."""
        if self.triaged_at is not None or self.severity is None:
            return
        stage = next((s for s in plan.stages if "severity" in s.exit_requires), None)
        if stage is None or not self.unmet_guards(plan, stage.id):
            self.triaged_at = now

    @_atomic
    def set_facts(
        self, *, actor: str, now: datetime, reason: str = "", plan: Plan | None = None, **values: Any
    ) -> None:
        """Record incident facts; `None` leaves a fact as it is. A fact that starts a clock (material, classified as
        major) records that event the first time it becomes true."""
        self._require_not_closed("change facts")
        unknown = sorted(set(values) - set(FACT_NAMES))
        if unknown:
            raise InvalidInput(f"unknown fact(s) {', '.join(unknown)}", allowed=f"one of: {', '.join(FACT_NAMES)}")
        owed = obligations.obligations(cast("Incident", self), plan) if plan else []
        changes = {}
        for name, given in values.items():
            if given is None:
                continue
            value = _fact_value(name, given)
            if getattr(self.facts, name) != value:
                changes[name] = {"old": getattr(self.facts, name), "new": value}
                setattr(self.facts, name, value)
        if not changes:
            raise Conflict("no fact changed", allowed="one of: " + ", ".join(FACT_NAMES))
        started: dict[str, str] = {}
        for fact, event in FACT_STARTS_EVENT.items():
            if fact in changes and changes[fact]["new"] and event not in self.clock_events:
                self.clock_events[event] = {"at": timestamp(now), "by": actor}
                started[event] = timestamp(now)
        extra: dict[str, Any] = {"clock_events": started} if started else {}
        if plan:
            extra.update(self._obligation_changes(plan, owed))
        self._log(actor, now, FactChange(changes=changes, reason=reason.strip(), **extra))

    @_atomic
    def record_clock_event(
        self, plan: Plan, event: str, *, at: datetime, actor: str, now: datetime, reason: str = ""
    ) -> None:
        """Record (or correct) when an event that starts regulatory clocks happened, e.g. when we became aware."""
        self._require_not_closed("record a clock event")
        owed = obligations.obligations(cast("Incident", self), plan)
        _choice(event, list(CLOCK_EVENTS), "clock event")
        if at > now:
            raise InvalidInput("a clock event cannot be in the future")
        if event == "became_aware":
            if at < self.detected_at - timedelta(days=3650):
                raise InvalidInput("became-aware time is implausibly early")
            self.became_aware_at = at
        previous = self.clock_events.get(event)
        self.clock_events[event] = {"at": timestamp(at), "by": actor}
        self._log(
            actor,
            now,
            ClockEvent(
                event=event,
                at=timestamp(at),
                old=previous["at"] if previous else None,
                reason=reason.strip(),
                **self._obligation_changes(plan, owed),
            ),
        )

    def _obligation_changes(self, plan: Plan, before: list[Any]) -> dict[str, Any]:
        """What a change did to the obligations still owed, for its log entry (e.g. customers: 72 h -> 24 h)."""
        changed = obligations.changes(before, obligations.obligations(cast("Incident", self), plan))
        return {"obligations": changed} if changed else {}

    def clock_started(self, event: str) -> datetime | None:
        recorded = self.clock_events.get(event)
        if recorded:
            return datetime.fromisoformat(recorded["at"])
        return self.became_aware_at if event == "became_aware" else None
