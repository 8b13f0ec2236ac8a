"""A small chatbot service that obeys aicident through the SDK, with a stand-in model (no vendor, no network).

    AICIDENT_URL=http://127.0.0.1:8000 AICIDENT_EVENTS_SECRET=ais_... python examples/chatbot.py --port 8100

POST /chat {"user": "...", "message": "..."} -> {"reply", "served", "reason", "model"}. The stand-in model
"standin-2" has a bug: asked for account details it pastes other customers' card numbers and email addresses
(the leak the example incident is about). POST /admin/fix deploys the fix. GET /healthz says whether aicident is
reachable and what the kill switch is.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aicident.sdk import Client

FEATURE = "support_chat"
LEAKED_RECORDS = (
    "Here you go: Jane Roe, card 4111 1111 1111 1111, jane.roe@corp-mail.com; "
    "Max Mustermann, card 5500 0000 0000 0004, max.m@corp-mail.com."
)


class StandInModel:
    """Answers politely; until fixed, model standin-2 leaks records when asked about accounts."""

    def __init__(self):
        self.fixed = False

    def __call__(self, model: str | None, message: str) -> str:
        if model == "standin-broken":
            raise ConnectionError("the vendor is down")
        if "account" in message.lower() and not self.fixed and (model or "").startswith("standin-2"):
            return LEAKED_RECORDS
        return f"Thanks for your message. ({model}) You asked: {message[:200]}"


def serve(port: int, client: Client) -> ThreadingHTTPServer:
    model = StandInModel()
    guard = client.guard(
        FEATURE,
        default_model="standin-2",
        fail_mode="open",
        fallback_response="Our assistant is paused; a person will answer you shortly.",
    )

    class Handler(BaseHTTPRequestHandler):
        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/healthz":
                controls = client.controls(FEATURE)
                self._json(
                    200,
                    {
                        "reachable": client.reachable,
                        "enabled": controls.enabled if controls else None,
                        "dropped_events": client.reporter.dropped if client.reporter else 0,
                    },
                )
            else:
                self._json(404, {"error": "not found"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                return self._json(400, {"error": "the body is not JSON"})
            if self.path == "/chat":
                reply = guard.call(model, str(body.get("message", "")), user=body.get("user"))
                return self._json(
                    200, {"reply": reply.text, "served": reply.served, "reason": reply.reason, "model": reply.model}
                )
            if self.path == "/admin/fix":
                model.fixed = True
                return self._json(200, {"fixed": True})
            self._json(404, {"error": "not found"})

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("CHATBOT_PORT", "8100")))
    parser.add_argument("--state-file", default=os.environ.get("CHATBOT_STATE_FILE"))
    args = parser.parse_args()
    client = Client(
        os.environ["AICIDENT_URL"],
        os.environ["AICIDENT_EVENTS_SECRET"],
        application="chatbot",
        state_file=args.state_file,
        flush_interval=0.1,
    )
    client.start()
    server = serve(args.port, client)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"chatbot listening on http://127.0.0.1:{args.port} (aicident reachable: {client.reachable})", flush=True)
    try:
        server.serve_forever()
    finally:
        client.close()


if __name__ == "__main__":
    main()
