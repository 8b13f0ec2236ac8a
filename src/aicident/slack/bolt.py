"""Slack's requests to aicident, through Bolt (HTTP mode): every request's signature and timestamp are checked by
Bolt with the signing secret (a forged one is 401, one older than five minutes too), each listener acknowledges
at once and works after (Slack's three-second rule), and an event Slack sends again (X-Slack-Retry-Num) is
acknowledged without a second effect.

Listeners: the /aicident command, the "Add to incident log" message shortcuts, the plan's reactions, the
approval buttons and the declare form. Each finds the person the Slack user maps to and calls the service
function the API calls; a refusal goes back to that person alone (ephemeral), in the plan's words.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from aicident.auth.model import Principal
from aicident.errors import AicidentError, NotFound, Step
from aicident.incidents import service as incidents
from aicident.incidents.vocabulary import Source
from aicident.runtime import Runtime
from aicident.slack import commands, service
from aicident.slack.model import APPROVE_ACTION, REJECT_ACTION, escape, parse_command, refusal_text
from aicident.slack.settings import api_url, secrets_of

log = logging.getLogger("aicident.slack")

LOG_SHORTCUT = "add_to_incident_log"  # callback ids of the message shortcuts (the app manifest names them)
EVIDENCE_SHORTCUT = "add_to_incident_log_as_evidence"
DECLARE_VIEW = "aicident_declare"


def build(rt: Runtime) -> App | None:
    """The Bolt app of this runtime, or None while the Slack app is off (its secrets are not both set)."""
    slack = rt.plan.slack
    secrets = secrets_of(slack)
    if secrets is None:
        return None
    token, signing_secret = secrets
    client = WebClient(token=token, base_url=api_url(slack), timeout=int(slack.timeout_seconds), retry_handlers=[])
    app = App(
        signing_secret=signing_secret,
        client=client,
        token_verification_enabled=False,  # no call to Slack at start; auth.test runs on the first request
        process_before_response=False,  # acknowledge first, then run the listener in a worker thread
        logger=logging.getLogger("aicident.slack.bolt"),
    )
    listeners = Listeners(rt)
    app.middleware(listeners.once)
    app.command(slack.command)(listeners.command)
    app.shortcut(LOG_SHORTCUT)(listeners.to_log)
    app.shortcut(EVIDENCE_SHORTCUT)(listeners.to_log)
    app.event("reaction_added")(listeners.reaction)
    app.action(APPROVE_ACTION)(listeners.approve)
    app.action(REJECT_ACTION)(listeners.reject)
    app.view(DECLARE_VIEW)(listeners.declare)
    return app


def _refusal(rt: Runtime, error: AicidentError) -> str:
    return refusal_text(error.message, error.allowed, error.next, rt.plan.slack.command)


class Listeners:
    """Bolt's listeners, bound to a runtime."""

    def __init__(self, rt: Runtime):
        self.rt = rt

    # --- who is asking ----------------------------------------------------------------------------------------

    def person(self, client: WebClient, user: str) -> Principal:
        return service.person_for(self.rt, user, email_of=lambda u: _email_of(client, u))

    # --- middleware: one effect per event ------------------------------------------------------------------------

    def once(self, body: dict, next: Callable[[], None]) -> BoltResponse | None:
        """An event Slack delivered before (its retry after a slow or lost acknowledgement) is acknowledged and
        dropped; the event id is claimed in the database, so this holds across processes and restarts."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not service.first_delivery(self.rt, key=f"event:{event_id}"):
            log.info("Slack event %s delivered again; acknowledged without effect", event_id)
            return BoltResponse(status=200, body="")
        next()
        return None

    # --- /aicident --------------------------------------------------------------------------------------------

    def command(self, ack: Callable[..., None], body: dict, respond: Callable[..., Any], client: WebClient) -> None:
        ack()
        parsed = parse_command(body.get("text") or "")
        try:
            principal = self.person(client, body["user_id"])
            if parsed.name == "declare":
                _open_declare_form(client, self.rt, body, parsed.rest())
                return
            answer = commands.run(
                self.rt,
                parsed,
                principal=principal,
                channel_id=body.get("channel_id"),
                person_of=lambda user: self.person(client, user),
                prefix=self.rt.plan.slack.command,
            )
        except AicidentError as error:
            respond(text=_refusal(self.rt, error), response_type="ephemeral")
            return
        respond(text=answer, response_type="ephemeral")

    def declare(self, ack: Callable[..., None], body: dict, view: dict, client: WebClient) -> None:
        values = {block: next(iter(field.values())) for block, field in view["state"]["values"].items()}
        title = (values.get("title", {}).get("value") or "").strip()
        if not title:
            ack(response_action="errors", errors={"title": "An incident needs a title."})
            return
        ack()
        origin = json.loads(view.get("private_metadata") or "{}")
        user = body["user"]["id"]
        try:
            principal = self.person(client, user)
            incident = incidents.declare(
                self.rt,
                title=title,
                category=(values.get("category", {}).get("selected_option") or {}).get("value", ""),
                severity=(values.get("severity", {}).get("selected_option") or {}).get("value") or None,
                summary=(values.get("summary", {}).get("value") or "").strip(),
                source=Source.INTERNAL_OBSERVATION.value,
                actor=principal.handle,
                principal=principal,
            )
            text = f"Declared {incident.ref}: {escape(incident.title)}. Its channel opens now."
        except AicidentError as error:
            text = _refusal(self.rt, error)
        if origin.get("channel"):
            service.tell(self.rt, channel=origin["channel"], user=user, text=text, key=f"declare:{view.get('id')}")

    # --- messages into the log ------------------------------------------------------------------------------

    def to_log(self, ack: Callable[..., None], body: dict, respond: Callable[..., Any], client: WebClient) -> None:
        ack()
        kind = "evidence" if body.get("callback_id") == EVIDENCE_SHORTCUT else "note"
        message, channel = body.get("message") or {}, (body.get("channel") or {}).get("id", "")
        try:
            respond(text=self._add(client, body["user"]["id"], channel, message, kind), response_type="ephemeral")
        except AicidentError as error:
            respond(text=_refusal(self.rt, error), response_type="ephemeral")

    def reaction(self, event: dict, client: WebClient) -> None:
        kind = self.rt.plan.slack.reactions.get(event.get("reaction", ""))
        item = event.get("item") or {}
        if kind is None or item.get("type") != "message":
            return
        channel, user = item.get("channel", ""), event.get("user", "")
        try:
            found = _message_at(client, channel, item.get("ts", ""))
            self._add(client, user, channel, found, kind)
        except AicidentError as error:
            key = f"reaction:{channel}:{item.get('ts')}:{user}:{event.get('reaction')}"
            service.tell(self.rt, channel=channel, user=user, text=_refusal(self.rt, error), key=key)

    def _add(self, client: WebClient, user: str, channel: str, message: dict, kind: str) -> str:
        principal = self.person(client, user)
        ref = service.incident_ref(self.rt, channel_id=channel, given=None)
        return service.add_message(
            self.rt,
            principal=principal,
            ref=ref,
            kind=kind,
            text=message.get("text") or "",
            author=_name_of(client, message.get("user") or message.get("bot_id") or ""),
            permalink=_permalink(client, channel, message.get("ts", "")),
        )

    # --- approvals ----------------------------------------------------------------------------------------------

    def approve(self, ack: Callable[..., None], body: dict, respond: Callable[..., Any], client: WebClient) -> None:
        self._decide(ack, body, respond, client, service.approve)

    def reject(self, ack: Callable[..., None], body: dict, respond: Callable[..., Any], client: WebClient) -> None:
        self._decide(ack, body, respond, client, service.reject)

    def _decide(self, ack, body: dict, respond, client: WebClient, decide: Callable[..., str]) -> None:
        ack()
        value = (body.get("actions") or [{}])[0].get("value", "")
        try:
            answer = decide(self.rt, principal=self.person(client, body["user"]["id"]), value=value)
        except AicidentError as error:
            respond(text=_refusal(self.rt, error), response_type="ephemeral", replace_original=False)
            return
        except (ValueError, KeyError):
            respond(text=":no_entry: this button carries no draft version", response_type="ephemeral")
            return
        respond(text=answer, replace_original=True)


# --- reads from Slack (answers needed now; nothing is changed, so they do not go through the outbox) ---------


def _email_of(client: WebClient, user: str) -> str | None:
    try:
        profile = (client.users_info(user=user).get("user") or {}).get("profile") or {}
    except SlackApiError as error:
        log.warning("users.info for %s failed: %s", user, error.response.get("error"))
        return None
    return profile.get("email") or None


def _name_of(client: WebClient, user: str) -> str:
    if not user:
        return "someone"
    try:
        found = client.users_info(user=user).get("user") or {}
    except SlackApiError:
        return f"<@{user}>"
    profile = found.get("profile") or {}
    return profile.get("real_name") or found.get("real_name") or found.get("name") or f"<@{user}>"


def _permalink(client: WebClient, channel: str, ts: str) -> str:
    try:
        return str(client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink") or "")
    except SlackApiError as error:
        log.warning("chat.getPermalink failed: %s", error.response.get("error"))
        return ""


def _message_at(client: WebClient, channel: str, ts: str) -> dict:
    try:
        answer = client.conversations_history(channel=channel, latest=ts, oldest=ts, inclusive=True, limit=1)
    except SlackApiError as error:
        raise NotFound(
            f"Slack did not give the message: {error.response.get('error')}",
            allowed="invite the aicident app to the channel",
        ) from None
    messages = answer.get("messages") or []
    if not messages:
        raise NotFound("the message is gone from the channel")
    return messages[0]


def _open_declare_form(client: WebClient, rt: Runtime, body: dict, title: str) -> None:
    """views.open answers Slack's trigger, which lives three seconds: it cannot wait in the outbox."""
    plan = rt.plan
    category = {
        "type": "static_select",
        "action_id": "value",
        "options": [
            {"text": {"type": "plain_text", "text": c.name[:75]}, "value": c.id} for c in plan.categories[:100]
        ],
    }
    severity = {
        "type": "static_select",
        "action_id": "value",
        "options": [
            {"text": {"type": "plain_text", "text": f"{s.id} {s.name}"[:75]}, "value": s.id}
            for s in sorted(plan.severities, key=lambda s: s.rank)
        ],
    }
    title_input: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "max_length": 200}
    if title:
        title_input["initial_value"] = title[:200]
    view = {
        "type": "modal",
        "callback_id": DECLARE_VIEW,
        "title": {"type": "plain_text", "text": "Declare an incident"},
        "submit": {"type": "plain_text", "text": "Declare"},
        "private_metadata": json.dumps({"channel": body.get("channel_id", "")}),
        "blocks": [
            {
                "type": "input",
                "block_id": "title",
                "label": {"type": "plain_text", "text": "Title"},
                "element": title_input,
            },
            {
                "type": "input",
                "block_id": "category",
                "label": {"type": "plain_text", "text": "Category"},
                "element": category,
            },
            {
                "type": "input",
                "block_id": "severity",
                "optional": True,
                "label": {"type": "plain_text", "text": "Severity"},
                "element": severity,
            },
            {
                "type": "input",
                "block_id": "summary",
                "optional": True,
                "label": {"type": "plain_text", "text": "What happened"},
                "element": {"type": "plain_text_input", "action_id": "value", "multiline": True},
            },
        ],
    }
    try:
        client.views_open(trigger_id=body["trigger_id"], view=view)
    except SlackApiError as error:
        raise AicidentError(
            f"Slack did not open the form: {error.response.get('error')}",
            allowed="try again (the form must open within three seconds)",
            next=[Step("declare", "declare an incident")],
        ) from None
