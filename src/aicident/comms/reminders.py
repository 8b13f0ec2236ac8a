"""Reminders and escalation: nudges at fractions of every deadline's window, escalation when one is breached, and
a nudge when an incident still has no severity or no Incident Commander.

Each is claimed exactly once: a reminder by a conditional update of its deadline row (`reminded_fraction`), a
breach by the breach claim of the deadline poller, a nudge by the outbox's unique message id. The message and the
log entry are written in the transaction of the claim, so a restart loses none and fires none twice.
"""

from __future__ import annotations

import logging
from datetime import datetime

from aicident.clocks.model import due_at, parse_duration
from aicident.comms.model import business_calendar, obligations
from aicident.comms.notices import tell
from aicident.incidents.deadlines import humanize, incident_deadlines
from aicident.incidents.model import Incident
from aicident.incidents.repository import IncidentFilter
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue
from aicident.plan.schema import Plan
from aicident.reports import service as reports
from aicident.runtime import Runtime

log = logging.getLogger("aicident.reminders")


def _roles_for(incident: Incident, plan: Plan, kind: str, *, escalate: bool) -> list[str]:
    roles = [plan.commander_role()]
    if kind.startswith("communication:"):
        key = kind.removeprefix("communication:")
        owed = next((o for o in obligations(incident, plan) if o.key == key), None)
        roles += list(owed.approvers) if owed else []
    if escalate:
        roles += list(plan.reminders.escalate_to)
    return list(dict.fromkeys(roles))


def _legal_note(incident: Incident, plan: Plan, kind: str, due_at: datetime, now: datetime) -> str:
    """For a deadline that is the plan's target before a legal deadline: that legal deadline and its basis."""
    found = next((d for d in incident_deadlines(incident, plan) if d.kind == kind and d.due_at == due_at), None)
    if found is None or not found.has_target or found.legal_due_at is None:
        return ""
    legal = found.legal_due_at
    when = f"in {humanize(legal - now)}" if legal > now else f"passed {humanize(now - legal)} ago"
    return f"\nThat is our own target. The legal deadline is {legal.isoformat()} ({when}).\n" + (
        f"Basis: {found.basis}\n" if found.basis else ""
    )


def send_reminders(rt: Runtime, *, limit: int = 500) -> int:
    """Remind at each configured fraction of every running deadline's window; returns how many went out."""
    now = rt.clock()
    with rt.uow(read_only=True) as uow:
        running = uow.incidents.running_deadlines(now, limit)
        plans = {version: rt.plan_of(version, uow) for version in {row.plan_version for row in running}}
    sent = 0
    for row in running:
        window = (row.due_at - row.starts_at).total_seconds()
        if window <= 0:
            continue
        passed = (now - row.starts_at).total_seconds() / window
        plan = plans[row.plan_version]
        due = [f for f in plan.reminders.at_fractions if f <= passed]
        if not due or (row.reminded_fraction is not None and row.reminded_fraction >= due[-1]):
            continue
        fraction = due[-1]
        with rt.uow() as uow:
            if not uow.incidents.claim_reminder(row.incident_id, row.kind, row.due_at, fraction):
                continue  # another worker sent it, or the deadline was met or moved meanwhile
            incident = uow.incidents.get_by_id(row.incident_id, for_update=True)
            left = humanize(row.due_at - now)
            tell(
                uow,
                incident,
                plan,
                message_id=f"{incident.id}:remind:{row.kind}:{row.due_at.isoformat()}:{fraction}",
                kind=f"{int(fraction * 100)}%",
                roles=_roles_for(incident, plan, row.kind, escalate=False),
                now=now,
                subject=f"[{incident.ref}] {row.label}: due in {left}",
                text=f"{incident.ref} {incident.title}\n\n{row.label} is due at {row.due_at.isoformat()} "
                f"({left} left; {int(fraction * 100)}% of its time has passed).\n"
                + _legal_note(incident, plan, row.kind, row.due_at, now),
            )
            sent += 1
    return sent


