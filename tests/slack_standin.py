"""A Slack Web API stand-in on loopback, held to Slack's published description of its API.

Every call is checked against `tests/fixtures/slack/web_api.json` (cut from github.com/slackapi/slack-api-specs):
the method must be one it describes, the token must be the bot's, each required argument present, each argument one
the method takes and of the type it declares. A call that breaks a rule is answered `invalid_arguments` and kept
in `violations` (the tests' fixture fails the test if any is left). Each answer is checked against the method's
success schema, and each error it is told to give against the errors the method lists.

It keeps a small workspace (users, channels, messages, pins), can be told to answer an error or 429 with
Retry-After for the next calls of a method, and records what was sent to response_url (`responses`) and opened
as a view (`views`).
"""

from __future__ import annotations

import copy
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import jsonschema_rs

SPEC = json.loads((Path(__file__).parent / "fixtures" / "slack" / "web_api.json").read_text())
# Arguments the snapshot marks optional that Slack's method pages require.
REQUIRED_SINCE = {
    "conversations.create": ("name",),
    "conversations.setTopic": ("channel", "topic"),
    "conversations.invite": ("channel", "users"),
    "conversations.archive": ("channel",),
    "conversations.history": ("channel",),
}
# Accepted on every method: Bolt's WebClient adds the request's team_id to each call (it selects the workspace of an
# org-level token; a workspace token ignores it).
ANY_METHOD = {"team_id": {"name": "team_id", "type": "string", "required": False}}
JSON_VALUED = ("blocks", "attachments", "metadata", "view")  # a JSON body carries these as JSON, a form as text
TEAM, BOT_USER, BOT_ID = "T0AICIDENT", "U0AICIDBOT", "B0AICIDBOT"
TOKEN = "xoxb-aicident-test-token"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def _unions(node: Any) -> Any:
    """The snapshot writes a union as an `items` array on a schema without a type: read it as anyOf."""
    if isinstance(node, dict):
        node = {k: _unions(v) for k, v in node.items() if k != "source"}
        if isinstance(node.get("items"), list) and "type" not in node:
            node = {"anyOf": node.pop("items"), **node}
        return node
    if isinstance(node, list):
        return [_unions(v) for v in node]
    return node


_DEFINITIONS = _unions(SPEC["definitions"])
_VALIDATORS = {
    name: jsonschema_rs.Draft4Validator({**_unions(method["responses"]["200"]), "definitions": _DEFINITIONS})
    for name, method in SPEC["methods"].items()
}


def _is_type(value: Any, kind: str, name: str, in_json: bool) -> bool:
    if kind == "string":
        return isinstance(value, str) or (in_json and name in JSON_VALUED and isinstance(value, dict | list))
    if kind == "boolean":
        return isinstance(value, bool) or (isinstance(value, str) and value in ("true", "false", "1", "0"))
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, str) and re.fullmatch(r"-?\d+", value) is not None
        )
    if kind == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return True
        return isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value) is not None
    return True


def check_call(method: str, args: dict[str, Any], *, token: str | None, in_json: bool) -> list[str]:
    """What is wrong with a call, by the description of the API (empty: nothing)."""
    spec = SPEC["methods"].get(method)
    if spec is None:
        return [f"{method} is not a method of the fixture (add it to tests/fixtures/slack/extract.py)"]
    problems = []
    declared = {**ANY_METHOD, **{p["name"]: p for p in spec["parameters"]}}
    declared.update({p["name"]: {**p, "required": False} for p in spec["added_parameters"]})
    if not token and declared.get("token", {}).get("required"):
        problems.append(f"{method}: no token")
    required = {n for n, p in declared.items() if p["required"] and n != "token"} | set(REQUIRED_SINCE.get(method, ()))
    for name in sorted(required - args.keys()):
        problems.append(f"{method}: the required argument {name} is missing")
    for name, value in args.items():
        if name not in declared:
            problems.append(f"{method}: {name} is not an argument of the method")
        elif not _is_type(value, declared[name]["type"], name, in_json):
            problems.append(f"{method}: {name}={value!r} is not a {declared[name]['type']}")
    return problems


def _listed_error(method: str, error: str) -> bool:
    schema = SPEC["methods"][method]["responses"]["default"]
    listed = (schema.get("properties", {}).get("error") or {}).get("enum")
    return listed is None or error in listed


