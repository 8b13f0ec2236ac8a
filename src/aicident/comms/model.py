"""Obligations: who must be told what, by when, approved by whom (pure: no I/O, `now` passed in).

Obligations are derived from the plan and what is recorded on the incident (severity, facts, clock events,
communications sent, waivers), never stored on their own, so a severity or fact change recomputes them and there is
nothing to keep in step. What has been met stays met: a communication that was sent is on the incident, so a
de-escalation can only relax obligations that are still open.

Keys are stable: a matrix cell is its audience ("customers"); a regulatory clock is "clock:<group or id>", so the
EU AI Act report stays one obligation when a death recorded later tightens it from 15 to 10 days.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from aicident.clocks.calendars import (
    EU_MEMBER_STATE,
    MEMBER_STATES,
    calendar_for,
    member_state_calendar,
    member_states_for,
    parse_calendar_name,
)
from aicident.clocks.model import BusinessCalendar, due_at, parse_duration
from aicident.clocks.rules import count, counting_rule, target_before
from aicident.plan.schema import Calendar, MatrixCell, Plan, RegulatoryClock

if TYPE_CHECKING:
    from aicident.incidents.model import Incident

# The template each audience's draft starts from when the plan does not say otherwise.
AUDIENCE_TEMPLATES = {
    "customers": "customer_notification",
    "regulators": "regulator_notice",
    "public": "public_statement",
    "internal": "internal_update",
}
END_OF_INCIDENT_DEADLINE = "1 business day"
DAILY = "24 hours"


class ObligationState(StrEnum):
    OPEN = "open"  # owed now
    PENDING = "pending"  # its clock has not started (e.g. a final report after the notification)
    SENDING = "sending"  # sent, not yet accepted by every receiving server
    AT_RISK = "at_risk"  # sent, and a message failed for good or went dead
    MET = "met"
    WAIVED = "waived"


OWED = (ObligationState.OPEN, ObligationState.SENDING, ObligationState.AT_RISK)


@dataclass(frozen=True)
class Obligation:
    key: str
    audience: str
    source: str  # "matrix" or "regulatory"
    title: str
    requirement: str
    label: str  # the plan's or the law's words for when
    approvers: tuple[str, ...]
    template: str
    state: ObligationState
    starts_at: datetime | None = None
    due_at: datetime | None = None
    cadence: str | None = None
    met_at: datetime | None = None
    waiver: str | None = None
    regime: str | None = None
    clock: str | None = None  # the rule that applies now (of its group)
    recipients_group: str | None = None
    # A regulatory clock's `due_at` is the legal deadline; `target_at` is the organisation's own target before it
    # (or, for a duty "without undue delay", after its start), which reminders and breach escalation follow.
    target_at: datetime | None = None
    target: str | None = None  # the plan's words for the target, e.g. "24 hours before the legal deadline"
    basis: str | None = None  # the provision and the counting rule and calendar of the legal deadline
    reckoning: str | None = None  # how the legal deadline was counted, step by step
    counting: str | None = None  # the counting rule's id
    calendar: str | None = None  # the calendar it was counted on
    delivery: dict[str, Any] | None = None  # the communication being delivered: draft, messages, state, what failed

    @property
    def outstanding(self) -> bool:
        return self.state in OWED

    @property
    def working_due_at(self) -> datetime | None:
        """What the team works to: the target when the plan sets one, else the deadline itself."""
        return self.target_at or self.due_at

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "audience": self.audience,
            "source": self.source,
            "title": self.title,
            "requirement": self.requirement,
            "label": self.label,
            "approvers": list(self.approvers),
            "template": self.template,
            "state": str(self.state),
            "cadence": self.cadence,
            "starts_at": _iso(self.starts_at),
            "due_at": _iso(self.due_at),
            "met_at": _iso(self.met_at),
            "waiver": self.waiver,
            "regime": self.regime,
            "clock": self.clock,
            "legal_due_at": _iso(self.due_at) if self.source == "regulatory" else None,
            "target_at": _iso(self.working_due_at),
            "target": self.target,
            "basis": self.basis,
            "reckoning": self.reckoning,
            "counting": self.counting,
            "calendar": self.calendar,
            "delivery": self.delivery,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@lru_cache(maxsize=32)
def _calendar(calendar_json: str) -> BusinessCalendar:
    return BusinessCalendar.from_plan(Calendar.model_validate_json(calendar_json))


def business_calendar(plan: Plan) -> BusinessCalendar:
    return _calendar(plan.calendar.model_dump_json())


def jurisdiction_matches(incident_jurisdictions: list[str], rule_jurisdictions: list[str]) -> bool:
    """Empty rule: everywhere. A subdivision (US-FL) matches its country (US)."""
    if not rule_jurisdictions:
        return True
    for place in incident_jurisdictions:
        country = place.split("-", 1)[0]
        if place in rule_jurisdictions or country in rule_jurisdictions:
            return True
    return False


def _communications(incident: Incident, key: str) -> list[datetime]:
    """When communications that meet the obligation `key` did so, oldest first: one recorded by hand when it was
    recorded, one sent through aicident when the receiving servers accepted all its messages."""
    found = []
    for record in incident.communications:
        record_key = record.get("obligation") or record["audience"]
        if record_key != key:
            continue
        if "messages" not in record:  # recorded by hand (or sent before delivery was tracked): met when recorded
            found.append(datetime.fromisoformat(record["at"]))
        elif record.get("delivery") == "delivered":
            found.append(datetime.fromisoformat(record["delivered_at"]))
    return sorted(found)


def _in_flight(incident: Incident, key: str) -> dict[str, Any] | None:
    """The latest communication for `key` still being delivered (or at risk), if any."""
    found = [
        record
        for record in incident.communications
        if (record.get("obligation") or record["audience"]) == key
        and "messages" in record
        and record.get("delivery") in ("sending", "at_risk")
    ]
    return found[-1] if found else None


def _with_delivery(incident: Incident, obligation: Obligation) -> Obligation:
    """An open obligation whose communication is on its way is sending, or at risk when a message of it failed."""
    if obligation.state != ObligationState.OPEN:
        return obligation
    record = _in_flight(incident, obligation.key)
    if record is None or (obligation.met_at is not None and obligation.met_at >= datetime.fromisoformat(record["at"])):
        return obligation
    at_risk = record.get("delivery") == "at_risk"
    delivery = {
        "draft": record.get("message"),
        "sent_at": record["at"],
        "messages": record["messages"],
        "state": record["delivery"],
        **({"failed": record["failed"]} if at_risk and record.get("failed") else {}),
    }
    state = ObligationState.AT_RISK if at_risk else ObligationState.SENDING
    return replace(obligation, state=state, delivery=delivery)


def _cell_applies(incident: Incident, cell: MatrixCell) -> bool:
    return cell.requirement not in ("optional", "no") and all(incident.facts.truth(f) for f in cell.condition)


def _matrix_obligation(
    incident: Incident, plan: Plan, audience: str, cell: MatrixCell | None, calendar: BusinessCalendar
) -> Obligation | None:
    sent = _communications(incident, audience)
    waiver = incident.waivers.get(audience)
    required = cell is not None and _cell_applies(incident, cell)
    if not required and not sent and waiver is None:
        return None
    template = AUDIENCE_TEMPLATES.get(audience, "internal_update")
    title = f"{audience} {'update' if audience == 'internal' else 'notice'}" + (f" ({cell.label})" if cell else "")
    common: dict[str, Any] = {
        "key": audience,
        "audience": audience,
        "source": "matrix",
        "title": title,
        "requirement": cell.requirement if cell and required else "no longer required",
        "label": cell.label if cell else "",
        "approvers": tuple(cell.approvers) if cell else (),
        "template": template,
        "cadence": cell.cadence if cell else None,
        "recipients_group": "owning_team" if cell and cell.cadence == "owning_team_only" else None,
    }
    aware = incident.clock_started("became_aware") or incident.became_aware_at
    if waiver is not None:
        due = due_at(aware, parse_duration(cell.deadline), calendar) if cell and required and cell.deadline else None
        return Obligation(
            state=ObligationState.WAIVED,
            waiver=waiver,
            met_at=sent[0] if sent else None,
            starts_at=aware if due else None,
            due_at=due,
            **common,
        )
    if cell is not None and required and cell.cadence == "daily" and incident.status == "open":
        # A recurring update: due a day after the last one (or after triage) for as long as the incident is open.
        started = incident.triaged_at or incident.declared_at
        since = max(sent[-1], started) if sent else started
        due = due_at(since, parse_duration(DAILY), calendar)
        state = ObligationState.OPEN
        return Obligation(state=state, starts_at=since, due_at=due, met_at=sent[0] if sent else None, **common)
    if cell is not None and required and cell.cadence == "end_of_incident":
        if incident.resolved_at is None:
            return Obligation(state=ObligationState.PENDING, **common)
        after = [moment for moment in sent if moment >= incident.resolved_at]
        due = due_at(incident.resolved_at, parse_duration(cell.deadline or END_OF_INCIDENT_DEADLINE), calendar)
        state = ObligationState.MET if after else ObligationState.OPEN
        return Obligation(
            state=state, starts_at=incident.resolved_at, due_at=due, met_at=after[0] if after else None, **common
        )
    if sent:
        due = due_at(aware, parse_duration(cell.deadline), calendar) if cell and cell.deadline and required else None
        return Obligation(state=ObligationState.MET, starts_at=aware, due_at=due, met_at=sent[0], **common)
    due = due_at(aware, parse_duration(cell.deadline), calendar) if cell and cell.deadline else None
    return Obligation(state=ObligationState.OPEN, starts_at=aware if due else None, due_at=due, **common)


def _clock_applies(incident: Incident, rule: RegulatoryClock) -> bool:
    return all(incident.facts.truth(f) for f in rule.when) and jurisdiction_matches(
        incident.facts.jurisdictions, rule.jurisdictions
    )


def _clock_start(incident: Incident, rule: RegulatoryClock, met: dict[str, datetime | None]) -> datetime | None:
    if rule.starts.startswith("obligation:"):
        return met.get(rule.starts.removeprefix("obligation:"))
    return incident.clock_started(rule.starts)


def _effective(rule: RegulatoryClock, start: datetime | None, calendar: BusinessCalendar) -> bool:
    if rule.effective_from is None or start is None:
        return True
    return start.astimezone(calendar.zone).date() >= rule.effective_from


@dataclass(frozen=True)
class _Counted:
    """A clock's legal deadline and the organisation's target, as counted for one incident."""

    due_at: datetime | None = None
    target_at: datetime | None = None
    target: str | None = None
    basis: str | None = None
    reckoning: str | None = None
    calendar: str | None = None


def _clock_calendars(
    incident: Incident, plan: Plan, rule: RegulatoryClock, organisation: BusinessCalendar
) -> tuple[list[BusinessCalendar], str]:
    """The calendars a clock may be counted on for this incident, and what says which Member State it is."""
    name = parse_calendar_name(rule.calendar)
    if name.kind != EU_MEMBER_STATE or name.place:
        return [calendar_for(name, organisation)], ""
    states = member_states_for(incident.facts.jurisdictions, rule.jurisdictions, plan.member_states)
    if states:
        return [member_state_calendar(state) for state in states], ""
    # No jurisdiction names a Member State (e.g. only "EU") and the plan maps none: the earliest end of any.
    covered = [c for c in MEMBER_STATES if not rule.jurisdictions or c in rule.jurisdictions] or list(MEMBER_STATES)
    named = ", ".join(incident.facts.jurisdictions) or "none"
    return [member_state_calendar(c) for c in covered], (
        f"no Member State is named for the jurisdictions {named} ([member_states] in the plan names the authority's "
        "state), so it is counted to the earliest end in any Member State"
    )


def _count_clock(
    incident: Incident, plan: Plan, rule: RegulatoryClock, start: datetime, organisation: BusinessCalendar
) -> _Counted:
    """The legal deadline of `rule` started at `start`, with its basis, and the organisation's target."""
    if not rule.deadline:
        target = due_at(start, parse_duration(rule.target_after), organisation) if rule.target_after else None
        return _Counted(
            target_at=target,
            target=f"{rule.target_after} after the clock starts, the plan's own reading" if rule.target_after else None,
            basis=f"{rule.article or rule.regime}: {rule.label}. The law sets no fixed deadline.",
        )
    counting = counting_rule(rule.counting, plan.counting)
    duration = parse_duration(rule.deadline)
    calendars, caveat = _clock_calendars(incident, plan, rule, organisation)
    if duration.unit in ("minutes", "hours") and counting.start == "moment":
        calendars = calendars[:1]  # elapsed time from the moment ends at the same instant in every Member State
    reckoning, calendar = min(
        ((count(start, duration, counting, c), c) for c in calendars), key=lambda option: option[0].due_at
    )
    if len(calendars) > 1 and not caveat:
        caveat = f"the earliest of the Member States {', '.join(c.country for c in calendars)}"
    target, said = reckoning.due_at, None
    if rule.target_before:
        target = target_before(reckoning.due_at, parse_duration(rule.target_before), organisation, not_before=start)
        said = f"{rule.target_before} before the legal deadline, on the organisation's calendar"
    basis = (
        f"{rule.article or rule.regime}: {rule.label}. Counted: {counting.basis or counting.name}; on "
        f"{calendar.describe()}" + (f"; {caveat}" if caveat else "") + "."
    )
    return _Counted(
        due_at=reckoning.due_at,
        target_at=target,
        target=said,
        basis=basis,
        reckoning=reckoning.explanation,
        calendar=calendar.describe(),
    )


