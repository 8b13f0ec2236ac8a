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
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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
    SENT,
    STATES,
    DeliveryFailed,
    Due,
    Message,
    PermanentFailure,
    RetryPolicy,
    Sent,
    TransientFailure,
    after_transient,
    group_failures,
    lane_of,
    plan_round,
    waves,
)
from aicident.notify.outbox import enqueue, message_of
from aicident.notify.registry import channel_for
from aicident.plan.schema import Notify, seconds_of
from aicident.runtime import Runtime

log = logging.getLogger("aicident.notify")
_random = random.SystemRandom()
SENDERS = 64  # threads of this process that send side by side (each channel's concurrency bounds its share)


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
    """One worker round: find up to `limit` due messages and claim those the round can send within their lease (one
    transaction, one conditional update, under one claim and lease), send them (lanes side by side, up to each
    channel's concurrency, one lane's messages in order) and record the outcomes (one transaction). Returns how many
    this worker tried."""
    worker = worker or worker_name()
    taken = _take_round(rt, limit, worker)
    if taken is None:
        return 0
    planned, claimed, concurrency = taken
    outcomes = _send(rt, planned, claimed, concurrency)
    _record_all(rt, outcomes, worker=worker)
    return len(outcomes)


Round = tuple[dict[str, list[list[str]]], dict[str, tuple[Any, str]], dict[str, int]]


def _take_round(rt: Runtime, limit: int, worker: str) -> Round | None:
    """Read up to `limit` due messages, plan a round of them and claim it, in one transaction; None if none is due.
    The round: its lanes by channel, the messages of them this worker took (each with its claim), and each channel's
    concurrency. Workers polling side by side take different messages: on PostgreSQL the rows read are locked and
    those another worker's round has locked are passed over; on SQLite the transaction holds the write lock."""
    notify = rt.plan.notify
    lease = timedelta(seconds=notify.lease_seconds)
    with rt.uow() as uow:
        now = rt.clock()
        due = [
            Due(row.id, row.channel, lane_of(row.channel, row.incident_id, row.recipients, row.id))
            for row in uow.outbox.due(now, limit, lock=True)
        ]
        if not due:
            return None
        settings = {name: notify.channel(name) for name in {item.channel for item in due}}
        concurrency = {name: config.concurrency if config else 1 for name, config in settings.items()}
        rounds = {
            name: waves(notify.lease_seconds, config.timeout_seconds if config else notify.lease_seconds)
            for name, config in settings.items()
        }
        planned = plan_round(due, concurrency=concurrency, waves=rounds)
        ids = [message_id for lanes in planned.values() for lane in lanes for message_id in lane]
        claimed = _claim(uow, ids, worker, now=now, lease_until=now + lease)
    return planned, claimed, concurrency


def _claim(uow, ids: list[str], worker: str, *, now: datetime, lease_until: datetime) -> dict[str, tuple[Any, str]]:
    """Claim `ids` in `uow`'s transaction, under one claim; the rows taken (another worker may have taken some since
    they were read), each with the claim. A message whose worker's lease ran out gets that attempt recorded as
    abandoned."""
    claim = str(uuid.uuid4())
    taken, expired = uow.outbox.claim_many(ids, now=now, lease_until=lease_until, worker=worker, claim=claim)
    uow.outbox.add_attempts(
        [
            {
                "message_id": before.id,
                "number": before.attempts,
                "worker": before.leased_by or "?",
                "started_at": before.updated_at,
                "finished_at": now,
                "outcome": ABANDONED,
                "reason": f"the worker did not report back before its lease ran out at "
                f"{before.lease_until.isoformat()}; sending again",
                "http_status": None,
            }
            for before in expired
        ]
    )
    return {message_id: (row, claim) for message_id, row in taken.items()}


@dataclass(eq=False)
class _Outcome:
    row: Any
    message: Message
    claim: str
    started: datetime
    sent: Sent | None
    failure: DeliveryFailed | None


