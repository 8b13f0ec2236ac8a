"""The controls API in-process on SQLite and PostgreSQL: permissions from the plan, the second person's approval,
ETag and 304, problem answers that say what is allowed; and the worker round reverting an expired change."""

from __future__ import annotations

import threading
from datetime import timedelta

from aicident.auth import service as auth
from aicident.containment import service
from aicident.incidents import service as incidents
from aicident.plan.schema import Feature
from aicident.workers import run_workers

PROBLEM = "application/problem+json"


def signed_in(rt, handle: str, roles=()) -> dict[str, str]:
    auth.add_person(rt, handle=handle, roles=list(roles))
    return {"Authorization": f"Bearer {auth.create_token(rt, handle=handle).token}"}


def test_a_customer_facing_disable_at_sev3_waits_for_a_second_person_with_a_permitted_role(runtime, client):
    commander = signed_in(runtime, "dana", ["incident_commander"])
    comms = signed_in(runtime, "sam", ["comms_lead"])
    sponsor = signed_in(runtime, "eve", ["executive_sponsor"])
    assert client.post("/api/v1/features", headers=comms, json={"name": "support_chat"}).status_code == 403
    registered = client.post(
        "/api/v1/features",
        headers=commander,
        json={"name": "support_chat", "customer_facing": True, "fallback_response": "Paused."},
    )
    assert registered.status_code == 201 and registered.json()["enabled"] is True
    ref = incidents.declare(
        runtime,
        title="Odd answers",
        category="hallucination_harm",
        source="customer_report",
        actor="dana",
        severity="SEV-3",
    ).ref

    requested = client.post(
        "/api/v1/controls/support_chat/changes",
        headers=commander,
        json={"changes": {"enabled": False}, "reason": "odd answers", "incident": ref, "expires_in_seconds": 600},
    )
    assert requested.status_code == 202 and requested.json()["state"] == "pending"
    change_id = requested.json()["change"]["id"]
    assert client.get("/api/v1/controls/support_chat", headers=commander).json()["enabled"] is True

    own = client.post(f"/api/v1/control-changes/{change_id}/approve", headers=commander)
    assert own.status_code == 403 and own.headers["content-type"] == PROBLEM and "second person" in own.text
    assert client.post(f"/api/v1/control-changes/{change_id}/approve", headers=comms).status_code == 403
    approved = client.post(f"/api/v1/control-changes/{change_id}/approve", headers=sponsor)
    assert approved.status_code == 200 and approved.json()["state"] == "applied"
    again = client.post(f"/api/v1/control-changes/{change_id}/approve", headers=sponsor)
    assert again.status_code == 409
    assert client.get("/api/v1/controls/support_chat", headers=commander).json()["enabled"] is False
    listed = client.get("/api/v1/control-changes", headers=comms, params={"incident": ref}).json()
    assert [(c["state"], c["requested_by"], c["decided_by"]) for c in listed] == [("applied", "dana", "eve")]


def test_controls_carry_an_etag_and_answer_304_until_they_change(runtime, client):
    commander = signed_in(runtime, "dana", ["incident_commander"])
    client.post("/api/v1/features", headers=commander, json={"name": "search"})
    first = client.get("/api/v1/controls", headers=commander)
    tag = first.headers["ETag"]
    assert client.get("/api/v1/controls", headers={**commander, "If-None-Match": tag}).status_code == 304
    changed = client.post(
        "/api/v1/controls/search/changes",
        headers=commander,
        json={"changes": {"rate_per_second": 3}, "reason": "spike"},
    )
    assert changed.status_code == 201
    second = client.get("/api/v1/controls", headers={**commander, "If-None-Match": tag})
    assert second.status_code == 200 and second.json()["features"]["search"]["rate_per_second"] == 3.0
    same = client.post(
        "/api/v1/controls/search/changes",
        headers=commander,
        json={"changes": {"rate_per_second": 3}, "reason": "spike"},
    )
    assert same.status_code == 200 and same.json()["state"] == "unchanged"


def test_bad_requests_are_problems_that_say_what_is_allowed(runtime, client):
    commander = signed_in(runtime, "dana", ["incident_commander"])
    client.post("/api/v1/features", headers=commander, json={"name": "search"})
    unknown = client.post(
        "/api/v1/controls/search/changes", headers=commander, json={"changes": {"colour": "red"}, "reason": "x"}
    )
    assert unknown.status_code == 400 and "rate_per_second" in unknown.json()["detail"]
    missing = client.post(
        "/api/v1/controls/nope/changes", headers=commander, json={"changes": {"enabled": False}, "reason": "x"}
    )
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    bad_name = client.post("/api/v1/features", headers=commander, json={"name": "Not A Name"})
    assert (
        bad_name.status_code == 400 and bad_name.headers["content-type"] == PROBLEM
    )  # validation problems are 400 here
    assert client.get("/api/v1/controls").status_code == 401


def test_the_worker_round_reverts_an_expired_change(runtime, clock):
    service.register_feature(runtime, feature=Feature(name="search"), actor="dana")
    service.change(
        runtime, feature="search", changes={"enabled": False}, actor="dana", reason="x", expires_in=timedelta(minutes=5)
    )
    clock.advance(minutes=6)
    stop = threading.Event()
    worker = threading.Thread(target=run_workers, args=(runtime, stop), kwargs={"interval": 0.05})
    worker.start()
    try:
        for _ in range(200):
            if service.snapshot(runtime).features["search"].enabled:
                break
            stop.wait(0.02)
    finally:
        stop.set()
        worker.join()
    assert service.snapshot(runtime).features["search"].enabled is True
