"""One change path: a rule added to the table of handlers fires for changes made through every package that changes
incidents (incidents, containment, signals, reports, comms, the workers), in the transaction of the change."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from people_helpers import register_people

from aicident.comms import reminders
from aicident.comms import service as comms
from aicident.containment import service as containment
from aicident.errors import InvalidInput
from aicident.incidents import service as incidents
from aicident.incidents.changes import EVERY_ENTRY, Event
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue
from aicident.plan.schema import Feature
from aicident.reports import service as reports
from aicident.signals import service as signals
from aicident.signals.formats import FORMATS
from aicident.workers import log_breaches


def sev1_outbox_rule(event: Event) -> None:
    """A rule of the kind a plan might add: at SEV-1 every change leaves a message in the outbox."""
    if event.incident.severity == "SEV-1":
        enqueue(
            event.uow,
            Message(
                id=f"{event.incident.id}:rule:{event.entry.seq}",
                channel="audit-feed",
                to=(),
                subject=f"{event.incident.ref} {event.entry.type}",
                text=str(event.entry.type),
                kind="internal_update",
                incident_id=event.incident.id,
                incident_ref=event.incident.ref,
            ),
            now=event.now,
        )


def rule_messages(rt, ref: str) -> list[str]:
    with rt.uow(read_only=True) as uow:
        incident_id = uow.incidents.get(ref).id
        return sorted(
            m.subject.split(" ", 1)[1]
            for m in uow.outbox.list(incident_id=incident_id, limit=1000)
            if m.channel == "audit-feed"
        )


@pytest.fixture
def rt(runtime):
    register_people(runtime, "dana")
    runtime.handlers.setdefault(EVERY_ENTRY, []).append(sev1_outbox_rule)
    return runtime


def sev1(rt, title: str = "Assistant leaks account numbers") -> str:
    ref = incidents.declare(rt, title=title, category="data_leak", source="monitoring_alert", actor="dana").ref
    incidents.triage(rt, ref=ref, actor="dana", severity="SEV-1", commander="dana")
    return ref


def test_a_rule_on_the_change_path_fires_for_incident_use_cases_but_not_before_the_severity_it_asks_for(rt):
    ref = incidents.declare(rt, title="Assistant leaks", category="data_leak", source="monitoring_alert", actor="d").ref
    assert rule_messages(rt, ref) == []
    incidents.triage(rt, ref=ref, actor="dana", severity="SEV-1", commander="dana")
    assert rule_messages(rt, ref) == ["role_change", "severity_change", "stage_change"]


def test_a_rule_on_the_change_path_fires_for_containment(rt):
    containment.register_feature(rt, feature=Feature(name="support_chat"), actor="dana")
    ref = sev1(rt)
    containment.change(
        rt, feature="support_chat", changes={"enabled": False}, actor="dana", reason="leaking", incident=ref
    )
    assert "containment_action" in rule_messages(rt, ref)


def test_a_rule_on_the_change_path_fires_for_signals_attached_to_an_incident(rt):
    ref = sev1(rt)
    secret = signals.add_integration(rt, name="alerts", format="alertmanager")
    body = json.dumps(
        {
            "version": "4",
            "status": "firing",
            "receiver": "aicident",
            "alerts": [{"status": "firing", "labels": {"alertname": "LeakRate"}, "annotations": {}}],
        }
    ).encode()
    integration = signals.integration_for_secret(rt, secret=secret)
    [held] = signals.ingest(rt, integration=integration, delivery=FORMATS["alertmanager"].parse(body, {})).signals
    signals.attach(rt, signal_id=held["signal"], ref=ref, actor="dana")
    assert "signal" in rule_messages(rt, ref)


def test_a_rule_on_the_change_path_fires_for_reports_and_follow_ups(rt):
    ref = sev1(rt)
    reports.add_follow_up(rt, ref=ref, text="Allow-list tool recipients", actor="dana", owner="dana", due="2026-12-31")
    assert "action_item" in rule_messages(rt, ref)


def test_a_rule_on_the_change_path_fires_for_communications(rt):
    ref = sev1(rt)
    comms.create_draft(rt, ref=ref, obligation="internal", actor="dana")
    assert "draft" in rule_messages(rt, ref)


def test_a_rule_on_the_change_path_fires_for_the_workers(rt, clock):
    ref = sev1(rt)
    clock.advance(days=30)  # every deadline of the incident passes unmet
    assert log_breaches(rt) > 0
    reminders.send_reminders(rt)
    assert "deadline_breached" in rule_messages(rt, ref)


def test_a_failing_rule_rolls_the_whole_change_back(rt):
    ref = sev1(rt)
    before = incidents.get(rt, ref=ref)

    def refuse(event: Event) -> None:
        raise InvalidInput("refused by a rule")

    rt.handlers[EVERY_ENTRY].append(refuse)
    with pytest.raises(InvalidInput, match="refused by a rule"):
        incidents.add_entry(rt, ref=ref, type="note", text="lost", actor="dana")
    after = incidents.get(rt, ref=ref)
    assert (after.incident.version, len(after.log)) == (before.incident.version, len(before.log))
    assert rule_messages(rt, ref) == ["role_change", "severity_change", "stage_change"]


def test_changes_loaded_twice_in_one_transaction_are_one_incident_saved_once(rt, clock):
    ref = sev1(rt)
    version = incidents.get(rt, ref=ref).incident.version
    with rt.uow() as uow:
        first = uow.incidents.get(ref, for_update=True)
        again = uow.incidents.get_by_id(first.id, for_update=True)
        assert first is again
        first.add_entry("note", text="one", actor="dana", now=clock.now)
        again.add_entry("note", text="two", actor="dana", now=clock.now + timedelta(seconds=1))
    view = incidents.get(rt, ref=ref)
    assert view.incident.version == version + 1
    assert [e.data["text"] for e in view.log[-2:]] == ["one", "two"]


def test_an_incident_a_handler_changes_is_published_and_saved_in_the_same_transaction(rt, clock):
    watcher = incidents.declare(rt, title="Watcher", category="data_leak", source="monitoring_alert", actor="d").ref
    ref = sev1(rt)

    def mirror(event: Event) -> None:
        if event.incident.ref == ref and event.entry.type == "note":
            other = event.uow.incidents.get(watcher, for_update=True)
            other.add_entry("note", text=f"{ref} noted: {event.entry.data['text']}", actor="aicident", now=event.now)

    rt.handlers[EVERY_ENTRY].append(mirror)
    incidents.add_entry(rt, ref=ref, type="note", text="tool allow-listed", actor="dana")
    assert incidents.get(rt, ref=watcher).log[-1].data["text"] == f"{ref} noted: tool allow-listed"


def _signal(incident, now, occurrence: int) -> None:
    incident.record_signal(
        actor="aicident",
        now=now,
        signal_id="s-1",
        integration="prometheus",
        action="trigger",
        occurrence=occurrence,
        title="error rate above 5%",
        dedup_key="fp-1",
    )


def test_a_change_of_signal_entries_alone_moves_the_head_and_keeps_every_other_column(rt, clock):
    ref = sev1(rt)
    before = incidents.get(rt, ref=ref)
    with rt.uow() as uow:
        _signal(uow.incidents.get(ref, for_update=True), clock.now, 1)
    after = incidents.get(rt, ref=ref)
    assert after.incident.version == before.incident.version + 1
    assert (after.incident.log_count, after.incident.last_hash) == (len(after.log), after.log[-1].hash)
    unchanged = {"version", "log_count", "last_hash"}
    assert {k: v for k, v in vars(after.incident).items() if k not in unchanged} == {
        k: v for k, v in vars(before.incident).items() if k not in unchanged
    }
    assert incidents.verify(rt)[1] == []


def test_a_field_changed_in_the_same_transaction_as_a_signal_entry_is_saved(rt, clock):
    ref = sev1(rt)
    with rt.uow() as uow:
        incident = uow.incidents.get(ref, for_update=True)
        _signal(incident, clock.now, 1)
        incident.add_entry("note", text="paged the vendor", actor="dana", now=clock.now)
        _signal(incident, clock.now, 2)
        incident.set_severity(rt.plan, "SEV-2", actor="dana", now=clock.now, reason="fewer users hit")
    after = incidents.get(rt, ref=ref)
    assert after.incident.severity == "SEV-2"
    assert [e.type for e in after.log[-4:]] == ["signal", "note", "signal", "severity_change"]
