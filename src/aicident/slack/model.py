"""The Slack app's rules (pure): channel names, the header message, how log entries read in Slack's mrkdwn, how
the Web API's answers are classified, its rate tiers, the /aicident command line and the approval buttons.

No I/O and no clock: `now` is passed in, and the rate budget is given the monotonic time by its caller.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aicident.comms.model import ObligationState, obligations
from aicident.errors import Step
from aicident.incidents.deadlines import DeadlineState, incident_deadlines
from aicident.incidents.entries import Entry, Term, Words
from aicident.incidents.model import Incident
from aicident.plan.schema import Plan

SLACK_ORIGIN = "slack"  # the origin of entries copied from a Slack message: already in the channel, not posted back
DELIVERY_ORIGIN = "slack_delivery"  # notes that tell a Slack failure: never posted to the (failing) channel

# --- channel names --------------------------------------------------------------------------------------------

CHANNEL_NAME_MAX = 80  # Slack: lower-case letters, digits, hyphens and underscores, at most 80 characters


def slug(text: str) -> str:
    """`text` as a channel name's words: lower case, runs of anything else than letters and digits as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def channel_name(prefix: str, ref: str, title: str) -> str:
    """`inc-2026-0001-chatbot-leaks-emails` for INC-2026-0001 "Chatbot leaks emails" (prefix `inc`)."""
    number = slug(ref)
    if number.startswith(prefix + "-"):
        number = number[len(prefix) + 1 :]
    base = f"{prefix}-{number}"
    words = slug(title)
    if not words:
        return base[:CHANNEL_NAME_MAX]
    return f"{base}-{words}"[:CHANNEL_NAME_MAX].rstrip("-")


# --- mrkdwn ---------------------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Slack's three control characters, escaped as its docs say (&, <, >); nothing else is."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_term(term: Term) -> str:
    if term.kind == "quote":
        return f"“{escape(term.text)}”"
    if term.kind == "link":
        return f"<{term.text}>" if term.text.startswith(("https://", "http://")) else escape(term.text)
    if term.kind == "time":
        return _date(term.text)
    return f"*{escape(term.text)}*"


def as_slack(record: Entry, words: Words) -> str:
    """A log entry in Slack's mrkdwn: the presenter of the Slack medium, beside `incidents.present`'s."""
    return "".join(part if isinstance(part, str) else _slack_term(part) for part in record.phrase(words))


def _date(iso: str, token: str = "{date_short_pretty} {time}") -> str:
    """A moment as Slack shows it in each reader's own time zone, with a UTC fallback for clients that cannot."""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return escape(iso)
    fallback = when.strftime("%Y-%m-%d %H:%M UTC") if when.utcoffset() is not None else iso
    return f"<!date^{int(when.timestamp())}^{token}|{fallback}>"


# --- the header message ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """What the pinned header shows, as words; `hash` tells whether a newer one differs from what was queued."""

    ref: str
    title: str
    severity: str
    stage: str
    status: str
    commander: str
    detected_at: str
    next_deadline: str
    at_risk: tuple[str, ...]
    containment: tuple[str, ...]

    def text(self) -> str:
        """The notification text (and the fallback of clients without blocks)."""
        return f"{self.ref} {self.title} · {self.severity} · {self.stage} · Incident Commander: {self.commander}"

    def blocks(self) -> list[dict[str, Any]]:
        fields = [
            ("Severity", self.severity),
            ("Stage", f"{self.stage} ({self.status})"),
            ("Incident Commander", self.commander),
            ("Detected", self.detected_at),
            ("Next deadline", self.next_deadline),
        ]
        blocks: list[dict[str, Any]] = [
            {"type": "header", "text": {"type": "plain_text", "text": f"{self.ref} {self.title}"[:150]}},
            {"type": "section", "fields": [{"type": "mrkdwn", "text": f"*{k}*\n{v}"[:2000]} for k, v in fields]},
        ]
        if self.at_risk:
            lines = "\n".join(f"• {item}" for item in self.at_risk)
            blocks.append(
                {"type": "section", "text": {"type": "mrkdwn", "text": f"*Obligations at risk*\n{lines}"[:3000]}}
            )
        lines = "\n".join(f"• {item}" for item in self.containment) if self.containment else "none recorded"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*Containment*\n{lines}"[:3000]}})
        return blocks

    @property
    def hash(self) -> str:
        return hashlib.sha256(json.dumps([self.text(), self.blocks()], sort_keys=True).encode()).hexdigest()


