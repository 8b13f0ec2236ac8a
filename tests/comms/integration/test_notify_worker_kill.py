"""Killing a worker mid-delivery loses no message: `aicident worker` processes against a file SQLite store and a
PostgreSQL server, a receiver that stalls on the first message, kill -9, another worker, and every message arrives
(the interrupted one again, under the same webhook-id)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from notify_helpers import WEBHOOK_SECRET, Receiver, plan_with
from standardwebhooks import Webhook

from aicident.notify import service
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue
from aicident.runtime import build_runtime
from aicident.settings import Settings

_NEXT_TO_PYTHON = Path(sys.executable).parent / "aicident"
AICIDENT = str(_NEXT_TO_PYTHON) if _NEXT_TO_PYTHON.exists() else shutil.which("aicident")


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_a_worker_killed_mid_delivery_loses_no_message(database_url, tmp_path):
    verifier = Webhook(WEBHOOK_SECRET)
    release = threading.Event()
    stalled: list[str] = []
    verified: list[str] = []

    def respond(request):
        verifier.verify(request.body, request.headers)
        verified.append(request.headers["webhook-id"])
        if not stalled:
            stalled.append(request.headers["webhook-id"])
            release.wait(30)  # hold the first delivery open until its worker is dead
        return 200, {}, b""

    receiver = Receiver(respond).start()
    plan = plan_with(
        tmp_path,
        [{"name": "hook", "type": "webhook", "url_env": "HOOK_URL", "secret_env": "HOOK_SECRET", "timeout_seconds": 5}],
        lease_seconds=6,
    )
    rt = build_runtime(Settings(data_dir=tmp_path, database_url=database_url, plan_file=plan, actor="tester"))
    ids = [f"evt-{n}" for n in range(12)]
    with rt.uow() as uow:
        for message_id in ids:
            enqueue(
                uow,
                Message(
                    id=message_id,
                    channel="hook",
                    to=(),
                    subject=f"Update {message_id}",
                    text="...",
                    kind="internal_update",
                ),
                now=rt.clock(),
            )
    env = {key: value for key, value in os.environ.items() if not key.startswith("AICIDENT_")}
    env.update(
        AICIDENT_DATA_DIR=str(tmp_path),
        AICIDENT_DATABASE_URL=database_url,
        AICIDENT_PLAN=str(plan),
        HOOK_URL=receiver.url,
        HOOK_SECRET=WEBHOOK_SECRET,
        PYTHONUNBUFFERED="1",
    )
    logs = [(tmp_path / f"worker-{n}.log").open("w") for n in range(2)]

    def start(n: int) -> subprocess.Popen:
        return subprocess.Popen(
            [AICIDENT, "worker", "--interval", "0.2"], env=env, stdout=logs[n], stderr=subprocess.STDOUT
        )

    first = start(0)
    second = None
    try:
        wait_for(lambda: stalled, 30, "the first delivery to reach the receiver")
        first.send_signal(signal.SIGKILL)
        assert first.wait(10) == -signal.SIGKILL
        [interrupted] = stalled
        assert service.message(rt, message_id=interrupted)["state"] == "sending"  # claimed, never recorded
        release.set()
        second = start(1)
        wait_for(lambda: all(m["state"] == "sent" for m in service.messages(rt)), 60, "every message to be sent")
    finally:
        release.set()
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(10)
        receiver.stop()
        for log in logs:
            log.close()
        rt.engine.dispose()
    assert sorted(set(verified)) == sorted(ids)
    assert verified.count(interrupted) == 2  # at-least-once: sent again, under the same webhook-id
    history = service.message(rt, message_id=interrupted)["history"]
    assert [(a["number"], a["outcome"]) for a in history] == [(1, "abandoned"), (2, "sent")]
    assert {m["state"] for m in service.messages(rt)} == {"sent"}


@pytest.fixture(autouse=True)
def _needs_the_command():
    if not AICIDENT:
        pytest.skip("the aicident command is not installed next to this Python")
