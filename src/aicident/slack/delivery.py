"""The outbox channel of type `slack_api`: each message is one step of the Slack app (open the incident's channel,
invite a person, edit the header, post an entry, ask an approver, archive), sent after the change that caused it
committed, at least once, with its id as the key that keeps a retry from doing it twice.

A step that needs the channel waits (a transient failure with a short Retry-After) until the step that opens it
is done. What Slack answered (the channel's id, the header's ts, what was posted) is kept in the slack_* tables,
each in a small transaction of its own, so that a retry resumes where the last try stopped. A permanent failure
is recorded on the incident's channel row and told on the incident itself, once per distinct error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from aicident.errors import NotFound
from aicident.incidents.vocabulary import EntryType, Status
from aicident.notify.model import DeliveryFailed, Message, PermanentFailure, Sent, TransientFailure
from aicident.plan.schema import NotifyChannel
from aicident.slack.model import ALREADY_DONE, DELIVERY_ORIGIN
from aicident.slack.repository import slack_of
from aicident.slack.settings import api_url, secrets_of
from aicident.slack.web import SlackWeb, slack_error

if TYPE_CHECKING:
    from aicident.runtime import Runtime

log = logging.getLogger("aicident.slack")

SYSTEM_ACTOR = "aicident"
METADATA_TYPE = "aicident_message"
CHANNEL_WAIT = 2.0  # seconds a step waits for the channel to be opened


class SlackApiChannel:
    """Sends the Slack app's steps through the Web API. It keeps state in the database, so the outbox attaches the
    runtime before each send (`attach`)."""

    def __init__(self, config: NotifyChannel, environ: Mapping[str, str]):
        self.name = config.name
        self.config = config
        self.environ = environ
        self.rt: Runtime | None = None

    def attach(self, rt: Runtime) -> None:
        self.rt = rt

    def send(self, message: Message, *, now: datetime) -> Sent:
        if self.rt is None:
            raise PermanentFailure(
                f"channel {self.name!r} (slack_api) was used without the runtime it keeps its state in",
                allowed="deliver it with the outbox worker",
            )
        slack = self.rt.plan.slack
        secrets = secrets_of(slack, self.environ)
        if secrets is None:
            raise PermanentFailure(
                f"the Slack app is off: {slack.bot_token_env} and {slack.signing_secret_env} must both be set",
                allowed=f"set {slack.bot_token_env} and {slack.signing_secret_env} in the environment of the workers",
            )
        step = STEPS.get(message.kind)
        if step is None:
            raise PermanentFailure(f"{message.kind!r} is not a step of the Slack app", allowed=", ".join(STEPS))
        web = SlackWeb(token=secrets[0], base_url=api_url(slack, self.environ), timeout=self.config.timeout_seconds)
        try:
            note = step(Steps(self.rt, web, message, now))
        except PermanentFailure as failure:
            self._tell_incident(message, failure, now)
            raise
        self._healthy(message, now)
        return Sent(http_status=200, note=note)

    # --- what a permanent failure leaves on the incident --------------------------------------------------------

    def _tell_incident(self, message: Message, failure: DeliveryFailed, now: datetime) -> None:
        if not message.incident_id or self.rt is None:
            return
        text = f"Slack could not {_WHAT.get(message.kind, 'deliver a message')}: {failure}"
        try:
            with self.rt.changing(incident_id=message.incident_id, action=None) as change:
                slack = slack_of(change.uow)
                row = slack.channel_of(message.incident_id)
                if row is not None and row.last_error == text:
                    return  # told already; the outbox keeps every failed message
                if row is not None:
                    slack.update_channel(message.incident_id, now, last_error=text, last_error_at=now)
                change.incident.add_entry(
                    EntryType.NOTE, text=text, actor=SYSTEM_ACTOR, now=change.now, origin=DELIVERY_ORIGIN
                )
        except NotFound:
            return

    def _healthy(self, message: Message, now: datetime) -> None:
        """A step that worked clears a channel error it may have had (so that a new one is told again)."""
        if not message.incident_id or self.rt is None or message.kind not in _USES_CHANNEL:
            return
        with self.rt.uow() as uow:
            slack = slack_of(uow)
            row = slack.channel_of(message.incident_id)
            if row is not None and row.last_error is not None:
                slack.update_channel(message.incident_id, now, last_error=None, last_error_at=None)


_WHAT = {
    "slack_open": "open the incident's channel",
    "slack_invite": "invite a person to the incident's channel",
    "slack_header": "update the incident's header",
    "slack_post": "post to the incident's channel",
    "slack_approval": "send an approval request",
    "slack_archive": "archive the incident's channel",
    "slack_ephemeral": "answer a person",
}
_USES_CHANNEL = ("slack_open", "slack_invite", "slack_header", "slack_post", "slack_archive")


class Steps:
    """One message's step: the runtime (for the slack_* tables), the Web API, the message and the time."""

    def __init__(self, rt: Runtime, web: SlackWeb, message: Message, now: datetime):
        self.rt, self.web, self.message, self.now = rt, web, message, now
        self.data = message.data

    # --- the tables, a short transaction each ---------------------------------------------------------------------

    def row(self):
        with self.rt.uow(read_only=True) as uow:
            return slack_of(uow).channel_of(self.message.incident_id or "")

    def record(self, **values) -> None:
        with self.rt.uow() as uow:
            slack_of(uow).update_channel(self.message.incident_id or "", self.now, **values)

    def channel(self) -> str:
        """The incident's channel id; a transient failure while the step that opens it has not yet."""
        row = self.row()
        if row is None or not row.channel_id:
            raise TransientFailure("the incident's Slack channel is not open yet", retry_after=CHANNEL_WAIT)
        if row.archived_at is not None:
            raise PermanentFailure(
                "the incident's Slack channel is archived", allowed="unarchive it in Slack, then retry the message"
            )
        return row.channel_id

    def call(self, method: str, **args) -> dict:
        """A Web API call; an error that says the effect is there already counts as done."""
        try:
            return self.web.call(method, now=self.now, **args)
        except PermanentFailure as failure:
            if slack_error(failure) in ALREADY_DONE.get(method, ()):
                return {"ok": True, "already": slack_error(failure)}
            raise

    # --- posting once ---------------------------------------------------------------------------------------------

    def post(self, key: str, channel: str, *, text: str, blocks: list | None = None) -> str:
        """chat.postMessage once for `key`: a retry after a post whose answer was lost finds the message by the
        metadata it carries (conversations.history) instead of posting it twice. Returns the message's ts."""
        with self.rt.uow(read_only=True) as uow:
            done = slack_of(uow).post_of(key)
        if done is not None and done.ts:
            return done.ts
        if done is not None:  # started before and not recorded: did Slack post it?
            found = self._find_posted(key, done.channel_id, done.started_at)
            if found:
                self._posted(key, found)
                return found
        with self.rt.uow() as uow:
            slack_of(uow).start_post(key, channel_id=channel, now=self.now)
        metadata = {"event_type": METADATA_TYPE, "event_payload": {"message_id": key}}
        args = {"text": text, "metadata": metadata, "unfurl_links": False}
        if blocks:
            args["blocks"] = blocks
        answer = self.call("chat.postMessage", channel=channel, **args)
        ts = str(answer.get("ts", ""))
        self._posted(key, ts)
        return ts

    def _posted(self, key: str, ts: str) -> None:
        with self.rt.uow() as uow:
            slack_of(uow).finish_post(key, ts=ts, now=self.now)

    def _find_posted(self, key: str, channel: str, started_at: datetime) -> str | None:
        oldest = (started_at - timedelta(minutes=1)).timestamp()
        answer = self.call(
            "conversations.history", channel=channel, oldest=f"{oldest:.6f}", include_all_metadata=True, limit=200
        )
        for posted in answer.get("messages") or []:
            payload = (posted.get("metadata") or {}).get("event_payload") or {}
            if payload.get("message_id") == key:
                return str(posted.get("ts"))
        return None

    # --- people ---------------------------------------------------------------------------------------------------

    def slack_user(self, handle: str) -> str:
        """The Slack user id of a person: their slack_id, or found by their email (users.lookupByEmail)."""
        with self.rt.uow(read_only=True) as uow:
            person = slack_of(uow).person_by_handle(handle)
        if person is not None and person.slack_id:
            return person.slack_id
        if person is None or not person.email:
            raise PermanentFailure(
                f"{handle} has no Slack user id and no email to look one up by",
                allowed="set their Slack user id (people slack-id) or their email",
            )
        answer = self.call("users.lookupByEmail", email=person.email)
        return str((answer.get("user") or {}).get("id", ""))


