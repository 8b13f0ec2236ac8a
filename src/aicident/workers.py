"""Background work: the deadline poller. Runs in the service process by default, or as `aicident worker`
processes when scaled out on PostgreSQL; claims are conditional updates, so any number of workers is safe and a
restart loses nothing (an unclaimed breach is found again on the next poll)."""

from __future__ import annotations

import logging
import threading
import time

from aicident.audit.service import write_checkpoint
from aicident.auth.model import SYSTEM_ACTOR
from aicident.comms import reminders
from aicident.containment.service import expire_due
from aicident.errors import AicidentError
from aicident.notify.service import deliver_due
from aicident.runtime import Runtime
from aicident.signals.ingest import summarize_due

log = logging.getLogger("aicident.workers")
CHECKPOINT_EVERY = 30.0  # seconds between signed checkpoints of the logs' heads (when any changed)
OUTBOX_BATCH = 50  # due messages a delivery round reads (a round sends those of them it can send within the lease)


def log_breaches(rt: Runtime, *, limit: int = 100) -> int:
    """Log each deadline that passed unmet on its incident, once; returns how many were logged now."""
    with rt.uow() as uow:
        due = uow.incidents.breached_deadlines(rt.clock(), limit)
    logged = 0
    for row in due:
        with rt.uow() as uow:
            now = rt.clock()
            if not uow.incidents.claim_breach(row.incident_id, row.kind, row.due_at, now):
                continue  # another worker claimed it, or the deadline was met or moved meanwhile
            incident = uow.incidents.get_by_id(row.incident_id, for_update=True)
            incident.record_breach(actor=SYSTEM_ACTOR, now=now, kind=row.kind, label=row.label, due_at=row.due_at)
            reminders.escalate_breach(
                uow,
                incident,
                rt.plan_of(incident.plan_version, uow),
                kind=row.kind,
                label=row.label,
                due_at=row.due_at,
                now=now,
            )
            logged += 1
        rt.counters.inc("aicident_deadline_breaches_total", kind=row.kind.split(":")[0])
        log.info("deadline breached", extra={"incident": incident.ref})
    return logged


def drain_outbox(
    rt: Runtime, stop: threading.Event | None = None, *, batch: int = OUTBOX_BATCH, budget: float = 10.0
) -> int:
    """Deliver rounds until none is due (or `budget` seconds pass, so breaches and reminders keep their turn, or
    `stop` is set): a backlog is not held to one round per poll. A failed message waits for its backoff, so it is not
    tried again at once. Returns how many messages were tried."""
    started = time.monotonic()
    tried = 0
    while (round_tried := deliver_due(rt, limit=batch)) > 0:
        tried += round_tried
        if (stop is not None and stop.is_set()) or time.monotonic() - started >= budget:
            break
    return tried


def run_workers(rt: Runtime, stop: threading.Event, *, interval: float = 2.0) -> None:
    """Poll until `stop` is set; a failed round is logged and retried, never fatal."""
    next_checkpoint = 0.0
    while not stop.is_set():
        try:
            log_breaches(rt)
            reminders.send_reminders(rt)
            reminders.nudge_unassigned(rt)
            reminders.remind_action_items(rt)
            drain_outbox(rt, stop)
            expire_due(rt)  # control changes whose expiry passed revert, each claimed once
            if time.monotonic() >= next_checkpoint:
                write_checkpoint(rt)
                next_checkpoint = time.monotonic() + CHECKPOINT_EVERY
            summarize_due(rt)  # repeats of signals that stopped repeating, summed up in the incident log
        except AicidentError as error:
            log.warning("worker round failed: %s", error)
        except Exception:  # keep polling: the next round may succeed (database restarted, lock released)
            log.exception("worker round failed")
        stop.wait(interval)


def start_in_background(rt: Runtime, *, interval: float = 2.0) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(
        target=run_workers, args=(rt, stop), kwargs={"interval": interval}, name="aicident-workers", daemon=True
    )
    thread.start()
    return thread, stop
