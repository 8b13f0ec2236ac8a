#!/usr/bin/env python
"""Ingest benchmark: Alertmanager webhook deliveries (10 alerts each) against `aicident serve`, on SQLite or PostgreSQL.

    .venv/bin/python bench/ingest_alertmanager.py [--duration 10] [--senders 1,2,4,8,16] [--warmup 2]
        [--database-url postgresql+psycopg://user@host:port/postgres [--replicas N]] [--name NAME]

What it does:
  * starts `aicident serve --no-workers --port <free> --log-level warning` with a fresh AICIDENT_DATA_DIR: on the
    embedded SQLite store by default; with --database-url (a PostgreSQL server) it creates a fresh database with a
    unique name on that server, gives it to the server as AICIDENT_DATABASE_URL and drops it after the run (unless
    --keep-data); with --replicas N (PostgreSQL only) it starts N such servers on the same database and data directory;
    waits for /readyz and adds the integration `bench` (alertmanager) with `aicident integration add`;
  * primes the working set (20 alert groups x 10 alerts = 200 fingerprints), then for each sender count runs
    - the ingest phase: N sender threads in a separate load-generator process, each POSTing Alertmanager v4
      deliveries of 10 alerts back to back (keep-alive) for --warmup + --duration seconds; sender i sends to
      replica i % replicas, so the replicas share one stream of alerts, and
    - the ceiling phase: the same N senders hitting GET /healthz (a no-op endpoint of the same server; replica 0), and
    - the bare phase: the same N senders hitting GET /healthz of a bare ASGI app (bench/bare_asgi.py) that a second
      uvicorn process serves with the options of `aicident serve`: what uvicorn alone serves, the yardstick of the
      framework's and the middleware's cost;
  * measures the CPU of every replica, and on PostgreSQL that of the database server's own processes (the postmaster
    and its children, found from a backend's parent) over each measured window;
  * counts only 202 (ingest) / 200 (healthz) as success and reports every other status or exception;
  * after the run, checks in the database (through SQLAlchemy) that what is stored equals what the servers
    acknowledged with 202 (every alert counted once: no lost and no double-counted occurrence, whichever replica took
    it), and cross-checks the servers' own /metrics counters; exits non-zero when a check fails;
  * writes bench/results/<--name>.{md,json} (default ingest_alertmanager) and prints the table.

The servers run the aicident that this Python imports (`python -c "from aicident.cli import main; main()"`, with a
relative PYTHONPATH made absolute), so `PYTHONPATH=src` benchmarks the checkout's src/. Only the standard library and
what aicident's pyproject installs are used (http.client by default; --client httpx uses httpx; psycopg for
PostgreSQL). The servers, the database and the load generator share this machine's CPUs: on a 2-core box the load
generator takes CPU from the server, so the figures are a floor for the service, not its ceiling on dedicated hardware.
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
import math
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

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

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
# On PostgreSQL: server CPU per alert within 1.5x of SQLite's (issue 15).
GOAL_POSTGRES_CPU_RATIO = 1.5
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


def _parent_postgres(pid: int) -> int | None:
    """The parent of a PostgreSQL backend on this machine (its postmaster); None if it is not one here."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)
        if fields[0].split("(", 1)[1] == "postgres":
            return int(fields[1].split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return None


def _postgres_cpu_seconds(postmaster_pid: int | None) -> float | None:
    """CPU-seconds of one PostgreSQL server: its postmaster (with the children it has reaped: backends that exited)
    and the live processes named `postgres` that it started."""
    if postmaster_pid is None:
        return None
    try:
        fields = Path(f"/proc/{postmaster_pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime
    except (OSError, IndexError, ValueError):
        return None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            head, tail = (entry / "stat").read_text().rsplit(")", 1)
            fields = tail.split()
            if head.split("(", 1)[1] != "postgres" or int(fields[1]) != postmaster_pid:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            continue  # exited meanwhile: its CPU is in the postmaster's cutime/cstime once reaped
    return total


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
        self.conn = conn_class(cfg["ports"][i % len(cfg["ports"])])  # sender i -> replica i % replicas
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
    pids, postmaster = cfg["server_pids"], cfg.get("postmaster_pid")
    busy0, postgres_cpu0 = _machine_busy_seconds(), _postgres_cpu_seconds(postmaster)
    replica_cpu0 = [_proc_cpu_seconds(pid) for pid in pids]
    own_cpu0, wall0 = time.process_time(), time.perf_counter()
    time.sleep(max(0.0, clock["end"] - time.perf_counter()))
    busy1, postgres_cpu1 = _machine_busy_seconds(), _postgres_cpu_seconds(postmaster)
    replica_cpu1 = [_proc_cpu_seconds(pid) for pid in pids]
    own_cpu1, wall1 = time.process_time(), time.perf_counter()
    for t in threads:
        t.join()
    window = wall1 - wall0
    per_replica = [
        (after - before) / window if before is not None and after is not None else None
        for before, after in zip(replica_cpu0, replica_cpu1, strict=True)
    ]
    server_cpu = None if None in per_replica else sum(per_replica)
    postgres_cpu = None
    if postgres_cpu0 is not None and postgres_cpu1 is not None:
        postgres_cpu = (postgres_cpu1 - postgres_cpu0) / window
    loadgen_cpu = (own_cpu1 - own_cpu0) / window
    other_cpu = None
    if busy0 is not None and server_cpu is not None:
        other_cpu = max(0.0, (busy1 - busy0) / window - server_cpu - loadgen_cpu - (postgres_cpu or 0.0))
    out.send(
        {
            "measure_start": clock["measure"],
            "senders": results,
            "replicas": len(cfg["ports"]),
            "server_cpu": server_cpu,
            "server_cpu_per_replica": per_replica,
            "postgres_cpu": postgres_cpu,
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
    replicas = raw.get("replicas", 1)
    ok_per_replica = [0] * replicas
    last_end = raw["measure_start"]
    for i, s in enumerate(raw["senders"]):
        for seconds, success in s["latencies"]:
            latencies.append(seconds * 1000)
            ok += success
            ok_per_replica[i % replicas] += success
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
        "replicas": replicas,
        "requests_per_s_per_replica": [n / elapsed if elapsed > 0 else 0.0 for n in ok_per_replica],
        "server_cpu": raw["server_cpu"],
        "server_cpu_per_replica": raw.get("server_cpu_per_replica", [raw["server_cpu"]]),
        "postgres_cpu": raw.get("postgres_cpu"),
        "loadgen_cpu": raw["loadgen_cpu"],
        "other_cpu": raw["other_cpu"],
    }
    rate = result["requests_per_s"]
    server_cpu, postgres_cpu = raw["server_cpu"], raw.get("postgres_cpu")
    # server = the aicident processes (all replicas); with postgres = plus the database server's processes
    result["server_cpu_ms_per_request"] = 1000 * server_cpu / rate if server_cpu and rate else None
    result["postgres_cpu_ms_per_request"] = 1000 * postgres_cpu / rate if postgres_cpu is not None and rate else None
    result["server_and_postgres_cpu_ms_per_request"] = (
        1000 * (server_cpu + postgres_cpu) / rate if server_cpu and postgres_cpu is not None and rate else None
    )
    if kind == "ingest":
        result["deliveries_per_s"] = result["requests_per_s"]
        result["alerts_per_s"] = result["requests_per_s"] * ALERTS_PER_DELIVERY
        for key in ("server", "postgres", "server_and_postgres"):
            per_delivery = result[f"{key}_cpu_ms_per_request"]
            result[f"{key}_cpu_ms_per_alert"] = None if per_delivery is None else per_delivery / ALERTS_PER_DELIVERY
    return result


# --- the server ----------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# `aicident` run by this very Python, so the servers import the aicident this process imports (with PYTHONPATH=src,
# the checkout's src/, not whatever the venv's `aicident` script would find).
AICIDENT_CLI = [sys.executable, "-c", "import sys; sys.argv[0] = 'aicident'; from aicident.cli import main; main()"]


def server_environment(data_dir: Path, database_url: str | None) -> dict:
    """The environment of the servers and of `aicident integration add`: a fresh data directory (shared by the
    replicas: the log key), the database, and PYTHONPATH with relative entries made absolute."""
    env = {k: v for k, v in os.environ.items() if k not in ("AICIDENT_DATABASE_URL", "AICIDENT_PLAN")}
    env["AICIDENT_DATA_DIR"] = str(data_dir)
    if database_url is not None:
        env["AICIDENT_DATABASE_URL"] = database_url
    if env.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join(
            str(Path(entry).resolve()) for entry in env["PYTHONPATH"].split(os.pathsep) if entry
        )
    return env


def aicident_source(env: dict) -> str:
    """The aicident package the servers import."""
    done = subprocess.run(
        [sys.executable, "-c", "import aicident, pathlib; print(pathlib.Path(aicident.__file__).parent)"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"the servers could not import aicident:\n{done.stderr}")
    return done.stdout.strip()


def _get(port: int, path: str, headers: dict | None = None, timeout: float = 5) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Server:
    """One `aicident serve --no-workers` process (a replica: several share the database and the data directory)."""

    def __init__(self, env: dict):
        self.port = _free_port()
        self.env = env
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self.proc: subprocess.Popen | None = None
        self.args = ["serve", "--no-workers", "--port", str(self.port), "--log-level", "warning"]
        self.command = [*AICIDENT_CLI, *self.args]

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
            [
                *AICIDENT_CLI,
                "integration",
                "add",
                INTEGRATION,
                "--format",
                "alertmanager",
                "--rate-per-minute",
                "10000000",
            ],
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


class Database:
    """Where the servers store: the embedded SQLite file of the data directory, or a fresh PostgreSQL database that
    is created on the server `admin_url` points at (CREATE DATABASE, a unique name) and dropped after the run."""

    def __init__(self, admin_url: str | None, data_dir: Path):
        self.admin_url = admin_url
        self.postmaster_pid: int | None = None
        self.server_version: str | None = None
        self._engine: Engine | None = None
        self.created = False
        if admin_url is None:
            self.kind, self.name = "sqlite", None
            self.path = data_dir / "aicident.db"
            self.url = None  # the server's default: sqlite:///<data dir>/aicident.db
            self.read_url = f"sqlite:///file:{self.path}?mode=ro&uri=true"
            return
        parsed = make_url(admin_url)
        if parsed.get_backend_name() != "postgresql":
            sys.exit(f"--database-url must be a PostgreSQL URL (postgresql://...), not {parsed.get_backend_name()}")
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        self.kind = "postgresql"
        self.name = f"aicident_bench_{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}_{os.getpid()}_{random.randrange(16**6):06x}"
        self.admin = parsed
        self.url = parsed.set(database=self.name).render_as_string(hide_password=False)
        self.read_url = self.url
        self.path = None

    @property
    def display_url(self) -> str:
        if self.kind == "sqlite":
            return "sqlite:///<data dir>/aicident.db"
        return make_url(self.url).render_as_string(hide_password=True)

    def create(self) -> None:
        if self.kind != "postgresql":
            return
        admin = create_engine(self.admin, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{self.name}"'))
                self.created = True
                self.server_version = connection.execute(text("SHOW server_version")).scalar()
                backend = connection.execute(text("SELECT pg_backend_pid()")).scalar()
                # The backend's parent is the postmaster, when the server runs on this machine (else its CPU is not
                # measured); read while the backend lives: once its connection closes it exits.
                self.postmaster_pid = _parent_postgres(backend)
        finally:
            admin.dispose()

    def deadlocks(self) -> dict | None:
        """The deadlocks PostgreSQL detected (and broke) in this database, with the wait before it looks for one."""
        if self.kind != "postgresql":
            return None
        with self.engine.connect() as connection:
            count = connection.execute(
                text("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
            ).scalar()
            timeout = connection.execute(text("SHOW deadlock_timeout")).scalar()
        return {"count": count, "deadlock_timeout": timeout}

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = create_engine(self.read_url)
        return self._engine

    def close(self, *, keep: bool) -> None:
        """Let go of the connections and drop the database (unless `keep`)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if self.kind != "postgresql" or not self.created:
            return
        if keep:
            print(f"Database kept: {self.display_url}")
            return
        admin = create_engine(self.admin, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        finally:
            admin.dispose()


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


def _signal_rows(database: Database) -> int:
    with database.engine.connect() as db:
        return db.execute(text("SELECT count(*) FROM signals")).scalar()


def _metrics_counters(port: int) -> dict[str, int]:
    """This server process's own counters of alertmanager signals, by result."""
    status, body = _get(port, "/metrics")
    found: dict[str, int] = {}
    if status != 200:
        return found  # no counters: the cross-check fails
    for line in body.decode().splitlines():
        if line.startswith("aicident_signals_total{") and 'source="alertmanager"' in line:
            labels, value = line.rsplit(" ", 1)
            result = labels.split('result="', 1)[1].split('"', 1)[0]
            found[result] = found.get(result, 0) + int(float(value))
    return found


# --- verification --------------------------------------------------------------------------------------------------


def _json(value) -> dict:
    """A JSON column as SQLAlchemy's text() returns it: a str on SQLite, already decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def verify(database: Database, tally: Tally, unknown_outcome: int, metrics: dict[str, int]) -> dict:
    c = tally.counts
    with database.engine.connect() as db:

        def one(sql: str):
            return db.execute(text(sql), {"integration": INTEGRATION}).one()

        stored_signals, stored_occurrences = one(
            "SELECT count(*), coalesce(sum(occurrences), 0) FROM signals WHERE integration = :integration"
        )
        (stored_resolved,) = one(
            "SELECT count(*) FROM signals WHERE integration = :integration AND status = 'resolved'"
        )
        # The log states a signal's first occurrence, its changes of status with the count so far, and sums up its
        # repeats (at most once per summary interval); the repeats since its last entry await the next summary.
        # (Its JSON is read here, not in SQL, so that the same queries run on SQLite and PostgreSQL.)
        log_resolves, log_signal_entries = 0, 0
        stated: dict[str, int] = {}
        for kind, raw in db.execute(
            text("SELECT type, data FROM incident_log WHERE type IN ('signal', 'signal_summary')")
        ):
            data = _json(raw)
            if data.get("integration") != INTEGRATION:
                continue
            log_signal_entries += 1
            if kind == "signal" and data.get("action") == "resolve":
                log_resolves += 1
            number = data.get("last")
            if number is None:
                number = data.get("occurrence")
            signal = data.get("signal")
            stated[signal] = max(stated.get(signal, 0), number or 0)
        attached = db.execute(
            text(
                "SELECT id, occurrences, summarized_occurrences FROM signals WHERE integration = :integration "
                "AND incident_id IS NOT NULL"
            ),
            {"integration": INTEGRATION},
        ).all()
        attached_occurrences = sum(occurrences for _id, occurrences, _summed in attached)
        logs_account = all(
            stated.get(signal_id, 0) == summed and summed <= occurrences for signal_id, occurrences, summed in attached
        )
        incidents = db.execute(text("SELECT ref, category, log_count FROM incidents ORDER BY ref")).all()
        log_rows = dict(db.execute(text("SELECT incident_id, count(*) FROM incident_log GROUP BY incident_id")).all())
        counts_match = all(
            log_rows.get(i, 0) == n for i, n in db.execute(text("SELECT id, log_count FROM incidents")).all()
        )
        (held,) = one("SELECT count(*) FROM signals WHERE integration = :integration AND inbox = 'held'")
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
        (
            "alerts acknowledged = server counter aicident_signals_total (/metrics, summed over the replicas)",
            c["alerts"],
            sum(metrics.values()),
        ),
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
    replicas = max((r["ingest"].get("replicas", 1) for r in rows), default=1)
    on_postgres = any(r["ingest"].get("postgres_cpu") is not None for r in rows)
    columns = [
        "senders",
        "alerts/s",
        "deliveries/s",
        *(["deliveries/s per replica"] if replicas > 1 else []),
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms",
        "non-202",
        "server CPU ms/delivery",
        "server CPU ms/alert",
        *(["server + postgres CPU ms/delivery", "server + postgres CPU ms/alert"] if on_postgres else []),
        "server CPU",
        *(["server CPU per replica"] if replicas > 1 else []),
        *(["postgres CPU"] if on_postgres else []),
        "loadgen CPU",
        "other CPU",
        "ceiling: /healthz req/s",
        "/healthz p50 ms",
        "/healthz p99 ms",
        "/healthz non-200",
        "deliveries/s as % of ceiling",
        "bare ASGI req/s",
        "bare p99 ms",
        "/healthz as % of bare",
    ]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---:|" * len(columns)]
    for r in rows:
        i, c = r["ingest"], r["ceiling"]
        share = 100 * i["deliveries_per_s"] / c["requests_per_s"] if c["requests_per_s"] else float("nan")
        b = r.get("bare")
        per_replica_rate = " / ".join(_fmt(x) for x in i.get("requests_per_s_per_replica", []))
        per_replica_cpu = " / ".join(_pct(x) for x in i.get("server_cpu_per_replica", []))
        cells = [
            str(r["senders"]),
            _fmt(i["alerts_per_s"], 0),
            _fmt(i["deliveries_per_s"]),
            *([per_replica_rate] if replicas > 1 else []),
            _fmt(i["p50_ms"]),
            _fmt(i["p95_ms"]),
            _fmt(i["p99_ms"]),
            _fmt(i["max_ms"]),
            str(i["non_ok_total"]),
            _fmt(i["server_cpu_ms_per_request"], 2),
            _fmt(_per_alert(i, "server"), 3),
            *(
                [
                    _fmt(i.get("server_and_postgres_cpu_ms_per_request"), 2),
                    _fmt(_per_alert(i, "server_and_postgres"), 3),
                ]
                if on_postgres
                else []
            ),
            _pct(i["server_cpu"]),
            *([per_replica_cpu] if replicas > 1 else []),
            *([_pct(i.get("postgres_cpu"))] if on_postgres else []),
            _pct(i["loadgen_cpu"]),
            _pct(i["other_cpu"]),
            _fmt(c["requests_per_s"], 0),
            _fmt(c["p50_ms"], 2),
            _fmt(c["p99_ms"], 2),
            str(c["non_ok_total"]),
            f"{_fmt(share, 0)}%",
            _fmt(b["requests_per_s"], 0) if b else "n/a",
            _fmt(b["p99_ms"], 2) if b else "n/a",
            f"{_fmt(_healthz_share_of_bare(r), 0)}%",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _per_alert(ingest: dict, key: str) -> float | None:
    """CPU ms per alert; results written before it was recorded have only the figure per delivery."""
    per_delivery = ingest.get(f"{key}_cpu_ms_per_request")
    return None if per_delivery is None else per_delivery / ALERTS_PER_DELIVERY


def _reference_row(rows: list[dict]) -> dict | None:
    """The row the goals are stated at: FLOOR_SENDERS senders, else the last one."""
    return next((r for r in rows if r["senders"] == FLOOR_SENDERS), rows[-1] if rows else None)


def load_baseline(path: Path | None) -> dict | None:
    """The SQLite run to compare CPU per alert with (a results JSON of this benchmark on SQLite)."""
    if path is None or not path.is_file():
        return None
    try:
        report = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if report.get("database", {}).get("kind", "sqlite") != "sqlite":
        return None
    try:
        shown = str(path.resolve().relative_to(ROOT))
    except ValueError:
        shown = str(path)
    return {
        "file": shown,
        "date": report.get("date"),
        "revision": report.get("revision"),
        "command": report.get("command"),
        "loadavg_before": report.get("machine", {}).get("loadavg_before"),
        "loadavg_after": report.get("machine", {}).get("loadavg_after"),
        "rows": {
            r["senders"]: {
                "alerts_per_s": r["ingest"]["alerts_per_s"],
                "p99_ms": r["ingest"]["p99_ms"],
                "server_cpu_ms_per_delivery": r["ingest"].get("server_cpu_ms_per_request"),
                "server_cpu_ms_per_alert": _per_alert(r["ingest"], "server"),
            }
            for r in report.get("rows", [])
        },
    }


def cpu_per_alert(rows: list[dict], database: dict, baselines: list[dict], revision: str) -> dict | None:
    """CPU per alert at the reference sender count, its ratio to SQLite's, and what N replicas need."""
    at = _reference_row(rows)
    if at is None or database["kind"] != "postgresql":
        return None
    i = at["ingest"]
    found = {
        "senders": at["senders"],
        "replicas": i.get("replicas", 1),
        "server_ms_per_alert": _per_alert(i, "server"),
        "postgres_ms_per_alert": _per_alert(i, "postgres"),
        "server_and_postgres_ms_per_alert": _per_alert(i, "server_and_postgres"),
        "goal_ratio": GOAL_POSTGRES_CPU_RATIO,
        "cpus": os.cpu_count() or 1,
        "baselines": [],
    }
    for baseline in baselines:
        base = baseline.get("rows", {})
        base_row = base.get(at["senders"]) or base.get(str(at["senders"]))
        if not base_row or not base_row["server_cpu_ms_per_alert"]:
            continue
        sqlite_ms = base_row["server_cpu_ms_per_alert"]
        compared = {
            **{k: v for k, v in baseline.items() if k != "rows"},
            "senders": at["senders"],
            "server_ms_per_alert": sqlite_ms,
            "same_revision": (baseline.get("revision") or "").split(" ")[0] == revision.split(" ")[0],
        }
        for key in ("server", "server_and_postgres"):
            mine = found[f"{key}_ms_per_alert"]
            compared[f"{key}_ratio"] = None if mine is None else mine / sqlite_ms
        found["baselines"].append(compared)
    c = found["server_and_postgres_ms_per_alert"] or found["server_ms_per_alert"]
    if c:
        found["cores_for_goal"] = GOAL_ALERTS_PER_S * c / 1000
        found["alerts_per_s_per_core"] = 1000 / c
    return found


def cpu_per_alert_text(found: dict | None) -> str:
    if found is None:
        return ""
    both = found["server_and_postgres_ms_per_alert"]
    lines = [
        f"## CPU per alert (at {found['senders']} senders, {found['replicas']} replica(s))",
        "",
        f"- aicident (the sum of the replicas' CPU): {_fmt(found['server_ms_per_alert'], 3)} ms per alert; "
        f"PostgreSQL's own processes: {_fmt(found['postgres_ms_per_alert'], 3)} ms; together "
        f"{_fmt(both, 3)} ms per alert.",
    ]
    if not found["baselines"]:
        lines.append(
            f"- SQLite: no SQLite results with {found['senders']} senders to compare with "
            "(bench/results/ingest_alertmanager.json, or --compare-to)."
        )
    for base in found["baselines"]:
        load = base.get("loadavg_before") or [float("nan")]
        verdicts = []
        for key, what in (("server_and_postgres", "aicident + postgres"), ("server", "aicident alone")):
            ratio = base.get(f"{key}_ratio")
            if ratio is not None:
                met = "within" if ratio <= found["goal_ratio"] else "NOT within"
                verdicts.append(f"{what} {ratio:.2f}x ({met} {found['goal_ratio']}x)")
        lines.append(
            f"- SQLite, from {base['file']} (run of {base['date']}, revision {base['revision']}"
            + (", the revision of this run" if base["same_revision"] else ", NOT the revision of this run")
            + f", `{base['command']}`, load average {load[0]:.2f} before it): "
            f"{_fmt(base['server_ms_per_alert'], 3)} ms of server CPU per alert at {base['senders']} senders "
            "(on SQLite the database's work is in the server process). PostgreSQL / SQLite, CPU per alert: "
            + "; ".join(verdicts)
            + "."
        )
    if found.get("cores_for_goal"):
        c = both or found["server_ms_per_alert"]
        lines.append(
            f"- What N replicas need: with C = {c:.3f} ms of server CPU (aicident + postgres) per alert, N cores serve "
            f"about N x 1000 / C = N x {found['alerts_per_s_per_core']:,.0f} alerts/s, so {GOAL_ALERTS_PER_S:,.0f} "
            f"alerts/s needs about 5 x C = {found['cores_for_goal']:.1f} cores: "
            f"{_fmt(5 * (found['server_ms_per_alert'] or 0), 1)} for aicident (one replica per core, so about "
            f"{math.ceil(round(5 * (found['server_ms_per_alert'] or 0), 1))} replicas) and "
            f"{_fmt(5 * (found['postgres_ms_per_alert'] or 0), 1)} for PostgreSQL, besides the senders; assuming the "
            "CPU per alert stays as measured as replicas are added. "
            f"On this {found['cpus']}-core machine the replicas share the cores with PostgreSQL and the load "
            "generator: an aicident process uses about one core at most (Python's interpreter lock), so a second "
            "replica can use what the first leaves idle, but the rate N replicas reach on N cores is estimated from "
            "the CPU per alert, not measured here."
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
    for package in ("aicident", "fastapi", "starlette", "uvicorn", "sqlalchemy", "pydantic", "httpx", "psycopg"):
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
    db = report.get("database", {"kind": "sqlite"})
    replicas = report.get("replicas", 1)
    if db["kind"] == "postgresql":
        title = f"PostgreSQL {db['server_version']}" + (f", {replicas} replicas" if replicas > 1 else "")
        server_line = (
            f"- server: {replicas} x `{report['server_command']}` (one uvicorn process each"
            + (", started one after the other, sharing one database and one AICIDENT_DATA_DIR" if replicas > 1 else "")
            + f"; AICIDENT_DATABASE_URL {db['url']}: a database created for the run on a PostgreSQL {db['server_version']}"
            " server on this machine, dropped after it; fresh AICIDENT_DATA_DIR). PostgreSQL CPU = its postmaster "
            "(with the children it reaped) and the processes named `postgres` it started"
            + ("" if db["postmaster_pid_found"] else " (not measured: the postmaster is not on this machine)")
        )
    else:
        title = "the embedded SQLite store"
        server_line = (
            f"- server: `{report['server_command']}` (one uvicorn process; SQLite PRAGMAs "
            f"{report['sqlite_pragmas']}; fresh AICIDENT_DATA_DIR)"
        )
    deadlocks = db.get("deadlocks")
    deadlock_line = ""
    if deadlocks is not None:
        deadlock_line = (
            f"Deadlocks PostgreSQL detected in the run's database (pg_stat_database.deadlocks, all phases): "
            f"{deadlocks['count']}. Each one holds its transactions for deadlock_timeout ({deadlocks['deadlock_timeout']})"
            " before PostgreSQL breaks it; aicident then retries the one it aborted, so the delivery is still "
            "acknowledged, late."
        )
    senders_line = ""
    if replicas > 1:
        senders_line = (
            f" Sender i sends to replica i % {replicas} (the replicas share one stream of alerts); the ceiling and "
            "bare phases run against replica 0 alone. Server CPU = the sum of the replicas' CPU."
        )
    lines = [
        f"# Ingest benchmark: Alertmanager deliveries on {title}",
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
            + (f", psycopg {v.get('psycopg')}" if db["kind"] == "postgresql" else "")
        ),
        server_line,
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
            "its Python work is serialised by the GIL); ms/alert = that / 10. On PostgreSQL, postgres CPU = the "
            "database server's processes over the same window, and server + postgres = both per delivery / alert."
            f"{senders_line} Bare ASGI = the same senders against GET /healthz of a bare "
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
        *([deadlock_line, ""] if deadlock_line else []),
        *([cpu_per_alert_text(report["cpu_per_alert"]), ""] if report.get("cpu_per_alert") else []),
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
        *(
            [
                f"{replicas} replicas took one stream of alerts: every acknowledged alert must be counted once "
                "(occurrences summed, one signal row per new fingerprint, each resolution once), whichever replica "
                "took it.",
                "",
            ]
            if replicas > 1
            else []
        ),
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


def measure(
    args: argparse.Namespace,
    sender_counts: list[int],
    database: Database,
    servers: list[Server],
    bare: BareServer,
    data_dir: Path,
) -> tuple[list[dict], Tally, int, dict[str, int]]:
    """Start the servers, prime the working set and run the phases: the rows, what the servers acknowledged, the
    deliveries of unknown outcome and the servers' counters (summed over the replicas)."""
    ctx = mp.get_context("spawn")
    rows = []
    total = Tally()
    unknown_outcome = 0
    database.create()
    if database.kind == "postgresql":
        print(
            f"database {database.display_url} (PostgreSQL {database.server_version}; postmaster pid "
            f"{database.postmaster_pid or 'not found: its CPU is not measured'})"
        )
    for server in servers:  # one after the other: the first one migrates the fresh database
        server.start()
    bare.start()
    secret = servers[0].add_integration()
    for r, server in enumerate(servers):
        print(f"replica {r}: server pid {server.proc.pid} on port {server.port}, data in {data_dir}")
    print(f"bare ASGI app pid {bare.proc.pid} on port {bare.port}")
    ports, pids = [s.port for s in servers], [s.proc.pid for s in servers]
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {secret}"}
    for k, body in enumerate(priming_deliveries()):
        status, payload = _post(ports[k % len(ports)], INGEST_PATH, body, headers)
        if status != 202:
            sys.exit(f"priming delivery failed with {status}: {payload[:500]!r}")
        group = json.loads(body)
        categorised = "aicident_category" in group["commonLabels"]
        total.add({"kinds": collections.Counter(new=len(group["alerts"])), "categorised": categorised}, payload)
    print(f"primed the working set ({GROUPS * PER_GROUP} fingerprints in {GROUPS} groups)")

    for phase, n in enumerate(sender_counts):
        base = {
            "ports": ports,
            "secret": secret,
            "senders": n,
            "warmup": args.warmup,
            "duration": args.duration,
            "client": args.client,
            "server_pids": pids,
            "postmaster_pid": database.postmaster_pid,
            "phase": phase,
            "seed": 7 + phase,
        }
        raw = run_phase(ctx, {**base, "kind": "ingest"})
        for s in raw["senders"]:
            total.merge(s["tally"])
            unknown_outcome += s["unknown_outcome"]
        ingest = summarise(raw, "ingest")
        ceiling_cfg = {**base, "kind": "healthz", "ports": ports[:1], "server_pids": pids[:1]}
        ceiling = summarise(run_phase(ctx, ceiling_cfg), "healthz")
        bare_cfg = {**base, "kind": "healthz", "ports": [bare.port], "server_pids": [bare.proc.pid]}
        bare_row = summarise(run_phase(ctx, {**bare_cfg, "postmaster_pid": None}), "healthz")
        row = {
            "senders": n,
            "ingest": ingest,
            "ceiling": ceiling,
            "bare": bare_row,
            "signal_rows_after": _signal_rows(database),
        }
        rows.append(row)
        per_replica = ""
        if len(servers) > 1:
            per_replica = " (" + " + ".join(_pct(x) for x in ingest["server_cpu_per_replica"]) + ")"
        print(
            f"{n:>3} senders: {ingest['alerts_per_s']:>8,.0f} alerts/s  p50 {ingest['p50_ms']:6.1f}  "
            f"p99 {ingest['p99_ms']:6.1f}  max {ingest['max_ms']:6.1f} ms  non-202 {ingest['non_ok_total']}"
            f"  | ceiling /healthz {ceiling['requests_per_s']:>7,.0f} req/s  p99 {ceiling['p99_ms']:5.2f} ms"
            f"  | bare {bare_row['requests_per_s']:>7,.0f} req/s ({_fmt(_healthz_share_of_bare(row), 0)}%)"
            f"  | CPU server {_pct(ingest['server_cpu'])}{per_replica} postgres {_pct(ingest['postgres_cpu'])} "
            f"loadgen {_pct(ingest['loadgen_cpu'])} other {_pct(ingest['other_cpu'])}"
            f"  | server CPU {_fmt(ingest['server_cpu_ms_per_request'], 2)} ms/delivery, with postgres "
            f"{_fmt(ingest['server_and_postgres_cpu_ms_per_request'], 2)}",
            flush=True,
        )
    metrics: dict[str, int] = {}
    for server in servers:
        for result, count in _metrics_counters(server.port).items():
            metrics[result] = metrics.get(result, 0) + count
    return rows, total, unknown_outcome, metrics


def print_summary(report: dict) -> None:
    print()
    print(table(report["rows"]))
    print()
    print(floor_verdict(report["rows"]))
    print(goal_verdict(report["rows"]))
    print(scaling_summary(report["rows"]))
    if report["cpu_per_alert"]:
        print()
        print(cpu_per_alert_text(report["cpu_per_alert"]))
    deadlocks = report["database"].get("deadlocks")
    if deadlocks is not None:
        print(
            f"PostgreSQL deadlocks detected in the run: {deadlocks['count']} (deadlock_timeout {deadlocks['deadlock_timeout']})"
        )
    print()
    print(f"Verification: {'PASSED' if report['verification']['ok'] else 'FAILED'}")
    for row in report["verification"]["checks"]:
        print(
            f"  [{'ok' if row['ok'] else 'MISMATCH'}] {row['check']}: expected {row['expected']}, found {row['found']}"
        )
    print(f"  deliveries with unknown outcome: {report['verification']['unknown_outcome_deliveries']}")


def parse_args() -> tuple[argparse.Namespace, list[int]]:
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
    parser.add_argument(
        "--database-url",
        default=None,
        help="a PostgreSQL server (postgresql+psycopg://user@host:port/postgres): the run creates a fresh database "
        "on it and drops it after (default: the embedded SQLite store in a fresh data directory)",
    )
    parser.add_argument(
        "--replicas", type=int, default=1, help="`aicident serve` processes on the one database (PostgreSQL only)"
    )
    parser.add_argument(
        "--compare-to",
        type=Path,
        action="append",
        help="SQLite results of this benchmark to compare CPU per alert with; may repeat "
        "(default bench/results/ingest_alertmanager.json)",
    )
    parser.add_argument("--results-dir", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--name", default="ingest_alertmanager", help="results file name without extension")
    parser.add_argument(
        "--keep-data", action="store_true", help="keep the data directory and the PostgreSQL database (printed)"
    )
    args = parser.parse_args()
    sender_counts = [int(n) for n in args.senders.split(",") if n.strip()]
    if not sender_counts or min(sender_counts) < 1:
        parser.error("--senders must be positive integers")
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    if args.replicas > 1 and not args.database_url:
        parser.error(
            f"--replicas {args.replicas} needs PostgreSQL (--database-url postgresql+psycopg://...): the embedded "
            "SQLite store is served by one process"
        )
    if not args.compare_to:
        args.compare_to = [ROOT / "bench" / "results" / "ingest_alertmanager.json"]
    return args, sender_counts


def main() -> None:
    args, sender_counts = parse_args()
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
    database = Database(args.database_url, data_dir)
    env = server_environment(data_dir, database.url)
    source = aicident_source(env)
    print(f"the servers run aicident from {source}")
    servers = [Server(env) for _ in range(args.replicas)]
    bare = BareServer(env)
    try:
        try:
            rows, total, unknown_outcome, metrics = measure(args, sender_counts, database, servers, bare, data_dir)
        finally:
            for server in servers:
                server.stop()
            bare.stop()
        verification = verify(database, total, unknown_outcome, metrics)
        deadlocks = database.deadlocks()  # after the servers stopped: their backends have reported their statistics
    finally:
        database.close(keep=args.keep_data)
    revision_after = _git_revision()
    if revision_after != revision:
        print(
            f"WARNING: the source changed during the run ({revision} -> {revision_after}); the server ran the "
            "code as it was when it started"
        )
        revision = f"{revision} at start (server code as loaded then); {revision_after} at the end"

    database_info = {
        "kind": database.kind,
        "url": database.display_url,
        "name": database.name,
        "server_version": database.server_version,
        "postmaster_pid_found": database.postmaster_pid is not None,
        "deadlocks": deadlocks,
    }
    baselines = [load_baseline(path) for path in args.compare_to] if database.kind == "postgresql" else []
    report = {
        "date": started.isoformat(),
        "command": command,
        "server_command": " ".join(["aicident", *servers[0].args]),
        "aicident_source": source,
        "database": database_info,
        "replicas": args.replicas,
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
        "cpu_per_alert": cpu_per_alert(rows, database_info, [b for b in baselines if b], revision),
        "rows": rows,
        "verification": verification,
    }
    args.results_dir.mkdir(parents=True, exist_ok=True)
    md = markdown(report)
    (args.results_dir / f"{args.name}.md").write_text(md)
    (args.results_dir / f"{args.name}.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    print_summary(report)
    print(f"Results: {args.results_dir / (args.name + '.md')} and .json")
    if args.keep_data:
        print(f"Data kept in {data_dir}")
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
    if not verification["ok"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
