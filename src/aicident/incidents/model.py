"""The incident aggregate: pure rules, no I/O, `now` passed in.

Every change goes through a method that checks the plan's rules, changes the state and appends a typed, hash
chained entry to the incident log. The repository writes the new entries; nothing ever rewrites an old one.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any, TypeVar, cast

from aicident.audit.chain import GENESIS, entry_hash, timestamp
from aicident.comms import model as obligations
from aicident.errors import Conflict, GuardFailed, InvalidInput, Step
from aicident.incidents import entries, in_force
from aicident.incidents.entries import (
    RECORDS,
    Approval,
    ClockEvent,
    Closed,
    Communication,
    CommunicationWaived,
    ContainmentAction,
    ControlKept,
    DeadlineBreached,
    Declared,
    Delivery,
    Draft,
    Entry,
    FactChange,
    Reminder,
    Reopened,
    Report,
    Resolution,
    Review,
    RoleChange,
    RootCause,
    SeverityChange,
    Signal,
    SignalSummary,
    StageChange,
)
from aicident.incidents.facts import (
    FACT_NAMES,
    FACT_STARTS_EVENT,
    MAX_TEXT_FACT,
    TEXT_FACTS,
    normalize_jurisdictions,
)

# Part of this module's interface: the incident's parts and vocabulary (`X as X` re-exports them).
from aicident.incidents.facts import AISystem as AISystem
from aicident.incidents.facts import Facts as Facts
from aicident.incidents.vocabulary import ROOT_CAUSE_LAYERS as ROOT_CAUSE_LAYERS
from aicident.incidents.vocabulary import EntryType as EntryType
from aicident.incidents.vocabulary import Source as Source
from aicident.incidents.vocabulary import Status as Status
from aicident.plan.schema import CLOCK_EVENTS, Plan


def _text(value: str | None, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"{what} must not be empty")
    return value


def _choice(value: str, allowed: list[str] | tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"unknown {what} {value!r}", allowed=f"one of: {', '.join(allowed)}")
    return value


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


_Change = TypeVar("_Change", bound=Callable[..., Any])


def _atomic(method: _Change) -> _Change:
    """A change either completes (state and log entry) or leaves the incident exactly as it was."""

    @functools.wraps(method)
    def change(self: Incident, *args: Any, **kwargs: Any) -> Any:
        _text(kwargs.get("actor"), "actor")
        # Log entries are immutable, so the list of new ones is copied shallowly; a batch of signals appends many.
        entries = self.__dict__["new_entries"]
        before = copy.deepcopy({k: v for k, v in self.__dict__.items() if k != "new_entries"})
        before["new_entries"] = list(entries)
        try:
            return method(self, *args, **kwargs)
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(before)
            raise

    return cast(_Change, change)


def _appends_only(method: _Change) -> _Change:
    """For changes that only append to the log: checking the actor first is all it takes to be atomic."""

    @functools.wraps(method)
    def change(self: Incident, *args: Any, **kwargs: Any) -> Any:
        _text(kwargs.get("actor"), "actor")
        return method(self, *args, **kwargs)

    return cast(_Change, change)


@dataclass
class RoleAssignment:
    role: str
    person: str
    assigned_at: datetime
    assigned_by: str
    ended_at: datetime | None = None


@dataclass(frozen=True)
class LogEntry:
    """One entry of the incident log as stored: `data` is what the hash covers, `record` its typed reading."""

    seq: int
    at: datetime
    actor: str
    type: EntryType
    data: dict[str, Any]
    prev_hash: str
    hash: str

    @functools.cached_property
    def record(self) -> Entry:
        """The entry's record, parsed from its data the first time it is asked for."""
        return entries.parse(str(self.type), self.data)

    @staticmethod
    def payload_of(
        incident_id: str, seq: int, at: datetime, actor: str, type: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "incident": incident_id,
            "seq": seq,
            "at": timestamp(at),
            "actor": actor,
            "type": str(type),
            "data": data,
        }

    def payload(self, incident_id: str) -> dict[str, Any]:
        """What the hash covers."""
        return self.payload_of(incident_id, self.seq, self.at, self.actor, self.type, self.data)


