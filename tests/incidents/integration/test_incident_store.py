"""Incident use cases against a real database: every test runs on SQLite and on PostgreSQL (the `runtime` fixture).

The clock is the test's own (Monday 2026-11-23 14:00 UTC, 09:00 in the default plan's America/New_York), so every
due time below is an exact value worked out by hand from the default plan.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from people_helpers import register_people
from sqlalchemy import delete, insert, select, text, update

from aicident.audit.chain import GENESIS, entry_hash
from aicident.errors import Conflict, GuardFailed, InvalidInput
from aicident.incidents import service
from aicident.incidents.model import AISystem, Facts, LogEntry
from aicident.incidents.repository import LogBreak
from aicident.plan.loader import default_plan, dump_plan, plan_document
from aicident.plan.schema import Plan
from aicident.reports import service as reports
from aicident.store.tables import deadlines, incident_log, incidents, plans

UTC = UTC
START = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # the `clock` fixture's first reading


def at(hour: int, minute: int = 0, *, day: int = 23, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def declare_prompt_injection(rt, **overrides):
    register_people(rt, "dana", "priya", "sam")  # who the tests name as role holders and attendees
    arguments = dict(
        title="Support assistant obeyed instructions hidden in an uploaded PDF",
        category="prompt_injection",
        source="customer_report",
        actor="ana",
        summary="A customer received another customer's order summary after uploading a crafted invoice.",
        ai_system=AISystem(feature="support-assistant", model="chat-large", prompt_version="support-v41"),
        facts=Facts(customers_affected=2),
    )
    arguments.update(overrides)
    return service.declare(rt, **arguments)


def deadline_rows(rt, incident_id: str) -> dict[str, tuple]:
    """The deadline rows a poller would claim, read straight from the table."""
    with rt.engine.connect() as connection:
        rows = connection.execute(select(deadlines).where(deadlines.c.incident_id == incident_id)).all()
    return {row.kind: (row.due_at, row.met_at, row.waived) for row in rows}


def log_rows(rt, incident_id: str) -> list[tuple]:
    with rt.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                select(incident_log).where(incident_log.c.incident_id == incident_id).order_by(incident_log.c.seq)
            )
        ]


def state_of(rt, ref: str) -> tuple:
    """Everything a use case may write for one incident: the row, the log rows and the deadline rows."""
    with rt.engine.connect() as connection:
        row = connection.execute(select(incidents).where(incidents.c.ref == ref)).one()
    return tuple(row), log_rows(rt, row.id), deadline_rows(rt, row.id)


# --- the whole lifecycle ---------------------------------------------------------------------------------------


def test_a_prompt_injection_incident_run_to_close_reads_back_the_same_from_a_fresh_runtime(
    runtime, make_runtime, clock
):
    rt = runtime
    incident = declare_prompt_injection(rt)
    ref = incident.ref
    assert ref == "INC-2026-0001"
    clock.advance(minutes=5)  # 14:05
    service.triage(rt, ref=ref, actor="dana", severity="SEV-1", commander="dana")
    clock.advance(minutes=1)  # 14:06
    service.advance(rt, ref=ref, actor="dana")
    clock.advance(minutes=4)  # 14:10
    service.contain(rt, ref=ref, actor="dana", action="Kill switch: disabled the assistant's send_email tool")
    clock.advance(minutes=1)  # 14:11
    service.advance(rt, ref=ref, actor="dana")
    clock.advance(hours=1)  # 15:11
    service.diagnose(
        rt,
        ref=ref,
        layer="prompt",
        actor="priya",
        description="Extracted PDF text sat inside the instruction block without delimiters",
    )
    clock.advance(minutes=1)  # 15:12
    service.advance(rt, ref=ref, actor="dana")
    clock.advance(hours=2)  # 17:12 (12:12 in New York)
    service.resolve(rt, ref=ref, actor="priya", summary="Prompt support-v42 quotes documents as data; evals pass")
    clock.advance(minutes=1)  # 17:13
    service.advance(rt, ref=ref, actor="dana")
    clock.advance(hours=1)  # 18:13
    service.communicate(
        rt,
        ref=ref,
        audience="customers",
        actor="sam",
        channel="email",
        summary="Emailed both affected customers, approved by the Executive Sponsor",
    )
    clock.advance(minutes=5)  # 18:18
    service.communicate(rt, ref=ref, audience="internal", actor="sam", summary="Updates in #inc-0001")
    clock.advance(minutes=1)  # 18:19
    service.advance(rt, ref=ref, actor="dana")
    clock.advance(days=1)  # 24th 18:19
    service.add_entry(
        rt, ref=ref, type="note", text="No injection evals on uploads", actor="dana", section="went_wrong"
    )
    reports.add_follow_up(rt, ref=ref, text="Allow-list tool recipients", actor="dana", owner="priya", due="2030-01-31")
    reports.add_follow_up(rt, ref=ref, text="Document text is data", actor="dana", kind="policy_update")
    _, report_text = service.document(rt, ref=ref, actor="dana")
    clock.advance(minutes=1)  # 24th 18:20
    service.advance(rt, ref=ref, actor="dana")
    clock.advance(days=1)  # 25th 18:20
    reports.review(
        rt,
        ref=ref,
        actor="dana",
        attendees=["dana", "priya", "sam"],
        summary="Blameless review; tool recipients are now allow-listed",
    )
    clock.advance(hours=1)  # 25th 19:20
    closed = service.close(rt, ref=ref, actor="dana")

    fresh = make_runtime(rt.settings.database_url)
    assert fresh is not rt and fresh.engine is not rt.engine
    view = service.get(fresh, ref=ref.lower())
    reloaded = view.incident

    assert reloaded == closed  # every field, the record JSON and the role history included
    assert (reloaded.status, reloaded.stage, reloaded.severity) == ("closed", "learn", "SEV-1")
    assert reloaded.version == 19  # declared, then 18 use cases, each one save
    assert reloaded.plan_version == rt.plan_version
    assert reloaded.current_roles() == {"incident_commander": "dana"}
    assert (
        reloaded.declared_at,
        reloaded.triaged_at,
        reloaded.contained_at,
        reloaded.resolved_at,
        reloaded.closed_at,
    ) == (START, at(14, 5), at(14, 10), at(17, 12), at(19, 20, day=25))
    assert reloaded.root_cause["layer"] == "prompt"
    assert [c["audience"] for c in reloaded.communications] == ["customers", "internal"]
    assert reloaded.report["summary"] == report_text.strip()
    assert reloaded.review["attendees"] == ["dana", "priya", "sam"]

    assert reloaded.log_count == 21
    assert [(e.seq, str(e.type), e.actor) for e in view.log] == [
        (1, "declared", "ana"),
        (2, "stage_change", "dana"),
        (3, "severity_change", "dana"),
        (4, "role_change", "dana"),
        (5, "stage_change", "dana"),
        (6, "containment_action", "dana"),
        (7, "stage_change", "dana"),
        (8, "root_cause", "priya"),
        (9, "stage_change", "dana"),
        (10, "resolution", "priya"),
        (11, "stage_change", "dana"),
        (12, "communication", "sam"),
        (13, "communication", "sam"),
        (14, "stage_change", "dana"),
        (15, "note", "dana"),
        (16, "action_item", "dana"),
        (17, "action_item", "dana"),
        (18, "report", "dana"),
        (19, "stage_change", "dana"),
        (20, "review", "dana"),
        (21, "closed", "dana"),
    ]
    assert [e.data["new"] for e in view.log if e.type == "stage_change"] == [
        "triage",
        "contain",
        "diagnose",
        "remediate",
        "communicate",
        "document",
        "learn",
    ]
    previous = GENESIS
    key = fresh.log_keys.hmac_key  # the same key file as the runtime that wrote them: same data directory
    for entry in view.log:
        assert entry.prev_hash == previous
        assert entry.hash == entry_hash(previous, entry.payload(reloaded.id), key)
        assert entry.hash != entry_hash(previous, entry.payload(reloaded.id))  # keyed, not a bare SHA-256
        previous = entry.hash
    assert previous == reloaded.last_hash

    # Report: 5 business days after Monday 12:12 New York, Thanksgiving (26th) skipped: Tue 1 Dec 17:00 EST.
    expected = {
        "response": (START, START + timedelta(minutes=15), at(14, 5)),
        "communication:customers": (START, at(14, day=24), at(18, 13)),
        "report": (at(17, 12), at(22, day=1, month=12), at(18, 19, day=24)),
        "review": (at(17, 12), at(22, day=8, month=12), at(18, 20, day=25)),
    }
    assert {d.kind: (d.starts_at, d.due_at, d.met_at) for d in view.deadlines} == expected
    assert {d.kind: str(d.state(view.now)) for d in view.deadlines} == dict.fromkeys(expected, "met")
    assert deadline_rows(fresh, reloaded.id) == {kind: (due, met, False) for kind, (_, due, met) in expected.items()}
    assert service.verify(fresh) == (1, [])


# --- references ----------------------------------------------------------------------------------------------


def test_references_are_sequential_per_year_of_the_plans_time_zone(runtime, clock):
    refs = [declare_prompt_injection(runtime, title=f"incident {n}").ref for n in range(3)]
    assert refs == ["INC-2026-0001", "INC-2026-0002", "INC-2026-0003"]

    clock.now = datetime(2027, 1, 1, 3, 0, tzinfo=UTC)  # still 31 December 2026 in New York
    assert declare_prompt_injection(runtime).ref == "INC-2026-0004"
    clock.now = datetime(2027, 1, 1, 5, 0, tzinfo=UTC)  # 00:00 on 1 January 2027 in New York
    assert [declare_prompt_injection(runtime).ref for _ in range(2)] == ["INC-2027-0001", "INC-2027-0002"]


def _declare_concurrently(rt, count: int) -> list[str]:
    barrier = threading.Barrier(count)
    refs: list[str] = []
    errors: list[BaseException] = []

    def declare(number: int) -> None:
        barrier.wait()
        try:
            refs.append(declare_prompt_injection(rt, title=f"concurrent {number}").ref)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=declare, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return refs


def test_eight_concurrent_declarations_get_eight_distinct_references_without_gaps(runtime, clock):
    """Eight threads, each its own use case, racing first to create a year's counter row and then to bump it."""
    assert declare_prompt_injection(runtime).ref == "INC-2026-0001"  # the plan version is stored by now
    clock.now = datetime(2027, 3, 1, 15, 0, tzinfo=UTC)  # a year with no counter row: all eight race to create it

    first = _declare_concurrently(runtime, 8)
    assert sorted(first) == [f"INC-2027-{n:04d}" for n in range(1, 9)]
    second = _declare_concurrently(runtime, 8)
    assert sorted(second) == [f"INC-2027-{n:04d}" for n in range(9, 17)]

    with runtime.engine.connect() as connection:
        stored = connection.execute(select(incidents.c.ref).order_by(incidents.c.ref)).scalars().all()
    assert stored == ["INC-2026-0001", *[f"INC-2027-{n:04d}" for n in range(1, 17)]]


