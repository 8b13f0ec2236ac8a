"""Deadline arithmetic: durations from the plan, business calendars, and the due time of a clock.

Pure: the start instant is always passed in, nothing here reads the clock or does I/O. Every datetime taken or
returned is timezone-aware; results are in UTC.

How a duration counts time:

- minutes, hours: elapsed time, so "72 hours" across a DST change is 72 real hours.
- days, months: the local wall clock of the plan's time zone; the same local time n days (months) later, so the
  UTC offset may differ from the start's. A month keeps the day of the month, clamped to the month's last day.
- business days: "within n business days" is by the end of the n-th business day after the start (see
  ``BusinessCalendar.add_business_days``).

A wall-clock time that does not exist (the hour skipped when clocks spring forward) is read with PEP 495's
``fold=0``: it lands as far past the gap as it was into it (02:30 becomes 03:30 when clocks jump 02:00 -> 03:00),
so a deadline is never moved earlier. A time that occurs twice (clocks falling back) keeps the start's fold, which
is the first occurrence unless the start itself was in the repeated hour.
"""

from __future__ import annotations

import calendar as _calendar
import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from aicident.errors import InvalidInput
from aicident.plan.schema import DURATION_RE, DURATION_UNITS, Calendar

Unit = Literal["minutes", "hours", "days", "business_days", "months"]
UNITS: tuple[str, ...] = get_args(Unit)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_ALLOWED_DURATIONS = (
    "a whole number and a unit, one of: " + ", ".join(DURATION_UNITS) + " (for example '15 minutes', "
    "'1 business day', '72 hours')"
)


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise InvalidInput(f"{self.unit!r} is not a duration unit", allowed=", ".join(UNITS))
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 0:
            raise InvalidInput(f"{self.amount!r} is not a duration amount", allowed="a whole number, 0 or more")

    def __str__(self) -> str:
        unit = self.unit.replace("_", " ")
        return f"{self.amount} {unit[:-1] if self.amount == 1 else unit}"


def parse_duration(text: str) -> Duration:
    """Read a plan duration such as '15 minutes', '72 hours' or '1 business day'."""
    match = DURATION_RE.match(text) if isinstance(text, str) else None
    if match is None:
        raise InvalidInput(f"{text!r} is not a duration", allowed=_ALLOWED_DURATIONS)
    unit = match["unit"].removesuffix("s").replace(" ", "_") + "s"
    return Duration(int(match["amount"]), unit)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=512)
def _public_holidays(country: str, subdivision: str | None, categories: tuple[str, ...], year: int) -> frozenset[date]:
    # Building a year of holidays costs milliseconds; a deadline poller asks about the same few years all day.
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year, categories=categories))


@functools.cache
def _zone(key: str) -> ZoneInfo:
    # ZoneInfo keeps only a few zones strongly; clocks counted in every Member State would reload them from disk.
    return ZoneInfo(key)


def require_aware(moment: datetime) -> None:
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            f"timezone-aware datetime required, got {moment!r}",
            allowed="a datetime with tzinfo, e.g. datetime(2026, 5, 22, 19, 0, tzinfo=timezone.utc)",
        )


def wall_clock(day: date, at: time, zone: ZoneInfo, fold: int = 0) -> datetime:
    """`day` at local time `at` in `zone`, as UTC; see the module docstring for skipped and repeated times."""
    local = datetime.combine(day, at, tzinfo=zone).replace(fold=fold)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        # Skipped by a spring-forward gap: fold=1 would read it with the later offset and land before the gap.
        instant = local.replace(fold=0).astimezone(UTC)
    return instant


