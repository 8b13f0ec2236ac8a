"""The outbox over HTTP and from the command line: delivery state, filters, pages, and the retry an operator with
the plan's `communicate` permission may make."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from notify_helpers import plan_with
from people_helpers import register_people

from aicident.app import create_app
from aicident.auth import service as auth
from aicident.incidents import service as incidents
from aicident.notify import service
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue

_NEXT_TO_PYTHON = Path(sys.executable).parent / "aicident"
AICIDENT = str(_NEXT_TO_PYTHON) if _NEXT_TO_PYTHON.exists() else shutil.which("aicident")


@pytest.fixture
def rt(make_runtime, database_url, tmp_path, monkeypatch):
    monkeypatch.delenv("TEST_CHAT_URL", raising=False)  # the chat channel has no URL: its messages fail
    return make_runtime(
        database_url, plan_with(tmp_path, [{"name": "chat", "type": "slack", "url_env": "TEST_CHAT_URL"}])
    )


def headers(rt, handle: str, roles=()) -> dict[str, str]:
    auth.add_person(rt, handle=handle, roles=list(roles))
    return {"Authorization": f"Bearer {auth.create_token(rt, handle=handle).token}"}


def seed(rt) -> str:
    ref = incidents.declare(
        rt, title="Bot leaks prompts", category="data_leak", source="monitoring_alert", actor="dana"
    ).ref
    with rt.uow() as uow:
        incident_id = uow.incidents.get(ref).id
        for n in range(3):
            enqueue(
                uow,
                Message(
                    id=f"m-{n}",
                    channel="chat",
                    to=(),
                    subject=f"Update {n}",
                    text="...",
                    kind="internal_update",
                    incident_id=incident_id,
                    incident_ref=ref,
                    obligation_id="obl-1",
                ),
                now=rt.clock(),
            )
        enqueue(
            uow,
            Message(id="other", channel="chat", to=(), subject="Other", text="...", kind="reminder"),
            now=rt.clock(),
        )
    service.deliver_due(rt, limit=2)
    return ref


def test_the_outbox_lists_messages_by_state_and_incident_in_pages(rt):
    ref = seed(rt)
    with TestClient(create_app(rt)) as client:
        viewer = headers(rt, "vic")
        assert client.get("/api/v1/outbox").status_code == 401
        page = client.get("/api/v1/outbox", params={"incident": ref, "limit": 2}, headers=viewer).json()
        assert (len(page["items"]), page["next_offset"]) == (2, 2)
        rest = client.get("/api/v1/outbox", params={"incident": ref, "limit": 2, "offset": 2}, headers=viewer).json()
        assert rest["next_offset"] is None
        assert sorted(m["id"] for m in page["items"] + rest["items"]) == ["m-0", "m-1", "m-2"]
        failed = client.get("/api/v1/outbox", params={"state": "failed"}, headers=viewer).json()["items"]
        assert sorted(m["id"] for m in failed) == ["m-0", "m-1"]
        assert all("TEST_CHAT_URL" in m["last_error"] and m["incident"] == ref for m in failed)
        wrong = client.get("/api/v1/outbox", params={"state": "lost"}, headers=viewer)
        assert wrong.status_code in (400, 422)
        assert client.get("/api/v1/outbox", params={"incident": "INC-1999-0001"}, headers=viewer).status_code == 404
        one = client.get("/api/v1/outbox/m-0", headers=viewer).json()
        assert [(a["number"], a["outcome"]) for a in one["history"]] == [(1, "failed")]
        assert client.get("/api/v1/outbox/nope", headers=viewer).status_code == 404


def test_retrying_needs_the_communicate_permission_and_a_failed_or_dead_message(rt):
    ref = seed(rt)
    with TestClient(create_app(rt)) as client:
        refused = client.post("/api/v1/outbox/m-0/retry", headers=headers(rt, "vic"))
        assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
        assert refused.json()["required_roles"] == ["comms_lead", "incident_commander"]
        ic = headers(rt, "ivy")
        incidents.assign(rt, ref=ref, role="incident_commander", person="ivy", actor="setup")
        assert client.post("/api/v1/outbox/m-1/retry", headers=ic).status_code == 200  # a role held on the incident
        assert client.post("/api/v1/outbox/other/retry", headers=ic).status_code == 403  # not on another message
        lead = headers(rt, "cleo", ["comms_lead"])
        done = client.post("/api/v1/outbox/m-0/retry", headers=lead)
        assert done.status_code == 200 and (done.json()["state"], done.json()["retried_by"]) == ("queued", "cleo")
        queued = client.post("/api/v1/outbox/m-2/retry", headers=lead)
        assert queued.status_code == 400 and queued.json()["code"] == "invalid_input"


@pytest.mark.skipif(not AICIDENT, reason="the aicident command is not installed next to this Python")
def test_the_cli_lists_and_retries_outbox_messages(tmp_path, monkeypatch):
    plan = plan_with(tmp_path, [{"name": "chat", "type": "slack", "url_env": "TEST_CHAT_URL"}])
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AICIDENT_", "TEST_CHAT_URL"))}
    env.update(AICIDENT_DATA_DIR=str(tmp_path), AICIDENT_PLAN=str(plan), AICIDENT_ACTOR="cleo", COLUMNS="200")

    def cli(*args):
        return subprocess.run([AICIDENT, *args], env=env, capture_output=True, text=True, timeout=60)

    from aicident.runtime import build_runtime
    from aicident.settings import Settings

    rt = build_runtime(Settings.from_env(env))
    try:
        register_people(rt, "cleo", roles=["comms_lead"])  # the CLI acts as cleo, with her permissions
        with rt.uow() as uow:
            enqueue(
                uow,
                Message(id="m-1", channel="chat", to=(), subject="Hello", text="...", kind="reminder"),
                now=rt.clock(),
            )
        service.deliver_due(rt)
    finally:
        rt.engine.dispose()
    listed = cli("outbox", "list", "--state", "failed")
    assert listed.returncode == 0, listed.stderr
    assert "m-1" in listed.stdout and "failed" in listed.stdout and "TEST_CHAT_URL" in listed.stdout
    assert json.loads(cli("outbox", "list", "--json").stdout)[0]["state"] == "failed"
    shown = json.loads(cli("outbox", "show", "m-1").stdout)
    assert [(a["number"], a["outcome"]) for a in shown["history"]] == [(1, "failed")]
    retried = cli("outbox", "retry", "m-1")
    assert retried.returncode == 0 and "queued m-1 again" in retried.stdout
    again = cli("outbox", "retry", "m-1")
    assert again.returncode == 1 and "only a failed or dead message can be retried" in again.stderr
    assert cli("outbox", "list", "--state", "lost").returncode == 1
