#!/usr/bin/env python
"""Ingest benchmark: Alertmanager webhook deliveries (10 alerts each) against `aicident serve` on embedded SQLite.

    .venv/bin/python bench/ingest_alertmanager.py [--duration 10] [--senders 1,2,4,8,16] [--warmup 2]

What it does:
  * starts `aicident serve --no-workers --port <free> --log-level warning` with a fresh AICIDENT_DATA_DIR (SQLite),
    waits for /readyz and adds the integration `bench` (alertmanager) with `aicident integration add`;
  * primes the working set (20 alert groups x 10 alerts = 200 fingerprints), then for each sender count runs
    - the ingest phase: N sender threads in a separate load-generator process, each POSTing Alertmanager v4
      deliveries of 10 alerts back to back (keep-alive) for --warmup + --duration seconds, and
    - the ceiling phase: the same N senders hitting GET /healthz (a no-op endpoint of the same server), and
    - the bare phase: the same N senders hitting GET /healthz of a bare ASGI app (bench/bare_asgi.py) that a second
      uvicorn process serves with the options of `aicident serve`: what uvicorn alone serves, the yardstick of the
      framework's and the middleware's cost;
  * counts only 202 (ingest) / 200 (healthz) as success and reports every other status or exception;
  * after the run, checks in the database that what is stored equals what the server acknowledged with 202
    (no lost and no double-counted occurrence), and cross-checks the server's own /metrics counters;
  * writes bench/results/ingest_alertmanager.{md,json} and prints the table.

Only the standard library and what aicident's pyproject installs are used (http.client by default; --client httpx
uses httpx). The server and the load generator share this machine's CPUs: on a 2-core box the load generator takes
CPU from the server, so the figures are a floor for the service, not its ceiling on dedicated hardware.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import hashlib
import http.client
import importlib.metadata
import json
import multiprocessing as mp
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INTEGRATION = "bench"
INGEST_PATH = f"/api/v1/integrations/{INTEGRATION}/signals"
FLOOR_SENDERS = 4
FLOOR_ALERTS_PER_S = 1000.0
FLOOR_P99_MS = 100.0
# The goal (issue 15): at 4 senders >= 5,000 alerts/s with p99 < 50 ms and deliveries/s >= 40% of the /healthz ceiling;
# /healthz itself >= 70% of what the bare ASGI app serves.
GOAL_ALERTS_PER_S = 5000.0
GOAL_P99_MS = 50.0
GOAL_SHARE_OF_CEILING = 40.0
GOAL_HEALTHZ_SHARE_OF_BARE = 70.0
ALERTS_PER_DELIVERY = 10

# --- the alert mix -------------------------------------------------------------------------------------------------
#
# 20 Alertmanager groups of 10 alerts each = a working set of 200 fingerprints. 16 groups carry an aicident_category
# label (4 categories x 4 alert names), so their alerts declare / attach to one incident per category and every
# occurrence is appended to that incident's log; 4 groups carry none and are held in the inbox.
# A delivery is one group (as Alertmanager sends it); each of its 10 slots is, independently:
#   P_REPEAT  the slot's working-set alert, firing again (an occurrence of an open signal),
#   P_NEW     a new fingerprint in the group (a new instance starts firing: a new signal),
#   P_RESOLVE the resolution of a new fingerprint this sender sent earlier in the same group (falls back to a repeat
#             when there is none yet).

P_REPEAT, P_NEW, P_RESOLVE = 0.85, 0.10, 0.05
CATEGORIES = [  # (aicident_category, feature, severity)
    ("model_degradation", "recommendations", "warning"),
    ("prompt_injection", "support-chat", "critical"),
    ("data_leak", "support-chat", "error"),
    ("vendor_outage", "summarizer", "error"),
]
CATEGORISED_NAMES = ["ModelQualityDrop", "GuardrailTrips", "PIIDetectedInOutput", "UpstreamLLMErrors"]
HELD_NAMES = ["HighRequestLatency", "DiskWillFillIn4h", "PodCrashLooping", "CertificateExpiresSoon"]
GROUPS = 20
PER_GROUP = 10

MIX_DESCRIPTION = (
    f"Each delivery is one Alertmanager webhook v4 group of {ALERTS_PER_DELIVERY} alerts. Working set: "
    f"{GROUPS} groups x {PER_GROUP} = {GROUPS * PER_GROUP} fingerprints; 16 groups are labelled aicident_category="
    f"{'|'.join(c for c, _, _ in CATEGORIES)} (routed by the plan to one incident per category, whose log records "
    f"each signal's first occurrence and resolution and sums up its repeats), 4 groups carry no category (held in "
    f"the inbox). Per alert slot: {P_REPEAT:.0%} a repeat "
    f"of a working-set fingerprint (firing), {P_NEW:.0%} a new fingerprint (new instance in the group), "
    f"{P_RESOLVE:.0%} a resolved alert (resolves a fingerprint the same sender opened earlier; a repeat when none "
    f"is open yet). Groups are picked uniformly; the working set is primed (20 deliveries) before the first phase."
)

AM_ZERO = "0001-01-01T00:00:00Z"


def _fingerprint(labels: dict[str, str]) -> str:
    canonical = json.dumps(labels, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]  # Alertmanager's fingerprints are 16 hex digits


def _group(g: int) -> dict:
    if g < 16:
        category, feature, severity = CATEGORIES[g % 4]
        common = {
            "alertname": CATEGORISED_NAMES[g // 4],
            "aicident_category": category,
            "feature": feature,
            "severity": severity,
            "job": "ai-gateway",
            "team": "ml-platform",
        }
    else:
        common = {"alertname": HELD_NAMES[g - 16], "severity": "warning", "job": "node", "team": "infra"}
    group_labels = {k: common[k] for k in ("alertname", "aicident_category") if k in common}
    group_key = "{}/{}:{" + ", ".join(f'{k}="{v}"' for k, v in sorted(group_labels.items())) + "}"
    return {
        "index": g,
        "common": common,
        "group_labels": group_labels,
        "group_key": group_key,
        "categorised": "aicident_category" in common,
    }


GROUP_DEFS = [_group(g) for g in range(GROUPS)]


def _alert(group: dict, instance: str, status: str, starts_at: str, ends_at: str = AM_ZERO) -> dict:
    labels = {**group["common"], "instance": instance}
    return {
        "status": status,
        "labels": labels,
        "annotations": {
            "summary": f"{labels['alertname']} on {instance}",
            "description": f"{labels['alertname']} has been firing on {instance} ({labels['job']}).",
        },
        "startsAt": starts_at,
        "endsAt": ends_at,
        "generatorURL": f"http://prometheus:9090/graph?g0.expr=ALERTS%7Balertname%3D%22{labels['alertname']}%22%7D",
        "fingerprint": _fingerprint(labels),
    }


def _delivery(group: dict, alerts: list[dict]) -> bytes:
    status = "firing" if any(a["status"] == "firing" for a in alerts) else "resolved"
    common_labels = dict(group["common"])
    return json.dumps(
        {
            "version": "4",
            "groupKey": group["group_key"],
            "truncatedAlerts": 0,
            "status": status,
            "receiver": "aicident",
            "groupLabels": group["group_labels"],
            "commonLabels": common_labels,
            "commonAnnotations": {},
            "externalURL": "http://alertmanager:9093",
            "alerts": alerts,
        },
        separators=(",", ":"),
    ).encode()


def _now_rfc3339() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Mix:
    """One sender's stream of deliveries; remembers which of its new fingerprints are open so it can resolve them."""

    def __init__(self, seed: int, tag: str):
        self.rng = random.Random(seed)
        self.tag = tag
        self.counter = 0
        self.open_new: dict[int, collections.deque] = {g: collections.deque() for g in range(GROUPS)}
        self.started = _now_rfc3339()

    def next(self) -> tuple[bytes, dict]:
        g = self.rng.randrange(GROUPS)
        group = GROUP_DEFS[g]
        now = _now_rfc3339()
        alerts, kinds, opened = [], collections.Counter(), []
        resolvable = self.open_new[g]
        for slot in range(PER_GROUP):
            r = self.rng.random()
            if r < P_NEW:
                self.counter += 1
                instance = f"pod-{g}-{self.tag}-{self.counter}"
                alerts.append(_alert(group, instance, "firing", now))
                opened.append(instance)
                kinds["new"] += 1
            elif r < P_NEW + P_RESOLVE and resolvable:
                instance = resolvable.popleft()
                alerts.append(_alert(group, instance, "resolved", self.started, now))
                kinds["resolved"] += 1
            else:
                alerts.append(_alert(group, f"pod-{g}-{slot}", "firing", self.started))
                kinds["repeat"] += 1
        meta = {"group": g, "categorised": group["categorised"], "kinds": kinds, "opened": opened}
        return _delivery(group, alerts), meta

    def acknowledged(self, meta: dict) -> None:
        """Only fingerprints the server acknowledged (202) are open and may be resolved later."""
        self.open_new[meta["group"]].extend(meta["opened"])


