"""/aicident's sub-commands: each parses its words and calls the service function the API calls for it, as the
person the Slack user maps to; the answer (or the refusal) goes back to that person alone."""

from __future__ import annotations

from collections.abc import Callable

from aicident.auth.model import Principal
from aicident.errors import InvalidInput
from aicident.incidents import service as incidents
from aicident.incidents.deadlines import DeadlineState
from aicident.plan.schema import Plan
from aicident.runtime import Runtime
from aicident.slack.model import HELP, SUBCOMMANDS, Command, escape, mentioned_user
from aicident.slack.service import incident_ref

PersonOf = Callable[[str], Principal]  # a Slack user id (from an @mention) -> the person it maps to


def run(
    rt: Runtime, command: Command, *, principal: Principal, channel_id: str | None, person_of: PersonOf, prefix: str
) -> str:
    """Run one sub-command; its answer in mrkdwn. Refusals are raised as aicident's errors."""
    if command.name not in SUBCOMMANDS:
        raise InvalidInput(f"{command.name!r} is not a sub-command of {prefix}", allowed=", ".join(SUBCOMMANDS))
    if command.name == "help":
        return help_text(prefix)
    if command.name not in _RUN:
        raise InvalidInput(f"{command.name} opens a form in Slack", allowed=f"{prefix} {command.name}")
    ref = incident_ref(rt, channel_id=channel_id, given=command.ref)
    return _RUN[command.name](rt, command, ref, principal, person_of)


def help_text(prefix: str) -> str:
    return "\n".join(f"`{prefix} {line.split(':', 1)[0]}`:{line.split(':', 1)[1]}" for line in HELP)


def _needs(command: Command, what: str, *, start: int = 0) -> str:
    text = command.rest(start)
    if not text:
        raise InvalidInput(f"{command.name} needs {what}", allowed=f"{command.name} {what.upper()}")
    return text


def _status(rt: Runtime, command: Command, ref: str, principal: Principal, person_of: PersonOf) -> str:
    view = incidents.get(rt, ref=ref, with_log=False)
    incident, plan, now = view.incident, view.plan, view.now
    stage = next((s.name for s in plan.stages if s.id == incident.stage), incident.stage)
    roles = incident.current_roles()
    lines = [
        f"*{incident.ref}* {escape(incident.title)}",
        f"Severity: *{incident.severity or 'not triaged'}* · Stage: *{escape(stage)}* ({incident.status})",
        "Roles: "
        + (", ".join(f"{escape(plan.role(r).name)} {escape(p)}" for r, p in roles.items()) or "none assigned"),
    ]
    pending = [d for d in view.deadlines if d.state(now) in (DeadlineState.PENDING, DeadlineState.OVERDUE)]
    for deadline in sorted(pending, key=lambda d: d.due_at)[:5]:
        lines.append(f"• {escape(deadline.label)}: {deadline.describe(now)}")
    return "\n".join(lines)


def _severity(rt: Runtime, command: Command, ref: str, principal: Principal, person_of: PersonOf) -> str:
    if not command.args:
        raise InvalidInput("severity needs the new severity and a reason", allowed="severity SEV-n REASON")
    severity, reason = command.args[0].upper(), _needs(command, "a reason", start=1)
    incident = incidents.set_severity(
        rt, ref=ref, severity=severity, reason=reason, actor=principal.handle, principal=principal
    )
    return f"{incident.ref} is {incident.severity} now."


def _role_id(plan: Plan, word: str) -> str:
    wanted = word.strip().lower().replace(" ", "_").replace("-", "_")
    for role in plan.roles:
        if wanted in (role.id, role.name.lower().replace(" ", "_")):
            return role.id
    raise InvalidInput(f"unknown role {word!r}", allowed=", ".join(plan.role_ids()))


def _assign(rt: Runtime, command: Command, ref: str, principal: Principal, person_of: PersonOf) -> str:
    if len(command.args) < 2:
        raise InvalidInput("assign needs a role and a person", allowed="assign ROLE @person")
    role = _role_id(rt.plan, command.args[0])
    user = mentioned_user(command.args[1])
    handle = person_of(user).handle if user else command.args[1].lstrip("@").lower()
    incidents.assign(rt, ref=ref, role=role, person=handle, actor=principal.handle, principal=principal)
    return f"{handle} is {rt.plan.role(role).name} of {ref} now."


def _contain(rt: Runtime, command: Command, ref: str, principal: Principal, person_of: PersonOf) -> str:
    if command.args and command.args[0].lower() in ("none-needed", "none_needed", "--none-needed"):
        reason = _needs(command, "a reason", start=1)
        incidents.contain(rt, ref=ref, none_needed=reason, actor=principal.handle, principal=principal)
        return f"Recorded on {ref}: no containment is needed."
    action = _needs(command, "the containment action")
    incidents.contain(rt, ref=ref, action=action, actor=principal.handle, principal=principal)
    return f"Recorded containment on {ref}."


def _note(rt: Runtime, command: Command, ref: str, principal: Principal, person_of: PersonOf) -> str:
    incidents.add_entry(
        rt, ref=ref, type="note", text=_needs(command, "the note's text"), actor=principal.handle, principal=principal
    )
    return f"Added a note to {ref}'s log."


def _advance(rt: Runtime, command: Command, ref: str, principal: Principal, person_of: PersonOf) -> str:
    to, reason = None, command.rest()
    if command.args and command.args[0] in rt.plan.stage_ids():
        to, reason = command.args[0], command.rest(1)
    incident = incidents.advance(rt, ref=ref, to=to, reason=reason, actor=principal.handle, principal=principal)
    return f"{incident.ref} is in {next(s.name for s in rt.plan.stages if s.id == incident.stage)} now."


def _resolve(rt: Runtime, command: Command, ref: str, principal: Principal, person_of: PersonOf) -> str:
    summary = _needs(command, "a summary of the fix")
    incidents.resolve(rt, ref=ref, summary=summary, actor=principal.handle, principal=principal)
    return f"{ref} is resolved."


_RUN: dict[str, Callable[[Runtime, Command, str, Principal, PersonOf], str]] = {
    "status": _status,
    "severity": _severity,
    "assign": _assign,
    "contain": _contain,
    "note": _note,
    "advance": _advance,
    "resolve": _resolve,
}
