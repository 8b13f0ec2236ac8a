"""Shared by the hand-worked regulatory deadline tests: the default plan under two organisation calendars, and an
incident whose clock started at a given moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from factories import incident

from aicident.comms.model import Obligation, obligations
from aicident.incidents.model import Incident
from aicident.plan.loader import default_plan
from aicident.plan.schema import Calendar, Plan

NEW_YORK_PLAN = default_plan()  # [calendar]: America/New_York, US holidays
BERLIN_PLAN = NEW_YORK_PLAN.model_copy(
    update={"calendar": Calendar(time_zone="Europe/Berlin", holidays_country="DE", business_day_ends="17:00")}
)
PLANS = {"new-york-plan": NEW_YORK_PLAN, "berlin-plan": BERLIN_PLAN}

BERLIN = ZoneInfo("Europe/Berlin")
DUBLIN = ZoneInfo("Europe/Dublin")
NEW_YORK = ZoneInfo("America/New_York")


def at(zone: ZoneInfo, *args: int) -> datetime:
    """A local time, as UTC."""
    return datetime(*args, tzinfo=zone).astimezone(UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def declare(plan: Plan, *, aware: datetime, now: datetime | None = None, **facts) -> Incident:
    return incident(
        plan,
        now=now or aware,
        aware=aware,
        facts=facts,
        ref="AI-2026-0042",
        title="Assistant gave harmful dosage advice",
    )


def clock(incident: Incident, plan: Plan, key: str) -> Obligation:
    return next(o for o in obligations(incident, plan) if o.key == key)


def after_communication(plan: Plan, obligation: str, sent: datetime, **facts) -> Incident:
    """An incident whose `obligation` was met by a communication at `sent` (awareness a day earlier)."""
    incident = declare(plan, aware=sent - timedelta(days=1), **facts)
    incident.record_communication(
        plan, audience="regulators", obligation=obligation, summary="filed on the portal", actor="lee", now=sent
    )
    return incident
