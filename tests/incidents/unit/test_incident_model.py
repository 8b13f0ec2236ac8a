"""The incident aggregate against the default plan: declaration, stage guards, severity, roles, reopen, the log."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from factories import incident

from aicident.audit.chain import GENESIS, first_break
from aicident.errors import GuardFailed, InvalidInput
from aicident.incidents.model import INCIDENT_FIELDS, EntryType, Facts, Incident, Status
from aicident.plan.loader import default_plan, plan_version

PLAN = default_plan()
VERSION = plan_version(PLAN)
T0 = datetime(2026, 5, 4, 14, 0, tzinfo=UTC)  # a Monday afternoon
STAGES = ["detect", "triage", "contain", "diagnose", "remediate", "communicate", "document", "learn"]


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def declare(*, now: datetime = T0, **overrides) -> Incident:
    return incident(PLAN, now=now, **{"title": "Chatbot quoted wrong refund policy", **overrides})


def snapshot(incident: Incident) -> dict:
    state = {name: copy.deepcopy(getattr(incident, name)) for name in INCIDENT_FIELDS}
    state["new_entries"] = len(incident.new_entries)
    return state


def entry_types(incident: Incident) -> list[EntryType]:
    return [e.type for e in incident.new_entries]


def chain_rows(incident: Incident) -> list[tuple[int, str, str, dict]]:
    return [(e.seq, e.prev_hash, e.hash, e.payload(incident.id)) for e in incident.new_entries]


def in_stage(stage: str, *, severity: str = "SEV-3", facts: Facts | None = None) -> Incident:
    """An incident moved to `stage` by doing just what each earlier stage asks for."""
    incident = declare(facts=facts)
    minute = 0

    def tick() -> datetime:
        nonlocal minute
        minute += 1
        return at(minute)

    for here in STAGES[: STAGES.index(stage)]:
        if here == "triage":
            incident.set_severity(PLAN, severity, actor="alice", now=tick())
            incident.assign(PLAN, "incident_commander", "alice", actor="alice", now=tick())
        elif here == "contain":
            incident.record_containment(action="kill switch: refunds answers off", actor="alice", now=tick())
        elif here == "diagnose":
            incident.record_root_cause(
                layer="data", description="stale refund policy in the index", actor="bob", now=tick()
            )
        elif here == "remediate":
            incident.resolve(summary="index rebuilt, eval passes", actor="bob", now=tick())
        elif here == "communicate":
            for audience in incident.missing_communications(PLAN):
                incident.record_communication(PLAN, audience=audience, summary="told them", actor="carol", now=tick())
        elif here == "document":
            incident.record_report(location="https://wiki.example/AI-2026-0001", actor="alice", now=tick())
        incident.advance(PLAN, actor="alice", now=tick())
    assert incident.stage == stage
    return incident


# --- declaring -------------------------------------------------------------------------------------------------


def test_a_declared_incident_starts_in_the_first_stage_with_one_declared_entry():
    incident = declare()

    assert incident.stage == "detect"
    assert incident.status == Status.OPEN
    assert incident.declared_at == incident.detected_at == incident.became_aware_at == T0
    assert incident.log_count == 1
    [entry] = incident.new_entries
    assert entry.type == EntryType.DECLARED
    assert entry.seq == 1
    assert entry.prev_hash == GENESIS
    assert entry.actor == "alice"
    assert entry.data["category"] == "hallucination_harm"
    assert entry.data["source"] == "customer_report"
    assert entry.data["stage"] == "detect"
    assert incident.last_hash == entry.hash


def without_obligations(data: dict) -> dict:
    """An entry's data without what the change did to the obligations (tested on its own in test_obligations)."""
    return {k: v for k, v in data.items() if k != "obligations"}


def test_declaring_with_a_severity_logs_it_as_a_second_entry():
    incident = declare(severity="SEV-2")

    assert incident.severity == "SEV-2"
    assert entry_types(incident) == [EntryType.DECLARED, EntryType.SEVERITY_CHANGE]
    # The severity brings the matrix's SEV-2 obligations with it: daily internal updates, the first a day later.
    assert incident.new_entries[1].data == {
        "old": None,
        "new": "SEV-2",
        "direction": "set",
        "reason": "severity proposed at declaration",
        "obligations": [
            {
                "obligation": "internal",
                "change": "added",
                "title": "internal update (Daily updates)",
                "due_at": (incident.declared_at + timedelta(hours=24)).isoformat(),
            }
        ],
    }
    assert incident.triaged_at is None  # no Incident Commander yet


