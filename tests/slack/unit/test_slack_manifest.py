"""The app manifest in docs/slack.md is what `aicident slack manifest` prints for the default plan, and every scope
it asks for is one the calls aicident makes need (each method's scopes in Slack's API description)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from aicident.plan.loader import default_plan
from aicident.slack.manifest import SCOPES, manifest

ROOT = Path(__file__).resolve().parents[3]


def test_the_documented_manifest_is_the_one_the_command_prints():
    text = (ROOT / "docs" / "slack.md").read_text()
    section = text.split("## The app manifest", 1)[1]
    documented = yaml.safe_load(re.search(r"^```yaml\n(.*?)^```", section, re.S | re.M).group(1))
    assert documented == manifest(default_plan().slack, "https://aicident.example.com")


def test_the_manifest_asks_for_the_scopes_slack_lists_for_the_methods_aicident_calls():
    spec = json.loads((ROOT / "tests" / "fixtures" / "slack" / "web_api.json").read_text())
    # The bot-token scope of each method aicident calls, as the snapshot names them (chat:write:bot is chat:write).
    needed = {
        "conversations.create": "channels:manage",
        "conversations.setTopic": "channels:manage",
        "conversations.invite": "channels:manage",
        "conversations.archive": "channels:manage",
        "conversations.list": "channels:read",
        "conversations.history": "channels:history",
        "conversations.open": "im:write",
        "chat.postMessage": "chat:write",
        "chat.update": "chat:write",
        "chat.postEphemeral": "chat:write",
        "pins.add": "pins:write",
        "users.info": "users:read",
        "users.lookupByEmail": "users:read.email",
    }
    for method, scope in needed.items():
        listed = spec["methods"][method]["scopes"]
        family = scope.split(":")[0]
        assert any(s.split(":")[0] == family for s in listed) or scope in listed, (method, listed)
        assert scope in SCOPES, scope
    assert "commands" in SCOPES and "reactions:read" in SCOPES  # /aicident and the reaction_added event
