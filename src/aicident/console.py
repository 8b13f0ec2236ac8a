"""What every CLI command shares: who is acting, the runtime, JSON output."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import typer

from aicident.client import Client
from aicident.errors import InvalidInput
from aicident.runtime import Runtime, build_runtime
from aicident.settings import Settings


@dataclass
class CliState:
    """What the root callback learns, handed to every command; the runtime is built on first use."""

    actor_override: str | None = None
    server: str | None = None
    token: str | None = None
    _runtime: Runtime | None = field(default=None, repr=False)
    _client: Client | None = field(default=None, repr=False)

    @property
    def client(self) -> Client | None:
        """The API client when the CLI talks to a server (--server / AICIDENT_SERVER), else None."""
        if self.server and self._client is None:
            self._client = Client(self.server, self.token)
        return self._client

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def runtime(self) -> Runtime:
        if self.server:
            raise InvalidInput(
                "this command works on the local store only, not with --server / AICIDENT_SERVER",
                allowed="run it on the server's machine, or use the API",
            )
        if self._runtime is None:
            self._runtime = build_runtime(Settings.from_env())
        return self._runtime

    @property
    def actor(self) -> str:
        return self.actor_override or self.settings.actor


def state(ctx: typer.Context) -> CliState:
    return ctx.find_root().obj


def emit_json(value: object) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))