def escalate_breach(
    uow, incident: Incident, plan: Plan, *, kind: str, label: str, due_at: datetime, now: datetime
) -> None:
    """In the breach claim's transaction: tell the Incident Commander and the escalation roles, and page."""
    late = humanize(now - due_at)
    note = _legal_note(incident, plan, kind, due_at, now)
    tell(
        uow,
        incident,
        plan,
        message_id=f"{incident.id}:breach:{kind}:{due_at.isoformat()}",
        kind="breach",
        roles=_roles_for(incident, plan, kind, escalate=True),
        now=now,
        page=True,
        subject=f"[{incident.ref}] {'TARGET MISSED' if note else 'BREACHED'}: {label} ({late} overdue)",
        text=f"{incident.ref} {incident.title}\n\n{label} was due at {due_at.isoformat()} and is not met "
        f"({late} overdue). Escalated to: {', '.join(plan.reminders.escalate_to)}.\n" + note,
    )


def nudge_unassigned(rt: Runtime, *, limit: int = 200) -> int:
    """Nudge once when an open incident still has no severity or no Incident Commander after a while."""
    now = rt.clock()
    with rt.uow(read_only=True) as uow:
        candidates = uow.incidents.list(IncidentFilter(status="open"), limit=limit, offset=0)
        plans = {version: rt.plan_of(version, uow) for version in {i.plan_version for i in candidates}}
    sent = 0
    for found in candidates:
        plan = plans[found.plan_version]
        after = parse_duration(plan.reminders.unassigned_after)
        if due_at(found.declared_at, after, business_calendar(plan)) > now:
            continue
        commander = plan.commander_role()
        missing = [
            what
            for what, ok in (("severity", found.severity is not None), (commander, commander in found.current_roles()))
            if not ok
        ]
        if not missing:
            continue
        with rt.uow() as uow:
            incident = uow.incidents.get_by_id(found.id, for_update=True)
            if tell(
                uow,
                incident,
                plan,
                message_id=f"{incident.id}:nudge:{'+'.join(missing)}",
                kind="unassigned",
                roles=[commander],
                now=now,
                page=True,
                claimed=False,
                subject=f"[{incident.ref}] still without {' and '.join(m.replace('_', ' ') for m in missing)}",
                text=f"{incident.ref} {incident.title} was declared at {incident.declared_at.isoformat()} and "
                f"still has no {' and no '.join(m.replace('_', ' ') for m in missing)}.\n",
            ):
                sent += 1
    return sent


def remind_action_items(rt: Runtime) -> int:
    """Tell each owner of an open action item due soon or overdue, once a day (claimed with the message)."""
    now = rt.clock()
    sent = 0
    for reminder in reports.due_action_item_reminders(rt, now):
        item = reminder.item
        with rt.uow() as uow:
            if not reports.claim_action_item_reminder(uow, reminder):
                continue
            owner = uow.people.by_handle(item.owner) if item.owner else None
            delivery = rt.plan.comms.audiences.get("internal")
            state = (
                f"overdue by {-reminder.days_left} day(s)"
                if reminder.overdue
                else f"due in {reminder.days_left} day(s)"
            )
            for name in delivery.channels if delivery else []:
                channel = rt.plan.notify.channel(name)
                if channel is None or (channel.type == "smtp" and not (owner and owner.email)):
                    continue
                enqueue(
                    uow,
                    Message(
                        id=f"action:{item.id}:{reminder.today.isoformat()}:{name}",
                        channel=name,
                        to=(owner.email,) if channel.type == "smtp" and owner else (),
                        kind="reminder",
                        subject=f"[{item.incident_ref}] action item {item.id} {state}",
                        text=f"{item.text}\n\nOwner: {item.owner}; due {item.due_on}; {state}.\n",
                        incident_id=item.incident_id,
                        incident_ref=item.incident_ref,
                    ),
                    now=now,
                )
            sent += 1
    return sent