def priming_deliveries() -> list[bytes]:
    started = _now_rfc3339()
    return [
        _delivery(g, [_alert(g, f"pod-{g['index']}-{s}", "firing", started) for s in range(PER_GROUP)])
        for g in GROUP_DEFS
    ]


# --- the load generator (runs in its own process) ------------------------------------------------------------------


class Tally:
    """What the server acknowledged with 202: by what the client sent, and by what the server said it did."""

    FIELDS = (
        "deliveries",
        "alerts",
        "firing",
        "resolved",
        "categorised_alerts",
        "categorised_firing",
        "categorised_resolved",
        "server_new",
        "server_deduplicated",
        "server_resolved",
        "server_other",
        "server_signals",
    )

    def __init__(self):
        self.counts = dict.fromkeys(self.FIELDS, 0)
        self.kinds = collections.Counter()

    def add(self, meta: dict, response_body: bytes) -> None:
        c = self.counts
        n = sum(meta["kinds"].values())
        c["deliveries"] += 1
        c["alerts"] += n
        c["resolved"] += meta["kinds"]["resolved"]
        c["firing"] += n - meta["kinds"]["resolved"]
        if meta["categorised"]:
            c["categorised_alerts"] += n
            c["categorised_firing"] += n - meta["kinds"]["resolved"]
            c["categorised_resolved"] += meta["kinds"]["resolved"]
        self.kinds.update(meta["kinds"])
        signals = json.loads(response_body)["signals"]
        c["server_signals"] += len(signals)
        for s in signals:
            key = {"new": "server_new", "deduplicated": "server_deduplicated", "resolved": "server_resolved"}.get(
                s["result"], "server_other"
            )
            c[key] += 1

    def merge(self, other: dict) -> None:
        for k, v in other["counts"].items():
            self.counts[k] += v
        self.kinds.update(other["kinds"])

    def to_dict(self) -> dict:
        return {"counts": dict(self.counts), "kinds": dict(self.kinds)}


