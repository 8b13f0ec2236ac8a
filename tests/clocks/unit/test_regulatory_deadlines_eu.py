"""The EU clocks of the default plan, hand-worked against their texts: GDPR Art. 33 and 34, EU AI Act Art. 73(2)-(4),
NIS2 Art. 23(4) and DORA (Delegated Regulation (EU) 2025/301 Art. 5).

Every case is counted by hand in the docstring of its test, with the rule applied, and is run under two organisation
calendars (America/New_York with US holidays, Europe/Berlin with German holidays): the legal deadline is the
regulator's, so it must not move with the organisation. Facts used below: Germany's national holidays in 2026 are
1 January, Good Friday 3 April, Easter Monday 6 April, 1 May, Ascension 14 May, Whit Monday 25 May, 3 October,
25-26 December, and in 2027 include Good Friday 26 March, Easter Monday 29 March and Ascension 6 May; Ireland's
include St Patrick's Day 17 March; the EU changes clocks on 29 March and 25 October 2026 and 28 March 2027 (Berlin
CET = UTC+1, CEST = UTC+2; Dublin GMT = UTC+0, IST = UTC+1); US Thanksgiving is 26 November 2026. The AI Act's
clocks apply from 2 August 2026, so their spring cases are in 2027.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from clock_cases import BERLIN, DUBLIN, NEW_YORK, PLANS, after_communication, at, clock, declare, utc

from aicident.comms.model import ObligationState

both_plans = pytest.mark.parametrize("plan", list(PLANS.values()), ids=list(PLANS))

# --- periods in hours: from the moment, elapsed time, nothing rolls ----------------------------------------------

# The same eight moments for every clock in hours (Germany's authority; the organisation's calendar plays no part).
MOMENTS = {
    "weekday": at(BERLIN, 2026, 6, 9, 10, 0),  # Tuesday 10:00 CEST = 08:00 UTC
    "saturday": at(BERLIN, 2026, 6, 13, 10, 0),
    "sunday": at(BERLIN, 2026, 6, 14, 10, 0),
    "german-holiday": at(BERLIN, 2026, 5, 14, 10, 0),  # Ascension Day, not a US holiday
    "us-holiday": at(NEW_YORK, 2026, 11, 26, 10, 0),  # Thanksgiving 10:00 EST = 15:00 UTC, a working day in Germany
    "dst-change": at(BERLIN, 2026, 3, 27, 12, 0),  # Friday 12:00 CET = 11:00 UTC; Berlin springs forward on Sunday
    "31-january": at(BERLIN, 2026, 1, 31, 9, 0),  # Saturday 09:00 CET = 08:00 UTC, across the month end
    "23:30-local": at(BERLIN, 2026, 6, 8, 23, 30),  # Monday 23:30 CEST = 21:30 UTC
}
PLUS_72_HOURS = {
    "weekday": utc(2026, 6, 12, 8, 0),
    "saturday": utc(2026, 6, 16, 8, 0),
    "sunday": utc(2026, 6, 17, 8, 0),
    "german-holiday": utc(2026, 5, 17, 8, 0),
    "us-holiday": utc(2026, 11, 29, 15, 0),
    "dst-change": utc(2026, 3, 30, 11, 0),  # 13:00 CEST on Monday: 72 real hours, the wall clock moved an hour
    "31-january": utc(2026, 2, 3, 8, 0),
    "23:30-local": utc(2026, 6, 11, 21, 30),
}
PLUS_24_HOURS = {
    "weekday": utc(2026, 6, 10, 8, 0),
    "saturday": utc(2026, 6, 14, 8, 0),
    "sunday": utc(2026, 6, 15, 8, 0),
    "german-holiday": utc(2026, 5, 15, 8, 0),
    "us-holiday": utc(2026, 11, 27, 15, 0),
    "dst-change": utc(2026, 3, 28, 11, 0),
    "31-january": utc(2026, 2, 1, 8, 0),
    "23:30-local": utc(2026, 6, 9, 21, 30),
}
PLUS_4_HOURS = {
    "weekday": utc(2026, 6, 9, 12, 0),
    "saturday": utc(2026, 6, 13, 12, 0),
    "sunday": utc(2026, 6, 14, 12, 0),
    "german-holiday": utc(2026, 5, 14, 12, 0),
    "us-holiday": utc(2026, 11, 26, 19, 0),
    "dst-change": utc(2026, 3, 27, 15, 0),
    "31-january": utc(2026, 1, 31, 12, 0),
    "23:30-local": utc(2026, 6, 9, 1, 30),  # past midnight: the day changes, nothing else does
}


@both_plans
@pytest.mark.parametrize("case", list(MOMENTS))
def test_gdpr_art33_is_due_72_elapsed_hours_after_awareness(plan, case):
    """GDPR Art. 33(1): "not later than 72 hours after having become aware of it". Counted from the moment of
    awareness (the conservative reading; Reg. 1182/71 Art. 3(1) would not count the hour of awareness), as elapsed
    time: weekends and holidays of either calendar do not stop it and nothing rolls.

    - weekday: Tuesday 9 June 08:00 UTC + 72 h = Friday 12 June 08:00 UTC.
    - saturday: Saturday 13 June 08:00 + 72 h = Tuesday 16 June 08:00 (the weekend counts).
    - sunday: Sunday 14 June 08:00 + 72 h = Wednesday 17 June 08:00.
    - german-holiday: Ascension Thursday 14 May 08:00 + 72 h = Sunday 17 May 08:00 (a Sunday end does not roll).
    - us-holiday: Thanksgiving 26 November 15:00 + 72 h = Sunday 29 November 15:00.
    - dst-change: Friday 27 March 11:00 UTC (12:00 CET) + 72 h = Monday 30 March 11:00 UTC, 13:00 CEST.
    - 31-january: Saturday 31 January 08:00 + 72 h = Tuesday 3 February 08:00.
    - 23:30-local: Monday 8 June 23:30 CEST (21:30 UTC) + 72 h = Thursday 11 June 21:30 UTC.
    """
    incident = declare(plan, aware=MOMENTS[case], personal_data_involved=True, jurisdictions=["DE"])

    art33 = clock(incident, plan, "clock:gdpr_art33")

    assert art33.due_at == PLUS_72_HOURS[case]
    assert art33.target_at == PLUS_72_HOURS[case] - timedelta(hours=24)  # the plan's target: 24 hours before


@both_plans
@pytest.mark.parametrize("case", list(MOMENTS))
def test_gdpr_art34_has_no_legal_deadline_and_the_plans_target_is_72_hours_after_awareness(plan, case):
    """GDPR Art. 34(1): the data subjects "without undue delay": the law sets no deadline, so the obligation has
    none; the default plan's own target is 72 hours after awareness, elapsed time on the organisation's calendar:

    - weekday: Tuesday 9 June 08:00 UTC -> Friday 12 June 08:00.
    - saturday: Saturday 13 June 08:00 -> Tuesday 16 June 08:00.
    - sunday: Sunday 14 June 08:00 -> Wednesday 17 June 08:00.
    - german-holiday: Ascension 14 May 08:00 -> Sunday 17 May 08:00.
    - us-holiday: Thanksgiving 26 November 15:00 -> Sunday 29 November 15:00.
    - dst-change: Friday 27 March 11:00 UTC -> Monday 30 March 11:00 UTC.
    - 31-january: Saturday 31 January 08:00 -> Tuesday 3 February 08:00.
    - 23:30-local: Monday 8 June 21:30 UTC -> Thursday 11 June 21:30.
    """
    incident = declare(plan, aware=MOMENTS[case], personal_data_involved=True, high_risk=True, jurisdictions=["DE"])

    art34 = clock(incident, plan, "clock:gdpr_art34")

    assert art34.due_at is None
    assert art34.target_at == PLUS_72_HOURS[case]
    assert "no fixed deadline" in art34.basis


@both_plans
@pytest.mark.parametrize("case", list(MOMENTS))
def test_nis2_early_warning_24_hours_and_notification_72_hours_after_awareness(plan, case):
    """NIS2 Art. 23(4)(a) "within 24 hours of becoming aware" and (b) "within 72 hours of becoming aware": from the
    moment, elapsed time, no roll (the same arithmetic as GDPR Art. 33 above).

    - weekday: Tuesday 9 June 08:00 UTC: early warning Wednesday 10 June 08:00, notification Friday 12 June 08:00.
    - saturday: Saturday 13 June 08:00: Sunday 14 June 08:00 (no roll) and Tuesday 16 June 08:00.
    - sunday: Sunday 14 June 08:00: Monday 15 June 08:00 and Wednesday 17 June 08:00.
    - german-holiday: Ascension 14 May 08:00: Friday 15 May 08:00 and Sunday 17 May 08:00.
    - us-holiday: Thanksgiving 15:00 UTC: Friday 27 November 15:00 and Sunday 29 November 15:00.
    - dst-change: Friday 27 March 11:00 UTC: Saturday 28 March 11:00 and Monday 30 March 11:00 UTC (13:00 CEST).
    - 31-january: Saturday 31 January 08:00: Sunday 1 February 08:00 and Tuesday 3 February 08:00.
    - 23:30-local: Monday 8 June 21:30 UTC: Tuesday 9 June 21:30 and Thursday 11 June 21:30.
    """
    incident = declare(plan, aware=MOMENTS[case], significant_incident=True, jurisdictions=["DE"])

    assert clock(incident, plan, "clock:nis2_early_warning").due_at == PLUS_24_HOURS[case]
    assert clock(incident, plan, "clock:nis2_notification").due_at == PLUS_72_HOURS[case]


@both_plans
@pytest.mark.parametrize("case", list(MOMENTS))
def test_dora_initial_notification_4_hours_after_classification_capped_at_24_hours_after_awareness(plan, case):
    """Reg. 2025/301 Art. 5(1)(a): "within four hours from the classification ... as major, and no later than 24
    hours from the moment the financial entity has become aware". From the moment, elapsed, no roll.

    Classified when it became aware: the 4-hour clock applies (weekday: Tuesday 9 June 08:00 UTC -> 12:00; saturday
    -> Saturday 13 June 12:00; sunday -> Sunday 14 June 12:00; german-holiday -> 14 May 12:00; us-holiday -> 26
    November 19:00; dst-change -> Friday 27 March 15:00 UTC; 31-january -> 31 January 12:00; 23:30-local -> Tuesday
    9 June 01:30 UTC). Classified 22 hours after awareness: 22 + 4 = 26 hours is past the cap, so the initial
    notification is due 24 hours after awareness (the same moments as NIS2's early warning above).
    """
    classified_at_once = declare(plan, aware=MOMENTS[case], major_ict_incident=True, jurisdictions=["IE"])
    late = declare(plan, aware=MOMENTS[case], jurisdictions=["IE"])
    late.set_facts(actor="lee", now=MOMENTS[case] + timedelta(hours=22), plan=plan, major_ict_incident=True)

    initial = clock(classified_at_once, plan, "clock:dora_initial")
    capped = clock(late, plan, "clock:dora_initial")

    assert (initial.clock, initial.due_at) == ("dora_initial_after_classification", PLUS_4_HOURS[case])
    assert (capped.clock, capped.due_at) == ("dora_initial_after_awareness", PLUS_24_HOURS[case])


@both_plans
@pytest.mark.parametrize("case", list(MOMENTS))
def test_dora_intermediate_report_72_hours_after_the_initial_notification(plan, case):
    """Reg. 2025/301 Art. 5(1)(b): "at the latest within 72 hours from the submission of the initial notification":
    from the moment the initial notification was sent, elapsed time, no roll (Ireland's authority):

    - weekday: sent Tuesday 9 June 08:00 UTC -> Friday 12 June 08:00.
    - saturday: sent Saturday 13 June 08:00 -> Tuesday 16 June 08:00.
    - sunday: sent Sunday 14 June 08:00 -> Wednesday 17 June 08:00.
    - german-holiday: sent on Ascension, 14 May 08:00 (Ireland works) -> Sunday 17 May 08:00.
    - us-holiday: sent on Thanksgiving, 26 November 15:00 -> Sunday 29 November 15:00.
    - dst-change: sent Friday 27 March 11:00 UTC -> Monday 30 March 11:00 UTC (12:00 IST).
    - 31-january: sent Saturday 31 January 08:00 -> Tuesday 3 February 08:00.
    - 23:30-local: sent Monday 8 June 21:30 UTC -> Thursday 11 June 21:30.
    """
    incident = after_communication(
        plan, "clock:dora_initial", MOMENTS[case], major_ict_incident=True, jurisdictions=["IE"]
    )

    intermediate = clock(incident, plan, "clock:dora_intermediate")

    assert (intermediate.starts_at, intermediate.due_at) == (MOMENTS[case], PLUS_72_HOURS[case])


# --- EU AI Act Art. 73: days under Regulation (EEC, Euratom) No 1182/71 Art. 3 --------------------------------------

AI_ACT_15_DAYS = {
    "weekday": (at(BERLIN, 2026, 9, 8, 10, 0), utc(2026, 9, 23, 22, 0)),
    "saturday": (at(BERLIN, 2026, 9, 5, 10, 0), utc(2026, 9, 21, 22, 0)),
    "sunday": (at(BERLIN, 2026, 9, 6, 10, 0), utc(2026, 9, 21, 22, 0)),
    "issue-example": (utc(2026, 12, 4, 10, 0), utc(2026, 12, 21, 23, 0)),
    "german-holiday": (at(BERLIN, 2027, 4, 21, 10, 0), utc(2027, 5, 7, 22, 0)),
    "us-holiday": (at(BERLIN, 2026, 11, 11, 10, 0), utc(2026, 11, 26, 23, 0)),
    "dst-change-and-easter": (at(BERLIN, 2027, 3, 12, 12, 0), utc(2027, 3, 30, 22, 0)),
    "31-january": (at(BERLIN, 2027, 1, 31, 9, 0), utc(2027, 2, 15, 23, 0)),
    "23:30-berlin": (at(BERLIN, 2026, 9, 8, 23, 30), utc(2026, 9, 23, 22, 0)),
    "23:30-new-york": (at(NEW_YORK, 2026, 9, 8, 23, 30), utc(2026, 9, 24, 22, 0)),
}


@both_plans
@pytest.mark.parametrize("case", list(AI_ACT_15_DAYS))
def test_ai_act_art73_2_is_due_at_the_end_of_the_15th_day_in_the_member_state(plan, case):
    """AI Act Art. 73(2) (applies from 2 August 2026, so spring cases are in 2027): "not later than 15 days after
    ... becomes aware". Reg. 1182/71: the day of awareness is
    not counted (Art. 3(1)); the period ends with the last hour of day 15 (Art. 3(2)(b)), 24:00 in Berlin for a
    German authority; a day 15 on a Saturday, Sunday or German public holiday moves to the end of the next working
    day (Art. 3(4)). The organisation's calendar plays no part.

    - weekday: Tuesday 8 September; day 1 Wednesday 9, day 15 Wednesday 23 September: 24:00 CEST = 22:00 UTC.
    - saturday: Saturday 5 September; day 15 Sunday 20 September -> Monday 21 September, 22:00 UTC.
    - sunday: Sunday 6 September; day 15 Monday 21 September, 22:00 UTC.
    - issue-example: Friday 4 December 10:00 UTC; day 15 Saturday 19 December -> Monday 21 December, 24:00 CET =
      23:00 UTC (not Saturday 19 December 10:00 UTC).
    - german-holiday: Wednesday 21 April 2027; day 15 is Ascension Thursday 6 May 2027 -> Friday 7 May, 22:00 UTC.
    - us-holiday: Wednesday 11 November; day 15 is Thanksgiving, 26 November, a German working day: 24:00 CET =
      23:00 UTC on the 26th.
    - dst-change-and-easter: Friday 12 March 2027 (CET); day 15 Saturday 27 March -> Sunday 28 (clocks spring
      forward), Easter Monday 29 -> Tuesday 30 March, 24:00 CEST = 22:00 UTC.
    - 31-january: Sunday 31 January 2027; day 15 Monday 15 February (Washington's Birthday in the US, a working day
      in Germany), 24:00 CET = 23:00 UTC.
    - 23:30-berlin: Tuesday 8 September 23:30 CEST: still 8 September, day 15 Wednesday 23 September, 22:00 UTC.
    - 23:30-new-york: Tuesday 8 September 23:30 EDT is Wednesday 9 September 05:30 in Berlin: day 15 Thursday 24
      September, 22:00 UTC.
    """
    aware, due = AI_ACT_15_DAYS[case]
    incident = declare(plan, aware=aware, serious_incident=True, jurisdictions=["DE"])

    art73 = clock(incident, plan, "clock:eu_ai_act_art73")

    assert (art73.clock, art73.due_at) == ("eu_ai_act_art73_2", due)


AI_ACT_10_DAYS = {
    "weekday": (at(BERLIN, 2026, 9, 8, 10, 0), utc(2026, 9, 18, 22, 0)),
    "saturday": (at(BERLIN, 2026, 9, 5, 10, 0), utc(2026, 9, 15, 22, 0)),
    "sunday": (at(BERLIN, 2026, 9, 6, 10, 0), utc(2026, 9, 16, 22, 0)),
    "german-holiday": (at(BERLIN, 2027, 4, 26, 10, 0), utc(2027, 5, 7, 22, 0)),
    "us-holiday": (at(BERLIN, 2026, 11, 16, 10, 0), utc(2026, 11, 26, 23, 0)),
    "dst-change": (at(BERLIN, 2026, 10, 16, 12, 0), utc(2026, 10, 26, 23, 0)),
    "31-january": (at(BERLIN, 2027, 1, 31, 9, 0), utc(2027, 2, 10, 23, 0)),
    "23:30-local": (at(BERLIN, 2026, 9, 8, 23, 30), utc(2026, 9, 18, 22, 0)),
    "christmas": (at(BERLIN, 2026, 12, 16, 10, 0), utc(2026, 12, 28, 23, 0)),
}


@both_plans
@pytest.mark.parametrize("case", list(AI_ACT_10_DAYS))
def test_ai_act_art73_4_on_a_death_is_due_at_the_end_of_the_10th_day(plan, case):
    """AI Act Art. 73(4): "not later than 10 days after the date on which the provider ... becomes aware". Counted
    as Art. 73(2) above (Reg. 1182/71 Art. 3(1), 3(2)(b), 3(4)), Germany, 24:00 Berlin time.

    - weekday: Tuesday 8 September; day 10 Friday 18 September, 24:00 CEST = 22:00 UTC.
    - saturday: Saturday 5 September; day 10 Tuesday 15 September.
    - sunday: Sunday 6 September; day 10 Wednesday 16 September.
    - german-holiday: Monday 26 April 2027; day 10 is Ascension Thursday 6 May -> Friday 7 May.
    - us-holiday: Monday 16 November; day 10 is Thanksgiving (Germany works): 24:00 CET = 23:00 UTC on the 26th.
    - dst-change: Friday 16 October (CEST); day 10 Monday 26 October, after Berlin fell back: 24:00 CET = 23:00 UTC.
    - 31-january: Sunday 31 January 2027; day 10 Wednesday 10 February, 23:00 UTC.
    - 23:30-local: Tuesday 8 September 23:30 CEST; day 10 Friday 18 September, 22:00 UTC.
    - christmas: Wednesday 16 December; day 10 Saturday 26 December (also a holiday) -> Sunday 27 -> Monday 28
      December, 23:00 UTC.
    """
    aware, due = AI_ACT_10_DAYS[case]
    incident = declare(plan, aware=aware, serious_incident=True, death=True, jurisdictions=["DE"])

    art73 = clock(incident, plan, "clock:eu_ai_act_art73")

    assert (art73.clock, art73.due_at) == ("eu_ai_act_art73_4", due)


AI_ACT_2_DAYS = {
    "weekday": (at(BERLIN, 2026, 9, 8, 10, 0), utc(2026, 9, 10, 22, 0)),
    "thursday": (at(BERLIN, 2026, 9, 10, 10, 0), utc(2026, 9, 14, 22, 0)),
    "friday": (at(BERLIN, 2026, 9, 11, 10, 0), utc(2026, 9, 15, 22, 0)),
    "saturday": (at(BERLIN, 2026, 9, 12, 10, 0), utc(2026, 9, 15, 22, 0)),
    "sunday": (at(BERLIN, 2026, 9, 13, 10, 0), utc(2026, 9, 15, 22, 0)),
    "german-holiday": (at(BERLIN, 2027, 5, 4, 10, 0), utc(2027, 5, 7, 22, 0)),
    "us-holiday": (at(BERLIN, 2026, 11, 25, 10, 0), utc(2026, 11, 27, 23, 0)),
    "dst-change": (at(BERLIN, 2026, 10, 23, 12, 0), utc(2026, 10, 27, 23, 0)),
    "easter-and-dst": (at(BERLIN, 2027, 3, 26, 12, 0), utc(2027, 3, 31, 22, 0)),
    "31-january": (at(BERLIN, 2027, 1, 31, 9, 0), utc(2027, 2, 2, 23, 0)),
    "23:30-local": (at(BERLIN, 2026, 9, 10, 23, 30), utc(2026, 9, 14, 22, 0)),
    "christmas": (at(BERLIN, 2026, 12, 23, 10, 0), utc(2026, 12, 28, 23, 0)),
}


@both_plans
@pytest.mark.parametrize("fact", ["widespread_infringement", "critical_infrastructure_disruption"])
@pytest.mark.parametrize("case", list(AI_ACT_2_DAYS))
def test_ai_act_art73_3_two_days_include_two_working_days(plan, fact, case):
    """AI Act Art. 73(3): "not later than two days after ... becomes aware". Reg. 1182/71 Art. 3(1), 3(2)(b) and
    3(4) as above, and Art. 3(5): "Any period of two days or more shall include at least two working days", so a
    period that holds fewer runs on to the end of the second working day.

    - weekday: Tuesday 8 September; day 1 Wednesday 9, day 2 Thursday 10 (two working days): 22:00 UTC on the 10th.
    - thursday: Thursday 10 September; day 2 Saturday 12 -> Monday 14 (Art. 3(4)); Friday 11 and Monday 14 are two
      working days: 22:00 UTC on the 14th.
    - friday: Friday 11 September; day 2 Sunday 13 -> Monday 14, only one working day (Monday) -> Tuesday 15.
    - saturday: Saturday 12 September; day 2 Monday 14, one working day -> Tuesday 15.
    - sunday: Sunday 13 September; day 1 Monday 14, day 2 Tuesday 15: two working days, Tuesday 15.
    - german-holiday: Tuesday 4 May 2027; day 2 is Ascension Thursday 6 May -> Friday 7 (Wednesday 5 and Friday 7
      are two working days).
    - us-holiday: Wednesday 25 November; day 1 Thanksgiving (Germany works), day 2 Friday 27: 24:00 CET = 23:00 UTC.
    - dst-change: Friday 23 October (CEST); day 2 Sunday 25 (clocks fall back) -> Monday 26, one working day ->
      Tuesday 27 October, 24:00 CET = 23:00 UTC.
    - easter-and-dst: Good Friday 26 March 2027; day 2 Sunday 28 (clocks spring forward) -> Easter Monday 29 ->
      Tuesday 30, one working day -> Wednesday 31 March, 24:00 CEST = 22:00 UTC.
    - 31-january: Sunday 31 January 2027; day 1 Monday 1, day 2 Tuesday 2 February: two working days, 23:00 UTC.
    - 23:30-local: Thursday 10 September 23:30 CEST: as "thursday", Monday 14, 22:00 UTC.
    - christmas: Wednesday 23 December; day 2 is Christmas Day -> Saturday 26, Sunday 27 -> Monday 28; Thursday 24 and
      Monday 28 are two working days: 24:00 CET = 23:00 UTC on the 28th.
    """
    aware, due = AI_ACT_2_DAYS[case]
    incident = declare(plan, aware=aware, serious_incident=True, jurisdictions=["DE"], **{fact: True})

    art73 = clock(incident, plan, "clock:eu_ai_act_art73")

    assert art73.clock.startswith("eu_ai_act_art73_3")
    assert art73.due_at == due


# --- one month: Reg. 1182/71 Art. 3(2)(c), from a report sent -----------------------------------------------------

NIS2_FINAL = {
    "weekday": (at(BERLIN, 2026, 6, 9, 10, 0), utc(2026, 7, 9, 22, 0)),
    "saturday": (at(BERLIN, 2026, 6, 13, 10, 0), utc(2026, 7, 13, 22, 0)),
    "ends-on-a-saturday": (at(BERLIN, 2026, 8, 12, 10, 0), utc(2026, 9, 14, 22, 0)),
    "sunday": (at(BERLIN, 2026, 6, 14, 10, 0), utc(2026, 7, 14, 22, 0)),
    "german-holiday": (at(BERLIN, 2026, 4, 14, 10, 0), utc(2026, 5, 15, 22, 0)),
    "us-holiday": (at(BERLIN, 2026, 10, 26, 10, 0), utc(2026, 11, 26, 23, 0)),
    "dst-change": (at(BERLIN, 2026, 3, 2, 10, 0), utc(2026, 4, 2, 22, 0)),
    "31-january": (at(BERLIN, 2026, 1, 31, 10, 0), utc(2026, 3, 2, 23, 0)),
    "31-march": (at(BERLIN, 2026, 3, 31, 10, 0), utc(2026, 4, 30, 22, 0)),
    "23:30-berlin": (at(BERLIN, 2026, 6, 30, 23, 30), utc(2026, 7, 30, 22, 0)),
    "23:30-new-york": (at(NEW_YORK, 2026, 6, 30, 23, 30), utc(2026, 8, 3, 22, 0)),
}


@both_plans
@pytest.mark.parametrize("case", list(NIS2_FINAL))
def test_nis2_final_report_is_due_at_the_end_of_the_same_date_a_month_after_the_notification(plan, case):
    """NIS2 Art. 23(4)(d): "not later than one month after the submission of the incident notification". Reg.
    1182/71 Art. 3(2)(c): the period ends with the last hour of the same date in the next month, or of that month's
    last day when it has no such date; Art. 3(4) moves a Saturday, Sunday or public holiday to the next working day.
    Germany, 24:00 Berlin time.

    - weekday: notified Tuesday 9 June; Thursday 9 July, 24:00 CEST = 22:00 UTC.
    - saturday: notified Saturday 13 June; Monday 13 July.
    - ends-on-a-saturday: notified Wednesday 12 August; Saturday 12 September -> Monday 14 September.
    - sunday: notified Sunday 14 June; Tuesday 14 July.
    - german-holiday: notified Tuesday 14 April; Ascension Thursday 14 May -> Friday 15 May.
    - us-holiday: notified Monday 26 October; Thanksgiving, 26 November, a German working day: 23:00 UTC.
    - dst-change: notified Monday 2 March (CET); Thursday 2 April, 24:00 CEST = 22:00 UTC.
    - 31-january: notified Saturday 31 January; February has no 31st: Saturday 28 February -> Monday 2 March, 24:00
      CET = 23:00 UTC.
    - 31-march: notified Tuesday 31 March; April has no 31st: Thursday 30 April, 22:00 UTC.
    - 23:30-berlin: notified Tuesday 30 June 23:30 CEST; Thursday 30 July, 22:00 UTC.
    - 23:30-new-york: notified Tuesday 30 June 23:30 EDT, Wednesday 1 July 05:30 in Berlin; Saturday 1 August ->
      Monday 3 August, 22:00 UTC.
    """
    sent, due = NIS2_FINAL[case]
    incident = after_communication(
        plan, "clock:nis2_notification", sent, significant_incident=True, jurisdictions=["DE"]
    )

    final = clock(incident, plan, "clock:nis2_final_report")

    assert (final.state, final.starts_at, final.due_at) == (ObligationState.OPEN, sent, due)


DORA_FINAL = {
    "weekday": (at(DUBLIN, 2026, 6, 9, 10, 0), utc(2026, 7, 9, 23, 0)),
    "saturday": (at(DUBLIN, 2026, 6, 13, 10, 0), utc(2026, 7, 13, 23, 0)),
    "ends-on-a-saturday": (at(DUBLIN, 2026, 8, 12, 10, 0), utc(2026, 9, 12, 23, 0)),
    "sunday": (at(DUBLIN, 2026, 6, 14, 10, 0), utc(2026, 7, 14, 23, 0)),
    "irish-holiday": (at(DUBLIN, 2026, 2, 17, 10, 0), utc(2026, 3, 18, 0, 0)),
    "us-holiday": (at(DUBLIN, 2026, 10, 26, 10, 0), utc(2026, 11, 27, 0, 0)),
    "dst-change": (at(DUBLIN, 2026, 3, 2, 10, 0), utc(2026, 4, 2, 23, 0)),
    "31-january": (at(DUBLIN, 2026, 1, 31, 10, 0), utc(2026, 3, 1, 0, 0)),
    "23:30-local": (at(DUBLIN, 2026, 6, 30, 23, 30), utc(2026, 7, 30, 23, 0)),
}


@both_plans
@pytest.mark.parametrize("case", list(DORA_FINAL))
def test_dora_final_report_is_due_a_month_after_the_intermediate_report_without_the_weekend_roll(plan, case):
    """Reg. 2025/301 Art. 5(1)(c): "no later than one month after ... the intermediate report". The default plan's
    rule `dora_rts`: the month of Reg. 1182/71 Art. 3(2)(c), ending at 24:00 on the same date (Ireland's competent
    authority, Dublin time), with no Art. 3(4) roll: Reg. 2025/301 Art. 5(4) has its own weekend rule, which Art.
    5(5) limits to some financial entities, so the default does not rely on it.

    - weekday: intermediate report Tuesday 9 June; Thursday 9 July, 24:00 IST (UTC+1) = 23:00 UTC.
    - saturday: Saturday 13 June; Monday 13 July.
    - ends-on-a-saturday: Wednesday 12 August; Saturday 12 September stays: 23:00 UTC on the 12th.
    - sunday: Sunday 14 June; Tuesday 14 July.
    - irish-holiday: Tuesday 17 February; St Patrick's Day, Tuesday 17 March, stays: 24:00 GMT = 00:00 UTC on the
      18th.
    - us-holiday: Monday 26 October (Ireland's October bank holiday, irrelevant to the start); Thanksgiving, 26
      November: 24:00 GMT = 00:00 UTC on the 27th.
    - dst-change: Monday 2 March (GMT); Thursday 2 April, 24:00 IST = 23:00 UTC.
    - 31-january: Saturday 31 January; the last day of February, Saturday 28 February, stays: 00:00 UTC on 1 March.
    - 23:30-local: Tuesday 30 June 23:30 IST; Thursday 30 July, 23:00 UTC.
    """
    sent, due = DORA_FINAL[case]
    incident = after_communication(plan, "clock:dora_intermediate", sent, major_ict_incident=True, jurisdictions=["IE"])

    final = clock(incident, plan, "clock:dora_final")

    assert (final.starts_at, final.due_at) == (sent, due)


# --- which Member State -------------------------------------------------------------------------------------------


def test_each_member_state_counts_on_its_own_holidays_and_the_earliest_applies():
    """Aware Tuesday 4 May 2027 in France and Ireland; AI Act, 2 days. France: day 2 is Ascension Thursday 6 May
    -> Friday 7 May, 24:00 CEST = 22:00 UTC. Ireland works on Ascension: Thursday 6 May, 24:00 IST = 23:00 UTC on
    the 6th. The earlier applies, and the basis names the state it was counted in.
    """
    plan = PLANS["new-york-plan"]
    incident = declare(
        plan, aware=at(BERLIN, 2027, 5, 4, 10, 0), serious_incident=True, widespread_infringement=True,
        jurisdictions=["FR", "IE"],
    )  # fmt: skip

    art73 = clock(incident, plan, "clock:eu_ai_act_art73")

    assert art73.due_at == utc(2027, 5, 6, 23, 0)
    assert "Ireland (Europe/Dublin)" in art73.basis
    assert "the earliest of the Member States FR, IE" in art73.basis


def test_the_plan_names_the_member_state_of_an_eu_wide_jurisdiction():
    """An incident naming only "EU" reports to the authority the plan's [member_states] names: EU = "DE" counts the
    AI Act's 15 days on Germany's calendar. Aware Friday 4 December 2026: Monday 21 December, 24:00 CET."""
    plan = PLANS["new-york-plan"].model_copy(update={"member_states": {"EU": "DE"}})
    incident = declare(plan, aware=utc(2026, 12, 4, 10, 0), serious_incident=True, jurisdictions=["EU"])

    art73 = clock(incident, plan, "clock:eu_ai_act_art73")

    assert art73.due_at == utc(2026, 12, 21, 23, 0)
    assert art73.calendar == "the working days and public holidays of Germany (Europe/Berlin)"


def test_an_eu_wide_jurisdiction_with_no_member_state_named_counts_to_the_earliest_end_anywhere_and_says_so():
    """Aware Friday 4 December 2026 10:00 UTC, jurisdiction "EU" only, no [member_states]: day 15 is Saturday 19
    December, moved to Monday 21 December everywhere; the earliest end of that day is in the easternmost zone,
    24:00 EET (UTC+2) = 22:00 UTC, e.g. in Bulgaria."""
    plan = PLANS["new-york-plan"]
    incident = declare(plan, aware=utc(2026, 12, 4, 10, 0), serious_incident=True, jurisdictions=["EU"])

    art73 = clock(incident, plan, "clock:eu_ai_act_art73")

    assert art73.due_at == utc(2026, 12, 21, 22, 0)
    assert "no Member State is named for the jurisdictions EU" in art73.basis


def test_a_legal_deadline_carries_its_basis_and_how_it_was_counted():
    plan = PLANS["new-york-plan"]
    incident = declare(plan, aware=utc(2026, 12, 4, 10, 0), serious_incident=True, jurisdictions=["DE"])

    art73 = clock(incident, plan, "clock:eu_ai_act_art73")

    assert art73.basis == (
        "Regulation (EU) 2024/1689 (AI Act) Art. 73(2): Not later than 15 days after becoming aware. Counted: "
        "Regulation (EEC, Euratom) No 1182/71 Art. 3(1), 3(2)(b)-(c), 3(3), 3(4) and 3(5); on the working days and "
        "public holidays of Germany (Europe/Berlin)."
    )
    assert art73.reckoning == (
        "15 days: the event on Fri 4 Dec 2026 (11:00 Europe/Berlin); the day of the event is not counted; day 1 is "
        "Sat 5 Dec 2026; day 15 is Sat 19 Dec 2026; that is a Saturday, so the period ends with the next working "
        "day, Mon 21 Dec 2026; it ends at the end of that day, 24:00 Europe/Berlin"
    )
    # The plan's target, 1 business day before on the organisation's (New York) calendar: the legal deadline is
    # Monday 21 December 18:00 in New York, so the target is the close of business on Friday 18 December.
    assert art73.target_at == at(NEW_YORK, 2026, 12, 18, 17, 0)
    assert art73.target == "1 business day before the legal deadline, on the organisation's calendar"
