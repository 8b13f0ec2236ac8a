"""Real-time internal updates: at a severity whose internal cadence is `real_time` (SEV-1 in the default plan),
every stage or severity change is broadcast to the severity's notify list in the transaction of the change, and
the on-call Incident Commander is paged (when the plan names a page channel) when an incident first gets it."""

from __future__ import annotations

from datetime import datetime

from aicident.comms.recipients import contacts_of, internal_recipients
from aicident.incidents.model import EntryType, Incident, LogEntry
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue
from aicident.plan.schema import Plan

_BROADCAST = (EntryType.STAGE_CHANGE, EntryType.SEVERITY_CHANGE)


def _describe(entry: LogEntry) -> str:
    data = entry.data
    if entry.type == EntryType.SEVERITY_CHANGE:
        return f"severity {data['old'] or 'unset'} -> {data['new']}" + (
            f" ({data['reason']})" if data["reason"] else ""
        )
    return f"stage {data['old']} -> {data['new']}" + (f" ({data['reason']})" if data.get("reason") else "")


def broadcast(uow, incident: Incident, plan: Plan, entries: list[LogEntry], now: datetime) -> list[str]:
    """Queue one update per stage or severity change among `entries` (ids stable: the entry's number)."""
    if incident.severity is None:
        return []
    cell = plan.communications.get(incident.severity, {}).get("internal")
    if cell is None or cell.cadence != "real_time":
        return []
    changes = [e for e in entries if e.type in _BROADCAST]
    if not changes:
        return []
    people, people_roles = contacts_of(uow)
    who = {"incident_roles": incident.current_roles(), "people": people, "people_roles": people_roles}
    to = internal_recipients(plan, incident, who=who)
    delivery = plan.comms.audiences.get("internal")
    queued = []
    for entry in changes:
        what = _describe(entry)
        for name in delivery.channels if delivery else []:
            channel = plan.notify.channel(name)
            if channel is None or (channel.type == "smtp" and not to):
                continue
            message = Message(
                id=f"{incident.id}:broadcast:{entry.seq}:{name}",
                channel=name,
                to=tuple(to if channel.type == "smtp" else ()),
                subject=f"[{incident.severity}] {incident.ref} {incident.title}: {what}",
                text=f"{incident.ref} {incident.title}\n{what}, by {entry.actor}.\nStage: {incident.stage}; "
                f"Incident Commander: {incident.current_roles().get('incident_commander', 'unassigned')}.\n",
                kind="internal_update",
                incident_id=incident.id,
                incident_ref=incident.ref,
                obligation_id="internal",
                data={"severity": incident.severity, "stage": incident.stage, "broadcast": entry.seq},
            )
            if enqueue(uow, message, now=now):
                queued.append(message.id)
        if (
            entry.type == EntryType.SEVERITY_CHANGE
            and plan.comms.page_channel
            and entry.data["new"] == incident.severity
        ):
            page = Message(
                id=f"{incident.id}:page:{incident.severity}",
                channel=plan.comms.page_channel,
                to=(),
                subject=f"[{incident.severity}] {incident.ref} {incident.title}",
                text=f"{what}. Incident Commander needed now.",
                kind="page",
                incident_id=incident.id,
                incident_ref=incident.ref,
                data={"severity": incident.severity, "stage": incident.stage},
            )
            if enqueue(uow, page, now=now):
                queued.append(page.id)
    return queued