def _waiting_on_a_lock(rt) -> bool:
    with rt.engine.connect() as connection:
        return bool(
            connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar()
        )


def test_a_declaration_racing_another_that_stores_the_same_plan_version_succeeds(runtime):
    """The first declarations under a plan version all try to store it; losing that race must not fail one."""
    postgres = runtime.engine.dialect.name == "postgresql"
    other = runtime.uow().__enter__()  # another replica, mid-declaration: it has stored the plan, not committed
    other.incidents.register_plan(runtime.plan_version, runtime.plan_document, START)
    outcome: list = []

    def declare() -> None:
        try:
            outcome.append(declare_prompt_injection(runtime).ref)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            outcome.append(error)

    racer = threading.Thread(target=declare)
    racer.start()
    if postgres:  # wait until the racer has found no plan row and is blocked inserting the same key
        give_up = time.monotonic() + 10
        while not _waiting_on_a_lock(runtime) and time.monotonic() < give_up:
            time.sleep(0.05)
    else:  # SQLite: the racer waits at BEGIN IMMEDIATE until `other` commits
        time.sleep(0.3)
    other.__exit__(None, None, None)
    racer.join(timeout=30)
    assert [repr(o) if isinstance(o, BaseException) else o for o in outcome] == ["INC-2026-0001"]


