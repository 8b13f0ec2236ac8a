"""Counting rules: how a regulator counts a period, and the organisation's own target before it.

A counting rule says how the start is counted, where the period ends and what happens when it ends on a day the
authority does not work. The same "15 days" is a different moment under Regulation (EEC, Euratom) No 1182/71 than
on the organisation's wall clock, and "4 business days" under Form 8-K General Instruction B.1 is not "roll to a
business day, then add four". Rules are data: the built-in ones below carry the provisions they apply, and a plan
may define its own in ``[counting.<id>]`` from the same parts.

Start (``start``):
- ``moment``: from the instant of the event.
- ``next_hour``: the hour in which the event occurs is not counted; the period begins with the next hour
  (1182/71 Art. 3(1) first subparagraph, Art. 3(2)(a)).
- ``next_day``: the day of the event is not counted; day 1 is the next calendar day, or for business days the next
  business day (1182/71 Art. 3(1) second subparagraph, Art. 3(2)(b) and (c)).
- ``next_business_day``: day 1 is the first business day after the day of the event, so an event on a Saturday,
  Sunday or holiday starts the period on, and includes, the first business day thereafter (Form 8-K General
  Instruction B.1).

End (``end``): ``moment`` (the event's local time on the last day; for hours, elapsed time), ``end_of_day`` (the
expiry of the last hour of the last day: 24:00 in the calendar's zone), ``close_of_business`` (the calendar's end of
the business day) or ``cutoff`` (a fixed local time such as EDGAR's 17:30 Eastern filing cut-off).

Roll (``roll``): ``none``, or ``next_working_day``: a period in days or months whose last day is a Saturday, Sunday
or public holiday ends at the end of the following working day (1182/71 Art. 3(4)). ``min_working_days`` (1182/71
Art. 3(5), "any period of two days or more shall include at least two working days") lengthens a period in days of
at least that many days until it includes that many working days.

Pure: the start instant and the calendar are passed in; every datetime returned is timezone-aware UTC.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, get_args

from aicident.clocks.model import (
    BusinessCalendar,
    Duration,
    add_months,
    due_at,
    require_aware,
    wall_clock,
)
from aicident.errors import InvalidInput
from aicident.plan.schema import CountingRuleSpec

Start = Literal["moment", "next_hour", "next_day", "next_business_day"]
End = Literal["moment", "end_of_day", "close_of_business", "cutoff"]
Roll = Literal["none", "next_working_day"]
STARTS: tuple[str, ...] = get_args(Start)
ENDS: tuple[str, ...] = get_args(End)
ROLLS: tuple[str, ...] = get_args(Roll)

ORGANISATION = "organisation"
_CLOCK_UNITS = ("minutes", "hours")


@dataclass(frozen=True)
class CountingRule:
    """How one regime counts a period; see the module docstring for each part."""

    id: str
    name: str
    start: Start
    end: End
    roll: Roll = "none"
    cutoff: time | None = None
    min_working_days: int = 0
    basis: str = ""

    def __post_init__(self) -> None:
        if self.start not in STARTS or self.end not in ENDS or self.roll not in ROLLS:
            raise InvalidInput(
                f"counting rule {self.id!r}: start {self.start!r}, end {self.end!r}, roll {self.roll!r}",
                allowed=f"start one of {', '.join(STARTS)}; end one of {', '.join(ENDS)}; roll one of "
                + ", ".join(ROLLS),
            )
        if (self.end == "cutoff") != (self.cutoff is not None):
            raise InvalidInput(
                f"counting rule {self.id!r}: a cutoff time goes with end = 'cutoff' and only with it",
                allowed="end = 'cutoff' and cutoff = 'HH:MM', or another end without a cutoff",
            )
        if self.min_working_days < 0:
            raise InvalidInput(f"counting rule {self.id!r}: min_working_days < 0", allowed="0 or more")

    def unit_problem(self, unit: str) -> str | None:
        """Why this rule cannot count a period in `unit`, or None when it can."""
        if unit in _CLOCK_UNITS:
            if self.start not in ("moment", "next_hour") or self.end != "moment" or self.roll != "none":
                return (
                    f"counting rule {self.id!r} counts days, not {unit}: a period in hours starts at the moment or "
                    "the next hour, ends after that many hours and never rolls"
                )
            return None
        if self.start == "next_hour":
            return f"counting rule {self.id!r} starts at the next hour, which only a period in hours or minutes does"
        if self.start == "next_business_day" and unit == "months":
            return f"counting rule {self.id!r} starts on the next business day, which a period in months cannot"
        return None


# The organisation's own arithmetic (``aicident.clocks.model.due_at``): what internal deadlines use, and what a
# clock that names no rule keeps (so incidents under an older plan count as they always did).
ORGANISATION_RULE = CountingRule(
    id=ORGANISATION,
    name="the organisation's calendar",
    start="moment",
    end="moment",
    basis="the plan's own deadline: hours elapsed, days and months on the wall clock, business days to the close of "
    "business",
)

BUILTIN_RULES: dict[str, CountingRule] = {
    rule.id: rule
    for rule in (
        ORGANISATION_RULE,
        CountingRule(
            id="moment",
            name="from the moment",
            start="moment",
            end="moment",
            basis="from the moment of the event, elapsed, with no roll (the conservative reading)",
        ),
        CountingRule(
            id="eu_1182_71",
            name="Regulation (EEC, Euratom) No 1182/71",
            start="next_day",
            end="end_of_day",
            roll="next_working_day",
            min_working_days=2,
            basis="Regulation (EEC, Euratom) No 1182/71 Art. 3(1), 3(2)(b)-(c), 3(3), 3(4) and 3(5)",
        ),
        CountingRule(
            id="eu_1182_71_hours",
            name="Regulation (EEC, Euratom) No 1182/71, periods in hours",
            start="next_hour",
            end="moment",
            basis="Regulation (EEC, Euratom) No 1182/71 Art. 3(1) first subparagraph and 3(2)(a)",
        ),
        CountingRule(
            id="sec_8k",
            name="Form 8-K business days",
            start="next_business_day",
            end="cutoff",
            cutoff=time(17, 30),
            basis="Form 8-K General Instruction B.1; Regulation S-T Rules 11 and 13 (17 CFR 232.11, 232.13): "
            "filings made after 5:30 p.m. Eastern are filed the next business day",
        ),
    )
}


def rule_from_spec(rule_id: str, spec: CountingRuleSpec) -> CountingRule:
    """A counting rule the plan defines in [counting.<id>]."""
    return CountingRule(
        id=rule_id,
        name=spec.name,
        start=spec.start,
        end=spec.end,
        roll=spec.roll,
        cutoff=time.fromisoformat(spec.cutoff) if spec.cutoff else None,
        min_working_days=spec.min_working_days,
        basis=spec.basis,
    )


def counting_rule(rule_id: str, defined: Mapping[str, CountingRuleSpec]) -> CountingRule:
    """The built-in rule `rule_id`, or the plan's own of that id (plan validation refuses any other)."""
    if rule_id in BUILTIN_RULES:
        return BUILTIN_RULES[rule_id]
    if rule_id in defined:
        return rule_from_spec(rule_id, defined[rule_id])
    raise InvalidInput(
        f"{rule_id!r} is not a counting rule", allowed=", ".join([*BUILTIN_RULES, *defined]) or "(none defined)"
    )


