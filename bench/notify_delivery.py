#!/usr/bin/env python
"""Outbox benchmark: queue N messages, then deliver them with W workers to receivers on loopback, each in its own
process: a signed-webhook receiver and an SMTP server.

    .venv/bin/python bench/notify_delivery.py [--messages 2000] [--workers 1,2] [--channels webhook,email]
                                              [--postgres URL]

What it does, for each channel and worker count, on a fresh embedded SQLite file (and on PostgreSQL when --postgres
names a server's maintenance database, in which it creates and drops a database):
  * enqueues N messages, one transaction each (as a use case does), and times it;
  * runs W workers, threads of the benchmark or processes of their own, each draining the outbox as `aicident
    worker` does (`aicident.workers.drain_outbox`, with its defaults) until none is due, against
    bench/receivers.py: a ThreadingHTTPServer that checks each signature with the `standardwebhooks` library and
    answers 204, or an aiosmtpd server that keeps each Message-ID;
  * checks that every message is `sent` with one attempt, that the receiver got each id exactly once and every
    signature verified; any difference fails the benchmark (exit 1);
  * writes bench/results/notify_delivery.{md,json} and prints the table.

Goals (issue 15): >= 2,000 webhook messages/s and >= 500 emails/s with 2 workers, none lost or duplicated.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import tomli_w  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from aicident.notify.model import Message  # noqa: E402
from aicident.notify.outbox import enqueue  # noqa: E402
from aicident.plan.loader import default_plan, plan_document  # noqa: E402
from aicident.runtime import build_runtime  # noqa: E402
from aicident.settings import Settings  # noqa: E402
from aicident.store.tables import outbox, outbox_attempts  # noqa: E402
from aicident.workers import OUTBOX_BATCH, drain_outbox  # noqa: E402

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


GOALS = {"webhook": 2000, "email": 500}  # messages/s with 2 workers
CHANNELS = {
    "webhook": {"name": "hook", "type": "webhook", "url_env": "BENCH_HOOK_URL", "secret_env": "BENCH_HOOK_SECRET"},
    "email": {
        "name": "mail",
        "type": "smtp",
        "host": "127.0.0.1",
        "port_env": "BENCH_SMTP_PORT",
        "sender": "aicident@example.com",
    },
}


class Receiver:
    """bench/receivers.py in its own process; `stop()` returns what it received."""

    def __init__(self, kind: str):
        arguments = ["webhook", SECRET] if kind == "webhook" else ["smtp"]
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "receivers.py"), *arguments], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())

    def cpu_seconds(self) -> float:
        """CPU time the receiver's process has used so far (user + system, from /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> dict:
        self.process.terminate()
        out, _ = self.process.communicate(timeout=60)
        return json.loads(out.strip().splitlines()[-1])


class ServerCpu:
    """CPU time of a PostgreSQL server on this machine: its postmaster and every process under it (backends, WAL
    writer, autovacuum...), those that ended included (the postmaster collects their time). None when the server is
    elsewhere or its processes cannot be read."""

    def __init__(self, engine):
        self.postmaster: int | None = None
        if engine.dialect.name != "postgresql":
            return
        try:
            with engine.connect() as connection:
                backend = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
            self.postmaster = int(_stat(backend)[1])
            self.seconds()
        except (OSError, ValueError, IndexError):
            self.postmaster = None

    def seconds(self) -> float | None:
        if self.postmaster is None:
            return None
        fields = _stat(self.postmaster)
        ticks = sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    child = _stat(int(entry.name))
                except OSError:
                    continue  # ended meanwhile
                if int(child[1]) == self.postmaster:
                    ticks += sum(int(value) for value in child[11:15])
        return ticks / os.sysconf("SC_CLK_TCK")


Window = tuple[float | None, float | None]  # the server's CPU seconds before and after the delivery window


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command's name: [0] is the state, [1] the parent, [11:15] CPU ticks."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _drain(rt) -> None:
    """What `aicident worker` does with the outbox, with its defaults, until none is due."""
    while drain_outbox(rt):
        pass


