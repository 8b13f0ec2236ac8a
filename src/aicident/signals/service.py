"""Signals to incidents: ingest deliveries (one transaction each), and the inbox people work through."""

from __future__ import annotations

import hmac
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from aicident.auth.model import Principal, authorize
from aicident.errors import Conflict, InvalidInput, NotFound, StorageUnavailable, Unauthorized
from aicident.incidents import service as incidents
from aicident.incidents.model import AISystem, Incident, Source
from aicident.runtime import Runtime
from aicident.signals.formats import FORMATS
from aicident.signals.model import Delivery, SignalAction, SignalEvent
from aicident.signals.routing import route
from aicident.store.uow import UnitOfWork

CUSTOMER_REPORTS = "customer-reports"  # the built-in integration behind the public report form
SYSTEM_ACTOR = "aicident"
DEFAULT_RATE_PER_MINUTE = 6000


@dataclass(frozen=True)
class Integration:
    id: str
    name: str
    format: str
    rate_per_minute: int


@dataclass
class Outcome:
    """What one delivery did, per event: new signal, occurrence of an open one, resolved, ignored."""

    signals: list[dict] = field(default_factory=list)

    def add(self, event: SignalEvent, signal_id: str | None, result: str, incident_ref: str | None) -> None:
        self.signals.append(
            {
                "dedup_key": event.dedup_key,
                "action": str(event.action),
                "signal": signal_id,
                "result": result,
                "incident": incident_ref,
            }
        )


# --- integrations -------------------------------------------------------------------------------------------


def add_integration(rt: Runtime, *, name: str, format: str, rate_per_minute: int = DEFAULT_RATE_PER_MINUTE) -> str:
    """Register a monitoring integration; returns its secret (shown once)."""
    if format not in FORMATS or format == "customer_report":
        raise InvalidInput(
            f"unknown integration format {format!r}", allowed=", ".join(f for f in FORMATS if f != "customer_report")
        )
    name = name.strip().lower()
    if not name or name == CUSTOMER_REPORTS or not name.replace("-", "").replace("_", "").isalnum():
        raise InvalidInput(
            f"{name!r} is not an integration name", allowed=f"letters, digits, '-' and '_' (not {CUSTOMER_REPORTS!r})"
        )
    if rate_per_minute < 1:
        raise InvalidInput("rate_per_minute must be at least 1")
    secret = "ais_" + secrets.token_urlsafe(24)
    with rt.uow() as uow:
        if uow.signals.integration_by_name(name) is not None:
            raise Conflict(f"an integration named {name!r} exists already")
        uow.signals.add_integration(
            {
                "id": str(uuid.uuid4()),
                "name": name,
                "format": format,
                "secret": secret,
                "rate_per_minute": rate_per_minute,
                "created_at": rt.clock(),
            }
        )
    return secret


def list_integrations(rt: Runtime) -> list[dict]:
    with rt.uow() as uow:
        return [
            {
                "name": i.name,
                "format": i.format,
                "rate_per_minute": i.rate_per_minute,
                "disabled": i.disabled_at is not None,
            }
            for i in uow.signals.all_integrations()
        ]


def _integration(row) -> Integration:
    return Integration(row.id, row.name, row.format, row.rate_per_minute)


def integration_for_secret(rt: Runtime, *, secret: str | None, name: str | None = None) -> Integration:
    """The enabled integration a secret (bearer token, header, path segment or routing key) belongs to."""
    if not secret:
        raise Unauthorized(
            "this endpoint needs the integration's secret",
            allowed="Authorization: Bearer <secret>, X-Aicident-Token, or an HMAC signature",
        )
    with rt.uow(read_only=True) as uow:
        row = uow.signals.integration_by_secret(secret)
    if row is None or row.disabled_at is not None or (name is not None and row.name != name):
        raise Unauthorized(
            "unknown or disabled integration secret", allowed="the secret printed by `aicident integration add`"
        )
    return _integration(row)


