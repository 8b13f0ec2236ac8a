"""Putting a message in the outbox, inside the caller's transaction: it is sent after that transaction commits,
and not at all if it rolls back."""

from __future__ import annotations

import json
from datetime import datetime

from aicident.errors import InvalidInput
from aicident.notify.model import QUEUED, Message

MAX_ID = 200


def enqueue(uow, message: Message, *, now: datetime, not_before: datetime | None = None) -> bool:
    """Queue `message` for delivery in the transaction of `uow` (held back until `not_before`, when given); False if
    a message with its id is already queued (or was sent), so a replayed use case never sends twice."""
    if not message.id or len(message.id) > MAX_ID:
        raise InvalidInput(
            f"message id {message.id[:40]!r}... is {len(message.id)} characters long",
            allowed=f"a stable id of 1 to {MAX_ID} characters",
        )
    if not message.channel:
        raise InvalidInput("a message needs a channel", allowed="the name of a channel in the plan's [notify]")
    return uow.outbox.add(
        {
            "id": message.id,
            "channel": message.channel,
            "kind": message.kind,
            "recipients": list(message.to),
            "subject": message.subject,
            "body": message.text,
            "data": _plain(message.data),
            "incident_id": message.incident_id,
            "incident_ref": message.incident_ref,
            "obligation_id": message.obligation_id,
            "batch": message.batch,
            "state": QUEUED,
            "attempts": 0,
            "created_at": now,
            "window_started_at": now,
            "next_attempt_at": max(now, not_before) if not_before else now,
            "updated_at": now,
        }
    )


def message_of(row) -> Message:
    """The message a stored outbox row holds."""
    return Message(
        id=row.id,
        channel=row.channel,
        to=tuple(row.recipients),
        subject=row.subject,
        text=row.body,
        kind=row.kind,
        incident_id=row.incident_id,
        incident_ref=row.incident_ref,
        obligation_id=row.obligation_id,
        data=dict(row.data or {}),
        batch=row.batch,
    )


def _plain(data: dict) -> dict:
    """`data` as JSON keeps it: dates and other values become their text, so the row holds what will be sent."""
    return json.loads(json.dumps(data, default=str))