# --- optimistic concurrency and all-or-nothing use cases ---------------------------------------------------------


def test_the_second_save_of_two_loads_of_one_incident_is_a_conflict_and_writes_nothing(runtime, clock):
    ref = declare_prompt_injection(runtime).ref
    service.triage(runtime, ref=ref, actor="dana", severity="SEV-2", commander="dana")
    with runtime.uow() as uow:
        first = uow.incidents.get(ref)
    with runtime.uow() as uow:
        second = uow.incidents.get(ref)
    assert first.version == second.version == 2
    clock.advance(minutes=1)
    first.add_entry("note", text="first writer", actor="dana", now=clock())
    second.add_entry("note", text="second writer", actor="erin", now=clock())
    second.record_containment(action="second writer's containment", actor="erin", now=clock())

    with runtime.uow() as uow:
        uow.incidents.save(first, clock())
    before = state_of(runtime, ref)

    with pytest.raises(Conflict) as raised, runtime.uow() as uow:
        # Work done earlier in the losing transaction must be rolled back with it.
        uow.incidents.sync_deadlines(second, [])
        uow.incidents.save(second, clock())
    assert raised.value.code == "conflict"
    assert str(raised.value) == f"{ref} was changed by someone else meanwhile (reload it and try again)"

    assert state_of(runtime, ref) == before
    view = service.get(runtime, ref=ref)
    assert view.incident.version == 3
    assert view.incident.log_count == len(view.log) == 5
    assert view.log[-1].data == {"text": "first writer"}
    assert view.incident.containment == []
    assert set(deadline_rows(runtime, view.incident.id)) == {
        "response",
        "communication:customers",
        "communication:internal",
    }
    assert service.verify(runtime) == (1, [])