def test_an_unknown_category_is_refused_naming_the_allowed_categories():
    with pytest.raises(InvalidInput) as refused:
        declare(category="hallucination")

    assert "unknown category 'hallucination'" in refused.value.message
    assert refused.value.allowed == (
        "one of: hallucination_harm, bias_incident, data_leak, prompt_injection, model_degradation, vendor_outage"
    )


def test_an_unknown_source_is_refused_naming_the_allowed_sources():
    with pytest.raises(InvalidInput) as refused:
        declare(source="twitter")

    assert "unknown source 'twitter'" in refused.value.message
    assert refused.value.allowed == "one of: customer_report, monitoring_alert, internal_observation"


def test_detection_in_the_future_is_refused():
    with pytest.raises(InvalidInput, match="cannot be in the future"):
        declare(detected_at=at(5))


def test_an_empty_title_is_refused():
    with pytest.raises(InvalidInput, match="title must not be empty"):
        declare(title="   ")


# --- stage guards ----------------------------------------------------------------------------------------------


def test_leaving_detect_needs_nothing():
    incident = declare()

    incident.advance(PLAN, actor="alice", now=at(1))

    assert incident.stage == "triage"
    assert incident.new_entries[-1].type == EntryType.STAGE_CHANGE
    assert incident.new_entries[-1].data == {"old": "detect", "new": "triage", "reason": ""}


def test_leaving_triage_without_a_severity_is_refused_naming_the_severity_guard():
    incident = in_stage("triage")
    incident.assign(PLAN, "incident_commander", "alice", actor="alice", now=at(10))

    with pytest.raises(GuardFailed) as refused:
        incident.advance(PLAN, actor="alice", now=at(11))

    assert refused.value.guard == "severity"
    assert "cannot leave triage for contain" in refused.value.message
    assert "set a severity" in refused.value.message
    assert "Incident Commander" not in refused.value.message
    assert incident.stage == "triage"


def test_leaving_triage_without_an_incident_commander_is_refused_naming_the_role():
    incident = in_stage("triage")
    incident.set_severity(PLAN, "SEV-2", actor="alice", now=at(10))

    with pytest.raises(GuardFailed) as refused:
        incident.advance(PLAN, actor="alice", now=at(11))

    assert refused.value.guard == "role:incident_commander"
    assert "assign the Incident Commander" in refused.value.message
    assert "set a severity" not in refused.value.message


def test_leaving_triage_with_nothing_done_lists_both_needs():
    incident = in_stage("triage")

    with pytest.raises(GuardFailed) as refused:
        incident.advance(PLAN, actor="alice", now=at(10))

    assert refused.value.guard == "severity"
    assert [u["guard"] for u in refused.value.details["unmet"]] == ["severity", "role:incident_commander"]
    assert "set a severity" in refused.value.message
    assert "assign the Incident Commander" in refused.value.message


def test_leaving_contain_without_containment_is_refused():
    incident = in_stage("contain")

    with pytest.raises(GuardFailed) as refused:
        incident.advance(PLAN, actor="alice", now=at(30))

    assert refused.value.guard == "containment"
    assert "record a containment action" in refused.value.message
    assert incident.contained_at is None


def test_deciding_no_containment_is_needed_with_a_reason_lets_the_incident_leave_contain():
    incident = in_stage("contain")

    incident.decide_no_containment(reason="feature already disabled by the vendor", actor="alice", now=at(30))
    incident.advance(PLAN, actor="alice", now=at(31))

    assert incident.stage == "diagnose"
    assert incident.contained_at == at(30)
    assert incident.no_containment_reason == "feature already disabled by the vendor"
    assert incident.new_entries[-2].data == {"action": None, "none_needed": "feature already disabled by the vendor"}


def test_deciding_no_containment_without_a_reason_is_refused():
    incident = in_stage("contain")

    with pytest.raises(InvalidInput, match="reason no containment is needed must not be empty"):
        incident.decide_no_containment(reason="  ", actor="alice", now=at(30))
    assert incident.no_containment_reason is None


def test_the_first_containment_action_sets_contained_at_and_later_ones_do_not_move_it():
    incident = in_stage("contain")

    incident.record_containment(action="throttle to 10%", actor="alice", now=at(30))
    incident.record_containment(action="kill switch", actor="bob", now=at(40))

    assert incident.contained_at == at(30)
    assert [c["action"] for c in incident.containment] == ["throttle to 10%", "kill switch"]


def test_leaving_diagnose_without_a_root_cause_is_refused():
    incident = in_stage("diagnose")

    with pytest.raises(GuardFailed) as refused:
        incident.advance(PLAN, actor="alice", now=at(30))

    assert refused.value.guard == "root_cause"
    assert "record a root cause in model/prompt/data/integration" in refused.value.message


