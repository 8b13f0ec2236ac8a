#!/usr/bin/env python
"""Benchmark: what a responder's open incident page costs the server while it polls for changes.

    .venv/bin/python bench/web_live_poll.py [--polls 300] [--entries 200]

What it does:
  * builds a runtime on a fresh SQLite file, an incident with --entries log entries, and a signed-in session;
  * runs the app in this process behind Starlette's TestClient (no network: the figure is the server's own work);
  * times --polls requests of GET /incidents/REF/live?version=V with the current version (204: nothing changed,
    the common case, every two seconds per open page) and with an old version (200: the panels are rendered),
    and the full incident page, with perf_counter;
  * writes bench/results/web_live_poll.{md,json} and prints the table: median and 95th percentile in ms, and how
    many open pages one core could serve at one poll every two seconds from the median of the 204 case.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from aicident.app import create_app
from aicident.auth import service as auth
from aicident.incidents import service as incidents
from aicident.runtime import build_runtime
from aicident.settings import Settings

RESULTS = Path(__file__).parent / "results"


def timed(client: TestClient, path: str, polls: int, status: int) -> list[float]:
    samples = []
    for _ in range(polls):
        started = time.perf_counter()
        answer = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == status, (path, answer.status_code)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--polls", type=int, default=300)
    parser.add_argument("--entries", type=int, default=200)
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    data = Path(tempfile.mkdtemp(prefix="aicident-bench-"))
    rt = build_runtime(
        Settings(data_dir=data, database_url=f"sqlite:///{data / 'a.db'}", plan_file=None, actor="bench")
    )
    token = auth.ensure_first_admin(rt).token
    incident = incidents.declare(
        rt,
        title="Assistant leaks order history",
        category="data_leak",
        source="monitoring_alert",
        actor="admin",
        severity="SEV-1",
    )
    for number in range(args.entries):
        incidents.add_entry(rt, ref=incident.ref, type="note", text=f"note {number}", actor="admin")
    version = incidents.get(rt, ref=incident.ref, with_log=False).incident.version
    with TestClient(create_app(rt)) as client:
        sign_in = client.get("/sign-in")
        csrf = re.search(r'name="csrf" value="([^"]+)"', sign_in.text).group(1)
        assert client.post("/sign-in", data={"csrf": csrf, "token": token}, follow_redirects=False).status_code == 303
        base = f"/incidents/{incident.ref}"
        timed(client, f"{base}/live?version={version}", 20, 204)  # warm-up
        cases = {
            "poll, unchanged (204)": timed(client, f"{base}/live?version={version}", args.polls, 204),
            "poll, changed (200, panels rendered)": timed(client, f"{base}/live?version=0", args.polls, 200),
            "incident page (200)": timed(client, base, args.polls, 200),
        }
    rows = {
        name: {"median_ms": round(statistics.median(s), 2), "p95_ms": round(statistics.quantiles(s, n=20)[18], 2)}
        for name, s in cases.items()
    }
    pages = int(2000 / rows["poll, unchanged (204)"]["median_ms"])
    result = {
        "polls": args.polls,
        "log_entries": args.entries,
        "database": "sqlite",
        "cases": rows,
        "open_pages_per_core_at_one_poll_per_2s": pages,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "web_live_poll.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        "# Web UI: the live poll of an incident page",
        "",
        f"{args.polls} requests per case, incident with {args.entries} log entries, SQLite, one core, "
        "in-process TestClient.",
        "",
        "| request | median ms | p95 ms |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {r['median_ms']} | {r['p95_ms']} |" for name, r in rows.items()]
    lines += ["", f"One core answers the unchanged poll of about {pages} open pages polling every 2 s."]
    (RESULTS / "web_live_poll.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