def _deliver_in_threads(rt, workers: int, receiver: Receiver, server: ServerCpu) -> tuple[float, float, float, Window]:
    """W threads of this process (as `aicident serve` or one `aicident worker` with several threads would)."""
    server_cpu = server.seconds()
    started, cpu, receiver_cpu = time.perf_counter(), time.process_time(), receiver.cpu_seconds()
    threads = [threading.Thread(target=_drain, args=(rt,)) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds, cpu, receiver_cpu = (
        time.perf_counter() - started,
        time.process_time() - cpu,
        receiver.cpu_seconds() - receiver_cpu,
    )
    return seconds, cpu, receiver_cpu, (server_cpu, server.seconds())


def _worker_process(database_url: str, workdir: str, plan: str, ready, go, results, measured) -> None:
    rt = build_runtime(Settings(data_dir=Path(workdir), database_url=database_url, plan_file=Path(plan), actor="bench"))
    ready.release()
    go.wait()
    cpu = time.process_time()
    _drain(rt)
    results.put(time.process_time() - cpu)
    measured.wait(60)  # our database connections' processes live until the server's CPU is read
    rt.engine.dispose()


def _deliver_in_processes(
    database_url: str, workdir: Path, plan: Path, workers: int, receiver: Receiver, server: ServerCpu
) -> tuple[float, float, float, Window]:
    """W processes on the same database (as W `aicident worker` processes would), started before the clock starts."""
    context = multiprocessing.get_context("spawn")
    ready, go, results, measured = context.Semaphore(0), context.Event(), context.Queue(), context.Event()
    arguments = (database_url, str(workdir), str(plan), ready, go, results, measured)
    children = [context.Process(target=_worker_process, args=arguments) for _ in range(workers)]
    for child in children:
        child.start()
    for _ in children:
        ready.acquire()
    server_cpu = server.seconds()
    started, receiver_cpu = time.perf_counter(), receiver.cpu_seconds()
    go.set()
    cpu = sum(results.get(timeout=600) for _ in children)
    seconds = time.perf_counter() - started
    receiver_cpu, server_window = receiver.cpu_seconds() - receiver_cpu, (server_cpu, server.seconds())
    measured.set()
    for child in children:
        child.join()
    return seconds, cpu, receiver_cpu, server_window


def run(database_url: str, workdir: Path, messages: int, workers: int, kind: str, processes: bool = False) -> dict:
    channel = CHANNELS[kind]
    document = plan_document(default_plan())
    document["notify"] = {"channels": [channel]}
    for audience in document.get("comms", {}).get("audiences", {}).values():  # they may name only plan channels
        audience["channels"] = [name for name in audience.get("channels", []) if name == channel["name"]]
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
                    channel=channel["name"],
                    to=(f"customer-{n}@example.com",) if kind == "email" else (),
                    subject=f"Update {n}",
                    text="An internal status update." * 4,
                    kind="internal_update",
                    incident_ref="INC-2026-0001",
                ),
                now=rt.clock(),
            )
    enqueue_seconds = time.perf_counter() - started

    receiver = Receiver(kind)
    server = ServerCpu(rt.engine)
    os.environ["BENCH_HOOK_URL"] = f"http://127.0.0.1:{receiver.port}/hook"
    os.environ["BENCH_HOOK_SECRET"] = SECRET
    os.environ["BENCH_SMTP_PORT"] = str(receiver.port)
    if processes:
        deliver_seconds, cpu_seconds, receiver_cpu, (server_before, server_after) = _deliver_in_processes(
            database_url, workdir, plan, workers, receiver, server
        )
    else:
        deliver_seconds, cpu_seconds, receiver_cpu, (server_before, server_after) = _deliver_in_threads(
            rt, workers, receiver, server
        )
    received = receiver.stop()
    with rt.uow() as uow:
        states = dict(uow.connection.execute(select(outbox.c.state, func.count()).group_by(outbox.c.state)).all())
        attempts = uow.connection.execute(select(func.count()).select_from(outbox_attempts)).scalar_one()
    rt.engine.dispose()
    ids = [received_id.strip("<>").split("@")[0] for received_id in received["seen"]]
    ours = {i: n for i, n in zip(ids, received["seen"].values(), strict=True) if i.startswith(prefix)}
    return {
        "channel": kind,
        "database": database_url.split(":")[0].split("+")[0],
        "messages": messages,
        "workers": workers,
        "worker_kind": "processes" if processes else "threads",
        "enqueue_per_s": round(messages / enqueue_seconds),
        "deliver_per_s": round(messages / deliver_seconds),
        "worker_cpu_ms_per_message": round(1000 * cpu_seconds / messages, 3),
        "receiver_cpu_ms_per_message": round(1000 * receiver_cpu / messages, 3),
        "database_cpu_ms_per_message": (
            round(1000 * (server_after - server_before) / messages, 3)
            if server_before is not None and server_after is not None
            else None
        ),
        "sent": states.get("sent", 0),
        "other_states": {k: v for k, v in states.items() if k != "sent"},
        "attempts": attempts,
        "distinct_ids_received": len(ours),
        "duplicates_received": sum(v - 1 for v in ours.values()),
        "bad_signatures": received["bad"],
    }


def problems(row: dict) -> list[str]:
    """What makes a run wrong: a message not sent, sent twice, retried, or a signature that did not verify."""
    found = []
    if row["sent"] != row["messages"] or row["other_states"]:
        found.append(f"{row['sent']} of {row['messages']} sent, others {row['other_states']}")
    if row["attempts"] != row["messages"]:
        found.append(f"{row['attempts']} attempts for {row['messages']} messages")
    if row["distinct_ids_received"] != row["messages"] or row["duplicates_received"]:
        found.append(f"{row['distinct_ids_received']} ids received, {row['duplicates_received']} duplicates")
    if row["bad_signatures"]:
        found.append(f"{row['bad_signatures']} bad signatures")
    return found


