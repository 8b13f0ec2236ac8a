"""`aicident doctor` and `POST /api/v1/doctor` check every delivery channel against real servers on loopback, sending
nothing: an SMTP server that is not there, one that refuses the credentials, a Slack webhook URL that answers 404;
each problem says what to fix, and the command exits non-zero. A working SMTP server (EHLO, AUTH) and a receiver
that answers pass."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult
from fastapi.testclient import TestClient
from notify_helpers import Receiver, SmtpServer, free_port, plan_with

from aicident.app import create_app
from aicident.auth import service as auth
from aicident.doctor import checkup
from aicident.plan.loader import default_plan
from aicident.plan.schema import NotifyChannel

_NEXT_TO_PYTHON = Path(sys.executable).parent / "aicident"
AICIDENT = str(_NEXT_TO_PYTHON) if _NEXT_TO_PYTHON.exists() else shutil.which("aicident")


def smtp(port: int, **changes) -> dict:
    return {"name": "email", "type": "smtp", "host": "127.0.0.1", "port": port, "sender": "ir@example.com", **changes}


def slack(**changes) -> dict:
    return {"name": "ops-chat", "type": "slack", "url_env": "TEST_SLACK_URL", **changes}


@pytest.fixture
def gone():
    """A Slack webhook whose channel was deleted: Slack answers 404."""
    receiver = Receiver(lambda request: (404, {"content-type": "text/plain"}, b"no_service")).start()
    yield receiver
    receiver.stop()


@pytest.fixture
def alive():
    receiver = Receiver(lambda request: (400, {"content-type": "text/plain"}, b"invalid_payload")).start()
    yield receiver
    receiver.stop()


def test_an_unreachable_smtp_server_and_a_webhook_that_answers_404_are_problems_that_say_what_to_fix(gone):
    closed = free_port()
    found = _checkup([smtp(closed, host_env="TEST_SMTP_HOST"), slack()], {"TEST_SLACK_URL": gone.url})
    email, chat = found.findings
    assert (email.ok, email.problem) == (False, f"connection refused by 127.0.0.1:{closed}")
    assert email.fix == (
        f"start the mail server at 127.0.0.1:{closed}, or point the channel at one "
        "(TEST_SMTP_HOST in the environment of aicident)"
    )
    assert chat.ok is False and chat.checked == ("settings", "reachable")
    assert chat.problem == (
        f"slack channel 'ops-chat': 127.0.0.1:{gone.port} answered HTTP 404 to HEAD: the URL is wrong or the "
        "webhook was removed"
    )
    assert chat.fix == "create the webhook again and set TEST_SLACK_URL to its URL"
    assert [r.path for r in gone.heads] == ["/hook"] and gone.requests == []  # a HEAD: nothing was posted


def test_a_working_smtp_server_and_a_receiver_that_answers_pass_and_nothing_is_sent(alive):
    def accept(server, session, envelope, mechanism, auth_data):
        right = auth_data.login == b"ir" and auth_data.password == b"right"
        return AuthResult(success=right, handled=False)

    with SmtpServer(authenticator=accept, auth_require_tls=False) as server:
        channels = [smtp(server.port, username="ir", password_env="TEST_SMTP_PASSWORD"), slack()]
        right = _checkup(channels, {"TEST_SMTP_PASSWORD": "right", "TEST_SLACK_URL": alive.url})
        wrong = _checkup(channels, {"TEST_SMTP_PASSWORD": "wrong", "TEST_SLACK_URL": alive.url})
    assert [f.ok for f in right.findings] == [True, True], [f.problem for f in right.findings]
    assert right.findings[0].checked == ("settings", "connection", "EHLO", "AUTH")
    assert right.findings[1].notes == ("HTTP 400 to HEAD",)
    assert server.mailbox.messages == [] and alive.requests == []
    assert wrong.findings[0].problem.startswith(f"127.0.0.1:{server.port} refused the credentials: 535")
    assert wrong.findings[0].fix == "set TEST_SMTP_PASSWORD to credentials the server accepts"

    missing = _checkup([slack()], {})
    assert missing.findings[0].problem == (
        "channel 'ops-chat' has no url: the environment variable TEST_SLACK_URL (named by url_env) is not set"
    )


def test_administrators_check_the_channels_over_the_api_and_others_may_not(
    make_runtime, database_url, tmp_path, gone, monkeypatch
):
    monkeypatch.setenv("TEST_SLACK_URL", gone.url)
    closed = free_port()
    rt = make_runtime(database_url, plan_with(tmp_path, [smtp(closed), slack()]))
    auth.add_person(rt, handle="root", admin=True)
    auth.add_person(rt, handle="dana", roles=["incident_commander"])
    admin = {"Authorization": f"Bearer {auth.create_token(rt, handle='root').token}"}
    dana = {"Authorization": f"Bearer {auth.create_token(rt, handle='dana').token}"}
    client = TestClient(create_app(rt))

    assert client.post("/api/v1/doctor", headers=dana).status_code == 403
    found = client.post("/api/v1/doctor", headers=admin).json()
    assert (found["ok"], found["problems"]) == (False, 2)
    assert [c["problem"] for c in found["channels"]][0] == f"connection refused by 127.0.0.1:{closed}"
    assert client.get("/api/v1/doctor", headers=admin).json()["checked_at"] == found["checked_at"]

    # Administrators see it on every page of the web UI.
    form = client.get("/sign-in")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    token = auth.create_token(rt, handle="root").token
    assert client.post("/sign-in", data={"csrf": csrf, "token": token}, follow_redirects=False).status_code == 303
    banner = client.get("/incidents").text
    assert "Messages cannot go out." in banner and f"connection refused by 127.0.0.1:{closed}" in banner


@pytest.mark.skipif(not AICIDENT, reason="the aicident command is not installed next to this Python")
def test_the_doctor_command_reports_each_problem_and_exits_non_zero(tmp_path, gone):
    closed = free_port()
    plan = plan_with(tmp_path, [smtp(closed), slack()])
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AICIDENT_", "TEST_"))}
    env.update(AICIDENT_DATA_DIR=str(tmp_path), AICIDENT_PLAN=str(plan), TEST_SLACK_URL=gone.url, COLUMNS="200")
    done = subprocess.run([AICIDENT, "doctor"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert f"PROBLEM: connection refused by 127.0.0.1:{closed}" in done.stdout
    assert "answered HTTP 404 to HEAD" in done.stdout and "fix: create the webhook again" in done.stdout
    assert "2 of 2 channel(s) cannot deliver." in done.stdout
    as_json = subprocess.run([AICIDENT, "doctor", "--json"], env=env, capture_output=True, text=True, timeout=60)
    assert as_json.returncode == 1 and json.loads(as_json.stdout)["problems"] == 2


def _checkup(channels: list[dict], environ: dict):
    plan = default_plan()
    notify = plan.notify.model_copy(update={"channels": [NotifyChannel(**c) for c in channels]})
    return checkup(
        plan.model_copy(update={"notify": notify}), now=datetime(2026, 12, 5, 14, 2, tzinfo=UTC), environ=environ
    )
