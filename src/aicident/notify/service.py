"""Delivery use cases: a worker round that sends what is due, the delivery state for display, an operator's retry.

At-least-once: a message is claimed with a lease before it is sent and recorded after; a worker that dies between
the two leaves a lease that runs out, and the next round sends the message again with the same id.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from aicident.auth.model import Principal, authorize
from aicident.comms import delivery
from aicident.errors import InvalidInput, NotFound, Step
from aicident.notify.model import (
    ABANDONED,
    DEAD,
    FAILED,
    RETRYABLE_STATES,
    SELF_ALERT,
    SENDING,
    SENT,
    STATES,
    DeliveryFailed,
    Message,
    PermanentFailure,
    RetryPolicy,
    Sent,
    TransientFailure,
    after_transient,
    group_failures,
)
from aicident.notify.outbox import enqueue, message_of
from aicident.notify.registry import channel_for
from aicident.plan.schema import Notify, seconds_of
from aicident.runtime import Runtime

log = logging.getLogger("aicident.notify")
_random = random.SystemRandom()


def retry_policy(notify: Notify) -> RetryPolicy:
    return RetryPolicy(
        base=notify.backoff_base_seconds,
        factor=notify.backoff_factor,
        cap=notify.backoff_cap_seconds,
        dead_after=timedelta(seconds=seconds_of(notify.dead_letter_after)),
    )


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"[:200]


def deliver_due(rt: Runtime, *, limit: int = 50, worker: str | None = None) -> int:
    """One worker round: find up to `limit` due messages and, for each, claim it (a conditional update with a
    lease, taken just before its send so a slow earlier send cannot eat its lease), send it and record the outcome.
    Returns how many this worker tried."""
    worker = worker or worker_name()
    lease = timedelta(seconds=rt.plan.notify.lease_seconds)
    with rt.uow(read_only=True) as uow:
        due = uow.outbox.due_ids(rt.clock(), limit)
    tried = 0
    for message_id in due:
        claim = str(uuid.uuid4())
        with rt.uow() as uow:
            now = rt.clock()
            before = uow.outbox.get(message_id)
            if not uow.outbox.claim(message_id, now=now, lease_until=now + lease, worker=worker, claim=claim):
                continue  # another worker took it, or it is no longer due
            if before.state == SENDING:  # its worker died or hung: record the attempt it never reported
                uow.outbox.add_attempt(
                    {
                        "message_id": message_id,
                        "number": before.attempts,
                        "worker": before.leased_by or "?",
                        "started_at": before.updated_at,
                        "finished_at": now,
                        "outcome": ABANDONED,
                        "reason": f"the worker did not report back before its lease ran out at "
                        f"{before.lease_until.isoformat()}; sending again",
                        "http_status": None,
                    }
                )
            row = uow.outbox.get(message_id)
        _deliver(rt, row, claim=claim, worker=worker)
        tried += 1
    return tried


def _deliver(rt: Runtime, row, *, claim: str, worker: str) -> None:
    message = message_of(row)
    started = rt.clock()
    try:
        channel = channel_for(rt.plan, message.channel)
        if hasattr(channel, "attach"):  # a channel that keeps state in the database (the Slack app's slack_api)
            channel.attach(rt)
        sent: Sent | None = channel.send(message, now=started)
        failure: DeliveryFailed | None = None
    except DeliveryFailed as error:
        sent, failure = None, error
    except Exception as error:  # a fault in a channel is retried like a transient one, and logged in full
        log.exception("channel %s raised while sending %s", message.channel, message.id)
        sent, failure = None, TransientFailure(f"{type(error).__name__}: {error}")
    _record(rt, row, message, claim=claim, worker=worker, started=started, sent=sent, failure=failure)


def _record(
    rt: Runtime,
    row,
    message: Message,
    *,
    claim: str,
    worker: str,
    started: datetime,
    sent: Sent | None,
    failure: DeliveryFailed | None,
) -> None:
    now = rt.clock()
    attempt = row.attempts
    values: dict[str, Any]
    if sent is not None:
        outcome, reason, status = SENT, sent.note or None, sent.http_status
        values = {"state": SENT, "sent_at": now, "finished_at": now, "last_error": reason, "last_status": status}
    elif isinstance(failure, PermanentFailure):
        outcome, reason, status = FAILED, str(failure), failure.http_status
        values = {"state": FAILED, "finished_at": now, "last_error": reason, "last_status": status}
    elif failure is None:
        raise AssertionError("a send ends in a result or a failure")
    else:
        reason, status = str(failure), failure.http_status
        decision = after_transient(
            retry_policy(rt.plan.notify),
            attempt=attempt,
            window_started_at=row.window_started_at,
            now=now,
            retry_after=getattr(failure, "retry_after", None),
            draw=_random.random(),
        )
        outcome = "transient"
        values = {"state": decision.state, "last_error": reason, "last_status": status}
        if decision.state == DEAD:
            values["finished_at"] = now
        else:
            values["next_attempt_at"] = decision.next_attempt_at
    values.update(claim=None, leased_by=None, lease_until=None, updated_at=now)
    with rt.uow() as uow:
        recorded = uow.outbox.finish(message.id, claim, **values)
        if recorded:  # else the worker that took the message over recorded this attempt as abandoned
            uow.outbox.add_attempt(
                {
                    "message_id": message.id,
                    "number": attempt,
                    "worker": worker,
                    "started_at": started,
                    "finished_at": now,
                    "outcome": outcome,
                    "reason": reason,
                    "http_status": status,
                }
            )
        dead = recorded and values["state"] == DEAD
        if dead:
            alerts = _self_alerts(rt, message, reason, now, attempt)
            for alert in alerts:
                enqueue(uow, alert, now=now)
        if recorded:  # a message of a sent draft: its incident hears of it in this transaction
            delivery.record_outcome(rt, uow, message, state=values["state"], reason=reason, now=now)
    rt.counters.inc("aicident_outbox_attempts_total", channel=message.channel, outcome=outcome)
    if not recorded:  # our lease ran out and another worker took the message over: its outcome will count
        log.warning("outbox message %s: lease lost before its outcome (%s) was recorded", message.id, outcome)
    elif dead:
        rt.counters.inc("aicident_outbox_dead_total", channel=message.channel)
        log.error(
            "outbox message %s to channel %s is dead after %d attempts: %s",
            message.id,
            message.channel,
            attempt,
            reason,
            extra={"incident": message.incident_ref, "message_id": message.id},
        )
    elif outcome == FAILED:
        log.warning("outbox message %s to channel %s failed permanently: %s", message.id, message.channel, reason)


def _self_alerts(rt: Runtime, message: Message, reason: str | None, now: datetime, attempt: int) -> list[Message]:
    """A self_alert message to each self-alert channel other than the one that just failed; none about a
    self-alert (that would loop), which is left to the log and the counter."""
    notify = rt.plan.notify
    if message.kind == SELF_ALERT:
        return []
    return [
        Message(
            id=_self_alert_id(channel, message.id, attempt),
            channel=channel,
            to=tuple(notify.self_alert_to),
            kind=SELF_ALERT,
            subject=f"aicident could not deliver a {message.kind.replace('_', ' ')} on channel {message.channel}",
            text=(
                f"The message {message.id!r} ({message.subject!r}) to channel {message.channel} was not delivered "
                f"and is dead since {now.isoformat()}.\nLast error: {reason}\n"
                f"Fix the channel, then retry it: aicident outbox retry {message.id}"
            ),
            incident_id=message.incident_id,
            incident_ref=message.incident_ref,
            obligation_id=message.obligation_id,
            data={"dead_message_id": message.id, "dead_channel": message.channel, "reason": reason},
        )
        for channel in notify.self_alert_channels
        if channel != message.channel
    ]


def _self_alert_id(channel: str, message_id: str, attempt: int) -> str:
    """Stable for one death of a message (the attempt it died on), new if it dies again after a retry."""
    key = message_id if len(message_id) <= 150 else str(uuid.uuid5(uuid.NAMESPACE_URL, message_id))
    return f"self-alert.{channel}.{key}.{attempt}"


# --- display and operator actions -------------------------------------------------------------------------------


def message_json(row, attempts: Sequence[Any] | None = None) -> dict:
    found = {
        "id": row.id,
        "channel": row.channel,
        "kind": row.kind,
        "to": list(row.recipients),
        "subject": row.subject,
        "state": row.state,
        "attempts": row.attempts,
        "incident_id": row.incident_id,
        "incident": row.incident_ref,
        "obligation_id": row.obligation_id,
        "created_at": row.created_at.isoformat(),
        "next_attempt_at": row.next_attempt_at.isoformat(),
        "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        "finished_at": row.finished_at.isoformat() if row.finished_at else None,
        "last_error": row.last_error,
        "last_status": row.last_status,
        "retried_by": row.retried_by,
        "retried_at": row.retried_at.isoformat() if row.retried_at else None,
    }
    if attempts is not None:
        found["history"] = [
            {
                "number": a.number,
                "worker": a.worker,
                "started_at": a.started_at.isoformat(),
                "finished_at": a.finished_at.isoformat(),
                "outcome": a.outcome,
                "reason": a.reason,
                "http_status": a.http_status,
            }
            for a in attempts
        ]
    return found


def messages(
    rt: Runtime,
    *,
    incident_id: str | None = None,
    obligation_id: str | None = None,
    state: str | None = None,
    incident_ref: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict]:
    """Outbox messages, newest first, with their delivery state (for the obligation, the incident, the operator)."""
    if state is not None and state not in STATES:
        raise InvalidInput(f"unknown delivery state {state!r}", allowed=", ".join(STATES))
    with rt.uow(read_only=True) as uow:
        if incident_ref:
            incident_id = uow.incidents.get(incident_ref).id
        rows = uow.outbox.list(
            incident_id=incident_id, obligation_id=obligation_id, state=state, limit=limit, offset=offset
        )
    return [message_json(row) for row in rows]


def failures(rt: Runtime, *, incident_ref: str | None = None, sample: int = 20) -> list[dict]:
    """Failing messages grouped by channel and reason ("14 messages are failing on email: connection refused by
    localhost:25 since 10:02 UTC"), each group with the ids of some of its messages, whose attempts are one read
    away."""
    now = rt.clock()
    with rt.uow(read_only=True) as uow:
        incident_id = uow.incidents.get(incident_ref).id if incident_ref else None
        rows = uow.outbox.failing(incident_id=incident_id)
        first = uow.outbox.first_failures([row.id for row in rows])
    groups = group_failures(
        [(row.id, row.channel, row.state, row.last_error or "", first.get(row.id, row.updated_at)) for row in rows]
    )
    return [
        {
            "channel": group.channel,
            "reason": group.reason,
            "messages": len(group.message_ids),
            "states": group.states,
            "since": group.since.isoformat(),
            "summary": group.summary(now),
            "message_ids": list(group.message_ids[:sample]),
        }
        for group in groups
    ]


def message(rt: Runtime, *, message_id: str) -> dict:
    """One message with every attempt made to deliver it."""
    with rt.uow(read_only=True) as uow:
        row = _get(uow, message_id)
        return message_json(row, uow.outbox.attempts(message_id))


def retry(rt: Runtime, *, message_id: str, actor: str, principal: Principal | None = None) -> dict:
    """An operator puts a failed or dead message back in the queue, to be sent at once and retried afresh."""
    now = rt.clock()
    with rt.uow() as uow:
        row = _get(uow, message_id)
        authorize(rt.plan, principal, "communicate", _incident_roles(uow, row, principal))
        if not uow.outbox.requeue(message_id, now=now, actor=actor):
            raise InvalidInput(
                f"message {message_id!r} is {row.state}; only a failed or dead message can be retried",
                allowed=", ".join(RETRYABLE_STATES),
            )
        row = uow.outbox.get(message_id)
    log.info("outbox message %s re-queued by %s", message_id, actor)
    return message_json(row)


def _incident_roles(uow, row, principal: Principal | None) -> dict[str, str] | None:
    """The roles held on the message's incident: its Communications Lead may retry it without the profile role."""
    if principal is None or not row.incident_id:
        return None
    try:
        return uow.incidents.get_by_id(row.incident_id).current_roles()
    except NotFound:
        return None


def _get(uow, message_id: str):
    row = uow.outbox.get(message_id)
    if row is None:
        raise NotFound(
            f"no outbox message {message_id!r}",
            allowed="the id of an outbox message",
            next=[Step("list_outbox", "list the outbox")],
        )
    return row
