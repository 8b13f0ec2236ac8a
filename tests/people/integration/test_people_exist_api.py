"""People exist, through the API on SQLite and PostgreSQL: a role, the Incident Commander, an action item's owner and
a review's attendees must be registered, active people; an unknown handle is a 404 problem naming it with the step
that adds them, and nothing is written; a plan may allow free-text outside attendees at a review only."""

from __future__ import annotations

import tomli_w
from fastapi.testclient import TestClient

from aicident.app import create_app
from aicident.auth import service as auth
from aicident.incidents import service as incidents
from aicident.plan.loader import default_plan, plan_document


def signed_in(rt, handle: str, roles=()) -> dict[str, str]:
    auth.add_person(rt, handle=handle, roles=list(roles))
    return {"Authorization": f"Bearer {auth.create_token(rt, handle=handle).token}"}


def unknown(response, handle: str) -> None:
    assert response.status_code == 404, response.text
    problem = response.json()
    assert problem["code"] == "not_found" and problem["handle"] == handle
    assert problem["detail"].startswith(f"no registered person {handle!r}")
    assert problem["next"][0] == {
        "action": "add_person",
        "label": f"add {handle} as a person",
        "args": {"handle": handle},
    }


def at_review(runtime, client, headers) -> str:
    """An incident in its last stage, ready for the review."""
    ref = client.post(
        "/api/v1/incidents",
        headers=headers,
        json={"title": "Invented refund policy", "category": "hallucination_harm", "source": "customer_report"},
    ).json()["ref"]
    incidents.triage(runtime, ref=ref, actor="dana", severity="SEV-4", commander="dana")
    incidents.advance(runtime, ref=ref, actor="dana")
    incidents.contain(runtime, ref=ref, actor="dana", action="refund answers off")
    incidents.advance(runtime, ref=ref, actor="dana")
    incidents.diagnose(runtime, ref=ref, actor="dana", layer="prompt", description="refusal rule dropped")
    incidents.advance(runtime, ref=ref, actor="dana")
    incidents.resolve(runtime, ref=ref, actor="dana", summary="prompt restored")
    incidents.advance(runtime, ref=ref, actor="dana")
    view = incidents.get(runtime, ref=ref, with_log=False)
    for key in view.incident.missing_communications(view.plan):
        incidents.communicate(runtime, ref=ref, actor="dana", audience=key, summary="told")
    incidents.advance(runtime, ref=ref, actor="dana")
    incidents.document(runtime, ref=ref, actor="dana", location="https://wiki.example/r")
    incidents.advance(runtime, ref=ref, actor="dana")
    return ref


def test_roles_commanders_and_owners_must_be_registered_and_nothing_is_written_otherwise(runtime, client):
    dana = signed_in(runtime, "dana", ["incident_commander"])
    ref = client.post(
        "/api/v1/incidents",
        headers=dana,
        json={"title": "Leak", "category": "data_leak", "source": "customer_report"},
    ).json()["ref"]
    before = client.get(f"/api/v1/incidents/{ref}", headers=dana).json()

    unknown(
        client.post(f"/api/v1/incidents/{ref}/roles", headers=dana, json={"role": "ai_lead", "person": "nobody"}),
        "nobody",
    )
    unknown(
        client.post(f"/api/v1/incidents/{ref}/triage", headers=dana, json={"severity": "SEV-2", "commander": "priya"}),
        "priya",
    )
    unknown(
        client.post(
            f"/api/v1/incidents/{ref}/action-items",
            headers=dana,
            json={"text": "Add evals", "owner": "lee", "due": "2027-01-15"},
        ),
        "lee",
    )
    body = {"type": "action_item", "text": "Add evals", "owner": "lee", "due": "2027-01-15"}
    unknown(client.post(f"/api/v1/incidents/{ref}/log", headers=dana, json=body), "lee")
    unknown(
        client.post(f"/api/v1/incidents/{ref}/roles", headers=dana, json={"role": "ai_lead", "person": "aicident"}),
        "aicident",
    )
    after = client.get(f"/api/v1/incidents/{ref}", headers=dana).json()
    assert (after["version"], after["stage"], after["severity"], after["roles"]) == (
        before["version"],
        "detect",
        None,
        {},
    )

    signed_in(runtime, "priya", ["ai_lead"])
    triaged = client.post(
        f"/api/v1/incidents/{ref}/triage", headers=dana, json={"severity": "SEV-2", "commander": "Dana"}
    )
    assert triaged.status_code == 200 and triaged.json()["roles"] == {"incident_commander": "dana"}
    assigned = client.post(f"/api/v1/incidents/{ref}/roles", headers=dana, json={"role": "ai_lead", "person": "priya"})
    assert assigned.status_code == 200 and assigned.json()["roles"]["ai_lead"] == "priya"


def test_review_attendees_are_registered_people_unless_the_plan_allows_outside_ones(runtime, client):
    dana = signed_in(runtime, "dana", ["incident_commander"])
    ref = at_review(runtime, client, dana)

    unknown(
        client.post(
            f"/api/v1/incidents/{ref}/review", headers=dana, json={"attendees": ["dana", "sam"], "summary": "held"}
        ),
        "sam",
    )
    guest = client.post(
        f"/api/v1/incidents/{ref}/review",
        headers=dana,
        json={"attendees": ["dana", "Jane Roe, Acme counsel"], "summary": "held"},
    )
    assert guest.status_code == 400 and "only registered people at a review" in guest.json()["detail"]
    assert client.get(f"/api/v1/incidents/{ref}", headers=dana).json()["review"] is None


def test_a_plan_that_allows_outside_attendees_takes_them_in_free_text_but_not_a_misspelt_handle(
    make_runtime, database_url, tmp_path
):
    document = plan_document(default_plan())
    document["reviews"] = {"external_attendees": True}
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(tomli_w.dumps(document), encoding="utf-8")
    runtime = make_runtime(database_url, plan_file=plan_file)
    with TestClient(create_app(runtime)) as client:
        dana = signed_in(runtime, "dana", ["incident_commander"])
        ref = at_review(runtime, client, dana)
        unknown(
            client.post(
                f"/api/v1/incidents/{ref}/review", headers=dana, json={"attendees": ["dnaa"], "summary": "held"}
            ),
            "dnaa",
        )
        held = client.post(
            f"/api/v1/incidents/{ref}/review",
            headers=dana,
            json={"attendees": ["Dana", "Jane Roe, Acme counsel"], "summary": "held"},
        )
        assert held.status_code == 200, held.text
        assert held.json()["review"]["attendees"] == ["dana", "Jane Roe, Acme counsel"]
