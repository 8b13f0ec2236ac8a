"""The one interface every channel implements, and how a channel reads its settings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Literal, Protocol, overload

from aicident.notify.model import Message, PermanentFailure, Sent
from aicident.plan.schema import NotifyChannel


class Channel(Protocol):
    """Sends one message; raises PermanentFailure or TransientFailure when it cannot."""

    name: str

    def send(self, message: Message, *, now: datetime) -> Sent: ...


@overload
def setting(config: NotifyChannel, key: str, environ: Mapping[str, str], *, required: Literal[True] = True) -> str: ...
@overload
def setting(config: NotifyChannel, key: str, environ: Mapping[str, str], *, required: bool) -> str | None: ...
def setting(config: NotifyChannel, key: str, environ: Mapping[str, str], *, required: bool = True) -> str | None:
    """A channel setting: the environment variable named by `<key>_env` when that is set, else `<key>` itself.
    A required setting that is missing is a permanent failure that says which setting and which variable."""
    env_name = getattr(config, f"{key}_env", None)
    if env_name and environ.get(env_name):
        return environ[env_name]
    value = getattr(config, key, None)
    if value not in (None, ""):
        return str(value)
    if not required:
        return None
    if env_name:
        raise PermanentFailure(
            f"channel {config.name!r} has no {key}: the environment variable {env_name} "
            f"(named by {key}_env) is not set",
            allowed=f"set {env_name} in the environment of the workers",
        )
    raise PermanentFailure(
        f"channel {config.name!r} has no {key}",
        allowed=f"set {key}_env in the plan's [[notify.channels]] entry {config.name!r}",
    )