@pytest.mark.postgres
def test_overlapping_transactions_on_postgresql_conflict_instead_of_overwriting(make_runtime, postgres_url, clock):
    runtime = make_runtime(postgres_url)
    ref = declare_prompt_injection(runtime).ref
    with pytest.raises(Conflict), runtime.uow() as loser_uow:  # opened first, as a replica that started first
        loser = loser_uow.incidents.get(ref)
        with runtime.uow() as winner_uow:
            winner = winner_uow.incidents.get(ref)
            winner.add_entry("note", text="winner", actor="dana", now=clock())
            winner_uow.incidents.save(winner, clock())
        loser.add_entry("note", text="loser", actor="erin", now=clock())
        loser_uow.incidents.save(loser, clock())
    view = service.get(runtime, ref=ref)
    assert [e.data.get("text") for e in view.log] == [None, "winner"]
    assert view.incident.version == 2


def test_advancing_past_an_unmet_guard_leaves_version_stage_log_and_deadlines_as_they_were(runtime, clock):
    ref = declare_prompt_injection(runtime).ref
    service.advance(runtime, ref=ref, actor="dana")  # detect has no guard
    before = state_of(runtime, ref)
    clock.advance(minutes=3)

    with pytest.raises(GuardFailed) as raised:
        service.advance(runtime, ref=ref, actor="dana")
    assert raised.value.guard == "severity"
    assert [u["guard"] for u in raised.value.details["unmet"]] == ["severity", "role:incident_commander"]
    assert str(raised.value) == "cannot leave triage for contain: set a severity; assign the Incident Commander"
    assert [(step.action, dict(step.args)) for step in raised.value.next] == [
        ("triage", {"ref": ref}),
        ("assign", {"ref": ref, "role": "incident_commander"}),
    ]

    assert state_of(runtime, ref) == before
    incident = service.get(runtime, ref=ref).incident
    assert (incident.version, incident.stage, incident.log_count) == (2, "triage", 2)


