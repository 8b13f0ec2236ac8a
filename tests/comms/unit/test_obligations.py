"""Communication obligations: the Section 5 matrix cell by cell, severity changes, waivers, the communications guard,
and a property test against an independent oracle. The regulatory clocks are hand-worked in test_regulatory_clocks.

Every expected due time is written out. The default plan's calendar is America/New_York with US public holidays.
"""

from __future__ import annotations

import calendar as month_calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from factories import incident
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aicident.comms.model import ObligationState, obligations
from aicident.errors import Conflict, GuardFailed, InvalidInput
from aicident.incidents.deadlines import incident_deadlines
from aicident.incidents.model import EntryType, Incident
from aicident.plan.loader import default_plan, plan_version

PLAN = default_plan()
VERSION = plan_version(PLAN)
T0 = datetime(2026, 5, 4, 14, 0, tzinfo=UTC)  # Monday 10:00 EDT


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def declare(*, now: datetime = T0, aware: datetime | None = None, severity: str | None = None, **facts) -> Incident:
    return incident(
        PLAN, now=now, aware=aware, severity=severity, facts=facts, ref="AI-2026-0007",
        title="Chatbot quoted a wrong refund policy",
    )  # fmt: skip


def owed(incident: Incident) -> dict:
    found = obligations(incident, PLAN)
    keys = [o.key for o in found]
    assert len(keys) == len(set(keys)), f"one obligation per key: {keys}"
    return {o.key: o for o in found}


def send(incident: Incident, audience: str, now: datetime, obligation: str | None = None) -> None:
    incident.record_communication(
        PLAN, audience=audience, obligation=obligation, summary=f"{audience} message", actor="carol", now=now
    )


# --- the matrix: which cells are owed under which facts ------------------------------------------------------------

ALL_FACTS = {"customers_affected": 25, "personal_data_involved": True, "material": True}


@pytest.mark.parametrize(
    ("severity", "facts", "keys"),
    [
        # SEV-1: customers always; regulators if personal data; public if material; internal always.
        ("SEV-1", {}, ["customers", "internal"]),
        ("SEV-1", {"personal_data_involved": True}, ["customers", "regulators", "internal"]),
        ("SEV-1", {"material": True}, ["customers", "public", "internal"]),
        ("SEV-1", ALL_FACTS, ["customers", "regulators", "public", "internal"]),
        # SEV-2: customers if affected; regulators if personal data; public optional (never owed); internal always.
        ("SEV-2", {}, ["internal"]),
        ("SEV-2", {"customers_affected": 1}, ["customers", "internal"]),
        ("SEV-2", {"personal_data_involved": True}, ["regulators", "internal"]),
        ("SEV-2", ALL_FACTS, ["customers", "regulators", "internal"]),
        # SEV-3: customers optional, regulators usually no, public no: only the internal summary.
        ("SEV-3", {}, ["internal"]),
        ("SEV-3", ALL_FACTS, ["internal"]),
        # SEV-4: the owning team only.
        ("SEV-4", {}, ["internal"]),
        ("SEV-4", ALL_FACTS, ["internal"]),
        (None, ALL_FACTS, []),
    ],
)
def test_each_cell_of_the_matrix_is_owed_only_under_its_facts(severity, facts, keys):
    incident = declare(severity=severity, **facts)  # no jurisdiction: no regulatory clock

    assert list(owed(incident)) == keys


def test_sev1_customers_are_owed_a_notice_24_hours_after_awareness_approved_by_the_executive_sponsor():
    incident = declare(severity="SEV-1", aware=utc(2026, 5, 4, 11, 0))

    customers = owed(incident)["customers"]

    assert customers.state == ObligationState.OPEN
    assert customers.starts_at == utc(2026, 5, 4, 11, 0)
    assert customers.due_at == utc(2026, 5, 5, 11, 0)
    assert customers.approvers == ("executive_sponsor",)
    assert customers.template == "customer_notification"
    assert customers.label == "Within 24h or per law"