def integration_for_signature(rt: Runtime, *, name: str, body: bytes, signature: str) -> Integration:
    """HMAC-SHA256 of the body with the integration's secret, sent as `sha256=<hex>`."""
    with rt.uow(read_only=True) as uow:
        row = uow.signals.integration_by_name(name)
    expected = None
    if row is not None and row.disabled_at is None:
        expected = "sha256=" + hmac.new(row.secret.encode(), body, "sha256").hexdigest()
    if expected is None or not hmac.compare_digest(expected, signature.strip()):
        raise Unauthorized("the signature does not match", allowed="X-Aicident-Signature: sha256=<hex HMAC-SHA256>")
    return _integration(row)


def customer_reports(rt: Runtime) -> Integration:
    return Integration(id=CUSTOMER_REPORTS, name=CUSTOMER_REPORTS, format="customer_report", rate_per_minute=0)


# --- ingestion ----------------------------------------------------------------------------------------------


def ingest(rt: Runtime, *, integration: Integration, delivery: Delivery) -> Outcome:
    """Record every event of a delivery atomically; only after its commit may the sender hear 2xx."""
    outcome = rt.committer.submit(lambda connection: _ingest_in(rt, connection, integration, delivery))
    for item in outcome.signals:
        rt.counters.inc("aicident_signals_total", source=integration.format, result=item["result"])
    return outcome


def _ingest_in(rt: Runtime, connection, integration: Integration, delivery: Delivery) -> Outcome:
    for attempt in range(3):
        try:
            with UnitOfWork(None, connection) as uow:
                outcome, now, changed = Outcome(), rt.clock(), {}
                for event in delivery.events:
                    _ingest_event(rt, uow, integration, delivery, event, now, changed, outcome)
                for incident in changed.values():
                    if incident.new_entries:
                        uow.incidents.save(incident, now)
                return outcome
        except (IntegrityError, Conflict):
            # Another process opened the same signal (or changed its incident) first: run again and see it.
            if attempt == 2:
                raise StorageUnavailable("the delivery raced with others three times; retry it") from None
    raise AssertionError("unreachable")


def _load(uow: UnitOfWork, changed: dict[str, Incident], incident_id: str) -> Incident:
    if incident_id not in changed:
        changed[incident_id] = uow.incidents.get_by_id(incident_id, for_update=True)
    return changed[incident_id]


# Credentials a sender puts in its payload (PagerDuty's routing key is the integration's secret): never stored.
_SECRET_FIELDS = ("routing_key",)


def _without_secrets(document: dict) -> dict:
    return {k: v for k, v in document.items() if k not in _SECRET_FIELDS}


