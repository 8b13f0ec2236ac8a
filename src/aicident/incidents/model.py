"""The incident aggregate: pure rules, no I/O, `now` passed in.

Every change goes through a method that checks the plan's rules, changes the state and appends a typed, hash
chained entry to the incident log. The repository writes the new entries; nothing ever rewrites an old one.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from enum import StrEnum

from aicident.audit.chain import GENESIS, entry_hash, timestamp
from aicident.errors import GuardFailed, InvalidInput
from aicident.plan.schema import Plan


class Status(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Source(StrEnum):
    CUSTOMER_REPORT = "customer_report"
    MONITORING_ALERT = "monitoring_alert"
    INTERNAL_OBSERVATION = "internal_observation"


class EntryType(StrEnum):
    DECLARED = "declared"
    NOTE = "note"
    STAGE_CHANGE = "stage_change"
    SEVERITY_CHANGE = "severity_change"
    ROLE_CHANGE = "role_change"
    FACT_CHANGE = "fact_change"
    CONTAINMENT_ACTION = "containment_action"
    ROOT_CAUSE = "root_cause"
    RESOLUTION = "resolution"
    COMMUNICATION = "communication"
    COMMUNICATION_WAIVED = "communication_waived"
    EVIDENCE = "evidence"
    ACTION_ITEM = "action_item"
    REPORT = "report"
    REVIEW = "review"
    CLOSED = "closed"
    REOPENED = "reopened"
    SIGNAL = "signal"
    DEADLINE_BREACHED = "deadline_breached"


ROOT_CAUSE_LAYERS = ("model", "prompt", "data", "integration")


def _text(value: str | None, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"{what} must not be empty")
    return value


def _choice(value: str, allowed: list[str] | tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"unknown {what} {value!r}", allowed=f"one of: {', '.join(allowed)}")
    return value


def _atomic(method):
    """A change either completes (state and log entry) or leaves the incident exactly as it was."""

    @functools.wraps(method)
    def change(self, *args, **kwargs):
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

    return change


def _appends_only(method):
    """For changes that only append to the log: checking the actor first is all it takes to be atomic."""

    @functools.wraps(method)
    def change(self, *args, **kwargs):
        _text(kwargs.get("actor"), "actor")
        return method(self, *args, **kwargs)

    return change


@dataclass
class AISystem:
    """The affected AI system."""

    feature: str | None = None
    model: str | None = None
    model_version: str | None = None
    prompt_version: str | None = None
    vendor: str | None = None


@dataclass
class Facts:
    """Facts the plan's conditions read (communications, notify lists, regulatory clocks)."""

    customers_affected: int = 0
    personal_data_involved: bool = False
    material: bool = False
    jurisdictions: list[str] = field(default_factory=list)

    def truth(self, fact: str) -> bool:
        if fact == "customers_affected":
            return self.customers_affected > 0
        return bool(getattr(self, fact))


@dataclass
class RoleAssignment:
    role: str
    person: str
    assigned_at: datetime
    assigned_by: str
    ended_at: datetime | None = None


@dataclass(frozen=True)
class LogEntry:
    seq: int
    at: datetime
    actor: str
    type: EntryType
    data: dict
    prev_hash: str
    hash: str

    def payload(self, incident_id: str) -> dict:
        """What the hash covers."""
        return {"incident": incident_id, "seq": self.seq, "at": timestamp(self.at), "actor": self.actor,
                "type": str(self.type), "data": self.data}


