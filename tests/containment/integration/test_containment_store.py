"""Control changes against SQLite and PostgreSQL: recorded in the incident log and the audit log in one transaction,
approved by a second person, reverted by expiry once however many workers race, restored to the state before."""

from __future__ import annotations

import itertools
import threading
from datetime import timedelta

import factories
import pytest

from aicident.auth.model import Principal
from aicident.containment import service
from aicident.errors import Forbidden, InvalidInput, NotFound
from aicident.incidents import service as incidents
from aicident.incidents.model import EntryType
from aicident.plan.schema import Feature

CHAT = Feature(
    name="support_chat",
    customer_facing=True,
    fallback_response="Please call us on 0800 123.",
    default_model="openai/gpt-4o-2024-08-06",
)


def declare(runtime, severity: str = "SEV-2") -> str:
    ref = factories.declare(
        runtime, people=["dana"], actor="dana", title="Chatbot leaks account numbers", category="data_leak",
        source="monitoring_alert",
    )  # fmt: skip
    incidents.triage(runtime, ref=ref, actor="dana", severity=severity, commander="dana")
    return ref


def control_entries(runtime, ref):
    return [
        e
        for e in incidents.get(runtime, ref=ref, with_log=True).log
        if e.type == EntryType.CONTAINMENT_ACTION and e.data.get("kind") == "control"
    ]


def test_disabling_from_an_incident_logs_who_and_why_there_and_in_the_audit_log(runtime):
    service.register_feature(runtime, feature=CHAT, actor="dana")
    ref = declare(runtime)
    tag = service.version_tag(runtime)
    outcome = service.change(
        runtime,
        feature="support_chat",
        changes={"enabled": False},
        actor="dana",
        reason="leaking account numbers",
        incident=ref.lower(),
    )
    assert outcome.change.state == "applied" and outcome.controls.enabled is False
    assert service.version_tag(runtime) != tag
    assert service.snapshot(runtime).features["support_chat"].enabled is False
    [entry] = control_entries(runtime, ref)
    assert (entry.actor, entry.data["reason"], entry.data["feature"], entry.data["control"]) == (
        "dana",
        "leaking account numbers",
        "support_chat",
        "disable",
    )
    view = incidents.get(runtime, ref=ref)
    assert view.incident.contained_at is not None
    with runtime.uow(read_only=True) as uow:
        audit = uow.audit.entries(subject="feature:support_chat")
        assert [a.action for a in audit] == ["feature.register", "control.change"]
        assert audit[1].data["reason"] == "leaking account numbers" and audit[1].actor == "dana"
        assert uow.audit.verify() is None
    assert incidents.verify(runtime)[1] == []


def test_setting_what_is_already_set_changes_nothing_and_logs_nothing(runtime):
    service.register_feature(runtime, feature=CHAT, actor="dana")
    tag = service.version_tag(runtime)
    outcome = service.change(runtime, feature="support_chat", changes={"enabled": True}, actor="dana", reason="x")
    assert outcome.change is None and service.version_tag(runtime) == tag


def test_bad_changes_and_unknown_features_are_refused_with_what_is_allowed(runtime):
    service.register_feature(runtime, feature=CHAT, actor="dana")
    with pytest.raises(InvalidInput, match="unknown control field"):
        service.change(runtime, feature="support_chat", changes={"colour": "red"}, actor="dana", reason="x")
    with pytest.raises(InvalidInput, match="guard_input"):
        service.change(runtime, feature="support_chat", changes={"guard_input": "loud"}, actor="dana", reason="x")
    with pytest.raises(InvalidInput, match="reason"):
        service.change(runtime, feature="support_chat", changes={"enabled": False}, actor="dana", reason=" ")
    with pytest.raises(NotFound, match="no AI feature"):
        service.change(runtime, feature="nope", changes={"enabled": False}, actor="dana", reason="x")
    assert service.history(runtime) == []


def test_disabling_a_customer_facing_feature_at_sev3_waits_for_a_second_person(runtime):
    service.register_feature(runtime, feature=CHAT, actor="dana")
    ref = declare(runtime, "SEV-3")
    outcome = service.change(
        runtime,
        feature="support_chat",
        changes={"enabled": False},
        actor="dana",
        reason="odd answers",
        incident=ref,
        expires_in=timedelta(hours=1),
    )
    assert outcome.change.state == "pending" and outcome.controls.enabled is True
    assert service.snapshot(runtime).features["support_chat"].enabled is True
    with pytest.raises(Forbidden, match="second person"):
        service.decide(runtime, change_id=outcome.change.id, approve=True, actor="dana")
    viewer = Principal(person_id="p2", handle="sam", name="Sam", roles=frozenset({"comms_lead"}))
    with pytest.raises(Forbidden, match="approve control changes"):
        service.decide(runtime, change_id=outcome.change.id, approve=True, actor="sam", principal=viewer)
    sponsor = Principal(person_id="p3", handle="eve", name="Eve", roles=frozenset({"executive_sponsor"}))
    approved = service.decide(runtime, change_id=outcome.change.id, approve=True, actor="eve", principal=sponsor)
    assert approved.change.state == "applied" and approved.change.decided_by == "eve"
    assert approved.change.expires_at is not None
    assert service.snapshot(runtime).features["support_chat"].enabled is False
    requested, applied = control_entries(runtime, ref)
    assert requested.actor == "dana" and "awaiting" in requested.data["action"]
    assert applied.actor == "eve" and applied.data["reason"] == "odd answers"