def test_a_use_case_that_fails_half_way_writes_none_of_its_earlier_steps(runtime):
    ref = declare_prompt_injection(runtime).ref
    before = state_of(runtime, ref)
    # Triage moves the stage and sets the severity before it assigns the commander, which is refused here.
    with pytest.raises(InvalidInput, match="person must not be empty"):
        service.triage(runtime, ref=ref, actor="dana", severity="SEV-1", commander="   ")
    assert state_of(runtime, ref) == before
    incident = service.get(runtime, ref=ref).incident
    assert (incident.stage, incident.severity, incident.version, incident.log_count) == ("detect", None, 1, 1)


# --- the hash chain ----------------------------------------------------------------------------------------------


def _edit(connection, target, _clock, _key):
    connection.execute(
        update(incident_log)
        .where(incident_log.c.incident_id == target.id, incident_log.c.seq == 3)
        .values(data={"old": None, "new": "SEV-4", "direction": "set", "reason": "triage"})
    )


def _delete_last(connection, target, _clock, _key):
    connection.execute(delete(incident_log).where(incident_log.c.incident_id == target.id, incident_log.c.seq == 5))


def _delete_middle(connection, target, _clock, _key):
    connection.execute(delete(incident_log).where(incident_log.c.incident_id == target.id, incident_log.c.seq == 3))


def _insert_forged(connection, target, clock, key):
    """An extra entry with a correct link and a hash made with the log key itself (an insider who holds the key
    file): only the head kept on the incident row can catch it."""
    last, key_id = connection.execute(
        select(incident_log.c.hash, incident_log.c.key_id).where(
            incident_log.c.incident_id == target.id, incident_log.c.seq == 5
        )
    ).one()
    forged = LogEntry(
        seq=6, at=clock(), actor="mallory", type="note", data={"text": "all fine"}, prev_hash=last, hash=""
    )
    connection.execute(
        insert(incident_log).values(
            incident_id=target.id,
            seq=6,
            at=forged.at,
            actor=forged.actor,
            type="note",
            data=forged.data,
            prev_hash=last,
            hash=entry_hash(last, forged.payload(target.id), key),
            key_id=key_id,
        )
    )


def _insert_unhashed(connection, target, clock, _key):
    """An extra entry that names the log key, with a hash made up by someone who does not hold the key."""
    last, key_id = connection.execute(
        select(incident_log.c.hash, incident_log.c.key_id).where(
            incident_log.c.incident_id == target.id, incident_log.c.seq == 5
        )
    ).one()
    connection.execute(
        insert(incident_log).values(
            incident_id=target.id,
            seq=6,
            at=clock(),
            actor="mallory",
            type="note",
            data={"text": "all fine"},
            prev_hash=last,
            hash="f" * 64,
            key_id=key_id,
        )
    )


