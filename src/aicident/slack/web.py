"""Calls to the Slack Web API through slack_sdk's WebClient, with the rate tiers kept and the answers classified
as done, transient (429 with its Retry-After, 5xx, a timeout) or permanent (a bad token, a lost channel...)."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from datetime import datetime
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from aicident.notify.model import PermanentFailure, TransientFailure, parse_retry_after
from aicident.slack.model import RateBudget, transient

log = logging.getLogger("aicident.slack")

SHORT_WAIT = 2.0  # a rate wait up to this long is slept through; a longer one sends the message back to the queue

_budgets: dict[str, RateBudget] = {}
_budgets_lock = threading.Lock()


def _budget(key: str) -> RateBudget:
    with _budgets_lock:
        return _budgets.setdefault(key, RateBudget())


class SlackWeb:
    """One workspace's Web API as the bot sees it. Retries are the outbox's, so the SDK's own are off."""

    def __init__(self, *, token: str, base_url: str, timeout: float):
        self.client = WebClient(token=token, base_url=base_url, timeout=int(max(1, timeout)), retry_handlers=[])
        self.budget = _budget(hashlib.sha256(f"{base_url}\n{token}".encode()).hexdigest())
        self._lock = threading.Lock()

    def call(self, method: str, *, now: datetime, **args: Any) -> dict:
        """Call `method` (e.g. "chat.update") with keyword arguments; its answer as a dict, or a failure raised."""
        self._wait_turn(method, args.get("channel") if method == "chat.postMessage" else None)
        try:
            response = getattr(self.client, method.replace(".", "_"))(**args)
        except SlackApiError as error:
            raise self._failure(method, error, now) from None
        except (TimeoutError, URLError, ConnectionError) as error:
            raise TransientFailure(f"Slack {method}: {type(error).__name__}: {error}") from None
        return dict(response.data) if isinstance(response.data, dict) else {}

    def _wait_turn(self, method: str, channel: str | None) -> None:
        with self._lock:
            wait = self.budget.wait(method, time.monotonic(), channel=channel)
            if wait > SHORT_WAIT:
                raise TransientFailure(
                    f"Slack {method}: waiting {wait:.1f} s for its rate tier", retry_after=round(wait + 0.05, 2)
                )
            if wait > 0:
                time.sleep(wait)
            self.budget.spent(method, time.monotonic(), channel=channel)

    def _failure(self, method: str, error: SlackApiError, now: datetime) -> TransientFailure | PermanentFailure:
        response = error.response
        status = getattr(response, "status_code", None)
        data = response.data if isinstance(getattr(response, "data", None), dict) else {}
        code = str(data.get("error") or (f"HTTP {status}" if status else "no answer"))
        headers = {k.lower(): v for k, v in (getattr(response, "headers", None) or {}).items()}
        retry_after = headers.get("retry-after")
        if isinstance(retry_after, list):
            retry_after = retry_after[0] if retry_after else None
        details = {"slack_error": code, "method": method}
        if transient(code, status):
            seconds = parse_retry_after(str(retry_after) if retry_after is not None else None, now)
            if seconds is not None:
                with self._lock:
                    self.budget.told_to_wait(method, time.monotonic(), seconds)
            return TransientFailure(f"Slack {method}: {code}", http_status=status, retry_after=seconds, details=details)
        return PermanentFailure(
            f"Slack {method}: {code}",
            allowed=_remedy(code),
            http_status=status,
            details=details,
        )


def _remedy(code: str) -> str:
    if code in ("invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"):
        return "set a valid bot token (xoxb-) in the variable [slack] bot_token_env names, then retry the message"
    if code in ("missing_scope", "no_permission"):
        return "add the scopes of the app manifest in docs/slack.md to the Slack app and reinstall it"
    if code in ("channel_not_found", "not_in_channel", "is_archived"):
        return "invite the aicident app to the incident's channel (or unarchive it), then retry the message"
    return "fix the cause named by Slack's error, then retry the message"


def slack_error(failure: Exception) -> str:
    """The Slack error code a failure carries ("" for one that is not from Slack's answer)."""
    details = getattr(failure, "details", None) or {}
    return str(details.get("slack_error", ""))