def test_a_root_cause_in_an_unknown_layer_is_refused_naming_the_four_layers():
    incident = in_stage("diagnose")

    with pytest.raises(InvalidInput) as refused:
        incident.record_root_cause(layer="network", description="DNS", actor="bob", now=at(30))

    assert refused.value.allowed == "one of: model, prompt, data, integration"
    assert incident.root_cause is None


def test_a_root_cause_lets_the_incident_leave_diagnose():
    incident = in_stage("diagnose")

    incident.record_root_cause(
        layer="prompt", description="system prompt lost its citation rule", actor="bob", now=at(30)
    )
    incident.advance(PLAN, actor="bob", now=at(31))

    assert incident.stage == "remediate"
    assert incident.root_cause["layer"] == "prompt"
    assert incident.root_cause["by"] == "bob"


def test_leaving_remediate_unresolved_is_refused():
    incident = in_stage("remediate")

    with pytest.raises(GuardFailed) as refused:
        incident.advance(PLAN, actor="bob", now=at(30))

    assert refused.value.guard == "resolved"
    assert "resolve the incident" in refused.value.message


def test_resolving_records_when_and_lets_the_incident_leave_remediate():
    incident = in_stage("remediate")

    incident.resolve(summary="prompt restored", actor="bob", now=at(30))
    incident.advance(PLAN, actor="bob", now=at(31))

    assert incident.status == Status.RESOLVED
    assert incident.resolved_at == at(30)
    assert incident.stage == "communicate"


def test_a_sev1_must_tell_customers_and_internal_before_leaving_communicate():
    incident = in_stage("communicate", severity="SEV-1")

    with pytest.raises(GuardFailed) as refused:
        incident.advance(PLAN, actor="carol", now=at(30))

    assert refused.value.guard == "communications"
    assert "meet the obligations customers, internal or waive" in refused.value.message
    assert incident.missing_communications(PLAN) == ["customers", "internal"]


def test_a_sev1_with_personal_data_must_also_tell_regulators():
    incident = in_stage("communicate", severity="SEV-1")
    incident.set_facts(actor="alice", now=at(29), personal_data_involved=True)

    assert incident.missing_communications(PLAN) == ["customers", "regulators", "internal"]


def test_a_material_sev1_must_also_tell_the_public():
    incident = in_stage("communicate", severity="SEV-1")
    incident.set_facts(actor="alice", now=at(29), material=True)

    assert incident.missing_communications(PLAN) == ["customers", "public", "internal"]


def test_a_sev2_tells_customers_only_when_customers_are_affected():
    incident = in_stage("communicate", severity="SEV-2")
    assert incident.missing_communications(PLAN) == ["internal"]

    incident.set_facts(actor="alice", now=at(29), customers_affected=12)

    assert incident.missing_communications(PLAN) == ["customers", "internal"]


def test_a_sev4_needs_only_the_internal_communication():
    incident = in_stage("communicate", severity="SEV-4")
    incident.set_facts(actor="alice", now=at(29), customers_affected=5, personal_data_involved=True, material=True)

    assert incident.missing_communications(PLAN) == ["internal"]


def test_recording_or_waiving_each_required_communication_lets_the_incident_leave_communicate():
    incident = in_stage("communicate", severity="SEV-1")

    incident.record_communication(
        PLAN, audience="customers", summary="email to affected accounts", actor="carol", now=at(30), channel="email"
    )
    with pytest.raises(GuardFailed, match="meet the obligations internal or waive"):
        incident.advance(PLAN, actor="carol", now=at(31))
    incident.waive_communication(
        PLAN, audience="internal", reason="whole company was in the channel", actor="carol", now=at(32)
    )
    incident.advance(PLAN, actor="carol", now=at(33))

    assert incident.stage == "document"
    assert incident.waivers == {"internal": "whole company was in the channel"}
    assert incident.communications[0]["channel"] == "email"


def test_waiving_a_communication_needs_a_reason():
    incident = in_stage("communicate", severity="SEV-1")

    with pytest.raises(InvalidInput, match="waiver reason must not be empty"):
        incident.waive_communication(PLAN, audience="customers", reason=" ", actor="carol", now=at(30))
    assert incident.waivers == {}


def test_an_unknown_audience_is_refused_naming_the_audiences():
    incident = in_stage("communicate", severity="SEV-1")

    with pytest.raises(InvalidInput) as refused:
        incident.record_communication(PLAN, audience="press", summary="x", actor="carol", now=at(30))

    assert refused.value.allowed == "one of: customers, regulators, public, internal"


def test_leaving_document_without_a_report_is_refused():
    incident = in_stage("document")

    with pytest.raises(GuardFailed) as refused:
        incident.advance(PLAN, actor="alice", now=at(30))

    assert refused.value.guard == "report"
    assert "record the post-incident report" in refused.value.message