@dataclass(frozen=True)
class UnmetGuard:
    guard: str
    needs: str


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
    containment: list[dict] = field(default_factory=list)
    no_containment_reason: str | None = None
    root_cause: dict | None = None
    resolution: str | None = None
    communications: list[dict] = field(default_factory=list)
    waivers: dict[str, str] = field(default_factory=dict)
    report: dict | None = None
    review: dict | None = None
    version: int = 0
    log_count: int = 0
    last_hash: str = GENESIS
    new_entries: list[LogEntry] = field(default_factory=list, repr=False, compare=False)

    # --- creation -------------------------------------------------------------------------------------------

    @classmethod
    def declare(cls, *, plan: Plan, plan_version: str, id: str, ref: str, title: str, category: str,
                source: Source | str, actor: str, now: datetime, summary: str = "", severity: str | None = None,
                detected_at: datetime | None = None, became_aware_at: datetime | None = None,
                ai_system: AISystem | None = None, facts: Facts | None = None) -> Incident:
        _choice(category, plan.category_ids(), "category")
        source = Source(_choice(str(source), [s.value for s in Source], "source"))
        detected_at = detected_at or now
        became_aware_at = became_aware_at or now
        facts = facts or Facts()
        if facts.customers_affected < 0:
            raise InvalidInput("customers affected cannot be negative")
        facts = Facts(customers_affected=facts.customers_affected, personal_data_involved=facts.personal_data_involved,
                      material=facts.material,
                      jurisdictions=sorted({j.strip().upper() for j in facts.jurisdictions if j.strip()}))
        if detected_at > now or became_aware_at > now:
            raise InvalidInput("detected and became-aware times cannot be in the future")
        incident = cls(id=id, ref=ref, plan_version=plan_version, title=_text(title, "title"),
                       summary=_text(summary, "summary", required=False), category=category, source=source,
                       stage=plan.stages[0].id, status=Status.OPEN, declared_at=now, detected_at=detected_at,
                       became_aware_at=became_aware_at, ai_system=ai_system or AISystem(), facts=facts)
        incident._log(EntryType.DECLARED, actor, now, title=incident.title, category=category, source=str(source),
                      stage=incident.stage, detected_at=timestamp(detected_at),
                      became_aware_at=timestamp(became_aware_at), ai_system=asdict(incident.ai_system),
                      facts=asdict(incident.facts))
        if severity:
            incident.set_severity(plan, severity, actor=actor, now=now, reason="severity proposed at declaration")
        return incident

    # --- queries --------------------------------------------------------------------------------------------

    def current_roles(self) -> dict[str, str]:
        return {a.role: a.person for a in self.roles if a.ended_at is None}

    def required_communications(self, plan: Plan) -> dict[str, object]:
        """Audiences the communications matrix requires for this severity and these facts."""
        if self.severity is None:
            return {}
        required = {}
        for audience, cell in plan.communications[self.severity].items():
            if cell.requirement in ("optional", "no"):
                continue
            if all(self.facts.truth(fact) for fact in cell.condition):
                required[audience] = cell
        return required

    def communicated_audiences(self) -> set[str]:
        return {c["audience"] for c in self.communications}

    def missing_communications(self, plan: Plan) -> list[str]:
        done = self.communicated_audiences() | set(self.waivers)
        return [audience for audience in self.required_communications(plan) if audience not in done]

    def unmet_guards(self, plan: Plan, stage_id: str | None = None) -> list[UnmetGuard]:
        """What leaving the stage still needs, in the plan's words."""
        stage = next(s for s in plan.stages if s.id == (stage_id or self.stage))
        unmet = []
        for guard in stage.exit_requires:
            need = self._guard_need(plan, guard)
            if need:
                unmet.append(UnmetGuard(guard, need))
        return unmet

    def _guard_need(self, plan: Plan, guard: str) -> str | None:
        if guard.startswith("role:"):
            role = guard.removeprefix("role:")
            if role in self.current_roles():
                return None
            return f"assign the {plan.role(role).name} (`aicident assign {self.ref} {role} PERSON`)"
        if guard == "severity":
            return None if self.severity else f"set a severity (`aicident triage {self.ref} --severity SEV-n`)"
        if guard == "containment":
            if self.containment or self.no_containment_reason:
                return None
            return ("record a containment action (`aicident contain " + self.ref + " ACTION`) or decide that none "
                    "is needed with a reason (`--none-needed REASON`)")
        if guard == "root_cause":
            if self.root_cause:
                return None
            return f"record a root cause in {'/'.join(ROOT_CAUSE_LAYERS)} (`aicident diagnose {self.ref} LAYER TEXT`)"
        if guard == "resolved":
            return None if self.status != Status.OPEN else f"resolve the incident (`aicident resolve {self.ref}`)"
        if guard == "communications":
            missing = self.missing_communications(plan)
            if not missing:
                return None
            return (f"communicate to {', '.join(missing)} or waive with a reason "
                    f"(`aicident communicate {self.ref} AUDIENCE` / `--waive REASON`)")
        if guard == "report":
            return None if self.report else f"record the post-incident report (`aicident document {self.ref}`)"
        if guard == "review":
            return None if self.review else f"hold the post-incident review (`aicident review {self.ref}`)"
        raise AssertionError(f"plan validation lets no unknown guard through: {guard}")

    # --- triage: severity, roles, facts ---------------------------------------------------------------------

    @_atomic
    def set_severity(self, plan: Plan, severity: str, *, actor: str, now: datetime, reason: str = "",
                     expect: str | None = None) -> None:
        """Set or change the severity; `expect` ("escalated"/"deescalated") refuses a move the other way."""
        self._require_not_closed("change the severity")
        _choice(severity, plan.severity_ids(), "severity")
        if severity == self.severity:
            raise InvalidInput(f"{self.ref} is already {severity}")
        old = self.severity
        if old is not None and not reason.strip():
            raise InvalidInput("changing a severity needs a reason (--reason)")
        direction = "set"
        if old is not None:
            direction = "escalated" if plan.severity(severity).rank < plan.severity(old).rank else "deescalated"
        if expect and direction != expect and not (direction == "set" and expect == "escalated"):
            ranked = plan.severity_ids()  # most severe first
            here = ranked.index(old) if old else len(ranked)
            allowed = ranked[:here] if expect == "escalated" else ranked[here + 1:]
            move = "an escalation" if expect == "escalated" else "a de-escalation"
            raise InvalidInput(f"{severity} is not {move} from {old or 'no severity'}",
                               allowed=f"one of: {', '.join(allowed) or '(none: already at the limit)'}")
        self.severity = severity
        self._log(EntryType.SEVERITY_CHANGE, actor, now, old=old, new=severity, direction=direction,
                  reason=reason.strip())
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
        self._log(EntryType.ROLE_CHANGE, actor, now, role=role, old=current, new=person)
        self._mark_triaged(plan, now)

    def _mark_triaged(self, plan: Plan, now: datetime) -> None:
        """Triage is done when the requirements of the stage that asks for a severity first all hold."""
        if self.triaged_at is not None or self.severity is None:
            return
        stage = next((s for s in plan.stages if "severity" in s.exit_requires), None)
        if stage is None or not self.unmet_guards(plan, stage.id):
            self.triaged_at = now

    @_atomic
    def set_facts(self, *, actor: str, now: datetime, customers_affected: int | None = None,
                  personal_data_involved: bool | None = None, material: bool | None = None,
                  jurisdictions: list[str] | None = None, reason: str = "") -> None:
        self._require_not_closed("change facts")
        changes = {}
        for name, value in (("customers_affected", customers_affected),
                            ("personal_data_involved", personal_data_involved),
                            ("material", material), ("jurisdictions", jurisdictions)):
            if value is None:
                continue
            if name == "customers_affected" and value < 0:
                raise InvalidInput("customers affected cannot be negative")
            if name == "jurisdictions":
                value = sorted({j.strip().upper() for j in value if j.strip()})
            if getattr(self.facts, name) != value:
                changes[name] = {"old": getattr(self.facts, name), "new": value}
                setattr(self.facts, name, value)
        if not changes:
            raise InvalidInput("no fact changed", allowed="--customers-affected, --personal-data, --material, --jurisdiction")
        self._log(EntryType.FACT_CHANGE, actor, now, changes=changes, reason=reason.strip())

    # --- the workflow ---------------------------------------------------------------------------------------

    @_atomic
    def advance(self, plan: Plan, *, actor: str, now: datetime, to: str | None = None, reason: str = "") -> None:
        """Move to the next stage (guards checked) or back to an earlier one (a reason required)."""
        self._require_not_closed("change stage")
        order = plan.stage_ids()
        here = order.index(self.stage)
        if to is None:
            if here == len(order) - 1:
                raise InvalidInput(f"{self.ref} is in the last stage ({self.stage}); close it with `aicident close`")
            to = order[here + 1]
        _choice(to, order, "stage")
        there = order.index(to)
        if there == here:
            raise InvalidInput(f"{self.ref} is already in stage {to}")
        if there > here + 1:
            raise GuardFailed(f"cannot skip from {self.stage} to {to}; stages go one at a time",
                              allowed=f"next stage: {order[here + 1]}", guard="order")
        if there > here:
            self._check_exit(plan, f"leave {self.stage} for {to}")
        elif not reason.strip():
            raise InvalidInput(f"going back from {self.stage} to {to} needs a reason (--reason)")
        self._log(EntryType.STAGE_CHANGE, actor, now, old=self.stage, new=to, reason=reason.strip())
        self.stage = to

    def _check_exit(self, plan: Plan, move: str) -> None:
        unmet = self.unmet_guards(plan)
        if unmet:
            raise GuardFailed(f"cannot {move}: " + "; ".join(u.needs for u in unmet), guard=unmet[0].guard,
                              details={"unmet": [vars(u) for u in unmet]})

    @_atomic
    def record_containment(self, *, action: str, actor: str, now: datetime, kind: str = "manual") -> None:
        self._require_not_closed("record containment")
        action = _text(action, "containment action")
        self.containment.append({"action": action, "kind": kind, "at": timestamp(now), "by": actor})
        if self.contained_at is None:
            self.contained_at = now
        self._log(EntryType.CONTAINMENT_ACTION, actor, now, action=action, kind=kind)

    @_atomic
    def record_control(self, *, feature: str, action: str, text: str, reason: str, change_id: str, actor: str,
                       now: datetime, contains: bool, automatic: bool = False) -> None:
        """A change to an AI feature's controls made from this incident (kill switch, rollback, throttle...).

        A change that contains (disable, pin, throttle) counts as containment; a restore or an automatic revert
        after expiry is logged even on a closed incident, since it happened whatever the incident's state."""
        if not automatic:
            self._require_not_closed("change controls from it")
        if contains:
            self.containment.append({"action": text, "kind": "control", "at": timestamp(now), "by": actor})
            if self.contained_at is None:
                self.contained_at = now
        self._log(EntryType.CONTAINMENT_ACTION, actor, now, action=text, kind="control", feature=feature,
                  control=action, reason=reason, change=change_id)

    @_atomic
    def decide_no_containment(self, *, reason: str, actor: str, now: datetime) -> None:
        self._require_not_closed("record containment")
        self.no_containment_reason = _text(reason, "the reason no containment is needed")
        if self.contained_at is None:
            self.contained_at = now
        self._log(EntryType.CONTAINMENT_ACTION, actor, now, action=None, none_needed=self.no_containment_reason)

    @_atomic
    def record_root_cause(self, *, layer: str, description: str, actor: str, now: datetime) -> None:
        self._require_not_closed("record a root cause")
        _choice(layer, ROOT_CAUSE_LAYERS, "root-cause layer")
        self.root_cause = {"layer": layer, "description": _text(description, "root cause description"),
                           "at": timestamp(now), "by": actor}
        self._log(EntryType.ROOT_CAUSE, actor, now, layer=layer, description=self.root_cause["description"])

    @_atomic
    def resolve(self, *, summary: str, actor: str, now: datetime) -> None:
        if self.status != Status.OPEN:
            raise InvalidInput(f"{self.ref} is {self.status}, only an open incident can be resolved")
        self.resolution = _text(summary, "resolution summary (what was fixed and re-tested)")
        self.status = Status.RESOLVED
        self.resolved_at = now
        self._log(EntryType.RESOLUTION, actor, now, summary=self.resolution)

    @_atomic
    def record_communication(self, plan: Plan, *, audience: str, summary: str, actor: str, now: datetime,
                             channel: str = "") -> None:
        self._require_not_closed("record a communication")
        _choice(audience, self._audiences(plan), "audience")
        summary = _text(summary, "communication summary")
        self.communications.append({"audience": audience, "summary": summary, "channel": channel,
                                    "at": timestamp(now), "by": actor})
        self._log(EntryType.COMMUNICATION, actor, now, audience=audience, summary=summary, channel=channel)

    @_atomic
    def waive_communication(self, plan: Plan, *, audience: str, reason: str, actor: str, now: datetime) -> None:
        self._require_not_closed("waive a communication")
        _choice(audience, self._audiences(plan), "audience")
        self.waivers[audience] = _text(reason, "waiver reason")
        self._log(EntryType.COMMUNICATION_WAIVED, actor, now, audience=audience, reason=self.waivers[audience])

    @staticmethod
    def _audiences(plan: Plan) -> list[str]:
        return list(next(iter(plan.communications.values())))

    @_atomic
    def record_report(self, *, location: str, actor: str, now: datetime, summary: str = "") -> None:
        self._require_not_closed("record the report")
        self.report = {"location": _text(location, "report location or text"), "summary": summary.strip(),
                       "at": timestamp(now), "by": actor}
        self._log(EntryType.REPORT, actor, now, location=self.report["location"], summary=self.report["summary"])

    @_atomic
    def record_review(self, *, attendees: list[str], summary: str, actor: str, now: datetime) -> None:
        self._require_not_closed("record the review")
        attendees = [a.strip() for a in attendees if a.strip()]
        if not attendees:
            raise InvalidInput("a review needs its attendees (--attendee, repeatable)")
        self.review = {"attendees": attendees, "summary": _text(summary, "review summary"),
                       "at": timestamp(now), "by": actor}
        self._log(EntryType.REVIEW, actor, now, attendees=attendees, summary=self.review["summary"])

    @_atomic
    def close(self, plan: Plan, *, actor: str, now: datetime) -> None:
        self._require_not_closed("close")
        last = plan.stage_ids()[-1]
        if self.stage != last:
            raise GuardFailed(f"cannot close {self.ref} from stage {self.stage}",
                              allowed=f"close from the last stage, {last}", guard="order")
        self._check_exit(plan, f"close {self.ref}")
        missing = self.missing_communications(plan)
        if missing:
            raise GuardFailed(f"cannot close {self.ref}: required communications to {', '.join(missing)} are "
                              "neither done nor waived", guard="communications")
        self.status = Status.CLOSED
        self.closed_at = now
        self._log(EntryType.CLOSED, actor, now)

    @_atomic
    def reopen(self, plan: Plan, *, reason: str, actor: str, now: datetime, stage: str | None = None) -> None:
        """Open a resolved or closed incident again, in a stage no later than remediation whose earlier stages'
        guards all still hold."""
        if self.status == Status.OPEN:
            raise InvalidInput(f"{self.ref} is already open")
        reason = _text(reason, "reason to reopen")
        order = plan.stage_ids()
        old = {"status": str(self.status), "stage": self.stage}
        self.status = Status.OPEN
        resolving = next((i for i, s in enumerate(plan.stages) if "resolved" in s.exit_requires), len(order) - 1)
        allowed = [s for i, s in enumerate(order)
                   if 1 <= i <= resolving and all(not self.unmet_guards(plan, earlier) for earlier in order[:i])]
        stage = _choice(stage or order[1], allowed, "stage to reopen in")
        self.stage = stage
        self.resolved_at = self.closed_at = None
        self.resolution = None
        self._log(EntryType.REOPENED, actor, now, reason=reason, old=old, stage=stage)

    # --- the rest of the log --------------------------------------------------------------------------------

    @_atomic
    def add_entry(self, type: EntryType | str, *, text: str, actor: str, now: datetime, **data) -> None:
        """Notes, evidence and action items: entries that change no state."""
        kind = EntryType(_choice(str(type), ["note", "evidence", "action_item"], "log entry type"))
        if self.status == Status.CLOSED and kind != EntryType.NOTE:
            raise InvalidInput(f"{self.ref} is closed; only notes can be added", allowed="reopen it first")
        self._log(kind, actor, now, text=_text(text, "entry text"), **{k: v for k, v in data.items() if v})

    @_appends_only
    def record_signal(self, *, actor: str, now: datetime, signal_id: str, integration: str, action: str,
                      occurrence: int, title: str, dedup_key: str) -> None:
        """A monitoring alert, customer report or detector finding about this incident: counted, never a new
        incident. A closed incident still counts occurrences (a person decides whether to reopen)."""
        self._log(EntryType.SIGNAL, actor, now, signal=signal_id, integration=integration, action=action,
                  occurrence=occurrence, title=title, dedup_key=dedup_key)

    @_appends_only
    def record_breach(self, *, actor: str, now: datetime, kind: str, label: str, due_at: datetime) -> None:
        """A deadline passed unmet: said once in the log, for the review to find."""
        self._log(EntryType.DEADLINE_BREACHED, actor, now, deadline=kind, label=label, due_at=timestamp(due_at))

    def _require_not_closed(self, what: str) -> None:
        if self.status == Status.CLOSED:
            raise InvalidInput(f"{self.ref} is closed; cannot {what}", allowed=f"reopen it first (`aicident reopen {self.ref}`)")

    def _log(self, type: EntryType, actor: str, now: datetime, **data) -> LogEntry:
        actor = _text(actor, "actor")
        seq = self.log_count + 1
        draft = LogEntry(seq=seq, at=now, actor=actor, type=type, data=data, prev_hash=self.last_hash, hash="")
        entry = LogEntry(seq=seq, at=now, actor=actor, type=type, data=data, prev_hash=self.last_hash,
                         hash=entry_hash(self.last_hash, draft.payload(self.id)))
        self.new_entries.append(entry)
        self.log_count = seq
        self.last_hash = entry.hash
        return entry


INCIDENT_FIELDS = [f.name for f in fields(Incident) if f.name != "new_entries"]