def test_sev1_customers_keep_their_24_hours_when_a_state_law_also_applies():
    incident = declare(severity="SEV-1", personal_data_involved=True, jurisdictions=["US-FL"])

    found = owed(incident)

    assert found["customers"].due_at == utc(2026, 5, 5, 14, 0)
    assert found["clock:us_fl_501171"].due_at == utc(2026, 6, 3, 14, 0)


def test_sev1_regulators_without_an_applicable_clock_are_owed_a_notice_with_no_fixed_deadline():
    incident = declare(severity="SEV-1", personal_data_involved=True, jurisdictions=["US"])

    regulators = owed(incident)["regulators"]

    assert regulators.state == ObligationState.OPEN
    assert regulators.due_at is None
    assert regulators.label == "Per applicable timeline"
    assert regulators.approvers == ("legal_lead",)


@pytest.mark.parametrize("severity", ["SEV-1", "SEV-2"])
def test_the_regulator_cell_per_the_law_is_the_gdpr_clock_when_it_applies(severity):
    incident = declare(severity=severity, personal_data_involved=True, jurisdictions=["DE"])

    found = owed(incident)

    assert "regulators" not in found
    assert found["clock:gdpr_art33"].due_at == utc(2026, 5, 7, 14, 0)


def test_sev1_public_statement_is_owed_when_material_coordinated_with_legal_and_has_no_deadline():
    incident = declare(severity="SEV-1", material=True)

    public = owed(incident)["public"]

    assert public.state == ObligationState.OPEN
    assert public.due_at is None
    assert public.approvers == ("executive_sponsor", "legal_lead")
    assert public.template == "public_statement"


def test_sev1_internal_updates_are_real_time_with_no_deadline():
    incident = declare(severity="SEV-1")

    internal = owed(incident)["internal"]

    assert internal.cadence == "real_time"
    assert internal.state == ObligationState.OPEN
    assert internal.due_at is None
    assert "communication:internal" not in {d.kind for d in incident_deadlines(incident, PLAN)}
    send(incident, "internal", T0 + timedelta(minutes=5))
    assert owed(incident)["internal"].state == ObligationState.MET


def test_sev2_customers_if_affected_are_owed_a_notice_72_hours_after_awareness():
    incident = declare(severity="SEV-2", aware=utc(2026, 5, 4, 11, 0), customers_affected=40)

    customers = owed(incident)["customers"]

    assert customers.due_at == utc(2026, 5, 7, 11, 0)
    assert customers.label == "Within 72h if affected"


def test_sev2_customers_becoming_affected_later_count_from_awareness_not_from_the_fact():
    incident = declare(severity="SEV-2", aware=utc(2026, 5, 4, 11, 0))
    incident.set_facts(actor="alice", now=utc(2026, 5, 5, 9, 0), customers_affected=3, plan=PLAN)

    assert owed(incident)["customers"].due_at == utc(2026, 5, 7, 11, 0)
    assert incident.new_entries[-1].data["obligations"] == [
        {
            "obligation": "customers",
            "change": "added",
            "title": "customers notice (Within 72h if affected)",
            "due_at": "2026-05-07T11:00:00+00:00",
        }
    ]


def test_sev2_public_is_optional_and_never_owed():
    incident = declare(severity="SEV-2", material=True, customers_affected=9)

    assert "public" not in owed(incident)


def test_sev2_daily_update_is_due_24_hours_after_triage_and_again_24_hours_after_each_update():
    incident = declare(severity="SEV-2")
    incident.assign(PLAN, "incident_commander", "alice", actor="alice", now=utc(2026, 5, 4, 14, 30))
    assert incident.triaged_at == utc(2026, 5, 4, 14, 30)

    first = owed(incident)["internal"]
    assert (first.cadence, first.starts_at, first.due_at) == ("daily", utc(2026, 5, 4, 14, 30), utc(2026, 5, 5, 14, 30))
    assert "internal" in incident.missing_communications(PLAN)

    send(incident, "internal", utc(2026, 5, 5, 10, 0))
    assert owed(incident)["internal"].due_at == utc(2026, 5, 6, 10, 0)
    assert owed(incident)["internal"].state == ObligationState.OPEN  # owed again every day
    assert "internal" not in incident.missing_communications(PLAN)

    send(incident, "internal", utc(2026, 5, 6, 9, 0))
    assert owed(incident)["internal"].due_at == utc(2026, 5, 7, 9, 0)


