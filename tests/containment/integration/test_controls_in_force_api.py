"""Nothing switched off is forgotten, through the API on SQLite and PostgreSQL: resolve and close are refused (409,
naming the control, with restore and keep as next steps) while a control changed from the incident is in force;
keeping it with a reason, an owner and a review date, or restoring it, lets them through; Restore works on a closed
incident and from another incident, and is logged on the incident that made the change; the in-force list shows
each change with the incident that made it."""

from __future__ import annotations

from datetime import date, timedelta

from aicident.auth import service as auth
from aicident.containment import service as containment
from aicident.incidents import service as incidents

PROBLEM = "application/problem+json"


def signed_in(rt, handle: str, roles=()) -> dict[str, str]:
    auth.add_person(rt, handle=handle, roles=list(roles))
    return {"Authorization": f"Bearer {auth.create_token(rt, handle=handle).token}"}


def remediating(client, headers, title: str = "Chatbot pastes card numbers") -> str:
    """An incident in remediation whose commander (dana) disabled support_chat from it."""
    ref = client.post(
        "/api/v1/incidents",
        headers=headers,
        json={"title": title, "category": "data_leak", "source": "customer_report", "severity": "SEV-2"},
    ).json()["ref"]
    assert (
        client.post(
            f"/api/v1/incidents/{ref}/roles", headers=headers, json={"role": "incident_commander", "person": "dana"}
        ).status_code
        == 200
    )
    disabled = client.post(
        "/api/v1/controls/support_chat/changes",
        headers=headers,
        json={"changes": {"enabled": False}, "reason": "pastes card numbers", "incident": ref},
    )
    assert disabled.status_code == 201, disabled.text
    for _ in range(3):  # detect -> triage -> contain -> diagnose
        moved = client.post(f"/api/v1/incidents/{ref}/advance", headers=headers, json={})
        assert moved.status_code == 200, moved.text
    cause = {"layer": "prompt", "description": "card numbers in the retrieved context"}
    assert client.post(f"/api/v1/incidents/{ref}/root-cause", headers=headers, json=cause).status_code == 200
    assert client.post(f"/api/v1/incidents/{ref}/advance", headers=headers, json={}).status_code == 200
    assert client.get(f"/api/v1/incidents/{ref}", headers=headers).json()["stage"] == "remediate"
    return ref


def resolve(client, headers, ref: str):
    return client.post(f"/api/v1/incidents/{ref}/resolve", headers=headers, json={"summary": "filter added, re-tested"})


def test_resolve_is_refused_naming_the_control_until_it_is_restored(runtime, client):
    dana = signed_in(runtime, "dana", ["incident_commander", "ai_lead"])
    client.post("/api/v1/features", headers=dana, json={"name": "support_chat", "fallback_response": "Paused."})
    ref = remediating(client, dana)

    refused = resolve(client, dana, ref)
    assert refused.status_code == 409 and refused.headers["content-type"] == PROBLEM
    problem = refused.json()
    assert problem["code"] == "guard_failed" and "support_chat" in problem["detail"]
    assert [(s["action"], s["args"]) for s in problem["next"]] == [
        ("restore_control", {"ref": ref, "feature": "support_chat"}),
        ("keep_control", {"ref": ref, "feature": "support_chat"}),
    ]
    listed = client.get("/api/v1/controls-in-force", headers=dana, params={"incident": ref}).json()
    assert [(f["feature"], f["incident"], f["unsettled"]) for f in listed] == [("support_chat", ref, True)]
    assert "disabled (kill switch on)" in listed[0]["described"]

    restored = client.post(
        "/api/v1/controls/support_chat/restore", headers=dana, json={"incident": ref, "reason": "fix deployed"}
    )
    assert restored.status_code == 200 and restored.json()["controls"]["enabled"] is True
    assert client.get("/api/v1/controls-in-force", headers=dana).json() == []
    assert resolve(client, dana, ref).status_code == 200


def test_enabling_the_feature_again_from_the_incident_counts_as_restoring_it(runtime, client):
    dana = signed_in(runtime, "dana", ["incident_commander", "ai_lead"])
    client.post("/api/v1/features", headers=dana, json={"name": "support_chat"})
    ref = remediating(client, dana)
    enabled = client.post(
        "/api/v1/controls/support_chat/changes",
        headers=dana,
        json={"changes": {"enabled": True}, "reason": "fixed", "incident": ref},
    )
    assert enabled.status_code == 201
    assert client.get(f"/api/v1/incidents/{ref}", headers=dana).json()["controls_in_force"] == {}
    assert resolve(client, dana, ref).status_code == 200