def _send(
    rt: Runtime, planned: dict[str, list[list[str]]], claimed: dict[str, tuple[Any, str]], concurrency: dict[str, int]
) -> list[_Outcome]:
    """Send the claimed messages: per channel, up to its concurrency of runners, each taking the next lane and
    sending its messages in order. A round of one lane is sent in this thread."""
    lanes = {
        channel: deque(kept for lane in channel_lanes if (kept := [m for m in lane if m in claimed]))
        for channel, channel_lanes in planned.items()
    }
    runners = [channel for channel, queue in lanes.items() for _ in range(min(concurrency[channel], len(queue)))]
    if len(runners) <= 1:
        return [outcome for queue in lanes.values() for outcome in _run_lanes(rt, queue, claimed)]
    futures = [_pool().submit(_run_lanes, rt, lanes[channel], claimed) for channel in runners]
    return [outcome for future in futures for outcome in future.result()]


def _run_lanes(rt: Runtime, queue: deque[list[str]], claimed: dict[str, tuple[Any, str]]) -> list[_Outcome]:
    outcomes: list[_Outcome] = []
    while True:
        try:
            lane = queue.popleft()  # deques are safe to pop from several threads
        except IndexError:
            return outcomes
        for message_id in lane:
            row, claim = claimed[message_id]
            outcomes.append(_deliver(rt, row, claim=claim))


_senders: ThreadPoolExecutor | None = None
_senders_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """The threads that send side by side, shared by the workers of this process (made on first use). A runner
    never waits for another, so a full pool only queues runners."""
    global _senders
    with _senders_lock:
        if _senders is None:
            _senders = ThreadPoolExecutor(max_workers=SENDERS, thread_name_prefix="aicident-send")
        return _senders


def _deliver(rt: Runtime, row, *, claim: str) -> _Outcome:
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
    return _Outcome(row, message, claim, started, sent, failure)


def _record_all(rt: Runtime, outcomes: list[_Outcome], *, worker: str) -> None:
    """Record the round's outcomes in one transaction (the messages sent, a statement for all); should that fail,
    each in its own, so one that cannot be recorded does not hold back the others (an outcome left unrecorded is
    sent again after its lease, with the same id)."""
    if not outcomes:
        return
    try:
        with rt.uow() as uow:
            plain = [outcome for outcome in outcomes if outcome.sent is not None and not outcome.sent.note]
            after = [_record_sent(rt, uow, plain, worker=worker)] if plain else []
            others = [outcome for outcome in outcomes if outcome.sent is None or outcome.sent.note]
            after += [_record(rt, uow, outcome, worker=worker) for outcome in others]
    except Exception:
        log.exception("recording %d outcomes at once failed; recording them one by one", len(outcomes))
        after = []
        for outcome in outcomes:
            try:
                with rt.uow() as uow:
                    after.append(_record(rt, uow, outcome, worker=worker))
            except Exception:
                log.exception("could not record the outcome of outbox message %s", outcome.message.id)
    for report in after:
        report()


def _record_sent(rt: Runtime, uow, outcomes: list[_Outcome], *, worker: str) -> Callable[[], None]:
    """`_record` for messages the receivers accepted without a note, all at once: per HTTP status, one update and
    the attempts of the messages it recorded (one statement on PostgreSQL); a message of a sent draft: its incident
    hears of it, once per draft."""
    now = rt.clock()
    recorded: set[str] = set()
    by_status: dict[tuple[str, int | None], list[_Outcome]] = {}
    for outcome in outcomes:
        assert outcome.sent is not None
        by_status.setdefault((outcome.claim, outcome.sent.http_status), []).append(outcome)
    for (claim, status), same in by_status.items():
        recorded |= uow.outbox.finish_with_attempts(
            [
                {"message_id": outcome.message.id, "number": outcome.row.attempts, "started_at": outcome.started}
                for outcome in same
            ],
            claim,
            attempt={"worker": worker, "finished_at": now, "outcome": SENT, "reason": None, "http_status": status},
            state=SENT,
            sent_at=now,
            finished_at=now,
            last_error=None,
            last_status=status,
            claim=None,
            leased_by=None,
            lease_until=None,
            updated_at=now,
        )
    done = [outcome for outcome in outcomes if outcome.message.id in recorded]
    last_of_draft = {outcome.message.batch or outcome.message.id: outcome.message for outcome in done}
    for message in last_of_draft.values():
        delivery.record_outcome(rt, uow, message, state=SENT, reason=None, now=now)

    def report() -> None:
        for channel in sorted({outcome.message.channel for outcome in outcomes}):
            tried = sum(outcome.message.channel == channel for outcome in outcomes)
            rt.counters.inc("aicident_outbox_attempts_total", tried, channel=channel, outcome=SENT)
        for outcome in outcomes:
            if outcome.message.id not in recorded:  # our lease ran out and another worker took the message over
                log.warning("outbox message %s: lease lost before its outcome (sent) was recorded", outcome.message.id)

    return report


