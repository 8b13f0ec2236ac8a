"""The deadlines an incident runs against: response, customer notice, report and review, with their states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from factories import incident

from aicident.incidents.deadlines import Deadline, DeadlineState, humanize, incident_deadlines
from aicident.incidents.model import Facts, Incident
from aicident.plan.loader import default_plan, plan_version

PLAN = default_plan()
VERSION = plan_version(PLAN)
NEW_YORK = ZoneInfo("America/New_York")  # the default plan's business calendar
T0 = datetime(2026, 5, 4, 14, 0, tzinfo=UTC)  # Monday 10:00 in New York


def declare(
    *,
    now: datetime = T0,
    severity: str | None = None,
    facts: Facts | None = None,
    became_aware_at: datetime | None = None,
) -> Incident:
    return incident(
        PLAN, now=now, aware=became_aware_at, facts=facts, severity=severity, ref="AI-2026-0007",
        title="Model answers in the wrong language", category="model_degradation", source="monitoring_alert",
    )  # fmt: skip


def deadlines_of(incident: Incident) -> dict[str, Deadline]:
    found = incident_deadlines(incident, PLAN)
    kinds = [d.kind for d in found]
    assert len(kinds) == len(set(kinds)), f"one deadline per kind: {kinds}"
    return {d.kind: d for d in found}


def triage(incident: Incident, now: datetime, severity: str = "SEV-1") -> None:
    if incident.severity is None:
        incident.set_severity(PLAN, severity, actor="alice", now=now)
    incident.assign(PLAN, "incident_commander", "alice", actor="alice", now=now)


# --- response ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "allowed", "label"),
    [
        ("SEV-1", timedelta(minutes=15), "SEV-1 response (Immediate)"),
        ("SEV-2", timedelta(hours=1), "SEV-2 response (Within 1 hour)"),
        ("SEV-3", timedelta(hours=4), "SEV-3 response (Within 4 hours)"),
    ],
)
def test_the_response_is_due_from_declaration_within_the_severitys_response_time(severity, allowed, label):
    incident = declare(severity=severity)

    response = deadlines_of(incident)["response"]

    assert response.starts_at == T0
    assert response.due_at == T0 + allowed
    assert response.label == label
    assert response.met_at is None


def test_a_sev4_declared_friday_evening_before_memorial_day_is_due_tuesday_at_close_of_business():
    declared = datetime(2026, 5, 22, 23, 30, tzinfo=UTC)  # Friday 19:30 in New York; Monday 25 May is Memorial Day
    incident = declare(now=declared, severity="SEV-4")

    response = deadlines_of(incident)["response"]

    assert response.label == "SEV-4 response (Next business day)"
    assert response.due_at == datetime(2026, 5, 26, 17, 0, tzinfo=NEW_YORK)
    assert response.due_at == datetime(2026, 5, 26, 21, 0, tzinfo=UTC)


def test_a_sev4_declared_friday_evening_in_an_ordinary_week_is_due_monday():
    incident = declare(now=datetime(2026, 5, 15, 23, 30, tzinfo=UTC), severity="SEV-4")

    assert deadlines_of(incident)["response"].due_at == datetime(2026, 5, 18, 17, 0, tzinfo=NEW_YORK)


def test_a_sev4_declared_on_a_monday_morning_is_due_tuesday_at_close_of_business():
    incident = declare(severity="SEV-4")

    assert deadlines_of(incident)["response"].due_at == datetime(2026, 5, 5, 17, 0, tzinfo=NEW_YORK)


def test_an_untriaged_incident_must_be_responded_to_within_15_minutes():
    incident = declare()

    response = deadlines_of(incident)["response"]

    assert response.label == "response (not yet triaged)"
    assert response.due_at == T0 + timedelta(minutes=15)
    assert list(deadlines_of(incident)) == ["response"]


def test_the_response_clock_starts_at_declaration_not_detection():
    incident = Incident.declare(
        plan=PLAN,
        plan_version=VERSION,
        id="i",
        ref="AI-2026-0008",
        title="t",
        category="vendor_outage",
        source="customer_report",
        actor="alice",
        now=T0,
        severity="SEV-2",
        detected_at=T0 - timedelta(hours=3),
    )

    assert deadlines_of(incident)["response"].due_at == T0 + timedelta(hours=1)


def test_the_response_deadline_follows_the_current_severity():
    incident = declare(severity="SEV-3")
    incident.set_severity(PLAN, "SEV-1", actor="alice", now=T0 + timedelta(minutes=5), reason="harm confirmed")

    response = deadlines_of(incident)["response"]

    assert response.due_at == T0 + timedelta(minutes=15)
    assert response.label == "SEV-1 response (Immediate)"


def test_the_response_is_met_when_triage_completes_in_time():
    incident = declare(severity="SEV-1")
    triage(incident, T0 + timedelta(minutes=10))

    response = deadlines_of(incident)["response"]

    assert response.met_at == T0 + timedelta(minutes=10)
    assert response.state(T0 + timedelta(days=2)) == DeadlineState.MET
    assert response.describe(T0 + timedelta(days=2)) == "met at 2026-05-04T14:10+00:00"


def test_the_response_is_met_late_when_triage_completes_after_the_due_time():
    incident = declare(severity="SEV-1")
    triage(incident, T0 + timedelta(minutes=25))

    response = deadlines_of(incident)["response"]

    assert response.state(T0 + timedelta(minutes=30)) == DeadlineState.MET_LATE
    assert response.describe(T0 + timedelta(minutes=30)) == "met at 2026-05-04T14:25+00:00, 10m late"


def test_a_severity_without_an_incident_commander_does_not_meet_the_response():
    incident = declare(severity="SEV-1")

    response = deadlines_of(incident)["response"]

    assert response.met_at is None
    assert response.state(T0 + timedelta(minutes=10)) == DeadlineState.PENDING
    assert response.describe(T0 + timedelta(minutes=10)) == "due in 5m"
    assert response.state(T0 + timedelta(minutes=80)) == DeadlineState.OVERDUE
    assert response.describe(T0 + timedelta(minutes=80)) == "overdue by 1h 5m"


def test_a_deadline_is_pending_up_to_and_including_its_due_time():
    response = deadlines_of(declare(severity="SEV-1"))["response"]

    assert response.state(response.due_at) == DeadlineState.PENDING
    assert response.state(response.due_at + timedelta(seconds=1)) == DeadlineState.OVERDUE


def test_a_deadline_met_exactly_at_its_due_time_is_met_in_time():
    incident = declare(severity="SEV-1")
    triage(incident, T0 + timedelta(minutes=15))

    assert deadlines_of(incident)["response"].state(T0 + timedelta(hours=1)) == DeadlineState.MET


# --- customer notice ---------------------------------------------------------------------------------------------


def test_a_sev1_must_notify_customers_within_24_hours_of_becoming_aware():
    aware = T0 - timedelta(hours=3)
    incident = declare(severity="SEV-1", became_aware_at=aware)

    found = deadlines_of(incident)
    notice = found["communication:customers"]

    assert list(found) == ["response", "communication:customers"]  # internal has a cadence, not a deadline
    assert notice.starts_at == aware
    assert notice.due_at == aware + timedelta(hours=24)
    assert notice.label == "customers notice (Within 24h or per law)"


def test_a_sev2_with_no_customers_affected_has_no_customer_deadline():
    incident = declare(severity="SEV-2")

    assert "communication:customers" not in deadlines_of(incident)


def test_a_sev2_with_customers_affected_must_notify_them_within_72_hours():
    incident = declare(severity="SEV-2", facts=Facts(customers_affected=40))

    notice = deadlines_of(incident)["communication:customers"]

    assert notice.due_at == T0 + timedelta(hours=72)
    assert notice.label == "customers notice (Within 72h if affected)"


def test_customers_becoming_affected_later_starts_the_sev2_clock_from_awareness():
    incident = declare(severity="SEV-2")
    incident.set_facts(actor="alice", now=T0 + timedelta(hours=5), customers_affected=3)

    assert deadlines_of(incident)["communication:customers"].due_at == T0 + timedelta(hours=72)


def test_escalating_from_sev2_to_sev1_tightens_the_customer_deadline_from_72_to_24_hours():
    incident = declare(severity="SEV-2", facts=Facts(customers_affected=40))
    before = deadlines_of(incident)["communication:customers"].due_at

    incident.set_severity(
        PLAN, "SEV-1", actor="alice", now=T0 + timedelta(hours=2), reason="active harm", expect="escalated"
    )
    after = deadlines_of(incident)["communication:customers"].due_at

    assert before == T0 + timedelta(hours=72)
    assert after == T0 + timedelta(hours=24)


def test_the_customer_notice_is_met_by_the_first_customer_communication():
    incident = declare(severity="SEV-1")
    incident.record_communication(
        PLAN, audience="internal", summary="all-hands", actor="carol", now=T0 + timedelta(hours=1)
    )
    incident.record_communication(
        PLAN, audience="customers", summary="email", actor="carol", now=T0 + timedelta(hours=5)
    )
    incident.record_communication(
        PLAN, audience="customers", summary="follow-up", actor="carol", now=T0 + timedelta(hours=30)
    )

    notice = deadlines_of(incident)["communication:customers"]

    assert notice.met_at == T0 + timedelta(hours=5)
    assert notice.state(T0 + timedelta(hours=40)) == DeadlineState.MET


def test_a_customer_notice_after_24_hours_is_met_late():
    incident = declare(severity="SEV-1")
    incident.record_communication(
        PLAN, audience="customers", summary="email", actor="carol", now=T0 + timedelta(hours=30)
    )

    notice = deadlines_of(incident)["communication:customers"]

    assert notice.state(T0 + timedelta(hours=31)) == DeadlineState.MET_LATE
    assert notice.describe(T0 + timedelta(hours=31)) == "met at 2026-05-05T20:00+00:00, 6h 0m late"


def test_a_waived_customer_notice_is_waived_whatever_the_time():
    incident = declare(severity="SEV-1")
    incident.waive_communication(
        PLAN, audience="customers", reason="no customer saw the output", actor="carol", now=T0 + timedelta(hours=1)
    )

    notice = deadlines_of(incident)["communication:customers"]

    assert notice.waived
    assert notice.state(T0 + timedelta(days=5)) == DeadlineState.WAIVED
    assert notice.describe(T0 + timedelta(days=5)) == "waived"


def test_a_pending_customer_notice_says_how_long_is_left():
    incident = declare(severity="SEV-1")

    notice = deadlines_of(incident)["communication:customers"]

    assert notice.describe(T0 + timedelta(hours=1, minutes=30)) == "due in 22h 30m"
    assert notice.describe(T0 + timedelta(days=2, hours=3)) == "overdue by 1d 3h"


# --- report and review -------------------------------------------------------------------------------------------


def test_there_is_no_report_or_review_deadline_before_resolution():
    incident = declare(severity="SEV-3")

    assert set(deadlines_of(incident)) == {"response"}


# Hand count for a resolution on Wednesday 25 November 2026 (US Thanksgiving is Thursday 26 November; the Friday
# after is not a federal holiday, and the default plan adds no extra holidays). "Within n business days" is the
# end (17:00 New York) of the n-th business day *after* the resolution day:
#   1 Fri 27 Nov, 2 Mon 30 Nov, 3 Tue 1 Dec, 4 Wed 2 Dec, 5 Thu 3 Dec  -> report due Thu 3 Dec 17:00 EST
#   6 Fri 4 Dec, 7 Mon 7 Dec, 8 Tue 8 Dec, 9 Wed 9 Dec, 10 Thu 10 Dec  -> review due Thu 10 Dec 17:00 EST
# Wednesday 2 December would be right only if the resolution day itself counted as day 1.
RESOLVED_BEFORE_THANKSGIVING = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # Wednesday 10:00 in New York


@pytest.mark.parametrize(
    "resolved_at",
    [
        pytest.param(RESOLVED_BEFORE_THANKSGIVING, id="wednesday-morning"),
        pytest.param(datetime(2026, 11, 26, 1, 30, tzinfo=UTC), id="wednesday-evening-new-york-thursday-utc"),
    ],
)
def test_report_and_review_deadlines_skip_thanksgiving(resolved_at):
    incident = declare(now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC), severity="SEV-3")
    incident.resolve(summary="model pinned", actor="bob", now=resolved_at)

    found = deadlines_of(incident)

    assert found["report"].starts_at == resolved_at
    assert found["report"].due_at == datetime(2026, 12, 3, 17, 0, tzinfo=NEW_YORK)
    assert found["report"].due_at == datetime(2026, 12, 3, 22, 0, tzinfo=UTC)
    assert found["review"].due_at == datetime(2026, 12, 10, 17, 0, tzinfo=NEW_YORK)
    assert found["report"].label == "post-incident report (within 5 business days of resolution)"
    assert found["review"].label == "post-incident review (within 10 business days of resolution)"


def test_report_and_review_in_an_ordinary_week():
    incident = declare(severity="SEV-3")
    incident.resolve(summary="fixed", actor="bob", now=T0)  # Monday 4 May

    found = deadlines_of(incident)

    assert found["report"].due_at == datetime(2026, 5, 11, 17, 0, tzinfo=NEW_YORK)
    assert found["review"].due_at == datetime(2026, 5, 18, 17, 0, tzinfo=NEW_YORK)


def test_a_report_recorded_in_time_meets_its_deadline_and_the_review_stays_pending():
    incident = declare(now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC), severity="SEV-3")
    incident.resolve(summary="model pinned", actor="bob", now=RESOLVED_BEFORE_THANKSGIVING)
    incident.record_report(
        location="https://wiki.example/AI-2026-0007", actor="alice", now=datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    )
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)

    found = deadlines_of(incident)

    assert found["report"].met_at == datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    assert found["report"].state(now) == DeadlineState.MET
    assert found["review"].state(now) == DeadlineState.PENDING
    assert found["review"].describe(now) == "due in 6d 10h"


def test_a_report_recorded_after_its_deadline_is_met_late():
    incident = declare(now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC), severity="SEV-3")
    incident.resolve(summary="model pinned", actor="bob", now=RESOLVED_BEFORE_THANKSGIVING)
    incident.record_report(location="wiki", actor="alice", now=datetime(2026, 12, 4, 23, 0, tzinfo=UTC))

    report = deadlines_of(incident)["report"]

    assert report.state(datetime(2026, 12, 5, tzinfo=UTC)) == DeadlineState.MET_LATE
    assert report.describe(datetime(2026, 12, 5, tzinfo=UTC)) == "met at 2026-12-04T23:00+00:00, 1d 1h late"


def test_an_unwritten_review_becomes_overdue():
    incident = declare(severity="SEV-3")
    incident.resolve(summary="fixed", actor="bob", now=T0)

    review = deadlines_of(incident)["review"]

    assert review.state(datetime(2026, 5, 18, 20, 59, tzinfo=UTC)) == DeadlineState.PENDING
    assert review.state(datetime(2026, 5, 18, 21, 1, tzinfo=UTC)) == DeadlineState.OVERDUE
    assert review.describe(datetime(2026, 5, 19, 21, 0, tzinfo=UTC)) == "overdue by 1d 0h"


# --- how durations read ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=59), "0m"),
        (timedelta(minutes=5), "5m"),
        (timedelta(hours=2), "2h 0m"),
        (timedelta(hours=2, minutes=7, seconds=30), "2h 7m"),
        (timedelta(days=1, hours=2, minutes=3), "1d 2h"),
        (timedelta(days=3), "3d 0h"),
        (-timedelta(minutes=90), "1h 30m"),
    ],
)
def test_humanize_shows_the_two_largest_units(delta, text):
    assert humanize(delta) == text