def header_of(incident: Incident, plan: Plan, now: datetime, *, names: Mapping[str, str] | None = None) -> Header:
    """The header of `incident` at `now`: times are Slack date tokens, so "time since detection" stays true."""
    names = names or {}
    severities = {s.id: s for s in plan.severities}
    stages = {s.id: s.name for s in plan.stages}
    severity = severities.get(incident.severity or "")
    commander = incident.current_roles().get(plan.commander_role())
    pending = sorted(
        (
            d
            for d in incident_deadlines(incident, plan)
            if d.state(now) in (DeadlineState.PENDING, DeadlineState.OVERDUE)
        ),
        key=lambda d: d.due_at,
    )
    if pending:
        first = pending[0]
        late = " (overdue)" if first.state(now) == DeadlineState.OVERDUE else ""
        next_deadline = f"{escape(first.label)}: {_date(first.due_at.isoformat())}{late}"
    else:
        next_deadline = "none pending"
    at_risk = tuple(
        f"{escape(o.title)}: due {_date(o.due_at.isoformat())}" + (" (overdue)" if o.due_at <= now else "")
        for o in sorted(obligations(incident, plan), key=lambda o: o.due_at or now)
        if o.state == ObligationState.OPEN and o.due_at is not None
    )
    containment = tuple(escape(str(c.get("action"))) for c in incident.containment if c.get("action"))
    if incident.no_containment_reason:
        containment += (f"none needed: {escape(incident.no_containment_reason)}",)
    return Header(
        ref=incident.ref,
        title=escape(incident.title),
        severity=f"{severity.id} {escape(severity.name)}" if severity else "not triaged",
        stage=escape(stages.get(incident.stage, incident.stage)),
        status=str(incident.status),
        commander=escape(names.get(commander, commander)) if commander else "unassigned",
        detected_at=_date(incident.detected_at.isoformat(), "{ago}"),
        next_deadline=next_deadline,
        at_risk=at_risk,
        containment=containment,
    )


def topic(incident: Incident, plan: Plan) -> str:
    """The channel's topic (at most 250 characters)."""
    return f"{incident.ref}: {incident.title}"[:250]


# --- the Web API's answers ------------------------------------------------------------------------------------

