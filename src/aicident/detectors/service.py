"""Interaction events in, findings out: each batch is deduplicated on event id, observed by the detectors, and its
findings ingested as signals, in one transaction. Detectors that judge in the background (a local model) hand their
findings to `ingest_findings` from their worker, each hand-over in a transaction of its own."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from aicident.detectors.model import Finding, InteractionEvent
from aicident.detectors.signals import findings_delivery
from aicident.runtime import Runtime
from aicident.signals import service as signals


@dataclass(frozen=True)
class EventsOutcome:
    accepted: int
    duplicates: int
    findings: list[Finding]
    signals: list[dict]


def receive(rt: Runtime, *, integration: signals.Integration, events: list[InteractionEvent]) -> EventsOutcome:
    """Only after the commit may the application hear 2xx; a resent batch is counted, never observed twice."""
    rt.detectors.start(lambda findings: ingest_findings(rt, findings=findings))
    return rt.committer.submit(lambda connection: _receive_in(rt, connection, integration, events))


def ingest_findings(rt: Runtime, *, findings: list[Finding]) -> list[dict]:
    """Findings raised off the request path, through the same routing, dedup and incident log as any other."""
    if not findings:
        return []

    def unit(connection: Connection) -> list[dict]:
        with rt.uow(connection=connection) as uow:
            outcome = signals.ingest_in(uow, rt, signals.detector_findings(), findings_delivery(findings))
        return outcome.signals

    return rt.committer.submit(unit)


def stop_background(rt: Runtime, *, timeout: float = 10.0) -> None:
    """Let the background detectors finish what is queued (for at most `timeout`) and stop their workers."""
    detectors = getattr(rt, "_detectors", None)  # never built: nothing runs in the background
    if detectors is not None:
        detectors.flush(timeout)
        detectors.close(timeout)


def _receive_in(
    rt: Runtime, connection: Connection, integration: signals.Integration, events: list[InteractionEvent]
) -> EventsOutcome:
    with rt.uow(connection=connection) as uow:
        taken = uow.interaction_events.seen(integration.name, (e.id for e in events))
        fresh = []
        for event in events:
            if event.id not in taken:
                taken.add(event.id)
                fresh.append(event)
        uow.interaction_events.add(integration.name, fresh, rt.clock())
        findings = rt.detectors.observe(fresh)
        outcome = (
            signals.ingest_in(uow, rt, signals.detector_findings(), findings_delivery(findings)) if findings else None
        )
    return EventsOutcome(
        accepted=len(fresh),
        duplicates=len(events) - len(fresh),
        findings=findings,
        signals=outcome.signals if outcome else [],
    )
