"""The US clocks of the default plan, hand-worked against their texts: SEC Form 8-K Item 1.05 and Florida Stat.
501.171.

Every case is counted by hand in the docstring of its test and run under two organisation calendars
(America/New_York with US holidays, Europe/Berlin with German holidays): the legal deadline must be the same under
both. Facts used below: US federal holidays in 2026 are 1 January, 19 January, 16 February, 25 May, 19 June, 3 July
(observed), 7 September, 12 October, 11 November, Thanksgiving 26 November and 25 December; the federal government
was closed by executive order on 24 and 26 December 2025; New York changes clocks on 8 March and 1 November 2026
(EST = UTC-5, EDT = UTC-4); 1 May is a German holiday.
"""

from __future__ import annotations

import pytest
from clock_cases import BERLIN, NEW_YORK, PLANS, at, clock, declare, utc

both_plans = pytest.mark.parametrize("plan", list(PLANS.values()), ids=list(PLANS))

SEC_8K = {
    "weekday": (at(NEW_YORK, 2026, 12, 7, 10, 0), utc(2026, 12, 11, 22, 30)),
    "saturday": (at(NEW_YORK, 2026, 12, 5, 10, 0), utc(2026, 12, 10, 22, 30)),
    "sunday": (at(NEW_YORK, 2026, 12, 6, 10, 0), utc(2026, 12, 10, 22, 30)),
    "federal-holiday": (at(NEW_YORK, 2026, 11, 26, 10, 0), utc(2026, 12, 2, 22, 30)),
    "german-holiday": (at(NEW_YORK, 2026, 4, 30, 10, 0), utc(2026, 5, 6, 21, 30)),
    "dst-change": (at(NEW_YORK, 2026, 3, 5, 10, 0), utc(2026, 3, 11, 21, 30)),
    "month-end-and-dst": (at(NEW_YORK, 2026, 10, 30, 10, 0), utc(2026, 11, 5, 22, 30)),
    "31-january": (at(NEW_YORK, 2026, 1, 31, 10, 0), utc(2026, 2, 5, 22, 30)),
    "23:30-new-york": (at(NEW_YORK, 2026, 12, 7, 23, 30), utc(2026, 12, 11, 22, 30)),
    "23:30-berlin": (at(BERLIN, 2026, 12, 7, 23, 30), utc(2026, 12, 11, 22, 30)),
    "federal-closures": (at(NEW_YORK, 2025, 12, 23, 10, 0), utc(2026, 1, 2, 22, 30)),
}


@both_plans
@pytest.mark.parametrize("case", list(SEC_8K))
def test_sec_8k_is_due_on_the_fourth_business_day_after_the_materiality_determination(plan, case):
    """Form 8-K Item 1.05, "within four business days after" the materiality determination; General Instruction
    B.1: "If the event occurs on a Saturday, Sunday or holiday on which the Commission is not open for business, then
    the four business day period shall begin to run on, and include, the first business day thereafter". So business
    day 1 is the first business day after the day of the determination; business days are the Commission's
    (weekdays except federal holidays and federal closures) in Eastern time, whatever the organisation's calendar;
    EDGAR dates a filing made after 17:30 Eastern on the next business day, so the period ends at 17:30 Eastern.

    - weekday: Monday 7 December; Tue 8 (1), Wed 9 (2), Thu 10 (3), Fri 11 (4): 17:30 EST = 22:30 UTC.
    - saturday: Saturday 5 December (the example of the issue); the period begins on and includes Monday 7 (1),
      Tue 8, Wed 9, Thu 10 December (4), not Friday 11.
    - sunday: Sunday 6 December; the same: Thursday 10 December.
    - federal-holiday: Thanksgiving, Thursday 26 November (a working day for a Berlin organisation); Fri 27 (1),
      Mon 30 (2), Tue 1 (3), Wed 2 December (4).
    - german-holiday: Thursday 30 April; Friday 1 May is a German holiday but the Commission is open: Fri 1 (1),
      Mon 4, Tue 5, Wed 6 May (4), 17:30 EDT = 21:30 UTC.
    - dst-change: Thursday 5 March (EST); Fri 6 (1), Mon 9 (2, now EDT), Tue 10, Wed 11 March (4): 21:30 UTC.
    - month-end-and-dst: Friday 30 October (EDT); Mon 2 November (1, now EST), Tue 3, Wed 4, Thu 5 (4): 22:30 UTC.
    - 31-january: Saturday 31 January; Mon 2 February (1), Tue 3, Wed 4, Thu 5 February (4).
    - 23:30-new-york: Monday 7 December 23:30 EST (already Tuesday in UTC): still Monday in Eastern time: Friday 11.
    - 23:30-berlin: Monday 7 December 23:30 CET is 17:30 EST on Monday: Friday 11 December.
    - federal-closures: Tuesday 23 December 2025; 24 December (closed by executive order), Christmas, 26 December
      (closed) and the weekend are skipped: Mon 29 (1), Tue 30, Wed 31, New Year's Day skipped, Fri 2 January 2026
      (4).
    """
    determined, due = SEC_8K[case]
    incident = declare(plan, aware=determined, material=True, jurisdictions=["US"])

    sec = clock(incident, plan, "clock:sec_8k_item_105")

    assert (sec.starts_at, sec.due_at) == (determined, due)


