"""Outbound messages and the rules of their delivery: states, backoff, failure classes, signing, payload shapes.

Pure: no I/O, no clock; `now` and the random draw for jitter are passed in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from aicident.errors import AicidentError

QUEUED, SENDING, SENT, FAILED, DEAD = "queued", "sending", "sent", "failed", "dead"
STATES = (QUEUED, SENDING, SENT, FAILED, DEAD)
RETRYABLE_STATES = (FAILED, DEAD)  # what an operator may put back in the queue

SELF_ALERT = "self_alert"
ABANDONED = "abandoned"  # the outcome of an attempt whose worker died or hung past its lease


@dataclass(frozen=True)
class Message:
    """One outbound message; `id` is stable across retries, and receivers deduplicate on it."""

    id: str
    channel: str
    to: tuple[str, ...]
    subject: str
    text: str
    kind: str
    incident_id: str | None = None
    incident_ref: str | None = None
    obligation_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict[str, Any])
    batch: str | None = None  # the messages sent together (one version of a draft): delivered when all are


# --- failures -------------------------------------------------------------------------------------------------


@dataclass
class DeliveryFailed(AicidentError):
    """A channel could not deliver a message."""

    code: str = "delivery_failed"
    status: int = 502
    http_status: int | None = None


@dataclass
class PermanentFailure(DeliveryFailed):
    """Sending again will not help (bad credentials, a refused address, a missing setting, 4xx): no retry."""

    code: str = "delivery_failed_permanently"


@dataclass
class TransientFailure(DeliveryFailed):
    """Sending again later may work (timeout, connection refused, 5xx, 429); `retry_after` in seconds if told."""

    code: str = "delivery_failed_transiently"
    retry_after: float | None = None


@dataclass(frozen=True)
class Sent:
    """What a channel learnt from a successful send."""

    http_status: int | None = None
    note: str = ""


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds from `now`: delta-seconds or an HTTP date (RFC 9110 10.2.3); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def classify_http(status: int, *, retry_after: str | None, now: datetime, what: str, body: str = "") -> Sent:
    """2xx is sent; 408, 429 and 5xx are transient; any other status is permanent."""
    if 200 <= status < 300:
        return Sent(http_status=status)
    detail = f"{what} answered HTTP {status}" + (f": {body.strip()[:200]}" if body.strip() else "")
    if status in (408, 429) or status >= 500:
        raise TransientFailure(detail, http_status=status, retry_after=parse_retry_after(retry_after, now))
    raise PermanentFailure(
        detail, allowed="fix the channel's settings or the message, then retry it", http_status=status
    )


# --- retry schedule ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetryPolicy:
    base: float = 0.5  # seconds before the first retry, at most
    factor: float = 1.5
    cap: float = 60.0
    dead_after: timedelta = timedelta(hours=24)

    def backoff(self, attempt: int, draw: float) -> float:
        """Full jitter: a uniform draw in [0, min(cap, base * factor ** (attempt - 1))); `draw` is in [0, 1)."""
        ceiling = min(self.cap, self.base * self.factor ** max(0, attempt - 1))
        return ceiling * draw


@dataclass(frozen=True)
class Decision:
    state: str
    next_attempt_at: datetime | None = None


def after_transient(
    policy: RetryPolicy,
    *,
    attempt: int,
    window_started_at: datetime,
    now: datetime,
    retry_after: float | None,
    draw: float,
) -> Decision:
    """Queue again after the backoff (or exactly Retry-After when the receiver said so), or give up as dead once
    the dead-letter time since the message was queued has passed. The last try falls on the dead-letter time."""
    give_up_at = window_started_at + policy.dead_after
    if now >= give_up_at:
        return Decision(DEAD)
    delay = retry_after if retry_after is not None else policy.backoff(attempt, draw)
    return Decision(QUEUED, min(now + timedelta(seconds=delay), give_up_at))


# --- a worker's round: which due messages it sends, side by side or in order --------------------------------------


@dataclass(frozen=True)
class Due:
    """A due message as a round plans it: its lane is what must arrive in order (one incident's messages to the same
    recipients on one channel); different lanes are sent side by side."""

    id: str
    channel: str
    lane: tuple[object, ...]


def lane_of(
    channel: str, incident_id: str | None, recipients: tuple[str, ...] | list[str], message_id: str
) -> tuple[object, ...]:
    """Messages about one incident to the same recipients on one channel keep their order (a Slack channel reads
    "contained" after "declared"); a message about no incident has a lane of its own."""
    return (channel, incident_id, tuple(recipients)) if incident_id else (channel, None, (), message_id)


def waves(lease_seconds: float, timeout_seconds: float) -> int:
    """How many sends one after another fit in half a lease when each takes its whole timeout: a lane holds at most
    this many, and a channel at most `concurrency` times this many, so every message of a round is sent (or timed
    out) before its lease runs out even when the receiver answers nothing."""
    return max(1, int(lease_seconds / (2 * timeout_seconds)))


def plan_round(due: list[Due], *, concurrency: dict[str, int], waves: dict[str, int]) -> dict[str, list[list[str]]]:
    """The messages of one round by channel, as lanes of ids in the order they are due: a channel takes at most
    concurrency x waves messages, a lane at most `waves`; the rest wait for the next round. With `concurrency` lanes
    of a channel running at once, the last message starts within 2 x waves timeouts of the round's start."""
    lanes: dict[str, dict[tuple[object, ...], list[str]]] = {}
    taken: dict[str, int] = {}
    for item in due:
        budget = concurrency.get(item.channel, 1) * waves.get(item.channel, 1)
        lane = lanes.setdefault(item.channel, {}).setdefault(item.lane, [])
        if taken.get(item.channel, 0) >= budget or len(lane) >= waves.get(item.channel, 1):
            continue
        lane.append(item.id)
        taken[item.channel] = taken.get(item.channel, 0) + 1
    return {channel: [ids for ids in by_lane.values() if ids] for channel, by_lane in lanes.items()}


