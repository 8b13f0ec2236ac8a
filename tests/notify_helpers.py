"""Real receivers on loopback for the notify tests: an HTTP server that records every request and answers as the
test says, an SMTP server (aiosmtpd) in the test process, and plan files with the channels pointed at them."""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import tomli_w
from aiosmtpd.controller import Controller

from aicident.plan.loader import default_plan, plan_document

WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


Answer = tuple[int, dict[str, str], bytes]


class Receiver:
    """An HTTP server on loopback; `respond` decides each answer. It may be started late (the port is refused until
    then) and stopped and started again on the same port."""

    def __init__(self, respond: Callable[[Received], Answer] | None = None, *, tls: ssl.SSLContext | None = None):
        self.port = free_port()
        self.tls = tls  # a server-side context: the receiver speaks HTTPS
        self.requests: list[Received] = []
        self.heads: list[Received] = []
        self.respond = respond or (lambda request: (200, {}, b"ok"))
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}/hook"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                request = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with receiver._lock:
                    receiver.requests.append(request)
                status, headers, answer = receiver.respond(request)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def do_HEAD(self):  # what a channel check asks: the answer's status, no body
                request = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, b"")
                with receiver._lock:
                    receiver.heads.append(request)
                status, headers, _answer = receiver.respond(request)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        if self.tls is not None:
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class Mailbox:
    """What an SMTP handler received; `refuse` may answer a command instead of accepting it."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.peers: list[tuple] = []  # the client address of each message's session: one per connection
        self.refuse_data: list[str] = []  # answers given to DATA, one per message, before accepting again
        self.refuse_rcpt: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_rcpt:
            return self.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.peers.append(tuple(session.peer))
        if self.refuse_data:
            return self.refuse_data.pop(0)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, **options):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **options)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


ORGANISATION = {
    "name": "Example Corp",
    "support_contact": "support@example.com",
    "status_page_url": "https://status.example.com",
    "signature": "The Example Corp team",
}


def plan_with(
    tmp_path: Path, channels: list[dict], *, organisation: dict | None = None, comms: dict | None = None, **notify
) -> Path:
    """A copy of the default plan whose [notify] has `channels` (and other notify settings), with [organisation] and
    [comms] settings when given."""
    document = plan_document(default_plan())
    document["notify"] = {"channels": channels, **notify}
    if organisation is not None:
        document["organisation"] = organisation
    document.setdefault("comms", {}).update(comms or {})
    names = {c["name"] for c in channels}
    for delivery in document.get("comms", {}).get("audiences", {}).values():
        delivery["channels"] = [c for c in delivery.get("channels", []) if c in names]
    path = tmp_path / "plan.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path