def test_sev3_end_of_incident_summary_is_pending_until_resolution():
    incident = declare(severity="SEV-3")

    internal = owed(incident)["internal"]

    assert internal.cadence == "end_of_incident"
    assert internal.state == ObligationState.PENDING
    assert internal.due_at is None
    assert incident.missing_communications(PLAN) == []


def test_sev3_summary_is_due_one_business_day_after_resolution_skipping_thanksgiving():
    incident = declare(now=utc(2026, 11, 24, 14, 0), severity="SEV-3")
    send(incident, "internal", utc(2026, 11, 25, 12, 0))  # during the incident: not the summary
    incident.resolve(summary="prompt rolled back", actor="alice", now=utc(2026, 11, 25, 20, 0))

    internal = owed(incident)["internal"]

    assert internal.state == ObligationState.OPEN
    assert internal.starts_at == utc(2026, 11, 25, 20, 0)
    assert internal.due_at == utc(2026, 11, 27, 22, 0)  # Wed 15:00 EST -> Fri 27 Nov 17:00 EST (Thu Thanksgiving)
    assert internal.met_at is None
    assert incident.missing_communications(PLAN) == ["internal"]


def test_sev3_summary_resolved_on_a_friday_evening_is_due_monday_at_close_of_business():
    incident = declare(now=utc(2026, 5, 15, 14, 0), severity="SEV-3")
    incident.resolve(summary="fixed", actor="alice", now=utc(2026, 5, 15, 23, 30))  # Friday 19:30 EDT

    assert owed(incident)["internal"].due_at == utc(2026, 5, 18, 21, 0)


def test_sev3_summary_is_met_only_by_a_summary_sent_after_resolution():
    incident = declare(now=utc(2026, 11, 24, 14, 0), severity="SEV-3")
    incident.resolve(summary="prompt rolled back", actor="alice", now=utc(2026, 11, 25, 20, 0))
    send(incident, "internal", utc(2026, 11, 27, 15, 0))

    internal = owed(incident)["internal"]

    assert internal.state == ObligationState.MET
    assert internal.met_at == utc(2026, 11, 27, 15, 0)
    assert incident.missing_communications(PLAN) == []


def test_sev4_is_for_the_owning_team_only_with_no_deadline():
    incident = declare(severity="SEV-4", customers_affected=3, personal_data_involved=True, material=True)

    internal = owed(incident)["internal"]

    assert internal.cadence == "owning_team_only"
    assert internal.recipients_group == "owning_team"
    assert internal.due_at is None
    assert internal.state == ObligationState.OPEN
    assert [d.kind for d in incident_deadlines(incident, PLAN)] == ["response"]


# --- done when: GDPR from awareness, and severity changes -------------------------------------------------------


