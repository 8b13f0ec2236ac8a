"""What each change to an incident means in Slack, decided in the transaction of the change and queued in the
outbox (sent after commit by `slack.delivery`): open the incident's channel and invite its role holders, keep its
pinned header up to date, post the log entries the plan lists, ask approvers to approve a draft's version,
archive the channel a while after the close. Nothing is queued while the Slack app is off."""

from __future__ import annotations

import logging
from datetime import timedelta

from aicident.comms.model import obligations
from aicident.incidents.changes import Event
from aicident.incidents.model import Incident
from aicident.incidents.present import words_of
from aicident.incidents.vocabulary import EntryType, Status
from aicident.notify.model import Message
from aicident.notify.outbox import enqueue
from aicident.plan.schema import Plan, seconds_of
from aicident.slack.model import (
    DELIVERY_ORIGIN,
    SLACK_ORIGIN,
    Header,
    approval_blocks,
    as_slack,
    channel_name,
    escape,
    header_of,
    topic,
)
from aicident.slack.repository import SlackRepository, slack_of
from aicident.slack.settings import secrets_of

log = logging.getLogger("aicident.slack")


def on_change(event: Event) -> None:
    """The Slack consequences of one new log entry (a handler of every entry type)."""
    if secrets_of(event.plan.slack) is None or not _deliverable(event.plan):
        return
    slack = slack_of(event.uow)
    if event.entry.type == EntryType.DRAFT:
        _ask_approvers(event, slack)
    row = slack.channel_of(event.incident.id)
    if row is None:
        if _opens_now(event.plan, event.incident):
            _open(event, slack)
        return
    if row.archived_at is not None:
        return
    _follow(event, slack, row)


def _deliverable(plan: Plan) -> bool:
    """Whether the plan has the slack_api channel its Slack app sends through; said once in the log when not."""
    if plan.notify.channel(plan.slack.notify_channel) is not None:
        return True
    if plan.slack.notify_channel not in _warned:
        _warned.add(plan.slack.notify_channel)
        log.error(
            "the Slack app is on, but the plan has no [[notify.channels]] entry %r of type slack_api to send through; "
            "nothing is sent to Slack",
            plan.slack.notify_channel,
        )
    return False


_warned: set[str] = set()


def _opens_now(plan: Plan, incident: Incident) -> bool:
    if incident.status == Status.CLOSED:
        return False
    wanted = plan.slack.open_at_severities
    return not wanted or incident.severity in wanted


def _names(event: Event) -> dict[str, str]:
    return {row.handle: row.name for row in event.uow.people.all()}


def _header(event: Event) -> Header:
    return header_of(event.incident, event.plan, event.now, names=_names(event))


def _message(event: Event, key: str, kind: str, subject: str, data: dict) -> Message:
    incident = event.incident
    return Message(
        id=f"slack:{incident.id}:{key}",
        channel=event.plan.slack.notify_channel,
        to=(),
        subject=subject,
        text="",
        kind=kind,
        incident_id=incident.id,
        incident_ref=incident.ref,
        data=data,
    )


def _open(event: Event, slack: SlackRepository) -> None:
    incident, plan, now = event.incident, event.plan, event.now
    header = _header(event)
    name = channel_name(plan.slack.channel_prefix, incident.ref, incident.title)
    slack.add_channel(incident_id=incident.id, name=name, header_hash=header.hash, now=now)
    data = {
        "name": name,
        "topic": topic(incident, plan),
        "private": plan.slack.private_channels,
        "header": {"text": header.text(), "blocks": header.blocks()},
        "seq": event.entry.seq,
    }
    enqueue(event.uow, _message(event, "0-open", "slack_open", f"open #{name}", data), now=now)
    for person in dict.fromkeys(incident.current_roles().values()):
        _invite(event, person)


def _invite(event: Event, person: str) -> None:
    key = f"1-invite:{event.entry.seq}:{person}"
    enqueue(event.uow, _message(event, key, "slack_invite", f"invite {person}", {"person": person}), now=event.now)


def _follow(event: Event, slack: SlackRepository, row) -> None:
    entry, plan, now = event.entry, event.plan, event.now
    if entry.type == EntryType.ROLE_CHANGE and entry.data.get("new"):
        _invite(event, str(entry.data["new"]))
    header = _header(event)
    if header.hash != row.header_hash:
        slack.update_channel(event.incident.id, now, header_hash=header.hash)
        data = {"header": {"text": header.text(), "blocks": header.blocks()}, "seq": entry.seq}
        enqueue(event.uow, _message(event, f"2-header:{entry.seq}", "slack_header", "update the header", data), now=now)
    if entry.type in plan.slack.post_entry_types and entry.data.get("origin") not in (SLACK_ORIGIN, DELIVERY_ORIGIN):
        text = f"{as_slack(entry.record, words_of(plan))} (by {escape(entry.actor)})"
        data = {"text": text, "seq": entry.seq}
        enqueue(
            event.uow, _message(event, f"3-entry:{entry.seq}", "slack_post", f"post entry {entry.seq}", data), now=now
        )
    if entry.type == EntryType.CLOSED:
        key = f"4-archive:{entry.seq}"
        message = _message(event, key, "slack_archive", "archive the channel", {"seq": entry.seq})
        if enqueue(event.uow, message, now=now):
            slack.defer(message.id, now + timedelta(seconds=seconds_of(plan.slack.archive_after)))


def _ask_approvers(event: Event, slack: SlackRepository) -> None:
    """A new version of a draft whose obligation needs approval: each approver gets its exact text and buttons."""
    incident, plan, data = event.incident, event.plan, event.entry.data
    if data.get("action") not in ("drafted", "edited"):
        return
    owed = next((o for o in obligations(incident, plan) if o.key == data.get("obligation")), None)
    if owed is None or not owed.approvers:
        return
    draft, version = str(data["draft"]), int(data["version"])
    text = next((v for v in event.uow.comms.versions(draft) if v.version == version), None)
    if text is None:
        return
    roles = set(owed.approvers)
    holders = [person for role, person in incident.current_roles().items() if role in roles]
    holders += [row.handle for row in slack.people_with_roles(roles)]
    holders = [handle for handle in dict.fromkeys(holders) if _reachable(slack, handle)]
    role_names = [plan.role(r).name for r in owed.approvers]
    summary, blocks = approval_blocks(
        ref=incident.ref,
        draft=draft,
        version=version,
        subject=text.subject,
        body=text.body,
        obligation=owed.title,
        roles=role_names,
    )
    for person in holders:
        message = _message(
            event,
            f"5-approval:{draft}:{version}:{person}",
            "slack_approval",
            f"ask {person} to approve {draft} version {version}",
            {"person": person, "text": summary, "blocks": blocks, "draft": draft, "version": version},
        )
        enqueue(event.uow, message, now=event.now)


def _reachable(slack: SlackRepository, handle: str) -> bool:
    """A person Slack can be asked about: with a Slack user id, or an email to look one up by. Others approve on
    the web page; asking Slack about them would only fail."""
    person = slack.person_by_handle(handle)
    return person is not None and person.disabled_at is None and bool(person.slack_id or person.email)
