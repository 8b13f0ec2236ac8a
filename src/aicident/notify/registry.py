"""Channel types by the plan's `type`, and the channel a message names."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping

from aicident.notify.channels import Channel
from aicident.notify.model import PermanentFailure
from aicident.plan.schema import NotifyChannel, Plan

ChannelFactory = Callable[[NotifyChannel, Mapping[str, str]], Channel]

# "module:class", imported on first use: the email package alone adds tens of milliseconds to every CLI start.
CHANNELS: dict[str, ChannelFactory | str] = {
    "smtp": "aicident.notify.smtp:SmtpChannel",
    "slack": "aicident.notify.http:SlackChannel",
    "teams": "aicident.notify.http:TeamsChannel",
    "webhook": "aicident.notify.http:WebhookChannel",
    "pagerduty": "aicident.notify.http:PagerDutyChannel",
    "slack_api": "aicident.slack.delivery:SlackApiChannel",
}


def register(channel_type: str, factory: ChannelFactory | str) -> None:
    """Add a channel type (a factory, or "module:attribute" naming one)."""
    CHANNELS[channel_type] = factory


def factory_of(channel_type: str) -> ChannelFactory | None:
    factory = CHANNELS.get(channel_type)
    if isinstance(factory, str):
        module, _, attribute = factory.partition(":")
        factory = CHANNELS[channel_type] = getattr(importlib.import_module(module), attribute)
    return factory


def channel_for(plan: Plan, name: str, environ: Mapping[str, str] | None = None) -> Channel:
    """The channel `name` of the plan, its settings read from the environment now, so that a variable set after a
    permanent failure is used when an operator retries the message, without a restart."""
    config = plan.notify.channel(name)
    if config is None:
        configured = ", ".join(c.name for c in plan.notify.channels) or "(none)"
        raise PermanentFailure(
            f"no channel named {name!r} in the plan's [notify] channels", allowed=f"one of: {configured}"
        )
    factory = factory_of(config.type)
    if factory is None:
        raise PermanentFailure(
            f"channel {name!r} has type {config.type!r}, which no channel implements",
            allowed=", ".join(sorted(CHANNELS)),
        )
    return factory(config, os.environ if environ is None else environ)
