"""The response plan as data: [notify], the outbound channels and delivery (retries, leases, dead letters and
self-alerts). Part of ``aicident.plan.schema``, which re-exports it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from aicident.plan.schema_base import _Strict, seconds_of

CHANNEL_TYPES = ("smtp", "slack", "teams", "webhook", "pagerduty", "slack_api")


class NotifyChannel(_Strict):
    """One outbound channel. Secrets are named by the environment variable that holds them (`*_env`), never
    written here; a setting given both ways takes the environment variable when it is set."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    type: Literal["smtp", "slack", "teams", "webhook", "pagerduty", "slack_api"]
    timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    concurrency: int = Field(
        default=8,
        ge=1,
        le=64,
        description="How many messages of this channel a worker sends at once (SMTP: connections it keeps open). "
        "One incident's messages to the same recipients are sent one after another, in order.",
    )
    # smtp
    host: str | None = None
    host_env: str | None = None
    port: int | None = Field(default=None, ge=1, le=65535, description="Default: 25, 587 with starttls, 465 with ssl.")
    port_env: str | None = None
    security: Literal["none", "starttls", "ssl"] = "none"
    username: str | None = None
    username_env: str | None = None
    password_env: str | None = None
    sender: str | None = Field(default=None, description="The From address.")
    sender_env: str | None = None
    domain: str | None = Field(default=None, description="Right-hand side of Message-IDs; default: the sender's.")
    ca_file: str | None = Field(
        default=None,
        description="PEM file of the CA that signed the SMTP server's "
        "certificate, when it is not a public one (starttls, ssl).",
    )
    # slack, teams, webhook, pagerduty
    url: str | None = Field(default=None, description="Webhook and PagerDuty only: Slack and Teams URLs are secrets.")
    url_env: str | None = None
    secret_env: str | None = Field(default=None, description="webhook: the variable holding the whsec_ secret.")
    routing_key_env: str | None = Field(default=None, description="pagerduty: the variable holding the routing key.")


class Notify(_Strict):
    channels: list[NotifyChannel] = Field(
        default_factory=lambda: [
            NotifyChannel(
                name="email",
                type="smtp",
                host="localhost",
                host_env="AICIDENT_SMTP_HOST",
                port=25,
                port_env="AICIDENT_SMTP_PORT",
                username_env="AICIDENT_SMTP_USERNAME",
                password_env="AICIDENT_SMTP_PASSWORD",
                sender="aicident@localhost",
                sender_env="AICIDENT_SMTP_FROM",
            )
        ]
    )
    backoff_base_seconds: float = Field(default=0.5, gt=0, description="Longest wait before the first retry.")
    backoff_factor: float = Field(default=1.5, ge=1)
    backoff_cap_seconds: float = Field(default=60.0, gt=0, description="Longest wait between two tries.")
    lease_seconds: float = Field(
        default=120.0,
        gt=0,
        description="How long a worker holds a message it is "
        "sending; after that another worker sends it again. Longer than any timeout.",
    )
    dead_letter_after: str = Field(default="24 hours", description="Give up retrying this long after queueing.")
    self_alert_channels: list[str] = Field(default_factory=list, description="Channels told when a message dies.")
    self_alert_to: list[str] = Field(default_factory=list, description="Recipients of self-alerts by email.")

    @field_validator("dead_letter_after")
    @classmethod
    def _clock_duration(cls, value: str) -> str:
        seconds_of(value)
        return value

    def channel(self, name: str) -> NotifyChannel | None:
        return next((c for c in self.channels if c.name == name), None)