def _settle(rt: Runtime, outcome: _Outcome, now: datetime) -> tuple[str, str | None, int | None, dict[str, Any]]:
    """What an outcome makes of its message: the attempt's result, reason and HTTP status, and the row's new values
    (sent, failed for good, or queued again after its backoff until the dead-letter time)."""
    sent, failure = outcome.sent, outcome.failure
    if sent is not None:
        reason, status = sent.note or None, sent.http_status
        return SENT, reason, status, {"state": SENT, "sent_at": now, "finished_at": now, "last_error": reason}
    if isinstance(failure, PermanentFailure):
        reason, status = str(failure), failure.http_status
        return FAILED, reason, status, {"state": FAILED, "finished_at": now, "last_error": reason}
    if failure is None:
        raise AssertionError("a send ends in a result or a failure")
    reason, status = str(failure), failure.http_status
    decision = after_transient(
        retry_policy(rt.plan.notify),
        attempt=outcome.row.attempts,
        window_started_at=outcome.row.window_started_at,
        now=now,
        retry_after=getattr(failure, "retry_after", None),
        draw=_random.random(),
    )
    values: dict[str, Any] = {"state": decision.state, "last_error": reason}
    if decision.state == DEAD:
        values["finished_at"] = now
    else:
        values["next_attempt_at"] = decision.next_attempt_at
    return "transient", reason, status, values


def _record(rt: Runtime, uow, outcome: _Outcome, *, worker: str) -> Callable[[], None]:
    """Record one outcome in `uow`'s transaction; returns what to count and log once it is committed."""
    message, attempt, now = outcome.message, outcome.row.attempts, rt.clock()
    result, reason, status, values = _settle(rt, outcome, now)
    values["last_status"] = status
    values.update(claim=None, leased_by=None, lease_until=None, updated_at=now)
    recorded = uow.outbox.finish(message.id, outcome.claim, **values)
    if recorded:  # else the worker that took the message over recorded this attempt as abandoned
        uow.outbox.add_attempt(_attempt(outcome, worker, now, result, reason, status))
    dead = recorded and values["state"] == DEAD
    if dead:
        for alert in _self_alerts(rt, message, reason, now, attempt):
            enqueue(uow, alert, now=now)
    if recorded:  # a message of a sent draft: its incident hears of it in this transaction
        delivery.record_outcome(rt, uow, message, state=values["state"], reason=reason, now=now)

    def report() -> None:
        rt.counters.inc("aicident_outbox_attempts_total", channel=message.channel, outcome=result)
        if not recorded:  # our lease ran out and another worker took the message over: its outcome will count
            log.warning("outbox message %s: lease lost before its outcome (%s) was recorded", message.id, result)
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
        elif result == FAILED:
            log.warning("outbox message %s to channel %s failed permanently: %s", message.id, message.channel, reason)

    return report


def _attempt(
    outcome: _Outcome, worker: str, now: datetime, result: str, reason: str | None, status: int | None
) -> dict[str, Any]:
    """The attempt row of an outcome: this worker's try, from its send to now."""
    return {
        "message_id": outcome.message.id,
        "number": outcome.row.attempts,
        "worker": worker,
        "started_at": outcome.started,
        "finished_at": now,
        "outcome": result,
        "reason": reason,
        "http_status": status,
    }


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
