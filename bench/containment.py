#!/usr/bin/env python
"""Containment benchmark: Guard overhead, kill-switch propagation to 50 SDK clients, event reporter throughput.

    .venv/bin/python bench/containment.py [--calls 200000] [--clients 50] [--flips 40] [--events 200000]

What it measures:
  * Guard overhead without inline detectors: the time of `guard.call(model, text)` minus the median time of calling
    the same stand-in model directly, per call, over --calls calls (controls cached, reporter queueing every event).
  * Guard time with the inline detectors (guard_input = guard_output = "flag") on 1 KB of input and 1 KB of output,
    over 2,000 calls with 20 different texts.
  * Propagation: `aicident serve` (SQLite) in a subprocess and --clients SDK Clients in this process, each with its
    own stream; --flips times the kill switch is flipped through the API; for each flip and client, the time from
    sending the POST to that client's Guard refusing (its controls changed; a callback from its stream thread).
  * Reporter throughput: `reporter.report` called at --rate events/s (paced, 12,000 by default) for --events events,
    and once as fast as the caller can (burst), while the reporter sends batches to a loopback receiver in its own
    process that parses the JSON (a stand-in for the events endpoint, to measure the SDK rather than the server):
    events delivered, dropped and failed, and the caller's time per report. Then the Guard overhead again at --rate
    calls/s with the reporter sending every call's event. The reporter is also run against the real
    `aicident serve` POST /api/v1/events (detectors on) for 20,000 events.

Writes bench/results/containment.{md,json}. The machine is shared (2 cores, other work running), so the figures
are what this run saw, not a ceiling.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from aicident.sdk import Client, ControlState, EventReporter, FeatureControls, Guard

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TEXT_1K = (
    "Thanks for getting in touch about your order. I checked the delivery status and the parcel left our "
    "warehouse on Tuesday; the carrier expects to deliver it within two working days. If it does not arrive "
    "by Friday, reply to this message and we will send a replacement or refund you, whichever you prefer. "
    "You can also track it yourself on the carrier's site with the reference on your receipt. Is there "
    "anything else I can help you with today, for example changing the delivery address or the time slot? "
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def stand_in_model(model, text):
    return "ok"


# --- guard overhead ------------------------------------------------------------------------------------------------


def guard_overhead(calls: int, reporter: EventReporter | None = None, rate: float | None = None) -> dict:
    state = ControlState(None)
    state.features = {"chat": FeatureControls(feature="chat", model="vendor/model-1")}
    state.tag, state.connected = "1", True
    if reporter is None:  # queued, never sent: the caller's cost alone
        reporter = EventReporter(None, application="bench", max_queue=100_000)
    guard = Guard("chat", state, reporter)
    clock = time.perf_counter_ns
    for _ in range(20_000):
        guard.call(stand_in_model, "hello")
    direct = []
    for _ in range(calls):
        t = clock()
        stand_in_model("vendor/model-1", "hello")
        direct.append(clock() - t)
    guarded = []
    started = time.perf_counter()
    for i in range(calls):
        if rate is not None:  # paced: the application's call rate, with the reporter sending in the background
            due = started + i / rate
            while time.perf_counter() < due:
                pass
        t = clock()
        guard.call(stand_in_model, "hello")
        guarded.append(clock() - t)
    base = statistics.median(direct)
    overhead = [(g - base) / 1000 for g in guarded]
    return {
        "calls": calls,
        "direct_median_us": base / 1000,
        "median_us": statistics.median(overhead),
        "p99_us": percentile(overhead, 0.99),
        "p999_us": percentile(overhead, 0.999),
        "dropped_events": reporter.dropped,
        "sent_events": reporter.sent,
    }


def guard_with_detectors(calls: int = 2000) -> dict:
    state = ControlState(None)
    state.features = {"chat": FeatureControls(feature="chat", guard_input="flag", guard_output="flag")}
    state.tag, state.connected = "1", True
    guard = Guard("chat", state, EventReporter(None, application="bench"))
    inputs = [(f"Question {i}: " + TEXT_1K * 3)[:1024] for i in range(20)]
    outputs = [(f"Answer {i} for jane.doe{i}@corp-mail.com: " + TEXT_1K * 3)[:1024] for i in range(20)]
    for i in range(200):
        guard.call(lambda m, t, o=outputs[i % 20]: o, inputs[i % 20])
    times, cpu = [], []
    for i in range(calls):
        output = outputs[i % 20]
        c, t = time.thread_time_ns(), time.perf_counter_ns()
        guard.call(lambda m, t, o=output: o, inputs[i % 20])
        times.append((time.perf_counter_ns() - t) / 1e6)
        cpu.append((time.thread_time_ns() - c) / 1e6)
    # Wall time includes the moments the OS gave the CPU to other processes; CPU time of this thread does not.
    return {
        "calls": calls,
        "input_bytes": len(inputs[0]),
        "output_bytes": len(outputs[0]),
        "median_ms": statistics.median(times),
        "p99_ms": percentile(times, 0.99),
        "max_ms": max(times),
        "cpu_median_ms": statistics.median(cpu),
        "cpu_p99_ms": percentile(cpu, 0.99),
    }


# --- a real server -------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="aicident-bench-"))
        self.port = free_port()
        exe = Path(sys.executable).parent / "aicident"
        env = {k: v for k, v in os.environ.items() if not k.startswith("AICIDENT_")}
        env.update(AICIDENT_DATA_DIR=str(self.dir), AICIDENT_ACTOR="bench")
        with open(self.dir / "server.log", "wb") as log:  # the server holds its own copy of the descriptor
            self.process = subprocess.Popen(
                [
                    str(exe if exe.exists() else shutil.which("aicident")),
                    "serve",
                    "--port",
                    str(self.port),
                    "--log-level",
                    "warning",
                ],
                env=env,
                cwd=self.dir,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/readyz", trust_env=False).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        text = (self.dir / "server.log").read_text()
        self.token = re.search(r"export AICIDENT_TOKEN=(aic_\S+)", text).group(1)
        self.admin = httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.token}"}, trust_env=False, timeout=30
        )
        self.secret = self.admin.post(
            "/api/v1/integrations", json={"name": "bench", "format": "events", "rate_per_minute": 10_000_000}
        ).json()["secret"]
        self.admin.post("/api/v1/features", json={"name": "chat", "fallback_response": "Paused."}).raise_for_status()

    def stop(self):
        self.admin.close()
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


def propagation(server: Server, clients: int, flips: int) -> dict:
    sdks = [
        Client(server.url, server.secret, application=f"bench-{i}", persist=False, report_events=False)
        for i in range(clients)
    ]
    seen: list[list[float]] = [[] for _ in range(flips)]
    current = {"flip": -1, "enabled": True}
    lock = threading.Lock()

    def listener(sdk: Client):
        def changed(_tag):
            controls = sdk.state.features.get("chat")
            if controls is not None and controls.enabled == current["enabled"] and current["flip"] >= 0:
                with lock:
                    seen[current["flip"]].append(time.perf_counter())

        return changed

    for sdk in sdks:
        sdk.state.on_change(listener(sdk))
        sdk.start(wait=10)
    time.sleep(1.0)
    delays = []
    for flip in range(flips):
        enabled = flip % 2 == 1
        with lock:
            current.update(flip=flip, enabled=enabled)
        started = time.perf_counter()
        server.admin.post(
            "/api/v1/controls/chat/changes", json={"changes": {"enabled": enabled}, "reason": "benchmark"}
        ).raise_for_status()
        deadline = time.monotonic() + 5
        while len(seen[flip]) < clients and time.monotonic() < deadline:
            time.sleep(0.005)
        refusing = sum(1 for s in sdks if s.guard("chat").call(stand_in_model, "x").fallback != enabled)
        delays.extend((t - started) * 1000 for t in seen[flip])
        assert refusing == clients, f"flip {flip}: only {refusing} of {clients} clients obey"
        time.sleep(0.2)
    for sdk in sdks:
        sdk.close()
    return {
        "clients": clients,
        "flips": flips,
        "samples": len(delays),
        "missing": clients * flips - len(delays),
        "median_ms": statistics.median(delays),
        "p99_ms": percentile(delays, 0.99),
        "max_ms": max(delays),
    }


# --- reporter ------------------------------------------------------------------------------------------------------


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        assert all(event["id"] for event in json.loads(body))  # parse as the service would
        self.send_response(202)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def receive(port_queue) -> None:
    """The loopback receiver, in its own process so that it does not compete with the reporter for the GIL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    port_queue.put(server.server_address[1])
    server.serve_forever()


