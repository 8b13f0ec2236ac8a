"""The Slack parts of the HTTP API, on SQLite and PostgreSQL: only an administrator links a person to a Slack user,
a Slack user id is checked and linked to one person at most, an incident's Slack channel is shown, and Slack's
endpoints say the app is off until its secrets are set."""

from __future__ import annotations

from fastapi.testclient import TestClient

from aicident.app import create_app
from aicident.auth import service as auth
from aicident.incidents import service as incidents


def test_linking_people_to_slack_users_is_for_administrators_and_checked(runtime, monkeypatch):
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    admin = auth.ensure_first_admin(runtime).token
    auth.add_person(runtime, handle="dana", roles=["incident_commander"])
    auth.add_person(runtime, handle="ray")
    dana = auth.create_token(runtime, handle="dana").token
    with TestClient(create_app(runtime)) as client:
        as_admin, as_dana = {"Authorization": f"Bearer {admin}"}, {"Authorization": f"Bearer {dana}"}
        refused = client.put("/api/v1/people/ray/slack", json={"slack_id": "U0RAY00002"}, headers=as_dana)
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
        linked = client.put("/api/v1/people/dana/slack", json={"slack_id": "u0dana0001"}, headers=as_admin)
        assert linked.json() == {"handle": "dana", "slack_id": "U0DANA0001"}
        bad = client.put("/api/v1/people/ray/slack", json={"slack_id": "dana@example.com"}, headers=as_admin)
        assert bad.status_code == 400 and "member id" in bad.json()["allowed"]
        taken = client.put("/api/v1/people/ray/slack", json={"slack_id": "U0DANA0001"}, headers=as_admin)
        assert taken.status_code == 400 and "linked to dana already" in taken.json()["detail"]
        missing = client.put("/api/v1/people/nobody/slack", json={"slack_id": "U0NOBODY04"}, headers=as_admin)
        assert missing.status_code == 404
        assert (
            client.put("/api/v1/people/dana/slack", json={"slack_id": None}, headers=as_admin).json()["slack_id"]
            is None
        )

        incident = incidents.declare(runtime, title="t", category="data_leak", source="customer_report", actor="dana")
        shown = client.get(f"/api/v1/incidents/{incident.ref}/slack", headers=as_dana)
        assert shown.status_code == 200 and shown.json() == {"ref": incident.ref, "channel": None}

        off = client.post("/api/v1/slack/commands", content=b"text=help")
        assert off.status_code == 404 and "the Slack app is off" in off.json()["detail"]
        assert "SLACK_BOT_TOKEN" in off.json()["allowed"]