@dataclass(frozen=True)
class UnmetGuard:
    """A stage guard that does not hold yet: what it needs, in the plan's words, and the steps that satisfy it."""

    guard: str
    needs: str
    steps: tuple[Step, ...] = ()


@dataclass
class Incident:
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

    # --- queries --------------------------------------------------------------------------------------------

    def current_roles(self) -> dict[str, str]:
        return {a.role: a.person for a in self.roles if a.ended_at is None}

    def unsettled_controls(self) -> dict[str, dict[str, Any]]:
        """Controls changed from this incident that are still in force and that nobody decided to keep."""
        return in_force.unsettled(self.controls_in_force)

    def _require_controls_settled(self, move: str) -> None:
        unmet = self._unmet_controls()
        if unmet is not None:
            raise GuardFailed(
                f"cannot {move}: {unmet.needs}",
                guard="controls",
                details={
                    "controls": [
                        {"feature": feature, **current} for feature, current in self.unsettled_controls().items()
                    ]
                },
                next=list(unmet.steps),
            )

    def _unmet_controls(self) -> UnmetGuard | None:
        open_ones = self.unsettled_controls()
        if not open_ones:
            return None
        return UnmetGuard("controls", in_force.needs(self.ref, open_ones), tuple(in_force.steps(self.ref, open_ones)))

    def missing_communications(self, plan: Plan) -> list[str]:
        """Obligations owed now (neither met nor waived), by key."""
        return [o.key for o in obligations.outstanding(self, plan)]

    def unmet_guards(self, plan: Plan, stage_id: str | None = None) -> list[UnmetGuard]:
        """What leaving the stage still needs, in the plan's words, each with the steps that would satisfy it."""
        stage = next(s for s in plan.stages if s.id == (stage_id or self.stage))
        found = (
            self._unmet_controls() if guard == "controls" else self._unmet(plan, guard) for guard in stage.exit_requires
        )
        return [unmet for unmet in found if unmet is not None]

    def _unmet(self, plan: Plan, guard: str) -> UnmetGuard | None:
        if guard.startswith("role:"):
            return self._unmet_role(plan, guard)
        check = _GUARD_CHECKS.get(guard)
        if check is None:
            raise AssertionError(f"plan validation lets no unknown guard through: {guard}")
        return check(self, plan)

    def _unmet_role(self, plan: Plan, guard: str) -> UnmetGuard | None:
        role = guard.removeprefix("role:")
        if role in self.current_roles():
            return None
        need = f"assign the {plan.role(role).name}"
        return UnmetGuard(guard, need, (Step("assign", need, {"ref": self.ref, "role": role}),))

    def _unmet_severity(self, plan: Plan) -> UnmetGuard | None:
        if self.severity:
            return None
        return UnmetGuard("severity", "set a severity", (Step("triage", "set a severity", {"ref": self.ref}),))

    def _unmet_containment(self, plan: Plan) -> UnmetGuard | None:
        if self.containment or self.no_containment_reason:
            return None
        ref = {"ref": self.ref}
        return UnmetGuard(
            "containment",
            "record a containment action or decide that none is needed with a reason",
            (
                Step("contain", "record a containment action", ref),
                Step("decide_no_containment", "decide that no containment is needed", ref),
            ),
        )

    def _unmet_root_cause(self, plan: Plan) -> UnmetGuard | None:
        if self.root_cause:
            return None
        need = f"record a root cause in {'/'.join(ROOT_CAUSE_LAYERS)}"
        return UnmetGuard("root_cause", need, (Step("diagnose", "record the root cause", {"ref": self.ref}),))

    def _unmet_resolved(self, plan: Plan) -> UnmetGuard | None:
        if self.status != Status.OPEN:
            return None
        return UnmetGuard(
            "resolved", "resolve the incident", (Step("resolve", "resolve the incident", {"ref": self.ref}),)
        )

    def _unmet_communications(self, plan: Plan) -> UnmetGuard | None:
        missing = self.missing_communications(plan)
        if not missing:
            return None
        ref = {"ref": self.ref}
        steps = [Step("communicate", f"meet {key}", {**ref, "obligation": key}) for key in missing]
        steps += [Step("waive", f"waive {key} with a reason", {**ref, "obligation": key}) for key in missing]
        need = f"meet the obligations {', '.join(missing)} or waive them with a reason"
        return UnmetGuard("communications", need, tuple(steps))

    def _unmet_report(self, plan: Plan) -> UnmetGuard | None:
        if self.report:
            return None
        need = "record the post-incident report"
        return UnmetGuard("report", need, (Step("document", need, {"ref": self.ref}),))

    def _unmet_review(self, plan: Plan) -> UnmetGuard | None:
        if self.review:
            return None
        need = "hold the post-incident review"
        return UnmetGuard("review", need, (Step("review", need, {"ref": self.ref}),))

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
        owed = obligations.obligations(self, plan)
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
        owed = obligations.obligations(self, plan) if plan else []
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
        owed = obligations.obligations(self, plan)
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
        changed = obligations.changes(before, obligations.obligations(self, plan))
        return {"obligations": changed} if changed else {}

    def clock_started(self, event: str) -> datetime | None:
        recorded = self.clock_events.get(event)
        if recorded:
            return datetime.fromisoformat(recorded["at"])
        return self.became_aware_at if event == "became_aware" else None

    # --- the workflow ---------------------------------------------------------------------------------------

    @_atomic
    def advance(self, plan: Plan, *, actor: str, now: datetime, to: str | None = None, reason: str = "") -> None:
        """Move to the next stage (guards checked) or back to an earlier one (a reason required)."""
        self._require_not_closed("change stage")
        order = plan.stage_ids()
        here = order.index(self.stage)
        if to is None:
            if here == len(order) - 1:
                raise InvalidInput(
                    f"{self.ref} is in the last stage ({self.stage}); close it",
                    next=[Step("close", "close the incident", {"ref": self.ref})],
                )
            to = order[here + 1]
        _choice(to, order, "stage")
        there = order.index(to)
        if there == here:
            raise Conflict(f"{self.ref} is already in stage {to}")
        if there > here + 1:
            raise GuardFailed(
                f"cannot skip from {self.stage} to {to}; stages go one at a time",
                allowed=f"next stage: {order[here + 1]}",
                guard="order",
                next=[Step("advance", f"move to {order[here + 1]}", {"ref": self.ref})],
            )
        if there > here:
            self._check_exit(plan, f"leave {self.stage} for {to}")
        elif not reason.strip():
            raise InvalidInput(f"going back from {self.stage} to {to} needs a reason", allowed="say why it goes back")
        self._log(actor, now, StageChange(old=self.stage, new=to, reason=reason.strip()))
        self.stage = to

    def _check_exit(self, plan: Plan, move: str) -> None:
        unmet = self.unmet_guards(plan)
        if unmet:
            raise GuardFailed(
                f"cannot {move}: " + "; ".join(u.needs for u in unmet),
                guard=unmet[0].guard,
                details={"unmet": [{"guard": u.guard, "needs": u.needs} for u in unmet]},
                next=[step for u in unmet for step in u.steps],
            )

    @_atomic
    def record_containment(self, *, action: str, actor: str, now: datetime, kind: str = "manual") -> None:
        self._require_not_closed("record containment")
        action = _text(action, "containment action")
        self.containment.append({"action": action, "kind": kind, "at": timestamp(now), "by": actor})
        if self.contained_at is None:
            self.contained_at = now
        self._log(actor, now, ContainmentAction(action=action, kind=kind))

    @_atomic
    def record_control(
        self,
        *,
        feature: str,
        action: str,
        text: str,
        reason: str,
        change_id: str,
        actor: str,
        now: datetime,
        contains: bool,
        applied: bool = True,
        restored: bool = False,
        reverts: str | None = None,
    ) -> None:
        """A change to an AI feature's controls made from this incident (kill switch, rollback, throttle...).

        A change that contains (disable, pin, throttle) counts as containment. An applied change stays in force
        until a restore (the feature back to its controls before the incident: `restored`) or the expiry of that
        change (`reverts` its id) takes it out; those two are logged even on a closed incident, since they happened
        whatever the incident's state."""
        undoing = restored or reverts is not None
        if not undoing:
            self._require_not_closed("change controls from it")
        if contains and not undoing:
            self.containment.append({"action": text, "kind": "control", "at": timestamp(now), "by": actor})
            if self.contained_at is None:
                self.contained_at = now
        in_force.record_change(
            self.controls_in_force,
            feature=feature,
            change_id=change_id,
            text=text,
            at=timestamp(now),
            by=actor,
            applied=applied,
            restored=restored,
            reverts=reverts,
        )
        self._log(
            actor,
            now,
            ContainmentAction(
                action=text,
                kind="control",
                feature=feature,
                control=action,
                reason=reason,
                change=change_id,
                restored=True if restored else None,
                reverts=reverts,
            ),
        )

    @_atomic
    def keep_control(
        self, *, feature: str, reason: str, owner: str, review_on: date, actor: str, now: datetime
    ) -> None:
        """Decide that a control changed from this incident stays in force after it: why, who owns it (a person
        the caller has checked is registered) and when to review it."""
        self._require_not_closed("keep its controls")
        kept = in_force.keep(
            self.controls_in_force,
            ref=self.ref,
            feature=feature,
            reason=reason,
            owner=owner,
            review_on=review_on,
            today=now.date(),
        )
        held = self.controls_in_force[feature]
        held["kept"] = {**kept, "by": actor, "at": timestamp(now)}
        self._log(
            actor,
            now,
            ControlKept(feature=feature, changes=held["changes"], **kept),
        )

    @_atomic
    def decide_no_containment(self, *, reason: str, actor: str, now: datetime) -> None:
        self._require_not_closed("record containment")
        self.no_containment_reason = _text(reason, "the reason no containment is needed")
        if self.contained_at is None:
            self.contained_at = now
        self._log(actor, now, ContainmentAction(action=None, none_needed=self.no_containment_reason))

    @_atomic
    def record_root_cause(self, *, layer: str, description: str, actor: str, now: datetime) -> None:
        self._require_not_closed("record a root cause")
        _choice(layer, ROOT_CAUSE_LAYERS, "root-cause layer")
        self.root_cause = {
            "layer": layer,
            "description": _text(description, "root cause description"),
            "at": timestamp(now),
            "by": actor,
        }
        self._log(actor, now, RootCause(layer=layer, description=self.root_cause["description"]))

    @_atomic
    def resolve(self, *, summary: str, actor: str, now: datetime) -> None:
        if self.status != Status.OPEN:
            raise Conflict(f"{self.ref} is {self.status}, only an open incident can be resolved")
        self._require_controls_settled(f"resolve {self.ref}")
        self.resolution = _text(summary, "resolution summary (what was fixed and re-tested)")
        self.status = Status.RESOLVED
        self.resolved_at = now
        self._log(actor, now, Resolution(summary=self.resolution))

    @_atomic
    def record_communication(
        self,
        plan: Plan,
        *,
        audience: str,
        summary: str,
        actor: str,
        now: datetime,
        channel: str = "",
        obligation: str | None = None,
        message: str | None = None,
        messages: int | None = None,
    ) -> None:
        """Record that a communication went out; it meets `obligation` (by default the audience's matrix cell): at
        once when recorded by hand, or, when sent as `messages` outbox messages, once they are all delivered."""
        self._require_not_closed("record a communication")
        key = self._obligation_key(plan, audience, obligation)
        summary = _text(summary, "communication summary")
        record: dict[str, Any] = {
            "audience": audience,
            "obligation": key,
            "summary": summary,
            "channel": channel,
            "at": timestamp(now),
            "by": actor,
        }
        if message:
            record["message"] = message
        if messages:
            record["messages"] = messages
        self.communications.append(record)
        self._log(actor, now, Communication(**{k: v for k, v in record.items() if k not in ("at", "by")}))
        if messages:
            record["delivery"] = "sending"

    @_atomic
    def record_delivery(
        self,
        *,
        draft: str,
        outcome: str,
        delivered: Callable[[], int],
        actor: str,
        now: datetime,
        message: str | None = None,
        reason: str | None = None,
    ) -> bool:
        """What the receiving servers did with the messages of the communication sent as `draft`: all accepted
        (`delivered`: met at `now`), or one `failed` for good or went `dead` (at risk; said once). `delivered` counts
        the messages delivered, asked only when there is something to say. Recorded on a closed incident too, since
        it happened whatever the incident's state. False when there was nothing to say."""
        _choice(outcome, ["delivered", "failed", "dead"], "delivery outcome")
        record = next((r for r in reversed(self.communications) if r.get("message") == draft and "messages" in r), None)
        if record is None or record.get("delivery") == "delivered":
            return False
        if outcome != "delivered" and record.get("delivery") == "at_risk":
            return False  # only the first failure is news
        count = delivered()
        if outcome == "delivered":
            if count < record["messages"]:
                return False
            record.update(delivery="delivered", delivered_at=timestamp(now))
            record.pop("failed", None)
        else:
            record.update(delivery="at_risk", failed={"message": message, "reason": reason, "at": timestamp(now)})
        self._log(
            actor,
            now,
            Delivery(
                draft=draft,
                obligation=record["obligation"],
                outcome=outcome,
                messages=record["messages"],
                delivered=count,
                message=message if outcome != "delivered" else None,
                reason=reason if outcome != "delivered" else None,
            ),
        )
        return True

    @_atomic
    def waive_communication(self, plan: Plan, *, audience: str, reason: str, actor: str, now: datetime) -> None:
        """Waive an obligation (an audience's matrix cell, or clock:<id>) with a reason."""
        self._require_not_closed("waive a communication")
        key = self._obligation_key(plan, audience, None)
        self.waivers[key] = _text(reason, "waiver reason")
        self._log(actor, now, CommunicationWaived(audience=key, reason=self.waivers[key]))

    def _obligation_key(self, plan: Plan, audience: str, obligation: str | None) -> str:
        """An audience names its matrix cell; clock:<id> names a regulatory obligation."""
        current = obligations.obligations(self, plan)
        known = [o.key for o in current]
        if audience.startswith("clock:") and obligation is None:
            obligation = audience
        if obligation is None:
            _choice(audience, plan.audiences(), "audience")
            if any(o.key == audience and o.outstanding for o in current):
                return audience
            # The audience's cell defers to the law: meet the open regulatory obligation of that audience due first.
            owed = sorted(
                (o for o in current if o.audience == audience and o.outstanding),
                key=lambda o: (o.due_at is None, o.due_at.timestamp() if o.due_at else 0.0),
            )
            if owed:
                return owed[0].key
            return audience
        if obligation not in known and obligation not in plan.audiences():
            of_the_plan = obligation in {f"clock:{clock.id}" for clock in plan.regulatory}
            raise (Conflict if of_the_plan else InvalidInput)(  # a clock of the plan that does not run for it yet
                f"{self.ref} has no obligation {obligation!r}",
                allowed=f"one of: {', '.join(known) or '(none yet: set a severity and the facts)'}",
            )
        return obligation

    @_atomic
    def record_report(
        self, *, location: str, actor: str, now: datetime, summary: str = "", version: int | None = None
    ) -> None:
        """Record the report; `version` is the published version of the report kept in aicident."""
        self._require_not_closed("record the report")
        self.report = {
            "location": _text(location, "report location or text"),
            "summary": summary.strip(),
            "at": timestamp(now),
            "by": actor,
        }
        extra = {} if version is None else {"version": version}
        self.report.update(extra)
        self._log(actor, now, Report(location=self.report["location"], summary=self.report["summary"], **extra))

    @_atomic
    def record_review(
        self,
        *,
        attendees: list[str],
        summary: str,
        actor: str,
        now: datetime,
        decisions: list[str] | None = None,
        follow_ups: list[str] | None = None,
    ) -> None:
        """Record the review: who attended, what it found, what it decided and the follow-ups it created."""
        self._require_not_closed("record the review")
        attendees = [a.strip() for a in attendees if a.strip()]
        if not attendees:
            raise InvalidInput("a review needs its attendees", allowed="one or more people who attended")
        self.review = {
            "attendees": attendees,
            "summary": _text(summary, "review summary"),
            "at": timestamp(now),
            "by": actor,
        }
        extra = {"decisions": [d.strip() for d in decisions or [] if d.strip()], "follow_ups": list(follow_ups or [])}
        extra = {k: v for k, v in extra.items() if v}
        self.review.update(extra)
        self._log(actor, now, Review(attendees=attendees, summary=self.review["summary"], **extra))

    @_atomic
    def close(self, plan: Plan, *, actor: str, now: datetime) -> None:
        self._require_not_closed("close")
        last = plan.stage_ids()[-1]
        if self.stage != last:
            raise GuardFailed(
                f"cannot close {self.ref} from stage {self.stage}",
                allowed=f"close from the last stage, {last}",
                guard="order",
                next=[Step("advance", "move to the next stage", {"ref": self.ref})],
            )
        self._check_exit(plan, f"close {self.ref}")
        missing = self.missing_communications(plan)
        if missing:
            raise GuardFailed(
                f"cannot close {self.ref}: the obligations {', '.join(missing)} are neither met nor waived",
                guard="communications",
                next=[Step("communicate", f"meet {key}", {"ref": self.ref, "obligation": key}) for key in missing],
            )
        self._require_controls_settled(f"close {self.ref}")
        self.status = Status.CLOSED
        self.closed_at = now
        self._log(actor, now, Closed())

    @_atomic
    def reopen(self, plan: Plan, *, reason: str, actor: str, now: datetime, stage: str | None = None) -> None:
        """Open a resolved or closed incident again, in a stage no later than remediation whose earlier stages'
        guards all still hold."""
        if self.status == Status.OPEN:
            raise Conflict(f"{self.ref} is already open")
        reason = _text(reason, "reason to reopen")
        order = plan.stage_ids()
        old = {"status": str(self.status), "stage": self.stage}
        self.status = Status.OPEN
        resolving = next((i for i, s in enumerate(plan.stages) if "resolved" in s.exit_requires), len(order) - 1)
        allowed = [
            s
            for i, s in enumerate(order)
            if 1 <= i <= resolving and all(not self.unmet_guards(plan, earlier) for earlier in order[:i])
        ]
        stage = _choice(stage or order[1], allowed, "stage to reopen in")
        self.stage = stage
        self.resolved_at = self.closed_at = None
        self.resolution = None
        self._log(actor, now, Reopened(reason=reason, old=old, stage=stage))

    # --- the rest of the log --------------------------------------------------------------------------------

    @_atomic
    def add_entry(self, type: EntryType | str, *, text: str, actor: str, now: datetime, **data: Any) -> None:
        """Notes, evidence and action items: entries that change no state."""
        kind = EntryType(_choice(str(type), ["note", "evidence", "action_item"], "log entry type"))
        if data.get("section") is not None:
            _choice(str(data["section"]), ["went_well", "went_wrong"], "report section of a note")
            if kind != EntryType.NOTE:
                raise InvalidInput("only a note can be an observation for the report", allowed="--type note")
        # Follow-ups outlive the incident: one that is done or dropped after the close is still logged.
        follow_up_closed = kind == EntryType.ACTION_ITEM and data.get("item") and data.get("status") != "open"
        if self.status == Status.CLOSED and kind != EntryType.NOTE and not follow_up_closed:
            raise InvalidInput(
                f"{self.ref} is closed; only notes (and follow-ups done or dropped) can be added",
                allowed="reopen it first",
            )
        record: Callable[..., Entry] = RECORDS[kind]  # a note, evidence or an action item: each has a text
        self._log(actor, now, record(text=_text(text, "entry text"), **{k: v for k, v in data.items() if v}))

    @_appends_only
    def record_signal(
        self,
        *,
        actor: str,
        now: datetime,
        signal_id: str,
        integration: str,
        action: str,
        occurrence: int,
        title: str,
        dedup_key: str,
    ) -> None:
        """A monitoring alert, customer report or detector finding about this incident: counted, never a new
        incident. A closed incident still counts occurrences (a person decides whether to reopen)."""
        self._log(
            actor,
            now,
            Signal(
                signal=signal_id,
                integration=integration,
                action=action,
                occurrence=occurrence,
                title=title,
                dedup_key=dedup_key,
            ),
        )

    @_appends_only
    def record_signal_summary(
        self,
        *,
        actor: str,
        now: datetime,
        signal_id: str,
        integration: str,
        title: str,
        first: int,
        last: int,
        since: datetime,
    ) -> None:
        """Repeats of a signal since its previous entry, summed up in one entry instead of one entry each."""
        if not 1 <= first <= last:
            raise InvalidInput(f"occurrences {first} to {last} are not a range of repeats")
        self._log(
            actor,
            now,
            SignalSummary(
                signal=signal_id, integration=integration, title=title, first=first, last=last, since=timestamp(since)
            ),
        )

    @_appends_only
    def record_draft(
        self, *, actor: str, now: datetime, draft: str, version: int, obligation: str, subject: str, action: str
    ) -> None:
        """A communication drafted or edited (the text itself is kept, versioned, with the draft)."""
        self._log(
            actor, now, Draft(draft=draft, version=version, obligation=obligation, subject=subject, action=action)
        )

    @_appends_only
    def record_approval(
        self, *, actor: str, now: datetime, draft: str, version: int, role: str, text_hash: str
    ) -> None:
        """An approver signed off the exact text of one version of a draft."""
        self._log(actor, now, Approval(draft=draft, version=version, role=role, text_hash=text_hash))

    @_appends_only
    def record_reminder(self, *, actor: str, now: datetime, kind: str, about: str, to: list[str]) -> None:
        """A nudge or an escalation went out."""
        self._log(actor, now, Reminder(reminder=kind, about=about, to=to))

    @_appends_only
    def record_breach(self, *, actor: str, now: datetime, kind: str, label: str, due_at: datetime) -> None:
        """A deadline passed unmet: said once in the log, for the review to find."""
        self._log(actor, now, DeadlineBreached(deadline=kind, label=label, due_at=timestamp(due_at)))

    def _require_not_closed(self, what: str) -> None:
        if self.status == Status.CLOSED:
            raise Conflict(
                f"{self.ref} is closed; cannot {what}",
                allowed="reopen it first",
                next=[Step("reopen", "reopen the incident", {"ref": self.ref})],
            )

    def _log(self, actor: str, now: datetime, record: Entry) -> LogEntry:
        """Append a typed entry: the domain event of this change, hash chained to the entry before it."""
        actor = _text(actor, "actor")
        seq = self.log_count + 1
        data = record.to_data()
        payload = LogEntry.payload_of(self.id, seq, now, actor, record.TYPE, data)
        entry = LogEntry(
            seq=seq,
            at=now,
            actor=actor,
            type=record.TYPE,
            data=data,
            prev_hash=self.last_hash,
            hash=entry_hash(self.last_hash, payload),
        )
        entry.__dict__["record"] = record  # already typed: no need to parse it back
        self.new_entries.append(entry)
        self.log_count = seq
        self.last_hash = entry.hash
        return entry


INCIDENT_FIELDS = [f.name for f in fields(Incident) if f.name != "new_entries"]

# What each stage guard other than role:<id> still needs, if anything (plan validation admits only these names).
_GUARD_CHECKS: dict[str, Callable[[Incident, Plan], UnmetGuard | None]] = {
    "severity": Incident._unmet_severity,
    "containment": Incident._unmet_containment,
    "root_cause": Incident._unmet_root_cause,
    "resolved": Incident._unmet_resolved,
    "communications": Incident._unmet_communications,
    "report": Incident._unmet_report,
    "review": Incident._unmet_review,
}