def test_personal_data_in_the_eu_owes_the_regulator_72_hours_from_recorded_awareness_and_moves_with_it():
    incident = declare(aware=utc(2026, 5, 4, 9, 15))
    incident.set_facts(
        actor="dana", now=utc(2026, 5, 4, 16, 0), personal_data_involved=True, jurisdictions=["fr"], plan=PLAN
    )

    gdpr = owed(incident)["clock:gdpr_art33"]
    assert (gdpr.starts_at, gdpr.due_at) == (utc(2026, 5, 4, 9, 15), utc(2026, 5, 7, 9, 15))
    assert incident.new_entries[-1].data["obligations"] == [
        {
            "obligation": "clock:gdpr_art33",
            "change": "added",
            "title": "GDPR: Art. 33 notification of a personal data breach to the supervisory authority",
            "due_at": "2026-05-07T09:15:00+00:00",
        }
    ]

    incident.record_clock_event(
        PLAN,
        "became_aware",
        at=utc(2026, 5, 4, 6, 0),
        actor="dana",
        now=utc(2026, 5, 4, 17, 0),
        reason="the on-call saw it at 02:00",
    )

    gdpr = owed(incident)["clock:gdpr_art33"]
    assert (gdpr.starts_at, gdpr.due_at) == (utc(2026, 5, 4, 6, 0), utc(2026, 5, 7, 6, 0))
    entry = incident.new_entries[-1]
    assert entry.type == EntryType.CLOCK_EVENT
    assert entry.data["obligations"] == [
        {
            "obligation": "clock:gdpr_art33",
            "change": "tightened",
            "title": "GDPR: Art. 33 notification of a personal data breach to the supervisory authority",
            "was_due_at": "2026-05-07T09:15:00+00:00",
            "due_at": "2026-05-07T06:00:00+00:00",
            "state": "open",
        }
    ]
    gdpr_deadline = next(d for d in incident_deadlines(incident, PLAN) if d.kind == "communication:clock:gdpr_art33")
    # The deadline row the workers follow is the plan's target, 24 hours before the legal deadline it carries.
    assert (gdpr_deadline.due_at, gdpr_deadline.legal_due_at) == (utc(2026, 5, 6, 6, 0), utc(2026, 5, 7, 6, 0))


def test_escalating_sev2_to_sev1_tightens_the_customer_notice_from_72_to_24_hours_and_logs_it():
    incident = declare(severity="SEV-2", customers_affected=40)
    assert owed(incident)["customers"].due_at == utc(2026, 5, 7, 14, 0)

    incident.set_severity(
        PLAN, "SEV-1", actor="bob", now=utc(2026, 5, 4, 16, 0), reason="active harm", expect="escalated"
    )

    assert owed(incident)["customers"].due_at == utc(2026, 5, 5, 14, 0)
    entry = incident.new_entries[-1]
    assert entry.type == EntryType.SEVERITY_CHANGE
    customers = next(c for c in entry.data["obligations"] if c["obligation"] == "customers")
    assert customers == {
        "obligation": "customers",
        "change": "tightened",
        "title": "customers notice (Within 24h or per law)",
        "was_due_at": "2026-05-07T14:00:00+00:00",
        "due_at": "2026-05-05T14:00:00+00:00",
        "state": "open",
    }


@pytest.mark.parametrize(
    ("old", "new", "change"),
    [
        ("SEV-2", "SEV-1", "tightened"),  # daily -> real-time: more often, though real-time has no due time
        ("SEV-1", "SEV-2", "relaxed"),  # real-time -> daily, though daily has a due time
        ("SEV-2", "SEV-3", "relaxed"),  # daily -> an end-of-incident summary
        ("SEV-3", "SEV-2", "started"),  # a pending summary -> daily updates, the first due a day after declaration
    ],
)
def test_a_change_of_internal_cadence_is_logged_in_the_direction_of_the_severity_change(old, new, change):
    incident = declare(severity=old)

    incident.set_severity(PLAN, new, actor="bob", now=utc(2026, 5, 4, 16, 0), reason="reassessed")

    internal = next(c for c in incident.new_entries[-1].data["obligations"] if c["obligation"] == "internal")
    assert internal["change"] == change


def test_deescalating_sev1_to_sev2_relaxes_an_unmet_customer_notice_back_to_72_hours():
    incident = declare(severity="SEV-1", customers_affected=40)

    incident.set_severity(PLAN, "SEV-2", actor="bob", now=utc(2026, 5, 4, 16, 0), reason="no harm after all")

    assert owed(incident)["customers"].due_at == utc(2026, 5, 7, 14, 0)
    customers = next(c for c in incident.new_entries[-1].data["obligations"] if c["obligation"] == "customers")
    assert customers["change"] == "relaxed"
    assert (customers["was_due_at"], customers["due_at"]) == ("2026-05-05T14:00:00+00:00", "2026-05-07T14:00:00+00:00")