# Errors no retry cures: the message, the token or the channel must change first. An incident shows them.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "restricted_action",
        "ekm_access_denied",
        "invalid_arguments",
        "invalid_blocks",
        "invalid_name",
        "invalid_name_specials",
        "invalid_name_maxlength",
        "invalid_name_punctuation",
        "msg_too_long",
        "no_text",
        "users_not_found",
        "user_not_found",
        "user_disabled",
        "cant_invite_self",
        "message_not_found",
        "cant_update_message",
        "team_access_not_granted",
    }
)
# Errors a later try may not meet (Slack's side or the network); a 429 is always one of these.
TRANSIENT_ERRORS = frozenset(
    {"ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
# Errors that say the effect is already there: a retry after a lost answer meets them, and they count as done.
ALREADY_DONE = {
    "conversations.invite": frozenset({"already_in_channel"}),
    "pins.add": frozenset({"already_pinned"}),
    "conversations.archive": frozenset({"already_archived"}),
}


def transient(error: str, http_status: int | None) -> bool:
    """Whether an error answer may go away by itself: 429 and 5xx, and Slack's own transient error codes."""
    if http_status is not None and (http_status == 429 or http_status >= 500):
        return True
    return error in TRANSIENT_ERRORS


# --- rate tiers -----------------------------------------------------------------------------------------------

# Requests per minute per method and workspace (Slack's published tiers: 1 = 1+, 2 = 20+, 3 = 50+, 4 = 100+).
TIER_PER_MINUTE = {1: 1, 2: 20, 3: 50, 4: 100}
METHOD_TIERS = {
    "conversations.create": 2,
    "conversations.setTopic": 2,
    "conversations.archive": 2,
    "pins.add": 2,
    "conversations.invite": 3,
    "conversations.open": 3,
    "conversations.history": 3,
    "chat.update": 3,
    "users.lookupByEmail": 3,
    "users.info": 4,
    "chat.getPermalink": 4,
    "chat.postEphemeral": 4,
    "views.open": 4,
}
POST_PER_CHANNEL_SECONDS = 1.0  # chat.postMessage: about one message a second per channel


@dataclass
class RateBudget:
    """Calls allowed per method (a sliding minute of its tier) and per channel for chat.postMessage, and the time
    Slack said to wait (Retry-After) per method. `wait` says how long a call must wait; `spent` records it."""

    calls: dict[str, list[float]] = field(default_factory=dict)
    posted: dict[str, float] = field(default_factory=dict)
    blocked_until: dict[str, float] = field(default_factory=dict)

    def wait(self, method: str, now: float, *, channel: str | None = None) -> float:
        waits = [self.blocked_until.get(method, 0.0) - now]
        tier = METHOD_TIERS.get(method)
        if tier is not None:
            recent = [t for t in self.calls.get(method, []) if t > now - 60.0]
            self.calls[method] = recent
            if len(recent) >= TIER_PER_MINUTE[tier]:
                waits.append(recent[0] + 60.0 - now)
        if method == "chat.postMessage" and channel:
            waits.append(self.posted.get(channel, -1e9) + POST_PER_CHANNEL_SECONDS - now)
        return max(0.0, *waits)

    def spent(self, method: str, now: float, *, channel: str | None = None) -> None:
        self.calls.setdefault(method, []).append(now)
        if method == "chat.postMessage" and channel:
            self.posted[channel] = now

    def told_to_wait(self, method: str, now: float, seconds: float) -> None:
        self.blocked_until[method] = max(self.blocked_until.get(method, 0.0), now + seconds)


# --- /aicident ------------------------------------------------------------------------------------------------

SUBCOMMANDS = ("declare", "status", "severity", "assign", "contain", "note", "advance", "resolve", "help")
REF_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9]*-\d{4}-\d+$")
_MENTION = re.compile(r"^<@([A-Z0-9]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True)
class Command:
    """`/aicident severity SEV-1 model answers in French` as its name, the incident it names (if any) and its words."""

    name: str
    ref: str | None
    args: tuple[str, ...]

    def rest(self, start: int = 0) -> str:
        return " ".join(self.args[start:]).strip()


def parse_command(text: str) -> Command:
    """The sub-command, an incident ref given right after it (else the channel's incident) and the rest."""
    try:
        words = shlex.split(text.strip())
    except ValueError:  # an unbalanced quote: take the words as typed
        words = text.split()
    if not words:
        return Command("help", None, ())
    name, rest = words[0].lower(), words[1:]
    ref = None
    if rest and REF_PATTERN.match(rest[0]):
        ref, rest = rest[0].upper(), rest[1:]
    return Command(name, ref, tuple(rest))


def mentioned_user(word: str) -> str | None:
    """The Slack user id of an escaped mention (`<@U123|dana>`), as Slack sends it for a command with escaping on."""
    match = _MENTION.match(word.strip())
    return match.group(1) if match else None


HELP = (
    "declare [TITLE]: declare an incident (a form opens)",
    "status: severity, stage, commander and deadlines",
    "severity SEV-n REASON: change the severity",
    "assign ROLE @person: give a person a role",
    "contain ACTION: record a containment action (contain none-needed REASON: none is needed)",
    "note TEXT: add a note to the log",
    "advance [STAGE] [REASON]: move to the next stage (or the one named)",
    "resolve SUMMARY: record the resolution",
)

# How a step that would satisfy a refusal is taken in Slack, where a sub-command does it; an argument left to the
# person shows as its name in capitals (the CLI's STEP_COMMANDS, for the channel).
STEP_SUBCOMMANDS = {
    "triage": "{command} severity SEV-n REASON",
    "assign": "{command} assign {role} @PERSON",
    "advance": "{command} advance",
    "contain": "{command} contain ACTION",
    "decide_no_containment": "{command} contain none-needed REASON",
    "resolve": "{command} resolve SUMMARY",
    "reload": "{command} status",
    "declare": "{command} declare",
}


class _Placeholders(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return key.upper()


def step_lines(steps: Sequence[Step], command: str) -> list[str]:
    """Each step as a sub-command where one exists, else its label in the plan's words."""
    lines = []
    for step in steps:
        template = STEP_SUBCOMMANDS.get(step.action)
        if template is not None:
            lines.append(f"`{template.format_map(_Placeholders({**step.args, 'command': command}))}`")
        else:
            lines.append(escape(step.label))
    return list(dict.fromkeys(lines))


def refusal_text(message: str, allowed: str | None, steps: Sequence[Step], command: str) -> str:
    """A refusal as the ephemeral message says it: what was wrong, what is allowed, what to do next."""
    text = f":no_entry: {escape(message)}"
    if allowed:
        text += f"\nAllowed: {escape(allowed)}"
    lines = step_lines(steps, command)
    if lines:
        text += "\nNext: " + " or ".join(lines)
    return text


# --- approvals ------------------------------------------------------------------------------------------------

APPROVE_ACTION = "aicident_approve"
REJECT_ACTION = "aicident_reject"


def approval_value(ref: str, draft: str, version: int) -> str:
    return json.dumps({"ref": ref, "draft": draft, "version": version}, separators=(",", ":"))


def parse_approval_value(value: str) -> tuple[str, str, int]:
    """The incident, draft and version a button was shown for."""
    data = json.loads(value)
    return str(data["ref"]), str(data["draft"]), int(data["version"])


def approval_blocks(
    *, ref: str, draft: str, version: int, subject: str, body: str, obligation: str, roles: Sequence[str]
) -> tuple[str, list[dict[str, Any]]]:
    """The message an approver gets: the exact text of one version and two buttons bound to that version."""
    value = approval_value(ref, draft, version)
    text = f"{ref}: draft {draft} version {version} for {obligation} waits for your approval"
    quoted = "\n".join(f"> {escape(line)}" if line else ">" for line in body.rstrip("\n").split("\n"))
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": escape(text) + f" (as {escape(' or '.join(roles))})."}},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{escape(subject)}*"[:3000]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": quoted[:3000]}},
        {
            "type": "actions",
            "block_id": f"approval:{draft}:{version}",
            "elements": [
                {
                    "type": "button",
                    "action_id": APPROVE_ACTION,
                    "style": "primary",
                    "text": {"type": "plain_text", "text": f"Approve version {version}"},
                    "value": value,
                },
                {
                    "type": "button",
                    "action_id": REJECT_ACTION,
                    "style": "danger",
                    "text": {"type": "plain_text", "text": "Reject"},
                    "value": value,
                },
            ],
        },
    ]
    if len(body) > 2990:
        blocks.insert(
            3,
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": "The text is cut here; read it whole in aicident."}],
            },
        )
    return text, blocks