def _regulatory_obligations(incident: Incident, plan: Plan, calendar: BusinessCalendar) -> list[Obligation]:
    # Clocks may start when another clock's obligation is met, so resolve them in the plan's order, twice over at
    # most as deep as the chain (plans are small; validation refuses a clock starting from itself).
    met: dict[str, datetime | None] = {}
    for rule in plan.regulatory:
        sent = _communications(incident, f"clock:{rule.group or rule.id}")
        met[rule.id] = sent[0] if sent else None

    candidates: dict[str, list[tuple[RegulatoryClock, datetime | None, _Counted]]] = {}
    for rule in plan.regulatory:
        if not _clock_applies(incident, rule):
            continue
        start = _clock_start(incident, rule, met)
        if not _effective(rule, start, calendar):
            continue
        counted = _count_clock(incident, plan, rule, start, calendar) if start else _Counted()
        candidates.setdefault(rule.group or rule.id, []).append((rule, start, counted))

    keys = set(candidates)
    keys.update(k.removeprefix("clock:") for k in incident.waivers if k.startswith("clock:"))
    keys.update(
        (r.get("obligation") or "").removeprefix("clock:")
        for r in incident.communications
        if (r.get("obligation") or "").startswith("clock:")
    )
    rules = {rule.group or rule.id: rule for rule in plan.regulatory}
    found = []
    for group in sorted(keys, key=lambda k: [r.group or r.id for r in plan.regulatory].index(k) if k in rules else 99):
        key = f"clock:{group}"
        options = candidates.get(group, [])
        if options:
            # The one due first applies; a clock with no fixed deadline ("without undue delay") counts as latest.
            rule, start, counted = min(
                options, key=lambda o: (o[2].due_at is None, o[2].due_at.timestamp() if o[2].due_at else 0.0)
            )
            requirement = "required by law"
        elif group in rules:
            rule, start, counted = rules[group], None, _Counted()
            requirement = "no longer required"
        else:
            continue
        sent = _communications(incident, key)
        waiver = incident.waivers.get(key)
        if waiver is not None:
            state = ObligationState.WAIVED
        elif sent:
            state = ObligationState.MET
        elif not options:
            continue
        elif start is None:
            state = ObligationState.PENDING
        else:
            state = ObligationState.OPEN
        found.append(
            Obligation(
                key=key,
                audience=rule.audience,
                source="regulatory",
                title=f"{rule.regime}: {rule.name}",
                requirement=requirement,
                label=rule.label,
                approvers=tuple(rule.approvers),
                template=rule.template,
                state=state,
                starts_at=start,
                due_at=counted.due_at,
                met_at=sent[0] if sent else None,
                waiver=waiver,
                regime=rule.regime,
                clock=rule.id,
                target_at=counted.target_at,
                target=counted.target,
                basis=counted.basis,
                reckoning=counted.reckoning,
                counting=rule.counting,
                calendar=counted.calendar,
            )
        )
    return found