@dataclass(frozen=True)
class BusinessCalendar:
    """A working week, public holidays and end of the business day, in one IANA time zone: the plan's own, or a
    regulator's (see ``aicident.clocks.calendars``)."""

    time_zone: str
    country: str
    subdivision: str | None = None
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday is 0, as date.weekday()
    day_ends: time = time(17, 0)
    extra_holidays: frozenset[date] = frozenset()
    # Which of the `holidays` package's categories are days off: "public", or e.g. "government" for the days the
    # US federal government is closed (federal holidays and closures by executive order).
    categories: tuple[str, ...] = ("public",)
    name: str = ""  # how the calendar is named to people, e.g. "US federal business days"

    def __post_init__(self) -> None:
        # Refuse a bad calendar when it is built, not at the first deadline computed from it.
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise InvalidInput(
                f"{self.time_zone!r} is not an IANA time zone", allowed="for example 'UTC', 'Europe/Berlin'"
            ) from None
        try:
            holidays.country_holidays(self.country, subdiv=self.subdivision, categories=self.categories)
        except (NotImplementedError, ValueError) as error:
            raise InvalidInput(
                f"no holiday calendar for {self.country!r}/{self.subdivision!r}: {error}",
                allowed="an ISO 3166-1 alpha-2 country and subdivision known to the `holidays` package",
            ) from None
        if not self.workdays or any(day not in range(7) for day in self.workdays):
            raise InvalidInput(f"{self.workdays!r} are not workdays", allowed="one or more of 0 (Monday) to 6")

    @classmethod
    def from_plan(cls, calendar: Calendar) -> BusinessCalendar:
        try:
            extra = frozenset(date.fromisoformat(text) for text in calendar.extra_holidays)
        except ValueError as error:
            raise InvalidInput(f"extra holiday is not a date: {error}", allowed="ISO dates, e.g. 2026-12-24") from None
        return cls(
            time_zone=calendar.time_zone,
            country=calendar.holidays_country,
            subdivision=calendar.holidays_subdivision,
            workdays=tuple(sorted(WEEKDAYS.index(day) for day in set(calendar.workdays))),
            day_ends=time.fromisoformat(calendar.business_day_ends),
            extra_holidays=extra,
            name=f"the organisation's calendar ({calendar.time_zone}, {calendar.holidays_country}"
            f"{'-' + calendar.holidays_subdivision if calendar.holidays_subdivision else ''} holidays)",
        )

    @property
    def zone(self) -> ZoneInfo:
        return _zone(self.time_zone)

    def is_business_day(self, day: date) -> bool:
        return (
            day.weekday() in self.workdays
            and day not in self.extra_holidays
            and day not in _public_holidays(self.country, self.subdivision, self.categories, day.year)
        )

    def next_business_day(self, day: date) -> date:
        """The first business day after `day`."""
        day += timedelta(days=1)
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def business_days_between(self, first: date, last: date) -> int:
        """How many business days there are from `first` to `last`, both included."""
        count, day = 0, first
        while day <= last:
            count += self.is_business_day(day)
            day += timedelta(days=1)
        return count

    def describe(self) -> str:
        return self.name or f"{self.country}{'-' + self.subdivision if self.subdivision else ''} ({self.time_zone})"

    def holidays_between(self, start: date, end: date) -> list[date]:
        """Public and extra holidays from `start` to `end` inclusive, sorted, whatever their weekday."""
        found = {d for d in self.extra_holidays if start <= d <= end}
        for year in range(start.year, end.year + 1):
            found.update(
                d for d in _public_holidays(self.country, self.subdivision, self.categories, year) if start <= d <= end
            )
        return sorted(found)

    def add_business_days(self, start: datetime, n: int) -> datetime:
        """End of the n-th business day after `start`'s local date (rolled forward to a business day), in UTC.

        n=0 is the end of the start's own business day, which is already past when `start` is after hours.
        """
        require_aware(start)
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InvalidInput(f"{n!r} is not a number of business days", allowed="a whole number, 0 or more")
        day = start.astimezone(self.zone).date()
        while not self.is_business_day(day):
            day += timedelta(days=1)
        for _ in range(n):
            day += timedelta(days=1)
            while not self.is_business_day(day):
                day += timedelta(days=1)
        return wall_clock(day, self.day_ends, self.zone)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier), or the last day of that month when it has no such
    day (31 January + 1 month is 28 or 29 February)."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month_index + 1, min(day.day, _calendar.monthrange(year, month_index + 1)[1]))


def due_at(start: datetime, duration: Duration, calendar: BusinessCalendar) -> datetime:
    """When a clock of `duration` started at `start` runs out, as an aware UTC datetime."""
    require_aware(start)
    if duration.unit in ("minutes", "hours"):
        # Adding to a UTC value is elapsed time; adding to a zoned value Python would count on the wall clock.
        return start.astimezone(UTC) + timedelta(**{duration.unit: duration.amount})
    if duration.unit == "business_days":
        return calendar.add_business_days(start, duration.amount)
    local = start.astimezone(calendar.zone)
    if duration.unit == "days":
        day = local.date() + timedelta(days=duration.amount)
    else:
        day = add_months(local.date(), duration.amount)
    return wall_clock(day, local.time(), calendar.zone, fold=local.fold)