@pytest.mark.parametrize(
    ("tamper", "seq", "reason"),
    [
        (_edit, 3, "its content does not match its hash (the entry was edited)"),
        (_delete_last, 5, "entry 5 is missing: the log has 4 entries but 5 were written"),
        (_delete_middle, 3, "entry 3 is missing (found entry 4 in its place)"),
        (_insert_unhashed, 6, "its content does not match its hash (the entry was edited)"),
        (_insert_forged, 6, "entry 6 was never written by aicident: the log has 6 entries but 5 were written"),
    ],
    ids=["edited", "last-deleted", "middle-deleted", "inserted", "inserted-with-valid-hash"],
)
def test_verify_names_the_incident_and_entry_tampered_with_in_sql(runtime, clock, tamper, seq, reason):
    target = declare_prompt_injection(runtime)
    service.triage(runtime, ref=target.ref, actor="dana", severity="SEV-1", commander="dana")  # entries 2-4
    service.add_entry(runtime, ref=target.ref, type="evidence", text="session log", actor="priya")  # entry 5
    bystander = declare_prompt_injection(runtime, title="untouched")
    assert service.verify(runtime) == (2, [])

    with runtime.engine.begin() as connection:
        tamper(connection, target, clock, runtime.log_keys.hmac_key)

    assert service.verify(runtime) == (2, [LogBreak(target.ref, seq, reason)])
    assert bystander.ref == "INC-2026-0002"


# --- deadlines -----------------------------------------------------------------------------------------------------


def test_deadline_rows_follow_triage_escalation_and_resolution(runtime, clock):
    incident = declare_prompt_injection(runtime, facts=Facts(customers_affected=3))
    assert deadline_rows(runtime, incident.id) == {"response": (START + timedelta(minutes=15), None, False)}

    clock.advance(minutes=10)
    service.triage(runtime, ref=incident.ref, actor="dana", severity="SEV-2", commander="dana")
    assert deadline_rows(runtime, incident.id) == {
        "response": (START + timedelta(hours=1), at(14, 10), False),
        "communication:customers": (START + timedelta(hours=72), None, False),  # "Within 72h if affected"
        "communication:internal": (at(14, 10) + timedelta(hours=24), None, False),  # "Daily updates" from triage
    }

    clock.advance(minutes=20)
    service.set_severity(
        runtime,
        ref=incident.ref,
        severity="SEV-1",
        actor="dana",
        expect="escalated",
        reason="a second customer's data was disclosed",
    )
    assert deadline_rows(runtime, incident.id) == {
        "response": (START + timedelta(minutes=15), at(14, 10), False),
        "communication:customers": (START + timedelta(hours=24), None, False),
    }

    clock.advance(hours=2)  # 16:30 UTC, 11:30 in New York
    service.communicate(runtime, ref=incident.ref, audience="customers", actor="sam", waive="told by phone")
    service.resolve(runtime, ref=incident.ref, actor="priya", summary="fixed and re-tested")
    assert deadline_rows(runtime, incident.id) == {
        "response": (START + timedelta(minutes=15), at(14, 10), False),
        "communication:customers": (START + timedelta(hours=24), None, True),
        "report": (at(22, day=1, month=12), None, False),
        "review": (at(22, day=8, month=12), None, False),
    }


# --- plan versions -------------------------------------------------------------------------------------------------


