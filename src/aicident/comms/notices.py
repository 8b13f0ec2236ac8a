"""Telling the people who hold roles on an incident (the Incident Commander, approvers, the escalation roles):
a message on the internal channels (and the page channel) and a reminder entry in the log, in the caller's
transaction."""

from __future__ import annotations

from datetime import datetime

from aicident.auth.model import SYSTEM_ACTOR
from aicident.comms.recipients import contacts_of, emails, role_contacts
from aicident.incidents.model import Incident
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue
from aicident.plan.schema import Plan


def tell(
    uow,
    incident: Incident,
    plan: Plan,
    *,
    message_id: str,
    kind: str,
    subject: str,
    text: str,
    roles: list[str],
    now: datetime,
    page: bool = False,
    claimed: bool = True,
) -> bool:
    """Queue the reminder on the internal channels (and the page channel) and log it. Unless the caller `claimed`
    it already, the outbox's message id is the claim: False if it was queued before or there is nobody to tell."""
    people, people_roles = contacts_of(uow)
    current = incident.current_roles()
    to = emails(
        [
            c
            for role in roles
            for c in role_contacts(plan, role, incident_roles=current, people=people, people_roles=people_roles)
        ]
    )
    delivery = plan.comms.audiences.get("internal")
    channels = list(delivery.channels) if delivery else []
    if page and plan.comms.page_channel:
        channels.append(plan.comms.page_channel)
    queued = None
    for name in dict.fromkeys(channels):
        channel = plan.notify.channel(name)
        if channel is None or (channel.type == "smtp" and not to):
            continue
        fresh = enqueue(
            uow,
            Message(
                id=f"{message_id}:{name}",
                channel=name,
                to=tuple(to if channel.type == "smtp" else ()),
                subject=subject,
                text=text,
                kind="reminder",
                incident_id=incident.id,
                incident_ref=incident.ref,
                data={"reminder": kind, "severity": incident.severity, "stage": incident.stage},
            ),
            now=now,
        )
        queued = fresh if queued is None else queued and fresh
    if queued is False or (queued is None and not claimed):
        return False
    incident.record_reminder(actor=SYSTEM_ACTOR, now=now, kind=kind, about=subject, to=to)
    return True