def obligations(incident: Incident, plan: Plan) -> list[Obligation]:
    """Every obligation of the incident now: the matrix cells of its severity, then the regulatory clocks."""
    calendar = business_calendar(plan)
    row = plan.communications.get(incident.severity, {}) if incident.severity else {}
    regulatory = _regulatory_obligations(incident, plan, calendar)
    by_law = {o.audience for o in regulatory if o.requirement == "required by law"}
    found = []
    for audience in plan.audiences():
        cell = row.get(audience)
        if cell is not None and cell.per_law and not cell.deadline and audience in by_law:
            # "Per applicable timeline": the regulatory clocks that apply are this cell's obligations.
            cell = None
        obligation = _matrix_obligation(incident, plan, audience, cell, calendar)
        if obligation is not None:
            found.append(obligation)
    return [_with_delivery(incident, o) for o in found + regulatory]


def outstanding(incident: Incident, plan: Plan) -> list[Obligation]:
    """Obligations owed now: neither met nor waived, and their clock has started."""
    return [o for o in obligations(incident, plan) if o.outstanding and not _satisfied_recurring(incident, o)]


def _satisfied_recurring(incident: Incident, obligation: Obligation) -> bool:
    # A daily update is owed again every day, but once one has gone out it does not hold the workflow back.
    return obligation.cadence == "daily" and obligation.met_at is not None


