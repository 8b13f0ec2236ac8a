"""What the Slack tests share: the environment that turns the Slack app on against the stand-in, requests signed
with slack_sdk's own signature code as Slack signs them, the bodies Slack sends, and waiting for what a listener
does after it acknowledged."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier
from slack_standin import SIGNING_SECRET, TOKEN, SlackStandIn

from aicident.notify.service import deliver_due


def slack_environment(standin: SlackStandIn) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "AICIDENT_SLACK_API_URL": standin.base_url,
    }


def signed(body: bytes, *, timestamp: int | None = None, secret: str = SIGNING_SECRET, **extra: str) -> dict[str, str]:
    """The headers Slack sends with `body`: X-Slack-Request-Timestamp and the v0 signature over both."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature, **extra}


def command(
    text: str,
    *,
    user: str,
    channel: str,
    response_url: str,
    trigger_id: str = "13345224609.738474920.8088930838d88f008e0",
) -> tuple[bytes, str]:
    body = urlencode(
        {
            "token": "legacy-verification-token-unused",
            "team_id": "T0AICIDENT",
            "team_domain": "aicident-test",
            "channel_id": channel,
            "channel_name": "incident",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/aicident",
            "text": text,
            "api_app_id": "A0AICIDENT",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
    ).encode()
    return body, "application/x-www-form-urlencoded"


def interaction(payload: dict[str, Any]) -> tuple[bytes, str]:
    return urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded"


def event(event_id: str, inner: dict[str, Any]) -> tuple[bytes, str]:
    body = {
        "token": "legacy-verification-token-unused",
        "team_id": "T0AICIDENT",
        "api_app_id": "A0AICIDENT",
        "event": inner,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0AICIDENT", "user_id": "U0AICIDBOT", "is_bot": True}],
    }
    return json.dumps(body).encode(), "application/json"


def wait_for(check: Callable[[], Any], *, timeout: float = 10.0, what: str = "") -> Any:
    """Poll `check` until it returns something true (a listener works after it acknowledged)."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        time.sleep(0.02)


def deliver_all(runtime, clock, *, rounds: int = 20, step_seconds: float = 3.0) -> int:
    """Run outbox rounds (moving the test clock on past each short wait) until nothing is due; how many were tried."""
    tried = 0
    for _ in range(rounds):
        done = deliver_due(runtime)
        tried += done
        if done == 0:
            with runtime.uow(read_only=True) as uow:
                pending = [row for row in uow.outbox.list(state="queued", limit=1000) if row.channel == "slack_app"]
            if not pending or min(row.next_attempt_at for row in pending) > clock() + _seconds(step_seconds * 10):
                return tried
            clock.advance(seconds=step_seconds)
    return tried


def _seconds(value: float):
    from datetime import timedelta

    return timedelta(seconds=value)