# --- the steps ----------------------------------------------------------------------------------------------------


def open_channel(step: Steps) -> str:
    """Create the channel (or find the one a lost answer created), set its topic, post and pin the header."""
    data = step.data
    row = step.row()
    if row is None:
        raise PermanentFailure("the incident has no Slack channel row", allowed="declare it again")
    channel = row.channel_id
    if not channel:
        channel = _create(step, data["name"], bool(data.get("private")))
        step.record(channel_id=channel)
    if not row.topic_set:
        step.call("conversations.setTopic", channel=channel, topic=data["topic"])
        step.record(topic_set=True)
    header_ts = row.header_ts
    if not header_ts:
        header = data["header"]
        header_ts = step.post(f"{step.message.id}:header", channel, text=header["text"], blocks=header["blocks"])
        with step.rt.uow() as uow:
            slack_of(uow).show_header(step.message.incident_id or "", seq=int(data["seq"]), ts=header_ts, now=step.now)
    if not row.pinned:
        step.call("pins.add", channel=channel, timestamp=header_ts)
        step.record(pinned=True)
    return f"channel {channel} ({data['name']}), header {header_ts}"


def _create(step: Steps, name: str, private: bool) -> str:
    try:
        return str(step.call("conversations.create", name=name, is_private=private)["channel"]["id"])
    except PermanentFailure as failure:
        if slack_error(failure) != "name_taken":
            raise
    found = _channel_named(step, name)  # made by an earlier try whose answer was lost, or by a person
    if found is None or not found.get("is_member"):
        raise PermanentFailure(
            f"a Slack channel named #{name} exists and the aicident app is not in it",
            allowed=f"invite the app to #{name} (or rename that channel), then retry the message",
        ) from None
    return str(found["id"])


