"""How the web pages describe an incident: guards in the plan's words, the tracker and the current stage's checklist,
when a stage moves on by itself, who may act, obligations at risk, controls in plain words, the log (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from factories import incident

from aicident.auth.model import Principal
from aicident.comms.model import Obligation, ObligationState
from aicident.errors import Step
from aicident.incidents.deadlines import incident_deadlines
from aicident.incidents.model import EntryType, Incident
from aicident.incidents.present import as_text, words_of
from aicident.plan.loader import default_plan
from aicident.web import present

PLAN = default_plan()
T0 = datetime(2026, 5, 4, 14, 0, tzinfo=UTC)


def declare(**extra) -> Incident:
    return incident(
        PLAN, now=T0, **{"id": "i-1", "ref": "INC-2026-0001", "title": "Assistant invents a refund policy", **extra}
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
    words = words_of(PLAN)
    texts = {str(e.type): as_text(e.record, words) for e in incident.new_entries}
    assert texts["declared"].startswith("Declared “Assistant invents a refund policy”")
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
    texts = [as_text(e.record, words) for e in incident.new_entries[-2:]]
    assert texts == [
        "Draft INC-2026-0001-D1 version 2 edited for internal: Update",
        "Draft INC-2026-0001-D1 version 2 approved as Executive Sponsor",
    ]
    # On a page the same words, with values set apart and what people wrote escaped.
    incident.add_entry("note", text="<script>alert(1)</script>", actor="cora", now=T0)
    html = [present.entry_html(e, words) for e in incident.new_entries]
    assert html[2] == '<span class="person">cora</span> is <strong>Incident Commander</strong>'
    assert html[-1] == "&lt;script&gt;alert(1)&lt;/script&gt;"


# --- the current stage's checklist, moving on, the command header's facts ------------------------------------------


def test_the_current_stage_reads_as_a_checklist_of_its_guards_met_or_not():
    incident = declare(severity="SEV-2")
    incident.advance(PLAN, actor="alice", now=T0)
    focus = present.stage_focus(incident, PLAN)
    assert [(i.guard, i.done, i.text, i.panel) for i in focus] == [
        ("severity", True, "severity set: SEV-2", "severity"),
        ("role:incident_commander", False, "assign the Incident Commander", "roles"),
    ]
    incident.assign(PLAN, "incident_commander", "cora", actor="cora", now=T0)
    assert [i.text for i in present.stage_focus(incident, PLAN)][1] == "Incident Commander: cora"
    assert present.focus_panels(incident, PLAN) == ["severity", "roles"]


def test_the_first_stage_starts_triage_and_each_later_stage_names_the_panel_of_its_guards():
    incident = declare()
    assert present.stage_focus(incident, PLAN) == []
    assert present.focus_panels(incident, PLAN) == ["severity"]
    incident.set_severity(PLAN, "SEV-2", actor="cora", now=T0)
    incident.advance(PLAN, actor="cora", now=T0)
    incident.assign(PLAN, "incident_commander", "cora", actor="cora", now=T0)
    incident.advance(PLAN, actor="cora", now=T0)
    assert present.focus_panels(incident, PLAN) == ["containment"]


def test_a_stage_moves_on_by_itself_unless_the_plan_asks_a_sign_off_or_it_is_the_last():
    incident = declare()
    assert present.auto_advances(incident, PLAN)
    stages = [PLAN.stages[0].model_copy(update={"sign_off": True}), *PLAN.stages[1:]]
    signed = PLAN.model_copy(update={"stages": stages})
    assert not present.auto_advances(incident, signed)
    incident.stage = PLAN.stages[-1].id
    assert not present.auto_advances(incident, PLAN)


def obligation(due_in: timedelta, window: timedelta, state: ObligationState = ObligationState.OPEN) -> Obligation:
    return Obligation(
        key="customers",
        audience="customers",
        source="matrix",
        title="customers notice",
        requirement="required",
        label="Within 24h",
        approvers=(),
        template="customer_notification",
        state=state,
        starts_at=T0 + due_in - window,
        due_at=T0 + due_in,
    )


def test_an_obligation_is_at_risk_when_overdue_or_in_the_last_quarter_of_its_window():
    day = timedelta(hours=24)
    early = obligation(timedelta(hours=12), day)
    late = obligation(timedelta(hours=5), day)
    overdue = obligation(-timedelta(minutes=1), day)
    met = obligation(timedelta(hours=1), day, ObligationState.MET)
    assert present.at_risk([early, late, overdue, met], T0) == [overdue, late]


def test_control_changes_read_in_plain_words_not_field_names():
    said = present.control_change_words(
        "support-assistant", {"enabled": False, "rate_per_second": 2.5, "model": None, "model_version": "2024-07-18"}
    )
    assert said == (
        "support-assistant: disabled; 2.5 requests per second in all; model: the application's own; "
        "model version: 2024-07-18"
    )
    assert "_" not in said.removeprefix("support-assistant")


def test_a_refusals_steps_on_the_incidents_own_page_link_within_it():
    steps = [Step("assign", "assign the Incident Commander", {"ref": "INC-2026-0001"})]
    assert present.step_links(steps, here="INC-2026-0001")[0].href == "#roles"
    assert present.step_links(steps, here="INC-2026-0002")[0].href == "/incidents/INC-2026-0001#roles"
    assert present.step_links(steps)[0].href == "/incidents/INC-2026-0001#roles"