def _ingest_event(
    rt: Runtime,
    uow: UnitOfWork,
    integration: Integration,
    delivery: Delivery,
    event: SignalEvent,
    now: datetime,
    changed: dict[str, Incident],
    outcome: Outcome,
) -> None:
    dedup_key = event.dedup_key or uuid.uuid4().hex
    open_key = f"{integration.name}|{dedup_key}"
    existing = uow.signals.open_signal(open_key)

    if event.action != SignalAction.TRIGGER:
        if existing is None:
            outcome.add(event, None, "ignored_unknown", None)
            return
        values = {"status": "acknowledged", "last_seen_at": now}
        if event.action == SignalAction.RESOLVE:
            values = {"status": "resolved", "open_key": None, "resolved_at": now, "last_seen_at": now}
        uow.signals.change(existing.id, **values)
        ref = None
        if existing.incident_id:
            incident = _load(uow, changed, existing.incident_id)
            incident.record_signal(
                actor=SYSTEM_ACTOR,
                now=now,
                signal_id=existing.id,
                integration=integration.name,
                action=str(event.action),
                occurrence=existing.occurrences,
                title=event.title,
                dedup_key=dedup_key,
            )
            ref = incident.ref
        outcome.add(event, existing.id, str(values["status"]), ref)
        return

    if existing is not None:
        occurrence = existing.occurrences + 1
        uow.signals.change(
            existing.id,
            occurrences=occurrence,
            last_seen_at=now,
            raw=_without_secrets(event.raw),
            title=event.title,
            status="firing" if existing.status == "firing" else existing.status,
        )
        ref = None
        if existing.incident_id:
            incident = _load(uow, changed, existing.incident_id)
            incident.record_signal(
                actor=SYSTEM_ACTOR,
                now=now,
                signal_id=existing.id,
                integration=integration.name,
                action="trigger",
                occurrence=occurrence,
                title=event.title,
                dedup_key=dedup_key,
            )
            ref = incident.ref
        outcome.add(event, existing.id, "deduplicated", ref)
        return

    plan = rt.plan
    decision = route(plan, event, integration.name)
    signal_id = str(uuid.uuid4())
    incident: Incident | None = None
    if decision.action in ("declare", "attach"):
        incident_id = uow.signals.open_incident_of_group(integration.name, event.group_key) if event.group_key else None
        if incident_id is not None and _load(uow, changed, incident_id).category != decision.category:
            incident_id = None  # grouped with alerts of another category: this one gets its own incident
        if incident_id is None:
            found = (
                uow.incidents.find_open(category=decision.category, feature=decision.feature)
                if decision.category
                else None
            )
            incident_id = found.id if found else None
        if incident_id is not None:
            incident = _load(uow, changed, incident_id)
        elif decision.action == "declare":
            incident = _declare(rt, uow, event, decision, now)
            changed[incident.id] = incident
    inbox = "held" if incident is None else "attached"
    uow.signals.add(
        {
            "id": signal_id,
            "integration": integration.name,
            "format": event.format,
            "dedup_key": dedup_key,
            "open_key": open_key,
            "status": "firing",
            "inbox": inbox,
            "incident_id": incident.id if incident else None,
            "title": event.title,
            "severity": event.severity,
            "labels": event.labels,
            "annotations": event.annotations,
            "group_key": event.group_key,
            "links": event.links,
            "raw": _without_secrets(event.raw),
            "envelope": _without_secrets(delivery.envelope),
            "rule": decision.rule,
            "occurrences": 1,
            "first_seen_at": now,
            "last_seen_at": now,
        }
    )
    if incident is not None:
        incident.record_signal(
            actor=SYSTEM_ACTOR,
            now=now,
            signal_id=signal_id,
            integration=integration.name,
            action="trigger",
            occurrence=1,
            title=event.title,
            dedup_key=dedup_key,
        )
    outcome.add(event, signal_id, "new", incident.ref if incident else None)


def _declare(rt: Runtime, uow: UnitOfWork, event: SignalEvent, decision, now: datetime) -> Incident:
    source = Source.CUSTOMER_REPORT if event.format == "customer_report" else Source.MONITORING_ALERT
    return incidents.declare_in(
        rt,
        uow,
        now,
        title=event.title,
        category=decision.category,
        source=source,
        actor=SYSTEM_ACTOR,
        summary=event.annotations.get("description", ""),
        severity=decision.severity,
        detected_at=min(event.occurred_at, now) if event.occurred_at else None,
        ai_system=AISystem(
            feature=decision.feature,
            model=event.labels.get("model"),
            model_version=event.labels.get("model_version"),
            vendor=event.labels.get("vendor"),
        ),
    )


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
    row = uow.signals.get(signal_id)
    if row is None:
        raise NotFound(f"no signal {signal_id!r}", allowed="an id from `aicident signals list`")
    if row.inbox != "held":
        raise InvalidInput(f"signal {signal_id} is {row.inbox}, not held in the inbox")
    return row


def _attach_in(uow: UnitOfWork, row, incident: Incident, actor: str, now: datetime) -> None:
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
    uow.incidents.save(incident, now)
    uow.signals.change(row.id, inbox="attached", incident_id=incident.id)


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