@pytest.mark.parametrize("lower", ["SEV-2", "SEV-3", "SEV-4"])
def test_deescalating_leaves_a_met_customer_notice_met(lower):
    incident = declare(severity="SEV-1", customers_affected=40)
    send(incident, "customers", utc(2026, 5, 4, 20, 0))

    incident.set_severity(PLAN, lower, actor="bob", now=utc(2026, 5, 5, 9, 0), reason="contained")

    customers = owed(incident)["customers"]
    assert customers.state == ObligationState.MET
    assert customers.met_at == utc(2026, 5, 4, 20, 0)
    changed = [c["obligation"] for c in incident.new_entries[-1].data.get("obligations", [])]
    assert "customers" not in changed
    assert "customers" not in incident.missing_communications(PLAN)


def test_deescalating_to_sev3_removes_an_unmet_customer_notice_and_says_so():
    incident = declare(severity="SEV-1")

    incident.set_severity(PLAN, "SEV-3", actor="bob", now=utc(2026, 5, 4, 16, 0), reason="limited impact")

    assert "customers" not in owed(incident)
    customers = next(c for c in incident.new_entries[-1].data["obligations"] if c["obligation"] == "customers")
    assert customers == {
        "obligation": "customers",
        "change": "removed",
        "title": "customers notice (Within 24h or per law)",
        "was_due_at": "2026-05-05T14:00:00+00:00",
    }


# --- waivers, the guard, unknown keys ----------------------------------------------------------------------------


def test_a_waiver_without_a_reason_is_refused_and_changes_nothing():
    incident = declare(severity="SEV-1")
    entries = len(incident.new_entries)

    with pytest.raises(InvalidInput, match="waiver reason must not be empty"):
        incident.waive_communication(PLAN, audience="customers", reason="   ", actor="carol", now=T0)

    assert incident.waivers == {}
    assert len(incident.new_entries) == entries
    assert owed(incident)["customers"].state == ObligationState.OPEN


def test_a_waiver_is_logged_with_its_reason_and_the_obligation_stops_being_owed():
    incident = declare(severity="SEV-2", personal_data_involved=True, jurisdictions=["DE"])

    incident.waive_communication(
        PLAN,
        audience="clock:gdpr_art33",
        reason=" unlikely to result in a risk (Art. 33(1)) ",
        actor="dana",
        now=utc(2026, 5, 5, 9, 0),
    )

    entry = incident.new_entries[-1]
    assert entry.type == EntryType.COMMUNICATION_WAIVED
    assert entry.actor == "dana"
    assert entry.data == {"audience": "clock:gdpr_art33", "reason": "unlikely to result in a risk (Art. 33(1))"}
    gdpr = owed(incident)["clock:gdpr_art33"]
    assert gdpr.state == ObligationState.WAIVED
    assert gdpr.waiver == "unlikely to result in a risk (Art. 33(1))"
    assert "clock:gdpr_art33" not in incident.missing_communications(PLAN)


def test_meeting_or_waiving_every_obligation_lets_the_communications_guard_pass():
    incident = declare(severity="SEV-1", personal_data_involved=True, material=True, jurisdictions=["DE", "US"])
    assert set(incident.missing_communications(PLAN)) == {
        "customers",
        "public",
        "internal",
        "clock:gdpr_art33",
        "clock:sec_8k_item_105",
    }
    [unmet] = incident.unmet_guards(PLAN, "communicate")
    assert unmet.guard == "communications"
    assert "clock:gdpr_art33" in unmet.needs

    send(incident, "customers", utc(2026, 5, 4, 18, 0))
    send(incident, "internal", utc(2026, 5, 4, 14, 5))
    send(incident, "regulators", utc(2026, 5, 5, 9, 0))  # meets the GDPR clock, the open regulator obligation
    send(incident, "public", utc(2026, 5, 5, 12, 0), obligation="clock:sec_8k_item_105")
    assert incident.missing_communications(PLAN) == ["public"]
    incident.waive_communication(
        PLAN, audience="public", reason="the 8-K is the public statement", actor="erin", now=utc(2026, 5, 5, 12, 5)
    )

    assert incident.missing_communications(PLAN) == []
    assert incident.unmet_guards(PLAN, "communicate") == []