def _proc_cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _machine_busy_seconds() -> float | None:
    """CPU-seconds all cores spent busy (not idle, not waiting for I/O) since boot, from /proc/stat."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = values[3] + (values[4] if len(values) > 4 else 0)
        return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


class _HttpClientConn:
    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, bytes]:
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        return response.status, response.read()

    def reset(self) -> None:
        self.conn.close()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def close(self) -> None:
        self.conn.close()


class _HttpxConn:
    def __init__(self, port: int):
        import httpx

        self.client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120)

    def request(self, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, bytes]:
        response = self.client.request(method, path, content=body, headers=headers)
        return response.status_code, response.content

    def reset(self) -> None:
        pass  # httpx reconnects by itself

    def close(self) -> None:
        self.client.close()


class _Sender:
    """One load-generator thread: its connection, its mix of alerts and what it saw."""

    def __init__(self, cfg: dict, conn_class, i: int):
        self.kind = cfg["kind"]
        self.conn = conn_class(cfg["port"])
        self.mix = Mix(seed=cfg["seed"] * 1000 + i, tag=f"p{cfg['phase']}s{i}") if self.kind == "ingest" else None
        self.headers = {"Content-Type": "application/json", "Authorization": f"Bearer {cfg['secret']}"}
        self.latencies: list[tuple[float, bool]] = []
        self.statuses: collections.Counter = collections.Counter()
        self.failures: list[str] = []
        self.tally = Tally()
        self.unknown_outcome = 0
        self.last_end = 0.0

    def connect(self) -> None:
        """Open the connection before the clock starts."""
        try:
            self.conn.request("GET", "/healthz", None, {})
        except Exception as error:  # noqa: BLE001 - reported below
            self.failures.append(f"connect: {error!r}")

    def run(self, t_measure: float, t_end: float) -> None:
        """Requests back to back until `t_end`; those started after `t_measure` are timed."""
        while True:
            if self.kind == "ingest":
                body, meta = self.mix.next()
                method, path = "POST", INGEST_PATH
            else:
                body, meta, method, path = None, None, "GET", "/healthz"
            start = time.perf_counter()
            if start >= t_end:
                break
            end, success = self._request(method, path, body, meta)
            if start >= t_measure:
                self.latencies.append((end - start, success))
                self.last_end = max(self.last_end, end)
        self.conn.close()

    def _request(self, method: str, path: str, body, meta) -> tuple[float, bool]:
        """Send one request: when it ended and whether it succeeded."""
        try:
            status, payload = self.conn.request(method, path, body, self.headers if body else {})
        except Exception as error:  # noqa: BLE001 - a dropped connection or timeout is an error, not a crash
            end = time.perf_counter()
            self.statuses["exception"] += 1
            if self.kind == "ingest":
                self.unknown_outcome += 1  # the server may or may not have committed it
            if len(self.failures) < 5:
                self.failures.append(repr(error))
            self.conn.reset()
            return end, False
        end = time.perf_counter()
        self.statuses[status] += 1
        if status == (202 if self.kind == "ingest" else 200):
            if self.kind == "ingest":
                self.tally.add(meta, payload)
                self.mix.acknowledged(meta)
            return end, True
        if len(self.failures) < 5:
            self.failures.append(f"{status}: {payload[:300].decode('utf-8', 'replace')}")
        return end, False

    def result(self) -> dict:
        return {
            "latencies": self.latencies,
            "statuses": dict(self.statuses),
            "failures": self.failures,
            "tally": self.tally.to_dict(),
            "unknown_outcome": self.unknown_outcome,
            "last_end": self.last_end,
        }


def load_phase(cfg: dict, out) -> None:
    """Entry point of the load-generator process: cfg['senders'] threads, back to back, then report over `out`."""
    senders = cfg["senders"]
    conn_class = _HttpxConn if cfg["client"] == "httpx" else _HttpClientConn
    results = [None] * senders
    ready = threading.Barrier(senders + 1)
    clock = {}

    def sender(i: int) -> None:
        one = _Sender(cfg, conn_class, i)
        one.connect()
        ready.wait()
        one.run(clock["measure"], clock["end"])
        results[i] = one.result()

    threads = [threading.Thread(target=sender, args=(i,), daemon=True) for i in range(senders)]
    for t in threads:
        t.start()
    now = time.perf_counter()
    clock["start"] = now + 0.05
    clock["measure"] = clock["start"] + cfg["warmup"]
    clock["end"] = clock["measure"] + cfg["duration"]
    ready.wait()
    # CPU time of the server and of this process over the measured window
    time.sleep(max(0.0, clock["measure"] - time.perf_counter()))
    busy0, server_cpu0 = _machine_busy_seconds(), _proc_cpu_seconds(cfg["server_pid"])
    own_cpu0, wall0 = time.process_time(), time.perf_counter()
    time.sleep(max(0.0, clock["end"] - time.perf_counter()))
    busy1, server_cpu1 = _machine_busy_seconds(), _proc_cpu_seconds(cfg["server_pid"])
    own_cpu1, wall1 = time.process_time(), time.perf_counter()
    for t in threads:
        t.join()
    window = wall1 - wall0
    server_cpu = (server_cpu1 - server_cpu0) / window if server_cpu0 is not None else None
    loadgen_cpu = (own_cpu1 - own_cpu0) / window
    other_cpu = None
    if busy0 is not None and server_cpu is not None:
        other_cpu = max(0.0, (busy1 - busy0) / window - server_cpu - loadgen_cpu)
    out.send(
        {
            "measure_start": clock["measure"],
            "senders": results,
            "server_cpu": server_cpu,
            "loadgen_cpu": loadgen_cpu,
            "other_cpu": other_cpu,
        }
    )
    out.close()


# --- statistics ----------------------------------------------------------------------------------------------------


def _percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_values:
        return float("nan")
    rank = max(1, int(-(-q * len(sorted_values) // 100)))  # ceil(q/100 * n)
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summarise(raw: dict, kind: str) -> dict:
    latencies, statuses, failures, ok = [], collections.Counter(), [], 0
    last_end = raw["measure_start"]
    for s in raw["senders"]:
        for seconds, success in s["latencies"]:
            latencies.append(seconds * 1000)
            ok += success
        statuses.update(s["statuses"])
        failures += s["failures"]
        last_end = max(last_end, s["last_end"])
    elapsed = last_end - raw["measure_start"]
    latencies.sort()
    expected = "202" if kind == "ingest" else "200"
    non_ok = {str(k): v for k, v in statuses.items() if str(k) != expected}
    result = {
        "requests": len(latencies),
        "ok_requests": ok,
        "elapsed_s": round(elapsed, 3),
        "requests_per_s": ok / elapsed if elapsed > 0 else 0.0,
        "p50_ms": _percentile(latencies, 50),
        "p95_ms": _percentile(latencies, 95),
        "p99_ms": _percentile(latencies, 99),
        "max_ms": latencies[-1] if latencies else float("nan"),
        "statuses_all": {str(k): v for k, v in statuses.items()},
        "non_ok": non_ok,
        "non_ok_total": sum(non_ok.values()),
        "failures_sample": failures[:5],
        "server_cpu": raw["server_cpu"],
        "loadgen_cpu": raw["loadgen_cpu"],
        "other_cpu": raw["other_cpu"],
    }
    rate = result["requests_per_s"]
    result["server_cpu_ms_per_request"] = 1000 * raw["server_cpu"] / rate if raw["server_cpu"] and rate else None
    if kind == "ingest":
        result["deliveries_per_s"] = result["requests_per_s"]
        result["alerts_per_s"] = result["requests_per_s"] * ALERTS_PER_DELIVERY
    return result


# --- the server ----------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _aicident_executable() -> str:
    candidate = Path(sys.executable).parent / "aicident"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("aicident")
    if not found:
        sys.exit("cannot find the `aicident` command: run with the venv's python (.venv/bin/python)")
    return found


def _get(port: int, path: str, headers: dict | None = None, timeout: float = 5) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Server:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port = _free_port()
        self.exe = _aicident_executable()
        self.env = {k: v for k, v in os.environ.items() if k not in ("AICIDENT_DATABASE_URL", "AICIDENT_PLAN")}
        self.env["AICIDENT_DATA_DIR"] = str(data_dir)
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self.proc: subprocess.Popen | None = None
        self.command = [self.exe, "serve", "--no-workers", "--port", str(self.port), "--log-level", "warning"]

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.command, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for stream, sink in ((self.proc.stdout, self.stdout), (self.proc.stderr, self.stderr)):
            threading.Thread(target=lambda s=stream, k=sink: k.extend(iter(s.readline, "")), daemon=True).start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"aicident serve exited with {self.proc.returncode}:\n{''.join(self.stderr)}")
            try:
                status, _ = _get(self.port, "/readyz", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        sys.exit("aicident serve did not become ready within 120 s:\n" + "".join(self.stderr))

    @property
    def admin_token(self) -> str | None:
        for line in self.stdout:
            if line.strip().startswith("export AICIDENT_TOKEN="):
                return line.strip().split("=", 1)[1]
        return None

    def add_integration(self) -> str:
        done = subprocess.run(
            [self.exe, "integration", "add", INTEGRATION, "--format", "alertmanager", "--rate-per-minute", "10000000"],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            self.stop()
            sys.exit(f"`aicident integration add` failed:\n{done.stderr}")
        return done.stdout.strip().splitlines()[0].strip()

    def stop(self) -> None:
        _interrupt(self.proc)

    @property
    def database(self) -> Path:
        return self.data_dir / "aicident.db"


class BareServer:
    """bench/bare_asgi.py in its own uvicorn process, with the options of `aicident serve`."""

    def __init__(self, env: dict):
        self.port = _free_port()
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.command = [sys.executable, str(ROOT / "bench" / "bare_asgi.py"), "--port", str(self.port)]

    def start(self) -> None:
        self.proc = subprocess.Popen(self.command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"the bare ASGI app exited with {self.proc.returncode}:\n{self.proc.stderr.read().decode()}")
            try:
                if _get(self.port, "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        sys.exit("the bare ASGI app did not answer within 60 s")

    def stop(self) -> None:
        _interrupt(self.proc)


def _interrupt(proc: subprocess.Popen | None) -> None:
    """Stop a server as Ctrl-C would (killed if it has not stopped within 30 s)."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _post(port: int, path: str, body: bytes, headers: dict) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _signal_rows(database: Path) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return db.execute("SELECT count(*) FROM signals").fetchone()[0]