def test_keeping_the_control_with_a_reason_an_owner_and_a_review_date_lets_resolve_and_close_through(
    runtime, client, clock
):
    dana = signed_in(runtime, "dana", ["incident_commander", "ai_lead"])
    signed_in(runtime, "priya", ["ai_lead"])
    client.post("/api/v1/features", headers=dana, json={"name": "support_chat"})
    ref = remediating(client, dana)
    review_on = (clock.now + timedelta(days=14)).date().isoformat()

    unknown_owner = client.post(
        "/api/v1/controls/support_chat/keep",
        headers=dana,
        json={"incident": ref, "reason": "vendor patch pending", "owner": "nobody", "review_on": review_on},
    )
    assert unknown_owner.status_code == 404 and "nobody" in unknown_owner.json()["detail"]
    assert unknown_owner.json()["next"][0] == {
        "action": "add_person",
        "label": "add nobody as a person",
        "args": {"handle": "nobody"},
    }
    past = client.post(
        "/api/v1/controls/support_chat/keep",
        headers=dana,
        json={"incident": ref, "reason": "r", "owner": "priya", "review_on": clock.now.date().isoformat()},
    )
    assert past.status_code == 400 and "not after today" in past.json()["detail"]
    kept = client.post(
        "/api/v1/controls/support_chat/keep",
        headers=dana,
        json={"incident": ref, "reason": "vendor patch pending", "owner": "priya", "review_on": review_on},
    )
    assert kept.status_code == 200, kept.text
    assert kept.json()["kept"]["owner"] == "priya" and kept.json()["unsettled"] is False

    assert resolve(client, dana, ref).status_code == 200
    log = client.get(f"/api/v1/incidents/{ref}", headers=dana, params={"log": "true"}).json()["log"]
    keep_entry = next(e for e in log if e["type"] == "control_kept")
    assert keep_entry["actor"] == "dana" and "owned by priya" in keep_entry["text"]
    listed = client.get("/api/v1/controls-in-force", headers=dana).json()
    assert listed[0]["kept"]["review_on"] == review_on and listed[0]["incident_status"] == "resolved"


def test_restore_works_after_close_and_from_another_incident_and_is_logged_on_the_one_that_made_the_change(
    runtime, client
):
    dana = signed_in(runtime, "dana", ["incident_commander", "ai_lead"])
    lee = signed_in(runtime, "lee")  # holds no role in any profile
    client.post("/api/v1/features", headers=dana, json={"name": "support_chat"})
    first = remediating(client, dana)
    containment.keep(
        runtime,
        feature="support_chat",
        incident=first,
        reason="until the vendor fixes it",
        owner="dana",
        review_on=date(2027, 1, 15),
        actor="dana",
    )
    incidents.resolve(runtime, ref=first, summary="worked around", actor="dana")
    for stage in ("communicate", "document", "learn"):
        view = incidents.get(runtime, ref=first, with_log=False)
        for key in view.incident.missing_communications(view.plan):
            incidents.communicate(runtime, ref=first, audience=key, summary="told", actor="dana")
        if stage == "learn":
            incidents.document(runtime, ref=first, location="https://wiki.example/r", actor="dana")
        incidents.advance(runtime, ref=first, actor="dana")
    auth_review = client.post(
        f"/api/v1/incidents/{first}/review", headers=dana, json={"attendees": ["dana"], "summary": "held"}
    )
    assert auth_review.status_code == 200, auth_review.text
    assert client.post(f"/api/v1/incidents/{first}/close", headers=dana, json={}).status_code == 200

    # Another incident, where lee is the Incident Commander, shows the feature as off and who turned it off.
    second = client.post(
        "/api/v1/incidents",
        headers=dana,
        json={"title": "Support chat is off", "category": "vendor_outage", "source": "customer_report"},
    ).json()["ref"]
    client.post(f"/api/v1/incidents/{second}/roles", headers=dana, json={"role": "incident_commander", "person": "lee"})
    shown = client.get("/api/v1/controls-in-force", headers=lee).json()
    assert [(f["feature"], f["incident"], f["incident_status"]) for f in shown] == [("support_chat", first, "closed")]

    refused = client.post("/api/v1/controls/support_chat/restore", headers=lee, json={"incident": first})
    assert refused.status_code == 403
    restored = client.post(
        "/api/v1/controls/support_chat/restore",
        headers=lee,
        json={"incident": first, "from_incident": second, "reason": "customers need the chat back"},
    )
    assert restored.status_code == 200, restored.text
    assert restored.json()["controls"]["enabled"] is True
    closed = client.get(f"/api/v1/incidents/{first}", headers=dana, params={"log": "true"}).json()
    assert closed["status"] == "closed" and closed["controls_in_force"] == {}
    last = closed["log"][-1]
    assert last["actor"] == "lee" and last["type"] == "containment_action"
    assert (
        last["data"]["restored"] is True and last["data"]["reason"] == f"customers need the chat back (from {second})"
    )
    second_log = client.get(f"/api/v1/incidents/{second}", headers=dana, params={"log": "true"}).json()["log"]
    assert not any(e["type"] == "containment_action" for e in second_log)
    assert client.get("/api/v1/controls-in-force", headers=lee).json() == []


def test_a_feature_put_back_outside_the_incident_is_settled_by_a_restore_that_changes_nothing(runtime, client):
    dana = signed_in(runtime, "dana", ["incident_commander", "ai_lead"])
    client.post("/api/v1/features", headers=dana, json={"name": "support_chat"})
    ref = remediating(client, dana)
    outside = client.post(
        "/api/v1/controls/support_chat/changes", headers=dana, json={"changes": {"enabled": True}, "reason": "oops"}
    )
    assert outside.status_code == 201
    assert resolve(client, dana, ref).status_code == 409  # the incident still holds it: nobody said it is settled

    restored = client.post("/api/v1/controls/support_chat/restore", headers=dana, json={"incident": ref})
    assert restored.status_code == 200 and restored.json()["change"] is None
    last = client.get(f"/api/v1/incidents/{ref}", headers=dana, params={"log": "true"}).json()["log"][-1]
    assert last["data"]["restored"] is True
    assert last["data"]["action"] == f"support_chat: back to its controls before {ref} already"
    assert resolve(client, dana, ref).status_code == 200
    again = client.post("/api/v1/controls/support_chat/restore", headers=dana, json={"incident": ref})
    assert again.status_code == 200 and again.json()["change"] is None
    log = client.get(f"/api/v1/incidents/{ref}", headers=dana, params={"log": "true"}).json()["log"]
    assert log[-1]["type"] == "resolution"  # restoring what is settled logs nothing more
