"""Channel types by the plan's `type`, and the channel a message names."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from aicident.notify.channels import Channel
from aicident.notify.http import PagerDutyChannel, SlackChannel, TeamsChannel, WebhookChannel
from aicident.notify.model import PermanentFailure
from aicident.notify.smtp import SmtpChannel
from aicident.plan.schema import NotifyChannel, Plan

ChannelFactory = Callable[[NotifyChannel, Mapping[str, str]], Channel]

CHANNELS: dict[str, ChannelFactory] = {
    "smtp": SmtpChannel,
    "slack": SlackChannel,
    "teams": TeamsChannel,
    "webhook": WebhookChannel,
    "pagerduty": PagerDutyChannel,
}


def channel_for(plan: Plan, name: str, environ: Mapping[str, str] | None = None) -> Channel:
    """The channel `name` of the plan, its settings read from the environment now, so that a variable set after a
    permanent failure is used when an operator retries the message, without a restart."""
    config = plan.notify.channel(name)
    if config is None:
        configured = ", ".join(c.name for c in plan.notify.channels) or "(none)"
        raise PermanentFailure(f"no channel named {name!r} in the plan's [notify] channels",
                               allowed=f"one of: {configured}")
    factory = CHANNELS.get(config.type)
    if factory is None:
        raise PermanentFailure(f"channel {name!r} has type {config.type!r}, which no channel implements",
                               allowed=", ".join(sorted(CHANNELS)))
    return factory(config, os.environ if environ is None else environ)