def _metrics_counters(port: int) -> dict[str, int]:
    status, body = _get(port, "/metrics")
    found: dict[str, int] = {}
    if status != 200:
        return found
    for line in body.decode().splitlines():
        if line.startswith("aicident_signals_total{") and 'source="alertmanager"' in line:
            labels, value = line.rsplit(" ", 1)
            result = labels.split('result="', 1)[1].split('"', 1)[0]
            found[result] = found.get(result, 0) + int(float(value))
    return found


# --- verification --------------------------------------------------------------------------------------------------


def verify(database: Path, tally: Tally, unknown_outcome: int, metrics: dict[str, int]) -> dict:
    c = tally.counts
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        stored_signals, stored_occurrences = db.execute(
            "SELECT count(*), coalesce(sum(occurrences), 0) FROM signals WHERE integration = ?", (INTEGRATION,)
        ).fetchone()
        stored_resolved = db.execute(
            "SELECT count(*) FROM signals WHERE integration = ? AND status = 'resolved'", (INTEGRATION,)
        ).fetchone()[0]
        # The log states a signal's first occurrence, its changes of status with the count so far, and sums up its
        # repeats (at most once per summary interval); the repeats since its last entry await the next summary.
        log_resolves = db.execute(
            "SELECT count(*) FROM incident_log WHERE type = 'signal' AND json_extract(data, '$.integration') = ? "
            "AND json_extract(data, '$.action') = 'resolve'",
            (INTEGRATION,),
        ).fetchone()[0]
        stated: dict[str, int] = {}
        for _kind, signal, number in db.execute(
            "SELECT type, json_extract(data, '$.signal'), coalesce(json_extract(data, '$.last'), "
            "json_extract(data, '$.occurrence')) FROM incident_log WHERE type IN ('signal', 'signal_summary') "
            "AND json_extract(data, '$.integration') = ?",
            (INTEGRATION,),
        ):
            stated[signal] = max(stated.get(signal, 0), number)
        attached = db.execute(
            "SELECT id, occurrences, summarized_occurrences FROM signals WHERE integration = ? "
            "AND incident_id IS NOT NULL",
            (INTEGRATION,),
        ).fetchall()
        attached_occurrences = sum(occurrences for _id, occurrences, _summed in attached)
        logs_account = all(
            stated.get(signal_id, 0) == summed and summed <= occurrences for signal_id, occurrences, summed in attached
        )
        log_signal_entries = db.execute(
            "SELECT count(*) FROM incident_log WHERE type IN ('signal', 'signal_summary') "
            "AND json_extract(data, '$.integration') = ?",
            (INTEGRATION,),
        ).fetchone()[0]
        incidents = db.execute("SELECT ref, category, log_count FROM incidents ORDER BY ref").fetchall()
        log_rows = dict(db.execute("SELECT incident_id, count(*) FROM incident_log GROUP BY incident_id").fetchall())
        counts_match = all(
            log_rows.get(i, 0) == n for i, n in db.execute("SELECT id, log_count FROM incidents").fetchall()
        )
        held = db.execute(
            "SELECT count(*) FROM signals WHERE integration = ? AND inbox = 'held'", (INTEGRATION,)
        ).fetchone()[0]
    checks = [
        (
            "alerts in 202-acknowledged deliveries = signal results the server returned",
            c["alerts"],
            c["server_signals"],
        ),
        (
            "firing alerts acknowledged = stored occurrences (sum of signals.occurrences)",
            c["firing"],
            stored_occurrences,
        ),
        ("new signals the server reported = stored signal rows", c["server_new"], stored_signals),
        ("resolved alerts acknowledged = signals stored as resolved", c["resolved"], stored_resolved),
        (
            "firing alerts of categorised groups acknowledged = occurrences of the signals on incidents",
            c["categorised_firing"],
            attached_occurrences,
        ),
        (
            "resolved alerts of categorised groups acknowledged = 'resolve' entries in incident logs",
            c["categorised_resolved"],
            log_resolves,
        ),
        ("alerts acknowledged = server counter aicident_signals_total (/metrics)", c["alerts"], sum(metrics.values())),
    ]
    rows = [
        {"check": name, "expected": expected, "found": found, "ok": expected == found}
        for name, expected, found in checks
    ]
    rows.append(
        {
            "check": "every signal on an incident: the last occurrence its log entries state = the count summed up "
            "(the repeats since await the next summary)",
            "expected": True,
            "found": logs_account,
            "ok": logs_account,
        }
    )
    rows.append(
        {
            "check": "every incident's log_count = its stored log rows",
            "expected": True,
            "found": counts_match,
            "ok": counts_match,
        }
    )
    return {
        "ok": all(r["ok"] for r in rows) and unknown_outcome == 0,
        "unknown_outcome_deliveries": unknown_outcome,
        "checks": rows,
        "incidents": [{"ref": r, "category": cat, "log_count": n} for r, cat, n in incidents],
        "signal_log_entries": log_signal_entries,
        "held_in_inbox": held,
        "server_counters": metrics,
        "client_tally": tally.to_dict(),
    }


