"""Channels that POST JSON: Slack incoming webhooks, Teams Workflows webhooks (Adaptive Card), generic webhooks
signed per Standard Webhooks 1.0, and PagerDuty Events API v2."""

from __future__ import annotations

import atexit
import binascii
import http.client
import json
import os
import ssl
import threading
import urllib.request
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import SplitResult, urlsplit

import certifi
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
from aicident.notify.pool import IdlePool
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
    """POST `body`; the answer is classified as sent, transient or permanent. A direct connection comes from the
    keep-alive pool (`CONNECTIONS`); a URL the environment routes through a proxy (HTTPS_PROXY, NO_PROXY) goes
    through httpx, which speaks to proxies."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PermanentFailure(f"{what}: the URL is not usable: it needs http:// or https:// and a host")
    headers = {"content-type": "application/json", "user-agent": USER_AGENT, **headers}
    if _proxied(parts.scheme, parts.hostname):
        return _post_through_httpx(url, body, headers=headers, timeout=timeout, what=what, now=now)
    try:
        status, retry_after, text = CONNECTIONS.post(parts, body, headers, timeout)
    except TimeoutError:
        raise TransientFailure(f"{what}: timed out (no answer within {timeout:g} s)") from None
    except (OSError, http.client.HTTPException) as error:  # refused, reset, DNS, TLS, a malformed answer
        raise TransientFailure(_unreachable_directly(error, parts, what)) from None
    return classify_http(status, retry_after=retry_after, now=now, what=what, body=text)


_PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


def _proxied(scheme: str, host: str) -> bool:
    """Whether the environment sends `scheme` to `host` through a proxy (as httpx and curl read it). Most machines
    set none, which six lookups tell without reading the whole environment."""
    if not any(name in os.environ for name in _PROXY_VARIABLES):
        return False
    return scheme in urllib.request.getproxies_environment() and not urllib.request.proxy_bypass(host)


def _post_through_httpx(
    url: str, body: bytes, *, headers: dict[str, str], timeout: float, what: str, now: datetime
) -> Sent:
    try:
        response = shared_client().post(url, content=body, timeout=timeout, headers=headers)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise PermanentFailure(f"{what}: the URL is not usable: {error}") from None
    except httpx.TimeoutException as error:
        raise TransientFailure(f"{what}: timed out ({type(error).__name__})") from None
    except httpx.TransportError as error:  # refused, reset, DNS, TLS handshake cut short
        raise TransientFailure(unreachable(error, url, what)) from None
    return classify_http(
        response.status_code, retry_after=response.headers.get("retry-after"), now=now, what=what, body=response.text
    )


def _unreachable_directly(error: BaseException, parts: SplitResult, what: str) -> str:
    """Why a receiver could not be talked to, naming where (never the URL's path: it may be a secret)."""
    where = parts.netloc.rpartition("@")[2]
    if isinstance(error, ConnectionRefusedError):
        return f"{what}: connection refused by {where} (ConnectError)"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"{what}: the TLS certificate of {where} does not verify: {error.verify_message}"
    return f"{what}: {type(error).__name__} talking to {where}: {error}"


class Connections:
    """Kept-alive HTTP/1.1 connections by scheme, host, port and timeout, shared by the threads that send: a message
    takes an idle one (or opens one), and gives it back after reading the whole answer. A connection idle longer
    than IDLE_SECONDS is closed rather than reused (servers close idle ones, commonly after 5 s); one the server
    closed while it sat idle fails before any answer, and the request is sent once more on a new connection."""

    IDLE_SECONDS = 4.0
    KEEP = 64  # idle connections kept per receiver

    def __init__(self) -> None:
        self.idle: IdlePool[http.client.HTTPConnection] = IdlePool(
            http.client.HTTPConnection.close, idle_seconds=self.IDLE_SECONDS
        )
        self._lock = threading.Lock()
        self._tls: dict[tuple[str | None, str | None], ssl.SSLContext] = {}

    def post(
        self, parts: SplitResult, body: bytes, headers: dict[str, str], timeout: float
    ) -> tuple[int, str | None, str]:
        default_port = 443 if parts.scheme == "https" else 80
        key = (parts.scheme, parts.hostname or "", parts.port or default_port, timeout)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection = self.idle.take(key)
        if connection is not None:
            try:
                return self._exchange(key, connection, path, body, headers)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                pass  # closed by the server while idle: nothing was answered, so send it on a new connection
        return self._exchange(key, self._open(key), path, body, headers)

    def _exchange(
        self, key, connection: http.client.HTTPConnection, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, str | None, str]:
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except BaseException:
            connection.close()
            raise
        if response.will_close:
            connection.close()
        else:
            self.idle.give_back(key, connection, keep=self.KEEP)
        return response.status, response.getheader("retry-after"), text

    def _open(self, key) -> http.client.HTTPConnection:
        scheme, host, port, timeout = key
        if scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=timeout, context=self._tls_context())
        return http.client.HTTPConnection(host, port, timeout=timeout)

    def _tls_context(self) -> ssl.SSLContext:
        """The CAs httpx would trust: SSL_CERT_FILE or SSL_CERT_DIR when set, else certifi's bundle. Made once for
        each (loading a bundle takes tens of milliseconds)."""
        where = (os.environ.get("SSL_CERT_FILE") or None, os.environ.get("SSL_CERT_DIR") or None)
        with self._lock:
            context = self._tls.get(where)
            if context is None:
                cafile, capath = where
                if cafile is None and capath is None:
                    cafile = certifi.where()
                context = self._tls[where] = ssl.create_default_context(cafile=cafile, capath=capath)
            return context


CONNECTIONS = Connections()
atexit.register(CONNECTIONS.idle.close_all)


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
