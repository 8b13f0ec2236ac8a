"""The communications commands on the local store: a draft's slots listed, approval refused naming what is left to
fill (and the command that fills it), customer-facing facts, `comms fill`, `comms preview`, and failing messages
grouped by `outbox failures` while the mail server is down."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from notify_helpers import ORGANISATION, free_port, plan_with

from aicident.notify import service
from aicident.runtime import build_runtime
from aicident.settings import Settings

_NEXT_TO_PYTHON = Path(sys.executable).parent / "aicident"
AICIDENT = str(_NEXT_TO_PYTHON) if _NEXT_TO_PYTHON.exists() else shutil.which("aicident")

pytestmark = pytest.mark.skipif(not AICIDENT, reason="the aicident command is not installed next to this Python")


def test_a_notice_is_filled_previewed_and_approved_from_the_command_line(tmp_path):
    port = free_port()  # nothing listens there: the mail server is down
    channel = {"name": "email", "type": "smtp", "host": "127.0.0.1", "port": port, "sender": "ir@example.com"}
    plan = plan_with(tmp_path, [channel], organisation=ORGANISATION)
    env = {key: value for key, value in os.environ.items() if not key.startswith("AICIDENT_")}
    env.update(AICIDENT_DATA_DIR=str(tmp_path), AICIDENT_PLAN=str(plan), COLUMNS="200")

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([AICIDENT, *args], env=env, capture_output=True, text=True, timeout=120)

    def ok(*args: str) -> str:
        done = cli(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    # The first administrator (made on this first start) registers Sam, who acts from then on in every role it takes.
    roles = [arg for role in ("incident_commander", "comms_lead", "executive_sponsor") for arg in ("--role", role)]
    ok("people", "add", "sam", "--name", "Sam Sponsor", "--email", "sam@example.com", *roles)
    env["AICIDENT_ACTOR"] = "sam"

    declared = json.loads(
        ok(
            "declare",
            "Support bot showed other customers' orders",
            "--category",
            "data_leak",
            "--severity",
            "SEV-2",
            "--json",
        )
    )
    ref = declared["ref"]
    (tmp_path / "customers.csv").write_text("email\nana@example.com\nbo@example.com\n", encoding="utf-8")
    ok("customers", "import", ref, str(tmp_path / "customers.csv"))
    shown = ok("comms", "draft", ref, "customers")
    draft = f"{ref}-D1"
    [line] = [line for line in shown.splitlines() if line.strip().startswith("slot what_happened")]
    assert line.split()[2:] == [
        "unfilled",
        "[Plain-language",
        "description",
        "in",
        "2-3",
        "sentences]",
        "(incident",
        "customer_summary)",
    ]
    assert "(incident customer_summary)" in shown and "(by a person)" in shown

    refused = cli("comms", "approve", ref, draft, "--version", "1")
    assert refused.returncode == 1
    assert f"error: {draft} version 1 cannot be approved: it is not finished: fill what_happened" in refused.stderr
    assert f"next: aicident comms fill {ref} {draft} --version N --slot NAME=TEXT" in refused.stderr
    assert f"or:   aicident facts {ref} --customer-summary TEXT --customer-impact TEXT" in refused.stderr

    ok(
        "facts",
        ref,
        "--customer-summary",
        "Our support assistant showed you part of another customer's order history.",
        "--customer-impact",
        "Another customer may have seen your last three orders.",
    )
    filled = json.loads(ok("comms", "fill", ref, draft, "--version", "1", "--slot", "customer_actions=None.", "--json"))
    assert filled["version"] == 2 and filled["finished"]
    preview = ok("comms", "preview", ref, draft)
    assert "2 message(s):" in preview and "To: ana@example.com" in preview and "From: ir@example.com" in preview
    assert "[" not in preview.split("Subject:", 1)[1]

    ok("comms", "approve", ref, draft, "--version", "2")
    sent = ok("comms", "send", ref, draft)
    assert "2 message(s) queued; its obligation is met once every one is delivered" in sent
    rt = build_runtime(Settings.from_env(env))  # a worker round: the local commands do not deliver
    try:
        service.deliver_due(rt)
    finally:
        rt.engine.dispose()
    obligations = ok("comms", "obligations", ref)
    assert "sending (0 of 2 delivered)" in obligations
    failures = ok("outbox", "failures")
    assert f"2 messages are failing on email: connection refused by 127.0.0.1:{port} since" in failures
    assert f"aicident outbox show {draft}:v2:email:" in failures
