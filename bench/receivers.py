#!/usr/bin/env python
"""Receivers for bench/notify_delivery.py, each in its own process as a real receiver would be:

    python bench/receivers.py webhook SECRET   # HTTP/1.1 keep-alive, verifies each Standard Webhooks signature
    python bench/receivers.py smtp             # aiosmtpd, keeps each Message-ID it accepts

It prints its port on the first line of stdout, serves until SIGTERM, then prints what it received as one JSON line
({"seen": {id: times}, "bad": n}) and exits: the benchmark compares that with what it queued.
"""

from __future__ import annotations

import json
import signal
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

seen: dict[str, int] = {}
bad = 0
lock = threading.Lock()


def count(key: str | None) -> None:
    global bad
    with lock:
        if key is None:
            bad += 1
        else:
            seen[key] = seen.get(key, 0) + 1


def webhook(secret: str) -> int:
    from standardwebhooks import Webhook

    verifier = Webhook(secret)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            try:
                verifier.verify(body, dict(self.headers.items()))
                key: str | None = self.headers["webhook-id"]
            except Exception:  # noqa: BLE001 - counted as a bad signature
                key = None
            count(key)
            self.send_response(204 if key else 400)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def smtp() -> int:
    from email import message_from_bytes

    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            count(message_from_bytes(envelope.content).get("Message-ID"))
            return "250 OK"

    with socket.socket() as probe:  # a free port (the controller checks it is up by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    Controller(Handler(), hostname="127.0.0.1", port=port).start()
    return port


def main() -> None:
    port = webhook(sys.argv[2]) if sys.argv[1] == "webhook" else smtp()
    print(port, flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait()
    with lock:
        print(json.dumps({"seen": seen, "bad": bad}), flush=True)


if __name__ == "__main__":
    main()
