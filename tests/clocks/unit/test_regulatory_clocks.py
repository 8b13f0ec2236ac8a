"""The regulatory clocks of the default plan, hand-worked: each due time is written out, not computed.

The default plan's own calendar is America/New_York with US public holidays, but each clock counts the way its
regulator does: periods in hours from the moment of the event (elapsed time); EU periods in days and months under
Regulation (EEC, Euratom) No 1182/71 Art. 3 on the calendar of the Member State the incident names (the day of the
event not counted, the period ending at 24:00 local time on its last day, a last day on a Saturday, Sunday or public
holiday moved to the next working day); the SEC's 4 business days under Form 8-K General Instruction B.1 on the
Commission's business days, to 17:30 Eastern. The per-clock hand-worked cases are in test_regulatory_deadlines_*.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from factories import incident

from aicident.comms.model import ObligationState, obligations
from aicident.incidents.deadlines import incident_deadlines
from aicident.incidents.model import EntryType, Incident
from aicident.plan.loader import default_plan, plan_version

PLAN = default_plan()
VERSION = plan_version(PLAN)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def declare(*, aware: datetime, now: datetime | None = None, severity: str | None = None, **facts) -> Incident:
    return incident(
        PLAN, now=now or aware, aware=aware, severity=severity, facts=facts, ref="AI-2026-0042",
        title="Assistant disclosed other customers' records", category="data_leak",
    )  # fmt: skip


def owed(incident: Incident) -> dict:
    found = obligations(incident, PLAN)
    keys = [o.key for o in found]
    assert len(keys) == len(set(keys)), f"one obligation per key: {keys}"
    return {o.key: o for o in found}


def clocks(incident: Incident) -> dict:
    return {key: o for key, o in owed(incident).items() if key.startswith("clock:")}


# --- GDPR Art. 33: the supervisory authority within 72 hours of becoming aware ------------------------------------


def test_a_personal_data_breach_in_germany_must_be_notified_to_the_regulator_72_hours_after_awareness():
    incident = declare(
        aware=utc(2026, 5, 4, 9, 15), now=utc(2026, 5, 4, 14, 0), personal_data_involved=True, jurisdictions=["DE"]
    )

    art33 = clocks(incident)["clock:gdpr_art33"]

    assert art33.state == ObligationState.OPEN
    assert art33.audience == "regulators"
    assert art33.regime == "GDPR"
    assert art33.starts_at == utc(2026, 5, 4, 9, 15)
    assert art33.due_at == utc(2026, 5, 7, 9, 15)
    assert art33.approvers == ("legal_lead",)
    assert art33.template == "regulator_notice"
    assert art33.label == "Without undue delay and not later than 72 hours after becoming aware"


@pytest.mark.parametrize(
    ("jurisdictions", "applies"),
    [
        (["DE"], True),
        (["FR", "US"], True),
        (["EU"], True),
        (["DE-BY"], True),  # a subdivision matches its country
        (["NO"], True),
        (["IS"], True),
        (["LI"], True),  # EEA states apply the GDPR
        (["US"], False),
        (["US-FL"], False),
        (["GB"], False),
        (["CH"], False),
        ([], False),
    ],
)
def test_gdpr_art33_applies_only_with_an_eu_or_eea_jurisdiction(jurisdictions, applies):
    incident = declare(aware=utc(2026, 5, 4, 14, 0), personal_data_involved=True, jurisdictions=jurisdictions)

    assert ("clock:gdpr_art33" in clocks(incident)) is applies


def test_gdpr_art33_needs_personal_data():
    incident = declare(aware=utc(2026, 5, 4, 14, 0), customers_affected=500, jurisdictions=["DE"])

    assert "clock:gdpr_art33" not in clocks(incident)


def test_72_hours_across_the_us_spring_clock_change_are_72_elapsed_hours():
    # Friday 09:00 EST; clocks in New York jump forward on Sunday 8 March. 72 h later it is Monday 10:00 EDT.
    incident = declare(aware=utc(2026, 3, 6, 14, 0), personal_data_involved=True, jurisdictions=["IE"])

    assert clocks(incident)["clock:gdpr_art33"].due_at == utc(2026, 3, 9, 14, 0)


def test_72_hours_across_the_eu_autumn_clock_change_are_72_elapsed_hours():
    # The EU falls back on Sunday 25 October 2026 (New York a week later): still exactly 72 h in UTC.
    incident = declare(aware=utc(2026, 10, 23, 22, 30), personal_data_involved=True, jurisdictions=["FR"])

    assert clocks(incident)["clock:gdpr_art33"].due_at == utc(2026, 10, 26, 22, 30)


# --- GDPR Art. 34: the data subjects, when the risk to them is high ----------------------------------------------


def test_gdpr_art34_owes_the_data_subjects_a_notice_without_a_fixed_deadline_when_the_risk_is_high():
    incident = declare(aware=utc(2026, 5, 4, 14, 0), personal_data_involved=True, high_risk=True, jurisdictions=["NL"])

    art34 = clocks(incident)["clock:gdpr_art34"]

    assert art34.audience == "customers"
    assert art34.state == ObligationState.OPEN
    assert art34.due_at is None  # the law sets no fixed deadline
    assert art34.target_at == utc(2026, 5, 7, 14, 0)  # the plan's own target: 72 hours after awareness
    assert art34.label == "Without undue delay"
    assert art34.template == "customer_notification"
    assert art34.approvers == ("executive_sponsor", "legal_lead")
    deadline = next(d for d in incident_deadlines(incident, PLAN) if d.kind == "communication:clock:gdpr_art34")
    assert (deadline.due_at, deadline.legal_due_at) == (utc(2026, 5, 7, 14, 0), None)
    assert "clock:gdpr_art34" in incident.missing_communications(PLAN)


def test_gdpr_art34_is_not_owed_without_a_high_risk():
    incident = declare(aware=utc(2026, 5, 4, 14, 0), personal_data_involved=True, jurisdictions=["NL"])

    assert "clock:gdpr_art34" not in clocks(incident)
    assert "clock:gdpr_art33" in clocks(incident)


def test_gdpr_art34_is_met_by_a_communication_to_the_data_subjects():
    incident = declare(aware=utc(2026, 5, 4, 14, 0), personal_data_involved=True, high_risk=True, jurisdictions=["NL"])
    incident.record_communication(
        PLAN,
        audience="customers",
        obligation="clock:gdpr_art34",
        summary="email",
        actor="carol",
        now=utc(2026, 5, 5, 8, 0),
    )

    art34 = clocks(incident)["clock:gdpr_art34"]

    assert art34.state == ObligationState.MET
    assert art34.met_at == utc(2026, 5, 5, 8, 0)
    assert "clock:gdpr_art34" not in incident.missing_communications(PLAN)


# --- EU AI Act Art. 73: 15 days, 10 on a death, 2 for widespread or critical-infrastructure incidents --------------


def test_a_serious_incident_must_be_reported_15_days_after_awareness():
    # Aware Tuesday 1 September, 16:00 in Berlin. Day 1 is Wednesday 2; day 15 Wednesday 16 September, a working day
    # in Germany: the period ends at its end, 24:00 CEST (22:00 UTC).
    incident = declare(aware=utc(2026, 9, 1, 14, 0), serious_incident=True, jurisdictions=["DE"])

    art73 = clocks(incident)["clock:eu_ai_act_art73"]

    assert art73.clock == "eu_ai_act_art73_2"
    assert art73.regime == "EU AI Act"
    assert art73.audience == "regulators"
    assert art73.due_at == utc(2026, 9, 16, 22, 0)
    assert art73.target_at == utc(2026, 9, 15, 21, 0)  # 1 business day before: Tuesday 15, 17:00 in New York


def test_a_death_recorded_later_tightens_the_one_ai_act_obligation_to_10_days_and_logs_it():
    incident = declare(aware=utc(2026, 9, 1, 14, 0), serious_incident=True, jurisdictions=["DE"])

    incident.set_facts(actor="dana", now=utc(2026, 9, 3, 9, 0), death=True, plan=PLAN)

    found = clocks(incident)
    assert [k for k in found if k.startswith("clock:eu_ai_act")] == ["clock:eu_ai_act_art73"]
    assert found["clock:eu_ai_act_art73"].clock == "eu_ai_act_art73_4"
    # Day 10 after Tuesday 1 September is Friday 11 September, a working day: 24:00 CEST.
    assert found["clock:eu_ai_act_art73"].due_at == utc(2026, 9, 11, 22, 0)
    entry = incident.new_entries[-1]
    assert entry.type == EntryType.FACT_CHANGE
    assert entry.data["obligations"] == [
        {
            "obligation": "clock:eu_ai_act_art73",
            "change": "tightened",
            "title": "EU AI Act: Art. 73(4) report of a serious incident involving the death of a person",
            "was_due_at": "2026-09-16T22:00:00+00:00",
            "due_at": "2026-09-11T22:00:00+00:00",
            "state": "open",
        }
    ]


@pytest.mark.parametrize("fact", ["widespread_infringement", "critical_infrastructure_disruption"])
def test_a_widespread_infringement_or_critical_infrastructure_disruption_tightens_it_to_2_days(fact):
    incident = declare(aware=utc(2026, 9, 1, 14, 0), serious_incident=True, death=True, jurisdictions=["IT"])
    assert clocks(incident)["clock:eu_ai_act_art73"].due_at == utc(2026, 9, 11, 22, 0)  # Friday 11, 24:00 in Rome

    incident.set_facts(actor="dana", now=utc(2026, 9, 2, 9, 0), plan=PLAN, **{fact: True})

    art73 = clocks(incident)["clock:eu_ai_act_art73"]
    # Day 1 Wednesday 2, day 2 Thursday 3 September: two working days, ending at 24:00 CEST in Rome.
    assert art73.due_at == utc(2026, 9, 3, 22, 0)
    assert art73.clock.startswith("eu_ai_act_art73_3")
    assert incident.new_entries[-1].data["obligations"][0]["change"] == "tightened"


def test_15_days_across_the_eu_autumn_clock_change_end_at_midnight_paris_winter_time():
    # 16:00 CEST on Tuesday 20 October in Paris; day 15 is Wednesday 4 November, after Paris fell back on 25 October:
    # 24:00 CET is 23:00 UTC. (The organisation's New York clock plays no part.)
    incident = declare(aware=utc(2026, 10, 20, 14, 0), serious_incident=True, jurisdictions=["FR"])

    assert clocks(incident)["clock:eu_ai_act_art73"].due_at == utc(2026, 11, 4, 23, 0)


def test_the_ai_act_does_not_apply_to_a_clock_starting_before_2_august_2026():
    incident = declare(
        aware=utc(2026, 8, 1, 14, 0),
        now=utc(2026, 8, 3, 14, 0),
        serious_incident=True,
        death=True,
        jurisdictions=["DE"],
    )

    assert "clock:eu_ai_act_art73" not in clocks(incident)


def test_the_ai_act_applies_to_a_clock_starting_on_2_august_2026():
    # Sunday 2 August: day 1 Monday 3, day 15 Monday 17 August, a working day in Germany (15 August is a holiday only
    # in some Länder): 24:00 CEST.
    incident = declare(aware=utc(2026, 8, 2, 14, 0), serious_incident=True, jurisdictions=["DE"])

    assert clocks(incident)["clock:eu_ai_act_art73"].due_at == utc(2026, 8, 17, 22, 0)


def test_moving_awareness_before_the_effective_date_removes_the_ai_act_obligation():
    incident = declare(
        aware=utc(2026, 8, 3, 14, 0), now=utc(2026, 8, 4, 14, 0), serious_incident=True, jurisdictions=["DE"]
    )

    incident.record_clock_event(
        PLAN,
        "became_aware",
        at=utc(2026, 7, 30, 14, 0),
        actor="dana",
        now=utc(2026, 8, 4, 15, 0),
        reason="logs show an earlier report",
    )

    assert "clock:eu_ai_act_art73" not in clocks(incident)
    assert incident.new_entries[-1].data["obligations"][0]["obligation"] == "clock:eu_ai_act_art73"
    assert incident.new_entries[-1].data["obligations"][0]["change"] == "removed"


@pytest.mark.parametrize(
    ("jurisdictions", "applies"),
    [(["DE"], True), (["EU"], True), (["SE"], True), (["US"], False), (["NO"], False), (["GB"], False)],
)
def test_the_ai_act_applies_in_the_eu_member_states_listed_by_the_plan(jurisdictions, applies):
    incident = declare(aware=utc(2026, 9, 1, 14, 0), serious_incident=True, jurisdictions=jurisdictions)

    assert ("clock:eu_ai_act_art73" in clocks(incident)) is applies


# --- NIS2 Art. 23(4): early warning 24 h, notification 72 h, final report a month after the notification ----------


def test_a_significant_incident_owes_a_24_hour_early_warning_a_72_hour_notification_and_a_pending_final_report():
    incident = declare(aware=utc(2026, 1, 29, 15, 0), significant_incident=True, jurisdictions=["AT"])

    found = clocks(incident)

    assert found["clock:nis2_early_warning"].due_at == utc(2026, 1, 30, 15, 0)
    assert found["clock:nis2_notification"].due_at == utc(2026, 2, 1, 15, 0)
    final = found["clock:nis2_final_report"]
    assert final.state == ObligationState.PENDING
    assert final.starts_at is None and final.due_at is None
    assert "clock:nis2_final_report" not in incident.missing_communications(PLAN)
    assert "communication:clock:nis2_final_report" not in {d.kind for d in incident_deadlines(incident, PLAN)}


def test_the_early_warning_does_not_start_the_final_report():
    incident = declare(aware=utc(2026, 1, 29, 15, 0), significant_incident=True, jurisdictions=["AT"])
    incident.record_communication(
        PLAN,
        audience="regulators",
        obligation="clock:nis2_early_warning",
        summary="CSIRT portal",
        actor="dana",
        now=utc(2026, 1, 30, 9, 0),
    )

    assert clocks(incident)["clock:nis2_final_report"].state == ObligationState.PENDING


def test_the_final_report_is_due_one_month_after_the_notification_clamped_to_february_and_rolled_to_monday():
    incident = declare(aware=utc(2026, 1, 29, 15, 0), significant_incident=True, jurisdictions=["AT"])
    incident.record_communication(
        PLAN,
        audience="regulators",
        obligation="clock:nis2_notification",
        summary="CSIRT portal",
        actor="dana",
        now=utc(2026, 1, 31, 15, 0),
    )

    final = clocks(incident)["clock:nis2_final_report"]

    assert final.state == ObligationState.OPEN
    assert final.starts_at == utc(2026, 1, 31, 15, 0)
    # Notified Saturday 31 January (16:00 in Vienna). February has no 31st: the month ends on its last day, Saturday
    # 28 February (Art. 3(2)(c)), which moves to the end of the next working day, Monday 2 March, 24:00 CET.
    assert final.due_at == utc(2026, 3, 2, 23, 0)
    assert clocks(incident)["clock:nis2_notification"].state == ObligationState.MET


def test_a_month_across_the_autumn_clock_change_ends_at_midnight_brussels_winter_time():
    incident = declare(aware=utc(2026, 10, 8, 14, 0), significant_incident=True, jurisdictions=["BE"])
    incident.record_communication(
        PLAN,
        audience="regulators",
        obligation="clock:nis2_notification",
        summary="CSIRT portal",
        actor="dana",
        now=utc(2026, 10, 10, 14, 0),
    )

    # Notified Saturday 10 October in Brussels; a month on is Tuesday 10 November, a Belgian working day (Armistice
    # Day is the 11th): 24:00 CET, 23:00 UTC.
    assert clocks(incident)["clock:nis2_final_report"].due_at == utc(2026, 11, 10, 23, 0)


def test_a_regulator_communication_without_a_key_meets_the_regulator_obligation_due_first():
    incident = declare(
        aware=utc(2026, 1, 29, 15, 0), significant_incident=True, personal_data_involved=True, jurisdictions=["AT"]
    )
    incident.record_communication(
        PLAN, audience="regulators", summary="CSIRT portal", actor="dana", now=utc(2026, 1, 29, 20, 0)
    )

    found = clocks(incident)
    assert found["clock:nis2_early_warning"].state == ObligationState.MET  # 24 h, before GDPR's 72 h
    assert found["clock:gdpr_art33"].state == ObligationState.OPEN
    assert found["clock:nis2_notification"].state == ObligationState.OPEN


# --- SEC Form 8-K Item 1.05: 4 business days after the materiality determination -------------------------------


def test_set_facts_material_records_the_materiality_determination_that_starts_the_sec_clock():
    incident = declare(aware=utc(2026, 11, 20, 14, 0), jurisdictions=["US"])

    incident.set_facts(actor="erin", now=utc(2026, 11, 25, 15, 0), material=True, plan=PLAN)

    sec = clocks(incident)["clock:sec_8k_item_105"]
    assert sec.starts_at == utc(2026, 11, 25, 15, 0)
    # Wednesday 10:00 EST; Thursday is Thanksgiving, then Fri (1), Mon (2), Tue (3), Wed 2 December (4), 17:30 EST.
    assert sec.due_at == utc(2026, 12, 2, 22, 30)
    assert sec.audience == "public"
    assert sec.template == "public_statement"
    assert sec.approvers == ("executive_sponsor", "legal_lead")
    assert incident.new_entries[-1].data["clock_events"] == {
        "materiality_determined": "2026-11-25T15:00:00.000000+00:00"
    }


def test_the_sec_clock_counts_business_days_from_the_new_york_date_of_the_determination():
    # 03:00 UTC on Wednesday is 22:00 EST on Tuesday 24 November: Wed (1), Fri (2), Mon (3), Tue 1 December (4).
    incident = declare(aware=utc(2026, 11, 20, 14, 0), jurisdictions=["US"])
    incident.set_facts(actor="erin", now=utc(2026, 11, 25, 3, 0), material=True, plan=PLAN)

    assert clocks(incident)["clock:sec_8k_item_105"].due_at == utc(2026, 12, 1, 22, 30)


def test_the_sec_clock_skips_christmas_and_the_weekend():
    # Wednesday 23 December: Thu 24 (1), Christmas, weekend, Mon 28 (2), Tue 29 (3), Wed 30 (4) at 17:30 EST.
    incident = declare(aware=utc(2026, 12, 22, 14, 0), jurisdictions=["US-NY"])
    incident.set_facts(actor="erin", now=utc(2026, 12, 23, 15, 0), material=True, plan=PLAN)

    assert clocks(incident)["clock:sec_8k_item_105"].due_at == utc(2026, 12, 30, 22, 30)


def test_the_sec_clock_skips_independence_day_observed_in_summer_time():
    # Wednesday 1 July: Thu 2 (1), Fri 3 July is the observed holiday, Mon 6 (2), Tue 7 (3), Wed 8 (4) at 17:30 EDT.
    incident = declare(aware=utc(2026, 6, 30, 14, 0), jurisdictions=["US"])
    incident.set_facts(actor="erin", now=utc(2026, 7, 1, 15, 0), material=True, plan=PLAN)

    assert clocks(incident)["clock:sec_8k_item_105"].due_at == utc(2026, 7, 8, 21, 30)


def test_material_at_declaration_starts_the_sec_clock_at_declaration_not_awareness():
    incident = declare(aware=utc(2026, 5, 1, 14, 0), now=utc(2026, 5, 4, 14, 0), material=True, jurisdictions=["US"])

    sec = clocks(incident)["clock:sec_8k_item_105"]

    assert sec.starts_at == utc(2026, 5, 4, 14, 0)
    assert sec.due_at == utc(2026, 5, 8, 21, 30)  # Monday 10:00 EDT: Tue, Wed, Thu, Fri 8 May 17:30 EDT


def test_correcting_the_materiality_determination_moves_the_sec_deadline():
    incident = declare(aware=utc(2026, 5, 1, 14, 0), now=utc(2026, 5, 4, 14, 0), material=True, jurisdictions=["US"])

    incident.record_clock_event(
        PLAN,
        "materiality_determined",
        at=utc(2026, 5, 1, 18, 0),
        actor="erin",
        now=utc(2026, 5, 4, 15, 0),
        reason="the board decided on Friday",
    )

    # Friday 1 May 14:00 EDT: Mon 4, Tue 5, Wed 6, Thu 7 May 17:30 EDT.
    assert clocks(incident)["clock:sec_8k_item_105"].due_at == utc(2026, 5, 7, 21, 30)
    assert incident.new_entries[-1].data["obligations"][0]["change"] == "tightened"


@pytest.mark.parametrize(
    ("jurisdictions", "applies"),
    [(["US"], True), (["US-CA"], True), (["DE", "US-FL"], True), (["DE"], False), ([], False)],
)
def test_the_sec_clock_needs_a_us_jurisdiction(jurisdictions, applies):
    incident = declare(aware=utc(2026, 5, 4, 14, 0), material=True, jurisdictions=jurisdictions)

    assert ("clock:sec_8k_item_105" in clocks(incident)) is applies


def test_no_sec_clock_without_materiality():
    incident = declare(aware=utc(2026, 5, 4, 14, 0), customers_affected=10, jurisdictions=["US"])

    assert "clock:sec_8k_item_105" not in clocks(incident)


# --- Florida Stat. 501.171: 30 days --------------------------------------------------------------------------------


def test_a_breach_of_florida_residents_data_must_be_notified_within_30_days_across_the_spring_clock_change():
    # Noon EST on 20 February; noon EDT on 22 March (New York sprang forward on 8 March): 29 d 23 h elapsed.
    incident = declare(aware=utc(2026, 2, 20, 17, 0), personal_data_involved=True, jurisdictions=["US-FL"])

    florida = clocks(incident)["clock:us_fl_501171"]

    assert florida.due_at == utc(2026, 3, 22, 16, 0)
    assert florida.audience == "customers"
    assert florida.regime == "Florida Stat. 501.171"


def test_30_days_landing_in_the_skipped_spring_hour_fall_past_the_gap_never_earlier():
    # 02:30 EST on 6 February; 02:30 on 8 March does not exist in New York (02:00 -> 03:00): 03:30 EDT.
    incident = declare(aware=utc(2026, 2, 6, 7, 30), personal_data_involved=True, jurisdictions=["US-FL"])

    assert clocks(incident)["clock:us_fl_501171"].due_at == utc(2026, 3, 8, 7, 30)


def test_30_days_landing_in_the_repeated_autumn_hour_take_its_first_occurrence():
    # 01:30 EDT on 2 October; 01:30 happens twice on 1 November: the first, still EDT.
    incident = declare(aware=utc(2026, 10, 2, 5, 30), personal_data_involved=True, jurisdictions=["US-FL"])

    assert clocks(incident)["clock:us_fl_501171"].due_at == utc(2026, 11, 1, 5, 30)


@pytest.mark.parametrize(
    ("jurisdictions", "facts", "applies"),
    [
        (["US-FL"], {"personal_data_involved": True}, True),
        (["US"], {"personal_data_involved": True}, False),  # the country does not name Florida residents
        (["US-CA"], {"personal_data_involved": True}, False),
        (["US-FL"], {"customers_affected": 10}, False),
    ],
)
def test_florida_applies_only_to_personal_data_of_florida_residents(jurisdictions, facts, applies):
    incident = declare(aware=utc(2026, 5, 4, 14, 0), jurisdictions=jurisdictions, **facts)

    assert ("clock:us_fl_501171" in clocks(incident)) is applies


# --- clocks do not depend on the severity --------------------------------------------------------------------------


@pytest.mark.parametrize("severity", [None, "SEV-1", "SEV-2", "SEV-3", "SEV-4"])
def test_the_law_applies_whatever_the_internal_severity(severity):
    incident = declare(
        aware=utc(2026, 5, 4, 14, 0), severity=severity, personal_data_involved=True, jurisdictions=["DE", "US-FL"]
    )

    found = clocks(incident)

    assert found["clock:gdpr_art33"].due_at == utc(2026, 5, 7, 14, 0)
    assert found["clock:us_fl_501171"].due_at == utc(2026, 6, 3, 14, 0)


# --- DORA: initial notification 4 h after classification and at most 24 h after awareness, then 72 h, 1 month -----


def test_dora_initial_notification_is_due_4_hours_after_classification_but_never_later_than_a_day_after_awareness():
    aware = utc(2026, 3, 2, 8, 0)
    incident = declare(aware=aware, now=utc(2026, 3, 2, 9, 0), jurisdictions=["IE"])
    assert "clock:dora_initial" not in clocks(incident)

    incident.set_facts(actor="lee", now=utc(2026, 3, 2, 10, 30), plan=PLAN, major_ict_incident=True)
    initial = clocks(incident)["clock:dora_initial"]
    assert (initial.clock, initial.starts_at, initial.due_at) == (
        "dora_initial_after_classification",
        utc(2026, 3, 2, 10, 30),
        utc(2026, 3, 2, 14, 30),
    )
    assert clocks(incident)["clock:dora_intermediate"].state == ObligationState.PENDING

    # Classified late in the day after awareness: the 24-hour cap is the earlier deadline.
    late = declare(aware=aware, now=utc(2026, 3, 3, 6, 0), jurisdictions=["IE"])
    late.set_facts(actor="lee", now=utc(2026, 3, 3, 6, 0), plan=PLAN, major_ict_incident=True)
    capped = clocks(late)["clock:dora_initial"]
    assert (capped.clock, capped.due_at) == ("dora_initial_after_awareness", utc(2026, 3, 3, 8, 0))

    incident.record_communication(
        PLAN,
        audience="regulators",
        obligation="clock:dora_initial",
        actor="lee",
        now=utc(2026, 3, 2, 13, 0),
        summary="initial notification filed",
    )
    intermediate = clocks(incident)["clock:dora_intermediate"]
    assert (intermediate.state, intermediate.due_at) == (ObligationState.OPEN, utc(2026, 3, 5, 13, 0))
    incident.record_communication(
        PLAN,
        audience="regulators",
        obligation="clock:dora_intermediate",
        actor="lee",
        now=utc(2026, 3, 4, 16, 0),
        summary="intermediate report filed",
    )
    # Intermediate report Wednesday 4 March (16:00 in Dublin). A month on is Saturday 4 April; Reg. 2025/301 sets its
    # own weekend rule, so the default does not roll: 24:00 Irish summer time (UTC+1) on 4 April.
    assert clocks(incident)["clock:dora_final"].due_at == utc(2026, 4, 4, 23, 0)