# --- report --------------------------------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{100 * share:.0f}%"


def table(rows: list[dict]) -> str:
    head = (
        "| senders | alerts/s | deliveries/s | p50 ms | p95 ms | p99 ms | max ms | non-202 | server CPU ms/delivery | server CPU "
        "| loadgen CPU | other CPU | ceiling: /healthz req/s | /healthz p50 ms | /healthz p99 ms | /healthz non-200 "
        "| deliveries/s as % of ceiling | bare ASGI req/s | bare p99 ms | /healthz as % of bare |"
    )
    sep = "|" + "---:|" * 20
    lines = [head, sep]
    for r in rows:
        i, c = r["ingest"], r["ceiling"]
        share = 100 * i["deliveries_per_s"] / c["requests_per_s"] if c["requests_per_s"] else float("nan")
        b = r.get("bare")
        of_bare = _healthz_share_of_bare(r)
        lines.append(
            f"| {r['senders']} | {_fmt(i['alerts_per_s'], 0)} | {_fmt(i['deliveries_per_s'])} | {_fmt(i['p50_ms'])} "
            f"| {_fmt(i['p95_ms'])} | {_fmt(i['p99_ms'])} | {_fmt(i['max_ms'])} | {i['non_ok_total']} "
            f"| {_fmt(i['server_cpu_ms_per_request'], 2)} | {_pct(i['server_cpu'])} | {_pct(i['loadgen_cpu'])} | {_pct(i['other_cpu'])} "
            f"| {_fmt(c['requests_per_s'], 0)} | {_fmt(c['p50_ms'], 2)} | {_fmt(c['p99_ms'], 2)} | "
            f"{c['non_ok_total']} | {_fmt(share, 0)}% "
            f"| {_fmt(b['requests_per_s'], 0) if b else 'n/a'} | {_fmt(b['p99_ms'], 2) if b else 'n/a'} "
            f"| {_fmt(of_bare, 0)}% |"
        )
    return "\n".join(lines)


