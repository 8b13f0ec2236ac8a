"""The Slack app's settings from the environment: its secrets (never in the plan) and the Web API's address."""

from __future__ import annotations

import os
from collections.abc import Mapping

from aicident.plan.schema import Slack


def secrets_of(slack: Slack, environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """The bot token and signing secret, or None when either is missing (the Slack app is off)."""
    env = os.environ if environ is None else environ
    token, secret = env.get(slack.bot_token_env, ""), env.get(slack.signing_secret_env, "")
    return (token, secret) if token and secret else None


def api_url(slack: Slack, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    url = (env.get(slack.api_url_env) if slack.api_url_env else None) or slack.api_url
    return url if url.endswith("/") else url + "/"
