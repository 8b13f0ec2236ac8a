"""The deadline poller: a breach is logged once on its incident, however many workers poll, and a met deadline
never breaches."""

from __future__ import annotations

import threading

from people_helpers import register_people

from aicident.incidents import service
from aicident.incidents.model import EntryType
from aicident.workers import log_breaches, run_workers


def breaches(runtime, ref):
    return [e for e in service.get(runtime, ref=ref).log if e.type == EntryType.DEADLINE_BREACHED]


def test_an_untriaged_incident_breaches_its_response_deadline_once_after_fifteen_minutes(runtime, clock):
    ref = service.declare(
        runtime, title="Bot leaks prompts", category="data_leak", source="monitoring_alert", actor="dana"
    ).ref
    clock.advance(minutes=14, seconds=59)
    assert log_breaches(runtime) == 0
    clock.advance(seconds=2)
    assert log_breaches(runtime) == 1
    assert log_breaches(runtime) == 0
    [entry] = breaches(runtime, ref)
    assert (entry.actor, entry.data["deadline"], entry.data["label"]) == (
        "aicident",
        "response",
        "response (not yet triaged)",
    )
    assert service.verify(runtime) == (1, [])


def test_a_deadline_met_in_time_never_breaches(runtime, clock):
    register_people(runtime, "dana")
    ref = service.declare(
        runtime, title="Jailbreak", category="prompt_injection", source="customer_report", actor="dana"
    ).ref
    clock.advance(minutes=5)
    service.triage(runtime, ref=ref, actor="dana", severity="SEV-2", commander="dana")
    clock.advance(hours=3)
    assert log_breaches(runtime) == 0
    assert breaches(runtime, ref) == []


def test_a_moved_deadline_can_breach_again(runtime, clock):
    ref = service.declare(
        runtime, title="Drift", category="model_degradation", source="monitoring_alert", actor="dana", severity="SEV-3"
    ).ref
    clock.advance(hours=5)
    assert log_breaches(runtime) == 1  # SEV-3: 4 hours, untriaged for want of a commander
    service.set_severity(runtime, ref=ref, severity="SEV-4", actor="dana", reason="internal only")
    assert log_breaches(runtime) == 0  # next business day: not due yet
    clock.advance(days=5)
    assert log_breaches(runtime) == 1
    assert [e.data["label"] for e in breaches(runtime, ref)] == [
        "SEV-3 response (Within 4 hours)",
        "SEV-4 response (Next business day)",
    ]


def test_four_workers_polling_at_once_log_each_breach_exactly_once(runtime, clock):
    refs = [
        service.declare(
            runtime, title=f"Outage {n}", category="vendor_outage", source="monitoring_alert", actor="dana"
        ).ref
        for n in range(6)
    ]
    clock.advance(minutes=20)
    stop = threading.Event()
    workers = [threading.Thread(target=run_workers, args=(runtime, stop), kwargs={"interval": 0.01}) for _ in range(4)]
    for worker in workers:
        worker.start()
    try:
        for _ in range(500):
            if all(breaches(runtime, ref) for ref in refs):
                break
            stop.wait(0.02)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=10)
    assert [len(breaches(runtime, ref)) for ref in refs] == [1] * 6
    assert service.verify(runtime) == (6, [])
