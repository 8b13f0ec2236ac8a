"""Counting rules, regulators' calendars and the organisation's targets (aicident.clocks.rules and .calendars)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aicident.clocks.calendars import (
    CalendarName,
    member_state_calendar,
    member_states_for,
    parse_calendar_name,
    us_federal_calendar,
    us_state_calendar,
)
from aicident.clocks.model import BusinessCalendar, Duration, due_at, parse_duration
from aicident.clocks.rules import BUILTIN_RULES, CountingRule, count, target_before
from aicident.errors import InvalidInput
from aicident.plan.schema import CountingRuleSpec

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
GERMANY = member_state_calendar("DE")
SEC = us_federal_calendar()
ORGANISATION = BusinessCalendar(time_zone="America/New_York", country="US")


def at(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone).astimezone(UTC)


# --- the rules -------------------------------------------------------------------------------------------------


def test_the_plan_schema_offers_exactly_the_parts_the_rules_count_with():
    fields = CountingRuleSpec.model_fields
    assert fields["start"].annotation.__args__ == ("moment", "next_hour", "next_day", "next_business_day")
    assert fields["end"].annotation.__args__ == ("moment", "end_of_day", "close_of_business", "cutoff")
    assert fields["roll"].annotation.__args__ == ("none", "next_working_day")


@pytest.mark.parametrize(
    ("rule", "unit", "fits"),
    [
        ("moment", "hours", True),
        ("moment", "days", True),
        ("eu_1182_71_hours", "hours", True),
        ("eu_1182_71_hours", "days", False),  # next_hour is for hours
        ("eu_1182_71", "days", True),
        ("eu_1182_71", "months", True),
        ("eu_1182_71", "hours", False),  # a period in hours never ends at the end of a day
        ("sec_8k", "business_days", True),
        ("sec_8k", "months", False),
        ("sec_8k", "minutes", False),
    ],
)
def test_a_rule_says_which_units_it_can_count(rule, unit, fits):
    assert (BUILTIN_RULES[rule].unit_problem(unit) is None) is fits


def test_counting_a_unit_the_rule_is_not_made_for_is_refused():
    with pytest.raises(InvalidInput, match="counts days, not hours"):
        count(at(BERLIN, 2026, 6, 9, 10, 0), Duration(24, "hours"), BUILTIN_RULES["eu_1182_71"], GERMANY)


def test_a_cutoff_goes_with_end_cutoff_and_only_with_it():
    with pytest.raises(InvalidInput, match="a cutoff time goes with end = 'cutoff'"):
        CountingRule(id="x", name="x", start="next_day", end="cutoff")
    with pytest.raises(InvalidInput, match="a cutoff time goes with end = 'cutoff'"):
        CountingRule(id="x", name="x", start="next_day", end="end_of_day", cutoff=time(12, 0))


def test_the_organisation_rule_is_the_plans_own_arithmetic():
    start = at(NEW_YORK, 2026, 5, 22, 19, 0)
    for text in ("72 hours", "15 days", "1 month", "1 business day"):
        duration = parse_duration(text)
        assert count(start, duration, BUILTIN_RULES["organisation"], ORGANISATION).due_at == due_at(
            start, duration, ORGANISATION
        )


def test_periods_in_hours_under_1182_71_do_not_count_the_hour_of_the_event():
    """Reg. 1182/71 Art. 3(1): "the hour during which that event occurs ... shall not be considered as falling within
    the period"; Art. 3(2)(a): the period starts at the beginning of the first hour. Aware 10:15 CEST on Tuesday 9
    June: the 72 hours run from 11:00 and end at 11:00 CEST on Friday 12 June (09:00 UTC); from the moment they end
    at 10:15."""
    aware = at(BERLIN, 2026, 6, 9, 10, 15)

    strict = count(aware, Duration(72, "hours"), BUILTIN_RULES["eu_1182_71_hours"], GERMANY)
    conservative = count(aware, Duration(72, "hours"), BUILTIN_RULES["moment"], GERMANY)

    assert strict.due_at == at(BERLIN, 2026, 6, 12, 11, 0)
    assert conservative.due_at == at(BERLIN, 2026, 6, 12, 10, 15)
    assert "the hour of the event is not counted, so the period begins at Tue 9 Jun 2026 11:00" in strict.explanation


def test_a_business_day_period_may_end_at_the_close_of_business_of_the_calendar():
    rule = CountingRule(id="cob", name="close of business", start="next_day", end="close_of_business")

    # Friday 22 May 2026; Memorial Day Monday 25 is skipped: business day 1 is Tuesday 26, 17:00 EDT.
    due = count(at(NEW_YORK, 2026, 5, 22, 9, 0), Duration(1, "business_days"), rule, ORGANISATION).due_at

    assert due == at(NEW_YORK, 2026, 5, 26, 17, 0)


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
    minute=st.integers(0, 24 * 60 - 1),
    n=st.integers(1, 40),
    state=st.sampled_from(["DE", "FR", "IE", "IT", "FI"]),
)
def test_an_1182_71_period_in_days_ends_at_midnight_after_a_working_day_never_before_the_moment(day, minute, n, state):
    calendar = member_state_calendar(state)
    start = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=calendar.zone).astimezone(UTC)

    due = count(start, Duration(n, "days"), BUILTIN_RULES["eu_1182_71"], calendar).due_at
    from_the_moment = count(start, Duration(n, "days"), BUILTIN_RULES["moment"], calendar).due_at

    local = due.astimezone(calendar.zone)
    last = local.date() - timedelta(days=1)
    assert local.time() == time(0, 0)
    assert calendar.is_business_day(last)
    assert last >= start.astimezone(calendar.zone).date() + timedelta(days=n)
    assert due > from_the_moment
    if n >= 2:
        assert calendar.business_days_between(start.astimezone(calendar.zone).date() + timedelta(days=1), last) >= 2


@settings(max_examples=200, deadline=None)
@given(
    instant=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)),
    n=st.integers(1, 20),
)
def test_a_form_8k_period_ends_at_1730_eastern_on_the_nth_business_day_after_the_day_of_the_event(instant, n):
    due = count(instant, Duration(n, "business_days"), BUILTIN_RULES["sec_8k"], SEC).due_at

    local = due.astimezone(NEW_YORK)
    event_day = instant.astimezone(NEW_YORK).date()
    assert local.time() == time(17, 30)
    assert SEC.is_business_day(local.date())
    assert SEC.business_days_between(event_day + timedelta(days=1), local.date()) == n


# --- the regulators' calendars -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "open_for_business"),
    [
        (date(2026, 11, 26), False),  # Thanksgiving
        (date(2025, 1, 9), False),  # national day of mourning for President Carter: the government closed
        (date(2024, 12, 24), False),  # closed by executive order
        (date(2026, 4, 16), True),  # DC Emancipation Day: a District holiday, not a federal one
        (date(2026, 4, 3), True),  # Good Friday: the stock exchanges close, the Commission does not
        (date(2033, 1, 20), True),  # Inauguration Day: a holiday only around Washington (5 U.S.C. 6103(c))
        (date(2026, 5, 1), True),
    ],
)
def test_the_sec_calendar_is_the_federal_governments(day, open_for_business):
    assert SEC.is_business_day(day) is open_for_business
    assert SEC.time_zone == "America/New_York"


def test_a_member_state_calendar_has_its_capitals_zone_and_its_holidays_and_a_region_adds_its_own():
    berlin = member_state_calendar("DE-BE")

    assert (GERMANY.time_zone, member_state_calendar("PT").time_zone) == ("Europe/Berlin", "Europe/Lisbon")
    assert GERMANY.is_business_day(date(2027, 3, 8))  # International Women's Day: a holiday in Berlin only
    assert not berlin.is_business_day(date(2027, 3, 8))
    assert not member_state_calendar("IE").is_business_day(date(2026, 3, 17))  # St Patrick's Day


def test_a_us_state_calendar_is_its_capitals_zone():
    assert us_state_calendar("FL").time_zone == "America/New_York"
    assert us_state_calendar("TX").time_zone == "America/Chicago"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("organisation", CalendarName("organisation")),
        ("us_federal", CalendarName("us_federal")),
        ("eu_member_state", CalendarName("eu_member_state")),
        ("eu_member_state:de", CalendarName("eu_member_state", "DE")),
        ("eu_member_state:DE-BY", CalendarName("eu_member_state", "DE-BY")),
        ("us_state:FL", CalendarName("us_state", "FL")),
    ],
)
def test_calendar_names(text, name):
    assert parse_calendar_name(text) == name


@pytest.mark.parametrize("text", ["", "nyse", "us_federal:NY", "eu_member_state:GB", "eu_member_state:CH", "us_state"])
def test_unknown_calendar_names_are_refused_with_what_is_allowed(text):
    with pytest.raises(InvalidInput) as refused:
        parse_calendar_name(text)
    assert refused.value.allowed


@pytest.mark.parametrize(
    ("jurisdictions", "clock", "named", "states"),
    [
        (["DE"], ["EU", "DE", "FR"], {}, ["DE"]),
        (["DE-BY", "FR"], ["EU", "DE", "FR"], {}, ["DE", "FR"]),  # a region names its state
        (["EU"], ["EU", "DE", "FR"], {}, []),  # nothing names a state
        (["EU"], ["EU", "DE", "FR"], {"EU": "IE"}, ["IE"]),
        (["FR", "DE"], ["EU", "DE", "FR"], {"FR": "IE", "DE": "IE"}, ["IE"]),  # one lead authority for both
        (["US", "DE"], ["EU", "DE"], {}, ["DE"]),  # the clock does not cover the US
        (["NO"], ["EU", "DE"], {}, []),
    ],
)
def test_the_member_states_a_report_goes_to(jurisdictions, clock, named, states):
    assert member_states_for(jurisdictions, clock, named) == states


# --- the organisation's target before a legal deadline ------------------------------------------------------------


DEADLINE = at(BERLIN, 2026, 12, 22, 0, 0)  # the end of Monday 21 December in Berlin: 18:00 EST on Monday


@pytest.mark.parametrize(
    ("margin", "target"),
    [
        ("24 hours", at(NEW_YORK, 2026, 12, 20, 18, 0)),
        ("2 days", at(NEW_YORK, 2026, 12, 19, 18, 0)),
        ("1 business day", at(NEW_YORK, 2026, 12, 18, 17, 0)),  # the close of business on Friday in New York
        ("2 business days", at(NEW_YORK, 2026, 12, 17, 17, 0)),
        ("0 business days", DEADLINE),
        ("1 month", at(NEW_YORK, 2026, 11, 21, 18, 0)),
    ],
)
def test_a_target_is_counted_back_from_the_legal_deadline_on_the_organisations_calendar(margin, target):
    started = at(BERLIN, 2026, 10, 1, 0, 0)

    assert target_before(DEADLINE, parse_duration(margin), ORGANISATION, not_before=started) == target


def test_a_target_is_never_before_the_clock_started():
    started = at(NEW_YORK, 2026, 12, 21, 9, 0)

    assert target_before(DEADLINE, parse_duration("1 business day"), ORGANISATION, not_before=started) == started