def test_the_sec_deadline_is_the_same_for_a_berlin_organisation_but_its_target_is_its_own():
    """The materiality determination of the issue, Saturday 5 December 2026: the legal deadline is Thursday 10
    December 17:30 EST under either plan. The plan's target, 1 business day before on the organisation's calendar:
    in New York the close of business on Wednesday 9 December (17:00 EST = 22:00 UTC); in Berlin the legal deadline
    is Thursday 23:30 CET, so the target is Wednesday 9 December 17:00 CET (16:00 UTC)."""
    determined = at(NEW_YORK, 2026, 12, 5, 10, 0)
    new_york, berlin = (
        clock(declare(plan, aware=determined, material=True, jurisdictions=["US"]), plan, "clock:sec_8k_item_105")
        for plan in PLANS.values()
    )

    assert new_york.due_at == berlin.due_at == utc(2026, 12, 10, 22, 30)
    assert new_york.target_at == utc(2026, 12, 9, 22, 0)
    assert berlin.target_at == utc(2026, 12, 9, 16, 0)
    assert new_york.basis == berlin.basis
    assert new_york.reckoning == (
        "4 business days: the event on Sat 5 Dec 2026 (10:00 America/New_York); the day of the event is not counted; "
        "business day 1 is Mon 7 Dec 2026; business day 4 is Thu 10 Dec 2026; it ends at the cut-off, 17:30 "
        "America/New_York"
    )


FLORIDA = {
    "weekday": (at(NEW_YORK, 2026, 6, 9, 10, 0), utc(2026, 7, 9, 14, 0)),
    "saturday": (at(NEW_YORK, 2026, 6, 13, 10, 0), utc(2026, 7, 13, 14, 0)),
    "ends-on-a-saturday-holiday": (at(NEW_YORK, 2026, 6, 4, 10, 0), utc(2026, 7, 4, 14, 0)),
    "sunday": (at(NEW_YORK, 2026, 6, 14, 10, 0), utc(2026, 7, 14, 14, 0)),
    "florida-holiday": (at(NEW_YORK, 2026, 10, 28, 10, 0), utc(2026, 11, 27, 15, 0)),
    "federal-not-florida-holiday": (at(NEW_YORK, 2026, 10, 12, 10, 0), utc(2026, 11, 11, 15, 0)),
    "german-holiday": (at(NEW_YORK, 2026, 5, 1, 10, 0), utc(2026, 5, 31, 14, 0)),
    "dst-change": (at(NEW_YORK, 2026, 2, 20, 12, 0), utc(2026, 3, 22, 16, 0)),
    "31-january": (at(NEW_YORK, 2026, 1, 31, 10, 0), utc(2026, 3, 2, 15, 0)),
    "23:30-local": (at(NEW_YORK, 2026, 6, 9, 23, 30), utc(2026, 7, 10, 3, 30)),
}


@both_plans
@pytest.mark.parametrize("case", list(FLORIDA))
def test_florida_notice_is_due_30_days_after_the_determination_from_the_moment_in_florida_time(plan, case):
    """Florida Stat. 501.171(4)(a): "no later than 30 days after the determination of a breach or reason to believe
    a breach occurred". The statute sets no way of counting, so the default reads it conservatively: 30 days from
    the moment, the same Eastern wall-clock time (Tallahassee), with no roll for weekends or holidays.

    - weekday: Tuesday 9 June 10:00 EDT; Thursday 9 July 10:00 EDT = 14:00 UTC.
    - saturday: Saturday 13 June; Monday 13 July 10:00 EDT.
    - ends-on-a-saturday-holiday: Thursday 4 June; Saturday 4 July, Independence Day, stays: 10:00 EDT.
    - sunday: Sunday 14 June; Tuesday 14 July.
    - florida-holiday: Wednesday 28 October (EDT); Friday 27 November, a Florida holiday, stays: 10:00 EST = 15:00 UTC.
    - federal-not-florida-holiday: Columbus Day, Monday 12 October (a holiday of the New York plan, not of Florida);
      Wednesday 11 November (Veterans Day), 10:00 EST = 15:00 UTC: nothing rolls.
    - german-holiday: Friday 1 May (a holiday of the Berlin plan); Sunday 31 May 10:00 EDT.
    - dst-change: Friday 20 February 12:00 EST; Sunday 22 March 12:00 EDT = 16:00 UTC (29 days 23 hours elapsed).
    - 31-january: Saturday 31 January 10:00 EST; 30 days on is Monday 2 March, 10:00 EST = 15:00 UTC.
    - 23:30-local: Tuesday 9 June 23:30 EDT; Thursday 9 July 23:30 EDT = 03:30 UTC on the 10th.
    """
    determined, due = FLORIDA[case]
    incident = declare(plan, aware=determined, personal_data_involved=True, jurisdictions=["US-FL"])

    florida = clock(incident, plan, "clock:us_fl_501171")

    assert florida.due_at == due
