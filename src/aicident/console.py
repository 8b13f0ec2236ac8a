"""What every CLI command shares: who is acting, the runtime, JSON output.

The local command line acts as a registered person, with that person's permissions, as the API does for a token:
the handle given with `--as` or AICIDENT_ACTOR, else the single administrator (created on the first start of an
installation where nobody is registered yet). The operating-system user is never an actor."""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, field
from typing import TypedDict

import typer

from aicident.auth import service as auth
from aicident.auth.model import Principal
from aicident.client import Client
from aicident.errors import AicidentError, InvalidInput, Step
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
    _principal: Principal | None = field(default=None, repr=False)

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
    def principal(self) -> Principal:
        """The registered person this command acts as, checked by the services as the API checks a token's."""
        if self._principal is None:
            handle = (self.actor_override or self.settings.actor or "").strip()
            if handle:
                self._principal = auth.principal_for(self.runtime, handle=handle)
            else:
                found = auth.sole_administrator(self.runtime)
                if found is None:
                    raise InvalidInput(
                        "say who is acting: this installation has more than one administrator (or none active)",
                        allowed="--as HANDLE or AICIDENT_ACTOR=HANDLE, the handle of a registered person",
                        next=[Step("list_people", "list the people")],
                    )
                self._principal = found
        return self._principal

    @property
    def actor(self) -> str:
        """The handle recorded in the incident log: always a registered person's."""
        return self.principal.handle

    @property
    def who(self) -> Who:
        """`actor` and `principal`, as the services take them: `service.x(..., **cli.who)`."""
        return {"actor": self.actor, "principal": self.principal}


class Who(TypedDict):
    actor: str
    principal: Principal


def state(ctx: typer.Context) -> CliState:
    return ctx.find_root().obj


def emit_json(value: object) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


# How each step that would satisfy a refusal is taken at the command line; an argument the step leaves to the
# person is shown as its name in capitals.
STEP_COMMANDS = {
    "list_incidents": "aicident list",
    "reload": "aicident show {ref}",
    "triage": "aicident triage {ref} --severity SEV-n",
    "assign": "aicident assign {ref} {role} PERSON",
    "advance": "aicident advance {ref}",
    "contain": "aicident contain {ref} ACTION",
    "decide_no_containment": "aicident contain {ref} --none-needed REASON",
    "diagnose": "aicident diagnose {ref} LAYER TEXT",
    "resolve": "aicident resolve {ref} SUMMARY",
    "communicate": "aicident communicate {ref} {obligation} SUMMARY",
    "waive": "aicident communicate {ref} {obligation} --waive REASON",
    "approve_draft": "aicident comms approve {ref} {draft}",
    "fill_draft": "aicident comms fill {ref} {draft} --version N --slot NAME=TEXT",
    "customer_facts": "aicident facts {ref} --customer-summary TEXT --customer-impact TEXT",
    "edit_report_section": "aicident report edit {ref} --section SECTION --text TEXT",
    "import_customers": "aicident customers import {ref} FILE.csv",
    "document": "aicident document {ref}",
    "review": "aicident review {ref} SUMMARY --attendee PERSON",
    "close": "aicident close {ref}",
    "reopen": "aicident reopen {ref} --reason REASON",
    "add_person": "aicident people add {handle} --name NAME --email EMAIL",
    "list_people": "aicident people list",
    "add_integration": "aicident integration add NAME --format {format}",
    "list_integrations": "aicident integration list",
    "rotate_integration": "aicident integration rotate {name}",
    "list_tokens": "aicident token list",
    "list_outbox": "aicident outbox list",
    "list_signals": "aicident signals list",
    "list_action_items": "aicident action list",
    "register_feature": "aicident controls register {feature}",
    "list_control_changes": "aicident controls history",
    "restore_control": "aicident controls restore {feature} --incident {ref} --reason REASON",
    "keep_control": "aicident controls keep {feature} --incident {ref} --reason REASON --owner PERSON --review DATE",
    "create_token": "aicident token create {handle}",
    "migrate": "aicident serve",
    "link_slack": "aicident slack link HANDLE {slack_id}",
}


class _Placeholders(dict):
    def __missing__(self, key: str) -> str:
        return key.upper()


def command_for(step: Step) -> str | None:
    """The command line that takes `step`, or None when the CLI has none for it."""
    template = STEP_COMMANDS.get(step.action)
    if template is None:
        return None
    names = {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}
    return template.format_map(_Placeholders({k: v for k, v in step.args.items() if k in names}))


def error_lines(error: AicidentError) -> list[str]:
    """An error as the CLI prints it: one line, then the commands that would satisfy it."""
    lines = [f"error: {error}"]
    commands = list(dict.fromkeys(c for step in error.next if (c := command_for(step))))
    for index, command in enumerate(commands):
        lines.append(f"  {'next:' if index == 0 else 'or:  '} {command}")
    return lines