def _channel_named(step: Steps, name: str) -> dict | None:
    cursor = None
    for _page in range(20):
        args = {"types": "public_channel,private_channel", "exclude_archived": True, "limit": 1000}
        if cursor:
            args["cursor"] = cursor
        answer = step.call("conversations.list", **args)
        for channel in answer.get("channels") or []:
            if channel.get("name") == name:
                return channel
        cursor = (answer.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None
    return None


def invite(step: Steps) -> str:
    channel = step.channel()
    user = step.slack_user(step.data["person"])
    answer = step.call("conversations.invite", channel=channel, users=user)
    return f"{step.data['person']} ({user}) " + ("was in the channel" if answer.get("already") else "invited")


def update_header(step: Steps) -> str:
    channel = step.channel()
    row = step.row()
    seq = int(step.data["seq"])
    if not row.header_ts:
        raise TransientFailure("the header is not posted yet", retry_after=CHANNEL_WAIT)
    if row.header_seq is not None and row.header_seq >= seq:
        return f"a newer header (entry {row.header_seq}) is shown already"
    header = step.data["header"]
    step.call("chat.update", channel=channel, ts=row.header_ts, text=header["text"], blocks=header["blocks"])
    with step.rt.uow() as uow:
        slack_of(uow).show_header(step.message.incident_id or "", seq=seq, ts=row.header_ts, now=step.now)
    return f"header {row.header_ts} shows entry {seq}"


def post_entry(step: Steps) -> str:
    channel = step.channel()
    ts = step.post(step.message.id, channel, text=step.data["text"], blocks=step.data.get("blocks"))
    return f"posted {ts}"


def ask_approval(step: Steps) -> str:
    user = step.slack_user(step.data["person"])
    answer = step.call("conversations.open", users=user)
    channel = str((answer.get("channel") or {}).get("id", ""))
    ts = step.post(step.message.id, channel, text=step.data["text"], blocks=step.data["blocks"])
    return f"asked {step.data['person']} ({user}) in {channel}: {ts}"


def archive(step: Steps) -> str:
    with step.rt.uow(read_only=True) as uow:
        incident = uow.incidents.get_by_id(step.message.incident_id or "")
    if incident.status != Status.CLOSED:
        return f"not archived: {incident.ref} is {incident.status} again"
    channel = step.channel()
    step.call("conversations.archive", channel=channel)
    step.record(archived_at=step.now)
    return f"archived {channel}"


def answer_ephemeral(step: Steps) -> str:
    data = step.data
    step.call("chat.postEphemeral", channel=data["channel"], user=data["user"], text=data["text"])
    return f"told {data['user']}"


STEPS: dict[str, Callable[[Steps], str]] = {
    "slack_open": open_channel,
    "slack_invite": invite,
    "slack_header": update_header,
    "slack_post": post_entry,
    "slack_approval": ask_approval,
    "slack_archive": archive,
    "slack_ephemeral": answer_ephemeral,
}
