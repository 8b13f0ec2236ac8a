"""The response plan as data: [slack], the Slack app (a channel per incident, /aicident, approvals as buttons). Part
of ``aicident.plan.schema``, which re-exports it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from aicident.plan.schema_base import _Strict, seconds_of

# Log-entry types a plan may have posted to an incident's channel (aicident.incidents.vocabulary.EntryType values).
SLACK_POSTABLE = (
    "declared",
    "note",
    "stage_change",
    "severity_change",
    "role_change",
    "fact_change",
    "containment_action",
    "root_cause",
    "resolution",
    "communication",
    "communication_waived",
    "evidence",
    "action_item",
    "report",
    "review",
    "closed",
    "reopened",
    "signal",
    "deadline_breached",
    "clock_event",
    "draft",
    "approval",
    "reminder",
)


class Slack(_Strict):
    """The Slack app. Its secrets are read from the environment variables named here, never written in the plan;
    the app is on when both are set."""

    bot_token_env: str = Field(default="SLACK_BOT_TOKEN", description="The variable holding the bot token (xoxb-).")
    signing_secret_env: str = Field(
        default="SLACK_SIGNING_SECRET", description="The variable holding the app's signing secret."
    )
    api_url: str = Field(default="https://slack.com/api/", description="The Slack Web API's base URL.")
    api_url_env: str | None = Field(
        default="AICIDENT_SLACK_API_URL", description="A variable that, when set, overrides api_url."
    )
    notify_channel: str = Field(
        default="slack_app", description="The [[notify.channels]] entry of type slack_api its Web API calls go through."
    )
    channel_prefix: str = Field(default="inc", pattern=r"^[a-z0-9][a-z0-9_-]{0,19}$")
    private_channels: bool = False
    open_at_severities: list[str] = Field(
        default_factory=list,
        description="Open the incident's channel when it reaches one of these severities; empty: when declared.",
    )
    archive_after: str = Field(default="24 hours", description="Archive the channel this long after closing.")
    post_entry_types: list[str] = Field(
        default_factory=lambda: [
            "severity_change",
            "stage_change",
            "role_change",
            "containment_action",
            "root_cause",
            "resolution",
            "communication",
            "deadline_breached",
            "note",
            "closed",
            "reopened",
        ],
        description="Log entries of these types are posted to the incident's channel.",
    )
    reactions: dict[str, Literal["note", "evidence"]] = Field(
        default_factory=lambda: dict[str, Literal["note", "evidence"]](pushpin="note"),
        description="A reaction (emoji name without colons) that copies a message into the log, and as what.",
    )
    command: str = Field(default="/aicident", pattern=r"^/[a-z0-9_-]{1,31}$")
    timeout_seconds: float = Field(default=10.0, gt=0, le=60)

    @field_validator("archive_after")
    @classmethod
    def _clock_duration(cls, value: str) -> str:
        seconds_of(value)
        return value

    @field_validator("post_entry_types")
    @classmethod
    def _postable(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in SLACK_POSTABLE:
                raise ValueError(f"unknown log-entry type {name!r}; allowed: {', '.join(SLACK_POSTABLE)}")
        return value