def _healthz_share_of_bare(row: dict) -> float | None:
    bare = row.get("bare")
    if not bare or not bare["requests_per_s"]:
        return None
    return 100 * row["ceiling"]["requests_per_s"] / bare["requests_per_s"]


def goal_verdict(rows: list[dict]) -> str:
    at = next((r for r in rows if r["senders"] == FLOOR_SENDERS), None)
    if at is None:
        return f"Goal not evaluated: the run did not include {FLOOR_SENDERS} senders."
    i, c = at["ingest"], at["ceiling"]
    share = 100 * i["deliveries_per_s"] / c["requests_per_s"] if c["requests_per_s"] else 0.0
    of_bare = _healthz_share_of_bare(at)
    parts = [
        (
            f">= {GOAL_ALERTS_PER_S:,.0f} alerts/s",
            i["alerts_per_s"] >= GOAL_ALERTS_PER_S,
            f"{i['alerts_per_s']:,.0f}",
        ),
        (f"p99 < {GOAL_P99_MS:.0f} ms", i["p99_ms"] < GOAL_P99_MS, f"{i['p99_ms']:.1f} ms"),
        (
            f"deliveries/s >= {GOAL_SHARE_OF_CEILING:.0f}% of the /healthz ceiling",
            share >= GOAL_SHARE_OF_CEILING,
            f"{share:.0f}%",
        ),
        (
            f"/healthz >= {GOAL_HEALTHZ_SHARE_OF_BARE:.0f}% of bare ASGI",
            of_bare is not None and of_bare >= GOAL_HEALTHZ_SHARE_OF_BARE,
            "n/a" if of_bare is None else f"{of_bare:.0f}%",
        ),
    ]
    return (
        f"Goal at {FLOOR_SENDERS} senders: "
        + "; ".join(f"{what}: {'met' if ok else 'NOT met'} ({found})" for what, ok, found in parts)
        + "."
    )


def floor_verdict(rows: list[dict]) -> str:
    at = next((r for r in rows if r["senders"] == FLOOR_SENDERS), None)
    if at is None:
        return f"Floor not evaluated: the run did not include {FLOOR_SENDERS} senders."
    i = at["ingest"]
    met = i["alerts_per_s"] >= FLOOR_ALERTS_PER_S and i["p99_ms"] < FLOOR_P99_MS and i["non_ok_total"] == 0
    return (
        f"Floor at {FLOOR_SENDERS} senders (>= {FLOOR_ALERTS_PER_S:,.0f} alerts/s, p99 < {FLOOR_P99_MS:.0f} ms, "
        f"no errors): {'MET' if met else 'NOT MET'} ({i['alerts_per_s']:,.0f} alerts/s, p99 "
        f"{i['p99_ms']:.1f} ms, {i['non_ok_total']} non-202)."
    )


def scaling_summary(rows: list[dict]) -> str:
    if len(rows) < 2:
        return ""
    first, last = rows[0], rows[-1]
    best = max(rows, key=lambda r: r["ingest"]["alerts_per_s"])
    return (
        f"From {first['senders']} to {last['senders']} senders: throughput {first['ingest']['alerts_per_s']:,.0f}"
        f" -> {last['ingest']['alerts_per_s']:,.0f} alerts/s (peak {best['ingest']['alerts_per_s']:,.0f} at "
        f"{best['senders']} senders), p99 {first['ingest']['p99_ms']:.1f} -> {last['ingest']['p99_ms']:.1f} ms."
    )


def _versions() -> dict:
    found = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for package in ("aicident", "fastapi", "starlette", "uvicorn", "sqlalchemy", "pydantic", "httpx"):
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = None
    for optional in ("uvloop", "httptools"):
        try:
            found[optional] = importlib.metadata.version(optional)
        except importlib.metadata.PackageNotFoundError:
            found[optional] = "not installed"
    return found


def _sqlite_pragmas() -> str:
    """The PRAGMAs aicident's engine sets on each SQLite connection, read from its source."""
    try:
        import aicident.store.engine as engine_module

        source = Path(engine_module.__file__).read_text()
    except (ImportError, OSError):
        return "unknown"
    return ", ".join(re.findall(r"PRAGMA (\w+=\w+)", source)) or "unknown"