def test_leaving_the_communicate_stage_is_refused_naming_what_is_owed():
    incident = declare(severity="SEV-4")
    incident.stage = "communicate"

    with pytest.raises(GuardFailed, match="meet the obligations internal or waive") as refused:
        incident.advance(PLAN, actor="alice", now=T0 + timedelta(hours=1))

    assert refused.value.guard == "communications"
    send(incident, "internal", T0 + timedelta(hours=2))
    incident.advance(PLAN, actor="alice", now=T0 + timedelta(hours=3))
    assert incident.stage == "document"


def test_an_unknown_obligation_key_is_refused_naming_the_obligations_the_incident_has():
    incident = declare(severity="SEV-1")
    entries = len(incident.new_entries)

    with pytest.raises(Conflict) as refused:
        send(incident, "regulators", T0, obligation="clock:gdpr_art33")

    assert refused.value.message == "AI-2026-0007 has no obligation 'clock:gdpr_art33'"
    assert refused.value.allowed == "one of: customers, internal"
    assert incident.communications == []
    assert len(incident.new_entries) == entries


def test_waiving_an_unknown_clock_or_audience_is_refused_with_what_is_allowed():
    incident = declare(severity="SEV-1")

    with pytest.raises(InvalidInput) as clock:
        incident.waive_communication(PLAN, audience="clock:nis2", reason="n/a", actor="carol", now=T0)
    with pytest.raises(InvalidInput) as audience:
        incident.waive_communication(PLAN, audience="press", reason="n/a", actor="carol", now=T0)

    assert clock.value.allowed == "one of: customers, internal"
    assert audience.value.message == "unknown audience 'press'"
    assert audience.value.allowed == "one of: customers, regulators, public, internal"
    assert incident.waivers == {}


# --- property: obligations against an independent oracle ---------------------------------------------------------

NEW_YORK = ZoneInfo("America/New_York")
EU27 = {
    "EU",
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
}
EEA = EU27 | {"IS", "LI", "NO"}
US_HOLIDAYS = {
    date(2026, 1, 1),
    date(2026, 1, 19),
    date(2026, 2, 16),
    date(2026, 5, 25),
    date(2026, 6, 19),
    date(2026, 7, 3),
    date(2026, 9, 7),
    date(2026, 10, 12),
    date(2026, 11, 11),
    date(2026, 11, 26),
    date(2026, 12, 25),
    date(2027, 1, 1),
}
PLACES = ["DE", "FR", "DE-BY", "NO", "EU", "US", "US-FL", "US-CA", "GB", "CH"]
START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2026, 12, 15, tzinfo=UTC)


def hours_later(start: datetime, hours: int) -> datetime:
    return start + timedelta(hours=hours)


def days_later(start: datetime, days: int) -> datetime:
    """The same New York wall-clock time; a skipped time reads with the earlier offset (lands past the gap)."""
    local = start.astimezone(NEW_YORK)
    return (local.replace(tzinfo=None) + timedelta(days=days)).replace(tzinfo=NEW_YORK, fold=local.fold).astimezone(UTC)