def reporter_throughput(url: str, secret: str, events: int, *, label: str, rate: float | None = None) -> dict:
    """Report `events` events, as fast as possible or paced at `rate` per second, and wait until all are sent."""
    http = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {secret}"}, trust_env=False, timeout=30)
    reporter = EventReporter(http, application="bench", batch_size=1000, flush_interval=0.05, max_queue=100_000)
    reporter.start()
    text = TEXT_1K[:200]
    caller = []
    started = time.perf_counter()
    for i in range(events):
        if rate is not None:
            due = started + i / rate
            while time.perf_counter() < due:
                pass
        t = time.perf_counter_ns()
        reporter.report(
            (
                reporter.next_id(),
                time.time(),
                "chat",
                f"user-{i % 100}",
                None,
                "m",
                "m",
                text,
                text,
                1.0,
                "ok",
                "served",
                None,
            )
        )
        caller.append((time.perf_counter_ns() - t) / 1000)
    offered = time.perf_counter() - started
    reporter.flush(300)
    elapsed = time.perf_counter() - started
    reporter.close()
    http.close()
    return {
        "target": label,
        "events": events,
        "paced_at": rate,
        "offered_per_s": events / offered,
        "sent": reporter.sent,
        "dropped": reporter.dropped,
        "failed": reporter.failed,
        "delivered_per_s": reporter.sent / elapsed,
        "report_median_us": statistics.median(caller),
        "report_p99_us": percentile(caller, 0.99),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--flips", type=int, default=40)
    parser.add_argument("--events", type=int, default=100_000, help="events (and Guard calls) at --rate")
    parser.add_argument("--rate", type=float, default=12_000.0, help="events per second offered when paced")
    args = parser.parse_args()
    results: dict = {
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_at_start": os.getloadavg(),
    }
    results["guard"] = guard_overhead(args.calls)
    print("guard", results["guard"], flush=True)
    results["guard_detectors"] = guard_with_detectors()
    print("guard with detectors", results["guard_detectors"], flush=True)

    ports = multiprocessing.Queue()
    receiver = multiprocessing.Process(target=receive, args=(ports,), daemon=True)
    receiver.start()
    loopback = f"http://127.0.0.1:{ports.get(timeout=30)}"
    results["reporter_burst"] = reporter_throughput(loopback, "x", 50_000, label="loopback receiver, burst")
    print("reporter burst", results["reporter_burst"], flush=True)
    results["reporter_loopback"] = reporter_throughput(
        loopback, "x", args.events, label="loopback receiver, paced", rate=args.rate
    )
    print("reporter paced", results["reporter_loopback"], flush=True)
    http = httpx.Client(base_url=loopback, trust_env=False, timeout=30)
    live = EventReporter(http, application="bench", batch_size=1000, flush_interval=0.05)
    live.start()
    results["guard_reporting"] = guard_overhead(args.events, live, rate=args.rate)
    live.flush(120)
    results["guard_reporting"]["sent_events"] = live.sent
    results["guard_reporting"]["rate"] = args.rate
    live.close()
    http.close()
    receiver.terminate()
    print("guard while the reporter sends", results["guard_reporting"], flush=True)

    server = Server()
    try:
        results["propagation"] = propagation(server, args.clients, args.flips)
        print("propagation", results["propagation"], flush=True)
        results["reporter_server"] = reporter_throughput(
            server.url, server.secret, 20_000, label="aicident serve (SQLite, detectors on)"
        )
        print("reporter to aicident", results["reporter_server"], flush=True)
    finally:
        server.stop()
    write(results)
    wrong = problems(results)
    for problem in wrong:
        print(f"WRONG: {problem}", file=sys.stderr)
    if wrong:
        sys.exit(1)


def problems(r: dict) -> list[str]:
    """What makes a run wrong, not only slow: an event the reporter neither delivered nor dropped from its full queue
    (lost), one the receiver refused, a kill switch flip a client never saw."""
    found = []
    for name in ("reporter_burst", "reporter_loopback", "reporter_server"):
        run = r[name]
        if run["failed"]:
            found.append(f"{name}: {run['failed']} events failed to deliver")
        if run["sent"] + run["dropped"] + run["failed"] != run["events"]:
            found.append(
                f"{name}: {run['events']} events reported, {run['sent']} sent and {run['dropped']} dropped: "
                f"{run['events'] - run['sent'] - run['dropped'] - run['failed']} unaccounted for"
            )
    if r["propagation"]["missing"]:
        found.append(f"propagation: {r['propagation']['missing']} samples of a client's guard after a flip missing")
    return found


def write(r: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "containment.json").write_text(json.dumps(r, indent=2))
    g, d, p, lo, sv = r["guard"], r["guard_detectors"], r["propagation"], r["reporter_loopback"], r["reporter_server"]
    gr, bu = r["guard_reporting"], r["reporter_burst"]

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    lines = [
        "# Containment benchmark",
        "",
        f"Run {r['when']} on {r['machine']}; load average at start {r['load_average_at_start'][0]:.2f} "
        "(a shared machine: other work was running).",
        "",
        "| Figure | Target | Measured | |",
        "|---|---|---|---|",
        f"| Guard overhead, no inline detectors, median | < 20 µs | {g['median_us']:.1f} µs | {verdict(g['median_us'] < 20)} |",
        f"| Guard overhead, no inline detectors, p99 | < 100 µs | {g['p99_us']:.1f} µs | {verdict(g['p99_us'] < 100)} |",
        f"| Guard with inline detectors, 1 KB in + 1 KB out, p99 (wall clock) | < 2 ms | {d['p99_ms']:.2f} ms (median {d['median_ms']:.2f}) | {verdict(d['p99_ms'] < 2)} |",
        f"| Same, p99 of the calling thread's CPU time | < 2 ms | {d['cpu_p99_ms']:.2f} ms (median {d['cpu_median_ms']:.2f}) | {verdict(d['cpu_p99_ms'] < 2)} |",
        f"| Kill switch propagation to {p['clients']} SDK clients, p99 | < 1 s | {p['p99_ms']:.0f} ms (median {p['median_ms']:.0f}, max {p['max_ms']:.0f}) | {verdict(p['p99_ms'] < 1000)} |",
        f"| Event reporter sustaining {lo['paced_at']:,.0f} events/s from one process (loopback receiver) | >= 10,000 events/s, none dropped | {lo['events']:,} events offered at {lo['offered_per_s']:,.0f}/s: {lo['sent']:,} delivered, {lo['dropped']} dropped, {lo['failed']} failed | {verdict(lo['offered_per_s'] >= 10_000 and lo['dropped'] == 0 and lo['sent'] == lo['events'])} |",
        f"| Event reporter, burst (as fast as the caller can queue) | | {bu['delivered_per_s']:,.0f} events/s delivered ({bu['dropped']:,} of {bu['events']:,} dropped from the full queue) | |",
        f"| Guard overhead at {gr['rate']:,.0f} calls/s while the reporter sends every call's event, median / p99 | < 20 µs / < 100 µs | {gr['median_us']:.1f} µs / {gr['p99_us']:.1f} µs | {verdict(gr['median_us'] < 20 and gr['p99_us'] < 100)} |",
        "",
        "Details:",
        "",
        f"- Guard: {g['calls']:,} calls; the stand-in model alone takes {g['direct_median_us']:.2f} µs (subtracted); "
        f"p99.9 {g['p999_us']:.1f} µs. Every call queues an event (the reporter is not sending, so the caller's cost "
        "is all that is measured).",
        f"- Guard while reporting: the same {gr['calls']:,} calls with the reporter's thread sending their events "
        f"to the loopback receiver ({gr['sent_events']:,} sent with the 20,000 warm-up calls', {gr['dropped_events']} "
        f"dropped); p99.9 "
        f"{gr['p999_us']:.1f} µs.",
        f"- Inline detectors: {d['calls']:,} calls, input {d['input_bytes']} B (prompt injection check), output "
        f"{d['output_bytes']} B with an email address (leak check); max {d['max_ms']:.2f} ms. When the wall-clock p99 "
        "is far above the CPU-time p99, the difference is time the OS gave the CPU to other processes (load "
        "average above the core count), not work of the detectors.",
        f"- Propagation: `aicident serve` on SQLite, {p['clients']} Clients in one process, each with its own "
        f"server-sent event stream; {p['flips']} flips through POST /api/v1/controls/chat/changes, {p['samples']} "
        f"samples ({p['missing']} missing); after each flip every client's Guard was checked to refuse (or serve).",
        f"- Reporter: batches of up to 1,000 events (a JSON array) to a loopback receiver in another process that parses "
        f"them; the caller's time per `report` at {lo['paced_at']:,.0f}/s: median {lo['report_median_us']:.1f} µs, "
        f"p99 {lo['report_p99_us']:.1f} µs.",
        f"- Reporter to the real `aicident serve` (SQLite, detectors on, one process on the shared machine): "
        f"{sv['events']:,} events, {sv['delivered_per_s']:,.0f} events/s delivered, {sv['dropped']} dropped, "
        f"{sv['failed']} failed: the server's ingestion with detectors, not the reporter, sets this figure.",
    ]
    (RESULTS / "containment.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