# --- identifiers ------------------------------------------------------------------------------------------------

_ATOM = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,200}$")


def _id_left(value: str) -> str:
    """`value` if it may stand left of the @ in a Message-ID (RFC 5322 dot-atom), else a digest of it."""
    if _ATOM.match(value) and not value.startswith(".") and not value.endswith(".") and ".." not in value:
        return value
    return hashlib.sha256(value.encode()).hexdigest()[:40]


def email_message_id(message_id: str, domain: str) -> str:
    return f"<{_id_left(message_id)}@{domain}>"


def thread_root_id(message: Message, domain: str) -> str | None:
    """One id per incident that every email about it replies to, so mail clients thread them together."""
    key = message.incident_id or message.incident_ref
    return f"<incident.{_id_left(key)}@{domain}>" if key else None


def pagerduty_dedup_key(message_id: str) -> str:
    return message_id if len(message_id) <= 255 else hashlib.sha256(message_id.encode()).hexdigest()


# --- Standard Webhooks 1.0 -----------------------------------------------------------------------------------


def webhook_signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; the key is the base64 part of a whsec_ secret."""
    key = base64.b64decode(secret.removeprefix("whsec_") + "==")  # as the reference library: padding optional
    if not key:
        raise ValueError("the webhook secret is empty")
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def webhook_payload(message: Message, now: datetime) -> dict[str, Any]:
    """The recommended Standard Webhooks shape: type, timestamp, data."""
    return {
        "type": f"aicident.{message.kind}",
        "timestamp": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "data": {
            "id": message.id,
            "kind": message.kind,
            "subject": message.subject,
            "text": message.text,
            "to": list(message.to),
            "incident_id": message.incident_id,
            "incident_ref": message.incident_ref,
            "obligation_id": message.obligation_id,
            **message.data,
        },
    }


# --- chat and paging payloads -----------------------------------------------------------------------------------


def _title(message: Message) -> str:
    if message.incident_ref and message.incident_ref not in message.subject:
        return f"[{message.incident_ref}] {message.subject}"
    return message.subject


def _facts(message: Message) -> list[tuple[str, str]]:
    facts = [
        (key.replace("_", " ").capitalize(), str(message.data[key]))
        for key in ("severity", "stage", "category")
        if message.data.get(key)
    ]
    if message.incident_ref:
        facts.insert(0, ("Incident", message.incident_ref))
    return facts


def _links(message: Message) -> list[dict[str, Any]]:
    links = message.data.get("links") or []
    if isinstance(links, dict):
        links = [{"href": href, "text": text} for text, href in links.items()]
    return [link for link in links if isinstance(link, dict) and link.get("href")]


def slack_payload(message: Message) -> dict[str, Any]:
    """Incoming webhook: `text` is the notification fallback, `blocks` the layout (header <= 150 characters,
    section text <= 3000)."""
    title = _title(message)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:150], "emoji": False}},
        {"type": "section", "text": {"type": "mrkdwn", "text": message.text[:3000] or " "}},
    ]
    facts = _facts(message)
    if facts:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"*{k}:* {v}"} for k, v in facts[:10]]}
        )
    for link in _links(message)[:5]:
        label = link.get("text") or link["href"]
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"<{link['href']}|{label}>"}})
    return {"text": f"{title}\n{message.text}"[:3000], "blocks": blocks}


def teams_payload(message: Message) -> dict[str, Any]:
    """Teams Workflows webhook: a message with one Adaptive Card attachment."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": _title(message), "weight": "Bolder", "size": "Medium", "wrap": True},
        {"type": "TextBlock", "text": message.text, "wrap": True},
    ]
    facts = _facts(message)
    if facts:
        body.append({"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in facts]})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    actions = [
        {"type": "Action.OpenUrl", "title": link.get("text") or "Open", "url": link["href"]} for link in _links(message)
    ]
    if actions:
        card["actions"] = actions
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }


