"""Containment end to end: a real `aicident serve` and the example chatbot (examples/chatbot.py) as separate
processes. The kill switch flipped through the API reaches the chatbot within a second, and `restore` brings the
model back; with aicident stopped the chatbot follows the feature's fail mode, and a restarted chatbot keeps a kill
switch that was on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

CHATBOT = Path(__file__).resolve().parents[3] / "examples" / "chatbot.py"
FALLBACK = "Our assistant is paused; a person will answer you shortly."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Chatbot:
    def __init__(self, service, secret: str, state_file: Path):
        self.service, self.secret, self.state_file = service, secret, state_file
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log_path = state_file.parent.parent / "chatbot.log"

    def start(self) -> Chatbot:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AICIDENT_")}
        env.update(AICIDENT_URL=self.service.base_url, AICIDENT_EVENTS_SECRET=self.secret, PYTHONUNBUFFERED="1")
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(CHATBOT), "--port", str(self.port), "--state-file", str(self.state_file)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_path.read_text()
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1, trust_env=False)
                return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise AssertionError("the chatbot did not start:\n" + self.log_path.read_text())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def chat(self, message: str = "Hello, what are your opening hours?") -> dict:
        response = httpx.post(
            f"http://127.0.0.1:{self.port}/chat", json={"user": "u1", "message": message}, timeout=5, trust_env=False
        )
        assert response.status_code == 200, response.text
        return response.json()

    def health(self) -> dict:
        return httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=5, trust_env=False).json()

    def wait_for(self, served: str, reason: str = "", timeout: float = 10.0) -> float:
        """Seconds until a chat is served as `served` (polling every 10 ms)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            reply = self.chat()
            if reply["served"] == served and (not reason or reply["reason"] == reason):
                return time.monotonic() - started
            time.sleep(0.01)
        raise AssertionError(f"still {reply} after {timeout} s")


@pytest.fixture
def chatbot(service, tmp_path):
    secret = service.add_integration("chatbot", "events")
    with service.client(headers=service.admin) as client:
        response = client.post(
            "/api/v1/features", json={"name": "support_chat", "customer_facing": True, "fallback_response": FALLBACK}
        )
        assert response.status_code == 201, response.text
    bot = Chatbot(service, secret, tmp_path / "chatbot-state" / "controls.json").start()
    yield bot
    bot.stop()


def change(service, changes: dict, **extra) -> dict:
    with service.client(headers=service.admin) as client:
        response = client.post(
            "/api/v1/controls/support_chat/changes", json={"changes": changes, "reason": "e2e", **extra}
        )
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_the_kill_switch_flipped_from_an_incident_reaches_the_chatbot_within_a_second_and_restore_undoes_it(
    service, chatbot
):
    assert chatbot.chat()["served"] == "model"
    with service.client(headers=service.admin) as client:
        declared = client.post(
            "/api/v1/incidents",
            json={
                "title": "Chatbot pastes other customers' card numbers",
                "category": "data_leak",
                "source": "customer_report",
                "severity": "SEV-2",
            },
        )
        assert declared.status_code == 201, declared.text
        ref = declared.json()["ref"]
        flipped_at = time.monotonic()
        response = client.post(
            "/api/v1/controls/support_chat/changes",
            json={"changes": {"enabled": False}, "reason": "leaking card numbers", "incident": ref},
        )
        assert response.status_code == 201, response.text
        assert response.json()["state"] == "applied"
    waited = chatbot.wait_for("fallback", "disabled")
    assert time.monotonic() - flipped_at < 1.0, f"the fallback was served {waited:.3f} s after the flip"
    assert chatbot.chat()["reply"] == FALLBACK

    with service.client(headers=service.admin) as client:
        log = client.get(f"/api/v1/incidents/{ref}/log").json()
        [entry] = [e for e in log if e["type"] == "containment_action"]
        assert entry["actor"] == "admin" and entry["data"]["reason"] == "leaking card numbers"
        restored = client.post("/api/v1/controls/support_chat/restore", json={"incident": ref, "reason": "fixed"})
        assert restored.status_code == 200, restored.text
    assert chatbot.wait_for("model") < 1.0


def test_controls_answer_304_when_unchanged_and_the_flagd_export_has_the_kill_switch(service, chatbot):
    with service.client(headers={"Authorization": f"Bearer {chatbot.secret}"}) as client:
        first = client.get("/api/v1/controls")
        assert first.status_code == 200 and first.json()["features"]["support_chat"]["enabled"] is True
        tag = first.headers["ETag"]
        assert client.get("/api/v1/controls", headers={"If-None-Match": tag}).status_code == 304
        change(service, {"enabled": False})
        second = client.get("/api/v1/controls", headers={"If-None-Match": tag})
        assert second.status_code == 200 and second.headers["ETag"] != tag
        flags = client.get("/api/v1/controls/flagd").json()["flags"]
        assert flags["support_chat.enabled"]["defaultVariant"] == "off"
        assert client.get("/api/v1/controls", headers={"Authorization": "Bearer ais_wrong"}).status_code == 401


def test_with_aicident_stopped_the_chatbot_fails_open_or_closed_as_configured_and_keeps_a_kill_switch_on(
    service, chatbot
):
    # fail open: the model keeps serving while aicident is down
    service.stop()
    time.sleep(2.5)  # longer than the SDK's unreachable_after
    assert chatbot.health()["reachable"] is False
    assert chatbot.chat()["served"] == "model"

    # fail closed: the fallback while aicident is down
    service.restart()
    change(service, {"fail_mode": "closed"})
    chatbot.wait_for("model")
    deadline = time.monotonic() + 5
    while chatbot.health()["reachable"] is not True and time.monotonic() < deadline:
        time.sleep(0.05)
    service.stop()
    assert chatbot.wait_for("fallback", "unreachable", timeout=5) < 5

    # a kill switch that was on stays on in a chatbot restarted while aicident is down
    service.restart()
    change(service, {"fail_mode": "open", "enabled": False})
    chatbot.wait_for("fallback", "disabled")
    service.stop()
    chatbot.stop()
    chatbot.start()
    assert chatbot.health()["reachable"] is False
    reply = chatbot.chat()
    assert (reply["served"], reply["reason"], reply["reply"]) == ("fallback", "disabled", FALLBACK)


def test_the_example_script_plays_the_whole_loop_against_a_running_aicident(service):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AICIDENT_")}
    env.update(AICIDENT_SERVER=service.base_url, AICIDENT_TOKEN=service.token)
    result = subprocess.run(
        [sys.executable, str(CHATBOT.parent / "play_incident.py")], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "chatbot [fallback:disabled]" in result.stdout and "Done: normal service." in result.stdout
