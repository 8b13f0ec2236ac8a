"""Channels that POST JSON: Slack incoming webhooks, Teams Workflows webhooks (Adaptive Card), generic webhooks
signed per Standard Webhooks 1.0, and PagerDuty Events API v2."""

from __future__ import annotations

import atexit
import binascii
import json
import threading
from collections.abc import Mapping
from datetime import datetime

import httpx

from aicident.notify.channels import setting
from aicident.notify.model import (
    Message,
    PermanentFailure,
    Sent,
    TransientFailure,
    classify_http,
    pagerduty_payload,
    slack_payload,
    teams_payload,
    webhook_payload,
    webhook_signature,
)
from aicident.plan.schema import NotifyChannel

PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue"
USER_AGENT = "aicident-notify/0.1"


_client: httpx.Client | None = None
_client_lock = threading.Lock()


def shared_client() -> httpx.Client:
    """One client per process, made on first use: building one loads the CA bundle (tens of milliseconds), and a
    shared one keeps connections to the same receiver alive. httpx clients are safe to share between threads."""
    global _client
    with _client_lock:
        if _client is None:
            _client = httpx.Client(follow_redirects=False, headers={"user-agent": USER_AGENT})
            atexit.register(_client.close)  # close kept-alive connections cleanly when the process ends
        return _client


def post_json(url: str, body: bytes, *, headers: dict[str, str], timeout: float, what: str, now: datetime) -> Sent:
    """POST `body`; the answer is classified as sent, transient or permanent."""
    try:
        response = shared_client().post(
            url, content=body, timeout=timeout, headers={"content-type": "application/json", **headers}
        )
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise PermanentFailure(f"{what}: the URL is not usable: {error}") from None
    except httpx.TimeoutException as error:
        raise TransientFailure(f"{what}: timed out ({type(error).__name__})") from None
    except httpx.TransportError as error:  # refused, reset, DNS, TLS handshake cut short
        raise TransientFailure(unreachable(error, url, what)) from None
    return classify_http(
        response.status_code, retry_after=response.headers.get("retry-after"), now=now, what=what, body=response.text
    )


def unreachable(error: httpx.TransportError, url: str, what: str) -> str:
    """Why an HTTP receiver could not be talked to, naming where (never the URL's path: it may be a secret)."""
    try:
        where = httpx.URL(url).netloc.decode() or url
    except (httpx.InvalidURL, TypeError):
        where = "the receiver"
    if isinstance(error, httpx.ConnectError) and "refused" in str(error).lower():
        return f"{what}: connection refused by {where} (ConnectError)"
    return f"{what}: {type(error).__name__} talking to {where}: {error}"


def _body(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str).encode()


class _HttpChannel:
    kind = "webhook"

    def __init__(self, config: NotifyChannel, environ: Mapping[str, str]):
        self.name = config.name
        self.config = config
        self.environ = environ

    @property
    def what(self) -> str:
        return f"{self.kind} channel {self.name!r}"


class SlackChannel(_HttpChannel):
    kind = "Slack"

    def send(self, message: Message, *, now: datetime) -> Sent:
        url = setting(self.config, "url", self.environ)
        return post_json(
            url, _body(slack_payload(message)), headers={}, timeout=self.config.timeout_seconds, what=self.what, now=now
        )


class TeamsChannel(_HttpChannel):
    kind = "Teams"

    def send(self, message: Message, *, now: datetime) -> Sent:
        url = setting(self.config, "url", self.environ)
        return post_json(
            url, _body(teams_payload(message)), headers={}, timeout=self.config.timeout_seconds, what=self.what, now=now
        )


class WebhookChannel(_HttpChannel):
    """webhook-id is the message id on every try; the timestamp and signature are those of the try."""

    kind = "webhook"

    def send(self, message: Message, *, now: datetime) -> Sent:
        url = setting(self.config, "url", self.environ)
        secret = setting(self.config, "secret", self.environ)
        body = _body(webhook_payload(message, now))
        timestamp = int(now.timestamp())
        try:
            signature = webhook_signature(secret, message.id, timestamp, body)
        except (binascii.Error, ValueError):
            raise PermanentFailure(
                f"{self.what}: the secret in {self.config.secret_env} is not a whsec_ secret",
                allowed="whsec_ followed by base64 (24 to 64 random bytes)",
            ) from None
        headers = {"webhook-id": message.id, "webhook-timestamp": str(timestamp), "webhook-signature": signature}
        return post_json(url, body, headers=headers, timeout=self.config.timeout_seconds, what=self.what, now=now)


class PagerDutyChannel(_HttpChannel):
    """Events API v2 trigger: pages whoever is on call for the service the routing key belongs to."""

    kind = "PagerDuty"

    def send(self, message: Message, *, now: datetime) -> Sent:
        url = setting(self.config, "url", self.environ, required=False) or PAGERDUTY_EVENTS_URL
        routing_key = setting(self.config, "routing_key", self.environ)
        event = pagerduty_payload(message, routing_key=routing_key, now=now)
        return post_json(url, _body(event), headers={}, timeout=self.config.timeout_seconds, what=self.what, now=now)