PAGERDUTY_SEVERITIES = ("critical", "error", "warning", "info")


def pagerduty_payload(message: Message, *, routing_key: str, now: datetime, source: str = "aicident") -> dict[str, Any]:
    """Events API v2 trigger; the severity is data["pagerduty_severity"] if given, else critical (it is a page)."""
    severity = message.data.get("pagerduty_severity", "critical")
    if severity not in PAGERDUTY_SEVERITIES:
        severity = "critical"
    details = {
        "text": message.text,
        "kind": message.kind,
        "message_id": message.id,
        **{k: v for k, v in message.data.items() if k not in ("links", "pagerduty_severity")},
    }
    event: dict[str, Any] = {
        "routing_key": routing_key,
        "event_action": "trigger",
        "dedup_key": pagerduty_dedup_key(message.id),
        "payload": {
            "summary": _title(message)[:1024],
            "source": source,
            "severity": severity,
            "timestamp": now.astimezone(UTC).isoformat(),
            "class": message.kind,
            "custom_details": details,
        },
    }
    if message.incident_ref:
        event["payload"]["group"] = message.incident_ref
    links = [{"href": link["href"], "text": link.get("text") or link["href"]} for link in _links(message)]
    if links:
        event["links"] = links
    return event


# --- failures, grouped ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FailureGroup:
    """Messages on one channel failing for one reason: one line to read instead of a row per message."""

    channel: str
    reason: str
    message_ids: tuple[str, ...]
    states: dict[str, int]
    since: datetime

    def summary(self, now: datetime) -> str:
        count = len(self.message_ids)
        since = self.since.astimezone(UTC)
        when = since.strftime("%H:%M UTC" if since.date() == now.astimezone(UTC).date() else "%Y-%m-%d %H:%M UTC")
        are = "message is" if count == 1 else "messages are"
        return f"{count} {are} failing on {self.channel}: {self.reason} since {when}"


def group_failures(failing: list[tuple[str, str, str, str, datetime]]) -> list[FailureGroup]:
    """(message id, channel, state, last error, first failure) -> one group per channel and reason, the most
    messages first."""
    groups: dict[tuple[str, str], list[tuple[str, str, datetime]]] = {}
    for message_id, channel, state, reason, since in failing:
        groups.setdefault((channel, reason or "no reason recorded"), []).append((message_id, state, since))
    found = []
    for (channel, reason), members in groups.items():
        states: dict[str, int] = {}
        for _id, state, _since in members:
            states[state] = states.get(state, 0) + 1
        found.append(
            FailureGroup(
                channel=channel,
                reason=reason,
                message_ids=tuple(m[0] for m in members),
                states=states,
                since=min(m[2] for m in members),
            )
        )
    return sorted(found, key=lambda g: (-len(g.message_ids), g.channel, g.reason))