@dataclass
class Channel:
    id: str
    name: str
    is_private: bool
    created: int
    topic: str = ""
    archived: bool = False
    members: set[str] = field(default_factory=set)
    messages: list[dict] = field(default_factory=list)
    pins: set[str] = field(default_factory=set)

    def as_json(self) -> dict:
        empty = {"value": "", "creator": "", "last_set": 0}
        return {
            "id": self.id,
            "name": self.name,
            "name_normalized": self.name,
            "created": self.created,
            "creator": BOT_USER,
            "is_archived": self.archived,
            "is_channel": not self.is_private,
            "is_group": self.is_private,
            "is_general": False,
            "is_mpim": False,
            "is_im": False,
            "is_org_shared": False,
            "is_shared": False,
            "is_private": self.is_private,
            "is_member": BOT_USER in self.members,
            "topic": {**empty, "value": self.topic, "creator": BOT_USER if self.topic else ""},
            "purpose": empty,
        }


@dataclass(frozen=True)
class Call:
    method: str
    args: dict[str, Any]
    at: float


class SlackStandIn:
    """The Web API at `base_url` (http://127.0.0.1:PORT/api/) and a response_url sink at `response_url(key)`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.violations: list[str] = []
        self.responses: list[tuple[str, dict]] = []
        self.views: list[dict] = []
        self.ephemeral: list[dict] = []
        self.updates: list[tuple[str, str, float]] = []  # (channel, ts, when) of each chat.update that changed one
        self.users: dict[str, dict] = {}
        self.channels: dict[str, Channel] = {}
        self.ims: dict[str, str] = {}
        self._scripted: dict[str, list[tuple[int, str, float | None]]] = {}
        self._ids = itertools.count(1)
        self._clock = itertools.count(int(time.time()) * 1_000_000)
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self.add_user(BOT_USER, "aicident", "aicident@bots.invalid", bot=True)

    # --- the test's controls ----------------------------------------------------------------------------------

    def start(self) -> SlackStandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                standin._handle(self)

            def do_POST(self):
                standin._handle(self)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    def response_url(self, key: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/respond/{key}"

    def add_user(self, user_id: str, name: str, email: str, *, real_name: str = "", bot: bool = False) -> None:
        self.users[user_id] = {"id": user_id, "name": name, "email": email, "real_name": real_name or name, "bot": bot}

    def answer(self, method: str, error: str, *, times: int = 1, status: int = 200, retry_after: float | None = None):
        """The next `times` calls of `method` fail: an error answer, or (status 429) Slack's rate limit answer."""
        if status != 429 and not _listed_error(method, error):
            raise AssertionError(f"{method} does not answer {error!r} by the description of the API")
        with self._lock:
            self._scripted.setdefault(method, []).extend([(status, error, retry_after)] * times)

    def called(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def add_channel(self, name: str, *members: str) -> str:
        """A channel people made (the app is in it), e.g. where someone types /aicident declare."""
        with self._lock:
            channel = Channel(self._id("C"), name, False, int(time.time()), members={BOT_USER, *members})
            self.channels[channel.id] = channel
            return channel.id

    def channel_named(self, name: str) -> Channel | None:
        return next((c for c in self.channels.values() if c.name == name), None)

    def post_as_user(self, channel: str, user: str, text: str) -> str:
        """A person's message in a channel (what a shortcut or a reaction then points at)."""
        with self._lock:
            ts = self._ts()
            self.channels[channel].messages.append({"type": "message", "user": user, "text": text, "ts": ts})
            return ts

    # --- serving ---------------------------------------------------------------------------------------------

    def _ts(self) -> str:
        micro = next(self._clock)
        return f"{micro // 1_000_000}.{micro % 1_000_000:06d}"

    def _id(self, prefix: str) -> str:
        return f"{prefix}0{next(self._ids):08d}"

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        length = int(request.headers.get("content-length") or 0)
        raw = request.rfile.read(length) if length else b""
        if parts.path.startswith("/respond/"):
            with self._lock:
                self.responses.append((parts.path.removeprefix("/respond/"), json.loads(raw or b"{}")))
            return self._send(request, 200, {}, b"ok", "text/plain")
        method = parts.path.removeprefix("/api/")
        args: dict[str, Any] = dict(parse_qsl(parts.query))
        in_json = (request.headers.get("content-type") or "").startswith("application/json")
        if raw:
            args.update(json.loads(raw) if in_json else dict(parse_qsl(raw.decode())))
        auth = request.headers.get("authorization") or ""
        token = auth.removeprefix("Bearer ").strip() or args.pop("token", None)
        status, headers, body = self._answer(method, args, token, in_json)
        self._send(request, status, headers, json.dumps(body).encode(), "application/json; charset=utf-8")

    def _send(self, request, status: int, headers: dict, body: bytes, content_type: str) -> None:
        request.send_response(status)
        request.send_header("content-type", content_type)
        request.send_header("content-length", str(len(body)))
        for name, value in headers.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(body)

    def _answer(self, method: str, args: dict, token: str | None, in_json: bool) -> tuple[int, dict, dict]:
        with self._lock:
            self.calls.append(Call(method, copy.deepcopy(args), time.monotonic()))
            problems = check_call(method, args, token=token, in_json=in_json)
            if problems:
                self.violations.extend(problems)
                return 200, {}, {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": problems}}
            if token != TOKEN:
                return 200, {}, {"ok": False, "error": "invalid_auth"}
            scripted = self._scripted.get(method)
            if scripted:
                status, error, retry_after = scripted.pop(0)
                headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
                return status, headers, {"ok": False, "error": error}
            handler = getattr(self, "_" + method.replace(".", "_"))
            answer = handler({k: self._decoded(method, k, v) for k, v in args.items()})
            if answer.get("ok"):
                errors = [e.message for e in _VALIDATORS[method].iter_errors(answer)]
                if errors:
                    self.violations.extend(f"{method}: the stand-in's answer breaks the schema: {e}" for e in errors)
            elif not _listed_error(method, answer["error"]):
                self.violations.append(
                    f"{method}: the stand-in answered {answer['error']!r}, which the method does not list"
                )
            return 200, {}, answer

    @staticmethod
    def _decoded(method: str, name: str, value: Any) -> Any:
        """An argument as its declared type: a form carries JSON as text and booleans as 1/0 or true/false."""
        if name in JSON_VALUED and isinstance(value, str):
            return json.loads(value)
        spec = SPEC["methods"][method]
        kinds = {p["name"]: p["type"] for p in spec["parameters"] + spec["added_parameters"]}
        if kinds.get(name) == "boolean" and isinstance(value, str):
            return value in ("true", "1")
        return value

    def _channel(self, channel_id: str) -> Channel | dict:
        found = self.channels.get(channel_id)
        return found if found is not None else {"ok": False, "error": "channel_not_found"}

    # --- the methods ---------------------------------------------------------------------------------------------

    def _auth_test(self, args: dict) -> dict:
        return {"ok": True, "url": "https://aicident-test.slack.com/", "team": "aicident test", "user": "aicident",
                "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID}  # fmt: skip

    def _conversations_create(self, args: dict) -> dict:
        name = args["name"]
        if not re.fullmatch(r"[a-z0-9_-]{1,80}", name):
            return {"ok": False, "error": "invalid_name_specials"}
        if self.channel_named(name) is not None:
            return {"ok": False, "error": "name_taken"}
        channel = Channel(self._id("C"), name, bool(args.get("is_private")), int(time.time()), members={BOT_USER})
        self.channels[channel.id] = channel
        return {"ok": True, "channel": channel.as_json()}

    def _conversations_setTopic(self, args: dict) -> dict:  # noqa: N802 - named after the method
        channel = self._channel(args["channel"])
        if isinstance(channel, dict):
            return channel
        channel.topic = args["topic"]
        return {"ok": True, "channel": channel.as_json()}

    def _conversations_invite(self, args: dict) -> dict:
        channel = self._channel(args["channel"])
        if isinstance(channel, dict):
            return channel
        if channel.archived:
            return {"ok": False, "error": "is_archived"}
        for user in args["users"].split(","):
            if user not in self.users:
                return {"ok": False, "error": "user_not_found"}
            if user in channel.members:
                return {"ok": False, "error": "already_in_channel"}
            channel.members.add(user)
        return {"ok": True, "channel": channel.as_json()}

    def _conversations_archive(self, args: dict) -> dict:
        channel = self._channel(args["channel"])
        if isinstance(channel, dict):
            return channel
        if channel.archived:
            return {"ok": False, "error": "already_archived"}
        channel.archived = True
        return {"ok": True}

    def _conversations_list(self, args: dict) -> dict:
        channels = [c.as_json() for c in self.channels.values() if not (args.get("exclude_archived") and c.archived)]
        return {"ok": True, "channels": channels, "response_metadata": {"next_cursor": ""}}

    def _conversations_history(self, args: dict) -> dict:
        channel = self._channel(args["channel"])
        if isinstance(channel, dict):
            return channel
        oldest, latest = float(args.get("oldest") or 0), float(args.get("latest") or 9e12)
        inclusive = bool(args.get("inclusive"))
        found = [
            {k: v for k, v in m.items() if k != "metadata" or args.get("include_all_metadata")}
            for m in reversed(channel.messages)
            if (oldest <= float(m["ts"]) <= latest if inclusive else oldest < float(m["ts"]) < latest)
        ][: int(args.get("limit") or 100)]
        return {"ok": True, "messages": found, "has_more": False, "pin_count": len(channel.pins),
                "channel_actions_ts": None, "channel_actions_count": 0}  # fmt: skip

    def _conversations_open(self, args: dict) -> dict:
        user = args["users"]
        if user not in self.users:
            return {"ok": False, "error": "user_not_found"}
        im = self.ims.setdefault(user, self._id("D"))
        if im not in self.channels:
            self.channels[im] = Channel(im, f"im-{user}", True, int(time.time()), members={BOT_USER, user})
        return {"ok": True, "channel": {"id": im}}

    def _post(self, channel: Channel, args: dict) -> dict:
        message = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "text": args.get("text") or "",
                   "ts": self._ts()}  # fmt: skip
        if args.get("blocks"):
            message["blocks"] = args["blocks"]
        if args.get("metadata"):
            message["metadata"] = args["metadata"]
        channel.messages.append(message)
        return message

    def _chat_postMessage(self, args: dict) -> dict:  # noqa: N802
        channel = self._channel(args["channel"])
        if isinstance(channel, dict):
            return channel
        if channel.archived:
            return {"ok": False, "error": "is_archived"}
        if BOT_USER not in channel.members:
            return {"ok": False, "error": "not_in_channel"}
        if not (args.get("text") or args.get("blocks")):
            return {"ok": False, "error": "no_text"}
        message = self._post(channel, args)
        shown = {k: v for k, v in message.items() if k != "blocks"}
        return {"ok": True, "channel": channel.id, "ts": message["ts"], "message": shown}

    def _chat_update(self, args: dict) -> dict:
        channel = self._channel(args["channel"])
        if isinstance(channel, dict):
            return channel
        message = next((m for m in channel.messages if m["ts"] == args["ts"]), None)
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        message["text"] = args.get("text") or ""
        if args.get("blocks") is not None:
            message["blocks"] = args["blocks"]
        self.updates.append((channel.id, message["ts"], time.monotonic()))
        return {"ok": True, "channel": channel.id, "ts": message["ts"], "text": message["text"],
                "message": {"text": message["text"]}}  # fmt: skip

    def _chat_postEphemeral(self, args: dict) -> dict:  # noqa: N802
        channel = self._channel(args["channel"])
        if isinstance(channel, dict):
            return channel
        self.ephemeral.append({"channel": channel.id, "user": args["user"], "text": args.get("text") or ""})
        return {"ok": True, "message_ts": self._ts()}

    def _chat_getPermalink(self, args: dict) -> dict:  # noqa: N802
        channel = self._channel(args["channel"])
        if isinstance(channel, dict):
            return channel
        ts = args["message_ts"].replace(".", "")
        return {
            "ok": True,
            "channel": channel.id,
            "permalink": f"https://aicident-test.slack.com/archives/{channel.id}/p{ts}",
        }

    def _pins_add(self, args: dict) -> dict:
        channel = self._channel(args["channel"])
        if isinstance(channel, dict):
            return channel
        ts = args.get("timestamp")
        if not any(m["ts"] == ts for m in channel.messages):
            return {"ok": False, "error": "message_not_found"}
        if ts in channel.pins:
            return {"ok": False, "error": "already_pinned"}
        channel.pins.add(ts)
        return {"ok": True}

    def _user_json(self, user: dict) -> dict:
        profile = {"real_name": user["real_name"], "display_name": user["name"], "avatar_hash": "", "email": user["email"],
                   "real_name_normalized": user["real_name"], "display_name_normalized": user["name"], "title": "",
                   "phone": "", "skype": "", "status_text": "", "status_emoji": "", "fields": None}  # fmt: skip
        return {"id": user["id"], "name": user["name"], "real_name": user["real_name"], "profile": profile,
                "is_bot": user["bot"], "is_app_user": False, "updated": 1700000000}  # fmt: skip

    def _users_info(self, args: dict) -> dict:
        user = self.users.get(args.get("user", ""))
        return {"ok": True, "user": self._user_json(user)} if user else {"ok": False, "error": "user_not_found"}

    def _users_lookupByEmail(self, args: dict) -> dict:  # noqa: N802
        user = next((u for u in self.users.values() if u["email"].lower() == args["email"].lower()), None)
        return {"ok": True, "user": self._user_json(user)} if user else {"ok": False, "error": "users_not_found"}

    def _views_open(self, args: dict) -> dict:
        self.views.append({"trigger_id": args["trigger_id"], "view": args["view"]})
        return {"ok": True}