def test_closing_without_a_review_is_refused():
    incident = in_stage("learn")

    with pytest.raises(GuardFailed) as refused:
        incident.close(PLAN, actor="alice", now=at(30))

    assert refused.value.guard == "review"
    assert "hold the post-incident review" in refused.value.message
    assert incident.status == Status.RESOLVED


def test_closing_after_the_review_closes_the_incident():
    incident = in_stage("learn")

    incident.record_review(attendees=["alice", " bob ", ""], summary="add eval gate", actor="alice", now=at(30))
    incident.close(PLAN, actor="alice", now=at(31))

    assert incident.status == Status.CLOSED
    assert incident.closed_at == at(31)
    assert incident.review["attendees"] == ["alice", "bob"]
    assert incident.new_entries[-1].type == EntryType.CLOSED


def test_closing_is_refused_when_a_communication_became_required_after_the_communicate_stage():
    incident = in_stage("learn", severity="SEV-1")
    incident.record_review(attendees=["alice"], summary="ok", actor="alice", now=at(30))
    incident.set_facts(actor="alice", now=at(31), personal_data_involved=True)

    with pytest.raises(GuardFailed) as refused:
        incident.close(PLAN, actor="alice", now=at(32))

    assert refused.value.guard == "communications"
    assert "regulators" in refused.value.message


def test_closing_from_a_stage_other_than_the_last_is_refused():
    incident = in_stage("document")

    with pytest.raises(GuardFailed) as refused:
        incident.close(PLAN, actor="alice", now=at(30))

    assert refused.value.guard == "order"
    assert refused.value.allowed == "close from the last stage, learn"


def test_advancing_past_the_last_stage_is_refused():
    incident = in_stage("learn")

    with pytest.raises(InvalidInput, match="is in the last stage"):
        incident.advance(PLAN, actor="alice", now=at(30))


def test_skipping_a_stage_is_refused_even_when_its_guards_hold():
    incident = in_stage("triage")
    incident.set_severity(PLAN, "SEV-3", actor="alice", now=at(10))
    incident.assign(PLAN, "incident_commander", "alice", actor="alice", now=at(11))
    incident.record_containment(action="kill switch", actor="alice", now=at(12))

    with pytest.raises(GuardFailed) as refused:
        incident.advance(PLAN, actor="alice", now=at(13), to="diagnose")

    assert refused.value.guard == "order"
    assert refused.value.allowed == "next stage: contain"
    assert incident.stage == "triage"


def test_moving_to_an_unknown_stage_is_refused_naming_the_stages():
    incident = declare()

    with pytest.raises(InvalidInput) as refused:
        incident.advance(PLAN, actor="alice", now=at(1), to="investigate")

    assert refused.value.allowed == "one of: " + ", ".join(STAGES)


def test_going_back_needs_a_reason():
    incident = in_stage("diagnose")

    with pytest.raises(InvalidInput, match="needs a reason"):
        incident.advance(PLAN, actor="alice", now=at(30), to="contain", reason="  ")
    assert incident.stage == "diagnose"


def test_going_back_with_a_reason_skips_no_guard_and_logs_the_reason():
    incident = in_stage("diagnose")

    incident.advance(PLAN, actor="alice", now=at(30), to="triage", reason="severity was wrong")

    assert incident.stage == "triage"
    assert incident.new_entries[-1].data == {"old": "diagnose", "new": "triage", "reason": "severity was wrong"}


# --- severity --------------------------------------------------------------------------------------------------


def test_escalating_records_old_new_who_why_and_direction():
    incident = declare(severity="SEV-3")

    incident.set_severity(PLAN, "SEV-1", actor="bob", now=at(5), reason="customers harmed", expect="escalated")

    entry = incident.new_entries[-1]
    assert incident.severity == "SEV-1"
    assert entry.type == EntryType.SEVERITY_CHANGE
    assert entry.actor == "bob"
    assert entry.at == at(5)
    assert without_obligations(entry.data) == {
        "old": "SEV-3",
        "new": "SEV-1",
        "direction": "escalated",
        "reason": "customers harmed",
    }


def test_deescalating_records_the_direction():
    incident = declare(severity="SEV-1")

    incident.set_severity(PLAN, "SEV-4", actor="bob", now=at(5), reason="internal only", expect="deescalated")

    assert without_obligations(incident.new_entries[-1].data) == {
        "old": "SEV-1",
        "new": "SEV-4",
        "direction": "deescalated",
        "reason": "internal only",
    }