def test_the_same_disable_at_sev2_applies_at_once(runtime):
    service.register_feature(runtime, feature=CHAT, actor="dana")
    ref = declare(runtime, "SEV-2")
    outcome = service.change(
        runtime, feature="support_chat", changes={"enabled": False}, actor="dana", reason="leak", incident=ref
    )
    assert outcome.change.state == "applied"


def test_an_expired_change_reverts_by_itself_once_however_many_workers_race(runtime, clock):
    service.register_feature(runtime, feature=CHAT, actor="dana")
    ref = declare(runtime)
    service.change(
        runtime,
        feature="support_chat",
        changes={"enabled": False, "rate_per_second": 2},
        actor="dana",
        reason="leak",
        incident=ref,
        expires_in=timedelta(minutes=30),
    )
    clock.advance(minutes=29)
    assert service.expire_due(runtime) == 0
    clock.advance(minutes=2)
    results = []
    threads = [threading.Thread(target=lambda: results.append(service.expire_due(runtime))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 1
    controls = service.snapshot(runtime).features["support_chat"]
    assert controls.enabled is True and controls.rate_per_second is None
    last = control_entries(runtime, ref)[-1]
    assert last.actor == "aicident" and last.data["reason"].startswith("expiry of change")
    assert service.expire_due(runtime) == 0


def test_an_expiry_leaves_alone_a_field_someone_changed_since(runtime, clock):
    service.register_feature(runtime, feature=CHAT, actor="dana")
    service.change(
        runtime,
        feature="support_chat",
        changes={"rate_per_second": 5},
        actor="dana",
        reason="spike",
        expires_in=timedelta(minutes=10),
    )
    service.change(runtime, feature="support_chat", changes={"rate_per_second": 1}, actor="lee", reason="worse")
    clock.advance(minutes=11)
    assert service.expire_due(runtime) == 0
    assert service.snapshot(runtime).features["support_chat"].rate_per_second == 1


def test_restore_returns_to_the_state_before_the_incident_and_cancels_its_expiries(runtime, clock):
    service.register_feature(runtime, feature=CHAT, actor="dana")
    service.change(runtime, feature="support_chat", changes={"guard_input": "flag"}, actor="dana", reason="routine")
    ref = declare(runtime)
    service.change(
        runtime,
        feature="support_chat",
        changes={"enabled": False},
        actor="dana",
        reason="leak",
        incident=ref,
        expires_in=timedelta(hours=4),
    )
    service.change(
        runtime,
        feature="support_chat",
        changes={"model": "openai/gpt-4o-2024-05-13", "disabled_tools": ["lookup_account"]},
        actor="dana",
        reason="roll back",
        incident=ref,
    )
    outcome = service.restore(runtime, feature="support_chat", incident=ref, actor="dana", reason="fixed")
    controls = outcome.controls
    assert (controls.enabled, controls.model, controls.disabled_tools, controls.guard_input) == (
        True,
        "openai/gpt-4o-2024-08-06",
        (),
        "flag",
    )
    clock.advance(hours=5)
    assert service.expire_due(runtime) == 0
    assert control_entries(runtime, ref)[-1].data["reason"] == "fixed"
    with pytest.raises(NotFound):
        service.restore(runtime, feature="support_chat", incident=declare(runtime), actor="dana")


def test_plan_features_have_controls_without_registration(make_runtime, database_url, tmp_path):
    import tomli_w

    from aicident.plan.loader import default_plan

    document = default_plan().model_dump(mode="json", exclude_none=True)
    document["features"] = [{"name": "search_answers", "fail_mode": "closed", "fallback_response": "Search is off."}]
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(tomli_w.dumps(document))
    runtime = make_runtime(database_url, plan_file)
    features = service.snapshot(runtime).features
    assert features["search_answers"].fail_mode == "closed"
    service.change(runtime, feature="search_answers", changes={"enabled": False}, actor="dana", reason="bad")
    assert service.snapshot(runtime).features["search_answers"].enabled is False


def test_concurrent_changes_are_put_in_order_and_the_audit_chain_holds(runtime):
    service.register_feature(runtime, feature=CHAT, actor="dana")
    errors = []

    def throttle(rate: int) -> None:
        try:
            service.change(
                runtime, feature="support_chat", changes={"rate_per_second": rate}, actor=f"p{rate}", reason="load"
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=throttle, args=(rate,)) for rate in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    changes = service.history(runtime, feature="support_chat")
    assert len(changes) == 8
    final = service.snapshot(runtime)
    assert final.tag.startswith("9-")  # one version per change, plus the registration
    with runtime.uow(read_only=True) as uow:
        audit = uow.audit.entries()
        assert uow.audit.verify() is None and len(audit) == 9
    # in the audit log's order, each change's `before` is the state the previous one left: none lost or doubled
    by_id = {c.id: c for c in changes}
    by_time = [by_id[entry.data["change"]] for entry in audit[1:]]
    for earlier, later in itertools.pairwise(by_time):
        assert later.before == earlier.after
    assert final.features["support_chat"] == by_time[-1].after
