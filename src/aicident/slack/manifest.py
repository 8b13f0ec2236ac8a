"""The Slack app manifest a workspace admin pastes at api.slack.com/apps ("From an app manifest") to create the app:
its command, shortcuts, event, scopes and request URLs, for the address the service is reached at (pure)."""

from __future__ import annotations

from typing import Any

import yaml

from aicident.plan.schema import Slack

# Bot scopes, each for the calls that need it.
SCOPES = (
    "channels:manage",  # conversations.create, setTopic, invite, archive (public channels)
    "groups:write",  # the same for private channels
    "channels:read",  # conversations.list: find a channel whose creation answer was lost
    "groups:read",
    "channels:history",  # conversations.history: the message a reaction was added to, a post whose answer was lost
    "groups:history",
    "chat:write",  # chat.postMessage, chat.update, chat.postEphemeral
    "pins:write",  # pins.add: the header
    "im:write",  # conversations.open: an approver's direct message
    "users:read",  # users.info: a message's author
    "users:read.email",  # users.lookupByEmail and profile emails: people without a Slack id in aicident
    "reactions:read",  # the reaction_added event
    "commands",  # /aicident
)


def manifest(slack: Slack, base_url: str, *, name: str = "aicident") -> dict[str, Any]:
    base = base_url.rstrip("/")
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": name,
            "description": "Run AI incidents where responders already talk: a channel per incident.",
        },
        "features": {
            "bot_user": {"display_name": name, "always_online": True},
            "shortcuts": [
                {
                    "name": "Add to incident log",
                    "type": "message",
                    "callback_id": "add_to_incident_log",
                    "description": "Copy this message into the incident's log as a note",
                },
                {
                    "name": "Add to incident log as evidence",
                    "type": "message",
                    "callback_id": "add_to_incident_log_as_evidence",
                    "description": "Copy this message into the incident's log as evidence",
                },
            ],
            "slash_commands": [
                {
                    "command": slack.command,
                    "url": f"{base}/api/v1/slack/commands",
                    "description": "Work on the incident of this channel",
                    "usage_hint": "help | status | severity SEV-n REASON | assign ROLE @person | note TEXT",
                    "should_escape": True,
                }
            ],
        },
        "oauth_config": {"scopes": {"bot": list(SCOPES)}},
        "settings": {
            "event_subscriptions": {"request_url": f"{base}/api/v1/slack/events", "bot_events": ["reaction_added"]},
            "interactivity": {"is_enabled": True, "request_url": f"{base}/api/v1/slack/interactions"},
            "org_deploy_enabled": False,
            "socket_mode_enabled": False,
            "token_rotation_enabled": False,
        },
    }


def manifest_yaml(slack: Slack, base_url: str) -> str:
    return yaml.safe_dump(manifest(slack, base_url), sort_keys=False, allow_unicode=True, width=120)
