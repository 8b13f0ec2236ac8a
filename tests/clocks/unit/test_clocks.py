"""Deadline arithmetic: business days against numpy's busday_offset, DST, months and plan durations."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aicident.clocks.model import BusinessCalendar, Duration, due_at, parse_duration
from aicident.errors import InvalidInput
from aicident.plan.schema import Calendar

UTC = UTC
NEW_YORK = BusinessCalendar(time_zone="America/New_York", country="US")
BERLIN = BusinessCalendar(time_zone="Europe/Berlin", country="DE", subdivision="BY")
LONDON = BusinessCalendar(time_zone="Europe/London", country="GB")


def local(calendar: BusinessCalendar, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(calendar.time_zone))


def in_zone(moment: datetime, calendar: BusinessCalendar) -> datetime:
    return moment.astimezone(ZoneInfo(calendar.time_zone))


# --- business days against an independent oracle -------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    calendar=st.sampled_from([NEW_YORK, BERLIN, LONDON]),
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    at=st.times(),
    n=st.integers(min_value=0, max_value=40),
)
def test_add_business_days_agrees_with_numpy_busday_offset(calendar, day, at, n):
    start = datetime.combine(day, at, tzinfo=ZoneInfo(calendar.time_zone))
    local_day = in_zone(start, calendar).date()
    holidays = calendar.holidays_between(local_day, local_day + timedelta(days=120))
    expected_day = numpy.busday_offset(local_day, n, roll="forward", weekmask="1111100", holidays=holidays).astype(date)
    expected = datetime.combine(expected_day, time(17, 0), tzinfo=ZoneInfo(calendar.time_zone)).astimezone(UTC)

    due = calendar.add_business_days(start, n)

    assert due == expected
    assert due.tzinfo is UTC


@settings(max_examples=100, deadline=None)
@given(
    calendar=st.sampled_from([NEW_YORK, BERLIN, LONDON]),
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    n=st.integers(min_value=0, max_value=40),
)
def test_a_business_day_deadline_ends_at_the_end_of_a_business_day_not_before_the_start_day(calendar, day, n):
    start = datetime.combine(day, time(9, 0), tzinfo=ZoneInfo(calendar.time_zone))
    due_local = in_zone(calendar.add_business_days(start, n), calendar)
    assert due_local.time() == time(17, 0)
    assert calendar.is_business_day(due_local.date())
    assert due_local.date() >= day


# --- business days, worked by hand -----------------------------------------------------------------------------


def test_a_one_business_day_deadline_declared_friday_evening_skips_memorial_day():
    declared = local(NEW_YORK, 2026, 5, 22, 19, 0)  # Friday; Monday 2026-05-25 is Memorial Day

    due = due_at(declared, parse_duration("1 business day"), NEW_YORK)

    assert in_zone(due, NEW_YORK) == local(NEW_YORK, 2026, 5, 26, 17, 0)
    assert due == datetime(2026, 5, 26, 21, 0, tzinfo=UTC)


def test_a_thursday_before_good_friday_in_germany_is_due_after_easter_monday():
    declared = local(BERLIN, 2026, 4, 2, 10, 0)  # Good Friday 3 April, Easter Monday 6 April

    due = BERLIN.add_business_days(declared, 1)

    assert due == datetime(2026, 4, 7, 15, 0, tzinfo=UTC)  # 17:00 CEST


def test_five_business_days_across_christmas_and_new_year_in_britain_skip_bank_holidays():
    declared = local(LONDON, 2026, 12, 23, 10, 0)
    # Counted: Thu 24, Tue 29, Wed 30, Thu 31 Dec, Mon 4 Jan; skipped: Christmas, Boxing Day observed on Mon 28,
    # New Year's Day.
    due = LONDON.add_business_days(declared, 5)

    assert due == datetime(2027, 1, 4, 17, 0, tzinfo=UTC)  # GMT


def test_zero_business_days_on_a_saturday_rolls_to_the_end_of_monday():
    saturday = local(NEW_YORK, 2026, 6, 6, 11, 30)

    due = NEW_YORK.add_business_days(saturday, 0)

    assert in_zone(due, NEW_YORK) == local(NEW_YORK, 2026, 6, 8, 17, 0)


def test_a_business_day_deadline_after_spring_forward_has_the_summer_offset():
    declared = local(BERLIN, 2026, 3, 27, 10, 0)  # Friday, CET (+01:00); clocks spring forward Sunday 29 March

    due = BERLIN.add_business_days(declared, 1)

    assert due == datetime(2026, 3, 30, 15, 0, tzinfo=UTC)
    assert in_zone(due, BERLIN).utcoffset() == timedelta(hours=2)


def test_a_business_day_deadline_after_fall_back_has_the_winter_offset():
    declared = local(NEW_YORK, 2026, 10, 30, 10, 0)  # Friday, EDT (-04:00); clocks fall back Sunday 1 November

    due = NEW_YORK.add_business_days(declared, 1)

    assert due == datetime(2026, 11, 2, 22, 0, tzinfo=UTC)
    assert in_zone(due, NEW_YORK).utcoffset() == timedelta(hours=-5)


def test_extra_holidays_of_the_organisation_are_not_business_days():
    calendar = BusinessCalendar(time_zone="Europe/London", country="GB", extra_holidays=frozenset({date(2026, 12, 24)}))

    due = calendar.add_business_days(local(calendar, 2026, 12, 23, 10, 0), 1)

    assert calendar.holidays_between(date(2026, 12, 24), date(2026, 12, 28)) == [
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 28),
    ]
    assert due == datetime(2026, 12, 29, 17, 0, tzinfo=UTC)


def test_a_calendar_built_from_the_plan_keeps_its_workdays_end_of_day_and_extra_holidays():
    plan_calendar = Calendar(
        time_zone="Asia/Dubai",
        holidays_country="AE",
        workdays=["mon", "tue", "wed", "thu", "fri"],
        business_day_ends="18:30",
        extra_holidays=["2026-06-10"],
    )

    calendar = BusinessCalendar.from_plan(plan_calendar)

    assert calendar.workdays == (0, 1, 2, 3, 4)
    assert calendar.day_ends == time(18, 30)
    assert calendar.extra_holidays == frozenset({date(2026, 6, 10)})
    assert not calendar.is_business_day(date(2026, 6, 10))
    assert calendar.add_business_days(local(calendar, 2026, 6, 9, 9, 0), 1) == datetime(2026, 6, 11, 14, 30, tzinfo=UTC)


def test_a_calendar_with_an_unknown_zone_or_country_is_refused():
    with pytest.raises(InvalidInput):
        BusinessCalendar(time_zone="Mars/Olympus", country="US")
    with pytest.raises(InvalidInput):
        BusinessCalendar(time_zone="UTC", country="XX")
    with pytest.raises(InvalidInput):
        BusinessCalendar(time_zone="UTC", country="US", workdays=())


def test_a_negative_number_of_business_days_is_refused():
    with pytest.raises(InvalidInput):
        NEW_YORK.add_business_days(local(NEW_YORK, 2026, 6, 8, 9, 0), -1)


# --- elapsed time, wall-clock days and months across DST -------------------------------------------------------


def test_seventy_two_hours_across_spring_forward_are_seventy_two_real_hours():
    start = local(BERLIN, 2026, 3, 27, 12, 0)

    due = due_at(start, parse_duration("72 hours"), BERLIN)

    assert in_zone(due, BERLIN) == local(BERLIN, 2026, 3, 30, 13, 0)
    assert due - start == timedelta(hours=72)


def test_fifteen_days_across_spring_forward_keep_the_local_wall_clock_time():
    start = local(BERLIN, 2026, 3, 20, 12, 0)

    due = due_at(start, parse_duration("15 days"), BERLIN)

    assert in_zone(due, BERLIN) == local(BERLIN, 2026, 4, 4, 12, 0)
    assert due == datetime(2026, 4, 4, 10, 0, tzinfo=UTC)


def test_seventy_two_hours_across_fall_back_are_seventy_two_real_hours():
    start = local(NEW_YORK, 2026, 10, 30, 12, 0)

    due = due_at(start, parse_duration("72 hours"), NEW_YORK)

    assert in_zone(due, NEW_YORK) == local(NEW_YORK, 2026, 11, 2, 11, 0)
    assert due == datetime(2026, 11, 2, 16, 0, tzinfo=UTC)


def test_fifteen_days_across_fall_back_keep_the_local_wall_clock_time():
    start = local(NEW_YORK, 2026, 10, 20, 12, 0)

    due = due_at(start, parse_duration("15 days"), NEW_YORK)

    assert due == datetime(2026, 11, 4, 17, 0, tzinfo=UTC)  # 12:00 EST


def test_minutes_are_elapsed_time_even_when_the_start_is_in_a_local_zone():
    start = local(NEW_YORK, 2026, 11, 1, 0, 30)  # clocks fall back at 02:00 this night

    due = due_at(start, parse_duration("120 minutes"), NEW_YORK)

    assert due - start == timedelta(minutes=120)
    assert in_zone(due, NEW_YORK).replace(tzinfo=None) == datetime(2026, 11, 1, 1, 30)


def test_a_day_deadline_landing_in_the_skipped_hour_moves_past_the_gap():
    start = local(BERLIN, 2026, 3, 28, 2, 30)  # 29 March 02:00-03:00 does not exist in Berlin

    due = due_at(start, parse_duration("1 day"), BERLIN)

    assert in_zone(due, BERLIN) == local(BERLIN, 2026, 3, 29, 3, 30)
    assert due == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_a_day_deadline_landing_in_the_repeated_hour_takes_the_first_occurrence():
    start = local(NEW_YORK, 2026, 10, 31, 1, 30)  # 1 November 01:00-02:00 happens twice in New York

    due = due_at(start, parse_duration("1 day"), NEW_YORK)

    assert due == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT, not 01:30 EST


def test_zero_days_from_the_second_occurrence_of_a_repeated_hour_is_the_start_itself():
    start = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST, the second 01:30 that night

    assert due_at(start, parse_duration("0 days"), NEW_YORK) == start


def test_one_month_from_the_thirty_first_of_january_is_the_last_day_of_february():
    start = local(BERLIN, 2026, 1, 31, 9, 15)

    due = due_at(start, parse_duration("1 month"), BERLIN)

    assert in_zone(due, BERLIN) == local(BERLIN, 2026, 2, 28, 9, 15)


def test_months_cross_the_year_and_clamp_to_a_leap_february():
    assert in_zone(due_at(local(LONDON, 2027, 12, 31, 8, 0), Duration(2, "months"), LONDON), LONDON) == local(
        LONDON, 2028, 2, 29, 8, 0
    )
    assert in_zone(due_at(local(LONDON, 2026, 3, 15, 8, 0), Duration(12, "months"), LONDON), LONDON) == local(
        LONDON, 2027, 3, 15, 8, 0
    )


@settings(max_examples=100, deadline=None)
@given(
    calendar=st.sampled_from([NEW_YORK, BERLIN, LONDON]),
    instant=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)),
    duration=st.builds(
        Duration,
        amount=st.integers(min_value=0, max_value=400),
        unit=st.sampled_from(["minutes", "hours", "days", "business_days", "months"]),
    ),
)
def test_every_due_time_is_aware_utc_and_not_before_a_start_it_counts_forward_from(calendar, instant, duration):
    due = due_at(instant, duration, calendar)

    assert due.tzinfo is UTC
    if duration.amount > 0:
        assert due >= instant


# --- durations from the plan ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 minutes", Duration(15, "minutes")),
        ("1 minute", Duration(1, "minutes")),
        ("1 hour", Duration(1, "hours")),
        ("72 hours", Duration(72, "hours")),
        ("1 day", Duration(1, "days")),
        ("15 days", Duration(15, "days")),
        ("1 business day", Duration(1, "business_days")),
        ("5 business days", Duration(5, "business_days")),
        ("1 month", Duration(1, "months")),
        ("3 months", Duration(3, "months")),
        ("  24 hours ", Duration(24, "hours")),
    ],
)
def test_parse_duration_reads_the_plan_forms(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["15 mins", "-1 hours", "", "soon", "1.5 hours", "2 weeks", "hours"])
def test_parse_duration_refuses_anything_else_and_says_which_units_are_allowed(text):
    with pytest.raises(InvalidInput) as refused:
        parse_duration(text)

    assert repr(text) in refused.value.message
    assert "business days" in refused.value.allowed
    assert refused.value.code == "invalid_input"


@given(
    st.builds(
        Duration,
        amount=st.integers(min_value=0, max_value=10_000),
        unit=st.sampled_from(["minutes", "hours", "days", "business_days", "months"]),
    )
)
def test_a_duration_reads_back_from_its_own_text(duration):
    assert parse_duration(str(duration)) == duration


def test_a_duration_prints_as_the_plan_writes_it():
    assert str(Duration(15, "minutes")) == "15 minutes"
    assert str(Duration(1, "business_days")) == "1 business day"
    assert str(Duration(5, "business_days")) == "5 business days"
    assert str(Duration(1, "hours")) == "1 hour"


def test_a_duration_with_a_negative_amount_or_unknown_unit_is_refused():
    with pytest.raises(InvalidInput):
        Duration(-1, "hours")
    with pytest.raises(InvalidInput):
        Duration(1, "weeks")  # type: ignore[arg-type]


# --- naive datetimes -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["minutes", "hours", "days", "business_days", "months"])
def test_a_naive_start_is_refused_for_every_unit(unit):
    with pytest.raises(InvalidInput, match="timezone-aware datetime required"):
        due_at(datetime(2026, 5, 22, 19, 0), Duration(1, unit), NEW_YORK)


def test_add_business_days_refuses_a_naive_start():
    with pytest.raises(InvalidInput, match="timezone-aware datetime required"):
        NEW_YORK.add_business_days(datetime(2026, 5, 22, 19, 0), 1)