def test_an_escalation_that_is_really_a_deescalation_is_refused_listing_the_allowed_severities():
    incident = declare(severity="SEV-3")
    before = snapshot(incident)

    with pytest.raises(InvalidInput) as refused:
        incident.set_severity(PLAN, "SEV-4", actor="bob", now=at(5), reason="calmer now", expect="escalated")

    assert refused.value.message == "SEV-4 is not an escalation from SEV-3"
    assert refused.value.allowed == "one of: SEV-1, SEV-2"
    assert snapshot(incident) == before


def test_a_deescalation_that_is_really_an_escalation_is_refused_listing_the_allowed_severities():
    incident = declare(severity="SEV-2")

    with pytest.raises(InvalidInput) as refused:
        incident.set_severity(PLAN, "SEV-1", actor="bob", now=at(5), reason="x", expect="deescalated")

    assert refused.value.allowed == "one of: SEV-3, SEV-4"


def test_escalating_the_most_severe_says_there_is_nothing_higher():
    incident = declare(severity="SEV-1")

    with pytest.raises(InvalidInput) as refused:
        incident.set_severity(PLAN, "SEV-2", actor="bob", now=at(5), reason="x", expect="escalated")

    assert refused.value.allowed == "one of: (none: already at the limit)"


def test_escalating_an_incident_without_a_severity_sets_its_first_severity():
    incident = declare()

    incident.set_severity(PLAN, "SEV-2", actor="bob", now=at(5), expect="escalated")

    assert incident.severity == "SEV-2"
    assert without_obligations(incident.new_entries[-1].data) == {
        "old": None,
        "new": "SEV-2",
        "direction": "set",
        "reason": "",
    }


def test_changing_a_severity_needs_a_reason():
    incident = declare(severity="SEV-3")

    with pytest.raises(InvalidInput, match="changing a severity needs a reason"):
        incident.set_severity(PLAN, "SEV-2", actor="bob", now=at(5), reason="  ")
    assert incident.severity == "SEV-3"


def test_setting_the_same_severity_again_is_refused():
    incident = declare(severity="SEV-3")

    with pytest.raises(InvalidInput, match="already SEV-3"):
        incident.set_severity(PLAN, "SEV-3", actor="bob", now=at(5), reason="again")


def test_an_unknown_severity_is_refused_naming_the_severities_most_severe_first():
    incident = declare()

    with pytest.raises(InvalidInput) as refused:
        incident.set_severity(PLAN, "SEV-0", actor="bob", now=at(5))

    assert refused.value.allowed == "one of: SEV-1, SEV-2, SEV-3, SEV-4"


def test_triaged_at_is_set_when_severity_and_commander_first_both_hold():
    incident = declare()

    incident.set_severity(PLAN, "SEV-2", actor="alice", now=at(3))
    assert incident.triaged_at is None
    incident.assign(PLAN, "incident_commander", "alice", actor="alice", now=at(7))
    assert incident.triaged_at == at(7)

    incident.set_severity(PLAN, "SEV-1", actor="alice", now=at(9), reason="worse")
    incident.assign(PLAN, "incident_commander", "bob", actor="alice", now=at(11))
    assert incident.triaged_at == at(7)


def test_triaged_at_is_set_by_the_severity_when_the_commander_came_first():
    incident = declare()

    incident.assign(PLAN, "incident_commander", "alice", actor="alice", now=at(2))
    assert incident.triaged_at is None
    incident.set_severity(PLAN, "SEV-2", actor="alice", now=at(4))

    assert incident.triaged_at == at(4)


def test_another_role_does_not_complete_triage():
    incident = declare(severity="SEV-2")

    incident.assign(PLAN, "ai_lead", "bob", actor="alice", now=at(2))

    assert incident.triaged_at is None


# --- roles -----------------------------------------------------------------------------------------------------


def test_reassigning_a_role_ends_the_previous_assignment_and_keeps_it_in_history():
    incident = declare()

    incident.assign(PLAN, "incident_commander", "alice", actor="alice", now=at(1))
    incident.assign(PLAN, "ai_lead", "dave", actor="alice", now=at(2))
    incident.assign(PLAN, "incident_commander", "bob", actor="alice", now=at(3))

    commanders = [a for a in incident.roles if a.role == "incident_commander"]
    assert [(a.person, a.assigned_at, a.ended_at) for a in commanders] == [
        ("alice", at(1), at(3)),
        ("bob", at(3), None),
    ]
    assert incident.current_roles() == {"incident_commander": "bob", "ai_lead": "dave"}
    assert incident.new_entries[-1].data == {"role": "incident_commander", "old": "alice", "new": "bob"}


def test_assigning_the_current_holder_again_is_refused():
    incident = declare()
    incident.assign(PLAN, "ai_lead", "dave", actor="alice", now=at(1))

    with pytest.raises(InvalidInput, match="dave already holds ai_lead"):
        incident.assign(PLAN, "ai_lead", "dave", actor="alice", now=at(2))
    assert len(incident.roles) == 1


