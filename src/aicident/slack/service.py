"""The Slack app's use cases: who a Slack user is in aicident, which incident a channel belongs to, copying a message
into the log, approving a draft's version from a button, linking a person to their Slack user, and what the API
shows of an incident's channel. Each acts through the service functions the API, the CLI and the web UI call."""

from __future__ import annotations

import re
from collections.abc import Callable

from aicident.auth.model import Principal
from aicident.comms import service as comms
from aicident.errors import Conflict, Forbidden, InvalidInput, NotFound, PreconditionFailed, Step, Unauthorized
from aicident.incidents import service as incidents
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue
from aicident.runtime import Runtime
from aicident.slack.model import SLACK_ORIGIN, parse_approval_value
from aicident.slack.repository import EVENT_MEMORY, principal_of, slack_of

SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,30}$")

EmailOf = Callable[[str], str | None]  # a Slack user id -> the email of their Slack profile (users.info), or None


# --- people -------------------------------------------------------------------------------------------------------


def person_for(rt: Runtime, slack_user: str, *, email_of: EmailOf | None = None) -> Principal:
    """The person a Slack user acts as: the one whose slack_id it is, else the one person with the email of their
    Slack profile. Anyone else is refused: Slack does not make a person of aicident."""
    with rt.uow(read_only=True) as uow:
        slack = slack_of(uow)
        row = slack.person_by_slack_id(slack_user)
        if row is None and email_of is not None:
            email = email_of(slack_user)
            found = slack.people_by_email(email) if email else []
            row = found[0] if len(found) == 1 and not found[0].slack_id else None
    if row is None:
        raise Unauthorized(
            f"the Slack user {slack_user} is not a person of aicident",
            allowed="an administrator links your Slack user id to your person in aicident, or gives your person "
            "the email of your Slack profile",
            next=[Step("link_slack", "link a person to their Slack user", {"slack_id": slack_user})],
        )
    if row.disabled_at is not None:
        raise Forbidden(f"{row.handle} is disabled in aicident", allowed="an administrator enables the person")
    return principal_of(row)


def link(rt: Runtime, *, handle: str, slack_id: str | None) -> dict:
    """Set (or, with None, clear) the Slack user id of a person."""
    if slack_id is not None:
        slack_id = slack_id.strip().upper()
        if not SLACK_USER.match(slack_id):
            raise InvalidInput(
                f"{slack_id!r} is not a Slack user id",
                allowed="the member id of the person's Slack profile, e.g. U0123ABCDEF",
            )
    with rt.uow() as uow:
        slack = slack_of(uow)
        person = slack.person_by_handle(handle.strip().lower())
        if person is None:
            raise NotFound(
                f"no person {handle!r}",
                allowed="the handle of a registered person",
                next=[Step("list_people", "list the people")],
            )
        taken = slack.person_by_slack_id(slack_id) if slack_id else None
        if taken is not None and taken.id != person.id:
            raise Conflict(f"the Slack user {slack_id} is linked to {taken.handle} already")
        slack.set_slack_id(person.id, slack_id)
    return {"handle": person.handle, "slack_id": slack_id}


# --- channels and incidents -----------------------------------------------------------------------------------


def incident_ref(rt: Runtime, *, channel_id: str | None, given: str | None) -> str:
    """The incident a command is about: the ref it names, else the incident whose channel it was typed in."""
    if given:
        return given
    if channel_id:
        with rt.uow(read_only=True) as uow:
            row = slack_of(uow).incident_of_channel(channel_id)
            if row is not None:
                return uow.incidents.get_by_id(row.incident_id).ref
    raise InvalidInput(
        "this channel is not an incident's channel",
        allowed="run it in the incident's channel, or name the incident after the sub-command (e.g. INC-2026-0001)",
    )


def channel_status(rt: Runtime, *, ref: str) -> dict:
    """The incident's Slack channel as the API shows it, with the permanent failure it has, if any."""
    with rt.uow(read_only=True) as uow:
        incident = uow.incidents.get(ref)
        row = slack_of(uow).channel_of(incident.id)
    if row is None:
        return {"ref": ref, "channel": None}
    return {
        "ref": ref,
        "channel": {
            "name": row.name,
            "id": row.channel_id,
            "header_ts": row.header_ts,
            "header_entry": row.header_seq,
            "pinned": row.pinned,
            "archived_at": row.archived_at.isoformat() if row.archived_at else None,
            "last_error": row.last_error,
            "last_error_at": row.last_error_at.isoformat() if row.last_error_at else None,
        },
    }