def _git_revision() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no", "--", "src"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        return (head or "unknown") + (" (src/ has uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def markdown(report: dict) -> str:
    m, v = report["machine"], report["versions"]
    ver = report["verification"]
    lines = [
        "# Ingest benchmark: Alertmanager deliveries on the embedded SQLite store",
        "",
        f"- date: {report['date']}",
        f"- command: `{report['command']}`",
        f"- revision: {report['revision']}",
        (
            f"- machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['platform']}; the server and the load generator share "
            "these CPUs, so the load generator's CPU is taken from the server; load average before the run "
            f"{m['loadavg_before'][0]:.2f} (1 min), after {m['loadavg_after'][0]:.2f}"
        ),
        (
            f"- versions: python {v['python']}, SQLite {v['sqlite']}, aicident {v['aicident']}, fastapi {v['fastapi']}, "
            f"starlette {v['starlette']}, uvicorn {v['uvicorn']} (uvloop {v['uvloop']}, httptools {v['httptools']}), "
            f"SQLAlchemy {v['sqlalchemy']}, pydantic {v['pydantic']}"
        ),
        (
            f"- server: `{report['server_command']}` (one uvicorn process; SQLite PRAGMAs "
            f"{report['sqlite_pragmas']}; fresh AICIDENT_DATA_DIR)"
        ),
        (
            f"- load generator: a separate process, one thread per sender with a keep-alive connection "
            f"({report['client']}); each phase: {report['warmup_s']} s warm-up, then {report['duration_s']} s measured; "
            "latency = request sent to response read; success = 202 (ingest) / 200 (healthz)"
        ),
        f"- mix: {MIX_DESCRIPTION}",
        "",
        (
            "alerts/s = 10 x deliveries/s acknowledged with 202. Ceiling = the same senders against GET /healthz of the "
            "same server (no database, no body) in the same run. CPU columns (ingest phase): share of one core over "
            "the measured window (200% = both cores) used by the server, the load generator, and everything else on "
            "the machine (other processes not part of this benchmark: a busy machine makes the figures lower). "
            "Server CPU ms/delivery = server CPU-seconds / deliveries in the window: it hardly depends on how busy the "
            "machine is, and 1000 / it is the most deliveries/s one core could serve (the server is one process, and "
            "its Python work is serialised by the GIL). Bare ASGI = the same senders against GET /healthz of a bare "
            "ASGI app (bench/bare_asgi.py: the same body, no framework, no middleware) that a second uvicorn process "
            "serves with the options of `aicident serve`, in the same run, right after the ceiling phase: "
            "/healthz as % of bare is the share of uvicorn's own rate that the framework and the middleware leave."
        ),
        "",
        table(report["rows"]),
        "",
        floor_verdict(report["rows"]),
        "",
        goal_verdict(report["rows"]),
        "",
        scaling_summary(report["rows"]),
        "",
        (
            "Signal rows in the database after each phase: "
            + ", ".join(f"{r['senders']} senders: {r['signal_rows_after']:,}" for r in report["rows"])
        ),
        "",
        (
            "Alert mix actually acknowledged (all phases, incl. warm-up and priming): "
            + ", ".join(f"{k} {n:,}" for k, n in sorted(ver["client_tally"]["kinds"].items()))
        ),
        "",
        f"## Verification: {'PASSED' if ver['ok'] else 'FAILED'}",
        "",
        "| check | expected (client) | found (server) | |",
        "|---|---:|---:|---|",
    ]
    for row in ver["checks"]:
        lines.append(f"| {row['check']} | {row['expected']} | {row['found']} | {'ok' if row['ok'] else 'MISMATCH'} |")
    lines += [
        "",
        f"Deliveries with unknown outcome (client-side exception): {ver['unknown_outcome_deliveries']}. "
        f"Incidents: "
        + ", ".join(f"{i['ref']} {i['category']} ({i['log_count']:,} log entries)" for i in ver["incidents"])
        + f"; signals held in the inbox: {ver['held_in_inbox']:,}.",
    ]
    errors = [
        (r["senders"], k, r[k]["failures_sample"])
        for r in report["rows"]
        for k in ("ingest", "ceiling")
        if r[k]["failures_sample"]
    ]
    if errors:
        lines += ["", "## Errors (samples)", ""]
        lines += [f"- {n} senders, {k}: {samples}" for n, k, samples in errors]
    return "\n".join(lines) + "\n"


# --- main ----------------------------------------------------------------------------------------------------------


def run_phase(ctx, cfg: dict) -> dict:
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=load_phase, args=(cfg, sender), daemon=True)
    process.start()
    sender.close()
    timeout = cfg["warmup"] + cfg["duration"] + 300
    if not receiver.poll(timeout):
        process.kill()
        sys.exit(f"the load generator did not report within {timeout} s")
    raw = receiver.recv()
    process.join(timeout=30)
    return raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per phase (default 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds before each phase (default 2)")
    parser.add_argument("--senders", default="1,2,4,8,16", help="comma-separated sender counts (default 1,2,4,8,16)")
    parser.add_argument(
        "--client",
        choices=("http.client", "httpx"),
        default="http.client",
        help="HTTP client of the senders (default http.client: lighter, leaves more CPU to the server)",
    )
    parser.add_argument("--results-dir", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--name", default="ingest_alertmanager", help="results file name without extension")
    parser.add_argument("--keep-data", action="store_true", help="keep the data directory (its path is printed)")
    args = parser.parse_args()
    sender_counts = [int(n) for n in args.senders.split(",") if n.strip()]
    if not sender_counts or min(sender_counts) < 1:
        parser.error("--senders must be positive integers")

    cpus = os.cpu_count() or 1
    command = " ".join([sys.executable, *sys.argv])
    with contextlib.suppress(ValueError):  # another drive on Windows: keep the absolute paths
        command = " ".join([os.path.relpath(sys.executable, ROOT), os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]])
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    revision = _git_revision()
    print(f"aicident revision {revision}")
    load_before = os.getloadavg()
    print(
        f"CPUs: {cpus} ({_cpu_model()}); the server and the load generator share them. "
        f"Load average before the run: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}"
    )
    if cpus <= 2:
        print(f"Note: only {cpus} cores: the load generator competes with the server for CPU; the figures are a floor.")

    data_dir = Path(tempfile.mkdtemp(prefix="aicident-bench-"))
    server = Server(data_dir)
    bare = BareServer(server.env)
    ctx = mp.get_context("spawn")
    rows = []
    total = Tally()
    unknown_outcome = 0
    try:
        server.start()
        bare.start()
        secret = server.add_integration()
        print(f"server pid {server.proc.pid} on port {server.port}, data in {data_dir}")
        print(f"bare ASGI app pid {bare.proc.pid} on port {bare.port}")
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {secret}"}
        for body in priming_deliveries():
            status, payload = _post(server.port, INGEST_PATH, body, headers)
            if status != 202:
                sys.exit(f"priming delivery failed with {status}: {payload[:500]!r}")
            group = json.loads(body)
            categorised = "aicident_category" in group["commonLabels"]
            total.add({"kinds": collections.Counter(new=len(group["alerts"])), "categorised": categorised}, payload)
        print(f"primed the working set ({GROUPS * PER_GROUP} fingerprints in {GROUPS} groups)")

        for phase, n in enumerate(sender_counts):
            base = {
                "port": server.port,
                "secret": secret,
                "senders": n,
                "warmup": args.warmup,
                "duration": args.duration,
                "client": args.client,
                "server_pid": server.proc.pid,
                "phase": phase,
                "seed": 7 + phase,
            }
            raw = run_phase(ctx, {**base, "kind": "ingest"})
            for s in raw["senders"]:
                total.merge(s["tally"])
                unknown_outcome += s["unknown_outcome"]
            ingest = summarise(raw, "ingest")
            ceiling = summarise(run_phase(ctx, {**base, "kind": "healthz"}), "healthz")
            bare_cfg = {**base, "kind": "healthz", "port": bare.port, "server_pid": bare.proc.pid}
            bare_row = summarise(run_phase(ctx, bare_cfg), "healthz")
            row = {
                "senders": n,
                "ingest": ingest,
                "ceiling": ceiling,
                "bare": bare_row,
                "signal_rows_after": _signal_rows(server.database),
            }
            rows.append(row)
            print(
                f"{n:>3} senders: {ingest['alerts_per_s']:>8,.0f} alerts/s  p50 {ingest['p50_ms']:6.1f}  "
                f"p99 {ingest['p99_ms']:6.1f}  max {ingest['max_ms']:6.1f} ms  non-202 {ingest['non_ok_total']}"
                f"  | ceiling /healthz {ceiling['requests_per_s']:>7,.0f} req/s  p99 {ceiling['p99_ms']:5.2f} ms"
                f"  | bare {bare_row['requests_per_s']:>7,.0f} req/s ({_fmt(_healthz_share_of_bare(row), 0)}%)"
                f"  | CPU server {_pct(ingest['server_cpu'])} loadgen {_pct(ingest['loadgen_cpu'])} "
                f"other {_pct(ingest['other_cpu'])}",
                flush=True,
            )
        metrics = _metrics_counters(server.port)
    finally:
        server.stop()
        bare.stop()
    verification = verify(server.database, total, unknown_outcome, metrics)
    revision_after = _git_revision()
    if revision_after != revision:
        print(
            f"WARNING: the source changed during the run ({revision} -> {revision_after}); the server ran the "
            "code as it was when it started"
        )
        revision = f"{revision} at start (server code as loaded then); {revision_after} at the end"

    report = {
        "date": started.isoformat(),
        "command": command,
        "server_command": " ".join(["aicident", *server.command[1:]]),
        "client": args.client,
        "warmup_s": args.warmup,
        "duration_s": args.duration,
        "machine": {
            "cpus": cpus,
            "cpu_model": _cpu_model(),
            "platform": platform.platform(),
            "loadavg_before": load_before,
            "loadavg_after": os.getloadavg(),
        },
        "versions": _versions(),
        "revision": revision,
        "sqlite_pragmas": _sqlite_pragmas(),
        "mix": MIX_DESCRIPTION,
        "floor": {
            "senders": FLOOR_SENDERS,
            "alerts_per_s": FLOOR_ALERTS_PER_S,
            "p99_ms": FLOOR_P99_MS,
            "verdict": floor_verdict(rows),
        },
        "goal": {
            "senders": FLOOR_SENDERS,
            "alerts_per_s": GOAL_ALERTS_PER_S,
            "p99_ms": GOAL_P99_MS,
            "share_of_ceiling_pct": GOAL_SHARE_OF_CEILING,
            "healthz_share_of_bare_pct": GOAL_HEALTHZ_SHARE_OF_BARE,
            "verdict": goal_verdict(rows),
        },
        "rows": rows,
        "verification": verification,
    }
    args.results_dir.mkdir(parents=True, exist_ok=True)
    md = markdown(report)
    (args.results_dir / f"{args.name}.md").write_text(md)
    (args.results_dir / f"{args.name}.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    print()
    print(table(rows))
    print()
    print(floor_verdict(rows))
    print(goal_verdict(rows))
    print(scaling_summary(rows))
    print()
    print(f"Verification: {'PASSED' if verification['ok'] else 'FAILED'}")
    for row in verification["checks"]:
        print(
            f"  [{'ok' if row['ok'] else 'MISMATCH'}] {row['check']}: expected {row['expected']}, found {row['found']}"
        )
    print(f"  deliveries with unknown outcome: {verification['unknown_outcome_deliveries']}")
    print(f"Results: {args.results_dir / (args.name + '.md')} and .json")
    if args.keep_data:
        print(f"Data kept in {data_dir}")
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
    if not verification["ok"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