def test_an_unknown_role_is_refused_naming_the_roles():
    incident = declare()

    with pytest.raises(InvalidInput) as refused:
        incident.assign(PLAN, "commander", "alice", actor="alice", now=at(1))

    assert refused.value.allowed == (
        "one of: incident_commander, ai_lead, comms_lead, legal_lead, customer_trust, executive_sponsor"
    )


# --- reopen and closed incidents -------------------------------------------------------------------------------


def closed_incident() -> Incident:
    incident = in_stage("learn")
    incident.record_review(attendees=["alice"], summary="fine", actor="alice", now=at(30))
    incident.close(PLAN, actor="alice", now=at(31))
    return incident


def test_reopening_a_resolved_incident_goes_back_to_triage_by_default():
    incident = in_stage("communicate")

    incident.reopen(PLAN, reason="complaints keep coming", actor="bob", now=at(40))

    assert incident.status == Status.OPEN
    assert incident.stage == "triage"
    assert incident.resolved_at is None
    assert incident.resolution is None
    entry = incident.new_entries[-1]
    assert entry.type == EntryType.REOPENED
    assert entry.data == {
        "reason": "complaints keep coming",
        "old": {"status": "resolved", "stage": "communicate"},
        "stage": "triage",
    }


def test_reopening_a_closed_incident_into_a_chosen_stage():
    incident = closed_incident()

    incident.reopen(PLAN, reason="root cause was wrong", actor="bob", now=at(40), stage="diagnose")

    assert incident.status == Status.OPEN
    assert incident.stage == "diagnose"
    assert incident.closed_at is None
    assert incident.new_entries[-1].data["old"] == {"status": "closed", "stage": "learn"}


def test_reopening_an_open_incident_is_refused():
    incident = declare()

    with pytest.raises(InvalidInput, match="already open"):
        incident.reopen(PLAN, reason="x", actor="bob", now=at(1))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda i: i.set_severity(PLAN, "SEV-1", actor="a", now=at(50), reason="r"), id="severity"),
        pytest.param(lambda i: i.assign(PLAN, "ai_lead", "zoe", actor="a", now=at(50)), id="assign"),
        pytest.param(lambda i: i.advance(PLAN, actor="a", now=at(50), to="triage", reason="r"), id="advance"),
        pytest.param(lambda i: i.set_facts(actor="a", now=at(50), customers_affected=3), id="facts"),
        pytest.param(lambda i: i.record_containment(action="x", actor="a", now=at(50)), id="contain"),
        pytest.param(lambda i: i.decide_no_containment(reason="x", actor="a", now=at(50)), id="no-containment"),
        pytest.param(
            lambda i: i.record_root_cause(layer="model", description="x", actor="a", now=at(50)), id="diagnose"
        ),
        pytest.param(lambda i: i.resolve(summary="x", actor="a", now=at(50)), id="resolve"),
        pytest.param(
            lambda i: i.record_communication(PLAN, audience="internal", summary="x", actor="a", now=at(50)),
            id="communicate",
        ),
        pytest.param(
            lambda i: i.waive_communication(PLAN, audience="public", reason="x", actor="a", now=at(50)), id="waive"
        ),
        pytest.param(lambda i: i.record_report(location="x", actor="a", now=at(50)), id="report"),
        pytest.param(lambda i: i.record_review(attendees=["a"], summary="x", actor="a", now=at(50)), id="review"),
        pytest.param(lambda i: i.close(PLAN, actor="a", now=at(50)), id="close"),
        pytest.param(lambda i: i.add_entry("evidence", text="x", actor="a", now=at(50)), id="evidence"),
        pytest.param(lambda i: i.add_entry("action_item", text="x", actor="a", now=at(50)), id="action-item"),
    ],
)
def test_a_closed_incident_refuses_every_change_until_reopened(change):
    incident = closed_incident()
    before = snapshot(incident)

    with pytest.raises(InvalidInput) as refused:
        change(incident)

    assert "closed" in refused.value.message or "only an open incident" in refused.value.message
    assert snapshot(incident) == before


def test_a_closed_incident_still_takes_notes_which_change_no_state():
    incident = closed_incident()
    before = snapshot(incident)

    incident.add_entry("note", text="customer called back, satisfied", actor="carol", now=at(50))

    after = snapshot(incident)
    assert after["status"] == Status.CLOSED
    assert {k: v for k, v in after.items() if k not in ("log_count", "last_hash", "new_entries")} == {
        k: v for k, v in before.items() if k not in ("log_count", "last_hash", "new_entries")
    }
    assert incident.new_entries[-1].type == EntryType.NOTE