def test_an_incident_keeps_its_plan_version_and_deadlines_when_a_new_plan_comes_into_force(
    runtime, make_runtime, clock, tmp_path
):
    old_rt = runtime
    old = declare_prompt_injection(old_rt, title="declared under the default plan")
    service.triage(old_rt, ref=old.ref, actor="dana", severity="SEV-1", commander="dana")

    document = plan_document(default_plan())
    sev1 = next(s for s in document["severities"] if s["id"] == "SEV-1")
    assert sev1["response_time"] == "15 minutes"
    sev1["response_time"] = "30 minutes"
    plan_file = tmp_path / "custom-plan.toml"
    plan_file.write_text(dump_plan(Plan.model_validate(document), "toml"), encoding="utf-8")

    new_rt = make_runtime(old_rt.settings.database_url, plan_file=plan_file)
    assert new_rt.plan_version != old_rt.plan_version
    clock.advance(minutes=1)
    new = declare_prompt_injection(new_rt, title="declared under the custom plan")
    service.triage(new_rt, ref=new.ref, actor="dana", severity="SEV-1", commander="dana")

    old_view, new_view = service.get(new_rt, ref=old.ref), service.get(new_rt, ref=new.ref)
    assert old_view.incident.plan_version == old_rt.plan_version
    assert new_view.incident.plan_version == new_rt.plan_version
    assert old_view.plan.severity("SEV-1").response_time == "15 minutes"
    assert new_view.plan.severity("SEV-1").response_time == "30 minutes"
    response = {v.incident.ref: next(d for d in v.deadlines if d.kind == "response") for v in (old_view, new_view)}
    assert response[old.ref].due_at == START + timedelta(minutes=15)
    assert response[new.ref].due_at == START + timedelta(minutes=31)
    # The old runtime reads the new incident under the new plan too (loaded from the plans table).
    assert next(
        d for d in service.get(old_rt, ref=new.ref).deadlines if d.kind == "response"
    ).due_at == START + timedelta(minutes=31)

    clock.advance(minutes=1)
    assert service.advance(new_rt, ref=old.ref, actor="dana").stage == "contain"
    assert service.advance(new_rt, ref=new.ref, actor="dana").stage == "contain"
    assert deadline_rows(new_rt, old.id)["response"][0] == START + timedelta(minutes=15)
    assert deadline_rows(new_rt, new.id)["response"][0] == START + timedelta(minutes=31)
    with new_rt.engine.connect() as connection:
        assert set(connection.execute(select(plans.c.version)).scalars()) == {old_rt.plan_version, new_rt.plan_version}
    assert service.verify(new_rt) == (2, [])


# --- time ----------------------------------------------------------------------------------------------------------


def _is_utc(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() == timedelta(0)


def test_datetimes_come_back_timezone_aware_utc_whatever_offset_they_went_in_with(runtime, clock, monkeypatch):
    # On PostgreSQL, let the session run in New York: the driver then hands back -05:00 values.
    monkeypatch.setenv("PGTZ", "America/New_York")
    runtime.engine.dispose()
    berlin = timezone(timedelta(hours=1))
    incident = declare_prompt_injection(
        runtime,
        detected_at=datetime(2026, 11, 23, 14, 30, tzinfo=berlin),
        became_aware_at=datetime(2026, 11, 23, 8, 45, tzinfo=timezone(-timedelta(hours=5))),
    )
    clock.advance(minutes=5)
    service.triage(runtime, ref=incident.ref, actor="dana", severity="SEV-1", commander="dana")

    view = service.get(runtime, ref=incident.ref)
    loaded = view.incident
    times = {name: getattr(loaded, name) for name in ("declared_at", "detected_at", "became_aware_at", "triaged_at")}
    assert times == {
        "declared_at": START,
        "detected_at": at(13, 30),
        "became_aware_at": at(13, 45),
        "triaged_at": at(14, 5),
    }
    assert all(_is_utc(value) for value in times.values())
    assert loaded.closed_at is None
    assert all(_is_utc(e.at) for e in view.log) and [e.at for e in view.log] == [START] + [at(14, 5)] * 3
    assert all(_is_utc(r.assigned_at) for r in loaded.roles)
    rows = deadline_rows(runtime, incident.id)
    assert rows["response"][:2] == (START + timedelta(minutes=15), at(14, 5))
    assert rows["communication:customers"][0] == at(13, 45, day=24)
    assert all(_is_utc(value) for due, met, _ in rows.values() for value in (due, met) if value is not None)
    listed = service.list_incidents(runtime)[0].incident
    assert _is_utc(listed.declared_at) and listed.declared_at == START

    with runtime.engine.connect() as connection:
        raw = connection.exec_driver_sql("SELECT detected_at FROM incidents").scalar_one()
    if runtime.engine.dialect.name == "sqlite":
        assert raw == "2026-11-23 13:30:00.000000"  # stored as UTC wall time
    else:
        assert raw.utcoffset() == timedelta(hours=-5) and raw == at(13, 30)  # the test did change the session
