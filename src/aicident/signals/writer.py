"""Writing deliveries' events as signals, in one pass over one or more deliveries (`DeliveryWriter`).

A delivery's open signals are locked (in one order) when it starts; repeats are counted in the UPDATE itself
(`occurrences = occurrences + n ... RETURNING`), so replicas never lose one and no occurrence number is given twice.
The incident log records a signal's first occurrence and its changes of status (acknowledged, resolved, fired again);
its repeats are summed up in one `signal_summary` entry at most once per summary interval, by the next delivery or by
the workers (`ingest.summarize_due`), never one entry each. Several deliveries written together (a merged run of
SQLite's group committer or of PostgreSQL's merging writer) are applied in order, as if one after the other; on
PostgreSQL the locks they need are taken up front, each kind in one order (`_lock_declarations`, `_lock_incidents`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aicident.auth.model import SYSTEM_ACTOR
from aicident.errors import Conflict
from aicident.incidents import service as incidents
from aicident.incidents.model import AISystem, Incident, Source
from aicident.runtime import Runtime
from aicident.signals.integrations import Integration
from aicident.signals.model import Delivery, SignalAction, SignalEvent
from aicident.signals.routing import Decision, route
from aicident.store.uow import UnitOfWork


@dataclass
class Outcome:
    """What one delivery did, per event: new, deduplicated (a repeat), duplicate (a redelivery of an event already
    taken: nothing changed), acknowledged, resolved, ignored_unknown."""

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


def open_key_of(integration: str, dedup_key: str) -> str:
    return f"{integration}|{dedup_key}"


# Credentials a sender puts in its payload (PagerDuty's routing key is the integration's secret): never stored.
_SECRET_FIELDS = ("routing_key",)


def _without_secrets(document: dict) -> dict:
    return {k: v for k, v in document.items() if k not in _SECRET_FIELDS}


@dataclass
class _Open:
    """An open signal as this delivery sees it: stored (and locked), or inserted by an earlier event of it."""

    id: str
    integration: str
    title: str
    occurrences: int
    status: str
    incident_id: str | None
    group_key: str | None
    summarized_occurrences: int
    summarized_at: datetime | None
    ref: str | None = None
    row: dict | None = None  # the pending insert, when the signal is new in this delivery
    pending: int = 0  # repeats counted in this delivery, not yet added to the stored count


class DeliveryWriter:
    """Applies deliveries' events in order, with few statements: the open signals they need in one query, the repeats
    of all of them in one atomic update, the rest of the changes batched (deliveries of many alerts are the hot path).
    """

    def __init__(
        self, rt: Runtime, uow: UnitOfWork, deliveries: list[tuple[Integration, Delivery]], now: datetime
    ) -> None:
        self.rt, self.uow, self.deliveries, self.now = rt, uow, deliveries, now
        self.integration, self.delivery = deliveries[0]  # the delivery being applied
        self.summary_every = timedelta(seconds=rt.plan.signals.summary_seconds())
        self.outcome = Outcome()
        self.incidents: dict[str, Incident] = {}
        self.found: dict[tuple[str, str | None], str | None] = {}
        self.updates: dict[str, dict] = {}
        self.inserts: list[dict] = []
        keys = [open_key_of(i.name, e.dedup_key) for i, d in deliveries for e in d.events if e.dedup_key]
        self.open: dict[str, _Open] = {
            row.open_key: _Open(
                row.id,
                row.integration,
                row.title,
                row.occurrences,
                row.status,
                row.incident_id,
                row.group_key,
                row.summarized_occurrences,
                row.summarized_at,
                row.incident_ref,
            )
            for row in uow.signals.open_signals(keys)
        }
        self.repeated: dict[str, _Open] = {}  # stored signals with repeats in these deliveries, by id
        self.resolved = self._resolved_before()  # (integration, dedup key) of signals that resolved: a new one refires
        self.decisions: dict[int, Decision] = {}  # new signals routed up front (PostgreSQL), by id(event)
        self.declarations = self._lock_declarations()
        self.fresh: set[tuple[str, str]] = set()  # (integration, event id) taken for the first time
        event_ids: dict[str, list[str]] = defaultdict(list)
        for integration, delivery in deliveries:
            event_ids[integration.name].extend(e.event_id for e in delivery.events if e.event_id)
        for name, ids in event_ids.items():
            if ids:
                fresh = uow.signals.claim_events(name, list(dict.fromkeys(ids)), now)
                self.fresh.update((name, event_id) for event_id in fresh)
        self._lock_incidents()

    def _resolved_before(self) -> set[tuple[str, str]]:
        """Of the keys not open now, those whose signal resolved before: one query per integration, not one per new
        signal (a resolve in these very deliveries is added as it is applied)."""
        keys: dict[str, list[str]] = defaultdict(list)
        for integration, delivery in self.deliveries:
            for event in delivery.events:
                if event.dedup_key and open_key_of(integration.name, event.dedup_key) not in self.open:
                    keys[integration.name].append(event.dedup_key)
        return {(name, key) for name, ks in keys.items() for key in self.uow.signals.resolved_before(name, ks)}

    def _lock_declarations(self) -> set[tuple[str, str]]:
        """PostgreSQL: take the locks that keep two replicas from declaring the same incident before any incident row
        is locked, all at once and in one order; taken later, one delivery holding an incident row and waiting for
        such a lock and another holding that lock and waiting for the row deadlock (PostgreSQL breaks it after a
        second). SQLite has one writer: nothing to take. Returns the (category, feature) pairs locked."""
        if self.rt.engine.dialect.name != "postgresql":
            return set()
        resolving = {
            (i.name, e.dedup_key) for i, d in self.deliveries for e in d.events if e.action == SignalAction.RESOLVE
        }
        keys: set[tuple[str, str]] = set()
        for integration, delivery in self.deliveries:
            for event in delivery.events:
                if event.action != SignalAction.TRIGGER:
                    continue
                repeat = event.dedup_key and open_key_of(integration.name, event.dedup_key) in self.open
                if repeat and (integration.name, event.dedup_key) not in resolving:
                    continue  # a repeat: it declares nothing
                decision = self.decisions[id(event)] = route(self.rt.plan, event, integration.name)
                if decision.action == "declare" and decision.category:
                    keys.add((decision.category, decision.feature or ""))
        for category, feature in sorted(keys):
            self.uow.signals.advisory_lock(f"declare {category}|{feature}")
        return keys

    def _lock_incidents(self) -> None:
        """PostgreSQL: lock the incidents these deliveries will log to all at once, in one order (by id), after the
        signals and the declaration locks: deliveries written together touch several incidents, and two writers
        (replicas) locking them in the order their events come would deadlock. They are the incidents of the open
        signals that a change of status or a due summary logs to, and the open incidents new signals join (those of
        an alert group are found, and locked, when reached). SQLite has one writer: nothing to take."""
        if self.rt.engine.dialect.name != "postgresql":
            return
        ids: set[str] = set()
        for integration, delivery in self.deliveries:
            for event in delivery.events:
                signal = self.open.get(open_key_of(integration.name, event.dedup_key)) if event.dedup_key else None
                if signal is None or signal.incident_id is None:
                    continue
                if event.action != SignalAction.TRIGGER or self._summary_due(signal):
                    ids.add(signal.incident_id)
        for decision in self.decisions.values():
            if decision.action in ("declare", "attach") and decision.category:
                incident_id = self._open_incident(decision)
                if incident_id is not None:
                    ids.add(incident_id)
        for incident_id in sorted(ids):
            self._incident(incident_id)

    def _summary_due(self, signal: _Open) -> bool:
        return signal.summarized_at is None or self.now - signal.summarized_at >= self.summary_every

    def write(self) -> list[Outcome]:
        outcomes = []
        for integration, delivery in self.deliveries:
            self.integration, self.delivery, self.outcome = integration, delivery, Outcome()
            for event in self.delivery.events:
                self.add(event)
            outcomes.append(self.outcome)
        self.flush()
        return outcomes

    def _incident(self, incident_id: str) -> Incident:
        """The incident, locked for change through the change path; saved when the unit of work commits."""
        if incident_id not in self.incidents:
            with self.rt.changing(incident_id=incident_id, action=None, uow=self.uow) as change:
                self.incidents[incident_id] = change.incident
        return self.incidents[incident_id]

    def _change(self, signal: _Open, **values) -> None:
        if signal.row is not None:
            signal.row.update(values)
        else:
            self.updates.setdefault(signal.id, {}).update(values)

    def _log(self, signal: _Open, event: SignalEvent, action: str, dedup_key: str) -> str | None:
        if signal.incident_id is None:
            return None
        incident = self._incident(signal.incident_id)
        incident.record_signal(
            actor=SYSTEM_ACTOR,
            now=self.now,
            signal_id=signal.id,
            integration=self.integration.name,
            action=action,
            occurrence=signal.occurrences,
            title=event.title,
            dedup_key=dedup_key,
        )
        self._change(signal, summarized_occurrences=signal.occurrences, summarized_at=self.now)
        signal.summarized_occurrences, signal.summarized_at = signal.occurrences, self.now
        return incident.ref

    def add(self, event: SignalEvent) -> None:
        dedup_key = event.dedup_key or uuid.uuid4().hex
        open_key = open_key_of(self.integration.name, dedup_key)
        signal = self.open.get(open_key)
        if event.event_id is not None:
            taken = (self.integration.name, event.event_id)
            if taken not in self.fresh:  # taken before (or earlier in these very deliveries)
                self.outcome.add(event, signal.id if signal else None, "duplicate", signal.ref if signal else None)
                return
            self.fresh.discard(taken)
        if event.action != SignalAction.TRIGGER:
            self._status(event, signal, dedup_key, open_key)
        elif signal is not None:
            self._repeat(event, signal)
        else:
            self._new(event, dedup_key, open_key)

    def _status(self, event: SignalEvent, signal: _Open | None, dedup_key: str, open_key: str) -> None:
        if signal is None:
            self.outcome.add(event, None, "ignored_unknown", None)
            return
        self._count(signal)  # the numbers so far, before the entry that states them
        if event.action == SignalAction.RESOLVE:
            self._change(signal, status="resolved", open_key=None, resolved_at=self.now, last_seen_at=self.now)
            del self.open[open_key]
            self.resolved.add((self.integration.name, dedup_key))
            status = "resolved"
        else:
            self._change(signal, status="acknowledged", last_seen_at=self.now)
            signal.status = status = "acknowledged"
        self._log(signal, event, str(event.action), dedup_key)
        self.outcome.add(event, signal.id, status, signal.ref)

    def _repeat(self, event: SignalEvent, signal: _Open) -> None:
        """Another occurrence: counted, never a log entry of its own. The payload kept is the latest one."""
        values: dict[str, Any] = {"raw": _without_secrets(event.raw)}
        if event.title != signal.title:
            values["title"] = signal.title = event.title
        if signal.row is not None:
            signal.occurrences += 1
            values.update(occurrences=signal.occurrences, last_seen_at=self.now)
        else:  # the update that counts it (`occur_many`) also sets last_seen_at
            signal.pending += 1
            self.repeated[signal.id] = signal
        self._change(signal, **values)
        self.outcome.add(event, signal.id, "deduplicated", signal.ref)

    def _count(self, signal: _Open) -> None:
        """Add this delivery's repeats of one signal to its stored count now (a status entry is about to state it)."""
        if signal.pending:
            counted = self.uow.signals.occur_many([signal.id], times=signal.pending, now=self.now)
            signal.occurrences, signal.pending = counted[signal.id], 0
            self.repeated.pop(signal.id, None)

    def _target(self, decision: Decision, event: SignalEvent) -> str | None:
        """The open incident a new signal belongs to: the one of its category about the same feature (an alert
        group can span features, so its key only decides for rules without a category)."""
        if not decision.category:
            return self._group_incident(event.group_key)
        return self._open_incident(decision)

    def _open_incident(self, decision: Decision) -> str | None:
        """The open incident of a decision's category and feature (found once per run), the lock that guards
        declaring it taken first."""
        assert decision.category is not None
        key = (decision.category, decision.feature)
        if key not in self.found:
            locked = (decision.category, decision.feature or "") in self.declarations
            if decision.action == "declare" and not locked:  # two replicas must not both declare it
                self.uow.signals.advisory_lock(f"declare {decision.category}|{decision.feature or ''}")
            self.found[key] = self.uow.incidents.find_open(category=decision.category, feature=decision.feature)
        return self.found[key]

    def _group_incident(self, group_key: str | None) -> str | None:
        if not group_key:
            return None
        for signal in self.open.values():  # a signal of the group opened earlier in these deliveries
            if signal.group_key == group_key and signal.incident_id and signal.integration == self.integration.name:
                return signal.incident_id
        return self.uow.signals.open_incident_of_group(self.integration.name, group_key)

    def _new(self, event: SignalEvent, dedup_key: str, open_key: str) -> None:
        decision = self.decisions.get(id(event)) or route(self.rt.plan, event, self.integration.name)
        incident: Incident | None = None
        if decision.action in ("declare", "attach"):
            incident_id = self._target(decision, event)
            if incident_id is not None:
                incident = self._incident(incident_id)
            elif decision.action == "declare":
                incident = _declare(self.rt, self.uow, event, decision, self.now)
                self.incidents[incident.id] = incident
                self.found[(incident.category, decision.feature)] = incident.id
        row: dict[str, Any] = {
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
            "summarized_occurrences": 1,
            "summarized_at": self.now,
        }
        self.inserts.append(row)
        signal = _Open(
            row["id"],
            self.integration.name,
            event.title,
            1,
            "firing",
            row["incident_id"],
            event.group_key,
            1,
            self.now,
            incident.ref if incident else None,
            row,
        )
        self.open[open_key] = signal
        action = "trigger"
        if incident is not None and (self.integration.name, dedup_key) in self.resolved:
            action = "refire"
        self._log(signal, event, action, dedup_key)
        self.outcome.add(event, signal.id, "new", signal.ref)

    def _summarize(self) -> None:
        """One summary entry for each repeated signal on an incident whose last entry is a summary interval old."""
        for signal in self.repeated.values():
            if (
                signal.incident_id is not None
                and signal.occurrences > signal.summarized_occurrences
                and self._summary_due(signal)
            ):
                self._summary(signal)

    def _summary(self, signal: _Open) -> None:
        assert signal.incident_id is not None
        self._incident(signal.incident_id).record_signal_summary(
            actor=SYSTEM_ACTOR,
            now=self.now,
            signal_id=signal.id,
            integration=signal.integration,
            title=signal.title,
            first=signal.summarized_occurrences + 1,
            last=signal.occurrences,
            since=signal.summarized_at or self.now,
        )
        self._change(signal, summarized_occurrences=signal.occurrences, summarized_at=self.now)
        signal.summarized_occurrences, signal.summarized_at = signal.occurrences, self.now

    def flush(self) -> None:
        if self.rt.engine.dialect.name == "postgresql":
            self._flush_locked()
            return
        # Every repeat of every stored signal in one statement per count (almost always one: each alert once).
        by_times: dict[int, list[str]] = defaultdict(list)
        for signal in self.repeated.values():
            by_times[signal.pending].append(signal.id)
        for times, ids in by_times.items():
            for signal_id, occurrences in self.uow.signals.occur_many(ids, times=times, now=self.now).items():
                signal = self.repeated[signal_id]
                signal.occurrences, signal.pending = occurrences, 0
        self._summarize()
        # Updates before inserts: a resolve frees an open key that a later event of the delivery may open again.
        self.uow.signals.change_many(self.updates)
        self.uow.signals.add_many(self.inserts)  # the incidents changed are saved when the unit of work commits

    def _flush_locked(self) -> None:
        """PostgreSQL: the stored signals these deliveries change were locked when they started (`open_signals`), so
        the counts read then are the stored ones and the repeats' new counts are known before they are written: the
        summaries are decided first, and the repeats counted (`occurrences + n` in the update itself), their payloads
        and summaries written, in one UPDATE per set of columns (almost always one) whose returned counts must be the
        ones stated; were one not (a lock missed), the delivery is tried again, nothing of it kept."""
        expected: dict[str, int] = {}
        for signal in self.repeated.values():
            signal.occurrences += signal.pending
            self.updates.setdefault(signal.id, {}).update(_times=signal.pending, last_seen_at=self.now)
            expected[signal.id], signal.pending = signal.occurrences, 0
        self._summarize()
        # Updates before inserts: a resolve frees an open key that a later event of the delivery may open again.
        counted = self.uow.signals.change_many(self.updates)
        if counted != expected:
            raise Conflict("a signal was counted by another delivery meanwhile", allowed="send the delivery again")
        self.uow.signals.add_many(self.inserts)  # the incidents changed are saved when the unit of work commits


def _declare(rt: Runtime, uow: UnitOfWork, event: SignalEvent, decision: Decision, now: datetime) -> Incident:
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