def test_reopening_without_a_reason_is_refused_and_leaves_the_incident_unchanged():
    incident = in_stage("communicate")
    before = snapshot(incident)

    with pytest.raises(InvalidInput, match="reason to reopen must not be empty"):
        incident.reopen(PLAN, reason="  ", actor="bob", now=at(40))

    assert snapshot(incident) == before
    assert incident.status == Status.RESOLVED


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda i, actor: i.set_severity(PLAN, "SEV-1", actor=actor, now=at(50), reason="r"), id="severity"
        ),
        pytest.param(lambda i, actor: i.assign(PLAN, "ai_lead", "zoe", actor=actor, now=at(50)), id="assign"),
        pytest.param(lambda i, actor: i.advance(PLAN, actor=actor, now=at(50), to="triage", reason="r"), id="advance"),
        pytest.param(lambda i, actor: i.set_facts(actor=actor, now=at(50), customers_affected=3), id="facts"),
        pytest.param(lambda i, actor: i.record_containment(action="x", actor=actor, now=at(50)), id="contain"),
        pytest.param(
            lambda i, actor: i.decide_no_containment(reason="x", actor=actor, now=at(50)), id="no-containment"
        ),
        pytest.param(
            lambda i, actor: i.record_root_cause(layer="model", description="x", actor=actor, now=at(50)), id="diagnose"
        ),
        pytest.param(
            lambda i, actor: i.record_communication(PLAN, audience="internal", summary="x", actor=actor, now=at(50)),
            id="communicate",
        ),
        pytest.param(
            lambda i, actor: i.waive_communication(PLAN, audience="public", reason="x", actor=actor, now=at(50)),
            id="waive",
        ),
        pytest.param(lambda i, actor: i.record_report(location="x", actor=actor, now=at(50)), id="report"),
        pytest.param(lambda i, actor: i.add_entry("note", text="x", actor=actor, now=at(50)), id="note"),
    ],
)
def test_a_change_by_an_empty_actor_is_refused_and_leaves_the_incident_unchanged(change):
    incident = in_stage("diagnose")
    before = snapshot(incident)

    with pytest.raises(InvalidInput, match="actor must not be empty"):
        change(incident, "  ")

    assert snapshot(incident) == before


def test_resolving_by_an_empty_actor_leaves_the_incident_open():
    incident = in_stage("remediate")
    before = snapshot(incident)

    with pytest.raises(InvalidInput, match="actor must not be empty"):
        incident.resolve(summary="fixed", actor="", now=at(50))

    assert snapshot(incident) == before


def test_reopening_cannot_carry_an_incident_past_guards_that_never_held():
    incident = declare()
    incident.resolve(summary="false alarm", actor="alice", now=at(1))  # resolving is allowed from any stage
    before = snapshot(incident)

    with pytest.raises(InvalidInput) as refused:
        incident.reopen(PLAN, reason="look again", actor="alice", now=at(2), stage="learn")

    assert refused.value.allowed == "one of: triage"  # contain and later need triage's guards to have held
    assert snapshot(incident) == before


def test_reopening_a_closed_incident_is_allowed_up_to_remediate_but_not_past_it():
    incident = closed_incident()

    with pytest.raises(InvalidInput) as refused:
        incident.reopen(PLAN, reason="regulators must hear of it", actor="bob", now=at(40), stage="communicate")

    assert refused.value.allowed == "one of: triage, contain, diagnose, remediate"
    assert incident.status == Status.CLOSED


def test_the_declared_entry_keeps_the_facts_as_declared_when_facts_change_later():
    incident = declare(facts=Facts(customers_affected=2))
    declared = incident.new_entries[0]

    incident.set_facts(actor="alice", now=at(1), customers_affected=40, personal_data_involved=True)

    assert declared.data["facts"]["customers_affected"] == 2
    assert declared.data["facts"]["personal_data_involved"] is False
    assert (
        first_break(chain_rows(incident), expected_count=incident.log_count, expected_last=incident.last_hash) is None
    )


# --- facts and notes -------------------------------------------------------------------------------------------


def test_setting_facts_logs_only_what_changed_and_normalises_jurisdictions():
    incident = declare()

    incident.set_facts(
        actor="alice",
        now=at(1),
        customers_affected=0,
        personal_data_involved=True,
        jurisdictions=["eu", " de ", "EU", ""],
        reason="legal review",
    )

    assert incident.facts.jurisdictions == ["DE", "EU"]
    assert incident.new_entries[-1].data == {
        "changes": {
            "personal_data_involved": {"old": False, "new": True},
            "jurisdictions": {"old": [], "new": ["DE", "EU"]},
        },
        "reason": "legal review",
    }


