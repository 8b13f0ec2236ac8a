#!/usr/bin/env python
"""Outbox benchmark: queue N messages, then deliver them to a signed-webhook receiver on loopback with W workers.

    .venv/bin/python bench/notify_delivery.py [--messages 1000] [--workers 1,2,4] [--postgres URL]

What it does, for each worker count, on a fresh embedded SQLite file (and on PostgreSQL when --postgres names a
server's maintenance database, in which it creates and drops a database):
  * enqueues N messages, one transaction each (as a use case does), and times it;
  * runs W threads calling `deliver_due(limit=50)` until no message is queued, against a receiver (a
    ThreadingHTTPServer in this process, sharing its CPUs and GIL) that checks each signature with the
    `standardwebhooks` library and answers 204;
  * checks that every message is `sent`, that the receiver saw each webhook-id exactly once and every signature
    verified, and counts attempts (one per message when nothing fails);
  * writes bench/results/notify_delivery.{md,json} and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import tomli_w  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from standardwebhooks import Webhook  # noqa: E402

from aicident.notify import service  # noqa: E402
from aicident.notify.model import Message  # noqa: E402
from aicident.notify.outbox import enqueue  # noqa: E402
from aicident.plan.loader import default_plan, plan_document  # noqa: E402
from aicident.runtime import build_runtime  # noqa: E402
from aicident.settings import Settings  # noqa: E402
from aicident.store.tables import outbox, outbox_attempts  # noqa: E402

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


class Receiver:
    def __init__(self):
        self.seen: dict[str, int] = {}
        self.bad = 0
        self.lock = threading.Lock()
        verifier = Webhook(SECRET)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                try:
                    verifier.verify(body, dict(self.headers.items()))
                    ok = True
                except Exception:  # noqa: BLE001 - counted as a bad signature
                    ok = False
                with receiver.lock:
                    if ok:
                        key = self.headers["webhook-id"]
                        receiver.seen[key] = receiver.seen.get(key, 0) + 1
                    else:
                        receiver.bad += 1
                self.send_response(204 if ok else 400)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"


def run(database_url: str, workdir: Path, messages: int, workers: int, receiver: Receiver) -> dict:
    document = plan_document(default_plan())
    document["notify"] = {
        "channels": [
            {"name": "hook", "type": "webhook", "url_env": "BENCH_HOOK_URL", "secret_env": "BENCH_HOOK_SECRET"}
        ]
    }
    plan = workdir / "plan.toml"
    plan.write_text(tomli_w.dumps(document))
    rt = build_runtime(Settings(data_dir=workdir, database_url=database_url, plan_file=plan, actor="bench"))
    prefix = uuid.uuid4().hex[:8]
    started = time.perf_counter()
    for n in range(messages):
        with rt.uow() as uow:
            enqueue(
                uow,
                Message(
                    id=f"{prefix}-{n}",
                    channel="hook",
                    to=(),
                    subject=f"Update {n}",
                    text="An internal status update." * 4,
                    kind="internal_update",
                    incident_ref="INC-2026-0001",
                ),
                now=rt.clock(),
            )
    enqueue_seconds = time.perf_counter() - started

    def work():
        while service.deliver_due(rt, limit=50):
            pass

    started = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deliver_seconds = time.perf_counter() - started
    with rt.uow() as uow:
        states = dict(uow.connection.execute(select(outbox.c.state, func.count()).group_by(outbox.c.state)).all())
        attempts = uow.connection.execute(select(func.count()).select_from(outbox_attempts)).scalar_one()
    rt.engine.dispose()
    ours = {k: v for k, v in receiver.seen.items() if k.startswith(prefix)}
    return {
        "database": database_url.split(":")[0].split("+")[0],
        "messages": messages,
        "workers": workers,
        "enqueue_per_s": round(messages / enqueue_seconds),
        "deliver_per_s": round(messages / deliver_seconds),
        "sent": states.get("sent", 0),
        "other_states": {k: v for k, v in states.items() if k != "sent"},
        "attempts": attempts,
        "distinct_ids_received": len(ours),
        "duplicates_received": sum(v - 1 for v in ours.values()),
        "bad_signatures": receiver.bad,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--postgres", help="a PostgreSQL maintenance database URL (postgresql+psycopg://...)")
    args = parser.parse_args()
    receiver = Receiver()
    os.environ["BENCH_HOOK_URL"] = receiver.url
    os.environ["BENCH_HOOK_SECRET"] = SECRET
    rows = []
    for workers in [int(w) for w in args.workers.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(run(f"sqlite:///{tmp}/bench.db", Path(tmp), args.messages, workers, receiver))
        if args.postgres:
            name = "aicident_bench_" + uuid.uuid4().hex[:8]
            admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                with tempfile.TemporaryDirectory() as tmp:
                    rows.append(
                        run(args.postgres.rsplit("/", 1)[0] + f"/{name}", Path(tmp), args.messages, workers, receiver)
                    )
            finally:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
        print(json.dumps(rows[-1]), flush=True)
    lines = [
        "# Outbox delivery to a signed-webhook receiver on loopback",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}. The receiver "
        "runs in the benchmark process (same CPUs and GIL); every signature is verified with `standardwebhooks`.",
        "",
        "| database | workers | messages | enqueue/s (1 per txn) | delivered/s | sent | attempts | "
        "distinct ids received | duplicates | bad signatures |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['database']} | {r['workers']} | {r['messages']} | {r['enqueue_per_s']} | "
            f"{r['deliver_per_s']} | {r['sent']} | {r['attempts']} | {r['distinct_ids_received']} | "
            f"{r['duplicates_received']} | {r['bad_signatures']} |"
        )
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "notify_delivery.md").write_text("\n".join(lines) + "\n")
    (results / "notify_delivery.json").write_text(json.dumps(rows, indent=2) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