def changes(before: list[Obligation], after: list[Obligation]) -> list[dict[str, Any]]:
    """What a change to severity, facts or clock events did to the obligations still owed, for the log."""
    old = {o.key: o for o in before}
    new = {o.key: o for o in after}
    found = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a is None:
            added = new[key]
            found.append({"obligation": key, "change": "added", "title": added.title, "due_at": _iso(added.due_at)})
        elif b is None:
            if a.state in (ObligationState.OPEN, ObligationState.PENDING):
                found.append({"obligation": key, "change": "removed", "title": a.title, "was_due_at": _iso(a.due_at)})
        elif b.state in (ObligationState.MET, ObligationState.WAIVED) or a.state == ObligationState.MET:
            continue  # met or waived: said by its own log entry; what is met stays met
        elif a.due_at != b.due_at or a.state != b.state or a.requirement != b.requirement:
            found.append(
                {
                    "obligation": key,
                    "change": _direction(a, b),
                    "title": b.title,
                    "was_due_at": _iso(a.due_at),
                    "due_at": _iso(b.due_at),
                    "state": str(b.state),
                }
            )
    return found


# Cadences, most demanding first: real-time updates have no due time, yet are tighter than daily ones.
CADENCE_ORDER = ("real_time", "daily", "end_of_incident", "owning_team_only")


def _direction(a: Obligation, b: Obligation) -> str:
    if a.state == ObligationState.PENDING and b.due_at and not a.due_at:
        return "started"
    if a.cadence != b.cadence and a.cadence in CADENCE_ORDER and b.cadence in CADENCE_ORDER:
        return "tightened" if CADENCE_ORDER.index(b.cadence) < CADENCE_ORDER.index(a.cadence) else "relaxed"
    if a.due_at and b.due_at:
        return "tightened" if b.due_at < a.due_at else "relaxed" if b.due_at > a.due_at else "changed"
    if b.due_at and not a.due_at:
        return "started" if a.state == ObligationState.PENDING else "tightened"
    if a.due_at and not b.due_at:
        return "relaxed"
    return "changed"