def test_setting_facts_that_change_nothing_is_refused():
    incident = declare()

    with pytest.raises(InvalidInput, match="no fact changed"):
        incident.set_facts(actor="alice", now=at(1), customers_affected=0, material=False)
    assert incident.log_count == 1


def test_negative_customers_affected_is_refused_before_any_fact_changes():
    incident = declare()
    before = snapshot(incident)

    with pytest.raises(InvalidInput, match="cannot be negative"):
        incident.set_facts(actor="alice", now=at(1), customers_affected=-1, material=True)

    assert snapshot(incident) == before


def test_an_action_item_keeps_its_owner_and_due_date_and_drops_empty_extras():
    incident = declare()

    incident.add_entry(
        "action_item", text="add eval gate", actor="alice", now=at(1), owner="bob", due="2026-06-01", ticket=""
    )

    entry = incident.new_entries[-1]
    assert entry.type == EntryType.ACTION_ITEM
    assert entry.data == {"text": "add eval gate", "owner": "bob", "due": "2026-06-01"}


def test_an_unknown_entry_type_is_refused():
    incident = declare()

    with pytest.raises(InvalidInput) as refused:
        incident.add_entry("severity_change", text="x", actor="alice", now=at(1))

    assert refused.value.allowed == "one of: note, evidence, action_item"


# --- the hash-chained log --------------------------------------------------------------------------------------


def walked_through() -> Incident:
    incident = closed_incident()
    incident.add_entry("note", text="done", actor="alice", now=at(60))
    return incident


def test_every_entry_links_to_the_hash_of_the_one_before():
    incident = walked_through()
    entries = incident.new_entries

    assert [e.seq for e in entries] == list(range(1, incident.log_count + 1))
    assert entries[0].prev_hash == GENESIS
    for before, after in pairwise(entries):
        assert after.prev_hash == before.hash
    assert len({e.hash for e in entries}) == len(entries)
    assert incident.last_hash == entries[-1].hash


def test_an_intact_chain_has_no_break():
    incident = walked_through()

    assert (
        first_break(chain_rows(incident), expected_count=incident.log_count, expected_last=incident.last_hash) is None
    )


def test_an_edited_payload_breaks_the_chain_at_that_entry():
    incident = walked_through()
    rows = chain_rows(incident)
    seq, prev, stored, payload = rows[4]
    rows[4] = (seq, prev, stored, {**payload, "actor": "mallory"})

    found = first_break(rows, expected_count=incident.log_count, expected_last=incident.last_hash)

    assert found is not None
    assert found.seq == 5
    assert "edited" in found.reason


def test_an_edited_timestamp_breaks_the_chain_too():
    incident = walked_through()
    rows = chain_rows(incident)
    entry = replace(incident.new_entries[2], at=incident.new_entries[2].at + timedelta(seconds=1))
    rows[2] = (entry.seq, entry.prev_hash, entry.hash, entry.payload(incident.id))

    found = first_break(rows, expected_count=incident.log_count, expected_last=incident.last_hash)

    assert found is not None and found.seq == 3


def test_a_removed_middle_entry_breaks_the_chain_where_it_was():
    incident = walked_through()
    rows = chain_rows(incident)
    del rows[3]

    found = first_break(rows, expected_count=incident.log_count, expected_last=incident.last_hash)

    assert found is not None
    assert found.seq == 4
    assert "entry 4 is missing" in found.reason


def test_a_removed_and_renumbered_middle_entry_breaks_the_link():
    incident = walked_through()
    rows = chain_rows(incident)
    del rows[3]
    rows = [(position, prev, stored, payload) for position, (_, prev, stored, payload) in enumerate(rows, start=1)]

    found = first_break(rows, expected_count=incident.log_count, expected_last=incident.last_hash)

    assert found is not None
    assert found.seq == 4
    assert "link to the previous entry" in found.reason


def test_a_removed_last_entry_is_found_by_the_expected_count():
    incident = walked_through()
    rows = chain_rows(incident)[:-1]

    found = first_break(rows, expected_count=incident.log_count, expected_last=incident.last_hash)

    assert found is not None
    assert found.seq == incident.log_count
    assert f"the log has {incident.log_count - 1} entries but {incident.log_count} were written" in found.reason


def test_a_removed_last_entry_is_found_by_the_expected_last_hash_when_the_count_was_also_lowered():
    incident = walked_through()
    rows = chain_rows(incident)[:-1]

    found = first_break(rows, expected_count=incident.log_count - 1, expected_last=incident.last_hash)

    assert found is not None
    assert found.seq == incident.log_count - 1
    assert "the last entry is not the one last written" in found.reason
