"""How the web pages describe an incident: guards in the plan's words, the tracker, who may act, the log (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aicident.auth.model import Principal
from aicident.incidents.deadlines import incident_deadlines
from aicident.incidents.model import EntryType, Incident
from aicident.plan.loader import default_plan, plan_version
from aicident.incidents.present import as_text, words_of
from aicident.web import present

PLAN = default_plan()
WORDS = words_of(PLAN)
T0 = datetime(2026, 5, 4, 14, 0, tzinfo=UTC)


def declare(**extra) -> Incident:
    return Incident.declare(
        plan=PLAN,
        plan_version=plan_version(PLAN),
        id="i-1",
        ref="INC-2026-0001",
        title="Assistant invents a refund policy",
        category="hallucination_harm",
        source="customer_report",
        actor="alice",
        now=T0,
        **extra,
    )


def person(handle: str, *roles: str) -> Principal:
    return Principal(person_id=handle, handle=handle, name=handle, roles=frozenset(roles))


def test_a_guard_reads_in_the_plans_words_and_points_at_its_panel_without_cli_commands():
    incident = declare()
    incident.advance(PLAN, actor="alice", now=T0)
    needs = present.guard_needs(incident, PLAN)
    assert [(n.guard, n.anchor) for n in needs] == [("severity", "severity"), ("role:incident_commander", "roles")]
    assert needs[1].needs == "assign the Incident Commander"
    assert not any("`" in n.needs or "aicident " in n.needs for n in needs)


def test_the_tracker_marks_done_current_and_upcoming_stages_and_what_each_will_need():
    incident = declare(severity="SEV-2")
    incident.advance(PLAN, actor="alice", now=T0)
    incident.assign(PLAN, "incident_commander", "alice", actor="alice", now=T0)
    incident.advance(PLAN, actor="alice", now=T0)
    tracker = present.stage_tracker(incident, PLAN)
    assert [s.state for s in tracker] == ["done", "done", "current"] + ["upcoming"] * 5
    assert [n.guard for n in tracker[2].needs] == ["containment"]
    assert [n.guard for n in tracker[3].needs] == ["root_cause"]


def test_only_the_actions_the_plan_grants_are_offered():
    incident = declare()
    viewer, commander = person("viewer"), person("cora", "incident_commander")
    shown = present.permissions(PLAN, viewer, incident)
    assert shown["log"] and shown["declare"] and not shown["stage"] and not shown["assign"]
    assert present.permissions(PLAN, commander, incident)["stage"]
    incident.assign(PLAN, "ai_lead", "viewer", actor="cora", now=T0)  # a role held on the incident counts
    assert present.permissions(PLAN, viewer, incident)["diagnose"]


def test_the_next_deadline_is_the_earliest_one_still_open():
    incident = declare(severity="SEV-1")
    deadlines = incident_deadlines(incident, PLAN)
    found = present.next_deadline(deadlines, T0 + timedelta(minutes=1))
    assert found.kind == "response"
    incident.assign(PLAN, "incident_commander", "cora", actor="cora", now=T0 + timedelta(minutes=2))
    found = present.next_deadline(incident_deadlines(incident, PLAN), T0 + timedelta(minutes=3))
    assert found.kind == "communication:customers"


def test_the_owner_is_whoever_holds_the_current_stages_owner_role():
    incident = declare()
    assert present.owner(incident, PLAN) is None
    incident.assign(PLAN, "ai_lead", "alex", actor="cora", now=T0)
    assert present.owner(incident, PLAN) == "alex"  # no one owns detect: the first role held
    incident.assign(PLAN, "incident_commander", "cora", actor="cora", now=T0)
    incident.advance(PLAN, actor="cora", now=T0)
    assert present.owner(incident, PLAN) == "cora"


def test_log_entries_read_as_sentences_and_every_entry_type_can_be_filtered():
    incident = declare(severity="SEV-3")
    incident.assign(PLAN, "incident_commander", "cora", actor="cora", now=T0)
    incident.add_entry("note", text="first complaint at 09:12", actor="cora", now=T0)
    incident.record_containment(action="disabled refunds answers", actor="cora", now=T0)
    incident.record_breach(actor="aicident", now=T0, kind="response", label="SEV-3 response", due_at=T0)
    texts = {str(e.type): as_text(e.record, WORDS) for e in incident.new_entries}
    assert texts["declared"] == "Declared Assistant invents a refund policy (Hallucination Harm, from customer report)"
    assert texts["severity_change"] == "Severity none → SEV-3 (set): severity proposed at declaration"
    assert texts["role_change"] == "cora is Incident Commander"
    assert texts["note"] == "first complaint at 09:12"
    assert texts["containment_action"] == "Containment: disabled refunds answers"
    assert texts["deadline_breached"] == "Deadline missed: SEV-3 response"
    assert set(present.LOG_TYPES) == {str(t) for t in EntryType}
    incident.record_draft(
        actor="cora",
        now=T0,
        draft="INC-2026-0001-D1",
        version=2,
        obligation="internal",
        subject="Update",
        action="edited",
    )
    incident.record_approval(
        actor="sam", now=T0, draft="INC-2026-0001-D1", version=2, role="executive_sponsor", text_hash="0" * 64
    )
    texts = [as_text(e.record, WORDS) for e in incident.new_entries[-2:]]
    assert texts == [
        "Draft INC-2026-0001-D1 version 2 edited for internal: Update",
        "Draft INC-2026-0001-D1 version 2 approved as Executive Sponsor",
    ]