def _postgres_run(url: str, messages: int, workers: int, kind: str, processes: bool) -> dict:
    name = "aicident_bench_" + uuid.uuid4().hex[:8]
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            return run(url.rsplit("/", 1)[0] + f"/{name}", Path(tmp), messages, workers, kind, processes)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _or_dash(value) -> str:
    return "-" if value is None else str(value)


def _revision() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, capture_output=True, text=True)
        return head.stdout.strip() + (" (src/ has uncommitted changes)" if dirty.stdout.strip() else "")
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--channels", default="webhook,email")
    parser.add_argument(
        "--as", dest="as_", default="threads,processes", help="workers as threads of one process, processes, or both"
    )
    parser.add_argument("--postgres", help="a PostgreSQL maintenance database URL (postgresql+psycopg://...)")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    rows = []
    for kind in args.channels.split(","):
        for workers in [int(w) for w in args.workers.split(",")]:
            for as_processes in [mode == "processes" for mode in args.as_.split(",")]:
                with tempfile.TemporaryDirectory() as tmp:
                    rows.append(run(f"sqlite:///{tmp}/bench.db", Path(tmp), args.messages, workers, kind, as_processes))
                print(json.dumps(rows[-1]), flush=True)
                if args.postgres:
                    rows.append(_postgres_run(args.postgres, args.messages, workers, kind, as_processes))
                    print(json.dumps(rows[-1]), flush=True)
    lines = [
        "# Outbox delivery to receivers on loopback",
        "",
        f"- date: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"- command: `.venv/bin/python bench/notify_delivery.py {' '.join(sys.argv[1:])}`".rstrip() + "",
        f"- revision: {_revision()}",
        f"- machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; load average "
        f"before {load_before:.2f}, after {os.getloadavg()[0]:.2f} (1 min)",
        "- receivers (bench/receivers.py), each in its own process on the same CPUs: a ThreadingHTTPServer that checks "
        "every signature with `standardwebhooks` and answers 204; an aiosmtpd server that keeps each Message-ID",
        "- workers: threads of the benchmark process, or processes of their own on the same database (as `aicident "
        f"worker` processes), each draining the outbox as `aicident worker` does (`drain_outbox`: rounds of up to "
        f"{OUTBOX_BATCH} due messages, one after another) until none is "
        "due; each channel's `concurrency` is the default (8)",
        "- worker CPU ms/message: CPU time of the workers (and their senders) over the delivery window, per message; "
        "receiver CPU ms/message: the same for the receiver's process; PostgreSQL CPU ms/message: the same for the "
        "PostgreSQL server's processes (postmaster and all under it, on this machine; - for SQLite, which runs inside "
        "the workers). Their sum is what one message costs the machine's 2 CPUs; threads of one process share one "
        "CPU's worth of Python (the GIL)",
        "",
        "| channel | database | workers | messages | enqueue/s (1 per txn) | delivered/s | worker CPU ms/message | "
        "receiver CPU ms/message | PostgreSQL CPU ms/message | sent | attempts | distinct ids received | duplicates | bad signatures |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['channel']} | {r['database']} | {r['workers']} {r['worker_kind']} | {r['messages']} | {r['enqueue_per_s']:,} | "
            f"{r['deliver_per_s']:,} | {r['worker_cpu_ms_per_message']} | "
            f"{r['receiver_cpu_ms_per_message']} | {_or_dash(r['database_cpu_ms_per_message'])} | {r['sent']} | {r['attempts']} | "
            f"{r['distinct_ids_received']} | {r['duplicates_received']} | {r['bad_signatures']} |"
        )
    lines += ["", "Goals with 2 workers (issue 15): webhooks >= 2,000/s, emails >= 500/s.", ""]
    for r in rows:
        if r["workers"] == 2:
            goal = GOALS[r["channel"]]
            verdict = "MET" if r["deliver_per_s"] >= goal else "NOT MET"
            lines.append(
                f"- {r['channel']} on {r['database']}, 2 {r['worker_kind']}: {r['deliver_per_s']:,}/s against "
                f"{goal:,}: {verdict}"
            )
    wrong = [
        f"{r['channel']}/{r['database']}/{r['workers']} {r['worker_kind']}: {p}" for r in rows for p in problems(r)
    ]
    lines += ["", "## Verification: " + ("FAILED" if wrong else "PASSED"), ""]
    lines += [f"- {w}" for w in wrong] or ["Every message sent once, received once, every signature verified."]
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "notify_delivery.md").write_text("\n".join(lines) + "\n")
    (results / "notify_delivery.json").write_text(json.dumps(rows, indent=2) + "\n")
    print("\n".join(lines))
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
