"""Signals to incidents: ingest deliveries (each atomically), and the inbox people work through.

Integrations (`signals.integrations`) and ingestion (`signals.ingest`) live in modules of their own; their use cases
are named here too, so that callers have one place to import them from.
"""

from __future__ import annotations

from datetime import datetime

from aicident.auth.model import Principal, authorize
from aicident.errors import Conflict, InvalidInput, NotFound, Step
from aicident.incidents import service as incidents
from aicident.incidents.model import AISystem, Incident, Source
from aicident.runtime import Runtime
from aicident.signals.formats import CE_RESOLVED_SUFFIXES, FORMATS, CloudEventsFormat, SignalFormat
from aicident.signals.ingest import (  # noqa: F401 - part of this module's interface
    MAX_DEDUP_KEY,
    MAX_SEVERITY,
    Outcome,
    Prepared,
    ingest,
    ingest_in,
    ingest_later,
    summarize_due,
)
from aicident.signals.integrations import (  # noqa: F401 - part of this module's interface
    CUSTOMER_REPORTS,
    DEFAULT_GRACE,
    DEFAULT_RATE_PER_MINUTE,
    DETECTORS,
    EVENTS,
    INTEGRATION_FORMATS,
    Integration,
    add_integration,
    customer_reports,
    delete_integration,
    detector_findings,
    grace_of,
    integration_for_secret,
    integration_for_signature,
    list_integrations,
    mask_secrets,
    rotate_integration,
    set_integration_enabled,
)
from aicident.store.uow import UnitOfWork

_CLOUDEVENTS: dict[tuple[str, ...], CloudEventsFormat] = {}


def signal_format(rt: Runtime, name: str) -> SignalFormat:
    """The parser of a format, configured by the plan in force (which CloudEvents types resolve)."""
    if name == "cloudevents":
        suffixes = tuple(rt.plan.signals.cloudevents_resolved_suffixes) or CE_RESOLVED_SUFFIXES
        if suffixes not in _CLOUDEVENTS:
            _CLOUDEVENTS[suffixes] = CloudEventsFormat(suffixes)
        return _CLOUDEVENTS[suffixes]
    return FORMATS[name]


# --- the inbox ----------------------------------------------------------------------------------------------


def signal_json(row, incident_ref: str | None = None) -> dict:
    return {
        "id": row.id,
        "integration": row.integration,
        "format": row.format,
        "dedup_key": row.dedup_key,
        "status": row.status,
        "inbox": row.inbox,
        "incident": incident_ref,
        "title": row.title,
        "severity": row.severity,
        "labels": row.labels,
        "annotations": row.annotations,
        "group_key": row.group_key,
        "links": row.links,
        "rule": row.rule,
        "occurrences": row.occurrences,
        "first_seen_at": row.first_seen_at.isoformat(),
        "last_seen_at": row.last_seen_at.isoformat(),
        "resolved_at": row.resolved_at.isoformat() if row.resolved_at else None,
        "dismissed_reason": row.dismissed_reason,
        "raw": row.raw,
        "envelope": row.envelope,
    }


def list_signals(
    rt: Runtime,
    *,
    inbox: str | None = None,
    status: str | None = None,
    ref: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict]:
    with rt.uow() as uow:
        incident_id = uow.incidents.get(ref).id if ref else None
        rows = uow.signals.list(inbox=inbox, status=status, incident_id=incident_id, limit=limit, offset=offset)
        refs = {r.incident_id: uow.incidents.get_by_id(r.incident_id).ref for r in rows if r.incident_id}
    return [signal_json(r, refs.get(r.incident_id)) for r in rows]


def _held(uow: UnitOfWork, signal_id: str):
    row = uow.signals.lock(signal_id)  # deliveries may be counting its repeats meanwhile
    if row is None:
        raise NotFound(
            f"no signal {signal_id!r}", allowed="the id of a signal", next=[Step("list_signals", "list the signals")]
        )
    if row.inbox != "held":
        raise Conflict(f"signal {signal_id} is {row.inbox}, not held in the inbox")
    return row


def _attach_in(uow: UnitOfWork, row, incident: Incident, actor: str, now: datetime) -> None:
    # The attach entry states the count so far: later repeats are summed up from here.
    incident.record_signal(
        actor=actor,
        now=now,
        signal_id=row.id,
        integration=row.integration,
        action="attach",
        occurrence=row.occurrences,
        title=row.title,
        dedup_key=row.dedup_key,
    )
    uow.signals.change(
        row.id,
        inbox="attached",
        incident_id=incident.id,
        summarized_occurrences=row.occurrences,
        summarized_at=now,
    )


def attach(rt: Runtime, *, signal_id: str, ref: str, actor: str, principal: Principal | None = None) -> str:
    """Attach a held signal to an incident."""
    authorize(rt.plan, principal, "signals")
    with rt.uow() as uow:
        row = _held(uow, signal_id)
        incident = uow.incidents.get(ref, for_update=True)
        _attach_in(uow, row, incident, actor, rt.clock())
    return incident.ref


def declare_from(
    rt: Runtime,
    *,
    signal_id: str,
    category: str,
    actor: str,
    severity: str | None = None,
    title: str | None = None,
    principal: Principal | None = None,
) -> str:
    """Declare an incident from a held signal and attach the signal to it, in one transaction."""
    authorize(rt.plan, principal, "signals")
    with rt.uow() as uow:
        row = _held(uow, signal_id)
        now = rt.clock()
        source = Source.CUSTOMER_REPORT if row.format == "customer_report" else Source.MONITORING_ALERT
        incident = incidents.declare_in(
            rt,
            uow,
            now,
            title=title or row.title,
            category=category,
            source=source,
            actor=actor,
            summary=(row.annotations or {}).get("description", ""),
            severity=severity,
            ai_system=AISystem(feature=(row.labels or {}).get("feature")),
        )
        _attach_in(uow, row, incident, actor, now)
    return incident.ref


def dismiss(rt: Runtime, *, signal_id: str, reason: str, actor: str, principal: Principal | None = None) -> None:
    authorize(rt.plan, principal, "signals")
    if not reason.strip():
        raise InvalidInput("dismissing a signal needs a reason")
    with rt.uow() as uow:
        row = _held(uow, signal_id)
        uow.signals.change(row.id, inbox="dismissed", dismissed_reason=f"{reason.strip()} ({actor})")