# --- inbound events -------------------------------------------------------------------------------------------


def first_delivery(rt: Runtime, *, key: str) -> bool:
    """True the first time Slack delivers event `key`; its retries (X-Slack-Retry-Num) get False."""
    with rt.uow() as uow:
        slack = slack_of(uow)
        slack.forget_events(rt.clock() - EVENT_MEMORY)
        return slack.claim_event(key, rt.clock())


def tell(rt: Runtime, *, channel: str, user: str, text: str, key: str) -> None:
    """An ephemeral answer to a person in a channel, sent through the outbox (chat.postEphemeral)."""
    with rt.uow() as uow:
        enqueue(
            uow,
            Message(
                id=f"slack:ephemeral:{key}"[:200],
                channel=rt.plan.slack.notify_channel,
                to=(),
                subject=f"answer {user}",
                text="",
                kind="slack_ephemeral",
                data={"channel": channel, "user": user, "text": text},
            ),
            now=rt.clock(),
        )


# --- messages into the log ------------------------------------------------------------------------------------


def add_message(
    rt: Runtime,
    *,
    principal: Principal,
    ref: str,
    kind: str,
    text: str,
    author: str,
    permalink: str,
) -> str:
    """Copy a channel message into the incident's log as a note or evidence, with its author and permalink."""
    if kind not in ("note", "evidence"):
        raise InvalidInput(f"a Slack message goes into the log as a note or evidence, not {kind!r}")
    if not text.strip():
        raise InvalidInput("the message has no text to add", allowed="a message with text")
    incidents.add_entry(
        rt,
        ref=ref,
        type=kind,
        text=f"{author} wrote in Slack: {text.strip()}",
        actor=principal.handle,
        principal=principal,
        link=permalink or None,
        origin=SLACK_ORIGIN,
    )
    return f"Added to {ref}'s log as {'a note' if kind == 'note' else 'evidence'}."


# --- approvals ------------------------------------------------------------------------------------------------


def _superseded(rt: Runtime, ref: str, draft: str, version: int) -> str | None:
    current = comms.get_draft(rt, ref=ref, draft_id=draft)
    if current["state"] != "draft":
        return f"{draft} was sent already (version {current['sent_version']}); nothing is left to approve"
    if current["version"] != version:
        return (
            f"{draft} version {version} is superseded by version {current['version']}: approve the text you have read"
        )
    return None


def approve(rt: Runtime, *, principal: Principal, value: str) -> str:
    """Approve exactly the version the button was shown for; a newer version refuses the click."""
    ref, draft, version = parse_approval_value(value)
    reason = _superseded(rt, ref, draft, version)
    if reason:
        raise PreconditionFailed(reason, allowed="open the newest message about this draft")
    try:
        done = comms.approve(rt, ref=ref, draft_id=draft, version=version, actor=principal.handle, principal=principal)
    except PreconditionFailed:  # a new version landed between the check and the approval
        reason = _superseded(rt, ref, draft, version)
        raise PreconditionFailed(
            reason or f"{draft} changed", allowed="open the newest message about this draft"
        ) from None
    roles = [a["role"] for a in done["approvals"] if a["version"] == version and a["person"] == principal.handle]
    return f"You approved {draft} version {version} of {ref}" + (f" as {', '.join(roles)}." if roles else ".")


def reject(rt: Runtime, *, principal: Principal, value: str) -> str:
    """Decline to approve a version: said in the log, so the Communications Lead sees it."""
    ref, draft, version = parse_approval_value(value)
    reason = _superseded(rt, ref, draft, version)
    if reason:
        raise PreconditionFailed(reason, allowed="open the newest message about this draft")
    incidents.add_entry(
        rt,
        ref=ref,
        type="note",
        text=f"Declined to approve draft {draft} version {version}",
        actor=principal.handle,
        principal=principal,
        origin=SLACK_ORIGIN,
    )
    return f"You declined to approve {draft} version {version} of {ref}; the log says so."
