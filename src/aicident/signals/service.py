"""Signals to incidents: ingest deliveries (one transaction each), and the inbox people work through."""

from __future__ import annotations

import hmac
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from aicident.auth.model import SYSTEM_ACTOR, Principal, authorize, require_admin
from aicident.errors import Conflict, InvalidInput, NotFound, Step, StorageUnavailable, Unauthorized
from aicident.incidents import service as incidents
from aicident.incidents.model import AISystem, Incident, Source
from aicident.runtime import Runtime
from aicident.signals.formats import FORMATS
from aicident.signals.model import Delivery, SignalAction, SignalEvent
from aicident.signals.routing import route
from aicident.store.uow import UnitOfWork

CUSTOMER_REPORTS = "customer-reports"  # the built-in integration behind the public report form
DETECTORS = "detectors"  # the built-in integration detector findings arrive through
EVENTS = "events"  # an AI application's interaction events (POST /api/v1/events), for the detectors
INTEGRATION_FORMATS = (*(f for f in FORMATS if f != "customer_report"), EVENTS)
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


def add_integration(
    rt: Runtime,
    *,
    name: str,
    format: str,
    rate_per_minute: int = DEFAULT_RATE_PER_MINUTE,
    principal: Principal | None = None,
) -> str:
    """Register a monitoring integration (administrators); returns its secret (shown once)."""
    require_admin(principal, "add integrations")
    if format not in INTEGRATION_FORMATS:
        raise InvalidInput(f"unknown integration format {format!r}", allowed=", ".join(INTEGRATION_FORMATS))
    name = name.strip().lower()
    if (
        not name
        or len(name) > 100
        or name in (CUSTOMER_REPORTS, DETECTORS)
        or not name.replace("-", "").replace("_", "").isalnum()
    ):
        raise InvalidInput(
            f"{name!r} is not an integration name",
            allowed=f"up to 100 letters, digits, '-' and '_' (not {CUSTOMER_REPORTS!r})",
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
            "unknown or disabled integration secret",
            allowed="the secret printed when the integration was added",
            next=[Step("list_integrations", "list the integrations")],
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


def detector_findings() -> Integration:
    return Integration(id=DETECTORS, name=DETECTORS, format="detector", rate_per_minute=0)


# --- ingestion ----------------------------------------------------------------------------------------------


MAX_DEDUP_KEY = 500
MAX_SEVERITY = 64


def _check_lengths(delivery: Delivery) -> None:
    """What the columns hold at most: refuse (400) rather than fail to store (5xx) and be retried forever."""
    for index, event in enumerate(delivery.events):
        if event.dedup_key is not None and len(event.dedup_key) > MAX_DEDUP_KEY:
            raise InvalidInput(
                f"event {index}: its dedup key (fingerprint) is {len(event.dedup_key)} characters",
                allowed=f"at most {MAX_DEDUP_KEY}",
            )
        if event.severity is not None and len(event.severity) > MAX_SEVERITY:
            raise InvalidInput(
                f"event {index}: its severity is {len(event.severity)} characters",
                allowed=f"at most {MAX_SEVERITY}, e.g. critical, warning",
            )


def ingest(rt: Runtime, *, integration: Integration, delivery: Delivery) -> Outcome:
    """Record every event of a delivery atomically; only after its commit may the sender hear 2xx."""
    _check_lengths(delivery)
    outcome = rt.committer.submit(lambda connection: _ingest_in(rt, connection, integration, delivery))
    for item in outcome.signals:
        rt.counters.inc("aicident_signals_total", source=integration.format, result=item["result"])
    return outcome


def ingest_in(uow: UnitOfWork, rt: Runtime, integration: Integration, delivery: Delivery) -> Outcome:
    """Ingest inside a transaction the caller owns (interaction events and their findings commit together)."""
    _check_lengths(delivery)
    return _write(uow, rt, integration, delivery)


def _write(uow: UnitOfWork, rt: Runtime, integration: Integration, delivery: Delivery) -> Outcome:
    writer = _DeliveryWriter(rt, uow, integration, delivery, rt.clock())
    for event in delivery.events:
        writer.add(event)
    return writer.flush()


def _ingest_in(rt: Runtime, connection, integration: Integration, delivery: Delivery) -> Outcome:
    for attempt in range(3):
        try:
            with rt.uow(connection=connection) as uow:
                return _write(uow, rt, integration, delivery)
        except (IntegrityError, Conflict):
            # Another process opened the same signal (or changed its incident) first: run again and see it.
            if attempt == 2:
                raise StorageUnavailable("the delivery raced with others three times; retry it") from None
    raise AssertionError("unreachable")


# Credentials a sender puts in its payload (PagerDuty's routing key is the integration's secret): never stored.
_SECRET_FIELDS = ("routing_key",)


def _without_secrets(document: dict) -> dict:
    return {k: v for k, v in document.items() if k not in _SECRET_FIELDS}


@dataclass
class _Open:
    """An open signal as this delivery sees it: stored, or inserted by an earlier event of the delivery."""

    id: str
    occurrences: int
    status: str
    incident_id: str | None
    group_key: str | None
    row: dict | None = None  # the pending insert, when the signal is new in this delivery


class _DeliveryWriter:
    """Applies a delivery's events in order, reading the open signals it needs in one query and writing signal
    changes in a few batched statements (a delivery of many alerts is the hot path)."""

    def __init__(self, rt: Runtime, uow: UnitOfWork, integration: Integration, delivery: Delivery, now: datetime):
        self.rt, self.uow, self.integration, self.delivery, self.now = rt, uow, integration, delivery, now
        self.outcome = Outcome()
        self.incidents: dict[str, Incident] = {}
        self.updates: dict[str, dict] = {}
        self.inserts: list[dict] = []
        keys = [self._open_key(e.dedup_key) for e in delivery.events if e.dedup_key]
        self.open: dict[str, _Open] = {
            row.open_key: _Open(row.id, row.occurrences, row.status, row.incident_id, row.group_key)
            for row in uow.signals.open_signals(keys)
        }

    def _open_key(self, dedup_key: str) -> str:
        return f"{self.integration.name}|{dedup_key}"

    def _incident(self, incident_id: str) -> Incident:
        if incident_id not in self.incidents:
            self.incidents[incident_id] = self.uow.incidents.get_by_id(incident_id, for_update=True)
        return self.incidents[incident_id]

    def _change(self, signal: _Open, **values) -> None:
        if signal.row is not None:
            signal.row.update(values)
        else:
            self.updates.setdefault(signal.id, {}).update(values)

    def _log(self, signal: _Open, event: SignalEvent, action: str, occurrence: int, dedup_key: str) -> str | None:
        if signal.incident_id is None:
            return None
        incident = self._incident(signal.incident_id)
        incident.record_signal(
            actor=SYSTEM_ACTOR,
            now=self.now,
            signal_id=signal.id,
            integration=self.integration.name,
            action=action,
            occurrence=occurrence,
            title=event.title,
            dedup_key=dedup_key,
        )
        return incident.ref

    def add(self, event: SignalEvent) -> None:
        dedup_key = event.dedup_key or uuid.uuid4().hex
        open_key = self._open_key(dedup_key)
        signal = self.open.get(open_key)
        if event.action != SignalAction.TRIGGER:
            if signal is None:
                self.outcome.add(event, None, "ignored_unknown", None)
                return
            if event.action == SignalAction.RESOLVE:
                self._change(signal, status="resolved", open_key=None, resolved_at=self.now, last_seen_at=self.now)
                del self.open[open_key]
                status = "resolved"
            else:
                self._change(signal, status="acknowledged", last_seen_at=self.now)
                signal.status = status = "acknowledged"
            ref = self._log(signal, event, str(event.action), signal.occurrences, dedup_key)
            self.outcome.add(event, signal.id, status, ref)
            return
        if signal is not None:
            signal.occurrences += 1
            self._change(
                signal,
                occurrences=signal.occurrences,
                last_seen_at=self.now,
                raw=_without_secrets(event.raw),
                title=event.title,
            )
            ref = self._log(signal, event, "trigger", signal.occurrences, dedup_key)
            self.outcome.add(event, signal.id, "deduplicated", ref)
            return
        self._new(event, dedup_key, open_key)

    def _group_incident(self, group_key: str | None) -> str | None:
        if not group_key:
            return None
        for signal in self.open.values():  # a signal of the group opened earlier in this delivery
            if signal.group_key == group_key and signal.incident_id:
                return signal.incident_id
        return self.uow.signals.open_incident_of_group(self.integration.name, group_key)

    def _new(self, event: SignalEvent, dedup_key: str, open_key: str) -> None:
        decision = route(self.rt.plan, event, self.integration.name)
        incident: Incident | None = None
        if decision.action in ("declare", "attach"):
            incident_id = self._group_incident(event.group_key)
            if incident_id is not None and self._incident(incident_id).category != decision.category:
                incident_id = None  # grouped with alerts of another category: this one gets its own incident
            if incident_id is None and decision.category:
                found = self.uow.incidents.find_open(category=decision.category, feature=decision.feature)
                incident_id = found.id if found else None
            if incident_id is not None:
                incident = self._incident(incident_id)
            elif decision.action == "declare":
                incident = _declare(self.rt, self.uow, event, decision, self.now)
                self.incidents[incident.id] = incident
        row = {
            "id": str(uuid.uuid4()),
            "integration": self.integration.name,
            "format": event.format,
            "dedup_key": dedup_key,
            "open_key": open_key,
            "status": "firing",
            "inbox": "held" if incident is None else "attached",
            "incident_id": incident.id if incident else None,
            "title": event.title,
            "severity": event.severity,
            "labels": event.labels,
            "annotations": event.annotations,
            "group_key": event.group_key,
            "links": event.links,
            "raw": _without_secrets(event.raw),
            "envelope": _without_secrets(self.delivery.envelope),
            "rule": decision.rule,
            "occurrences": 1,
            "first_seen_at": self.now,
            "last_seen_at": self.now,
            "resolved_at": None,
            "dismissed_reason": None,
        }
        self.inserts.append(row)
        signal = _Open(row["id"], 1, "firing", row["incident_id"], event.group_key, row=row)
        self.open[open_key] = signal
        ref = self._log(signal, event, "trigger", 1, dedup_key)
        self.outcome.add(event, signal.id, "new", ref)

    def flush(self) -> Outcome:
        # Updates first: a resolve frees an open key that a later event of the delivery may open again.
        self.uow.signals.change_many(self.updates)
        self.uow.signals.add_many(self.inserts)
        return self.outcome  # the incidents it changed are saved when the unit of work commits


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
        raise NotFound(
            f"no signal {signal_id!r}", allowed="the id of a signal", next=[Step("list_signals", "list the signals")]
        )
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
