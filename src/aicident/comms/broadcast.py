"""Real-time internal updates: at a severity whose internal cadence is `real_time` (SEV-1 in the default plan),
every stage or severity change is broadcast to the severity's notify list in the transaction of the change, and
the on-call Incident Commander is paged (when the plan names a page channel) when an incident first gets it."""

from __future__ import annotations

from aicident.comms.recipients import contacts_of, internal_recipients
from aicident.incidents.changes import Event
from aicident.incidents.present import as_text, words_of
from aicident.incidents.vocabulary import EntryType
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue

_BROADCAST = (EntryType.STAGE_CHANGE, EntryType.SEVERITY_CHANGE)


def on_change(event: Event) -> None:
    """Queue one update for a stage or severity change (ids stable: the entry's number), and page the on-call
    Incident Commander when an incident first reaches a severity with a page channel."""
    incident, plan, entry, uow, now = event.incident, event.plan, event.entry, event.uow, event.now
    if incident.severity is None or entry.type not in _BROADCAST:
        return
    cell = plan.communications.get(incident.severity, {}).get("internal")
    if cell is None or cell.cadence != "real_time":
        return
    people, people_roles = contacts_of(uow)
    who = {"incident_roles": incident.current_roles(), "people": people, "people_roles": people_roles}
    to = internal_recipients(plan, incident, who=who)
    delivery = plan.comms.audiences.get("internal")
    what = as_text(entry.record, words_of(plan))
    for name in delivery.channels if delivery else []:
        channel = plan.notify.channel(name)
        if channel is None or (channel.type == "smtp" and not to):
            continue
        enqueue(
            uow,
            Message(
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
            ),
            now=now,
        )
    if entry.type == EntryType.SEVERITY_CHANGE and plan.comms.page_channel and entry.data["new"] == incident.severity:
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
        enqueue(uow, page, now=now)
