"""Delivery truth: a communication sent through aicident meets its obligation when the receiving servers accepted
every one of its messages (SMTP 250, HTTP 2xx), at that time; the first message that fails for good or goes dead
puts it at risk, and the Incident Commander is told.

The outcome reaches the incident through its change path, in the transaction that records the message's outcome, so
its obligations and deadlines are computed again with it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from aicident.auth.model import SYSTEM_ACTOR
from aicident.comms.model import obligations
from aicident.comms.notices import tell
from aicident.errors import AicidentError
from aicident.incidents.changes import Event
from aicident.incidents.entries import Delivery
from aicident.notify.model import DEAD, FAILED, SENT, Message

if TYPE_CHECKING:
    from aicident.runtime import Runtime

log = logging.getLogger("aicident.comms")
OUTCOMES = {SENT: "delivered", FAILED: "failed", DEAD: "dead"}


def batch_of(draft_id: str, version: int) -> str:
    """The batch of the messages of one sent version of a draft; their ids start with it too."""
    return f"{draft_id}:v{version}"


def record_outcome(rt: Runtime, uow, message: Message, *, state: str, reason: str | None, now: datetime) -> None:
    """In the transaction that records `message`'s outcome: if it belongs to a sent draft, tell its incident when the
    draft's messages are all delivered, or when this one failed for good or went dead."""
    draft = message.data.get("draft")
    if state not in OUTCOMES or not draft or not message.batch or not message.incident_id:
        return
    if state == SENT and uow.outbox.batch_waits(message.batch, in_flight=False):
        return  # others of the batch are still to be delivered: the last one delivered says so
    try:
        with rt.changing(incident_id=message.incident_id, action=None, uow=uow) as change:
            # Asked again once the incident is locked: of two workers delivering the last two messages, the second
            # to take the lock sees the first one's delivery.
            if state == SENT and uow.outbox.batch_waits(message.batch, in_flight=True):
                return
            change.incident.record_delivery(
                draft=draft,
                outcome=OUTCOMES[state],
                delivered=lambda: uow.outbox.count_sent(message.batch),
                actor=SYSTEM_ACTOR,
                now=now,
                message=message.id,
                reason=reason,
            )
    except AicidentError as error:  # the delivery itself is recorded all the same; the incident hears of it later
        log.error("could not record the delivery of %s on its incident: %s", message.id, error)


def on_delivery(event: Event) -> None:
    """A communication at risk: remind the Incident Commander (and the obligation's approvers) at once."""
    record = event.entry.record
    if not isinstance(record, Delivery) or record.outcome == "delivered":
        return
    incident, plan = event.incident, event.plan
    owed = next((o for o in obligations(incident, plan) if o.key == record.obligation), None)
    title = owed.title if owed else record.obligation
    roles = list(dict.fromkeys([plan.commander_role(), *(owed.approvers if owed else ())]))
    what = "failed for good" if record.outcome == "failed" else "is dead after retrying until the dead-letter time"
    tell(
        event.uow,
        incident,
        plan,
        message_id=f"{incident.id}:at-risk:{record.draft}:{record.message}",
        kind="at_risk",
        roles=roles,
        now=event.now,
        subject=f"[{incident.ref}] AT RISK: {title} is not delivered",
        text=f"{incident.ref} {incident.title}\n\n{title} was sent as {record.draft}, but a message {what}: "
        f"{record.reason or 'no reason given'}.\n{record.delivered} of {record.messages} message(s) delivered; "
        "the obligation is not met until every one is. Fix the channel and retry the message, or meet the "
        "obligation another way.\n",
    )