# The capitals' zones of the EU Member States, and their public holidays straight from the `holidays` package: the
# oracle counts Regulation 1182/71 periods itself, on the same holiday data as the code under test.
EU_ZONES = {
    "AT": "Europe/Vienna", "BE": "Europe/Brussels", "BG": "Europe/Sofia", "HR": "Europe/Zagreb",
    "CY": "Asia/Nicosia", "CZ": "Europe/Prague", "DK": "Europe/Copenhagen", "EE": "Europe/Tallinn",
    "FI": "Europe/Helsinki", "FR": "Europe/Paris", "DE": "Europe/Berlin", "GR": "Europe/Athens",
    "HU": "Europe/Budapest", "IE": "Europe/Dublin", "IT": "Europe/Rome", "LV": "Europe/Riga",
    "LT": "Europe/Vilnius", "LU": "Europe/Luxembourg", "MT": "Europe/Malta", "NL": "Europe/Amsterdam",
    "PL": "Europe/Warsaw", "PT": "Europe/Lisbon", "RO": "Europe/Bucharest", "SK": "Europe/Bratislava",
    "SI": "Europe/Ljubljana", "ES": "Europe/Madrid", "SE": "Europe/Stockholm",
}  # fmt: skip


def eu_period_end(start: datetime, states: set[str], *, days: int = 0, months: int = 0, roll: bool = True) -> datetime:
    """Reg. 1182/71 Art. 3: the day of the event excluded, the end of the last day (the same date `months` later,
    or that month's last day), a Saturday, Sunday or holiday rolled to the next working day, two working days in a
    period of two days or more; the earliest such end over `states` (all of them when the incident names none)."""
    ends = []
    for state in states or set(EU_ZONES):
        zone, off = ZoneInfo(EU_ZONES[state]), holidays.country_holidays(state, years=range(2026, 2028))

        def working(day: date, off=off) -> bool:
            return day.weekday() < 5 and day not in off

        first = start.astimezone(zone).date()
        if months:
            year, month = (first.year + 1, 1) if first.month == 12 else (first.year, first.month + 1)
            last = date(year, month, min(first.day, month_calendar.monthrange(year, month)[1]))
        else:
            last = first + timedelta(days=days)
        while roll and not working(last):
            last += timedelta(days=1)
        while days >= 2 and sum(working(first + timedelta(days=k)) for k in range(1, (last - first).days + 1)) < 2:
            last += timedelta(days=1)
        ends.append(datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone).astimezone(UTC))
    return min(ends)


def sec_business_days_later(start: datetime, n: int) -> datetime:
    """Form 8-K B.1: business day 1 is the first business day after the day of the event; 17:30 Eastern."""

    def working(day: date) -> bool:
        return day.weekday() < 5 and day not in US_HOLIDAYS

    day = start.astimezone(NEW_YORK).date()
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if working(day):
            counted += 1
    return datetime(day.year, day.month, day.day, 17, 30, tzinfo=NEW_YORK).astimezone(UTC)


def oracle(
    severity,
    facts: dict,
    places: set[str],
    aware: datetime,
    declared: datetime,
    material_at: datetime | None,
    notified_at: datetime | None,
) -> dict[str, datetime | None]:
    """Obligation key -> due time, for an open incident with no IC (so the daily update counts from declaration)."""
    found, regulator_law = law_clocks(facts, places, aware, material_at, notified_at)
    return matrix_cells(severity, facts, aware, declared, material_at, regulator_law) | found


def law_clocks(
    facts: dict, places: set[str], aware: datetime, material_at: datetime | None, notified_at: datetime | None
) -> tuple[dict[str, datetime | None], bool]:
    """The regulatory clocks the facts start (key -> due time), and whether a law already informs a regulator."""
    countries = places | {p.split("-")[0] for p in places}
    personal, eu, eea = facts["personal_data_involved"], bool(countries & EU27), bool(countries & EEA)
    states = countries & set(EU_ZONES)  # the Member States whose authorities an EU report goes to
    ai_act = eu and aware.astimezone(NEW_YORK).date() >= date(2026, 8, 2)
    found: dict[str, datetime | None] = {}
    if personal and eea:
        found["clock:gdpr_art33"] = hours_later(aware, 72)
        if facts["high_risk"]:
            found["clock:gdpr_art34"] = None
    days = [
        d
        for fact, d in (
            ("serious_incident", 15),
            ("death", 10),
            ("widespread_infringement", 2),
            ("critical_infrastructure_disruption", 2),
        )
        if ai_act and facts[fact]
    ]
    if days:
        found["clock:eu_ai_act_art73"] = eu_period_end(aware, states, days=min(days))
    if facts["significant_incident"] and eu:
        found["clock:nis2_early_warning"] = hours_later(aware, 24)
        found["clock:nis2_notification"] = hours_later(aware, 72)
        found["clock:nis2_final_report"] = eu_period_end(notified_at, states, months=1) if notified_at else None
    if material_at and "US" in countries:
        found["clock:sec_8k_item_105"] = sec_business_days_later(material_at, 4)
    if personal and "US-FL" in places:
        found["clock:us_fl_501171"] = days_later(aware, 30)
    regulator_law = bool(personal and eea or days or facts["significant_incident"] and eu)
    return found, regulator_law