@dataclass(frozen=True)
class Reckoning:
    """When a period ends, with the days the count went through; `explanation` says how, in words a lawyer can
    check (built only when read: a clock counted in every Member State keeps the words of one)."""

    due_at: datetime
    start: datetime
    duration: Duration
    rule: CountingRule
    calendar: BusinessCalendar
    begins: datetime | None = None  # a period in hours: its first instant
    first: date | None = None  # day 1 (or business day 1)
    last: date | None = None  # the last day as counted, before a roll
    rolled: date | None = None  # the working day a last day on a closed day moved to (1182/71 Art. 3(4))
    extended: tuple[date, ...] = ()  # the working days it ran on to (1182/71 Art. 3(5))

    @property
    def explanation(self) -> str:
        return f"{self.duration}: " + "; ".join(_steps(self))


def _day(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def _local(moment: datetime, calendar: BusinessCalendar) -> str:
    local = moment.astimezone(calendar.zone)
    return f"{_day(local.date())} {local:%H:%M} {calendar.time_zone}"


@functools.lru_cache(maxsize=4096)
def count(start: datetime, duration: Duration, rule: CountingRule, calendar: BusinessCalendar) -> Reckoning:
    """When a period of `duration` from the event at `start` ends under `rule`, on `calendar`."""
    require_aware(start)
    problem = rule.unit_problem(duration.unit)
    if problem:
        raise InvalidInput(problem, allowed="a counting rule made for the clock's unit")
    if rule.id == ORGANISATION:
        return Reckoning(due_at(start, duration, calendar), start, duration, rule, calendar)
    if duration.unit in _CLOCK_UNITS:
        begins = start.astimezone(UTC)
        if rule.start == "next_hour":
            local = start.astimezone(calendar.zone)
            begins = local.replace(minute=0, second=0, microsecond=0).astimezone(UTC) + timedelta(hours=1)
        due = begins + timedelta(**{duration.unit: duration.amount})
        return Reckoning(due, start, duration, rule, calendar, begins=begins)
    return _count_days(start, duration, rule, calendar)


def _count_days(start: datetime, duration: Duration, rule: CountingRule, calendar: BusinessCalendar) -> Reckoning:
    local = start.astimezone(calendar.zone)
    event_day, n = local.date(), duration.amount
    if duration.unit == "business_days":
        first = calendar.next_business_day(event_day) if rule.start != "moment" else event_day
        while not calendar.is_business_day(first):  # from the moment: the event's day rolled to a business day
            first += timedelta(days=1)
        last = first
        for _ in range(n - 1 if rule.start != "moment" else n):
            last = calendar.next_business_day(last)
    elif duration.unit == "days":
        after = rule.start == "next_business_day"
        first = calendar.next_business_day(event_day) if after else event_day + timedelta(days=1)
        last = first + timedelta(days=n - 1) if n else event_day
    else:  # months: the same date n months on, or that month's last day (1182/71 Art. 3(2)(c))
        first, last = event_day + timedelta(days=1), add_months(event_day, n)

    end, rolled, extended = last, None, []
    if rule.roll == "next_working_day" and not calendar.is_business_day(end):
        end = rolled = calendar.next_business_day(end)
    if rule.min_working_days and _days_long(duration) >= rule.min_working_days:
        while not _holds_working_days(calendar, first, end, rule.min_working_days):
            end = calendar.next_business_day(end)
            extended.append(end)

    if rule.end == "moment":
        due = wall_clock(end, local.time(), calendar.zone, fold=local.fold)
    elif rule.end == "end_of_day":
        due = wall_clock(end + timedelta(days=1), time(0), calendar.zone)
    else:
        at = calendar.day_ends if rule.end == "close_of_business" else rule.cutoff
        assert at is not None  # CountingRule refuses end = 'cutoff' without a cutoff
        due = wall_clock(end, at, calendar.zone)
    return Reckoning(
        due, start, duration, rule, calendar, first=first, last=last, rolled=rolled, extended=tuple(extended)
    )


def _steps(counted: Reckoning) -> list[str]:
    """The count in words, step by step."""
    calendar, rule, duration = counted.calendar, counted.rule, counted.duration
    if rule.id == ORGANISATION:
        return [f"on the organisation's calendar, ends {_local(counted.due_at, calendar)}"]
    if counted.begins is not None:
        begun = (
            f"the hour of the event is not counted, so the period begins at {_local(counted.begins, calendar)}"
            if rule.start == "next_hour"
            else "counted from that moment"
        )
        return [
            f"the event at {_local(counted.start, calendar)}",
            begun,
            f"{duration} of elapsed time later it ends at {_local(counted.due_at, calendar)}",
        ]
    assert counted.first is not None and counted.last is not None
    local = counted.start.astimezone(calendar.zone)
    first, last, n = counted.first, counted.last, duration.amount
    steps = [f"the event on {_day(local.date())} ({local:%H:%M} {calendar.time_zone})"]
    if duration.unit == "business_days":
        if rule.start == "moment":
            steps.append(f"counted from {_day(first)}")
        else:
            steps.append(f"the day of the event is not counted; business day 1 is {_day(first)}")
        if n > 1 or rule.start == "moment":
            skipped = calendar.holidays_between(first, last)
            where = f" (holidays skipped: {', '.join(_day(d) for d in skipped)})" if skipped else ""
            steps.append(f"business day {n} is {_day(last)}{where}")
    elif duration.unit == "days":
        if rule.start == "next_business_day":
            steps.append(f"day 1 is the first business day after the event, {_day(first)}")
        elif rule.start == "next_day":
            steps.append(f"the day of the event is not counted; day 1 is {_day(first)}")
        steps.append(f"day {n} is {_day(last)}")
    else:
        clamped = " (that month has no such date: its last day)" if last.day != local.day else ""
        steps.append(f"{duration} on is {_day(last)}{clamped}")
    if counted.rolled is not None:
        closed = f"a {last:%A}" if last.weekday() not in calendar.workdays else "a public holiday"
        steps.append(f"that is {closed}, so the period ends with the next working day, {_day(counted.rolled)}")
    steps += [f"to include {rule.min_working_days} working days it runs to {_day(d)}" for d in counted.extended]
    if rule.end == "moment":
        steps.append(f"it ends at the time of the event, {_local(counted.due_at, calendar)}")
    elif rule.end == "end_of_day":
        steps.append(f"it ends at the end of that day, 24:00 {calendar.time_zone}")
    else:
        at = calendar.day_ends if rule.end == "close_of_business" else rule.cutoff
        assert at is not None
        what = "the close of business" if rule.end == "close_of_business" else "the cut-off"
        steps.append(f"it ends at {what}, {at:%H:%M} {calendar.time_zone}")
    return steps


def _holds_working_days(calendar: BusinessCalendar, first: date, last: date, wanted: int) -> bool:
    """Whether `first`..`last` holds `wanted` working days, counted back from `last` (usually two steps)."""
    found, day = 0, last
    while day >= first and found < wanted:
        found += calendar.is_business_day(day)
        day -= timedelta(days=1)
    return found >= wanted


def _days_long(duration: Duration) -> int:
    # Only periods in days meet Art. 3(5)'s "two days or more" test; a month always holds two working days.
    return duration.amount if duration.unit == "days" else 0


def target_before(
    deadline: datetime, margin: Duration, calendar: BusinessCalendar, *, not_before: datetime
) -> datetime:
    """The organisation's own target `margin` before a legal `deadline`, counted on the organisation's `calendar`,
    and never before the clock started (`not_before`): hours are elapsed time, days and months the wall clock, and
    business days the close of business of the n-th business day before the deadline's day."""
    require_aware(deadline)
    if margin.unit in _CLOCK_UNITS:
        target = deadline.astimezone(UTC) - timedelta(**{margin.unit: margin.amount})
    else:
        local = deadline.astimezone(calendar.zone)
        if margin.unit == "days":
            target = wall_clock(local.date() - timedelta(days=margin.amount), local.time(), calendar.zone)
        elif margin.unit == "months":
            target = wall_clock(add_months(local.date(), -margin.amount), local.time(), calendar.zone)
        else:
            day = local.date()
            for _ in range(margin.amount):
                day -= timedelta(days=1)
                while not calendar.is_business_day(day):
                    day -= timedelta(days=1)
            target = min(wall_clock(day, calendar.day_ends, calendar.zone), deadline) if margin.amount else deadline
    return max(target, not_before.astimezone(UTC))