def matrix_cells(
    severity, facts: dict, aware: datetime, declared: datetime, material_at: datetime | None, regulator_law: bool
) -> dict[str, datetime | None]:
    """The communications matrix's cells that apply (audience -> due time)."""
    personal = facts["personal_data_involved"]
    matrix: dict[str, datetime | None] = {}
    if severity == "SEV-1":
        matrix["customers"] = hours_later(aware, 24)
        if personal and not regulator_law:
            matrix["regulators"] = None
        if material_at:
            matrix["public"] = None
        matrix["internal"] = None
    elif severity == "SEV-2":
        if facts["customers_affected"]:
            matrix["customers"] = hours_later(aware, 72)
        if personal and not regulator_law:
            matrix["regulators"] = None
        matrix["internal"] = hours_later(declared, 24)
    elif severity in ("SEV-3", "SEV-4"):
        matrix["internal"] = None
    return matrix


BOOLEAN_FACTS = [
    "personal_data_involved",
    "high_risk",
    "serious_incident",
    "death",
    "widespread_infringement",
    "critical_infrastructure_disruption",
    "significant_incident",
]


@st.composite
def scenarios(draw):
    aware = draw(
        st.datetimes(min_value=START.replace(tzinfo=None), max_value=END.replace(tzinfo=None), timezones=st.just(UTC))
    ).replace(second=0, microsecond=0)
    declared = aware + timedelta(minutes=draw(st.integers(0, 3 * 24 * 60)))
    facts = {name: draw(st.booleans()) for name in BOOLEAN_FACTS}
    facts["customers_affected"] = draw(st.sampled_from([0, 0, 1, 250]))
    places = draw(st.sets(st.sampled_from(PLACES), max_size=3))
    material_after = draw(st.none() | st.integers(0, 10 * 24 * 60))
    notified_after = draw(st.none() | st.integers(0, 5 * 24 * 60))
    return {
        "severity": draw(st.sampled_from([None, "SEV-1", "SEV-2", "SEV-3", "SEV-4"])),
        "aware": aware,
        "declared": declared,
        "facts": facts,
        "places": places,
        "material_after": material_after,
        "notified_after": notified_after,
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_obligations_match_an_independent_oracle(scenario):
    declared, aware, facts = scenario["declared"], scenario["aware"], scenario["facts"]
    incident = declare(
        now=declared, aware=aware, severity=scenario["severity"], jurisdictions=sorted(scenario["places"]), **facts
    )
    material_at = None
    if scenario["material_after"] is not None:
        material_at = declared + timedelta(minutes=scenario["material_after"])
        incident.set_facts(actor="erin", now=material_at, material=True, plan=PLAN)
    notified_at = None
    if scenario["notified_after"] is not None and "clock:nis2_notification" in owed(incident):
        notified_at = (material_at or declared) + timedelta(minutes=scenario["notified_after"])
        send(incident, "regulators", notified_at, obligation="clock:nis2_notification")

    expected = oracle(scenario["severity"], facts, set(scenario["places"]), aware, declared, material_at, notified_at)
    actual = {key: o.due_at for key, o in owed(incident).items()}

    assert actual == expected
